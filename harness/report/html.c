/*
 * html.c - one self-contained HTML page: first the headline (what failed,
 * per runner, in red; the skipped runners with their reasons), the new
 * failures and the regressions; then totals, the runners' provenance,
 * the other changes, the matrix scenario x
 * implementation x runner (colour and text per result, failure output
 * folded under each cell), changes against the baseline, the fixture
 * proof, durations and the host facts.  Inline CSS, no script, no
 * external resource; every string from the files is escaped.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"

/* Longest agent output shown in one cell; the JSON has all of it. */
#define OUTPUT_MAX (64 * 1024)

static const char *const css_class[RES_COUNT] = {
    "pass", "fail", "xfail", "xpass", "crash", "timeout", "error", "skip"
};

static const char style[] =
    "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:1.5em;"
    "color:#1b1b1b;background:#fff}\n"
    "h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.2em;margin:1.6em 0 .5em;"
    "border-bottom:1px solid #ccc}\n"
    "table{border-collapse:collapse;margin:.3em 0}th,td{border:1px solid #bbb;"
    "padding:3px 6px;vertical-align:top;text-align:left}\n"
    "thead th{background:#f0f0f0;position:sticky;top:0}\n"
    "td.num{text-align:right}.muted{color:#666}.small{font-size:.85em}\n"
    ".verdict{font-size:1.1em}.bad{color:#a00000;font-weight:bold}.good{color:#106010}\n"
    "#headline{padding:.5em .9em;margin:.4em 0 1em;border-left:8px solid}"
    "#headline.failed{border-color:#c00000;background:#fde4e4}"
    "#headline.ok{border-color:#118a11;background:#e6f5e6}\n"
    "#headline .runner-failed{color:#a00000;font-weight:bold;font-size:1.15em}"
    "#headline .runner-new{color:#7a5200;font-weight:bold}"
    "#headline ul{margin:.3em 0;padding-left:1.2em}#headline p{margin:.3em 0}\n"
    "th.scn{background:#fafafa;min-width:12em}th.scn .title{font-weight:normal;color:#555;"
    "font-size:.85em}\n"
    "td.r{min-width:7.5em;font-weight:600}td.r .ms{display:block;font-weight:normal;"
    "font-size:.8em;color:#444}\n"
    ".r.pass{background:#cdeccf;color:#0b4a12}.r.xfail{background:#dde7f7;color:#1d3c78}\n"
    ".r.fail{background:#f7c5c5;color:#7a0000}.r.xpass{background:#fbd9b0;color:#6b3500}\n"
    ".r.crash{background:#e8c0ec;color:#5c0066}.r.timeout{background:#f8eaa0;color:#5a4a00}"
    ".r.error{background:#d8d8f0;color:#202060}\n"
    ".r.skip{background:#e8e8e8;color:#444}.r.none{background:#fff}\n"
    "td.chg-regression,td.chg-new-failure{outline:3px solid #c00000;outline-offset:-3px}"
    "td.chg-fix{outline:3px solid #118a11;outline-offset:-3px}\n"
    ".badge{display:inline-block;font-size:.75em;padding:0 4px;margin-left:4px;"
    "border-radius:3px;background:#333;color:#fff;font-weight:bold}\n"
    ".badge.regression,.badge.new-failure{background:#c00000}.badge.fix{background:#118a11}"
    ".badge.new{background:#2457a6}.badge.new-runner{background:#9a6a00}\n"
    "table.changes td:not(:last-child){white-space:nowrap}"
    "details.changes{margin:.4em 0}details.changes>summary{font-weight:600}\n"
    "details summary{cursor:pointer}details[open]{min-width:30em}\n"
    "details .reason{font-weight:normal;margin:.3em 0;white-space:pre-wrap}\n"
    "pre{font:12px/1.3 ui-monospace,Consolas,'DejaVu Sans Mono',monospace;background:#fcfcfc;"
    "color:#111;border:1px solid #ccc;padding:4px;margin:.2em 0;max-width:70em;"
    "max-height:30em;overflow:auto;white-space:pre-wrap;font-weight:normal}\n"
    ".legend span{display:inline-block;padding:1px 6px;margin-right:4px;border:1px solid #bbb}\n"
    "td.proof-caught{background:#cdeccf}td.proof-missed{color:#777}"
    "td.proof-no{background:#f7c5c5;font-weight:bold}\n";

/* Text content and attribute values alike. */
static void h(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        case '\n': case '\t': fputc(c, f); break;
        case '\r': break;
        default:
            if (c < 0x20 || c == 0x7f)
                fprintf(f, "\\x%02x", c);
            else
                fputc(c, f);
        }
    }
}

static void h_n(FILE *f, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) {
        h(f, s);
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    char *cut = malloc(max + 1);
    if (!cut)
        return;
    memcpy(cut, s, max);
    cut[max] = 0;
    h(f, cut);
    free(cut);
    fprintf(f, "\n[… %zu more bytes: see the results JSON]", n - max);
}

static void duration(FILE *f, long long ms)
{
    if (ms < 0)
        return;
    if (ms < 10000)
        fprintf(f, "%lld ms", ms);
    else
        fprintf(f, "%.1f s", ms / 1000.0);
}

static void totals(FILE *f, const rs_set *set)
{
    fputs("<h2 id=\"totals\">Totals per runner</h2>\n<table class=\"totals\"><thead><tr>"
          "<th>runner</th><th>results</th>", f);
    for (int c = 0; c < RES_COUNT; c++)
        fprintf(f, "<th>%s</th>", result_name((enum result)c));
    fputs("<th>time</th></tr></thead><tbody>\n", f);
    for (size_t i = 0; i <= set->nrunners; i++) {
        const rs_runner *rn = i < set->nrunners ? &set->runners[i] : NULL;
        rs_totals t;
        rs_totals_of(set, rn ? rn->name : NULL, &t);
        fputs("<tr><th>", f);
        if (rn) {
            h(f, rn->name);
            if (rn->available == 0) {
                fputs(" <span class=\"muted small\">(unavailable: ", f);
                h(f, rn->reason ? rn->reason : "no reason given");
                fputs(")</span>", f);
            }
        } else {
            fputs("all runners", f);
        }
        fprintf(f, "</th><td class=\"num\">%zu</td>", t.total);
        for (int c = 0; c < RES_COUNT; c++) {
            size_t v = t.count[c];
            fprintf(f, "<td class=\"num%s\">%zu</td>",
                    v && result_class((enum result)c) != CLASS_PASSED && result_class((enum result)c) != CLASS_SKIPPED
                    ? " bad" : "", v);
        }
        fputs("<td class=\"num\">", f);
        duration(f, t.duration_ms);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

static void change_rows(FILE *f, const rs_diff *d, enum rs_change kind)
{
    for (size_t i = 0; i < d->n; i++) {
        const rs_diff_item *it = &d->items[i];
        if (it->kind != kind)
            continue;
        const struct verdict *r = it->now ? it->now : it->was;
        fputs("<tr><td>", f);
        h(f, r->scenario);
        fputs("</td><td>", f);
        h(f, r->impl);
        fputs("</td><td>", f);
        h(f, r->runner);
        fputs("</td>", f);
        if (it->was)
            fprintf(f, "<td class=\"r %s\">%s</td>", css_class[it->was->result],
                    result_name(it->was->result));
        else
            fputs("<td>—</td>", f);
        if (it->now)
            fprintf(f, "<td class=\"r %s\">%s</td>", css_class[it->now->result],
                    result_name(it->now->result));
        else
            fputs("<td>—</td>", f);
        fputs("<td class=\"small\">", f);
        if (it->now && it->now->reason)
            h_n(f, it->now->reason, 400);
        fputs("</td></tr>\n", f);
    }
}

static const char *const change_heading[RS_NCHANGES] = {
    "New failures (failing now; the baseline has skip or nothing)",
    "Regressions (passing in the baseline, failing now)",
    "Results of new runners (not in the baseline; not counted against it)",
    "Fixes (failing in the baseline, passing now)",
    "New results (not in the baseline, not failing)",
    "Missing results (in the baseline, not in this run)",
    "Other changes",
};

static void changes_table_head(FILE *f)
{
    fputs("<table class=\"changes\"><thead><tr><th>scenario</th><th>implementation</th>"
          "<th>runner</th><th>was</th><th>now</th><th>reason</th></tr></thead><tbody>\n", f);
}

/* New failures and regressions: each under its own heading at the top. */
static void top_changes(FILE *f, const rs_diff *d, enum rs_change kind, const char *id)
{
    if (!d->count[kind])
        return;
    fprintf(f, "<h2 id=\"%s\" class=\"bad\">%s: %zu</h2>\n", id, change_heading[kind],
            d->count[kind]);
    changes_table_head(f);
    change_rows(f, d, kind);
    fputs("</tbody></table>\n", f);
}

/* The other changes: one foldable table per kind; the long ones start folded. */
static void changes(FILE *f, const rs_diff *d, const rs_report_opts *o)
{
    fputs("<h2 id=\"changes\">Changes against the baseline</h2>\n<p>Baseline: <code>", f);
    h(f, o->baseline_file);
    fprintf(f, "</code>. new failures: %zu, regressions: %zu (both listed at the top), "
            "fixes: %zu, new: %zu, missing: %zu, other changes: %zu, results of new runners: "
            "%zu.</p>\n", d->count[RS_NEW_FAILURE], d->count[RS_REGRESSION], d->count[RS_FIX],
            d->count[RS_NEW], d->count[RS_MISSING], d->count[RS_CHANGED], d->count[RS_NEW_RUNNER]);
    for (int k = 0; k < RS_NCHANGES; k++) {
        if (!d->count[k] || k == RS_NEW_FAILURE || k == RS_REGRESSION)
            continue;
        int open = k == RS_FIX || d->count[k] <= 20;
        fprintf(f, "<details class=\"changes\"%s><summary><span class=\"badge %s\">%s</span> "
                "%s: %zu</summary>\n", open ? " open" : "", rs_change_name((enum rs_change)k),
                rs_change_name((enum rs_change)k), change_heading[k], d->count[k]);
        if (k == RS_NEW || k == RS_MISSING) {
            char **names = k == RS_NEW ? d->new_scenarios : d->missing_scenarios;
            size_t n = k == RS_NEW ? d->nnew_scenarios : d->nmissing_scenarios;
            if (n) {
                fprintf(f, "<p class=\"small\">Whole scenarios %s: ", k == RS_NEW ? "new" : "missing");
                for (size_t i = 0; i < n; i++) {
                    fputs(i ? ", " : "", f);
                    h(f, names[i]);
                }
                fputs(".</p>\n", f);
            }
        }
        changes_table_head(f);
        change_rows(f, d, (enum rs_change)k);
        fputs("</tbody></table></details>\n", f);
    }
}

static void legend(FILE *f)
{
    fputs("<p class=\"legend small\">", f);
    for (int c = 0; c < RES_COUNT; c++)
        fprintf(f, "<span class=\"r %s\">%s</span>", css_class[c],
                result_name((enum result)c));
    fputs(" — <b>pass</b> and <b>expected-fail</b> count as passed; a cell with a reason or "
          "output folds it under its label (click it).</p>\n", f);
}

static void cell(FILE *f, const struct verdict *r, const rs_diff *d)
{
    if (!r) {
        fputs("<td class=\"r none\"></td>", f);
        return;
    }
    const rs_diff_item *it = rs_diff_find(d, r);
    int fold = r->reason || r->output;
    fprintf(f, "<td class=\"r %s%s%s\" title=\"", css_class[r->result],
            it ? " chg-" : "", it ? rs_change_name(it->kind) : "");
    h(f, result_name(r->result));
    fputs(" (expected ", f);
    h(f, expected_name(r->expected));
    fputs(", outcome ", f);
    h(f, outcome_name(r->outcome));
    fputs(")", f);
    fputs("\">", f);
    /* Regressions and new failures come unfolded: they are what the reader is after. */
    int loud = it && (it->kind == RS_REGRESSION || it->kind == RS_NEW_FAILURE);
    if (fold)
        fputs(loud ? "<details open><summary>" : "<details><summary>", f);
    fputs(result_name(r->result), f);
    if (it && (loud || it->kind == RS_FIX || it->kind == RS_NEW))
        fprintf(f, "<span class=\"badge %s\">%s</span>", rs_change_name(it->kind),
                rs_change_name(it->kind));
    else if (it && it->was)
        fprintf(f, "<span class=\"badge\">was %s</span>", result_name(it->was->result));
    fputs("<span class=\"ms\">", f);
    duration(f, r->duration_ms);
    fputs("</span>", f);
    if (fold) {
        fputs("</summary>", f);
        if (r->reason) {
            fputs("<p class=\"reason\">", f);
            h_n(f, r->reason, 4000);
            fputs("</p>", f);
        }
        if (r->output) {
            fputs("<pre class=\"output\">", f);
            h_n(f, r->output, OUTPUT_MAX);
            fputs("</pre>", f);
        }
        fputs("</details>", f);
    }
    fputs("</td>", f);
}

static const char *title_of(const rs_set *set, const char *scenario)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->r[i].title && strcmp(set->r[i].scenario, scenario) == 0)
            return set->r[i].title;
    return NULL;
}

static void matrix(FILE *f, const rs_set *set, const rs_diff *d)
{
    const char **sc, **im;
    size_t nsc = rs_scenarios(set, &sc), nim = rs_implementations(set, &im);
    fputs("<h2 id=\"matrix\">Results: scenario × implementation × runner</h2>\n", f);
    legend(f);
    fputs("<table id=\"matrix\" class=\"matrix\"><thead><tr><th>scenario</th>"
          "<th>implementation</th>", f);
    for (size_t k = 0; k < set->nrunners; k++) {
        fputs("<th>", f);
        h(f, set->runners[k].name);
        if (set->runners[k].available == 0)
            fputs(" <span class=\"muted small\">(unavailable)</span>", f);
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    for (size_t i = 0; i < nsc; i++) {
        size_t rows = 0;
        for (size_t j = 0; j < nim; j++) {
            int any = 0;
            for (size_t k = 0; k < set->nrunners && !any; k++)
                any = rs_find(set, sc[i], im[j], set->runners[k].name) != NULL;
            rows += any;
        }
        int first = 1;
        for (size_t j = 0; j < nim; j++) {
            int any = 0;
            for (size_t k = 0; k < set->nrunners && !any; k++)
                any = rs_find(set, sc[i], im[j], set->runners[k].name) != NULL;
            if (!any)
                continue;
            fputs("<tr>", f);
            if (first) {
                const char *t = title_of(set, sc[i]);
                fprintf(f, "<th class=\"scn\" rowspan=\"%zu\" id=\"scn-", rows);
                h(f, sc[i]);
                fputs("\">", f);
                h(f, sc[i]);
                if (t) {
                    fputs("<div class=\"title\">", f);
                    h(f, t);
                    fputs("</div>", f);
                }
                fputs("</th>", f);
                first = 0;
            }
            fprintf(f, "<td class=\"impl%s\">", (rs_role_of(set, im[j]) == ROLE_FIXTURE) ? " muted" : "");
            h(f, im[j]);
            fputs("</td>", f);
            for (size_t k = 0; k < set->nrunners; k++)
                cell(f, rs_find(set, sc[i], im[j], set->runners[k].name), d);
            fputs("</tr>\n", f);
        }
    }
    fputs("</tbody></table>\n", f);
    free(sc);
    free(im);
}

static void proof(FILE *f, const rs_set *set)
{
    const char **sc, **im;
    size_t nsc = rs_scenarios(set, &sc), nim = rs_implementations(set, &im), nfx = 0;
    fputs("<h2 id=\"proof\">Fixture proof</h2>\n", f);
    for (size_t j = 0; j < nim; j++)
        nfx += (rs_role_of(set, im[j]) == ROLE_FIXTURE) != 0;
    if (!nfx) {
        fputs("<p>No fixture (the sample or an fx- DLL) in these results.</p>\n", f);
        goto out;
    }
    fputs("<p class=\"small\">A scenario is proven when at least one fixture (an implementation "
          "that must fail: the sample, fx-…) does not pass it on some runner.</p>\n"
          "<table id=\"proof-table\" class=\"proof\"><thead><tr><th>scenario</th>", f);
    for (size_t j = 0; j < nim; j++) {
        if (!(rs_role_of(set, im[j]) == ROLE_FIXTURE))
            continue;
        fputs("<th>", f);
        h(f, im[j]);
        fputs("</th>", f);
    }
    fputs("<th>proven</th></tr></thead><tbody>\n", f);
    for (size_t i = 0; i < nsc; i++) {
        int proven = 0;
        fputs("<tr><th>", f);
        h(f, sc[i]);
        fputs("</th>", f);
        for (size_t j = 0; j < nim; j++) {
            if (!(rs_role_of(set, im[j]) == ROLE_FIXTURE))
                continue;
            switch (rs_proof_of(set, sc[i], im[j])) {
            case RS_PROOF_CAUGHT:
                fputs("<td class=\"proof-caught\">caught</td>", f);
                proven = 1;
                break;
            case RS_PROOF_MISSED: fputs("<td class=\"proof-missed\">passed</td>", f); break;
            case RS_PROOF_SKIPPED: fputs("<td class=\"proof-missed\">skip</td>", f); break;
            default: fputs("<td></td>", f); break;
            }
        }
        fputs(proven ? "<td class=\"proof-caught\">yes</td></tr>\n"
              : "<td class=\"proof-no\">NO</td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
out:
    free(sc);
    free(im);
}

static void td(FILE *f, const char *s)
{
    fputs("<td>", f);
    if (s)
        h(f, s);
    else
        fputs("<span class=\"muted\">—</span>", f);
    fputs("</td>", f);
}

static void sweep_row(void *out, const char *function, const char *call, const char *outcome)
{
    FILE *f = out;
    fputs("<tr>", f);
    td(f, function);
    td(f, call);
    td(f, outcome);
    fputs("</tr>\n", f);
}

/* The attach sweep's "table" (FUNCTION:N:OUTCOME,...), one table per
 * result that has one; nothing when none has. */
static void sweeps(FILE *f, const rs_set *set)
{
    int any = 0;
    for (size_t i = 0; i < set->n; i++) {
        const struct verdict *r = &set->r[i];
        if (!r->table || !*r->table)
            continue;
        if (!any++) {
            fprintf(f, "<h2 id=\"sweep\">Sweeps</h2>\n<p>%s</p>\n", rs_sweeps_intro);   /* plain text, no markup */
        }
        fputs("<h3>", f);
        h(f, r->impl);
        fputs(" on ", f);
        h(f, r->runner);
        fputs(" (", f);
        h(f, r->scenario);
        fputs(")</h3>\n<table class=\"sweep\"><thead><tr><th>function</th><th>call</th><th>outcome</th>"
              "</tr></thead><tbody>\n", f);
        rs_sweep_cases(r->table, sweep_row, f);
        fputs("</tbody></table>\n", f);
    }
}

static void hosts(FILE *f, const rs_set *set)
{
    fputs("<h2 id=\"hosts\">Hosts</h2>\n<table class=\"hosts\"><thead><tr><th>file</th>"
          "<th>tool</th><th>started</th><th>wall time</th><th>os</th><th>arch</th>"
          "<th>Wine</th><th>compiler</th><th>cross compiler</th><th>host name</th><th>commit</th>"
          "<th>results</th>"
          "</tr></thead><tbody>\n", f);
    for (size_t i = 0; i < set->nsources; i++) {
        const rs_source *s = &set->sources[i];
        fputs("<tr>", f);
        td(f, s->file);
        td(f, s->tool);
        td(f, s->started);
        fputs("<td class=\"num\">", f);
        duration(f, s->wall_ms);
        fputs("</td>", f);
        td(f, s->os);
        td(f, s->arch);
        td(f, s->wine);
        td(f, s->cc);
        td(f, s->cross_cc);
        td(f, s->hostname);
        td(f, s->commit);
        fprintf(f, "<td class=\"num\">%zu</td></tr>\n", s->nresults);
    }
    fputs("</tbody></table>\n", f);
}

static void unrun_line(void *out, const char *runner, int error, const char *text)
{
    FILE *f = out;
    fputs(error ? "<p class=\"runner-failed\">" : "<p class=\"runner-skipped\">", f);
    h(f, runner);
    fputs(": ", f);
    h(f, text);
    fputs("</p>\n", f);
}

/* The first element under the title: what failed, per runner the
 * baseline knows, in red; each new runner (the baseline never saw it) with
 * what failed there, not counted; each runner that did not run with its
 * reason (and the baseline results kept); the totals.  Green ("nothing
 * failed", "no regression") only when nothing counted failed. */
static void headline(FILE *f, const rs_set *set, const rs_diff *d)
{
    rs_totals all;
    char buf[512];
    rs_totals_of(set, NULL, &all);
    size_t counted = rs_counted_failures(set, d) + rs_error_runners(set);
    fprintf(f, "<div id=\"headline\" class=\"%s\">", counted ? "failed" : "ok");
    if (counted) {
        fputs("<ul class=\"failed-runners\">", f);
        for (size_t i = 0; i < set->nrunners; i++) {
            rs_totals t;
            rs_totals_of(set, set->runners[i].name, &t);
            if ((!t.failed && !t.errors) || rs_runner_is_new(d, set->runners[i].name))
                continue;
            fputs("<li class=\"runner-failed\">", f);
            h(f, set->runners[i].name);
            fputs(": ", f);
            h(f, rs_failed_phrase(&t, buf, sizeof buf));
            fputs("</li>", f);
        }
        fputs("</ul>\n", f);
    } else {
        fprintf(f, "<p class=\"verdict good\">Nothing failed%s%s</p>\n",
                all.failed ? " on the baseline's runners" : "",
                d ? " — no regression against the baseline" : "");
    }
    int any_new = 0;
    for (size_t i = 0; i < set->nrunners; i++) {
        const rs_runner *rn = &set->runners[i];
        rs_totals t;
        if (!rs_runner_is_new(d, rn->name) || rn->available == 0)
            continue;
        rs_totals_of(set, rn->name, &t);
        fputs(any_new++ ? "" : "<ul class=\"new-runners\">", f);
        fputs("<li class=\"runner-new\">", f);
        h(f, rn->name);
        fputs(": new runner (not in the baseline, not counted against it): ", f);
        h(f, t.failed ? rs_failed_phrase(&t, buf, sizeof buf) : "nothing failed");
        fputs("</li>", f);
    }
    if (any_new)
        fputs("</ul>\n", f);
    rs_unrun_lines(set, d, unrun_line, f);
    fprintf(f, "<p class=\"verdict\"><b>%zu passed, %zu failed, %zu skipped</b> "
            "(%zu results from %zu file%s)", all.passed, all.failed, all.skipped, all.total,
            set->nsources, set->nsources == 1 ? "" : "s");
    if (d)
        fprintf(f, "; against the baseline: <span class=\"%s\">%zu new failure%s</span>, "
                "<span class=\"%s\">%zu regression%s</span>",
                d->count[RS_NEW_FAILURE] ? "bad" : "", d->count[RS_NEW_FAILURE],
                d->count[RS_NEW_FAILURE] == 1 ? "" : "s", d->count[RS_REGRESSION] ? "bad" : "",
                d->count[RS_REGRESSION], d->count[RS_REGRESSION] == 1 ? "" : "s");
    if (d && d->count[RS_NEW_RUNNER])
        fprintf(f, "; %zu result%s of new runners", d->count[RS_NEW_RUNNER],
                d->count[RS_NEW_RUNNER] == 1 ? "" : "s");
    fputs("</p></div>\n", f);
}

/* A failing result's row: scenario, implementation, runner, result, reason. */
static void failing_row(FILE *f, const struct verdict *r)
{
    fputs("<tr>", f);
    td(f, r->scenario);
    td(f, r->impl);
    td(f, r->runner);
    fprintf(f, "<td class=\"r %s\">%s</td><td class=\"small\">", css_class[r->result], result_name(r->result));
    if (r->reason)
        h_n(f, r->reason, 400);
    fputs("</td></tr>\n", f);
}

/* The failing results of the runners the baseline never saw: shown in full,
 * not counted against it. */
static void new_runner_failures(FILE *f, const rs_set *set, const rs_diff *d)
{
    size_t total = rs_new_runner_failures(set, d);
    if (!total)
        return;
    fprintf(f, "<h2 id=\"new-runners\">Failing on new runners (not in the baseline; not counted "
            "against it): %zu</h2>\n<p class=\"small\">Nothing to compare them with: accept them "
            "into the baseline with <code>dllshm-report --update-baseline</code>.</p>\n"
            "<table class=\"changes\"><thead><tr><th>scenario</th><th>implementation</th>"
            "<th>runner</th><th>result</th><th>reason</th></tr></thead><tbody>\n", total);
    for (size_t i = 0; i < set->n; i++) {
        const struct verdict *r = &set->r[i];
        if (result_class(r->result) != CLASS_FAILED || !rs_runner_is_new(d, r->runner))
            continue;
        failing_row(f, r);
    }
    fputs("</tbody></table>\n", f);
}

/* Failing results that are neither new failures nor regressions (with a
 * baseline: failing there too), or all of them without a baseline. */
static void still_failing(FILE *f, const rs_set *set, const rs_diff *d)
{
    size_t total = 0;
    for (size_t i = 0; i < set->n; i++)
        total += rs_still_failing(d, &set->r[i]);
    if (!total)
        return;
    fprintf(f, "<h2 id=\"still-failing\" class=\"bad\">%s: %zu</h2>\n<table class=\"changes\">"
            "<thead><tr><th>scenario</th><th>implementation</th><th>runner</th><th>result</th>"
            "<th>reason</th></tr></thead><tbody>\n",
            d ? "Still failing (failing in the baseline too)" : "Failing results (no baseline given)",
            total);
    for (size_t i = 0; i < set->n; i++) {
        const struct verdict *r = &set->r[i];
        if (!rs_still_failing(d, r))
            continue;
        failing_row(f, r);
    }
    fputs("</tbody></table>\n", f);
}

static void provenance_row(void *out, const char *runner, const char *which, const char *status,
                           const rs_provenance *p)
{
    FILE *f = out;
    fputs("<tr>", f);
    td(f, runner);
    td(f, which);
    td(f, status);
    td(f, p ? p->host : NULL);
    td(f, p ? p->wine : NULL);
    td(f, p ? p->commit : NULL);
    td(f, p ? p->date : NULL);
    fputs("</tr>\n", f);
}

/* Where each runner's results come from, in this run and in the baseline. */
static void provenance(FILE *f, const rs_set *set, const rs_report_opts *o)
{
    fputs("<h2 id=\"runners\">Runners: where the results come from</h2>\n"
          "<table id=\"provenance\" class=\"provenance\"><thead><tr><th>runner</th>"
          "<th>results</th><th>status</th><th>host</th><th>Wine</th><th>commit</th>"
          "<th>date</th></tr></thead><tbody>\n", f);
    rs_provenance_rows(set, o->baseline, provenance_row, f);
    fputs("</tbody></table>\n", f);
}

/* The highest contract level per implementation and runner. */
static void levels(FILE *f, const rs_set *set)
{
    const char **impls;
    size_t ni = rs_implementations(set, &impls);
    if (rs_has_levels(set)) {
        fputs("<h2 id=\"levels\">Contract levels</h2>\n<p class=\"small\">The highest level each "
              "implementation fully passes: documented &lt; hardened &lt; dllshm.</p>\n"
              "<table id=\"levels-table\"><thead><tr><th>implementation</th>", f);
        for (size_t k = 0; k < set->nrunners; k++) {
            fputs("<th>", f);
            h(f, set->runners[k].name);
            fputs("</th>", f);
        }
        fputs("</tr></thead><tbody>\n", f);
        for (size_t i = 0; i < ni; i++) {
            fputs("<tr>", f);
            td(f, impls[i]);
            for (size_t k = 0; k < set->nrunners; k++) {
                const char *l = rs_level_reached(set, impls[i], set->runners[k].name);
                td(f, l ? l : "—");
            }
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    free(impls);
}

int rs_write_html(FILE *f, const rs_set *set, const rs_diff *d, const rs_report_opts *o)
{
    rs_totals t;
    rs_totals_of(set, NULL, &t);
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>dllshm conformance: %s%zu passed, %zu failed, %zu skipped</title>\n"
            "<style>\n%s</style>\n</head>\n<body>\n<h1>dllshm conformance</h1>",
            rs_counted_failures(set, d) ? "FAILED: " : "", t.passed, t.failed, t.skipped, style);
    headline(f, set, d);
    fputs("<p class=\"small\">", f);
    if (d && d->count[RS_NEW_FAILURE])
        fputs("<a href=\"#new-failures\">new failures</a> · ", f);
    if (d && d->count[RS_REGRESSION])
        fputs("<a href=\"#regressions\">regressions</a> · ", f);
    if (rs_new_runner_failures(set, d))
        fputs("<a href=\"#new-runners\">failing on new runners</a> · ", f);
    fputs("<a href=\"#totals\">totals</a> · <a href=\"#runners\">runners</a> · ", f);
    if (d)
        fputs("<a href=\"#changes\">changes</a> · ", f);
    fputs("<a href=\"#matrix\">matrix</a> · <a href=\"#proof\">fixture proof</a> · "
          "<a href=\"#hosts\">hosts</a></p>\n", f);
    if (d) {
        top_changes(f, d, RS_NEW_FAILURE, "new-failures");
        top_changes(f, d, RS_REGRESSION, "regressions");
        new_runner_failures(f, set, d);
    }
    still_failing(f, set, d);
    totals(f, set);
    levels(f, set);
    provenance(f, set, o);
    if (d)
        changes(f, d, o);
    matrix(f, set, d);
    proof(f, set);
    sweeps(f, set);
    hosts(f, set);
    fputs("</body></html>\n", f);
    return ferror(f) ? -1 : 0;
}
