#include "sched.h"
#include "commands.h"
#include "proc.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sched {
    struct job *jobs;
    size_t *order;             /* jobs by estimated cost, longest first */
    size_t n, next, done;
    const struct config *cfg;
    proc_mutex_t *lock;        /* jobs, counters, stdout */
    proc_mutex_t *fixed_name;  /* Windows: one fixed-name DLL at a time */
    unsigned long serial;
    sched_work_fn *work;
    void *ctx;
};

struct worker { struct sched *sc; const char *prefix; };

/* Does the scenario name a kernel object itself (`open NAME`, `squat KIND
 * NAME`) instead of taking the per-run DLLSHM_NAME?  Such a name is the same
 * in every run of the scenario, whatever the implementation. */
static int names_own_objects(const struct scenario *s)
{
    for (size_t i = 0; s && i < s->nsteps; i++) {
        const char *c = s->steps[i].kind == STEP_SEND ? s->steps[i].command : NULL;
        if (!c) continue;
        if (!strncmp(c, "open ", 5)) return 1;
        if (!strncmp(c, "squat ", 6) && strchr(c + 6, ' ')) return 1;
    }
    return 0;
}

/* Under Wine each worker's prefix is its own object namespace; natively
 * every worker shares the session's, so a run that uses a fixed name (a
 * DLL that ignores DLLSHM_NAME, or a scenario's own block name) waits for
 * any other such run. */
static int needs_fixed_name_lock(const struct job *j)
{
    return !j->r->wine && (!j->im->honours_name || names_own_objects(j->s));
}

void result_begin(struct verdict *v, const char *scenario, const char *title, int level, const struct impl *im,
                  const struct runner *r)
{
    memset(v, 0, sizeof *v);
    v->scenario = xstrdup(scenario);
    v->title = xstrdup(title);
    v->level = level;
    v->impl = xstrdup(im->name);
    v->role = im->role;
    v->runner = xstrdup(r->name);
    v->duration_ms = 0;
}

/* The verdict against the expectation, said in words where it surprises. */
static void result_finish(struct job *j)
{
    struct verdict *r = &j->res;
    r->expected = j->expected;
    r->result = classify(r->outcome, j->expected);
    if (r->result == RES_XPASS) {
        char *why = xasprintf("%s, but scenarios/expectations says it fails%s%s", r->reason ? r->reason : "passed",
                              j->rule_reason && *j->rule_reason ? ": " : "", j->rule_reason ? j->rule_reason : "");
        free(r->reason);
        r->reason = why;
    }
    if (r->result == RES_SKIP && !r->reason) r->reason = xstrdup(j->rule_reason ? j->rule_reason : "skipped");
}

static void print_lines(const char *text, const char *indent)
{
    for (const char *p = text; *p; ) {
        size_t len = strcspn(p, "\n");
        printf("%s%.*s\n", indent, (int)len, p);
        p += len + (p[len] == '\n');
    }
}

static void finish(struct sched *sc, struct job *j)
{
    struct verdict *r = &j->res;
    result_finish(j);
    char line[1024];
    proc_mutex_lock(sc->lock);
    sc->done++;
    if (j->preface) fputs(j->preface, stdout);
    progress_line(r, (unsigned)sc->done, (unsigned)sc->n, line, sizeof line);
    printf("%s\n", line);
    /* The transcripts of anything that failed the run, at once. */
    if ((result_failed(r->result) || r->result == RES_ERROR || sc->cfg->verbose) && r->output)
        print_lines(r->output, "    ");
    fflush(stdout);
    proc_mutex_unlock(sc->lock);
}

static void worker_main(void *arg)
{
    struct worker *w = arg;
    struct sched *sc = w->sc;
    for (;;) {
        proc_mutex_lock(sc->lock);
        size_t i = sc->next < sc->n ? sc->order[sc->next++] : sc->n;
        unsigned long serial = ++sc->serial;
        proc_mutex_unlock(sc->lock);
        if (i == sc->n) break;
        struct job *j = &sc->jobs[i];
        if (j->skip) continue;  /* reported up front */
        struct run_ctx ctx = { sc->cfg, w->prefix, proc_self_pid(), serial };
        int serialise = needs_fixed_name_lock(j);
        if (serialise) proc_mutex_lock(sc->fixed_name);
        sc->work(sc->ctx, j, &ctx);
        if (serialise) proc_mutex_unlock(sc->fixed_name);
        finish(sc, j);
    }
}

/* A scenario with {cap} runs as written for the implementation's capacity. */
void sched_run_scenario(void *ctx, struct job *j, const struct run_ctx *rc)
{
    char err[512];
    (void)ctx;
    struct scenario *s = scenario_for_capacity((struct scenario *)j->s, j->im->capacity, err, sizeof err);
    if (!s) {
        result_begin(&j->res, j->s->name, j->s->title, (int)j->s->level, j->im, j->r);
        j->res.outcome = OUT_ERROR;
        j->res.check = CHECK_INSTRUMENT;
        j->res.reason = xasprintf("the scenario for a capacity of %ld characters: %s", j->im->capacity, err);
        return;
    }
    run_scenario_judged(rc, s, j->im, j->r, &j->res);
    if (s != j->s) scenario_free(s);
}

/* A rough cost of a scenario in ms: agent starts and the waits its commands
 * ask for.  Only the order matters: the longest jobs start first, so no
 * worker is left with a long one at the end while the others idle. */
static unsigned long scenario_cost(const struct scenario *s)
{
    unsigned long cost = 0;
    for (size_t i = 0; i < s->nsteps; i++) {
        const struct step *st = &s->steps[i];
        unsigned long arg = 0;
        if (st->kind == STEP_START || st->kind == STEP_RUN) cost += 150;
        else if (st->kind == STEP_SEND && st->command) {
            size_t w = strcspn(st->command, " ");
            const struct command_info *c = command_find(st->command, w);
            if (st->command[w]) arg = strtoul(st->command + w + 1, NULL, 10);
            enum command_cost k = c ? c->cost : COST_STEP;
            if (k == COST_KILLS) cost += arg * 25;
            else if (k == COST_WAIT_MS && !st->background) cost += arg;
            else if (k == COST_BG_MS && st->background) cost += arg / 2;
            else cost += 2;
        }
    }
    return cost;
}

static const struct job *cost_jobs;
static unsigned long job_cost(const struct job *j) { return j->cost ? j->cost : j->s ? scenario_cost(j->s) : 0; }
static int by_cost_desc(const void *a, const void *b)
{
    unsigned long ca = job_cost(&cost_jobs[*(const size_t *)a]);
    unsigned long cb = job_cost(&cost_jobs[*(const size_t *)b]);
    if (ca != cb) return ca < cb ? 1 : -1;
    return *(const size_t *)a < *(const size_t *)b ? -1 : 1; /* stable */
}

void sched_run(struct job *jobs, size_t n, const struct config *cfg, const char *const *prefixes, int nworkers,
               sched_work_fn *work, void *ctx)
{
    struct sched sc = { jobs, xcalloc(n ? n : 1, sizeof(size_t)), n, 0, 0, cfg, proc_mutex_new(), proc_mutex_new(), 0,
                        work, ctx };
    for (size_t i = 0; i < n; i++) sc.order[i] = i;
    cost_jobs = jobs;
    qsort(sc.order, n, sizeof *sc.order, by_cost_desc);
    /* Skips first: they cost nothing and say early what will not run. */
    for (size_t i = 0; i < n; i++) {
        struct job *j = &jobs[i];
        if (!j->skip) continue;
        result_begin(&j->res, j->s ? j->s->name : "", j->s ? j->s->title : "", j->s ? (int)j->s->level : LEVEL_UNKNOWN,
                     j->im, j->r);
        j->res.outcome = OUT_SKIP;
        j->res.reason = xstrdup(j->skip);
        if (cfg->verbose) finish(&sc, j);
        else {
            result_finish(j);
            sc.done++;
        }
    }
    if (!cfg->verbose && sc.done) {
        printf("(%zu skipped: see the table and the results file)\n", sc.done);
        fflush(stdout);
    }
    struct worker *ws = xcalloc((size_t)nworkers, sizeof *ws);
    proc_thread_t **ts = xcalloc((size_t)nworkers, sizeof *ts);
    for (int k = 0; k < nworkers; k++) {
        ws[k].sc = &sc;
        ws[k].prefix = prefixes ? prefixes[k] : NULL;
        ts[k] = nworkers > 1 ? proc_thread_start(worker_main, &ws[k]) : NULL;
        if (!ts[k]) worker_main(&ws[k]);  /* one worker, or no thread: run here */
    }
    for (int k = 0; k < nworkers; k++) proc_thread_join(ts[k]);
    free(ws);
    free(ts);
    proc_mutex_free(sc.lock);
    proc_mutex_free(sc.fixed_name);
    free(sc.order);
}
