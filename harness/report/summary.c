/*
 * summary.c - totals per runner, the distinct scenarios and
 * implementations, and the fixture proof of a scenario.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"

void rs_totals_of(const rs_set *set, const char *runner, rs_totals *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < set->n; i++) {
        const struct verdict *r = &set->r[i];
        if (runner && strcmp(r->runner, runner) != 0)
            continue;
        t->count[r->result]++;
        t->total++;
        switch (result_class(r->result)) {
        case CLASS_PASSED: t->passed++; break;
        case CLASS_FAILED: t->failed++; break;
        case CLASS_ERROR: t->errors++; break;
        default: t->skipped++; break;
        }
        if (r->duration_ms > 0)
            t->duration_ms += r->duration_ms;
    }
}

const char *rs_failed_phrase(const rs_totals *t, char *buf, size_t size)
{
    static const enum result kinds[] = {RES_FAIL, RES_XPASS, RES_CRASH, RES_TIMEOUT};
    size_t n = 0;
    buf[0] = 0;
    if (t->failed) {
        n = (size_t)snprintf(buf, size, "%zu failed (", t->failed);
        const char *sep = "";
        for (size_t k = 0; k < sizeof kinds / sizeof *kinds && n < size; k++) {
            if (!t->count[kinds[k]])
                continue;
            n += (size_t)snprintf(buf + n, size - n, "%s%zu %s", sep, t->count[kinds[k]],
                                  result_name(kinds[k]));
            sep = ", ";
        }
        if (n < size)
            n += (size_t)snprintf(buf + n, size - n, ")");
    }
    /* The harness's own errors: not the DLL's failures, and said apart. */
    if (t->errors && n < size)
        snprintf(buf + n, size - n, "%s%zu error%s of the harness", n ? "; " : "", t->errors,
                 t->errors == 1 ? "" : "s");
    return buf;
}

const char *rs_runner_status(const rs_set *set, const rs_runner *r, char *buf, size_t size)
{
    rs_totals t;
    rs_totals_of(set, r->name, &t);
    if (r->available == 0)
        snprintf(buf, size, "%s: %s", r->error ? "ERROR, not run" : "skipped",
                 r->reason ? r->reason : "no reason given");
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

/* The failing results of SET on runners D calls new (NEW 1) or not (0);
 * the harness's errors count too. */
static size_t failures_on(const rs_set *set, const rs_diff *d, int new)
{
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++) {
        enum result_class c = result_class(set->r[i].result);
        n += (c == CLASS_FAILED || c == CLASS_ERROR) && rs_runner_is_new(d, set->r[i].runner) == new;
    }
    return n;
}

size_t rs_counted_failures(const rs_set *set, const rs_diff *d) { return failures_on(set, d, 0); }
size_t rs_new_runner_failures(const rs_set *set, const rs_diff *d) { return failures_on(set, d, 1); }

size_t rs_error_runners(const rs_set *set)
{
    size_t n = 0;
    for (size_t i = 0; i < set->nrunners; i++)
        n += set->runners[i].error != 0;
    return n;
}

void rs_unrun_lines(const rs_set *set, const rs_diff *d, rs_unrun_line_fn *line, void *out)
{
    char buf[512], text[700];
    for (size_t i = 0; i < set->nrunners; i++) {
        const rs_runner *rn = &set->runners[i];
        if (rn->available != 0)
            continue;
        size_t kept = 0;
        for (size_t k = 0; d && k < d->nunrun; k++)
            if (!strcmp(d->unrun[k].runner, rn->name))
                kept = d->unrun[k].kept;
        rs_runner_status(set, rn, buf, sizeof buf);
        if (kept)
            snprintf(text, sizeof text, "%s; its %zu baseline result%s kept, not compared", buf, kept,
                     kept == 1 ? "" : "s");
        else
            snprintf(text, sizeof text, "%s", buf);
        line(out, rn->name, rn->error, text);
    }
    for (size_t k = 0; d && k < d->nunrun; k++) {
        if (d->unrun[k].reason)
            continue;  /* listed above */
        snprintf(text, sizeof text, "not in these results; its %zu baseline result%s kept, not compared",
                 d->unrun[k].kept, d->unrun[k].kept == 1 ? "" : "s");
        line(out, d->unrun[k].runner, 0, text);
    }
}

int rs_still_failing(const rs_diff *d, const struct verdict *r)
{
    if (result_class(r->result) != CLASS_FAILED && result_class(r->result) != CLASS_ERROR)
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
    return distinct(set, offsetof(struct verdict, scenario), strcmp, out);
}

/* Implementations in their order (verdict.h: impl_order, by role). */
static const rs_set *order_set;
static int impl_cmp(const char *a, const char *b)
{
    return impl_order(rs_role_of(order_set, a), a, rs_role_of(order_set, b), b);
}

size_t rs_implementations(const rs_set *set, const char ***out)
{
    order_set = set;
    size_t n = distinct(set, offsetof(struct verdict, impl), impl_cmp, out);
    order_set = NULL;
    return n;
}

/* Caught when the implementation did not pass on some runner (its outcome,
 * not the expectation-adjusted result, is what proves the scenario); an
 * error of the harness proves nothing. */
enum rs_proof rs_proof_of(const rs_set *set, const char *scenario, const char *impl)
{
    int seen = 0, ran = 0;
    for (size_t i = 0; i < set->n; i++) {
        const struct verdict *r = &set->r[i];
        if (strcmp(r->scenario, scenario) != 0 || strcmp(r->impl, impl) != 0)
            continue;
        seen = 1;
        if (r->outcome == OUT_SKIP || r->outcome == OUT_ERROR)
            continue;
        ran = 1;
        if (r->outcome != OUT_PASS)
            return RS_PROOF_CAUGHT;
    }
    return !seen ? RS_PROOF_NONE : ran ? RS_PROOF_MISSED : RS_PROOF_SKIPPED;
}

const char *rs_level_reached(const rs_set *set, const char *impl, const char *runner)
{
    int l = level_reached(set->r, set->n, impl, runner);
    return l == LEVEL_UNKNOWN || (l == LEVEL_NOT_RUN && !rs_has_levels(set)) ? NULL : level_name(l);
}

int rs_has_levels(const rs_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->r[i].level != LEVEL_UNKNOWN)
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
