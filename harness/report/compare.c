/*
 * compare.c - compare merged results with a baseline: regressions, fixes,
 * new and missing results, other changes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"

static const char *const change_names[RS_NCHANGES] = {
    "new-failure", "regression", "new-runner", "fix", "new", "missing", "changed"
};

const char *rs_change_name(enum rs_change c)
{
    return (unsigned)c < RS_NCHANGES ? change_names[c] : "?";
}

/* The harness's errors count as failing here: never silent, though never
 * the DLL's failure (the reports say which they are). */
static enum result_class class_of(enum result r)
{
    enum result_class c = result_class(r);
    return c == CLASS_ERROR ? CLASS_FAILED : c;
}

/* WAS is NULL when the baseline lacks the result; NEW_RUNNER when it lacks
 * the whole runner, never having seen it (a runner it lists as skipped is
 * not new).  A new runner's results are its own kind, failures too: there
 * is nothing to compare them with, and a first run on a new platform must
 * not fail for what no baseline could have said.  Otherwise a failure
 * where the baseline has skip or nothing is a new failure, never an "other
 * change": a baseline made where a runner could not run must not hide what
 * fails once it can. */
static enum rs_change change_of(const struct verdict *was, const struct verdict *now, int new_runner, int *changed)
{
    enum result_class b = class_of(now->result);
    *changed = 1;
    if (new_runner)
        return RS_NEW_RUNNER;
    if (b == CLASS_FAILED && (!was || class_of(was->result) == CLASS_SKIPPED))
        return RS_NEW_FAILURE;
    if (!was)
        return RS_NEW;
    enum result_class a = class_of(was->result);
    if (a == CLASS_PASSED && b == CLASS_FAILED)
        return RS_REGRESSION;
    if (a == CLASS_FAILED && b == CLASS_PASSED)
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

/* Whether RUNNER ran in NOW; when not, why (NULL: not in NOW at all). */
static int ran_now(const rs_set *now, const char *runner, const char **why)
{
    int i = rs_runner_index(now, runner);
    *why = i >= 0 ? (now->runners[i].reason ? now->runners[i].reason : "no reason given") : NULL;
    return i >= 0 && rs_runner_ran(now, &now->runners[i]);
}

/* The baseline's runners that did not run now, each with the number of
 * its results kept (not compared: a runner that cannot run here is one
 * fact, not one change per result). */
static void find_unrun(const rs_set *base, const rs_set *now, rs_diff *d)
{
    for (size_t j = 0; j < base->nrunners; j++) {
        const char *name = base->runners[j].name, *why;
        if (ran_now(now, name, &why))
            continue;
        size_t kept = 0;
        for (size_t i = 0; i < base->n; i++)
            kept += strcmp(base->r[i].runner, name) == 0;
        d->unrun = rs_grow(d->unrun, d->nunrun + 1, sizeof *d->unrun);
        d->unrun[d->nunrun++] = (rs_unrun){name, why, kept};
    }
}

static int is_unrun(const rs_diff *d, const char *runner)
{
    for (size_t k = 0; k < d->nunrun; k++)
        if (!strcmp(d->unrun[k].runner, runner))
            return 1;
    return 0;
}

void rs_compare(const rs_set *base, const rs_set *now, rs_diff *d)
{
    memset(d, 0, sizeof *d);
    find_unrun(base, now, d);
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
                const struct verdict *was = &base->r[i];
                if (is_unrun(d, was->runner) || rs_find(now, was->scenario, was->impl, was->runner))
                    continue;
                d->items = rs_grow(d->items, d->n + 1, sizeof *d->items);
                d->items[d->n++] = (rs_diff_item){RS_MISSING, NULL, was};
            }
            continue;
        }
        for (size_t i = 0; i < now->n; i++) {
            const struct verdict *r = &now->r[i];
            const struct verdict *was = rs_find(base, r->scenario, r->impl, r->runner);
            int changed;
            enum rs_change k = change_of(was, r, rs_runner_is_new(d, r->runner), &changed);
            if ((int)k != kind || !changed || (is_unrun(d, r->runner) && k != RS_NEW_FAILURE))
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
    free(d->unrun);
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

const rs_diff_item *rs_diff_find(const rs_diff *d, const struct verdict *now)
{
    if (!d)
        return NULL;
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].now == now)
            return &d->items[i];
    return NULL;
}
