/* dllshm-conform: the conductor.  Reads scenarios, finds the
 * implementations and runners, runs every combination and reports
 * (harness/RESULTS.md).  Exit codes: EXIT_* in conductor.h. */
#include "config.h"
#include "build_commit.h"
#include "conductor.h"
#include "expectations.h"
#include "explore.h"
#include "proc.h"
#include "sched.h"
#include "util.h"
#include "writers.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What configure found is in config.h (the Wine loaders, the compiler);
 * the directories come from make (harness/conductor/local.mk), as they
 * follow `make prefix=...`. */
#if !defined(DLLSHM_ABS_BUILDDIR) || !defined(DLLSHM_ABS_SRCDIR) || !defined(DLLSHM_PKGLIBEXECDIR) || \
    !defined(DLLSHM_PKGDATADIR)
#error "build the conductor through make: the directories come from harness/conductor/local.mk"
#endif

#define MAX_LIST 256

struct opts {
    const char *pe_dir, *scenario_dir, *expectations, *json, *junit, *prefix_base, *make_prefix, *block_name;
    const char *wine64, *wine32, *wineserver;
    const char *impls[MAX_LIST], *dlls[MAX_LIST], *runners[MAX_LIST], *scenarios[MAX_LIST], *files[MAX_LIST];
    int nimpls, ndlls, nrunners, nscenarios, nfiles;
    int prove, list, verbose, jobs, exit_skip, quick, no_preflight;
    int max_level;        /* --level: scenarios of this contract level and below */
    long capacity;        /* --capacity: characters a --dll stores (0: learned) */
    int ansi;             /* --strings ansi: a --dll's strings are char* */
    const char *exports;  /* --exports SET,GET: a --dll's names for them */
    double timeout_scale;
    struct explore_opts explore;
};

static void usage(FILE *f)
{
    fputs("usage: dllshm-conform [OPTIONS] [SCENARIO.scn ...]\n"
          "  --list                 list scenarios, implementations and runners\n"
          "  --scenario NAME        run this scenario (glob; repeatable)\n"
          "  --impl NAME            test this implementation (repeatable; default: all)\n"
          "  --dll [NAME=]PATH[,PATH]  test your DLL (a 64- and a 32-bit build may be given\n"
          "                         together); alone, only it runs (add --impl for ours)\n"
          "  --level LEVEL          only scenarios of this contract level and below:\n"
          "                         documented, hardened or dllshm (default: dllshm, all)\n"
          "  --block-name NAME      the section your --dll uses (default: found by the preflight,\n"
          "                         the first it creates when it loads); for await-block, squat\n"
          "  --capacity N           the characters your --dll stores (default: learned by the\n"
          "                         preflight, writing known lengths and reading them back)\n"
          "  --strings ansi|utf16   your --dll's strings: ansi judges an 8-bit variant\n"
          "                         (SetSharedMem(char*)) by its own contract (default: utf16)\n"
          "  --exports SET,GET      your --dll's names for Set and Get (default: SetSharedMem,GetSharedMem)\n"
          "  --runner NAME          run on this runner (repeatable; default: all of this host)\n"
          "  --pe-dir DIR           the Windows build: DIR/<arch>/agent.exe, dllshm.dll, fixtures/\n"
          "  --scenario-dir DIR     where *.scn and expectations live\n"
          "  --expectations FILE    expectations file (default: SCENARIO-DIR/expectations)\n"
          "  --json FILE, --junit FILE   write the results (harness/RESULTS.md)\n"
          "  --prove                every scenario must fail on some fixture; print the table\n"
          "  --quick                fixtures run only where scenarios/expectations says they\n"
          "                         fail (the proof); dllshm and --dll DLLs run everything\n"
          "  --no-preflight         run the scenarios even when a --dll fails the preflight\n"
          "                         (its exports, LoadLibrary, __cdecl, UTF-16; checked first)\n"
          "  --jobs N, -j N         scenarios at once (default 2)\n"
          "  --timeout-scale F      multiply every timeout by F\n"
          "  --wine64 PATH, --wine32 PATH, --wineserver PATH   the Wine to use\n"
          "  --prefix-base DIR      where the per-worker Wine prefixes live\n"
          "  --make-prefix DIR      make a ready Wine prefix in DIR and exit\n"
          "  --exit-skip N          exit N when nothing ran (all skipped), e.g. 77 for make check\n"
          "  --verbose, -v          more output (twice: every step)\n"
          "  --version, --help\n"
          "exit: 0 nothing failed, 1 a scenario failed, 2 usage or input error, 3 a --dll\n"
          "  failed the preflight, 4 a --dll runs on none of the runners, 5 everything skipped,\n"
          "  6 nothing failed but the run is incomplete (a runner's probe failed for a reason the\n"
          "  harness does not know, or an error of the harness's own instruments)\n", f);
    explore_usage(f);
}

static int bad_value(const char *what)
{
    fprintf(stderr, "dllshm-conform: %s\n", what);
    return -1;
}

/* An option whose value must be checked: a message and -1 when it is bad. */
static int parse_checked(const char *a, const char *v, struct opts *o)
{
    char *end;
    if (!strcmp(a, "--strings")) {
        if (strcmp(v, "ansi") && strcmp(v, "utf16"))
            return bad_value("--strings: expected ansi (SetSharedMem(char*)) or utf16 (LPWSTR)");
        o->ansi = !strcmp(v, "ansi");
    } else if (!strcmp(a, "--exports")) {
        const char *comma = strchr(v, ',');
        if (!comma || comma == v || !comma[1] || strchr(comma + 1, ',') || strlen(v) > 120)
            return bad_value("--exports: expected SET,GET (the names of your Set and Get)");
        o->exports = v;
    } else if (!strcmp(a, "--capacity")) {
        o->capacity = strtol(v, &end, 10);
        if (*end || o->capacity < 1 || o->capacity > 1000000)
            return bad_value("--capacity: expected the characters your DLL stores, 1..1000000");
    } else if (!strcmp(a, "--level")) {
        for (o->max_level = 0; o->max_level < LEVEL_COUNT && strcmp(v, level_name(o->max_level)); o->max_level++) {}
        if (o->max_level == LEVEL_COUNT) return bad_value("--level: expected documented, hardened or dllshm");
    } else if (!strcmp(a, "--jobs") || !strcmp(a, "-j")) {
        o->jobs = atoi(v);
        if (o->jobs < 1 || o->jobs > 32) return bad_value("--jobs: expected 1..32");
    } else if (!strcmp(a, "--timeout-scale")) {
        o->timeout_scale = atof(v);
        if (!(o->timeout_scale > 0 && o->timeout_scale <= 100))
            return bad_value("--timeout-scale: expected a number in (0, 100]");
    }
    return 0;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
    memset(o, 0, sizeof *o);
    o->jobs = 2;
    o->max_level = LEVEL_DLLSHM;
    o->timeout_scale = 1.0;
    o->exit_skip = -1;
    for (int i = 1, k; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int missing = 0;   /* an option of these that needs a value is last */
#define OPT(name) (!strcmp(a, name) && (v || (fprintf(stderr, "dllshm-conform: %s needs a value\n", name), missing = 1, 0)) && ++i)
#define ADD(arr, n) do { if (n == MAX_LIST) { fprintf(stderr, "dllshm-conform: too many %s\n", a); return -1; } arr[n++] = v; } while (0)
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); exit(0); }
        else if (!strcmp(a, "--version")) { printf("dllshm-conform " PACKAGE_VERSION "\n"); exit(0); }
        else if (!strcmp(a, "--list")) o->list = 1;
        else if (!strcmp(a, "--prove")) o->prove = 1;
        else if (!strcmp(a, "--quick")) o->quick = 1;
        else if (!strcmp(a, "--no-preflight")) o->no_preflight = 1;
        else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) o->verbose++;
        else if (!strcmp(a, "-vv")) o->verbose += 2;
        else if (OPT("--impl")) ADD(o->impls, o->nimpls);
        else if (OPT("--dll")) ADD(o->dlls, o->ndlls);
        else if (OPT("--runner")) ADD(o->runners, o->nrunners);
        else if (OPT("--scenario")) ADD(o->scenarios, o->nscenarios);
        else if (OPT("--pe-dir")) o->pe_dir = v;
        else if (OPT("--block-name")) o->block_name = v;
        else if (OPT("--strings") || OPT("--exports") || OPT("--capacity") || OPT("--level") || OPT("--jobs")
                 || OPT("-j") || OPT("--timeout-scale")) {
            if (parse_checked(a, v, o)) return -1;
        }
        else if (OPT("--scenario-dir")) o->scenario_dir = v;
        else if (OPT("--expectations")) o->expectations = v;
        else if (OPT("--json")) o->json = v;
        else if (OPT("--junit")) o->junit = v;
        else if (OPT("--prefix-base")) o->prefix_base = v;
        else if (OPT("--make-prefix")) o->make_prefix = v;
        else if (OPT("--wine64")) o->wine64 = v;
        else if (OPT("--wine32")) o->wine32 = v;
        else if (OPT("--wineserver")) o->wineserver = v;
        else if (OPT("--exit-skip")) o->exit_skip = atoi(v);
        else if ((k = explore_parse_opt(argc, argv, i, &o->explore)) != 0) { if (k < 0) return -1; i += k - 1; }
        else if (!strncmp(a, "-j", 2) && a[2]) { if (parse_checked("-j", a + 2, o)) return -1; }
        else if (missing) return -1;
        else if (a[0] == '-' && a[1]) { fprintf(stderr, "dllshm-conform: unknown option %s\n", a); usage(stderr); return -1; }
        else if (a[0] == '-') return -1;
        else { v = a; ADD(o->files, o->nfiles); }
#undef OPT
#undef ADD
    }
    return explore_check(&o->explore, o->nfiles + o->nscenarios);
}

static const char *pick(const char *opt, const char *env, const char *baked)
{
    if (opt) return opt;
    const char *e = getenv(env);
    if (e) return e;   /* set but empty means: none */
    return baked;
}

static char *dir_of(const char *path)
{
    char *d = xstrdup(path);
    char *slash = NULL;
    for (char *p = d; *p; p++) if (*p == '/' || *p == '\\') slash = p;
    if (slash) *slash = '\0'; else strcpy(d, ".");
    return d;
}

/* Run from the build tree that made it: its directory is that tree,
 * however either path is spelt (a symlinked directory, a bind mount). */
static int from_build_tree(void)
{
    char *exe = proc_self_exe();
    if (!exe) return 1;
    char *d = dir_of(exe);
    int r = proc_same_file(d, DLLSHM_ABS_BUILDDIR);
    free(d);
    free(exe);
    return r;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* *.scn in dir, sorted. */
static size_t list_scenarios(const char *dir, char ***out)
{
    DIR *d = opendir(dir);
    char **v = NULL;
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 4 && !strcmp(e->d_name + len - 4, ".scn")) {
            v = xrealloc(v, (n + 1) * sizeof *v);
            v[n++] = xasprintf("%s/%s", dir, e->d_name);
        }
    }
    if (d) closedir(d);
    if (n) qsort(v, n, sizeof *v, cmp_str);
    *out = v;
    return n;
}

/* Whether this DLL runs on some selected runner (that can run here, once
 * probed): one that runs only arches the DLL is built for.  0 with a
 * message when there is none (exit 4). */
static int user_dll_runs_somewhere(const struct impl *im, struct runner *const *rs, size_t n, int probed)
{
    int have = 0, fits = 0;
    for (int a = 0; a < ARCH_COUNT; a++) if (im->path[a]) have |= 1 << a;
    for (size_t i = 0; i < n; i++)
        if ((rs[i]->arches & have) == rs[i]->arches) {
            if (!probed || rs[i]->available) return 1;
            fits = 1;
        }
    const char *bits = have == 1 << ARCH_I686 ? "32-bit (i686)" : have == 1 << ARCH_X86_64 ? "64-bit (x86_64)" : "32- and 64-bit";
    if (fits) {   /* the runners of its arch cannot run here */
        fprintf(stderr, "dllshm-conform: %s is a %s DLL, and no runner of its processes runs here:", im->name, bits);
        for (size_t i = 0; i < n; i++)
            if ((rs[i]->arches & have) == rs[i]->arches)
                fprintf(stderr, "\n  %s: %s", rs[i]->name, rs[i]->reason ? rs[i]->reason : "unavailable");
        fputc('\n', stderr);
        return 0;
    }
    fprintf(stderr, "dllshm-conform: %s is a %s DLL, and no selected runner runs only %s processes (", im->name, bits,
            have == 1 << ARCH_I686 ? "32-bit" : "64-bit");
    for (size_t i = 0; i < n; i++) fprintf(stderr, "%s%s", i ? ", " : "", rs[i]->name);
    fprintf(stderr, "): use --runner %s, or give both builds as one implementation: --dll %s=x64.dll,x86.dll\n",
            have == 1 << ARCH_I686 ? "wine-i686 (windows-i686 natively)" : "wine-x86_64 (windows-x86_64 natively)", im->name);
    return 0;
}

/* Nothing ran: say why, once per distinct reason. */
static void print_skip_reasons(FILE *f, const struct verdict *res, size_t n)
{
    if (!n) { fprintf(f, "nothing ran: no combination of scenario, implementation and runner was selected\n"); return; }
    if (n == 1) fprintf(f, "nothing ran: the only combination was skipped:\n");
    else fprintf(f, "nothing ran: all %zu combinations were skipped:\n", n);
    for (size_t i = 0; i < n; i++) {
        size_t j, count = 0;
        const char *why = res[i].reason ? res[i].reason : "skipped";
        for (j = 0; j < i; j++) if (!strcmp(res[j].reason ? res[j].reason : "skipped", why)) break;
        if (j < i) continue;
        for (j = i; j < n; j++) if (!strcmp(res[j].reason ? res[j].reason : "skipped", why)) count++;
        fprintf(f, "  %zu x %s\n", count, why);
    }
}

static void relativize(char **text, const char *const *bases)
{
    char *r = strip_bases(*text, bases);
    free(*text);
    *text = r;
}

static void iso_now(char *buf, size_t len)
{
    time_t t = time(NULL);
    struct tm tm;
    proc_utc(t, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- a run, phase by phase: main() below is its outline ---------------- */

struct plan {
    struct opts o;
    struct config cfg;
    uint64_t t0;
    char started[32];
    int in_tree;
    char *exe, *pe_default, *pb_default;
    const char *scn_dir;
    char **paths;
    size_t npaths;
    struct scenario **scns;
    size_t nscn;
    struct rules rules;
    int have_rules;
    char *exp_default;
    struct impl *all;
    size_t nall;
    struct impl **impls;
    size_t nimpl;
    struct runner *runners[16];
    size_t nrun;
    int need_wine, nworkers;
    struct prefix *pfx[32];
    const char *pfx_path[32];
    struct job *jobs;
    size_t njobs;
};

/* The configuration from the options, the environment and where this
 * program lives (the build tree, or installed). */
static void configure_run(struct plan *p)
{
    const struct opts *o = &p->o;
    struct config *cfg = &p->cfg;
    p->in_tree = from_build_tree();
    p->exe = proc_self_exe();
    cfg->wine[ARCH_X86_64] = pick(o->wine64, "WINE64", DLLSHM_WINE64);
    cfg->wine[ARCH_I686] = pick(o->wine32, "WINE32", DLLSHM_WINE32);
    cfg->wineserver = pick(o->wineserver, "WINESERVER", DLLSHM_WINESERVER);
    cfg->timeout_scale = o->timeout_scale;
    cfg->ansi = o->ansi;
    cfg->exports = o->exports;
    cfg->verbose = o->verbose;
    cfg->jobs = o->jobs;
    if (p->in_tree) {
        /* The native conductor in its build tree (on either host): its pe/. */
        p->pe_default = xstrdup(DLLSHM_ABS_BUILDDIR "/pe");
    } else if (proc_host_windows()) {
        /* pe/<arch>/dllshm-conform.exe: the pe/ directory is two levels up. */
        char *d = p->exe ? dir_of(p->exe) : xstrdup(".");
        p->pe_default = dir_of(d);
        free(d);
    } else {
        /* Installed: the programs `make install` put in $(pkglibexecdir)/<arch>/. */
        p->pe_default = xstrdup(DLLSHM_PKGLIBEXECDIR);
    }
    cfg->pe_dir = o->pe_dir ? o->pe_dir : p->pe_default;
    p->scn_dir = o->scenario_dir ? o->scenario_dir
               : p->in_tree ? DLLSHM_ABS_SRCDIR "/scenarios" : DLLSHM_PKGDATADIR "/scenarios";
    /* Prefixes live in the user's cache, made once and shared by every
     * build tree and run (a slot per worker, taken with a lock): not 1.3 GB
     * each inside every clone. */
    const char *pb_env = getenv("DLLSHM_PREFIX_BASE");
    const char *cache = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    p->pb_default = cache && *cache ? xasprintf("%s/dllshm/wineprefix", cache)
                  : xasprintf("%s/.cache/dllshm/wineprefix", home && *home ? home : "/tmp");
    cfg->prefix_base = o->prefix_base ? o->prefix_base : pb_env && *pb_env ? pb_env : p->pb_default;
}

/* Scenarios: the files named, else all in the scenario directory; kept by
 * --scenario and --max-level. */
static int load_scenarios(struct plan *p)
{
    const struct opts *o = &p->o;
    char err[1024];
    if (o->nfiles) {
        p->paths = xcalloc((size_t)o->nfiles, sizeof *p->paths);
        for (int i = 0; i < o->nfiles; i++) {
            /* a bare name means SCENARIO-DIR/NAME.scn */
            FILE *f = fopen(o->files[i], "rb");
            if (f) fclose(f);
            int bare = !f && !strchr(o->files[i], '/') && !strstr(o->files[i], ".scn");
            p->paths[i] = bare ? xasprintf("%s/%s.scn", p->scn_dir, o->files[i]) : xstrdup(o->files[i]);
        }
        p->npaths = (size_t)o->nfiles;
    } else if (!(p->npaths = list_scenarios(p->scn_dir, &p->paths)) && !o->explore.on) {  /* --explore needs none */
        fprintf(stderr, "dllshm-conform: no scenarios (*.scn) in %s (use --scenario-dir DIR or name files)\n", p->scn_dir);
        return EXIT_USAGE;
    }
    p->scns = xcalloc(p->npaths ? p->npaths : 1, sizeof *p->scns);
    int bad = 0;
    for (size_t i = 0; i < p->npaths; i++) {
        struct scenario *s = scenario_load(p->paths[i], err, sizeof err);
        if (!s) { fprintf(stderr, "%s\n", err); bad = 1; continue; }
        int keep = !o->nscenarios;
        for (int k = 0; k < o->nscenarios; k++) if (glob_match(o->scenarios[k], s->name)) keep = 1;
        if ((int)s->level > o->max_level) keep = 0;  /* a DLL judged at the level it claims */
        if (keep) p->scns[p->nscn++] = s; else scenario_free(s);
    }
    if (bad) return EXIT_USAGE;
    if (!p->nscn) { fprintf(stderr, "dllshm-conform: no scenario matches --scenario\n"); return EXIT_USAGE; }
    return 0;
}

/* scenarios/expectations, or the --expectations file. */
static int load_expectations(struct plan *p)
{
    const struct opts *o = &p->o;
    char err[1024];
    if (!o->expectations) {
        char *d = o->nfiles && !o->scenario_dir ? dir_of(p->paths[0]) : xstrdup(p->scn_dir);
        p->exp_default = xasprintf("%s/expectations", d);
        free(d);
    }
    if (rules_load(&p->rules, o->expectations ? o->expectations : p->exp_default, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return EXIT_USAGE;
    }
    p->have_rules = 1;
    return 0;
}

/* Implementations: ours under --pe-dir and the user's --dll, as chosen. */
static int choose_impls(struct plan *p)
{
    const struct opts *o = &p->o;
    char err[1024];
    p->nall = impls_discover(p->cfg.pe_dir, &p->all);
    for (int i = 0; i < o->ndlls; i++)
        if (impl_add_user_dll(&p->all, &p->nall, o->dlls[i], err, sizeof err)) {
            fprintf(stderr, "dllshm-conform: %s\n", err);
            return EXIT_USAGE;
        }
    p->impls = xcalloc(p->nall + 1, sizeof *p->impls);
    for (size_t i = 0; i < p->nall; i++) {
        /* --dll alone runs only the user's DLLs; --impl adds ours. */
        int keep = p->all[i].role == ROLE_USER || (!o->nimpls && !o->ndlls);
        for (int k = 0; k < o->nimpls; k++) if (!strcmp(o->impls[k], p->all[i].name)) keep = 1;
        if (keep) p->impls[p->nimpl++] = &p->all[i];
    }
    for (int k = 0; k < o->nimpls; k++) {
        size_t i, found = 0;
        for (i = 0; i < p->nall; i++) if (!strcmp(o->impls[k], p->all[i].name)) found++;
        if (found > 1) {
            fprintf(stderr, "dllshm-conform: --impl %s names both a built-in implementation and your --dll; "
                    "name yours: --dll NAME=PATH\n", o->impls[k]);
            return EXIT_USAGE;
        }
        if (!found) {
            fprintf(stderr, "dllshm-conform: unknown implementation '%s'; valid: ", o->impls[k]);
            for (i = 0; i < p->nall; i++) fprintf(stderr, "%s%s", i ? ", " : "", p->all[i].name);
            fprintf(stderr, "%s\n", p->nall ? "" : "(none: nothing under --pe-dir; build first)");
            return EXIT_USAGE;
        }
    }
    if (!p->nimpl) {
        fprintf(stderr, "dllshm-conform: no implementation found under %s (build first, or use --pe-dir / --dll)\n",
                p->cfg.pe_dir);
        return EXIT_USAGE;
    }
    return 0;
}

/* Runners: the --runner ones, else every one this host's conductor drives. */
static int choose_runners(struct plan *p)
{
    const struct opts *o = &p->o;
    if (o->nrunners) {
        for (int k = 0; k < o->nrunners; k++) {
            struct runner *r = runner_find(o->runners[k]);
            if (!r) {
                fprintf(stderr, "dllshm-conform: unknown runner '%s'; valid: ", o->runners[k]);
                for (size_t i = 0; i < runners_count; i++) fprintf(stderr, "%s%s", i ? ", " : "", runners_all[i].name);
                fputc('\n', stderr);
                return EXIT_USAGE;
            }
            size_t i;
            for (i = 0; i < p->nrun; i++) if (p->runners[i] == r) break;
            if (i == p->nrun && p->nrun < 16) p->runners[p->nrun++] = r;
        }
    } else {
        for (size_t i = 0; i < runners_count; i++)
            if (o->list || runners_all[i].wine != proc_host_windows()) p->runners[p->nrun++] = &runners_all[i];
    }
    for (size_t i = 0; i < p->nimpl; i++)
        if (p->impls[i]->role == ROLE_USER && !o->list && !user_dll_runs_somewhere(p->impls[i], p->runners, p->nrun, 0))
            return EXIT_NO_RUNNER;
    return 0;
}

static void list_plan(const struct plan *p)
{
    printf("scenarios (%s):\n", p->scn_dir);
    for (size_t i = 0; i < p->nscn; i++) printf("  %-24s %s\n", p->scns[i]->name, p->scns[i]->title);
    printf("implementations (%s):\n", p->cfg.pe_dir);
    for (size_t i = 0; i < p->nimpl; i++) {
        const struct impl *im = p->impls[i];
        printf("  %-24s %s%s%s%s\n", im->name, im->path[ARCH_X86_64] ? "x86_64 " : "", im->path[ARCH_I686] ? "i686 " : "",
               im->role == ROLE_FIXTURE ? "(fixture)" : im->role == ROLE_USER ? "(yours)" : "", im->honours_name ? "" : " (fixed block name)");
    }
}

static void release_prefixes(struct plan *p)
{
    for (int w = 0; w < 32; w++) { prefix_release(p->pfx[w]); p->pfx[w] = NULL; }
}

/* Wine: the first worker's prefix, then the runners probed with it. */
static int prepare_runners(struct plan *p)
{
    char err[1024];
    for (size_t i = 0; i < p->nrun; i++) if (p->runners[i]->wine) p->need_wine = 1;
    if (proc_host_windows()) p->need_wine = 0;
    p->nworkers = p->cfg.jobs;
    if (p->need_wine) {
        if (!*p->cfg.wine[ARCH_X86_64] && !*p->cfg.wine[ARCH_I686]) {
            fprintf(stderr, "dllshm-conform: no Wine found: install wine (Debian: apt-get install wine wine64) or run ci/install-deps.sh\n");
            return EXIT_USAGE;
        }
        if (!(p->pfx[0] = prefix_acquire(&p->cfg, err, sizeof err))) {
            fprintf(stderr, "dllshm-conform: Wine prefix: %s\n", err);
            return EXIT_USAGE;
        }
        p->pfx_path[0] = prefix_path(p->pfx[0]);
    }
    runners_probe(p->runners, p->nrun, &p->cfg, p->pfx_path[0]);
    return 0;
}

static void list_runners(const struct plan *p)
{
    printf("runners:\n");
    for (size_t i = 0; i < p->nrun; i++)
        printf("  %-16s %s%s\n", p->runners[i]->name, p->runners[i]->available ? "runs here" : "unavailable: ",
               p->runners[i]->available ? "" : p->runners[i]->reason);
}

/* The other workers' prefixes (only when something can run), and the
 * preflight of every implementation. */
static int prepare_workers(struct plan *p)
{
    char err[1024];
    int any = 0;
    for (size_t i = 0; i < p->nrun; i++) any |= p->runners[i]->available;
    if (!any) p->nworkers = 1;
    for (int k = 1; p->need_wine && k < p->nworkers; k++) {
        if (!(p->pfx[k] = prefix_acquire(&p->cfg, err, sizeof err))) {
            fprintf(stderr, "dllshm-conform: Wine prefix for worker %d: %s (running with %d)\n", k + 1, err, k);
            p->nworkers = k;
            break;
        }
        p->pfx_path[k] = prefix_path(p->pfx[k]);
    }
    for (size_t i = 0; i < p->nrun; i++)
        if (!p->runners[i]->available)
            printf("runner %s %s: %s\n", p->runners[i]->name, p->runners[i]->error ? "ERROR" : "unavailable",
                   p->runners[i]->reason);
    /* A --dll that no runner that runs here can run: said, not skipped. */
    for (size_t i = 0; i < p->nimpl; i++)
        if (p->impls[i]->role == ROLE_USER && !user_dll_runs_somewhere(p->impls[i], p->runners, p->nrun, 1)) {
            for (size_t r = 0; r < p->nrun; r++)
                if (p->runners[r]->error) return EXIT_HARNESS;   /* an error of the run is not the DLL's arch */
            return EXIT_NO_RUNNER;
        }
    if (preflight_run(p->impls, p->nimpl, p->runners, p->nrun, &p->cfg, p->pfx_path[0], p->o.block_name, p->o.capacity)
        && !p->o.no_preflight) {
        fprintf(stderr, "dllshm-conform: the preflight failed: no scenario ran (fix what it says above, or run "
                "them anyway with --no-preflight)\n");
        return EXIT_PREFLIGHT;
    }
    return 0;
}

/* Jobs: runner x scenario x implementation, each with its expectation. */
static void make_jobs(struct plan *p)
{
    const struct opts *o = &p->o;
    size_t k = 0;
    p->njobs = p->nrun * (p->nscn ? p->nscn : 1) * p->nimpl;
    p->jobs = xcalloc(p->njobs ? p->njobs : 1, sizeof *p->jobs);
    for (size_t r = 0; r < p->nrun && !o->explore.on; r++)
        for (size_t s = 0; s < p->nscn && !p->runners[r]->error; s++)  /* an error is not a skip */
            for (size_t i = 0; i < p->nimpl; i++) {
                const struct impl *im = p->impls[i];
                /* A user's DLL is held only to our rules for every implementation
                 * (a drop-in named sample.dll never inherits the sample's known
                 * failures), or to every rule of an --expectations file of theirs. */
                const int star_rules_only = im->role == ROLE_USER && !o->expectations;
                const struct rule *ru = rules_match(&p->rules, p->scns[s]->name, star_rules_only ? NULL : im->name,
                                                    p->runners[r]->name);
                if (o->quick && im->role == ROLE_FIXTURE && (!ru || ru->expected == EXPECT_PASS || ru->expected == EXPECT_SKIP))
                    continue;  /* proves nothing */
                struct job *j = &p->jobs[k++];
                j->s = p->scns[s]; j->im = im; j->r = p->runners[r];
                j->expected = ru ? ru->expected : EXPECT_PASS;
                j->rule_reason = ru ? ru->reason : NULL;
                if (j->expected == EXPECT_SKIP) j->skip = xstrdup(ru->reason);
                else j->skip = run_skip_reason(j->s, j->im, j->r, &p->cfg);
            }
    p->njobs = k;
    if (p->nworkers > (int)p->njobs) p->nworkers = p->njobs ? (int)p->njobs : 1;
}

static void run_jobs(struct plan *p)
{
    const char *const *prefixes = p->need_wine ? p->pfx_path : NULL;
    if (p->o.explore.on)
        p->njobs = explore_run(&p->o.explore, &p->cfg, &p->rules, (const struct impl *const *)p->impls, p->nimpl,
                               p->runners, p->nrun, prefixes, p->jobs);
    else sched_run(p->jobs, p->njobs, &p->cfg, prefixes, p->nworkers, sched_run_scenario, NULL);
    release_prefixes(p);
}

static int longer_first(const void *a, const void *b)
{
    size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
    return la < lb ? 1 : la > lb ? -1 : 0;
}

/* The directories paths are written relative to in the results, longest
 * first: the build and source trees (a results file, and a baseline made
 * from it, reads the same whichever machine and folder made it), and each
 * user DLL's own (it is recorded by its file name, not where it lies on
 * its author's disk).  NULL-terminated; free with free_bases. */
static char **result_bases(const struct plan *p)
{
    char **b = xcalloc(2 * p->nimpl + 3, sizeof *b);
    size_t n = 0;
    for (size_t i = 0; i < p->nimpl; i++)
        for (int a = 0; a < ARCH_COUNT && p->impls[i]->role == ROLE_USER; a++) {
            if (!p->impls[i]->path[a]) continue;
            char *d = dir_of(p->impls[i]->path[a]);
            size_t k;
            for (k = 0; k < n && strcmp(b[k], d); k++) {}
            if (k < n) free(d); else b[n++] = d;
        }
    if (p->in_tree) {
        b[n++] = (char *)DLLSHM_ABS_BUILDDIR;
        b[n++] = (char *)DLLSHM_ABS_SRCDIR;
    }
    qsort(b, n, sizeof *b, longer_first);
    return b;
}

static void free_bases(char **b)
{
    for (char **d = b; *d; d++)
        if (*d != (char *)DLLSHM_ABS_BUILDDIR && *d != (char *)DLLSHM_ABS_SRCDIR) free(*d);
    free(b);
}

/* The table, the levels, the proof, the results files, the failures again
 * and the closing lines; returns the exit status. */
/* The jobs' verdicts, paths made relative, causes grouped; counted into
 * *sum, the agents Wine ended early into *restarts. */
static struct verdict *collect_verdicts(struct plan *p, const char *const *bases, struct tally *sum, unsigned *restarts)
{
    size_t njobs = p->njobs;
    struct verdict *res = xcalloc(njobs ? njobs : 1, sizeof *res);
    for (size_t i = 0; i < njobs; i++) {
        relativize(&p->jobs[i].res.reason, bases);
        relativize(&p->jobs[i].res.output, bases);
        res[i] = p->jobs[i].res;
        tally_add(sum, res[i].result);
        *restarts += res[i].agent_restarts;
    }
    verdicts_group_causes(res, njobs);
    for (size_t i = 0; i < njobs; i++) p->jobs[i].res.same_as = res[i].same_as;   /* the jobs own them */
    return res;
}

/* --json and --junit; nonzero when one could not be written. */
static int write_results(const struct plan *p, const struct verdict *res)
{
    const struct opts *o = &p->o;
    struct runner_status rs[16];
    for (size_t i = 0; i < p->nrun; i++)
        rs[i] = (struct runner_status){ p->runners[i]->name, p->runners[i]->available, p->runners[i]->reason,
                                        p->runners[i]->error };
    char tool[64], cc[64];
    snprintf(tool, sizeof tool, "dllshm-conform %s", PACKAGE_VERSION);
#ifdef __VERSION__
    snprintf(cc, sizeof cc, "gcc %s", __VERSION__);
#else
    snprintf(cc, sizeof cc, "unknown");
#endif
    char *hostname = proc_host_name();
    /* make's (git describe, when the tree changed since the build), else the build's own */
    const char *commit = getenv("DLLSHM_SOURCE_COMMIT");
    if (!commit || !*commit) commit = DLLSHM_BUILD_COMMIT;
    struct run_info ri = { tool, p->started, (unsigned)(proc_now_ms() - p->t0),
        proc_host_os(), arch_dir(sizeof(void *) == 8 ? ARCH_X86_64 : ARCH_I686),
        !proc_host_windows() && *DLLSHM_WINE_VERSION ? DLLSHM_WINE_VERSION : NULL,
        cc, DLLSHM_CROSSCC, hostname, commit && *commit ? commit : "unknown", rs, p->nrun };
    int io_bad = 0;
    if (o->json && write_json(o->json, &ri, res, p->njobs)) { fprintf(stderr, "dllshm-conform: cannot write %s\n", o->json); io_bad = 1; }
    if (o->junit && write_junit(o->junit, &ri, res, p->njobs)) { fprintf(stderr, "dllshm-conform: cannot write %s\n", o->junit); io_bad = 1; }
    free(hostname);
    return io_bad;
}

/* The runners not run, with why: a skip is never a pass; a runner whose
 * probe failed is an error of the run, never a skip.  Nonzero for an error. */
static int print_runners_not_run(const struct plan *p)
{
    int run_error = 0;
    for (size_t i = 0; i < p->nrun; i++) {
        if (p->runners[i]->available) continue;
        run_error |= p->runners[i]->error;
        printf("%s: %s: %s\n", p->runners[i]->name, p->runners[i]->error ? "ERROR, not run" : "skipped",
               p->runners[i]->reason);
    }
    return run_error;
}

static int report_run(struct plan *p)
{
    const struct opts *o = &p->o;
    char **owned_bases = result_bases(p);
    const char *const *bases = (const char *const *)owned_bases;
    for (size_t i = 0; i < p->nrun; i++) relativize(&p->runners[i]->reason, bases);
    size_t njobs = p->njobs;
    struct tally sum = { { 0 }, 0 };
    unsigned restarts = 0;
    struct verdict *res = collect_verdicts(p, bases, &sum, &restarts);
    if (njobs) {
        printf("\n");
        print_table(stdout, res, njobs);
        print_levels(stdout, res, njobs);
    }
    unsigned unprovable = o->prove ? prove_check(stdout, res, njobs) : 0;
    int io_bad = write_results(p, res);

    /* The failures again, last, one diagnosis per root cause: a CI log
     * that keeps only its tail still says which combination failed and
     * why (transcripts are above).  Then the runners not run, with why. */
    print_failures(stdout, res, njobs);
    print_causes(stdout, res, njobs);
    int run_error = print_runners_not_run(p);
    if (restarts)
        printf("agents started again: %u (Wine ended them before their first line; agent_restarts in the JSON)\n",
               restarts);
    if (sum.n[RES_SKIP] == sum.total && !run_error) print_skip_reasons(stdout, res, njobs);
    char line[128];
    tally_line(&sum, line, sizeof line);
    printf("wall time: %.1f s%s\n", (proc_now_ms() - p->t0) / 1000.0, unprovable ? "; --prove failed" : "");
    printf("%s\n", line);
    free(res);
    free_bases(owned_bases);

    if (run_error || tally_errors(&sum))
        printf("the run is incomplete: %s (above): no verdict on any DLL there\n",
               run_error ? "a runner could not be probed" : "the harness could not judge some combinations");
    int rc = tally_failed(&sum) || unprovable ? EXIT_FAILED
           : run_error || tally_errors(&sum) ? EXIT_HARNESS : io_bad ? EXIT_USAGE : EXIT_OK;
    if (!rc && sum.n[RES_SKIP] == sum.total) rc = o->exit_skip >= 0 ? o->exit_skip : EXIT_ALL_SKIPPED;
    return rc;
}

static void plan_free(struct plan *p)
{
    release_prefixes(p);
    for (size_t i = 0; i < p->njobs; i++) { verdict_free(&p->jobs[i].res); free(p->jobs[i].skip); free(p->jobs[i].preface); }
    free(p->jobs);
    for (size_t i = 0; i < p->nscn; i++) scenario_free(p->scns[i]);
    for (size_t i = 0; i < p->npaths; i++) free(p->paths[i]);
    free(p->scns); free(p->paths); free(p->impls); free(p->exp_default); free(p->pe_default); free(p->pb_default);
    free(p->exe);
    if (p->all) impls_free(p->all, p->nall);
    if (p->have_rules) rules_free(&p->rules);
    for (size_t i = 0; i < runners_count; i++) { free(runners_all[i].reason); runners_all[i].reason = NULL; }
}

static void out_of_memory(void)
{
    fputs("dllshm-conform: out of memory\n", stderr);
    abort();
}

int main(int argc, char **argv)
{
    static struct plan p;   /* zero */
    x_out_of_memory = out_of_memory;
    char err[1024];
    int rc;
    if (parse_opts(argc, argv, &p.o)) return EXIT_USAGE;
    p.t0 = proc_now_ms();
    iso_now(p.started, sizeof p.started);
    setvbuf(stdout, NULL, _IOLBF, 0);
    proc_host_init();
    configure_run(&p);
    if (p.o.make_prefix) {
        if (prefix_make(&p.cfg, p.o.make_prefix, err, sizeof err)) {
            fprintf(stderr, "dllshm-conform: --make-prefix: %s\n", err);
            return EXIT_USAGE;
        }
        printf("%s: ready\n", p.o.make_prefix);
        return 0;
    }
    if ((rc = load_scenarios(&p)) || (rc = load_expectations(&p)) || (rc = choose_impls(&p)) || (rc = choose_runners(&p)))
        return rc;
    if (p.o.list) list_plan(&p);
    if ((rc = prepare_runners(&p))) return rc;
    if (p.o.list) {  /* which of them run on this host, and why not */
        list_runners(&p);
        plan_free(&p);
        return 0;
    }
    if ((rc = prepare_workers(&p))) { release_prefixes(&p); return rc; }
    make_jobs(&p);
    run_jobs(&p);
    rc = report_run(&p);
    plan_free(&p);
    return rc;
}
