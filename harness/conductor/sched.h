/* The scheduler: every (runner, scenario, implementation) is one job; N
 * workers take them in order.  Under Wine each worker has its own prefix;
 * on Windows, DLLs with the fixed block name run one at a time. */
#ifndef DLLSHM_SCHED_H
#define DLLSHM_SCHED_H

#include "conductor.h"

struct job {
    const struct scenario *s;
    const struct impl *im;
    const struct runner *r;
    enum expected expected;
    const char *rule_reason;  /* from scenarios/expectations */
    char *skip;               /* set: do not run, result skip with this reason */
    struct result_rec res;
};

/* Run the jobs with one worker per prefix (prefixes[k], or NULL each on
 * Windows); prints a progress line per finished job. */
void sched_run(struct job *jobs, size_t n, const struct config *cfg, const char *const *prefixes, int nworkers);

#endif
