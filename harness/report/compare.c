/*
 * compare.c - compare merged results with a baseline: regressions, fixes,
 * new and missing results, other changes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "results.h"

static const char *const change_names[RS_NCHANGES] = {
    "new-failure", "regression", "new-runner", "fix", "new", "missing", "changed"
};

const char *rs_change_name(enum rs_change c)
{
    return (unsigned)c < RS_NCHANGES ? change_names[c] : "?";
}

/* WAS is NULL when the baseline lacks the result; NEW_RUNNER when it lacks
 * the whole runner, never having seen it (a runner it lists as skipped is
 * not new).  A new runner's results are its own kind, failures too: there
 * is nothing to compare them with, and a first run on a new platform must
 * not fail for what no baseline could have said.  Otherwise a failure
 * where the baseline has skip or nothing is a new failure, never an "other
 * change": a baseline made where a runner could not run must not hide what
 * fails once it can. */
static enum rs_change classify(const rs_result_rec *was, const rs_result_rec *now, int new_runner,
                               int *changed)
{
    enum rs_class b = rs_class_of(now->result);
    *changed = 1;
    if (new_runner)
        return RS_NEW_RUNNER;
    if (b == RS_FAILED && (!was || rs_class_of(was->result) == RS_SKIPPED))
        return RS_NEW_FAILURE;
    if (!was)
        return RS_NEW;
    enum rs_class a = rs_class_of(was->result);
    if (a == RS_PASSED && b == RS_FAILED)
        return RS_REGRESSION;
    if (a == RS_FAILED && b == RS_PASSED)
        return RS_FIX;
    *changed = was->result != now->result;
    return RS_CHANGED;
}

static int has_scenario(const rs_set *set, const char *scenario)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->r[i].scenario, scenario) == 0)
            return 1;
    return 0;
}

/* Scenarios of A that B lacks, each once (A is sorted by scenario). */
static size_t scenarios_only_in(const rs_set *a, const rs_set *b, char ***out)
{
    size_t n = 0;
    *out = NULL;
    for (size_t i = 0; i < a->n; i++) {
        const char *s = a->r[i].scenario;
        if (n && strcmp((*out)[n - 1], s) == 0)
            continue;
        if (has_scenario(b, s))
            continue;
        *out = rs_grow(*out, n + 1, sizeof **out);
        (*out)[n++] = a->r[i].scenario;
    }
    return n;
}

void rs_compare(const rs_set *base, const rs_set *now, rs_diff *d)
{
    memset(d, 0, sizeof *d);
    for (size_t i = 0; i < now->nrunners; i++) {
        if (rs_runner_index(base, now->runners[i].name) >= 0)
            continue;
        d->new_runners = rs_grow(d->new_runners, d->nnew_runners + 1, sizeof *d->new_runners);
        d->new_runners[d->nnew_runners++] = now->runners[i].name;
    }
    /* One pass per kind, so the items come grouped and in report order. */
    for (int kind = 0; kind < RS_NCHANGES; kind++) {
        if (kind == RS_MISSING) {
            for (size_t i = 0; i < base->n; i++) {
                const rs_result_rec *was = &base->r[i];
                if (rs_find(now, was->scenario, was->implementation, was->runner))
                    continue;
                d->items = rs_grow(d->items, d->n + 1, sizeof *d->items);
                d->items[d->n++] = (rs_diff_item){RS_MISSING, NULL, was};
            }
            continue;
        }
        for (size_t i = 0; i < now->n; i++) {
            const rs_result_rec *r = &now->r[i];
            const rs_result_rec *was = rs_find(base, r->scenario, r->implementation, r->runner);
            int changed;
            enum rs_change k = classify(was, r, rs_runner_is_new(d, r->runner), &changed);
            if ((int)k != kind || !changed)
                continue;
            d->items = rs_grow(d->items, d->n + 1, sizeof *d->items);
            d->items[d->n++] = (rs_diff_item){k, r, was};
        }
    }
    for (size_t i = 0; i < d->n; i++)
        d->count[d->items[i].kind]++;
    d->nnew_scenarios = scenarios_only_in(now, base, &d->new_scenarios);
    d->nmissing_scenarios = scenarios_only_in(base, now, &d->missing_scenarios);
}

void rs_diff_free(rs_diff *d)
{
    free(d->items);
    free(d->new_scenarios);
    free(d->missing_scenarios);
    free(d->new_runners);
    memset(d, 0, sizeof *d);
}

int rs_runner_is_new(const rs_diff *d, const char *runner)
{
    for (size_t i = 0; d && i < d->nnew_runners; i++)
        if (strcmp(d->new_runners[i], runner) == 0)
            return 1;
    return 0;
}

const rs_diff_item *rs_diff_find(const rs_diff *d, const rs_result_rec *now)
{
    if (!d)
        return NULL;
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].now == now)
            return &d->items[i];
    return NULL;
}
