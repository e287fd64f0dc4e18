/*
 * report.h - the report tool's model of merged result files.
 *
 * One rs_set holds every result (struct verdict, harness/common/verdict.h)
 * of any number of "dllshm-results/1" files (harness/RESULTS.md), keyed by
 * (scenario, implementation, runner), plus the host facts and the runner
 * list of each file.  load.c fills it (jansson stays there), compare.c
 * compares two of them, markdown.c and html.c write them out, save.c
 * writes one back as a results file (the baseline).
 */
#ifndef DLLSHM_REPORT_H
#define DLLSHM_REPORT_H

#include "verdict.h"

#include <stddef.h>
#include <stdio.h>

/* Where a runner's results came from (RESULTS.md, "source"): the host's
 * name, its OS, the Wine version, the commit and the date of the run.
 * Any field may be NULL (older files say less). */
typedef struct rs_provenance {
    char *host, *os, *wine, *commit, *date;
} rs_provenance;

typedef struct rs_runner {
    char *name;
    int available;                 /* -1: not listed, only seen in results */
    int error;                     /* not run because its probe failed for no known
                                      reason: an error of the run, never a skip */
    char *reason;
    rs_provenance src;             /* of the file it ran in (or was listed in) */
} rs_runner;

typedef struct rs_source {         /* one input file */
    char *file, *tool, *started;
    long long wall_ms;             /* -1 when absent */
    char *os, *arch, *wine, *cc, *cross_cc, *hostname, *commit;
    size_t nresults;
} rs_source;

typedef struct rs_set {
    struct verdict *r;
    size_t n, cap;
    rs_runner *runners;
    size_t nrunners;
    rs_source *sources;
    size_t nsources;
    size_t duplicates;             /* same key seen twice while merging */
    const char *runner_suffix;     /* appended to the runner names of the
                                      files loaded while it is set */
} rs_set;

/* --- load.c ------------------------------------------------------------ */

/* Load FILE and merge its results into SET.  On error returns -1 and
 * writes one diagnostic (file, line, column when known, and what to do)
 * to ERR. */
int rs_load_file(rs_set *set, const char *file, FILE *err);
void rs_free(rs_set *set);
/* realloc to n (at least 1) elements of size, or exit 2 saying so. */
void *rs_grow(void *p, size_t n, size_t size);
void verdict_free(struct verdict *r);
/* Sort results by scenario, implementation (dllshm first, then user DLLs,
 * the sample and the fx- fixtures), runner (order of first appearance). */
void rs_sort(rs_set *set);
struct verdict *rs_find(const rs_set *set, const char *scenario,
                       const char *impl, const char *runner);

/* --- lookups (load.c) ----------------------------------------------- */

/* The role of IMPL in SET (the first of its results says). */
enum role rs_role_of(const rs_set *set, const char *impl);
/* Index of a runner name in set->runners, or -1. */
int rs_runner_index(const rs_set *set, const char *name);
void rs_provenance_free(rs_provenance *p);
/* Whether RUNNER really ran in SET: available and with results. */
int rs_runner_ran(const rs_set *set, const rs_runner *runner);

/* --- compare.c --------------------------------------------------------- */

enum rs_change {
    RS_NEW_FAILURE,  /* failing now; skip or nothing in the baseline */
    RS_REGRESSION,   /* passing in the baseline, failing now */
    RS_NEW_RUNNER,   /* of a runner the baseline never saw (not even skipped):
                        shown, failures too, and not counted against it */
    RS_FIX,          /* failing in the baseline, passing now */
    RS_NEW,          /* not in the baseline (and not failing) */
    RS_MISSING,      /* in the baseline, not now */
    RS_CHANGED,      /* any other change of result (e.g. pass -> skip) */
    RS_NCHANGES
};

typedef struct rs_diff_item {
    enum rs_change kind;
    const struct verdict *now;      /* NULL for RS_MISSING */
    const struct verdict *was;      /* NULL for RS_NEW */
} rs_diff_item;

/* A runner of the baseline that did not run now (skipped, or not in these
 * results): one fact, not one change per result it has in the baseline. */
typedef struct rs_unrun {
    const char *runner;
    const char *reason;            /* NULL: not in these results at all */
    size_t kept;                   /* baseline results kept, not compared */
} rs_unrun;

typedef struct rs_diff {
    rs_diff_item *items;
    size_t n;
    size_t count[RS_NCHANGES];
    rs_unrun *unrun;
    size_t nunrun;
    char **new_scenarios, **missing_scenarios;   /* whole scenarios */
    size_t nnew_scenarios, nmissing_scenarios;
    const char **new_runners;      /* runners the baseline never saw */
    size_t nnew_runners;
} rs_diff;

void rs_compare(const rs_set *base, const rs_set *now, rs_diff *out);
void rs_diff_free(rs_diff *d);
const char *rs_change_name(enum rs_change c);
/* The diff item of one key, or NULL. */
const rs_diff_item *rs_diff_find(const rs_diff *d, const struct verdict *now);
/* Whether RUNNER is one the baseline of D never saw (D NULL: no). */
int rs_runner_is_new(const rs_diff *d, const char *runner);

/* --- summaries (compare.c) --------------------------------------------- */

typedef struct rs_totals {
    size_t count[RES_COUNT];
    size_t total, passed, failed, errors, skipped;
    long long duration_ms;
} rs_totals;

/* Totals of one runner (NULL: all runners). */
void rs_totals_of(const rs_set *set, const char *runner, rs_totals *t);
/* "4 failed (3 fail, 1 crash); 1 error of the harness" into BUF. */
const char *rs_failed_phrase(const rs_totals *t, char *buf, size_t size);
/* "ran: 12 results", "skipped: REASON", "ERROR, not run: REASON" or
 * "listed, no results". */
const char *rs_runner_status(const rs_set *set, const rs_runner *r, char *buf, size_t size);
/* Runners of SET with a failing result (the report's headline). */
size_t rs_failing_runners(const rs_set *set);
/* Runners of SET whose probe failed (an error of the run). */
size_t rs_error_runners(const rs_set *set);
/* The headline's line for a runner that did not run (its status, and
 * against a baseline how many of its results were kept): one call of
 * LINE per such runner of SET, then per runner only D's baseline has. */
typedef void rs_unrun_line_fn(void *out, const char *runner, int error, const char *text);
void rs_unrun_lines(const rs_set *set, const rs_diff *d, rs_unrun_line_fn *line, void *out);
/* The failing results that count (the harness's errors too): all of
 * them, but those of the runners the baseline never saw (D NULL: all).
 * Nonzero fails the command. */
size_t rs_counted_failures(const rs_set *set, const rs_diff *d);
/* The failing results of the runners the baseline never saw. */
size_t rs_new_runner_failures(const rs_set *set, const rs_diff *d);
/* Whether R failed now and is not a regression, a new failure or of a new
 * runner in D (failing in the baseline too, or no baseline). */
int rs_still_failing(const rs_diff *d, const struct verdict *r);

/* Distinct scenario / implementation names in sorted order (after
 * rs_sort); the arrays point into SET and are freed with free(). */
size_t rs_scenarios(const rs_set *set, const char ***out);
size_t rs_implementations(const rs_set *set, const char ***out);

/* The highest contract level (documented < hardened < dllshm) IMPL fully
 * passes on RUNNER: every scenario of that level and below passes (or is
 * skipped), each level with at least one pass; "none" below documented;
 * "not run" when nothing of IMPL ran there (every result a skip, or none);
 * NULL when the results carry no levels (older files). */
const char *rs_level_reached(const rs_set *set, const char *impl, const char *runner);
/* The rows of the runners' provenance table, in order: each runner of SET
 * ("this run", then "baseline" when BASE is given), then the runners only
 * BASE has; STATUS says what the results file holds for it. */
typedef void rs_provenance_row_fn(void *out, const char *runner, const char *which,
                                  const char *status, const rs_provenance *p);
void rs_provenance_rows(const rs_set *set, const rs_set *base, rs_provenance_row_fn *row, void *out);
/* A sweep's "table" (FUNCTION:N:OUTCOME,...): each case, in order (a
 * malformed case is left out); the sentence the reports open their
 * Sweeps section with. */
typedef void rs_sweep_case_fn(void *out, const char *function, const char *call, const char *outcome);
void rs_sweep_cases(const char *table, rs_sweep_case_fn *each, void *out);
extern const char rs_sweeps_intro[];
/* Whether any result of SET carries its contract level. */
int rs_has_levels(const rs_set *set);

/* Fixture proof of one (scenario, implementation): over all runners. */
enum rs_proof { RS_PROOF_NONE, RS_PROOF_CAUGHT, RS_PROOF_MISSED,
                RS_PROOF_SKIPPED };
enum rs_proof rs_proof_of(const rs_set *set, const char *scenario,
                          const char *impl);

/* --- writers ----------------------------------------------------------- */

typedef struct rs_report_opts {
    const char *baseline_file;     /* NULL: no comparison */
    const rs_set *baseline;        /* its results (for the runners' provenance) */
    size_t max_list;               /* Markdown: longest list of changes */
} rs_report_opts;

int rs_write_markdown(FILE *f, const rs_set *set, const rs_diff *diff,
                      const rs_report_opts *o);
int rs_write_html(FILE *f, const rs_set *set, const rs_diff *diff,
                  const rs_report_opts *o);
/* update.c: turn NOW (the merged new results) into the new baseline: the
 * runners that ran in NOW replace those of OLD (the existing baseline,
 * read from OLD_FILE; NULL when there is none); OLD's other runners, their
 * results and provenance are moved into NOW.  Says on LOG which runners it
 * replaced, added and kept. */
void rs_update_baseline(rs_set *now, rs_set *old, const char *old_file, FILE *log);

/* save.c: SET as a "dllshm-results/1" file (without agent output), written
 * atomically.  -1 with a message on ERR on failure. */
int rs_save(const rs_set *set, const char *file, FILE *err);

/* --- cli.c ------------------------------------------------------------- */

int report_main(int argc, char **argv);

#endif
