/*
 * markdown.c - the short report for a GitHub step summary: first what
 * failed (per runner, in red) and which runners were skipped, then the new
 * failures and the regressions, then totals, the contract levels, the
 * runners' provenance, the other changes against the baseline, the
 * fixture-proof table and the attach sweep's cases.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"

/* S as one Markdown table cell or list item: one line, specials escaped,
 * at most MAX bytes of text (cut on a UTF-8 boundary). */
static void md_text(FILE *f, const char *s, size_t max)
{
    size_t n = 0;
    if (!s || !*s) {
        fputs(" ", f);
        return;
    }
    for (; *s; s++, n++) {
        unsigned char c = (unsigned char)*s;
        if (n >= max && (c & 0xC0) != 0x80) {
            fputs("…", f);
            return;
        }
        switch (c) {
        case '\n': case '\r': case '\t': fputc(' ', f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '|': case '\\': case '`': case '*': case '_': case '[': case ']':
        case '#': case '~': case '!':
            fputc('\\', f); fputc(c, f); break;
        default:
            if (c < 0x20 || c == 0x7f)
                fputc(' ', f);
            else
                fputc(c, f);
        }
    }
}

static void md_duration(FILE *f, long long ms)
{
    if (ms < 0)
        fputs(" ", f);
    else if (ms < 10000)
        fprintf(f, "%lld ms", ms);
    else
        fprintf(f, "%.1f s", ms / 1000.0);
}

static void totals_table(FILE *f, const rs_set *set)
{
    static const enum result cols[] = {RES_PASS, RES_XFAIL, RES_FAIL, RES_XPASS,
                                          RES_CRASH, RES_TIMEOUT, RES_ERROR, RES_SKIP};
    fputs("| runner | results |", f);
    for (size_t c = 0; c < sizeof cols / sizeof *cols; c++)
        fprintf(f, " %s |", result_name(cols[c]));
    fputs(" time |\n|---|---:|", f);
    for (size_t c = 0; c < sizeof cols / sizeof *cols; c++)
        fputs("---:|", f);
    fputs("---:|\n", f);
    for (size_t i = 0; i < set->nrunners; i++) {
        const rs_runner *rn = &set->runners[i];
        rs_totals t;
        rs_totals_of(set, rn->name, &t);
        fputs("| ", f);
        md_text(f, rn->name, 80);
        if (rn->available == 0) {
            fputs(" (unavailable: ", f);
            md_text(f, rn->reason ? rn->reason : "no reason given", 120);
            fputs(")", f);
        }
        fprintf(f, " | %zu |", t.total);
        for (size_t c = 0; c < sizeof cols / sizeof *cols; c++) {
            size_t v = t.count[cols[c]];
            int loud = v && (result_class(cols[c]) == CLASS_FAILED || result_class(cols[c]) == CLASS_ERROR);
            fprintf(f, loud ? " **%zu** |" : " %zu |", v);
        }
        fputs(" ", f);
        md_duration(f, t.total ? t.duration_ms : -1);
        fputs(" |\n", f);
    }
    fputs("\n", f);
}

/* "| scenario | implementation | runner" of a table row. */
static void key_cells(FILE *f, const struct verdict *r)
{
    fputs("| ", f);
    md_text(f, r->scenario, 60);
    fputs(" | ", f);
    md_text(f, r->impl, 40);
    fputs(" | ", f);
    md_text(f, r->runner, 40);
}

static void item_row(FILE *f, const rs_diff_item *it)
{
    const struct verdict *r = it->now ? it->now : it->was;
    key_cells(f, r);
    fprintf(f, " | %s | %s | ", it->was ? result_name(it->was->result) : "—",
            it->now ? result_name(it->now->result) : "—");
    md_text(f, it->now ? it->now->reason : NULL, 160);
    fputs(" |\n", f);
}

/* LEVEL: "###" at the top of the report, "####" under the changes. */
static void change_section(FILE *f, const rs_diff *d, enum rs_change kind,
                           const char *level, const char *heading, size_t max)
{
    size_t shown = 0;
    if (!d->count[kind])
        return;
    fprintf(f, "%s %s (%zu)\n\n", level, heading, d->count[kind]);
    fputs("| scenario | implementation | runner | was | now | reason |\n"
          "|---|---|---|---|---|---|\n", f);
    for (size_t i = 0; i < d->n; i++) {
        if (d->items[i].kind != kind)
            continue;
        if (shown++ == max) {
            fprintf(f, "\n…and %zu more (see the HTML report).\n", d->count[kind] - max);
            break;
        }
        item_row(f, &d->items[i]);
    }
    fputs("\n", f);
}

static void name_list(FILE *f, const char *what, char **names, size_t n)
{
    if (!n)
        return;
    fprintf(f, "%s: ", what);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : "", f);
        md_text(f, names[i], 60);
    }
    fputs(".\n\n", f);
}

static void changes(FILE *f, const rs_set *set, const rs_diff *d, const rs_report_opts *o)
{
    fputs("### Changes against the baseline (", f);
    md_text(f, o->baseline_file, 200);
    fputs(")\n\n", f);
    if (!d->n) {
        fputs("No change: every result is the same as in the baseline.\n\n", f);
        return;
    }
    fprintf(f, "new failures: %zu, regressions: %zu (both listed at the top), fixes: %zu, "
            "new: %zu, missing: %zu, other changes: %zu, results of new runners: %zu.\n\n",
            d->count[RS_NEW_FAILURE], d->count[RS_REGRESSION], d->count[RS_FIX],
            d->count[RS_NEW], d->count[RS_MISSING], d->count[RS_CHANGED],
            d->count[RS_NEW_RUNNER]);
    change_section(f, d, RS_FIX, "####", "Fixes (failing in the baseline, passing now)",
                   o->max_list);
    name_list(f, "New scenarios", d->new_scenarios, d->nnew_scenarios);
    change_section(f, d, RS_NEW, "####", "New results (not in the baseline, not failing)",
                   o->max_list);
    name_list(f, "Missing scenarios", d->missing_scenarios, d->nmissing_scenarios);
    change_section(f, d, RS_MISSING, "####", "Missing results (in the baseline, not in this run)",
                   o->max_list);
    change_section(f, d, RS_CHANGED, "####", "Other changes", o->max_list);
    (void)set;
}

/* Whether a runner the baseline never saw ran in SET (its section shows). */
static int new_runner_ran(const rs_set *set, const rs_diff *d)
{
    for (size_t i = 0; d && i < set->nrunners; i++)
        if (rs_runner_is_new(d, set->runners[i].name) && set->runners[i].available != 0)
            return 1;
    return 0;
}

/* A failing result's row, the shown-th of total; past --max-list a line
 * that says how many more, and 0: stop. */
static int failing_row(FILE *f, const struct verdict *r, size_t shown, size_t total, const rs_report_opts *o)
{
    if (shown == o->max_list) {
        fprintf(f, "\n…and %zu more (see the HTML report).\n", total - o->max_list);
        return 0;
    }
    key_cells(f, r);
    fprintf(f, " | %s | ", result_name(r->result));
    md_text(f, r->reason, 160);
    fputs(" |\n", f);
    return 1;
}

/* The runners the baseline never saw: their failing results, not counted
 * against it, and how to accept them. */
static void new_runners(FILE *f, const rs_set *set, const rs_diff *d, const rs_report_opts *o)
{
    size_t shown = 0, total = rs_new_runner_failures(set, d);
    if (!new_runner_ran(set, d))
        return;
    fprintf(f, "### New runners (not in the baseline; not counted against it) (%zu results)\n\n",
            d->count[RS_NEW_RUNNER]);
    fputs("Nothing to compare them with: accept them into the baseline with "
          "`dllshm-report --update-baseline` (ci/README.md).  ", f);
    if (!total) {
        fputs("Nothing failed on them.\n\n", f);
        return;
    }
    fprintf(f, "What failed on them (%zu):\n\n| scenario | implementation | runner | result | "
            "reason |\n|---|---|---|---|---|\n", total);
    for (size_t i = 0; i < set->n; i++) {
        const struct verdict *r = &set->r[i];
        if (result_class(r->result) != CLASS_FAILED || !rs_runner_is_new(d, r->runner))
            continue;
        if (!failing_row(f, r, shown++, total, o))
            break;
    }
    fputs("\n", f);
}

/* The failing results that are neither new failures nor regressions
 * (with a baseline: failing there too), or every one without a baseline. */
static void failures(FILE *f, const rs_set *set, const rs_diff *d, const rs_report_opts *o)
{
    size_t shown = 0, total = 0;
    for (size_t i = 0; i < set->n; i++)
        total += rs_still_failing(d, &set->r[i]);
    if (d && !total)
        return;
    fprintf(f, "### %s", d ? "Still failing (failing in the baseline too)"
            : "Failing results (no baseline given)");
    fprintf(f, total ? " (%zu)\n\n" : "\n\n", total);
    if (!total) {
        fputs("None.\n\n", f);
        return;
    }
    fputs("| scenario | implementation | runner | result | reason |\n"
          "|---|---|---|---|---|\n", f);
    for (size_t i = 0; i < set->n; i++) {
        const struct verdict *r = &set->r[i];
        if (!rs_still_failing(d, r))
            continue;
        if (!failing_row(f, r, shown++, total, o))
            break;
    }
    fputs("\n", f);
}

static const char *impl_cell(const rs_set *set, const char *scenario, const char *impl)
{
    if ((rs_role_of(set, impl) == ROLE_FIXTURE)) {
        switch (rs_proof_of(set, scenario, impl)) {
        case RS_PROOF_CAUGHT: return "caught";
        case RS_PROOF_MISSED: return "·";
        case RS_PROOF_SKIPPED: return "skip";
        default: return " ";
        }
    }
    int seen = 0, passed = 0, failed = 0;
    for (size_t i = 0; i < set->n; i++) {
        const struct verdict *r = &set->r[i];
        if (strcmp(r->scenario, scenario) || strcmp(r->impl, impl))
            continue;
        seen = 1;
        passed += result_class(r->result) == CLASS_PASSED;
        failed += result_class(r->result) == CLASS_FAILED || result_class(r->result) == CLASS_ERROR;
    }
    return !seen ? " " : failed ? "**FAIL**" : passed ? "ok" : "skip";
}

static void proof_table(FILE *f, const rs_set *set)
{
    const char **sc, **im;
    size_t nsc = rs_scenarios(set, &sc), nim = rs_implementations(set, &im), nfx = 0;
    for (size_t j = 0; j < nim; j++)
        nfx += (rs_role_of(set, im[j]) == ROLE_FIXTURE) != 0;
    fputs("### Fixture proof\n\n", f);
    if (!nfx) {
        fputs("No fixture (the sample or an fx- DLL) in these results.\n\n", f);
        goto out;
    }
    fputs("Each scenario must fail on at least one fixture (`caught`); `·` = the fixture "
          "passed it, `ok`/`FAIL` = the result of a real implementation.\n\n| scenario |", f);
    for (size_t j = 0; j < nim; j++) {
        fputs(" ", f);
        md_text(f, im[j], 40);
        fputs(" |", f);
    }
    fputs(" proven |\n|---|", f);
    for (size_t j = 0; j <= nim; j++)
        fputs(":-:|", f);
    fputs("\n", f);
    for (size_t i = 0; i < nsc; i++) {
        int proven = 0;
        fputs("| ", f);
        md_text(f, sc[i], 60);
        fputs(" |", f);
        for (size_t j = 0; j < nim; j++) {
            fprintf(f, " %s |", impl_cell(set, sc[i], im[j]));
            proven |= (rs_role_of(set, im[j]) == ROLE_FIXTURE) && rs_proof_of(set, sc[i], im[j]) == RS_PROOF_CAUGHT;
        }
        fputs(proven ? " yes |\n" : " **NO** |\n", f);
    }
    fputs("\n", f);
out:
    free(sc);
    free(im);
}

/* The headline, the first thing under the title: in red (Markdown has no
 * colour, so a red mark) what failed on each runner the baseline knows;
 * then each new runner (the baseline never saw it) with what failed there,
 * not counted; then each runner that did not run, with its reason (and the
 * baseline results kept); then the totals.  "No regression" is said only
 * when nothing counted failed. */
static void unrun_line(void *out, const char *runner, int error, const char *text)
{
    FILE *f = out;
    fputs(error ? "- 🔴 " : "- ⚪ ", f);
    md_text(f, runner, 80);
    fputs(": ", f);
    md_text(f, text, 400);
    fputs("\n", f);
}

static void headline(FILE *f, const rs_set *set, const rs_diff *d)
{
    rs_totals all;
    char buf[512];
    rs_totals_of(set, NULL, &all);
    if (rs_counted_failures(set, d) || rs_error_runners(set)) {
        fputs("### 🔴 FAILED —", f);
        const char *sep = " ";
        for (size_t i = 0; i < set->nrunners; i++) {
            rs_totals t;
            rs_totals_of(set, set->runners[i].name, &t);
            if ((!t.failed && !t.errors) || rs_runner_is_new(d, set->runners[i].name))
                continue;
            fputs(sep, f);
            md_text(f, set->runners[i].name, 80);
            fprintf(f, ": %s", rs_failed_phrase(&t, buf, sizeof buf));
            sep = "; ";
        }
        for (size_t i = 0; i < set->nrunners; i++) {
            if (!set->runners[i].error)
                continue;
            fputs(sep, f);
            md_text(f, set->runners[i].name, 80);
            fputs(": ERROR, not run", f);
            sep = "; ";
        }
        fputs("\n\n", f);
    } else {
        fprintf(f, "### ✅ Nothing failed%s%s\n\n", all.failed ? " on the baseline's runners" : "",
                d ? " — no regression against the baseline" : "");
    }
    int listed = 0;
    for (size_t i = 0; i < set->nrunners; i++) {
        const rs_runner *rn = &set->runners[i];
        rs_totals t;
        if (!rs_runner_is_new(d, rn->name) || rn->available == 0)
            continue;
        rs_totals_of(set, rn->name, &t);
        fputs("- 🟡 ", f);
        md_text(f, rn->name, 80);
        fprintf(f, ": new runner (not in the baseline, not counted against it): %s\n",
                t.failed ? rs_failed_phrase(&t, buf, sizeof buf) : "nothing failed");
        listed = 1;
    }
    long at = ftell(f);
    rs_unrun_lines(set, d, unrun_line, f);
    listed |= ftell(f) != at;
    fprintf(f, "%s**%zu passed, %zu failed, %zu skipped** (%zu results from %zu file%s)",
            listed ? "\n" : "", all.passed, all.failed, all.skipped, all.total, set->nsources, set->nsources == 1 ? "" : "s");
    if (d)
        fprintf(f, "; against the baseline: %s%zu new failure%s%s, %s%zu regression%s%s",
                d->count[RS_NEW_FAILURE] ? "**" : "", d->count[RS_NEW_FAILURE],
                d->count[RS_NEW_FAILURE] == 1 ? "" : "s", d->count[RS_NEW_FAILURE] ? "**" : "",
                d->count[RS_REGRESSION] ? "**" : "", d->count[RS_REGRESSION],
                d->count[RS_REGRESSION] == 1 ? "" : "s", d->count[RS_REGRESSION] ? "**" : "");
    if (d && d->count[RS_NEW_RUNNER])
        fprintf(f, "; %zu result%s of new runners", d->count[RS_NEW_RUNNER],
                d->count[RS_NEW_RUNNER] == 1 ? "" : "s");
    fputs(".\n\n", f);
}

static void provenance_row(void *out, const char *runner, const char *which, const char *status,
                           const rs_provenance *p)
{
    FILE *f = out;
    const char *cells[] = {runner, which, status, p ? p->host : NULL, p ? p->wine : NULL,
                           p ? p->commit : NULL, p ? p->date : NULL};
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
        fputs("| ", f);
        md_text(f, cells[i] ? cells[i] : "—", i == 2 ? 160 : 80);
        fputs(" ", f);
    }
    fputs("|\n", f);
}

/* Where each runner's results come from, now and in the baseline. */
static void provenance(FILE *f, const rs_set *set, const rs_report_opts *o)
{
    fputs("### Runners: where the results come from\n\n"
          "| runner | results | status | host | Wine | commit | date |\n"
          "|---|---|---|---|---|---|---|\n", f);
    rs_provenance_rows(set, o->baseline, provenance_row, f);
    fputs("\n", f);
}

/* The highest contract level per implementation and runner. */
static void levels_table(FILE *f, const rs_set *set)
{
    const char **impls;
    size_t ni = rs_implementations(set, &impls);
    if (rs_has_levels(set)) {
        fputs("### Contract levels (highest fully passed: documented < hardened < dllshm)\n\n"
              "| implementation |", f);
        for (size_t k = 0; k < set->nrunners; k++)
            fprintf(f, " %s |", set->runners[k].name);
        fputs("\n|---|", f);
        for (size_t k = 0; k < set->nrunners; k++)
            fputs("---|", f);
        fputs("\n", f);
        for (size_t i = 0; i < ni; i++) {
            fprintf(f, "| %s |", impls[i]);
            for (size_t k = 0; k < set->nrunners; k++) {
                const char *l = rs_level_reached(set, impls[i], set->runners[k].name);
                fprintf(f, " %s |", l ? l : "—");
            }
            fputs("\n", f);
        }
        fputs("\n", f);
    }
    free(impls);
}

static void sweep_row(void *out, const char *function, const char *call, const char *outcome)
{
    FILE *f = out;
    fputs("| ", f);
    md_text(f, function, 80);
    fputs(" | ", f);
    md_text(f, call, 12);
    fputs(" | ", f);
    md_text(f, outcome, 120);
    fputs(" |\n", f);
}

/* The attach sweep's "table" (FUNCTION:N:OUTCOME,...): function x call
 * index -> outcome, for each result that has one. */
static void sweep_tables(FILE *f, const rs_set *set)
{
    int any = 0;
    for (size_t i = 0; i < set->n; i++) {
        const struct verdict *r = &set->r[i];
        if (!r->table || !*r->table)
            continue;
        if (!any++)
            fprintf(f, "### Sweeps\n\n%s\n\n", rs_sweeps_intro);
        fputs("#### ", f);
        md_text(f, r->impl, 80);
        fputs(" on ", f);
        md_text(f, r->runner, 80);
        fputs(" (", f);
        md_text(f, r->scenario, 80);
        fputs(")\n\n| function | call | outcome |\n|---|---:|---|\n", f);
        rs_sweep_cases(r->table, sweep_row, f);
        fputc('\n', f);
    }
}

int rs_write_markdown(FILE *f, const rs_set *set, const rs_diff *d, const rs_report_opts *o)
{
    fputs("## dllshm conformance\n\n", f);
    headline(f, set, d);
    if (d) {
        change_section(f, d, RS_NEW_FAILURE, "###",
                       "New failures (failing now; the baseline has skip or nothing)", o->max_list);
        change_section(f, d, RS_REGRESSION, "###",
                       "Regressions (passing in the baseline, failing now)", o->max_list);
        new_runners(f, set, d, o);
    }
    failures(f, set, d, o);
    fputs("### Totals per runner\n\n", f);
    totals_table(f, set);
    levels_table(f, set);
    provenance(f, set, o);
    if (d)
        changes(f, set, d, o);
    proof_table(f, set);
    sweep_tables(f, set);
    return ferror(f) ? -1 : 0;
}
