/* The scheduler: every (runner, scenario or exploration, implementation)
 * is one job; N workers take them, the costliest first.  Under Wine each
 * worker has its own prefix; on Windows, DLLs with the fixed block name
 * run one at a time.  One place begins and finishes a result, for scenario
 * runs and explorations alike. */
#ifndef DLLSHM_SCHED_H
#define DLLSHM_SCHED_H

#include "conductor.h"

struct job {
    const struct scenario *s;  /* NULL: an exploration (explore.h) */
    const struct impl *im;
    const struct runner *r;
    enum expected expected;
    const char *rule_reason;  /* from scenarios/expectations */
    char *skip;               /* set: do not run, result skip with this reason */
    unsigned long cost;       /* a rough cost, for the order (0: the scenario's) */
    struct verdict res;
    char *preface;            /* printed before its progress line; NULL: none */
};

/* What a worker does with a job that runs: fill j->res (result_begin, then
 * what happened) and, if it likes, j->preface. */
typedef void sched_work_fn(void *ctx, struct job *j, const struct run_ctx *rc);

/* Run the jobs with one worker per prefix (prefixes[k], or NULL each on
 * Windows), each through work; prints a progress line per finished job. */
void sched_run(struct job *jobs, size_t n, const struct config *cfg, const char *const *prefixes, int nworkers,
               sched_work_fn *work, void *ctx);
/* The work of a scenario job: run_scenario. */
sched_work_fn sched_run_scenario;

/* A result's header: what ran where. */
void result_begin(struct verdict *v, const char *scenario, const char *title, int level, const struct impl *im,
                  const struct runner *r);

#endif
