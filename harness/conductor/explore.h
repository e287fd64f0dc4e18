/* dllshm-conform --explore: random programs against each implementation,
 * judged by the model of the contract (model.h); a failing one is shrunk
 * (shrink.h) and written as a scenario file that the conductor replays. */
#ifndef DLLSHM_EXPLORE_H
#define DLLSHM_EXPLORE_H

#include "conductor.h"
#include "expectations.h"
#include "sched.h"

#include <stdint.h>
#include <stdio.h>

struct explore_opts {
    int on, given;           /* --explore; any of its options */
    uint64_t seed;
    int have_seed;
    unsigned runs;           /* programs per implementation x runner; 0: by budget */
    double budget_s;         /* seconds of exploring per implementation x runner */
    unsigned shrink_runs;    /* runs the shrinker may make */
    int shrink_given;
    int max_steps;
    const char *dir;         /* where the shrunk scenarios go */
    const char *ignore[16];  /* --ignore KIND: failures set aside (explore_fail.h) */
    int nignore;
    unsigned max_findings;   /* --max-findings: stop after this many kinds (0: the budget decides) */
};

/* argv[i] and its value when it is an option of --explore: returns how
 * many arguments it took (0: not one of ours; -1: a bad value, said on
 * stderr). */
int explore_parse_opt(int argc, char **argv, int i, struct explore_opts *o);
/* Defaults; or -1 (said on stderr) when the options make no sense
 * together (nscenarios: scenario files and --scenario given). */
int explore_check(struct explore_opts *o, int nscenarios);
void explore_usage(FILE *f);
/* Explores every implementation on every runner: one result each, in
 * jobs[0..] (room for nimpl x nrun); returns how many.  prefixes: the
 * workers' Wine prefixes (NULL-terminated, up to cfg->jobs of them), or NULL
 * natively. */
size_t explore_run(const struct explore_opts *o, const struct config *cfg, const struct rules *rules,
                   const struct impl *const *impls, size_t nimpl, struct runner *const *runners, size_t nrun,
                   const char *const *prefixes, struct job *jobs);

#endif
