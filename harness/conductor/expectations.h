/* scenarios/expectations: where an implementation is known not to do what a
 * scenario says (like Wine's todo_wine).  First matching rule wins. */
#ifndef DLLSHM_EXPECTATIONS_H
#define DLLSHM_EXPECTATIONS_H

#include "verdict.h"

#include <stddef.h>

struct rule {
    char *scenario, *impl, *runner;  /* globs: * and ? */
    enum expected expected;
    char *reason;                    /* may be "" */
    int line;
};

struct rules {
    char *path;
    struct rule *v;
    size_t n;
};

/* Parse; on error returns -1 with "FILE:LINE:COL: expected ..." in err. */
int rules_parse(struct rules *r, const char *path, const char *text, char *err, size_t errlen);
/* A missing file is no rules; an unreadable one is an error. */
int rules_load(struct rules *r, const char *path, char *err, size_t errlen);
void rules_free(struct rules *r);
/* The first rule matching all three, or NULL (meaning: pass).  impl NULL is
 * a user's DLL: only rules for every implementation (`*`) apply to it, so a
 * drop-in named sample.dll is never held to the sample's known failures. */
const struct rule *rules_match(const struct rules *r, const char *scenario, const char *impl, const char *runner);

int glob_match(const char *pattern, const char *s);

#endif
