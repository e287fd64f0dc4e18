/*
 * results.h - the report tool's model of merged result files.
 *
 * One rs_set holds every result of any number of "dllshm-results/1" files
 * (harness/RESULTS.md), keyed by (scenario, implementation, runner), plus
 * the host facts and the runner list of each file.  load.c fills it,
 * compare.c compares two of them, markdown.c and html.c write them out,
 * save.c writes one back as a results file (the baseline).
 */
#ifndef DLLSHM_REPORT_RESULTS_H
#define DLLSHM_REPORT_RESULTS_H

#include <stddef.h>
#include <stdio.h>

#define RS_FORMAT "dllshm-results/1"

enum rs_result {
    RS_PASS, RS_FAIL, RS_XFAIL, RS_XPASS, RS_CRASH, RS_TIMEOUT, RS_SKIP,
    RS_NRESULTS
};

/* How a result counts (RESULTS.md): passed, failed or skipped. */
enum rs_class { RS_PASSED, RS_FAILED, RS_SKIPPED };

typedef struct rs_result_rec {
    char *scenario, *title, *implementation, *runner;
    enum rs_result result;
    char *outcome, *expected;      /* NULL when absent */
    long long duration_ms;         /* -1 when absent */
    char *reason, *output;         /* NULL when absent */
    char *level;                   /* the scenario's contract level; NULL when absent */
    char *table;                   /* the attach sweep's cases; NULL when absent */
    const char *file;              /* the file it came from */
} rs_result_rec;

/* Where a runner's results came from (RESULTS.md, "source"): the host's
 * name, its OS, the Wine version, the commit and the date of the run.
 * Any field may be NULL (older files say less). */
typedef struct rs_provenance {
    char *host, *os, *wine, *commit, *date;
} rs_provenance;

typedef struct rs_runner {
    char *name;
    int available;                 /* -1: not listed, only seen in results */
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
    rs_result_rec *r;
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
void rs_result_free(rs_result_rec *r);
/* Sort results by scenario, implementation (dllshm first, then user DLLs,
 * the sample and the fx- fixtures), runner (order of first appearance). */
void rs_sort(rs_set *set);
int rs_impl_cmp(const char *a, const char *b);
rs_result_rec *rs_find(const rs_set *set, const char *scenario,
                       const char *impl, const char *runner);

/* --- results vocabulary (load.c) ------------------------------------ */

const char *rs_result_name(enum rs_result r);
int rs_result_parse(const char *s, enum rs_result *out);
enum rs_class rs_class_of(enum rs_result r);
/* "pass", "fail", "crash", "timeout" or "skip": what happened. */
const char *rs_outcome_of(const rs_result_rec *r);
/* The sample and the fx- fixtures: implementations that must fail. */
int rs_is_fixture(const char *impl);
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
    const rs_result_rec *now;      /* NULL for RS_MISSING */
    const rs_result_rec *was;      /* NULL for RS_NEW */
} rs_diff_item;

typedef struct rs_diff {
    rs_diff_item *items;
    size_t n;
    size_t count[RS_NCHANGES];
    char **new_scenarios, **missing_scenarios;   /* whole scenarios */
    size_t nnew_scenarios, nmissing_scenarios;
    const char **new_runners;      /* runners the baseline never saw */
    size_t nnew_runners;
} rs_diff;

void rs_compare(const rs_set *base, const rs_set *now, rs_diff *out);
void rs_diff_free(rs_diff *d);
const char *rs_change_name(enum rs_change c);
/* The diff item of one key, or NULL. */
const rs_diff_item *rs_diff_find(const rs_diff *d, const rs_result_rec *now);
/* Whether RUNNER is one the baseline of D never saw (D NULL: no). */
int rs_runner_is_new(const rs_diff *d, const char *runner);

/* --- summaries (compare.c) --------------------------------------------- */

typedef struct rs_totals {
    size_t count[RS_NRESULTS];
    size_t total, passed, failed, skipped;
    long long duration_ms;
} rs_totals;

/* Totals of one runner (NULL: all runners). */
void rs_totals_of(const rs_set *set, const char *runner, rs_totals *t);
/* "4 failed (3 fail, 1 crash)" into BUF; the failing results of T. */
const char *rs_failed_phrase(const rs_totals *t, char *buf, size_t size);
/* "ran: 12 results", "skipped: REASON" or "listed, no results". */
const char *rs_runner_status(const rs_set *set, const rs_runner *r, char *buf, size_t size);
/* Runners of SET with a failing result (the report's headline). */
size_t rs_failing_runners(const rs_set *set);
/* The failing results that count: all of them, but those of the runners
 * the baseline never saw (D NULL: all).  Nonzero fails the command. */
size_t rs_counted_failures(const rs_set *set, const rs_diff *d);
/* The failing results of the runners the baseline never saw. */
size_t rs_new_runner_failures(const rs_set *set, const rs_diff *d);
/* Whether R failed now and is not a regression, a new failure or of a new
 * runner in D (failing in the baseline too, or no baseline). */
int rs_still_failing(const rs_diff *d, const rs_result_rec *r);

/* Distinct scenario / implementation names in sorted order (after
 * rs_sort); the arrays point into SET and are freed with free(). */
size_t rs_scenarios(const rs_set *set, const char ***out);
size_t rs_implementations(const rs_set *set, const char ***out);

/* The highest contract level (documented < hardened < dllshm) IMPL fully
 * passes on RUNNER: every scenario of that level and below passes (or is
 * skipped), each level with at least one pass; "none" below documented;
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
