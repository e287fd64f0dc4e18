/*
 * summary.c - totals per runner, the distinct scenarios and
 * implementations, and the fixture proof of a scenario.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "results.h"

void rs_totals_of(const rs_set *set, const char *runner, rs_totals *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < set->n; i++) {
        const rs_result_rec *r = &set->r[i];
        if (runner && strcmp(r->runner, runner) != 0)
            continue;
        t->count[r->result]++;
        t->total++;
        switch (rs_class_of(r->result)) {
        case RS_PASSED: t->passed++; break;
        case RS_FAILED: t->failed++; break;
        default: t->skipped++; break;
        }
        if (r->duration_ms > 0)
            t->duration_ms += r->duration_ms;
    }
}

const char *rs_failed_phrase(const rs_totals *t, char *buf, size_t size)
{
    static const enum rs_result kinds[] = {RS_FAIL, RS_XPASS, RS_CRASH, RS_TIMEOUT};
    size_t n = (size_t)snprintf(buf, size, "%zu failed (", t->failed);
    const char *sep = "";
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds && n < size; k++) {
        if (!t->count[kinds[k]])
            continue;
        n += (size_t)snprintf(buf + n, size - n, "%s%zu %s", sep, t->count[kinds[k]],
                              rs_result_name(kinds[k]));
        sep = ", ";
    }
    if (n < size)
        snprintf(buf + n, size - n, ")");
    return buf;
}

const char *rs_runner_status(const rs_set *set, const rs_runner *r, char *buf, size_t size)
{
    rs_totals t;
    rs_totals_of(set, r->name, &t);
    if (r->available == 0)
        snprintf(buf, size, "skipped: %s", r->reason ? r->reason : "no reason given");
    else if (t.total)
        snprintf(buf, size, "ran: %zu result%s", t.total, t.total == 1 ? "" : "s");
    else
        snprintf(buf, size, "listed, no results");
    return buf;
}

size_t rs_failing_runners(const rs_set *set)
{
    size_t n = 0;
    for (size_t i = 0; i < set->nrunners; i++) {
        rs_totals t;
        rs_totals_of(set, set->runners[i].name, &t);
        n += t.failed != 0;
    }
    return n;
}

/* The failing results of SET on runners D calls new (NEW 1) or not (0). */
static size_t failures_on(const rs_set *set, const rs_diff *d, int new)
{
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++)
        n += rs_class_of(set->r[i].result) == RS_FAILED &&
             rs_runner_is_new(d, set->r[i].runner) == new;
    return n;
}

size_t rs_counted_failures(const rs_set *set, const rs_diff *d) { return failures_on(set, d, 0); }
size_t rs_new_runner_failures(const rs_set *set, const rs_diff *d) { return failures_on(set, d, 1); }

int rs_still_failing(const rs_diff *d, const rs_result_rec *r)
{
    if (rs_class_of(r->result) != RS_FAILED)
        return 0;
    const rs_diff_item *it = rs_diff_find(d, r);
    return !it || (it->kind != RS_NEW_FAILURE && it->kind != RS_REGRESSION &&
                   it->kind != RS_NEW_RUNNER);
}

static size_t distinct(const rs_set *set, size_t off, int (*cmp)(const char *, const char *),
                       const char ***out)
{
    const char **v = malloc((set->n ? set->n : 1) * sizeof *v);
    size_t n = 0;
    if (!v) {
        fputs("dllshm-report: out of memory\n", stderr);
        exit(2);
    }
    for (size_t i = 0; i < set->n; i++) {
        const char *s = *(char *const *)((const char *)&set->r[i] + off);
        size_t j;
        for (j = 0; j < n && strcmp(v[j], s) != 0; j++)
            ;
        if (j == n)
            v[n++] = s;
    }
    /* Insertion sort: a few dozen names. */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && cmp(v[j - 1], v[j]) > 0; j--) {
            const char *x = v[j]; v[j] = v[j - 1]; v[j - 1] = x;
        }
    *out = v;
    return n;
}

size_t rs_scenarios(const rs_set *set, const char ***out)
{
    return distinct(set, offsetof(rs_result_rec, scenario), strcmp, out);
}

size_t rs_implementations(const rs_set *set, const char ***out)
{
    return distinct(set, offsetof(rs_result_rec, implementation), rs_impl_cmp, out);
}

/* Caught when the implementation did not pass on some runner (its outcome,
 * not the expectation-adjusted result, is what proves the scenario). */
enum rs_proof rs_proof_of(const rs_set *set, const char *scenario, const char *impl)
{
    int seen = 0, ran = 0;
    for (size_t i = 0; i < set->n; i++) {
        const rs_result_rec *r = &set->r[i];
        if (strcmp(r->scenario, scenario) != 0 || strcmp(r->implementation, impl) != 0)
            continue;
        seen = 1;
        const char *o = rs_outcome_of(r);
        if (strcmp(o, "skip") == 0)
            continue;
        ran = 1;
        if (strcmp(o, "pass") != 0)
            return RS_PROOF_CAUGHT;
    }
    return !seen ? RS_PROOF_NONE : ran ? RS_PROOF_MISSED : RS_PROOF_SKIPPED;
}

static const char *const level_names[] = { "documented", "hardened", "dllshm" };
#define NLEVELS (sizeof level_names / sizeof level_names[0])

const char *rs_level_reached(const rs_set *set, const char *impl, const char *runner)
{
    int passed[NLEVELS] = { 0 }, failed[NLEVELS] = { 0 }, any = 0;
    for (size_t i = 0; i < set->n; i++) {
        const rs_result_rec *r = &set->r[i];
        if (!r->level || strcmp(r->implementation, impl) || strcmp(r->runner, runner))
            continue;
        size_t l = 0;
        while (l < NLEVELS && strcmp(r->level, level_names[l]))
            l++;
        if (l == NLEVELS)
            continue;
        any = 1;
        /* What happened counts: a fixture's expected-fail does not pass. */
        const char *out = rs_outcome_of(r);
        if (!strcmp(out, "pass"))
            passed[l] = 1;
        else if (strcmp(out, "skip"))
            failed[l] = 1;
    }
    if (!any)
        return NULL;
    const char *reached = "none";
    for (size_t l = 0; l < NLEVELS && passed[l] && !failed[l]; l++)
        reached = level_names[l];
    return reached;
}

int rs_has_levels(const rs_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->r[i].level)
            return 1;
    return 0;
}

const char rs_sweeps_intro[] = "Every Win32 call of the DLL's attach (attach-sweep), or of a Set behind a dead "
                                "lock owner (contended-sweep), failed in turn, each in a fresh process (harness/PROTOCOL.md).";

void rs_sweep_cases(const char *table, rs_sweep_case_fn *each, void *out)
{
    for (const char *p = table; *p;) {
        size_t n = strcspn(p, ",");
        char *cell = malloc(n + 1), *c1, *c2;
        if (!cell)
            return;
        memcpy(cell, p, n);
        cell[n] = 0;
        c1 = strchr(cell, ':');
        c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (c1 && c2) {
            *c1++ = 0;
            *c2++ = 0;
            each(out, cell, c1, c2);
        }
        free(cell);
        p += n;
        if (*p == ',')
            p++;
    }
}

void rs_provenance_rows(const rs_set *set, const rs_set *base, rs_provenance_row_fn *row, void *out)
{
    char buf[512];
    for (size_t i = 0; i < set->nrunners; i++) {
        const rs_runner *rn = &set->runners[i];
        row(out, rn->name, "this run", rs_runner_status(set, rn, buf, sizeof buf), &rn->src);
        int j = base ? rs_runner_index(base, rn->name) : -1;
        if (j >= 0)
            row(out, rn->name, "baseline", rs_runner_status(base, &base->runners[j], buf, sizeof buf),
                &base->runners[j].src);
        else if (base)
            row(out, rn->name, "baseline", "not in the baseline", NULL);
    }
    for (size_t j = 0; base && j < base->nrunners; j++) {
        const rs_runner *rn = &base->runners[j];
        if (rs_runner_index(set, rn->name) >= 0)
            continue;
        row(out, rn->name, "this run", "not in this run", NULL);
        row(out, rn->name, "baseline", rs_runner_status(base, rn, buf, sizeof buf), &rn->src);
    }
}
