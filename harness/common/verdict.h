/* The verdict as data (harness/RESULTS.md), in one home for every part that
 * makes, reads or writes results: the conductor (native and Windows
 * builds) fills a struct verdict per scenario, implementation and runner;
 * the report tool's loader fills the same record from a results file.  The
 * vocabulary, the classification, the contract levels, the order of
 * implementations and the JSON of a result are here, once.  Portable C:
 * neither windows.h nor jansson. */
#ifndef DLLSHM_VERDICT_H
#define DLLSHM_VERDICT_H

#include "json.h"

#include <stddef.h>

#define RESULTS_FORMAT "dllshm-results/1"

/* What an implementation is: ours, a fixture (a DLL that must fail
 * something: the documented sample, the fx-* faults), or a user's DLL
 * (given with --dll: judged by the contract alone).  Carried in the
 * results, never guessed from a name. */
enum role { ROLE_DLLSHM, ROLE_FIXTURE, ROLE_USER, ROLE_UNKNOWN, ROLE_COUNT };

/* What happened.  error: the harness could not judge (one of its own
 * instruments failed, a rule it cannot apply): never the DLL's failure. */
enum outcome { OUT_PASS, OUT_FAIL, OUT_CRASH, OUT_TIMEOUT, OUT_ERROR, OUT_SKIP, OUT_COUNT };
/* What scenarios/expectations says. */
enum expected { EXPECT_PASS, EXPECT_FAIL, EXPECT_FLAKY, EXPECT_SKIP, EXPECT_COUNT };
/* The verdict: what happened, against what was expected. */
enum result { RES_PASS, RES_FAIL, RES_XFAIL, RES_XPASS, RES_CRASH, RES_TIMEOUT, RES_ERROR, RES_SKIP, RES_COUNT };
/* How a result counts. */
enum result_class { CLASS_PASSED, CLASS_FAILED, CLASS_ERROR, CLASS_SKIPPED };

/* The contract levels, cumulative (README: Judging other people's DLLs). */
enum level { LEVEL_DOCUMENTED, LEVEL_HARDENED, LEVEL_DLLSHM, LEVEL_COUNT };
/* Besides a level, what level_reached() may say; and a result's level
 * when its file did not say. */
enum { LEVEL_NONE = -1, LEVEL_NOT_RUN = -2, LEVEL_UNKNOWN = -3 };

/* Which check a failing step failed: the failure's kind, so that no part
 * parses a message to learn it.  X(id, "name", "the promise it breaks", or
 * NULL: the scenario's own promise). */
#define DLLSHM_CHECKS(X) \
    X(CHECK_NONE, "none", NULL) \
    X(CHECK_REPLY, "reply", NULL) \
    X(CHECK_TEXT, "text", NULL) \
    X(CHECK_EMPTY, "empty", NULL) \
    X(CHECK_CUT, "cut", "SetSharedMem stores a string up to the DLL's capacity whole (longer ones truncated there)") \
    X(CHECK_OVERFLOW, "overflow", "GetSharedMem writes nothing past the caller's buffer") \
    X(CHECK_UNTERMINATED, "unterminated", "GetSharedMem always terminates what it writes: at most n-1 characters and a 0 in a buffer of n") \
    X(CHECK_OVERREAD, "overread", "SetSharedMem reads the caller's string up to its terminator and no further") \
    X(CHECK_FIELD, "field", NULL) \
    X(CHECK_NO_CRASH, "no-crash", NULL) \
    X(CHECK_CRASH, "crash", "no call of the DLL crashes its process") \
    X(CHECK_GONE, "gone", "no call of the DLL ends its process") \
    X(CHECK_HUNG, "hung", "every call of the DLL returns") \
    X(CHECK_DEADLOCK, "deadlock", "a second process's attach completes once the first's has") \
    X(CHECK_EXIT_CODE, "exit-code", NULL) \
    X(CHECK_OUTPUT, "output", NULL) \
    X(CHECK_TORN, "torn", "a reader never sees a mixture of two writes") \
    X(CHECK_HIST_CUT, "history-cut", "a reader never sees a mixture of two writes") \
    X(CHECK_HIST_EMPTY, "history-empty", NULL) \
    X(CHECK_HIST_NOTHING, "history-nothing", "GetSharedMem always writes a terminated string into a buffer it is given") \
    X(CHECK_HIST_ORDER, "history-order", NULL) \
    X(CHECK_RELEASE, "release", "the block's object is gone after the last unload") \
    X(CHECK_INSTRUMENT, "instrument", NULL) \
    X(CHECK_WINE, "wine", NULL)

#define DLLSHM_CHECK_ENUM(id, name, promise) id,
enum check_kind { DLLSHM_CHECKS(DLLSHM_CHECK_ENUM) CHECK_COUNT };
#undef DLLSHM_CHECK_ENUM

/* One result: one scenario, one implementation, one runner. */
struct verdict {
    char *scenario, *title, *impl, *runner;
    enum role role;
    int level;                 /* enum level, or LEVEL_UNKNOWN */
    enum outcome outcome;
    enum expected expected;
    enum result result;
    long duration_ms;          /* -1: not known */
    /* The failing step (step_line 0: none) and which check it failed. */
    int step_line;
    char *step;                /* the step as written; NULL: none */
    enum check_kind check;
    char *field;               /* CHECK_FIELD: the reply's field; else NULL */
    char *message;             /* what the check found, in words; NULL on pass */
    char *promise;             /* the promise it breaks, in the contract's words */
    char *reason;              /* the whole sentence: FILE:LINE: STEP: MESSAGE. Broken promise: ... */
    /* Root cause: failures of one implementation on one runner with one
     * cause (a crash at one place, a cap at one length, ...) are one
     * defect; the first names it, the others point at it. */
    char *cause;               /* a key (NULL: a cause of its own) */
    char *same_as;             /* the scenario whose failure names this cause; NULL: this one */
    char *note;                /* what the run saw of the design, pass or not (a serialised
                                  attach); NULL: nothing to say */
    char *output;              /* the transcripts; NULL on pass */
    char *table;               /* the attach sweep's cases; NULL when none */
    char *file;                /* the scenario file when not scenarios/<scenario>.scn */
    unsigned agent_restarts;   /* agents Wine ended before their first line, started again */
    unsigned process_starts;   /* Windows processes the conductor started for it, those included */
    unsigned histories, inconclusive;  /* check-history steps judged; of them inconclusive */
    unsigned history_reruns;   /* runs made again because a history said nothing */
    unsigned wine_reruns;      /* runs made again because Wine's own process failed */
    char *source;              /* report: the results file it came from */
};

/* Names, as in the results files; NULL-safe lookups by name return -1. */
const char *role_name(enum role r);
const char *outcome_name(enum outcome o);
const char *expected_name(enum expected e);
const char *result_name(enum result r);
const char *check_name(enum check_kind k);
/* The promise a check breaks whatever the scenario (NULL: the scenario's). */
const char *check_promise(enum check_kind k);
const char *level_name(int level);      /* also "none", "not run", "unknown" */
int role_parse(const char *s);
int outcome_parse(const char *s);
int expected_parse(const char *s);
int result_parse(const char *s);
int check_parse(const char *s);
int level_parse(const char *s);         /* documented, hardened, dllshm */

/* The verdict: what happened against what was expected.  A fixture that
 * crashes or hangs fails too; an error is the harness's, whatever was
 * expected. */
enum result classify(enum outcome o, enum expected e);
enum result_class result_class(enum result r);
int result_failed(enum result r);   /* fail, unexpected-pass, crash, timeout */
int result_passed(enum result r);   /* pass, expected-fail */

void verdict_free(struct verdict *v);

/* The highest contract level impl fully passes on runner: every scenario
 * of that level and below passes (or is skipped), each level with at
 * least one pass.  LEVEL_NONE when not even the first; LEVEL_NOT_RUN when
 * nothing of impl ran there (a runner that cannot run here has no level);
 * LEVEL_UNKNOWN when its results carry no levels. */
int level_reached(const struct verdict *v, size_t n, const char *impl, const char *runner);
/* Why nothing of impl ran on runner: the first skip's reason. */
const char *level_not_run_reason(const struct verdict *v, size_t n, const char *impl, const char *runner);

/* One defect, one diagnosis: among the results of one implementation on
 * one runner that did not pass, those with one cause point at the first
 * of them (same_as: its scenario), in the order given. */
void verdicts_group_causes(struct verdict *v, size_t n);

/* The order implementations are shown in: dllshm, users' DLLs, the
 * sample, the other fixtures; by name within a role. */
int impl_order(enum role ra, const char *a, enum role rb, const char *b);

/* One result as a JSON object on one line; the transcripts and the title
 * only when with_output (a baseline keeps neither). */
void verdict_json(struct json_w *w, const struct verdict *v, int with_output);

/* Counts of a set of results, and their closing line. */
struct tally { unsigned n[RES_COUNT], total; };
void tally_add(struct tally *t, enum result r);
unsigned tally_passed(const struct tally *t);
unsigned tally_failed(const struct tally *t);
unsigned tally_errors(const struct tally *t);
/* "N passed, N failed, N skipped", and ", N errors" when there are any. */
void tally_line(const struct tally *t, char *buf, size_t len);
/* "summary": {"total": N, "pass": N, ...} */
void tally_json(struct json_w *w, const struct tally *t);

#endif
