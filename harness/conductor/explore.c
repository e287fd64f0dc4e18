/* dllshm-conform --explore (explore.h).  For each implementation and
 * runner: programs from seeds S, S+1, ... (explore_prog.c) are rendered as
 * scenario text with the model's predictions, parsed by the normal parser
 * and run by run_scenario, so what is written is exactly what ran.  The
 * first failure is shrunk by runs of candidates that must fail the same way
 * (same kind of step, same check), written as a .scn, and that file is
 * replayed once more from disk to confirm it. */
#include "explore.h"
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
          "  --explore-dir DIR      where shrunk scenarios go (default results/explore)\n", f);
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
        fprintf(stderr, "dllshm-conform: --seed, --runs, --budget, --shrink-runs, --max-steps and --explore-dir need --explore\n");
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
};

/* Renders, parses and runs p; 0 with *res filled, -1 if the text did not
 * parse (the explorer's bug, said on stderr). */
static int run_prog(struct explorer *ex, const struct prog *p, const char *path, const char *title,
                    const char *comments, struct rendered *r, struct scenario **sp, struct result_rec *res)
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
    run_scenario(&ex->ctx, *sp, ex->im, ex->r, res);
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
    struct result_rec res;
    struct failure f;
    int same = 0;
    if (run_prog(ex, cand, ex->base, "shrinking", NULL, &r, &s, &res) == 0) {
        same = failure_of(&res, s, &r, cand, &f) == 0 && same_failure(&f, &ex->want);
        if (same) *fail_act = (size_t)f.act;
        result_free(&res);
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
    if (im->fixture || im->honours_name) return xasprintf("--impl %s", im->name);
    return xasprintf("--dll %s --impl %s", im->path[PE_X86_64] ? im->path[PE_X86_64] : im->path[PE_I686], im->name);
}

static void shorten_into(char *dst, size_t size, const char *s)
{
    size_t n = strcspn(s, "\n");
    if (n < size) snprintf(dst, size, "%.*s", (int)n, s);
    else snprintf(dst, size, "%.*s...", (int)(size - 4), s);
}

/* Explores one implementation on one runner into *out. */
static void explore_one(struct explorer *ex, struct result_rec *out)
{
    const struct explore_opts *o = ex->o;
    struct gen_opts g = { o->max_steps, ex->r->arches == ((1 << PE_I686) | (1 << PE_X86_64)) };
    struct prog p = { NULL, 0 };
    struct failure first;
    struct result_rec res;
    memset(&res, 0, sizeof res);
    uint64_t seed = o->seed;
    int found = 0;
    ex->t0 = ex->last = proc_now_ms();
    for (unsigned i = 0; o->runs ? i < o->runs : proc_now_ms() - ex->t0 < (uint64_t)(o->budget_s * 1000); i++) {
        seed = o->seed + i;
        prog_generate(&p, seed, &g);
        char *path = xasprintf("explore-%llu.scn", (unsigned long long)seed);
        char *title = xasprintf("explore program, seed %llu", (unsigned long long)seed);
        struct rendered r;
        struct scenario *s;
        int bad = run_prog(ex, &p, path, title, NULL, &r, &s, &res);
        free(path);
        free(title);
        if (bad) { rendered_free(&r); prog_free(&p); memset(&res, 0, sizeof res); res.outcome = OUT_FAIL; break; }
        ex->programs++;
        ex->steps += (unsigned)s->nsteps;
        ex->histories += res.histories;
        ex->inconclusive += res.inconclusive;
        if (res.outcome != OUT_PASS) {
            found = failure_of(&res, s, &r, &p, &first) == 0;
            if (!found) {   /* not attributable to a step: report it as it is */
                scenario_free(s);
                rendered_free(&r);
                break;
            }
        }
        scenario_free(s);
        rendered_free(&r);
        if (found) break;
        result_free(&res);
        memset(&res, 0, sizeof res);
        prog_free(&p);
        progress(ex, 0, 0);
    }
    progress(ex, found || res.outcome != OUT_PASS, 1);
    memset(out, 0, sizeof *out);
    out->scenario = xstrdup("explore");
    out->title = xstrdup(EXPLORE_TITLE);
    out->impl = xstrdup(ex->im->name);
    out->runner = xstrdup(ex->r->name);
    out->duration_ms = (unsigned)(proc_now_ms() - ex->t0);
    out->outcome = res.outcome;
    if (res.outcome == OUT_PASS) {
        /* An inconclusive phase (no read overlapped a write) is no pass of its check: counted apart. */
        out->reason = xasprintf("no failure in %u programs (%u steps; %u concurrent phases, %u of them inconclusive), "
                                "seeds %llu..%llu", ex->programs, ex->steps, ex->histories, ex->inconclusive,
                                (unsigned long long)o->seed, (unsigned long long)seed);
        prog_free(&p);
        return;
    }
    if (!found) {   /* the explorer's own trouble, or a failure outside any step */
        out->reason = xasprintf("program of seed %llu: %s", (unsigned long long)seed, res.reason ? res.reason : "failed");
        out->output = res.output;
        res.output = NULL;
        result_free(&res);
        prog_free(&p);
        return;
    }

    /* Shrink, then write and replay the file itself. */
    char *what = failure_describe(&first);
    size_t before = p.n;
    char why0[400];
    shorten_into(why0, sizeof why0, res.reason);
    sb_printf(&ex->report, "explore  %s  %s: found by the program of seed %llu (program %u, after %.1f s): %s\n    %s\n",
              ex->r->name, ex->im->name, (unsigned long long)seed, ex->programs, (proc_now_ms() - ex->t0) / 1000.0, what,
              why0);
    free(ex->base);
    ex->base = xasprintf("%s-%s-%llu.scn", ex->im->name, ex->r->name, (unsigned long long)seed);
    ex->want = first;
    struct prog orig;
    prog_copy(&orig, &p);
    struct shrink_stats st;
    unsigned runs0 = ex->runs;
    ex->shrink_t0 = proc_now_ms();
    shrink(&p, (size_t)first.act, shrink_test_run, ex, o->shrink_runs, &st);
    char *file = xasprintf("%s/%s", o->dir, ex->base);
    char *iarg = impl_arg(ex->im);
    char *replay = xasprintf("dllshm-conform --runner %s %s %s", ex->r->name, iarg, file);
    char *again = xasprintf("dllshm-conform --explore --seed %llu --runs 1 --max-steps %d --runner %s %s",
                            (unsigned long long)seed, o->max_steps, ex->r->name, iarg);
    struct result_rec conf;
    struct failure cf;
    int confirmed = 0;
    size_t kept = 0;   /* actions in the file that failed again */
    for (int attempt = 0; attempt < 2 && !confirmed; attempt++) {
        /* attempt 1: the shrunk program; 2: the original, when the shrunk one did not fail the same way on replay */
        const struct prog *w = attempt ? &orig : &p;
        char *title = xasprintf("explore: %s (%s, seed %llu)", what, ex->im->name, (unsigned long long)seed);
        char why[320];
        shorten_into(why, sizeof why, res.reason);
        char *comments = xasprintf("Found by: %s\nReplay:   %s\nFailed:   %s%s", again, replay, why,
                                   attempt ? "\n(not shrunk: the shrunk program did not fail the same way again)" : "");
        struct rendered r;
        char err[512];
        prog_render(w, title, comments, &r);
        free(title);
        free(comments);
        if (make_dirs(o->dir) || write_file(file, r.text, strlen(r.text))) {
            fprintf(stderr, "dllshm-conform: --explore: cannot write %s: %s\n", file, strerror(errno));
            rendered_free(&r);
            break;
        }
        ex->wrote = 1;
        struct scenario *s = scenario_load(file, err, sizeof err);
        if (!s) { fprintf(stderr, "dllshm-conform: --explore: %s\n", err); rendered_free(&r); break; }
        int runs = timing_dependent(&first) ? TIMED_RUNS : 1, need = runs > 1 ? TIMED_NEEDED : 1, hits = 0;
        memset(&conf, 0, sizeof conf);
        for (int k = 0; k < runs && hits < need && hits + (runs - k) >= need; k++) {
            struct result_rec one;
            ex->ctx.serial++;
            ex->runs++;
            run_scenario(&ex->ctx, s, ex->im, ex->r, &one);
            if (failure_of(&one, s, &r, w, &cf) == 0 && same_failure(&cf, &first)) {
                result_free(&conf);
                conf = one;
                hits++;
            } else result_free(&one);
        }
        confirmed = hits >= need;
        if (confirmed) kept = w->n;
        if (confirmed) {
            /* The file then says how it failed itself: same steps, same lines. */
            char why2[320];
            shorten_into(why2, sizeof why2, conf.reason);
            char *t2 = xasprintf("explore: %s (%s, seed %llu)", what, ex->im->name, (unsigned long long)seed);
            char *c2 = xasprintf("Found by: %s\nReplay:   %s\nFailed:   %s%s", again, replay, why2,
                                 runs > 1 ? "\nTiming:   a concurrent failure hangs on timing: it failed in 2 of 3 runs here" : "");
            rendered_free(&r);
            prog_render(w, t2, c2, &r);
            free(t2);
            free(c2);
            if (write_file(file, r.text, strlen(r.text)))
                fprintf(stderr, "dllshm-conform: --explore: cannot write %s: %s\n", file, strerror(errno));
        }
        if (confirmed || attempt) {
            sb_printf(&ex->report, "    %s %lu steps in %u runs%s: %s\n", attempt ? "kept all" : "shrunk to", (unsigned long)s->nsteps,
                   ex->runs - runs0, ex->shrink_late ? " (stopped after 120 s)" : "", file);
            for (const char *c = r.text; *c; ) {
                size_t n = strcspn(c, "\n");
                char line[200];
                shorten_into(line, sizeof line, c);
                sb_printf(&ex->report, "      %s\n", line);
                c += n + (c[n] == '\n');
            }
            sb_printf(&ex->report, "    replay:      %s\n    explore it:  %s\n", replay, again);
        }
        scenario_free(s);
        rendered_free(&r);
        if (!confirmed) result_free(&conf);
    }
    char step[120];
    shorten_into(step, sizeof step, res.reason);
    if (ex->wrote) out->file = xstrdup(file);   /* JUnit's file=, the JSON's "file" */
    if (confirmed) {
        out->outcome = conf.outcome;
        out->reason = xasprintf("%s: %s (shrunk from %lu to %lu actions; seed %llu; replay: %s)", what, file,
                                (unsigned long)before, (unsigned long)kept, (unsigned long long)seed, replay);
        out->output = conf.output;
        conf.output = NULL;
        result_free(&conf);
    } else {
        out->reason = xasprintf("%s, but not again on replay (flaky?): %s (seed %llu): %s", what, file,
                                (unsigned long long)seed, step);
        out->output = res.output;
        res.output = NULL;
    }
    out->duration_ms = (unsigned)(proc_now_ms() - ex->t0);
    result_free(&res);
    free(what); free(file); free(iarg); free(replay); free(again);
    prog_free(&orig);
    prog_free(&p);
}

/* The implementation x runner combinations, taken by one worker per Wine
 * prefix. */
struct pool {
    const struct explore_opts *o;
    const struct config *cfg;
    const struct rules *rules;
    const struct impl *const *impls;
    size_t nimpl;
    struct runner *const *runners;
    struct job *jobs;
    size_t total, next, done;
    int nworkers;
    proc_mutex_t *lock;
    unsigned programs, steps, found, files;   /* for the summary */
};

struct pool_worker { struct pool *pl; const char *prefix; };

static void explore_combo(struct pool *pl, size_t k, const char *prefix)
{
    const struct impl *im = pl->impls[k % pl->nimpl];
    const struct runner *r = pl->runners[k / pl->nimpl];
    struct job *j = &pl->jobs[k];
    const struct rule *ru = rules_match(pl->rules, "explore", im->name, r->name);
    j->expected = ru ? ru->expected : EXPECT_PASS;
    j->rule_reason = ru ? ru->reason : NULL;
    char *skip = NULL;
    if (!r->available) skip = xstrdup(r->reason ? r->reason : "runner unavailable");
    else if (j->expected == EXPECT_SKIP) skip = xstrdup(ru->reason && *ru->reason ? ru->reason : "skipped by scenarios/expectations");
    for (int a = 0; a < PE_NARCH && !skip; a++)
        if ((r->arches & (1 << a)) && !im->path[a]) skip = xasprintf("%s is not built for %s", im->name, pe_dir_name[a]);
    struct result_rec *res = &j->res;
    struct explorer ex;
    memset(&ex, 0, sizeof ex);
    sb_init(&ex.report);
    if (skip) {
        memset(res, 0, sizeof *res);
        res->scenario = xstrdup("explore");
        res->title = xstrdup(EXPLORE_TITLE);
        res->impl = xstrdup(im->name);
        res->runner = xstrdup(r->name);
        res->outcome = OUT_SKIP;
        res->reason = skip;
    } else {
        ex.o = pl->o; ex.cfg = pl->cfg; ex.im = im; ex.r = r; ex.lock = pl->lock;
        ex.live = pl->nworkers == 1 && proc_is_terminal(stdout);
        ex.ctx.cfg = pl->cfg; ex.ctx.prefix = prefix; ex.ctx.pid = proc_self_pid();
        ex.ctx.serial = (unsigned long)(k + 1) * 100000;   /* block names apart from other combinations' */
        explore_one(&ex, res);
        free(ex.base);
    }
    res->expected = j->expected;
    res->result = classify(res->outcome, j->expected);
    if (res->result == RES_XPASS) {
        char *why = xasprintf("%s, but scenarios/expectations says the explorer finds a failure%s%s", res->reason,
                              j->rule_reason && *j->rule_reason ? ": " : "", j->rule_reason ? j->rule_reason : "");
        free(res->reason);
        res->reason = why;
    }
    char line[1024];
    proc_mutex_lock(pl->lock);
    fputs(ex.report.buf, stdout);
    pl->programs += ex.programs;
    pl->steps += ex.steps;
    pl->found += res->outcome != OUT_PASS && res->outcome != OUT_SKIP;
    pl->files += ex.wrote;
    progress_line(res, (unsigned)++pl->done, (unsigned)pl->total, line, sizeof line);
    printf("%s\n", line);
    if (result_failed(res->result) && res->output)
        for (const char *p = res->output; *p; ) {
            size_t len = strcspn(p, "\n");
            printf("    %.*s\n", (int)len, p);
            p += len + (p[len] == '\n');
        }
    fflush(stdout);
    proc_mutex_unlock(pl->lock);
    sb_free(&ex.report);
}

static void pool_worker_main(void *arg)
{
    struct pool_worker *w = arg;
    struct pool *pl = w->pl;
    for (;;) {
        proc_mutex_lock(pl->lock);
        size_t k = pl->next < pl->total ? pl->next++ : pl->total;
        proc_mutex_unlock(pl->lock);
        if (k == pl->total) break;
        explore_combo(pl, k, w->prefix);
    }
}

size_t explore_run(const struct explore_opts *o, const struct config *cfg, const struct rules *rules,
                   const struct impl *const *impls, size_t nimpl, struct runner *const *runners, size_t nrun,
                   const char *const *prefixes, struct job *jobs)
{
    struct pool pl = { o, cfg, rules, impls, nimpl, runners, jobs, nimpl * nrun, 0, 0, 1, proc_mutex_new(), 0, 0, 0, 0 };
    uint64_t t0 = proc_now_ms();
    /* One worker per Wine prefix (its own namespace); natively one, since
     * a fixed-name DLL's block would be shared. */
    while (prefixes && pl.nworkers < cfg->jobs && pl.nworkers < 32 && prefixes[pl.nworkers]) pl.nworkers++;
    if ((size_t)pl.nworkers > pl.total) pl.nworkers = pl.total ? (int)pl.total : 1;
    printf("explore: seed %llu; ", (unsigned long long)o->seed);
    if (o->runs) printf("%u programs", o->runs); else printf("%.0f s of programs", o->budget_s);
    printf(" of at most %d steps per implementation and runner, %d at a time; a failure is shrunk in at most %u runs into %s/\n",
           o->max_steps, pl.nworkers, o->shrink_runs, o->dir);
    struct pool_worker ws[32];
    proc_thread_t *ts[32];
    for (int k = 0; k < pl.nworkers; k++) {
        ws[k].pl = &pl;
        ws[k].prefix = prefixes ? prefixes[k] : NULL;
        ts[k] = pl.nworkers > 1 ? proc_thread_start(pool_worker_main, &ws[k]) : NULL;
        if (!ts[k]) pool_worker_main(&ws[k]);
    }
    for (int k = 0; k < pl.nworkers; k++) proc_thread_join(ts[k]);
    proc_mutex_free(pl.lock);
    printf("explore: %lu combinations, %u programs, %u steps, %u failure%s found, %u .scn written in %s/, %.1f s, seed %llu\n",
           (unsigned long)pl.total, pl.programs, pl.steps, pl.found, pl.found == 1 ? "" : "s", pl.files, o->dir,
           (proc_now_ms() - t0) / 1000.0, (unsigned long long)o->seed);
    return pl.total;
}
