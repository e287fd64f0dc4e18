/* Results: what happened (outcome), what was expected (scenarios/
 * expectations) and the verdict (result); the summary and closing line. */
#ifndef DLLSHM_RESULTS_H
#define DLLSHM_RESULTS_H

#include "expectations.h"
#include <stdio.h>

enum outcome { OUT_PASS, OUT_FAIL, OUT_CRASH, OUT_TIMEOUT, OUT_SKIP };
enum result { RES_PASS, RES_FAIL, RES_XFAIL, RES_XPASS, RES_CRASH, RES_TIMEOUT, RES_SKIP, RES_COUNT };

struct result_rec {
    char *scenario, *title, *impl, *runner;
    enum outcome outcome;
    enum expected expected;
    enum result result;
    unsigned duration_ms;
    char *reason;          /* may be NULL */
    char *output;          /* transcripts; NULL on pass */
    unsigned agent_restarts;  /* agents Wine ended before their first line, started again */
    int level;             /* the scenario's contract level (enum scn_level) */
    char *table;           /* a reply's table= (the attach sweep's cases); NULL when none */
    char *file;            /* the scenario file when not scenarios/<scenario>.scn (an explored
                              failure's .scn); NULL: that one, or none (explore found nothing) */
    unsigned histories;    /* check-history steps judged; of them inconclusive (said nothing) */
    unsigned inconclusive;
};

struct summary { unsigned n[RES_COUNT], total; };

enum result classify(enum outcome o, enum expected e);
const char *outcome_name(enum outcome o);
const char *result_name(enum result r);
/* passed: pass, expected-fail; failed: fail, unexpected-pass, crash, timeout */
int result_failed(enum result r);
int result_passed(enum result r);

void summary_add(struct summary *s, enum result r);
unsigned summary_passed(const struct summary *s);
unsigned summary_failed(const struct summary *s);
/* "N passed, N failed, N skipped" */
void summary_line(const struct summary *s, char *buf, size_t len);
/* "[ 12/120] PASS  wine-x86_64  dllshm  truncation  (312 ms)" */
void progress_line(const struct result_rec *r, unsigned index, unsigned total, char *buf, size_t len);
void result_free(struct result_rec *r);

/* The highest contract level (enum scn_level) that impl fully passes on
 * runner: every scenario of that level and below passes (or is skipped),
 * each level with at least one pass; LEVEL_NONE when not even the first;
 * LEVEL_NOT_RUN when nothing of impl ran there (every result a skip: a
 * runner that cannot run here has no level). */
enum { LEVEL_NONE = -1, LEVEL_NOT_RUN = -2 };
int level_reached(const struct result_rec *v, size_t n, const char *impl, const char *runner);
/* "documented", ..., "none", "not run". */
const char *level_label(int level);
/* Why nothing of impl ran on runner: the first skip's reason. */
const char *level_not_run_reason(const struct result_rec *v, size_t n, const char *impl, const char *runner);
/* Per implementation and runner, that level's label. */
void print_levels(FILE *f, const struct result_rec *v, size_t n);

/* The scenario x implementation table (one runner column per cell). */
void print_table(FILE *f, const struct result_rec *v, size_t n);
/* --prove: scenarios that no fixture fails; prints one line each to f and
 * returns their number.  is_fixture(name) says which implementations are
 * fixtures. */
unsigned prove_check(FILE *f, const struct result_rec *v, size_t n, int (*is_fixture)(const char *));

#endif
