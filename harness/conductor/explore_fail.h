/* Where and how an explored program failed: the action (from the failing
 * line) and the check (from the message and the step's expectation), so
 * that the shrinker keeps only candidates that fail the same way. */
#ifndef DLLSHM_EXPLORE_FAIL_H
#define DLLSHM_EXPLORE_FAIL_H

#include "explore_prog.h"
#include "table.h"
#include "scenario.h"

struct failure {
    enum outcome outcome;
    enum act_kind kind;      /* of the failing action */
    long act;                /* its index in the program */
    enum check_kind check;   /* which check (a cut or empty text counts as text, gone as crash) */
    char field[32];          /* CHECK_FIELD: the reply's field */
};

/* res: the run of s, the parse of r (the rendering of p).  0 with *f
 * filled; -1 when the run passed or its failing step is no action of p. */
int failure_of(const struct verdict *res, const struct scenario *s, const struct rendered *r,
               const struct prog *p, struct failure *f);
/* The same kind of action failing the same check. */
int same_failure(const struct failure *a, const struct failure *b);
/* What failed, in words: "get wrote past the caller's buffer".  Caller frees. */
char *failure_describe(const struct failure *f);
/* Its kind, as --ignore takes it: ACTION:CHECK[:FIELD] ("get:overflow",
 * "phase:torn", "get:field:touched"). */
void failure_kind(const struct failure *f, char *buf, size_t len);
/* Whether kind (ACTION:CHECK[:FIELD], ACTION:CHECK or CHECK) names f's. */
int failure_is(const struct failure *f, const char *kind);

#endif
