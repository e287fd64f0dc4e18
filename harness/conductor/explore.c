/* dllshm-conform --explore (explore.h).  For each implementation and
 * runner: programs from seeds S, S+1, ... (explore_prog.c) are rendered as
 * scenario text with the model's predictions, parsed by the normal parser
 * and run by run_scenario, so what is written is exactly what ran.  The
 * first failure is shrunk by runs of candidates that must fail the same way
 * (same kind of step, same check), written as a .scn, and that file is
 * replayed once more from disk to confirm it. */
#include "explore.h"
#include "model.h"
#include "explore_fail.h"
#include "explore_prog.h"
#include "proc.h"
#include "shrink.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXPLORE_TITLE "Random programs judged by the model of the contract"
#define SHRINK_MS 120000   /* shrinking stops here too: a DLL that hangs costs a step timeout per run */

void explore_usage(FILE *f)
{
    fputs("  --explore              random programs judged by the model of the contract, instead of\n"
          "                         the scenarios; a failure is shrunk to a .scn (README: Exploring)\n"
          "  --seed S               the first program's seed (default: from the clock; printed)\n"
          "  --runs N, --budget SECONDS   programs per implementation x runner (default: 60 s)\n"
          "  --shrink-runs N        runs the shrinker may make (default 150; and at most 120 s)\n"
          "  --max-steps N          steps per program, at most (default 24)\n"
          "  --explore-dir DIR      where shrunk scenarios go (default results/explore)\n"
          "  --ignore KIND          set a known failure aside and look for others (KIND as each\n"
          "                         finding names it: ACTION:CHECK[:FIELD], or CHECK; repeatable)\n"
          "  --max-findings N       stop after N kinds of failure (default: search the whole budget)\n", f);
}

static int number(const char *opt, const char *v, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double d = v ? strtod(v, &end) : 0;
    int whole = strcmp(opt, "--budget") != 0;
    if (!v || end == v || *end || errno || d < lo || d > hi || (whole && d != (double)(long)d)) {
        fprintf(stderr, "dllshm-conform: %s: expected %s in %.0f..%.0f%s%s\n", opt, whole ? "a whole number" : "a number",
                lo < 1 ? 0 : lo, hi, v ? ", got " : "", v ? v : "");
        return -1;
    }
    *out = d;
    return 0;
}

int explore_parse_opt(int argc, char **argv, int i, struct explore_opts *o)
{
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    double d;
    if (!strcmp(a, "--explore")) { o->on = 1; return 1; }
    if (!strcmp(a, "--seed")) {
        char *end;
        errno = 0;
        unsigned long long s = v ? strtoull(v, &end, 0) : 0;
        if (!v || end == v || *end || errno || *v == '-') {
            fprintf(stderr, "dllshm-conform: --seed: expected a number (0..18446744073709551615)%s%s\n",
                    v ? ", got " : "", v ? v : "");
            return -1;
        }
        o->seed = s; o->have_seed = 1; o->given = 1;
        return 2;
    }
    if (!strcmp(a, "--runs")) { if (number(a, v, 1, 1e7, &d)) return -1; o->runs = (unsigned)d; o->given = 1; return 2; }
    if (!strcmp(a, "--budget")) { if (number(a, v, 0.1, 86400, &d)) return -1; o->budget_s = d; o->given = 1; return 2; }
    if (!strcmp(a, "--shrink-runs")) {
        if (number(a, v, 0, 100000, &d)) return -1;
        o->shrink_runs = (unsigned)d; o->shrink_given = 1; o->given = 1;
        return 2;
    }
    if (!strcmp(a, "--max-steps")) { if (number(a, v, 1, 1000, &d)) return -1; o->max_steps = (int)d; o->given = 1; return 2; }
    if (!strcmp(a, "--max-findings")) {
        if (number(a, v, 1, 16, &d)) return -1;
        o->max_findings = (unsigned)d; o->given = 1;
        return 2;
    }
    if (!strcmp(a, "--ignore")) {
        if (!v || !*v || o->nignore == 16) {
            fprintf(stderr, "dllshm-conform: --ignore needs a kind (ACTION:CHECK[:FIELD], or CHECK; at most 16)\n");
            return -1;
        }
        o->ignore[o->nignore++] = v; o->given = 1;
        return 2;
    }
    if (!strcmp(a, "--explore-dir")) {
        if (!v) { fprintf(stderr, "dllshm-conform: --explore-dir needs a value\n"); return -1; }
        o->dir = v; o->given = 1;
        return 2;
    }
    return 0;
}

int explore_check(struct explore_opts *o, int nscenarios)
{
    if (o->on && nscenarios) {
        fprintf(stderr, "dllshm-conform: --explore makes its own programs: give it no scenario (files or --scenario)\n");
        return -1;
    }
    if (o->given && !o->on) {
        fprintf(stderr, "dllshm-conform: --seed, --runs, --budget, --shrink-runs, --max-steps, --ignore, --max-findings and --explore-dir "
                        "need --explore\n");
        return -1;
    }
    if (!o->runs && !o->budget_s) o->budget_s = 60;
    if (!o->shrink_given) o->shrink_runs = 150;
    if (!o->max_steps) o->max_steps = 24;
    if (!o->dir) o->dir = "results/explore";
    if (!o->have_seed) o->seed = (uint64_t)time(NULL) % 1000000;   /* short enough to type */
    return 0;
}

/* ---- running programs ---------------------------------------------------- */

struct explorer {
    const struct explore_opts *o;
    const struct config *cfg;
    const struct impl *im;
    const struct runner *r;
    struct run_ctx ctx;
    char *base;              /* <impl>-<runner>-<seed>.scn: candidates carry the final name */
    struct failure want;
    unsigned programs, steps, runs;
    unsigned histories, inconclusive;  /* concurrent phases judged; of them, said nothing */
    uint64_t t0, last, shrink_t0;
    proc_mutex_t *lock;      /* stdout, shared with the other workers */
    int live;                /* one worker on a terminal: a progress line kept up to date */
    int wrote;               /* a .scn was written */
    struct sb report;        /* what was found, printed with the result */
    int shrink_late;         /* SHRINK_MS passed: the remaining tries run nothing */
    uint64_t next_seed;      /* the next program's */
    char found[16][96];      /* the kinds found so far: each is settled once */
    int nfound, known_seen;  /* and failures of a known or ignored kind met since */
};

/* Renders, parses and runs p; 0 with *res filled, -1 if the text did not
 * parse (the explorer's bug, said on stderr). */
static int run_prog(struct explorer *ex, const struct prog *p, const char *path, const char *title,
                    const char *comments, struct rendered *r, struct scenario **sp, struct verdict *res)
{
    char err[512];
    prog_render(p, title, comments, r);
    *sp = scenario_parse(path, r->text, err, sizeof err);
    if (!*sp) {
        fprintf(stderr, "dllshm-conform: --explore made a scenario the parser refuses: %s\n%s", err, r->text);
        return -1;
    }
    ex->ctx.serial++;
    ex->runs++;
    run_scenario_retried(&ex->ctx, *sp, ex->im, ex->r, res);
    return 0;
}

/* A concurrent phase's or a load race's failure hangs on timing: a
 * candidate (or the written file) counts as failing the same way when it
 * does in 2 of 3 runs. */
#define TIMED_RUNS 3
#define TIMED_NEEDED 2
static int timing_dependent(const struct failure *f) { return f->kind == ACT_PHASE || f->kind == ACT_RACE; }

static int shrink_test_once(struct explorer *ex, const struct prog *cand, size_t *fail_act)
{
    struct rendered r;
    struct scenario *s;
    struct verdict res;
    struct failure f;
    int same = 0;
    if (run_prog(ex, cand, ex->base, "shrinking", NULL, &r, &s, &res) == 0) {
        same = failure_of(&res, s, &r, cand, &f) == 0 && same_failure(&f, &ex->want);
        if (same) *fail_act = (size_t)f.act;
        verdict_free(&res);
        scenario_free(s);
    }
    rendered_free(&r);
    return same;
}

static int shrink_test_run(const struct prog *cand, void *arg, size_t *fail_act)
{
    struct explorer *ex = arg;
    int runs = timing_dependent(&ex->want) ? TIMED_RUNS : 1, need = runs > 1 ? TIMED_NEEDED : 1, same = 0;
    if (proc_now_ms() - ex->shrink_t0 > SHRINK_MS) { ex->shrink_late = 1; return 0; }
    for (int k = 0; k < runs && same < need && same + (runs - k) >= need; k++)
        same += shrink_test_once(ex, cand, fail_act);
    if (ex->cfg->verbose)
        sb_printf(&ex->report, "    shrinking: %lu actions: %s\n", (unsigned long)cand->n,
                  same >= need ? "fails the same way" : "does not");
    return same >= need;
}

/* On a terminal one line kept up to date; in a log a line every 5 s. */
static void progress(struct explorer *ex, int found, int final)
{
    uint64_t now = proc_now_ms();
    int tty = ex->live;
    if (!final && now - ex->last < (tty ? 200u : 5000u)) return;
    ex->last = now;
    proc_mutex_lock(ex->lock);
    printf("%sexplore  %s  %s: %u program%s, %u steps, %d failure%s, %.1f s, seed %llu%s",
           tty ? "\r" : "", ex->r->name, ex->im->name, ex->programs, ex->programs == 1 ? "" : "s", ex->steps, found,
           found == 1 ? "" : "s",
           (now - ex->t0) / 1000.0, (unsigned long long)ex->o->seed, tty && !final ? "  " : "\n");
    fflush(stdout);
    proc_mutex_unlock(ex->lock);
}

static int make_dirs(const char *dir)
{
    char *d = xstrdup(dir);
    for (char *p = d + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            int rc = proc_mkdir(d);
            if (rc && errno != EEXIST) { free(d); return -1; }
            *p = c;
            if (!c) break;
        }
    }
    free(d);
    return 0;
}

/* How the user replays the file: by the implementation's name, or by its
 * path for a --dll (and its name, or every implementation would run). */
static char *impl_arg(const struct impl *im)
{
    if (im->role != ROLE_USER) return xasprintf("--impl %s", im->name);
    return xasprintf("--dll %s --impl %s", im->path[ARCH_X86_64] ? im->path[ARCH_X86_64] : im->path[ARCH_I686], im->name);
}

static void shorten_into(char *dst, size_t size, const char *s)
{
    size_t n = strcspn(s, "\n");
    if (n < size) snprintf(dst, size, "%.*s", (int)n, s);
    else snprintf(dst, size, "%.*s...", (int)(size - 4), s);
}

/* Explores one implementation on one runner into *out. */
/* What the search found: the seed of the failing program, its first
 * failure and result, and (once it is settled) what the report calls it. */
struct finding {
    uint64_t seed;
    struct failure first;
    struct verdict res;
    char *what, *file, *replay, *again;  /* its description, its .scn, the commands to replay and to find it */
};

/* A failure already found or set aside (--ignore): not settled again. */
static int known_kind(const struct explorer *ex, const struct failure *f)
{
    char kind[96];
    failure_kind(f, kind, sizeof kind);
    for (int i = 0; i < ex->nfound; i++)
        if (!strcmp(ex->found[i], kind)) return 1;
    for (int i = 0; i < ex->o->nignore; i++)
        if (failure_is(f, ex->o->ignore[i])) return 1;
    return 0;
}

static int budget_left(const struct explorer *ex)
{
    const struct explore_opts *o = ex->o;
    return o->runs ? ex->programs < o->runs : proc_now_ms() - ex->t0 < (uint64_t)(o->budget_s * 1000);
}

/* Runs generated programs from ex->next_seed until one fails in a way not
 * yet found nor set aside, or the budget ends: 1 when the failure is one
 * of a step (f->first), 0 otherwise (f->res says how the search ended; p
 * holds the last program). */
static int search(struct explorer *ex, struct prog *p, struct finding *f)
{
    const struct explore_opts *o = ex->o;
    struct gen_opts g = { o->max_steps, ex->r->arches == ((1 << ARCH_I686) | (1 << ARCH_X86_64)) };
    int found = 0;
    memset(&f->res, 0, sizeof f->res);
    f->seed = ex->next_seed;
    while (budget_left(ex)) {
        f->seed = ex->next_seed++;
        prog_generate(p, f->seed, &g);
        char *path = xasprintf("explore-%llu.scn", (unsigned long long)f->seed);
        char *title = xasprintf("explore program, seed %llu", (unsigned long long)f->seed);
        struct rendered r;
        struct scenario *s;
        int bad = run_prog(ex, p, path, title, NULL, &r, &s, &f->res);
        free(path);
        free(title);
        if (bad) { rendered_free(&r); prog_free(p); memset(&f->res, 0, sizeof f->res); f->res.outcome = OUT_FAIL; break; }
        ex->programs++;
        ex->steps += (unsigned)s->nsteps;
        ex->histories += f->res.histories;
        ex->inconclusive += f->res.inconclusive;
        int failed = f->res.outcome != OUT_PASS;
        /* a failure not attributable to a step, or an error of the harness
         * (Wine's own, an instrument's), is reported as it is, never shrunk
         * as a finding in the DLL */
        if (failed) found = f->res.outcome != OUT_ERROR && failure_of(&f->res, s, &r, p, &f->first) == 0;
        if (failed && found && known_kind(ex, &f->first)) { failed = found = 0; ex->known_seen++; }
        scenario_free(s);
        rendered_free(&r);
        if (failed) break;
        verdict_free(&f->res);
        memset(&f->res, 0, sizeof f->res);
        prog_free(p);
        progress(ex, 0, 0);
    }
    progress(ex, ex->nfound + (found || f->res.outcome != OUT_PASS), 1);
    return found;
}

/* Program w as the finding's file: its title, and comments that say how it
 * was found, how to replay it and how it failed (reason), then note. */
static int write_finding(struct explorer *ex, const struct finding *f, const struct prog *w, const char *reason,
                         const char *note, struct rendered *r)
{
    char *title = xasprintf("explore: %s (%s, seed %llu)", f->what, ex->im->name, (unsigned long long)f->seed);
    char why[320];
    shorten_into(why, sizeof why, reason);
    char *comments = xasprintf("Found by: %s\nReplay:   %s\nFailed:   %s%s", f->again, f->replay, why, note);
    prog_render(w, title, comments, r);
    free(title);
    free(comments);
    if (make_dirs(ex->o->dir) || write_file(f->file, r->text, strlen(r->text))) {
        fprintf(stderr, "dllshm-conform: --explore: cannot write %s: %s\n", f->file, strerror(errno));
        return -1;
    }
    return 0;
}

/* Runs the written file s (TIMED_RUNS times when the failure hangs on
 * timing): 1 when it fails as the search's program did (TIMED_NEEDED
 * times), *conf the result of such a run; *runs how many it may take. */
static int replay_finding(struct explorer *ex, const struct finding *f, const struct scenario *s,
                          const struct rendered *r, const struct prog *w, struct verdict *conf, int *runs)
{
    struct failure cf;
    int need, hits = 0;
    *runs = timing_dependent(&f->first) ? TIMED_RUNS : 1;
    need = *runs > 1 ? TIMED_NEEDED : 1;
    memset(conf, 0, sizeof *conf);
    for (int k = 0; k < *runs && hits < need && hits + (*runs - k) >= need; k++) {
        struct verdict one;
        ex->ctx.serial++;
        ex->runs++;
        run_scenario_retried(&ex->ctx, s, ex->im, ex->r, &one);
        if (failure_of(&one, s, r, w, &cf) == 0 && same_failure(&cf, &f->first)) {
            verdict_free(conf);
            *conf = one;
            hits++;
        } else verdict_free(&one);
    }
    return hits >= need;
}

/* The report's lines for the file: how far it shrank, its text, the two commands. */
static void report_finding(struct explorer *ex, const struct finding *f, int kept_all, size_t nsteps, unsigned runs,
                           const char *text)
{
    sb_printf(&ex->report, "    %s %lu steps in %u runs%s: %s\n", kept_all ? "kept all" : "shrunk to", (unsigned long)nsteps,
              runs, ex->shrink_late ? " (stopped after 120 s)" : "", f->file);
    for (const char *c = text; *c; ) {
        size_t n = strcspn(c, "\n");
        char line[200];
        shorten_into(line, sizeof line, c);
        sb_printf(&ex->report, "      %s\n", line);
        c += n + (c[n] == '\n');
    }
    sb_printf(&ex->report, "    replay:      %s\n    explore it:  %s\n", f->replay, f->again);
}

/* Writes and replays the shrunk program, then the original when the shrunk
 * one does not fail the same way again: 1 when one of them did (*conf its
 * result, *kept its actions; the file then says how it failed itself). */
static int confirm_finding(struct explorer *ex, const struct finding *f, const struct prog *shrunk,
                           const struct prog *orig, unsigned runs0, struct verdict *conf, size_t *kept)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        const struct prog *w = attempt ? orig : shrunk;
        struct rendered r;
        char err[512];
        if (write_finding(ex, f, w, f->res.reason,
                          attempt ? "\n(not shrunk: the shrunk program did not fail the same way again)" : "", &r)) {
            rendered_free(&r);
            return 0;
        }
        ex->wrote = 1;
        struct scenario *s = scenario_load(f->file, err, sizeof err);
        if (!s) { fprintf(stderr, "dllshm-conform: --explore: %s\n", err); rendered_free(&r); return 0; }
        int runs, confirmed = replay_finding(ex, f, s, &r, w, conf, &runs);
        if (confirmed) {
            *kept = w->n;
            rendered_free(&r);
            write_finding(ex, f, w, conf->reason,
                          runs > 1 ? "\nTiming:   a concurrent failure hangs on timing: it failed in 2 of 3 runs here" : "", &r);
        }
        if (confirmed || attempt) report_finding(ex, f, attempt, s->nsteps, ex->runs - runs0, r.text);
        scenario_free(s);
        rendered_free(&r);
        if (confirmed) return 1;
        verdict_free(conf);
    }
    return 0;
}

/* A failure found: shrinks it, writes and replays its file, and says so in out. */
static void settle_finding(struct explorer *ex, struct prog *p, struct finding *f, struct verdict *out)
{
    const struct explore_opts *o = ex->o;
    f->what = failure_describe(&f->first);
    size_t before = p->n;
    char why0[400];
    shorten_into(why0, sizeof why0, f->res.reason);
    sb_printf(&ex->report, "explore  %s  %s: found by the program of seed %llu (program %u, after %.1f s): %s\n    %s\n",
              ex->r->name, ex->im->name, (unsigned long long)f->seed, ex->programs, (proc_now_ms() - ex->t0) / 1000.0,
              f->what, why0);
    free(ex->base);
    ex->base = xasprintf("%s-%s-%llu.scn", ex->im->name, ex->r->name, (unsigned long long)f->seed);
    ex->want = f->first;
    struct prog orig;
    prog_copy(&orig, p);
    struct shrink_stats st;
    unsigned runs0 = ex->runs;
    ex->shrink_t0 = proc_now_ms();
    shrink(p, (size_t)f->first.act, shrink_test_run, ex, o->shrink_runs, &st);
    f->file = xasprintf("%s/%s", o->dir, ex->base);
    char *iarg = impl_arg(ex->im);
    f->replay = xasprintf("dllshm-conform --runner %s %s %s", ex->r->name, iarg, f->file);
    f->again = xasprintf("dllshm-conform --explore --seed %llu --runs 1 --max-steps %d --runner %s %s",
                         (unsigned long long)f->seed, o->max_steps, ex->r->name, iarg);
    free(iarg);
    struct verdict conf;
    size_t kept = 0;   /* actions in the file that failed again */
    int confirmed = confirm_finding(ex, f, p, &orig, runs0, &conf, &kept);
    if (ex->wrote) out->file = xstrdup(f->file);   /* JUnit's file=, the JSON's "file" */
    if (confirmed) {
        out->outcome = conf.outcome;
        out->reason = xasprintf("%s: %s (shrunk from %lu to %lu actions; seed %llu; replay: %s)", f->what, f->file,
                                (unsigned long)before, (unsigned long)kept, (unsigned long long)f->seed, f->replay);
        out->output = conf.output;
        conf.output = NULL;
        verdict_free(&conf);
    } else {
        char step[120];
        shorten_into(step, sizeof step, f->res.reason);
        out->reason = xasprintf("%s, but not again on replay (flaky?): %s (seed %llu): %s", f->what, f->file,
                                (unsigned long long)f->seed, step);
        out->output = f->res.output;
        f->res.output = NULL;
    }
    prog_free(&orig);
}

/* A finding settled into its own verdict (one), then merged into out: the
 * first names the result's file and outcome, every one adds its reason. */
static void add_finding(struct verdict *out, struct verdict *one, struct sb *reasons)
{
    sb_printf(reasons, "%s%s", reasons->len ? "; also " : "", one->reason ? one->reason : "failed");
    if (out->outcome == OUT_PASS || out->outcome == OUT_SKIP) {
        out->outcome = one->outcome;
        out->file = one->file;
        one->file = NULL;
    }
    if (one->output) {
        struct sb o;
        sb_init(&o);
        sb_printf(&o, "%s%s", out->output ? out->output : "", one->output);
        free(out->output);
        out->output = sb_steal(&o);
    }
    verdict_free(one);
}

/* One implementation on one runner: search, settle what was found, and
 * search on for failures of other kinds until the budget ends. */
static void explore_one(struct explorer *ex, struct verdict *out)
{
    struct sb reasons;
    sb_init(&reasons);
    result_begin(out, "explore", EXPLORE_TITLE, LEVEL_DOCUMENTED, ex->im, ex->r);
    out->outcome = OUT_PASS;
    ex->t0 = ex->last = proc_now_ms();
    ex->next_seed = ex->o->seed;
    for (;;) {
        struct prog p = { NULL, 0 };
        struct finding f;
        memset(&f, 0, sizeof f);
        int found = search(ex, &p, &f);
        if (f.res.outcome == OUT_PASS) { verdict_free(&f.res); prog_free(&p); break; }   /* the budget is spent */
        struct verdict one;
        memset(&one, 0, sizeof one);
        one.outcome = f.res.outcome;
        if (!found) {   /* the explorer's own trouble, or a failure outside any step */
            one.reason = xasprintf("program of seed %llu: %s", (unsigned long long)f.seed,
                                   f.res.reason ? f.res.reason : "failed");
            one.output = f.res.output;
            f.res.output = NULL;
        } else {
            failure_kind(&f.first, ex->found[ex->nfound], sizeof ex->found[0]);
            settle_finding(ex, &p, &f, &one);
            sb_printf(&ex->report, "    kind: %s (--ignore %s sets it aside)\n", ex->found[ex->nfound],
                      ex->found[ex->nfound]);
            ex->nfound++;
        }
        add_finding(out, &one, &reasons);
        verdict_free(&f.res);
        free(f.what); free(f.file); free(f.replay); free(f.again);
        prog_free(&p);
        if (!found || ex->nfound == (int)(sizeof ex->found / sizeof ex->found[0])
            || (ex->o->max_findings && ex->nfound >= (int)ex->o->max_findings)) break;
    }
    if (out->outcome == OUT_PASS)   /* An inconclusive phase is no pass of its check: counted apart. */
        out->reason = xasprintf("no failure in %u programs (%u steps; %u concurrent phases, %u of them inconclusive), "
                                "seeds %llu..%llu%s", ex->programs, ex->steps, ex->histories, ex->inconclusive,
                                (unsigned long long)ex->o->seed, (unsigned long long)(ex->next_seed - 1),
                                ex->known_seen ? " (failures of a kind set aside were met)" : "");
    else
        out->reason = sb_steal(&reasons);
    sb_free(&reasons);
    out->duration_ms = (long)(proc_now_ms() - ex->t0);
}

/* The jobs' work: one implementation on one runner, explored. */
struct explore_work {
    const struct explore_opts *o;
    const struct config *cfg;
    proc_mutex_t *lock;        /* the live progress line */
    int nworkers;
    unsigned programs, steps, found, files;   /* for the summary */
};

static void explore_job(void *arg, struct job *j, const struct run_ctx *rc)
{
    struct explore_work *xw = arg;
    struct explorer ex;
    memset(&ex, 0, sizeof ex);
    sb_init(&ex.report);
    ex.o = xw->o; ex.cfg = xw->cfg; ex.im = j->im; ex.r = j->r; ex.lock = xw->lock;
    ex.live = xw->nworkers == 1 && proc_is_terminal(stdout);
    ex.ctx = *rc;
    ex.ctx.serial = rc->serial * 100000;   /* each program's block name apart from other jobs' */
    explore_one(&ex, &j->res);
    free(ex.base);
    j->preface = sb_steal(&ex.report);
    proc_mutex_lock(xw->lock);
    xw->programs += ex.programs;
    xw->steps += ex.steps;
    xw->found += j->res.outcome != OUT_PASS && j->res.outcome != OUT_SKIP;
    xw->files += ex.wrote;
    proc_mutex_unlock(xw->lock);
}

size_t explore_run(const struct explore_opts *o, const struct config *cfg, const struct rules *rules,
                   const struct impl *const *impls, size_t nimpl, struct runner *const *runners, size_t nrun,
                   const char *const *prefixes, struct job *jobs)
{
    struct explore_work xw = { o, cfg, proc_mutex_new(), 1, 0, 0, 0, 0 };
    size_t total = 0;
    for (size_t r = 0; r < nrun; r++)
        for (size_t i = 0; i < nimpl; i++) {
            const struct impl *im = impls[i];
            const struct runner *ru = runners[r];
            struct job *j = &jobs[total++];
            memset(j, 0, sizeof *j);
            const struct rule *rule = rules_match(rules, "explore", im->name, ru->name);
            j->im = im; j->r = ru;
            j->expected = rule ? rule->expected : EXPECT_PASS;
            j->rule_reason = rule ? rule->reason : NULL;
            j->cost = 1;   /* each takes its budget */
            if (!ru->available) j->skip = xstrdup(ru->reason ? ru->reason : "runner unavailable");
            else if (j->expected == EXPECT_SKIP)
                j->skip = xstrdup(rule->reason && *rule->reason ? rule->reason : "skipped by scenarios/expectations");
            for (int a = 0; a < ARCH_COUNT && !j->skip; a++)
                if ((ru->arches & (1 << a)) && !im->path[a]) j->skip = xasprintf("%s is not built for %s", im->name, arch_dir(a));
            if (!j->skip && im->capacity != MODEL_CAP)   /* the model is the documented block's */
                j->skip = xasprintf("the explorer's model stores %d characters, the documented sample's; %s stores %ld "
                                    "(the scenarios judge it at its own capacity)", MODEL_CAP, im->name, im->capacity);
        }
    uint64_t t0 = proc_now_ms();
    /* One worker per Wine prefix (its own namespace); natively the
     * scheduler runs fixed-name DLLs one at a time. */
    while (prefixes && xw.nworkers < cfg->jobs && xw.nworkers < 32 && prefixes[xw.nworkers]) xw.nworkers++;
    if (!prefixes) xw.nworkers = cfg->jobs;
    if ((size_t)xw.nworkers > total) xw.nworkers = total ? (int)total : 1;
    printf("explore: seed %llu; ", (unsigned long long)o->seed);
    if (o->runs) printf("%u programs", o->runs); else printf("%.0f s of programs", o->budget_s);
    printf(" of at most %d steps per implementation and runner, %d at a time; a failure is shrunk in at most %u runs into %s/\n",
           o->max_steps, xw.nworkers, o->shrink_runs, o->dir);
    sched_run(jobs, total, cfg, prefixes, xw.nworkers, explore_job, &xw);
    proc_mutex_free(xw.lock);
    printf("explore: %lu combinations, %u programs, %u steps, %u failure%s found, %u .scn written in %s/, %.1f s, seed %llu\n",
           (unsigned long)total, xw.programs, xw.steps, xw.found, xw.found == 1 ? "" : "s", xw.files, o->dir,
           (proc_now_ms() - t0) / 1000.0, (unsigned long long)o->seed);
    return total;
}
