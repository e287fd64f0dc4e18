/* Shrinking a failing program: drop processes, drop steps, shorten
 * strings, smaller buffers, as long as the program still fails the same
 * way.  What "fails the same way" means is the caller's test (a run of the
 * candidate against the DLL), so this file runs nothing itself. */
#ifndef DLLSHM_SHRINK_H
#define DLLSHM_SHRINK_H

#include "explore_prog.h"

/* 1 when cand fails the same way, with *fail_act the index in cand of the
 * action that failed; 0 when it does not.  The same way includes the same
 * kind of failing action: a candidate without one is never tested. */
typedef int (*shrink_test)(const struct prog *cand, void *ctx, size_t *fail_act);

struct shrink_stats { unsigned tries, accepted; };

/* Shrinks p in place (fail_act: its failing action) with at most max_tries
 * calls of test.  The result is normalized and its processes renamed
 * a, b, ... in order of use, which the caller confirms by one more run. */
void shrink(struct prog *p, size_t fail_act, shrink_test test, void *ctx, unsigned max_tries,
            struct shrink_stats *st);

#endif
