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
    char *table;                   /* the attach sweep's cases; NULL when absent */
    const char *file;              /* the file it came from */
} rs_result_rec;

typedef struct rs_runner {
    char *name;
    int available;                 /* -1: not listed, only seen in results */
    char *reason;
} rs_runner;

typedef struct rs_source {         /* one input file */
    char *file, *tool, *started;
    long long wall_ms;             /* -1 when absent */
    char *os, *arch, *wine, *cc, *cross_cc;
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

/* --- compare.c --------------------------------------------------------- */

enum rs_change {
    RS_REGRESSION,   /* passing in the baseline, failing now */
    RS_FIX,          /* failing in the baseline, passing now */
    RS_NEW,          /* not in the baseline */
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
} rs_diff;

void rs_compare(const rs_set *base, const rs_set *now, rs_diff *out);
void rs_diff_free(rs_diff *d);
const char *rs_change_name(enum rs_change c);
/* The diff item of one key, or NULL. */
const rs_diff_item *rs_diff_find(const rs_diff *d, const rs_result_rec *now);

/* --- summaries (compare.c) --------------------------------------------- */

typedef struct rs_totals {
    size_t count[RS_NRESULTS];
    size_t total, passed, failed, skipped;
    long long duration_ms;
} rs_totals;

/* Totals of one runner (NULL: all runners). */
void rs_totals_of(const rs_set *set, const char *runner, rs_totals *t);

/* Distinct scenario / implementation names in sorted order (after
 * rs_sort); the arrays point into SET and are freed with free(). */
size_t rs_scenarios(const rs_set *set, const char ***out);
size_t rs_implementations(const rs_set *set, const char ***out);

/* Fixture proof of one (scenario, implementation): over all runners. */
enum rs_proof { RS_PROOF_NONE, RS_PROOF_CAUGHT, RS_PROOF_MISSED,
                RS_PROOF_SKIPPED };
enum rs_proof rs_proof_of(const rs_set *set, const char *scenario,
                          const char *impl);

/* --- writers ----------------------------------------------------------- */

typedef struct rs_report_opts {
    const char *baseline_file;     /* NULL: no comparison */
    size_t max_list;               /* Markdown: longest list of changes */
} rs_report_opts;

int rs_write_markdown(FILE *f, const rs_set *set, const rs_diff *diff,
                      const rs_report_opts *o);
int rs_write_html(FILE *f, const rs_set *set, const rs_diff *diff,
                  const rs_report_opts *o);
/* save.c: SET as a "dllshm-results/1" file (without agent output), written
 * atomically.  -1 with a message on ERR on failure. */
int rs_save(const rs_set *set, const char *file, FILE *err);

/* --- cli.c ------------------------------------------------------------- */

int report_main(int argc, char **argv);

#endif
