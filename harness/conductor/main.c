/* dllshm-conform: the conductor.  Reads scenarios, finds the
 * implementations and runners, runs every combination and reports
 * (harness/RESULTS.md).  Exit codes: EXIT_* in conductor.h. */
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

#ifndef DLLSHM_VERSION
#define DLLSHM_VERSION "0.1.0"
#endif
/* Baked in by harness/conductor/local.mk. */
#ifndef DLLSHM_ABS_BUILDDIR
#define DLLSHM_ABS_BUILDDIR "."
#endif
#ifndef DLLSHM_ABS_SRCDIR
#define DLLSHM_ABS_SRCDIR "."
#endif
#ifndef DLLSHM_PKGLIBEXECDIR
#define DLLSHM_PKGLIBEXECDIR "/usr/local/libexec/dllshm"
#endif
#ifndef DLLSHM_PKGDATADIR
#define DLLSHM_PKGDATADIR "/usr/local/share/dllshm"
#endif
#ifndef DLLSHM_WINE64
#define DLLSHM_WINE64 ""
#endif
#ifndef DLLSHM_WINE32
#define DLLSHM_WINE32 ""
#endif
#ifndef DLLSHM_WINESERVER
#define DLLSHM_WINESERVER ""
#endif
#ifndef DLLSHM_WINE_VERSION
#define DLLSHM_WINE_VERSION ""
#endif
#ifndef DLLSHM_CROSSCC
#define DLLSHM_CROSSCC ""
#endif

#define MAX_LIST 256

struct opts {
    const char *pe_dir, *scenario_dir, *expectations, *json, *junit, *prefix_base, *make_prefix, *block_name;
    const char *wine64, *wine32, *wineserver;
    const char *impls[MAX_LIST], *dlls[MAX_LIST], *runners[MAX_LIST], *scenarios[MAX_LIST], *files[MAX_LIST];
    int nimpls, ndlls, nrunners, nscenarios, nfiles;
    int prove, list, verbose, jobs, exit_skip, quick, no_preflight;
    int max_level;        /* --level: scenarios of this contract level and below */
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
          "  failed the preflight, 4 a --dll runs on none of the runners, 5 everything skipped\n", f);
    explore_usage(f);
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
#define OPT(name) (!strcmp(a, name) && (v || (fprintf(stderr, "dllshm-conform: %s needs a value\n", name), 0)) && ++i)
#define ADD(arr, n) do { if (n == MAX_LIST) { fprintf(stderr, "dllshm-conform: too many %s\n", a); return -1; } arr[n++] = v; } while (0)
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); exit(0); }
        else if (!strcmp(a, "--version")) { printf("dllshm-conform " DLLSHM_VERSION "\n"); exit(0); }
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
        else if (OPT("--level")) {
            for (o->max_level = 0; o->max_level < LEVEL_COUNT && strcmp(v, scn_level_name(o->max_level)); o->max_level++) {}
            if (o->max_level == LEVEL_COUNT) {
                fprintf(stderr, "dllshm-conform: --level: expected documented, hardened or dllshm\n");
                return -1;
            }
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
        else if (OPT("--jobs") || OPT("-j")) {
            o->jobs = atoi(v);
            if (o->jobs < 1 || o->jobs > 32) { fprintf(stderr, "dllshm-conform: --jobs: expected 1..32\n"); return -1; }
        } else if (OPT("--timeout-scale")) {
            o->timeout_scale = atof(v);
            if (!(o->timeout_scale > 0 && o->timeout_scale <= 100)) {
                fprintf(stderr, "dllshm-conform: --timeout-scale: expected a number in (0, 100]\n");
                return -1;
            }
        } else if (OPT("--exit-skip")) o->exit_skip = atoi(v);
        else if ((k = explore_parse_opt(argc, argv, i, &o->explore)) != 0) { if (k < 0) return -1; i += k - 1; }
        else if (!strncmp(a, "-j", 2) && a[2]) { o->jobs = atoi(a + 2); if (o->jobs < 1 || o->jobs > 32) return -1; }
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

static int from_build_tree(void)
{
    char *exe = proc_self_exe();
    if (!exe) return 1;
    char *d = dir_of(exe);
    int r = !strcmp(d, DLLSHM_ABS_BUILDDIR);
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

/* For --prove: the implementations of this run, by name. */
static struct impl *const *g_impls;
static size_t g_nimpls;
static int is_fixture_name(const char *n)
{
    for (size_t i = 0; i < g_nimpls; i++)
        if (!strcmp(g_impls[i]->name, n)) return g_impls[i]->fixture;
    return 0;
}

/* Every runner this DLL could run on among the selected: one that runs
 * only arches the DLL is built for.  0 with a message when there is none. */
static int user_dll_runs_somewhere(const struct impl *im, struct runner *const *rs, size_t n)
{
    int have = 0;
    for (int a = 0; a < PE_NARCH; a++) if (im->path[a]) have |= 1 << a;
    for (size_t i = 0; i < n; i++) if ((rs[i]->arches & have) == rs[i]->arches) return 1;
    const char *bits = have == 1 << PE_I686 ? "32-bit (i686)" : have == 1 << PE_X86_64 ? "64-bit (x86_64)" : "32- and 64-bit";
    fprintf(stderr, "dllshm-conform: %s is a %s DLL, and no selected runner runs only %s processes (", im->name, bits,
            have == 1 << PE_I686 ? "32-bit" : "64-bit");
    for (size_t i = 0; i < n; i++) fprintf(stderr, "%s%s", i ? ", " : "", rs[i]->name);
    fprintf(stderr, "): use --runner %s, or give both builds as one implementation: --dll %s=x64.dll,x86.dll\n",
            have == 1 << PE_I686 ? "wine-i686 (windows-i686 natively)" : "wine-x86_64 (windows-x86_64 natively)", im->name);
    return 0;
}

/* Nothing ran: say why, once per distinct reason. */
static void print_skip_reasons(FILE *f, const struct result_rec *res, size_t n)
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

int main(int argc, char **argv)
{
    struct opts o;
    char err[1024];
    if (parse_opts(argc, argv, &o)) return EXIT_USAGE;
    uint64_t t0 = proc_now_ms();
    char started[32];
    iso_now(started, sizeof started);
    setvbuf(stdout, NULL, _IOLBF, 0);
    proc_host_init();

    int in_tree = from_build_tree();
    char *exe = proc_self_exe();
    struct config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.wine[PE_X86_64] = pick(o.wine64, "WINE64", DLLSHM_WINE64);
    cfg.wine[PE_I686] = pick(o.wine32, "WINE32", DLLSHM_WINE32);
    cfg.wineserver = pick(o.wineserver, "WINESERVER", DLLSHM_WINESERVER);
    cfg.timeout_scale = o.timeout_scale;
    cfg.verbose = o.verbose;
    cfg.jobs = o.jobs;
    char *pe_default;
    if (proc_host_windows()) {
        /* pe/<arch>/dllshm-conform.exe: the pe/ directory is two levels up. */
        char *d = exe ? dir_of(exe) : xstrdup(".");
        pe_default = dir_of(d);
        free(d);
    } else {
        /* From the build tree its pe/; installed, the programs `make install`
         * put in $(pkglibexecdir)/<arch>/. */
        pe_default = xstrdup(in_tree ? DLLSHM_ABS_BUILDDIR "/pe" : DLLSHM_PKGLIBEXECDIR);
    }
    cfg.pe_dir = o.pe_dir ? o.pe_dir : pe_default;
    const char *scn_dir = o.scenario_dir ? o.scenario_dir
                        : in_tree ? DLLSHM_ABS_SRCDIR "/scenarios" : DLLSHM_PKGDATADIR "/scenarios";
    /* Prefixes live in the user's cache, made once and shared by every
     * build tree and run (a slot per worker, taken with a lock): not 1.3 GB
     * each inside every clone. */
    const char *pb_env = getenv("DLLSHM_PREFIX_BASE");
    const char *cache = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char *pb_default = cache && *cache ? xasprintf("%s/dllshm/wineprefix", cache)
                     : xasprintf("%s/.cache/dllshm/wineprefix", home && *home ? home : "/tmp");
    cfg.prefix_base = o.prefix_base ? o.prefix_base : pb_env && *pb_env ? pb_env : pb_default;

    if (o.make_prefix) {
        if (prefix_make(&cfg, o.make_prefix, err, sizeof err)) {
            fprintf(stderr, "dllshm-conform: --make-prefix: %s\n", err);
            return EXIT_USAGE;
        }
        printf("%s: ready\n", o.make_prefix);
        return 0;
    }

    /* Scenarios: the files named, else all in the scenario directory. */
    char **paths;
    size_t npaths;
    if (o.nfiles) {
        paths = xcalloc((size_t)o.nfiles, sizeof *paths);
        for (int i = 0; i < o.nfiles; i++) {
            /* a bare name means SCENARIO-DIR/NAME.scn */
            FILE *f = fopen(o.files[i], "rb");
            if (f) fclose(f);
            int bare = !f && !strchr(o.files[i], '/') && !strstr(o.files[i], ".scn");
            paths[i] = bare ? xasprintf("%s/%s.scn", scn_dir, o.files[i]) : xstrdup(o.files[i]);
        }
        npaths = (size_t)o.nfiles;
    } else if (!(npaths = list_scenarios(scn_dir, &paths)) && !o.explore.on) {  /* --explore needs none */
        fprintf(stderr, "dllshm-conform: no scenarios (*.scn) in %s (use --scenario-dir DIR or name files)\n", scn_dir);
        return EXIT_USAGE;
    }
    struct scenario **scns = xcalloc(npaths, sizeof *scns);
    size_t nscn = 0;
    int bad = 0;
    for (size_t i = 0; i < npaths; i++) {
        struct scenario *s = scenario_load(paths[i], err, sizeof err);
        if (!s) { fprintf(stderr, "%s\n", err); bad = 1; continue; }
        int keep = !o.nscenarios;
        for (int k = 0; k < o.nscenarios; k++) if (glob_match(o.scenarios[k], s->name)) keep = 1;
        if ((int)s->level > o.max_level) keep = 0;  /* a DLL judged at the level it claims */
        if (keep) scns[nscn++] = s; else scenario_free(s);
    }
    if (bad) return EXIT_USAGE;
    if (!nscn) { fprintf(stderr, "dllshm-conform: no scenario matches --scenario\n"); return EXIT_USAGE; }

    struct rules rules;
    char *exp_default = NULL;
    if (!o.expectations) {
        char *d = o.nfiles && !o.scenario_dir ? dir_of(paths[0]) : xstrdup(scn_dir);
        exp_default = xasprintf("%s/expectations", d);
        free(d);
    }
    if (rules_load(&rules, o.expectations ? o.expectations : exp_default, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return EXIT_USAGE;
    }

    /* Implementations. */
    struct impl *all;
    size_t nall = impls_discover(cfg.pe_dir, &all);
    for (int i = 0; i < o.ndlls; i++)
        if (impl_add_user_dll(&all, &nall, o.dlls[i], err, sizeof err)) { fprintf(stderr, "dllshm-conform: %s\n", err); return EXIT_USAGE; }
    struct impl **impls = xcalloc(nall + 1, sizeof *impls);
    size_t nimpl = 0;
    for (size_t i = 0; i < nall; i++) {
        /* --dll alone runs only the user's DLLs; --impl adds ours. */
        int keep = all[i].user || (!o.nimpls && !o.ndlls);
        for (int k = 0; k < o.nimpls; k++) if (!strcmp(o.impls[k], all[i].name)) keep = 1;
        if (keep) impls[nimpl++] = &all[i];
    }
    for (int k = 0; k < o.nimpls; k++) {
        size_t i, found = 0;
        for (i = 0; i < nall; i++) if (!strcmp(o.impls[k], all[i].name)) found++;
        if (found > 1) {
            fprintf(stderr, "dllshm-conform: --impl %s names both a built-in implementation and your --dll; "
                    "name yours: --dll NAME=PATH\n", o.impls[k]);
            return EXIT_USAGE;
        }
        if (!found) {
            fprintf(stderr, "dllshm-conform: unknown implementation '%s'; valid: ", o.impls[k]);
            for (i = 0; i < nall; i++) fprintf(stderr, "%s%s", i ? ", " : "", all[i].name);
            fprintf(stderr, "%s\n", nall ? "" : "(none: nothing under --pe-dir; build first)");
            return EXIT_USAGE;
        }
    }
    g_impls = impls;
    g_nimpls = nimpl;
    if (!nimpl) {
        fprintf(stderr, "dllshm-conform: no implementation found under %s (build first, or use --pe-dir / --dll)\n", cfg.pe_dir);
        return EXIT_USAGE;
    }

    /* Runners. */
    struct runner *runners[16];
    size_t nrun = 0;
    if (o.nrunners) {
        for (int k = 0; k < o.nrunners; k++) {
            struct runner *r = runner_find(o.runners[k]);
            if (!r) {
                fprintf(stderr, "dllshm-conform: unknown runner '%s'; valid: ", o.runners[k]);
                for (size_t i = 0; i < runners_count; i++) fprintf(stderr, "%s%s", i ? ", " : "", runners_all[i].name);
                fputc('\n', stderr);
                return EXIT_USAGE;
            }
            size_t i;
            for (i = 0; i < nrun; i++) if (runners[i] == r) break;
            if (i == nrun && nrun < 16) runners[nrun++] = r;
        }
    } else {
        for (size_t i = 0; i < runners_count; i++)
            if (o.list || runners_all[i].wine != proc_host_windows()) runners[nrun++] = &runners_all[i];
    }

    for (size_t i = 0; i < nimpl; i++)
        if (impls[i]->user && !o.list && !user_dll_runs_somewhere(impls[i], runners, nrun)) return EXIT_NO_RUNNER;

    if (o.list) {
        printf("scenarios (%s):\n", scn_dir);
        for (size_t i = 0; i < nscn; i++) printf("  %-24s %s\n", scns[i]->name, scns[i]->title);
        printf("implementations (%s):\n", cfg.pe_dir);
        for (size_t i = 0; i < nimpl; i++)
            printf("  %-24s %s%s%s%s\n", impls[i]->name, impls[i]->path[PE_X86_64] ? "x86_64 " : "",
                   impls[i]->path[PE_I686] ? "i686 " : "", impls[i]->fixture ? "(fixture)" : impls[i]->user ? "(yours)" : "",
                   impls[i]->honours_name ? "" : " (fixed block name)");
    }

    /* Wine: one prefix per worker, then probe the runners. */
    int need_wine = 0;
    for (size_t i = 0; i < nrun; i++) if (runners[i]->wine) need_wine = 1;
    if (proc_host_windows()) need_wine = 0;
    struct prefix *pfx[32] = { NULL };
    const char *pfx_path[32] = { NULL };
    int nworkers = cfg.jobs;
    if (need_wine) {
        if (!*cfg.wine[PE_X86_64] && !*cfg.wine[PE_I686]) {
            fprintf(stderr, "dllshm-conform: no Wine found: install wine (Debian: apt-get install wine wine64) or run ci/install-deps.sh\n");
            return EXIT_USAGE;
        }
        if (!(pfx[0] = prefix_acquire(&cfg, err, sizeof err))) {
            fprintf(stderr, "dllshm-conform: Wine prefix: %s\n", err);
            return EXIT_USAGE;
        }
        pfx_path[0] = prefix_path(pfx[0]);
    }
    runners_probe(runners, nrun, &cfg, pfx_path[0]);
    if (o.list) {  /* which of them run on this host, and why not */
        printf("runners:\n");
        for (size_t i = 0; i < nrun; i++)
            printf("  %-16s %s%s\n", runners[i]->name, runners[i]->available ? "runs here" : "unavailable: ",
                   runners[i]->available ? "" : runners[i]->reason);
        prefix_release(pfx[0]);
        return 0;
    }
    /* The other workers' prefixes only when something can run. */
    int any = 0;
    for (size_t i = 0; i < nrun; i++) any |= runners[i]->available;
    if (!any) nworkers = 1;
    for (int k = 1; need_wine && k < nworkers; k++) {
        if (!(pfx[k] = prefix_acquire(&cfg, err, sizeof err))) {
            fprintf(stderr, "dllshm-conform: Wine prefix for worker %d: %s (running with %d)\n", k + 1, err, k);
            nworkers = k;
            break;
        }
        pfx_path[k] = prefix_path(pfx[k]);
    }
    for (size_t i = 0; i < nrun; i++)
        if (!runners[i]->available) printf("runner %s unavailable: %s\n", runners[i]->name, runners[i]->reason);
    if (preflight_run(impls, nimpl, runners, nrun, &cfg, pfx_path[0], o.block_name) && !o.no_preflight) {
        fprintf(stderr, "dllshm-conform: the preflight failed: no scenario ran (fix what it says above, or run "
                "them anyway with --no-preflight)\n");
        for (int w = 0; w < 32; w++) prefix_release(pfx[w]);
        return EXIT_PREFLIGHT;
    }

    /* Jobs: runner x scenario x implementation. */
    size_t njobs = nrun * (nscn ? nscn : 1) * nimpl, k = 0;
    struct job *jobs = xcalloc(njobs, sizeof *jobs);
    for (size_t r = 0; r < nrun && !o.explore.on; r++)
        for (size_t s = 0; s < nscn; s++)
            for (size_t i = 0; i < nimpl; i++) {
                /* A user's DLL is held only to our rules for every implementation
                 * (a drop-in named sample.dll never inherits the sample's known
                 * failures), or to every rule of an --expectations file of theirs. */
                const int star_rules_only = impls[i]->user && !o.expectations;
                const struct rule *ru = rules_match(&rules, scns[s]->name, star_rules_only ? NULL : impls[i]->name,
                                                    runners[r]->name);
                if (o.quick && impls[i]->fixture && (!ru || ru->expected == EXPECT_PASS || ru->expected == EXPECT_SKIP))
                    continue;  /* proves nothing */
                struct job *j = &jobs[k++];
                j->s = scns[s]; j->im = impls[i]; j->r = runners[r];
                j->expected = ru ? ru->expected : EXPECT_PASS;
                j->rule_reason = ru ? ru->reason : NULL;
                if (j->expected == EXPECT_SKIP) j->skip = xstrdup(ru->reason);
                else j->skip = run_skip_reason(j->s, j->im, j->r, &cfg);
            }
    njobs = k;
    if (nworkers > (int)njobs) nworkers = njobs ? (int)njobs : 1;
    if (o.explore.on) njobs = explore_run(&o.explore, &cfg, &rules, (const struct impl *const *)impls, nimpl, runners, nrun,
                                         need_wine ? pfx_path : NULL, jobs);
    else sched_run(jobs, njobs, &cfg, need_wine ? pfx_path : NULL, nworkers);
    for (int w = 0; w < 32; w++) prefix_release(pfx[w]);

    /* Report.  Paths inside the build and source trees are written relative
     * to them: a results file (and a baseline made from it) reads the same
     * whichever machine and folder made it. */
    const char *bases[3] = { NULL };
    if (in_tree) {
        int build_longer = strlen(DLLSHM_ABS_BUILDDIR) >= strlen(DLLSHM_ABS_SRCDIR);
        bases[0] = build_longer ? DLLSHM_ABS_BUILDDIR : DLLSHM_ABS_SRCDIR;
        bases[1] = build_longer ? DLLSHM_ABS_SRCDIR : DLLSHM_ABS_BUILDDIR;
    }
    for (size_t i = 0; i < nrun; i++) relativize(&runners[i]->reason, bases);
    struct result_rec *res = xcalloc(njobs ? njobs : 1, sizeof *res);
    struct summary sum = { { 0 }, 0 };
    unsigned restarts = 0;
    for (size_t i = 0; i < njobs; i++) {
        relativize(&jobs[i].res.reason, bases);
        relativize(&jobs[i].res.output, bases);
        res[i] = jobs[i].res;
        summary_add(&sum, res[i].result);
        restarts += res[i].agent_restarts;
    }
    printf("\n");
    print_table(stdout, res, njobs);
    print_levels(stdout, res, njobs);
    unsigned unprovable = 0;
    if (o.prove) unprovable = prove_check(stdout, res, njobs, is_fixture_name);

    struct runner_status rs[16];
    for (size_t i = 0; i < nrun; i++) rs[i] = (struct runner_status){ runners[i]->name, runners[i]->available, runners[i]->reason };
    char tool[64], cc[64];
    snprintf(tool, sizeof tool, "dllshm-conform %s", DLLSHM_VERSION);
#ifdef __VERSION__
    snprintf(cc, sizeof cc, "gcc %s", __VERSION__);
#else
    snprintf(cc, sizeof cc, "unknown");
#endif
    char *hostname = proc_host_name();
    const char *commit = getenv("DLLSHM_SOURCE_COMMIT");  /* set by make: git describe */
    struct run_info ri = { tool, started, (unsigned)(proc_now_ms() - t0),
        proc_host_os(), sizeof(void *) == 8 ? "x86_64" : "i686",
        !proc_host_windows() && *DLLSHM_WINE_VERSION ? DLLSHM_WINE_VERSION : NULL,
        cc, DLLSHM_CROSSCC, hostname, commit && *commit ? commit : "unknown", rs, nrun };
    int io_bad = 0;
    if (o.json && write_json(o.json, &ri, res, njobs)) { fprintf(stderr, "dllshm-conform: cannot write %s\n", o.json); io_bad = 1; }
    if (o.junit && write_junit(o.junit, &ri, res, njobs)) { fprintf(stderr, "dllshm-conform: cannot write %s\n", o.junit); io_bad = 1; }

    /* The failures again, last: a CI log that keeps only its tail still
     * says which combination failed and why (transcripts are above). */
    if (summary_failed(&sum)) {
        printf("failed:\n");
        for (size_t i = 0; i < njobs; i++)
            if (result_failed(res[i].result)) {
                char pl[1024];
                progress_line(&res[i], 0, 0, pl, sizeof pl);
                const char *tag = strchr(pl, ']');  /* the progress count means nothing here */
                printf("  %s\n", tag ? tag + 2 : pl);
            }
    }
    /* A whole runner skipped is said last too, with why: a skip is never a pass. */
    for (size_t i = 0; i < nrun; i++)
        if (!runners[i]->available) printf("%s: skipped: %s\n", runners[i]->name, runners[i]->reason);
    if (restarts)
        printf("agents started again: %u (Wine ended them before their first line; agent_restarts in the JSON)\n",
               restarts);
    if (sum.n[RES_SKIP] == sum.total) print_skip_reasons(stdout, res, njobs);
    char line[128];
    summary_line(&sum, line, sizeof line);
    printf("wall time: %.1f s%s\n", (proc_now_ms() - t0) / 1000.0, unprovable ? "; --prove failed" : "");
    printf("%s\n", line);

    int rc = summary_failed(&sum) || unprovable ? EXIT_FAILED : io_bad ? EXIT_USAGE : EXIT_OK;
    if (!rc && sum.n[RES_SKIP] == sum.total) rc = o.exit_skip >= 0 ? o.exit_skip : EXIT_ALL_SKIPPED;

    for (size_t i = 0; i < njobs; i++) { result_free(&jobs[i].res); free(jobs[i].skip); }
    free(jobs); free(res);
    for (size_t i = 0; i < nscn; i++) scenario_free(scns[i]);
    for (size_t i = 0; i < npaths; i++) free(paths[i]);
    free(scns); free(paths); free(impls); free(exp_default); free(pe_default); free(exe); free(hostname);
    impls_free(all, nall);
    rules_free(&rules);
    for (size_t i = 0; i < runners_count; i++) { free(runners_all[i].reason); runners_all[i].reason = NULL; }
    return rc;
}
