/*
 * check_report.c - dllshm-report on real result files (testdata/, in the
 * format of harness/RESULTS.md): a baseline, a run with a planted
 * regression, a clean run split over two files, a corrupt file and one
 * with an invalid result.  Each test runs the tool's main (report_main)
 * with its stderr captured, then reads what it wrote.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"

static char data_dir[1200], out_dir[1200];

static const char *data(const char *name)
{
    static char buf[4][1400];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof buf[i], "%s/%s", data_dir, name);
    return buf[i];
}

static const char *out(const char *name)
{
    static char buf[4][1400];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof buf[i], "%s/%s", out_dir, name);
    return buf[i];
}

static char *slurp(const char *file)
{
    FILE *f = fopen(file, "rb");
    ck_assert_msg(f != NULL, "cannot open %s: %s", file, strerror(errno));
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(fread(s, 1, (size_t)n, f), n);
    s[n] = 0;
    fclose(f);
    return s;
}

/* Run report_main with ARGS (NULL-terminated); its stderr goes to
 * *ERR (malloc'd).  Returns the exit status. */
static int run(char **err, const char *name, ...)
{
    char *argv[32];
    int argc = 0;
    va_list ap;
    argv[argc++] = "dllshm-report";
    va_start(ap, name);
    for (const char *a = name; a && argc < 31; a = va_arg(ap, const char *))
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;

    const char *errfile = out("stderr.txt");
    fflush(stderr);
    int saved = dup(2);
    FILE *e = fopen(errfile, "w");
    ck_assert_ptr_nonnull(e);
    dup2(fileno(e), 2);
    int rc = report_main(argc, argv);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    fclose(e);
    *err = slurp(errfile);
    /* stderr is a text stream: on Windows its lines end in CRLF (the
     * files the tool writes are checked byte for byte, as written). */
    char *w = *err;
    for (const char *r = *err; *r; r++)
        if (*r != '\r') *w++ = *r;
    *w = 0;
    /* Shown in the test log, for whoever reads a failure. */
    fprintf(stderr, "--- dllshm-report exit %d, stderr:\n%s", rc, *err);
    return rc;
}

#define ck_assert_contains(hay, needle) \
    ck_assert_msg(strstr((hay), (needle)) != NULL, "expected to find <%s>", (needle))
#define ck_assert_lacks(hay, needle) \
    ck_assert_msg(strstr((hay), (needle)) == NULL, "did not expect <%s>", (needle))

/* The section of S from the heading HEAD to the next "#### " heading. */
static char *section(const char *s, const char *head)
{
    const char *a = strstr(s, head);
    ck_assert_msg(a != NULL, "no section <%s>", head);
    const char *b = strstr(a + strlen(head), "\n###");
    size_t n = b ? (size_t)(b - a) : strlen(a);
    char *r = malloc(n + 1);
    memcpy(r, a, n);
    r[n] = 0;
    return r;
}

START_TEST(regression_is_caught)
{
    char *err;
    int rc = run(&err, "--baseline", data("baseline.json"), "--markdown", out("reg.md"),
                 "--html", out("reg.html"), data("run-regression.json"), NULL);
    ck_assert_int_eq(rc, 1);
    ck_assert_contains(err, "REGRESSION: torn-reads / dllshm / wine-i686: pass -> fail");
    ck_assert_contains(err, "regressions: 1, fixes: 0");
    char *md = slurp(out("reg.md"));
    ck_assert_contains(md, "**1 regression**");
    char *reg = section(md, "### Regressions");
    ck_assert_contains(reg, "| torn-reads | dllshm | wine-i686 | pass | fail |");
    /* Reasons are escaped: no raw HTML reaches the step summary. */
    ck_assert_contains(reg, "&lt;mixed&gt; &amp; \"quoted\"");
    ck_assert_lacks(reg, "lifetime");          /* failing in both: no change */
    ck_assert_contains(md, "New scenarios: change-counter.");
    ck_assert_contains(md, "#### Missing results (in the baseline, not in this run) (3)");
    ck_assert_contains(md, "### Fixture proof");
    ck_assert_contains(md, "| torn-reads | **FAIL** | caught | caught | yes |");
    ck_assert_contains(md, "| basic | ok | · | · | **NO** |");
    ck_assert_contains(md, "wine-mixed (unavailable: 32-bit Wine cannot run here");
    free(reg);
    free(md);
    free(err);
}
END_TEST

START_TEST(clean_run_passes)
{
    char *err;
    int rc = run(&err, "--baseline", data("baseline.json"), "--markdown", out("clean.md"),
                 data("clean-wine-x86_64.json"), data("clean-wine-i686.json"), NULL);
    ck_assert_int_eq(rc, 0);
    ck_assert_lacks(err, "REGRESSION");
    char *md = slurp(out("clean.md"));
    ck_assert_contains(md, "## dllshm conformance\n\n### ✅ Nothing failed — no regression "
                       "against the baseline\n\n**36 passed, 0 failed, 0 skipped** "
                       "(36 results from 2 files)");
    ck_assert_lacks(md, "### Regressions");
    ck_assert_lacks(md, "🔴");
    char *fix = section(md, "#### Fixes");
    ck_assert_contains(fix, "| lifetime | dllshm | wine-i686 | fail | pass |");
    /* Short: totals, one change, the proof table. */
    ck_assert_uint_lt(strlen(md), 4000);
    free(fix);
    free(md);
    free(err);
}
END_TEST

/* The highest level each implementation fully passes: an expected-fail
 * does not pass its level, a skipped level is not reached, every level
 * below must pass; both reports show it, and a saved baseline keeps the
 * levels. */
START_TEST(levels_per_implementation)
{
    char *err;
    int rc = run(&err, "--markdown", out("levels.md"), "--html", out("levels.html"),
                 data("levels.json"), NULL);
    ck_assert_int_eq(rc, 0);
    char *md = slurp(out("levels.md"));
    char *sec = section(md, "### Contract levels");
    ck_assert_contains(sec, "| dllshm | dllshm |");
    ck_assert_contains(sec, "| theirs | hardened |");
    ck_assert_contains(sec, "| fx-a | documented |");
    ck_assert_contains(sec, "| fx-b | none |");
    char *html = slurp(out("levels.html"));
    ck_assert_contains(html, "<tr><td>theirs</td><td>hardened</td></tr>");
    free(err);
    rc = run(&err, "--update-baseline", out("levels-base.json"), data("levels.json"), NULL);
    ck_assert_int_eq(rc, 0);
    char *base = slurp(out("levels-base.json"));
    ck_assert_contains(base, "\"level\": \"hardened\"");
    free(base); free(html); free(sec); free(md); free(err);
}
END_TEST

/* A runner that did not run here (wine-i686 on a kernel without IA32
 * emulation) is one fact: one line at the top with its reason and how
 * many baseline results were kept, no "other change" per result, and
 * "not run" in the level table, never "none". */
START_TEST(unrun_runner_is_one_line)
{
    char *err;
    int rc = run(&err, "--baseline", data("baseline.json"), "--markdown", out("unrun.md"),
                 "--html", out("unrun.html"), data("clean-wine-x86_64.json"), data("unrun-i686.json"), NULL);
    ck_assert_int_eq(rc, 0);
    char *md = slurp(out("unrun.md"));
    ck_assert_contains(md, "- ⚪ wine-i686: skipped: this kernel cannot run 32-bit programs (Exec format "
                           "error); its 18 baseline results kept, not compared\n");
    ck_assert_lacks(md, "#### Other changes");
    ck_assert_lacks(md, "#### Missing results");
    char *sec = section(md, "### Contract levels");
    ck_assert_contains(sec, "| dllshm | — | not run |");
    char *html = slurp(out("unrun.html"));
    ck_assert_contains(html, "<p class=\"runner-skipped\">wine-i686: skipped: this kernel cannot run 32-bit "
                             "programs (Exec format error); its 18 baseline results kept, not compared</p>");
    ck_assert_contains(html, "<td>not run</td>");
    free(err);
    /* Without the i686 file, that runner is not in these results at all:
     * one line too, and nothing "missing" per result. */
    rc = run(&err, "--baseline", data("baseline.json"), "--markdown", out("unrun2.md"),
             data("clean-wine-x86_64.json"), NULL);
    ck_assert_int_eq(rc, 0);
    char *md2 = slurp(out("unrun2.md"));
    ck_assert_contains(md2, "- ⚪ wine-i686: not in these results; its 18 baseline results kept, not compared\n");
    ck_assert_lacks(md2, "#### Missing results");
    free(md2); free(html); free(sec); free(md); free(err);
}
END_TEST

/* A runner whose probe failed for no known reason is an error of the run:
 * red at the top, and the report fails. */
START_TEST(error_runner_fails_the_report)
{
    char *err;
    FILE *f = fopen(out("error-run.json"), "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"format\": \"dllshm-results/1\", \"runners\": [{\"name\": \"wine-x86_64\", \"available\": false, "
          "\"error\": true, \"reason\": \"the runner's probe failed 3 times: free(): invalid pointer\"}], "
          "\"results\": []}\n", f);
    fclose(f);
    int rc = run(&err, "--markdown", out("error.md"), out("error-run.json"), NULL);
    ck_assert_int_eq(rc, 1);
    ck_assert_contains(err, "wine-x86_64: ERROR, not run: the runner's probe failed 3 times");
    char *md = slurp(out("error.md"));
    ck_assert_contains(md, "### 🔴 FAILED — wine-x86\\_64: ERROR, not run\n");
    ck_assert_contains(md, "- 🔴 wine-x86\\_64: ERROR, not run: the runner");
    free(md); free(err);
}
END_TEST

START_TEST(no_baseline_lists_failures)
{
    char *err;
    int rc = run(&err, "--markdown", out("nobase.md"), data("run-regression.json"), NULL);
    ck_assert_int_eq(rc, 1);           /* failures fail, baseline or not */
    char *md = slurp(out("nobase.md"));
    ck_assert_contains(md, "## dllshm conformance\n\n### 🔴 FAILED — wine-i686: 2 failed (2 fail)\n");
    ck_assert_contains(md, "### Failing results (no baseline given) (2)");
    ck_assert_contains(md, "| torn-reads | dllshm | wine-i686 | fail |");
    free(md);
    free(err);
}
END_TEST

START_TEST(sweep_tables_in_reports)
{
    char *err;
    int rc = run(&err, "--markdown", out("sweep.md"), data("sweep.json"), NULL);
    ck_assert_int_eq(rc, 0);
    char *md = slurp(out("sweep.md"));
    ck_assert_contains(md, "### Sweeps");
    ck_assert_contains(md, "#### dllshm on wine-x86\\_64 (attach-sweep)");
    ck_assert_contains(md, "| MapViewOfFile | 1 | loaded/step=map/win32=8/debug\\_lines=1 |");
    ck_assert_contains(md, "#### fx-unchecked-map on wine-x86\\_64 (attach-sweep)");
    ck_assert_contains(md, "| MapViewOfFile | 1 | crash-in-dllmain/0xc0000005/load-error=998 |");
    ck_assert_lacks(md, "(visibility)");
    free(md);
    free(err);
    rc = run(&err, "--html", out("sweep.html"), data("sweep.json"), NULL);
    ck_assert_int_eq(rc, 0);
    md = slurp(out("sweep.html"));
    ck_assert_contains(md, "<h2 id=\"sweep\">Sweeps</h2>");
    ck_assert_contains(md, "<tr><td>MapViewOfFile</td><td>1</td><td>crash-in-dllmain/0xc0000005/load-error=998</td></tr>");
    free(md);
    free(err);
    /* No table in the results: no section. */
    rc = run(&err, "--markdown", out("nosweep.md"), data("clean-wine-x86_64.json"), NULL);
    ck_assert_int_eq(rc, 0);
    md = slurp(out("nosweep.md"));
    ck_assert_lacks(md, "### Sweeps");
    free(md);
    free(err);
}
END_TEST

START_TEST(corrupt_file_is_bad_input)
{
    char *err;
    int rc = run(&err, "--baseline", data("baseline.json"), "--markdown", out("corrupt.md"),
                 data("clean-wine-x86_64.json"), data("corrupt.json"), NULL);
    ck_assert_int_eq(rc, 2);
    /* file:line:column from jansson, then what to do. */
    ck_assert_contains(err, "corrupt.json:13:11: error: ");
    ck_assert_contains(err, "regenerate it with dllshm-conform --json");
    free(err);
}
END_TEST

START_TEST(corrupt_baseline_is_bad_input)
{
    char *err;
    int rc = run(&err, "--baseline", data("corrupt.json"), data("clean-wine-x86_64.json"), NULL);
    ck_assert_int_eq(rc, 2);
    ck_assert_contains(err, "corrupt.json:13:11: error: ");
    ck_assert_contains(err, "that is the baseline");
    free(err);
}
END_TEST

START_TEST(missing_file_is_bad_input)
{
    char *err;
    int rc = run(&err, data("no-such-file.json"), NULL);
    ck_assert_int_eq(rc, 2);
    ck_assert_contains(err, "no-such-file.json: cannot open: ");
    free(err);
}
END_TEST

START_TEST(invalid_result_is_bad_input)
{
    char *err;
    int rc = run(&err, data("bad-result.json"), NULL);
    ck_assert_int_eq(rc, 2);
    ck_assert_contains(err, "bad-result.json: results[2].result: unknown value \"passed\"");
    free(err);
}
END_TEST

START_TEST(usage_errors)
{
    char *err;
    ck_assert_int_eq(run(&err, NULL), 2);
    ck_assert_contains(err, "no results file given");
    free(err);
    ck_assert_int_eq(run(&err, "--bogus", data("baseline.json"), NULL), 2);
    ck_assert_contains(err, "unknown option --bogus");
    free(err);
    ck_assert_int_eq(run(&err, data("baseline.json"), "--html", NULL), 2);
    ck_assert_contains(err, "--html needs a file name");
    free(err);
}
END_TEST

START_TEST(html_has_matrix_and_folded_output)
{
    char *err;
    int rc = run(&err, "--baseline", data("baseline.json"), "--html", out("page.html"),
                 data("run-regression.json"), NULL);
    ck_assert_int_eq(rc, 1);
    char *html = slurp(out("page.html"));
    ck_assert_contains(html, "<!DOCTYPE html>");
    ck_assert_contains(html, "<table id=\"matrix\"");
    ck_assert_contains(html, "<th>wine-x86_64</th><th>wine-i686</th>");
    ck_assert_contains(html, "<th class=\"scn\" rowspan=\"3\" id=\"scn-torn-reads\">");
    /* The regressed cell: colour class, text, badge, output folded. */
    ck_assert_contains(html, "<td class=\"r fail chg-regression\" title=\"fail (expected pass, "
                       "outcome fail)\"><details open><summary>fail<span class=\"badge regression\">"
                       "regression</span><span class=\"ms\">5230 ms</span></summary>");
    ck_assert_contains(html, "<pre class=\"output\">a&gt; hammer 10000\nb&gt; watch 10000\n"
                       "b&lt; torn 3 of 10000: &quot;hello wor&quot; + &quot;LD &amp; "
                       "&lt;script&gt;alert(1)&lt;/script&gt;&quot;\nb&lt; done\n</pre>");
    ck_assert_lacks(html, "<script");
    ck_assert_lacks(html, "http://");
    ck_assert_lacks(html, "https://");
    /* Every result word appears as text, not only as colour. */
    ck_assert_contains(html, ">expected-fail<");
    ck_assert_contains(html, "<table id=\"proof-table\"");
    ck_assert_contains(html, "<td class=\"proof-no\">NO</td>");
    ck_assert_contains(html, "<td>wine-8.0 (Debian 8.0~repack-4)</td><td>gcc 12.2.0</td>");
    ck_assert_contains(html, "wine-mixed <span class=\"muted small\">(unavailable)</span>");
    free(html);
    free(err);
}
END_TEST

START_TEST(update_baseline_round_trip)
{
    char *err;
    remove(out("new-baseline.json"));
    int rc = run(&err, "--baseline", data("baseline.json"), "--update-baseline",
                 out("new-baseline.json"), data("run-regression.json"), NULL);
    ck_assert_int_eq(rc, 0);           /* updating accepts the regression */
    ck_assert_contains(err, "wrote the new baseline");
    free(err);
    char *nb = slurp(out("new-baseline.json"));
    ck_assert_contains(nb, "{\n  \"format\": \"dllshm-results/1\",\n");
    ck_assert_contains(nb, "\n    {\"scenario\": \"torn-reads\", \"implementation\": \"dllshm\", \"role\": \"dllshm\", \"runner\": \"wine-i686\", \"result\": \"fail\",");
    ck_assert_lacks(nb, "\"title\"");
    ck_assert_lacks(nb, "\"output\"");
    free(nb);
    rc = run(&err, "--baseline", out("new-baseline.json"), "--markdown", out("rt.md"),
             data("run-regression.json"), NULL);
    ck_assert_int_eq(rc, 1);           /* accepted, but they still fail */
    ck_assert_contains(err, "new failures: 0, regressions: 0, fixes: 0, new: 0, missing: 0, "
                       "other changes: 0");
    char *md = slurp(out("rt.md"));
    ck_assert_contains(md, "### Still failing (failing in the baseline too) (2)");
    free(md);
    free(err);
}
END_TEST

START_TEST(compare_counts)
{
    rs_set base = {0}, now = {0};
    rs_diff d;
    ck_assert_int_eq(rs_load_file(&base, data("baseline.json"), stderr), 0);
    ck_assert_int_eq(rs_load_file(&now, data("run-regression.json"), stderr), 0);
    rs_sort(&base);
    rs_sort(&now);
    ck_assert_uint_eq(base.n, 36);
    ck_assert_uint_eq(now.n, 34);
    rs_compare(&base, &now, &d);
    ck_assert_uint_eq(d.count[RS_NEW_FAILURE], 0);
    ck_assert_uint_eq(d.count[RS_REGRESSION], 1);
    ck_assert_uint_eq(d.count[RS_FIX], 0);
    ck_assert_uint_eq(d.count[RS_NEW], 1);
    ck_assert_uint_eq(d.count[RS_MISSING], 3);
    ck_assert_uint_eq(d.count[RS_CHANGED], 0);
    ck_assert_uint_eq(d.nnew_scenarios, 1);
    ck_assert_str_eq(d.new_scenarios[0], "change-counter");
    ck_assert_uint_eq(d.nmissing_scenarios, 0);   /* late-init still runs on i686 */
    ck_assert_str_eq(d.items[0].now->scenario, "torn-reads");
    ck_assert_uint_eq(rs_proof_of(&now, "torn-reads", "fx-no-lock"), RS_PROOF_CAUGHT);
    ck_assert_uint_eq(rs_proof_of(&now, "basic", "sample"), RS_PROOF_MISSED);
    ck_assert_uint_eq(rs_proof_of(&now, "basic", "fx-nothing"), RS_PROOF_NONE);
    rs_diff_free(&d);
    rs_free(&base);
    rs_free(&now);

    /* A failure where the baseline has skip, and one where it has nothing. */
    ck_assert_int_eq(rs_load_file(&base, data("newfail-baseline.json"), stderr), 0);
    ck_assert_int_eq(rs_load_file(&now, data("newfail-run.json"), stderr), 0);
    rs_sort(&base);
    rs_sort(&now);
    rs_compare(&base, &now, &d);
    ck_assert_uint_eq(d.count[RS_NEW_FAILURE], 2);
    ck_assert_uint_eq(d.count[RS_CHANGED], 2);    /* skip -> pass on wine-mixed */
    ck_assert_uint_eq(d.count[RS_NEW], 0);
    ck_assert_uint_eq(d.count[RS_NEW_RUNNER], 1); /* the skip on wine-i686, never in the baseline */
    ck_assert_int_eq(d.items[0].kind, RS_NEW_FAILURE);
    ck_assert_str_eq(d.items[0].now->scenario, "mixed-arch");
    ck_assert_int_eq(d.items[0].was->result, RES_SKIP);
    ck_assert_str_eq(d.items[1].now->scenario, "named-blocks");
    ck_assert_ptr_null(d.items[1].was);
    rs_diff_free(&d);
    rs_free(&base);
    rs_free(&now);
}
END_TEST

START_TEST(duplicates_keep_the_failing_one)
{
    rs_set set = {0};
    ck_assert_int_eq(rs_load_file(&set, data("baseline.json"), stderr), 0);
    ck_assert_int_eq(rs_load_file(&set, data("clean-wine-i686.json"), stderr), 0);
    ck_assert_uint_eq(set.n, 36);
    ck_assert_uint_eq(set.duplicates, 18);
    /* lifetime/dllshm/wine-i686: fail in the baseline, pass in the clean
     * run: merging keeps the failure. */
    struct verdict *r = rs_find(&set, "lifetime", "dllshm", "wine-i686");
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->result, RES_FAIL);
    rs_free(&set);
}
END_TEST

START_TEST(runner_suffix_tells_builds_apart)
{
    char *err;
    int rc = run(&err, "--markdown", out("suffix.md"), data("clean-wine-i686.json"),
                 "--runner-suffix", "-ucrt64", data("clean-wine-i686.json"), NULL);
    ck_assert_int_eq(rc, 0);
    ck_assert_lacks(err, "warning");      /* no duplicate keys */
    char *md = slurp(out("suffix.md"));
    ck_assert_contains(md, "| wine-i686 | 18 |");
    ck_assert_contains(md, "| wine-i686-ucrt64 | 18 |");
    free(md);
    free(err);
}
END_TEST

/* Where NEEDLE is in HAY (it must be there). */
static size_t pos(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    ck_assert_msg(p != NULL, "expected to find <%s>", needle);
    return (size_t)(p - hay);
}

/* newfail-run.json against newfail-baseline.json: the baseline was made
 * where wine-mixed could not run (skip), and lacks named-blocks; now
 * mixed-arch/sample crashes (skip in the baseline) and
 * named-blocks/fx-arch-layout fails (nothing in the baseline). */
START_TEST(new_failures_lead_the_markdown)
{
    char *err;
    int rc = run(&err, "--baseline", data("newfail-baseline.json"), "--markdown",
                 out("newfail.md"), data("newfail-run.json"), NULL);
    ck_assert_int_eq(rc, 1);
    ck_assert_contains(err, "new failures: 2, regressions: 0");
    ck_assert_contains(err, "FAILED: wine-mixed: 2 failed (1 fail, 1 crash)\n");
    ck_assert_contains(err, "NEW FAILURE: mixed-arch / sample / wine-mixed: skip -> crash: "
                       "mixed-arch.scn:13: w64: set x*3000");
    ck_assert_contains(err, "NEW FAILURE: named-blocks / fx-arch-layout / wine-mixed: "
                       "(not in the baseline) -> fail: named-blocks.scn:12");
    ck_assert_contains(err, "wine-i686: skipped: this kernel cannot run 32-bit programs "
                       "(Exec format error)\n");
    char *md = slurp(out("newfail.md"));
    /* The red headline is the first thing under the title, per runner. */
    ck_assert_msg(strncmp(md, "## dllshm conformance\n\n### 🔴 FAILED — wine-mixed: 2 failed "
                          "(1 fail, 1 crash)\n\n", strlen("## dllshm conformance\n\n### 🔴 "
                          "FAILED — wine-mixed: 2 failed (1 fail, 1 crash)\n\n")) == 0,
                  "the report does not start with the red headline:\n%.300s", md);
    /* The skipped runner, named with its reason, in the headline. */
    size_t skipped = pos(md, "- ⚪ wine-i686: skipped: this kernel cannot run 32-bit "
                         "programs (Exec format error)\n");
    /* The first section after the headline is the new failures. */
    size_t head = pos(md, "### 🔴"), nf = pos(md, "### New failures");
    const char *next = strstr(md + head + 1, "\n### ");
    ck_assert_ptr_nonnull(next);
    ck_assert_uint_eq((size_t)(next + 1 - md), nf);
    ck_assert_uint_lt(skipped, nf);
    /* Nothing between the headline's totals and the new failures. */
    ck_assert_contains(md, "against the baseline: **2 new failures**, 0 regressions; 1 result "
                       "of new runners.\n\n### New failures");
    ck_assert_uint_lt(nf, pos(md, "### Totals per runner"));
    ck_assert_uint_lt(nf, pos(md, "### Changes against the baseline"));
    char *sec = section(md, "### New failures (failing now; the baseline has skip or nothing) (2)");
    ck_assert_contains(sec, "| mixed-arch | sample | wine-mixed | skip | crash | mixed-arch.scn:13: "
                       "w64: set x\\*3000: agent w64 crashed (code 0xc0000005) |");
    ck_assert_contains(sec, "| named-blocks | fx-arch-layout | wine-mixed | — | fail | "
                       "named-blocks.scn:12: b: open \"dllshm-named-one\": expected ok, got "
                       "'error open status=-2 win32=13' |");
    free(sec);
    /* Never hidden under the other changes; no green word above failures. */
    sec = section(md, "#### Other changes");
    ck_assert_lacks(sec, "crash");
    ck_assert_lacks(sec, "| fail |");
    free(sec);
    ck_assert_lacks(md, "no regression");
    ck_assert_lacks(md, "Nothing failed");
    free(md);
    free(err);
}
END_TEST

START_TEST(new_failures_lead_the_html)
{
    char *err;
    int rc = run(&err, "--baseline", data("newfail-baseline.json"), "--html",
                 out("newfail.html"), data("newfail-run.json"), NULL);
    ck_assert_int_eq(rc, 1);
    char *html = slurp(out("newfail.html"));
    ck_assert_contains(html, "<title>dllshm conformance: FAILED: ");
    /* The headline is the first element under the title, red, per runner,
     * and names the skipped runner with its reason. */
    size_t head = pos(html, "<body>\n<h1>dllshm conformance</h1><div id=\"headline\" "
                      "class=\"failed\"><ul class=\"failed-runners\"><li class=\"runner-failed\">"
                      "wine-mixed: 2 failed (1 fail, 1 crash)</li></ul>\n");
    ck_assert_contains(html, "#headline.failed{border-color:#c00000;background:#fde4e4}");
    ck_assert_contains(html, "#headline .runner-failed{color:#a00000;");
    size_t skipped = pos(html, "<p class=\"runner-skipped\">wine-i686: skipped: this kernel "
                         "cannot run 32-bit programs (Exec format error)</p>");
    size_t end = pos(html, "</p></div>\n");
    ck_assert_uint_lt(head, skipped);
    ck_assert_uint_lt(skipped, end);
    /* The first section is the new failures, with their reasons. */
    size_t nf = pos(html, "<h2 id=\"new-failures\" class=\"bad\">New failures (failing now; "
                    "the baseline has skip or nothing): 2</h2>");
    ck_assert_uint_eq(pos(html, "<h2"), nf);
    /* Between the headline and them only the links to the sections. */
    ck_assert_uint_lt(end, nf);
    for (size_t k = end; k < nf; k++)
        ck_assert_msg(strncmp(html + k, "<table", 6) != 0, "a table before the new failures");
    ck_assert_uint_lt(nf, pos(html, "<h2 id=\"totals\""));
    ck_assert_uint_lt(nf, pos(html, "<h2 id=\"changes\""));
    ck_assert_contains(html, "<td>named-blocks</td><td>fx-arch-layout</td><td>wine-mixed</td>"
                       "<td>—</td><td class=\"r fail\">fail</td><td class=\"small\">"
                       "named-blocks.scn:12: b: open &quot;dllshm-named-one&quot;");
    ck_assert_contains(html, "<td class=\"r skip\">skip</td><td class=\"r crash\">crash</td>"
                       "<td class=\"small\">mixed-arch.scn:13: w64: set x*3000");
    /* The matrix cell is marked and unfolded. */
    ck_assert_contains(html, "<td class=\"r crash chg-new-failure\"");
    ck_assert_contains(html, "<details open><summary>crash<span class=\"badge new-failure\">");
    ck_assert_lacks(html, "no regression");
    ck_assert_lacks(html, "class=\"good\"");
    free(html);
    free(err);
}
END_TEST

/* newrunner-run.json against newfail-baseline.json, which never saw the
 * runner windows-x86_64 (a first run on a new platform): its failures are
 * shown, under their own heading and in the headline, and not counted:
 * exit 0, no red headline.  Against newrunner-seen-baseline.json, which
 * lists windows-x86_64 as skipped, the same failures are new failures
 * (exit 1): a runner the baseline saw skip is not new. */
START_TEST(new_runner_is_new_not_failed)
{
    char *err;
    int rc = run(&err, "--baseline", data("newfail-baseline.json"), "--markdown",
                 out("newrunner.md"), "--html", out("newrunner.html"), data("newrunner-run.json"),
                 NULL);
    ck_assert_int_eq(rc, 0);
    ck_assert_contains(err, "new failures: 0, regressions: 0");
    ck_assert_contains(err, "results of new runners: 3\n");
    ck_assert_contains(err, "NEW RUNNER: windows-x86_64 (not in the baseline, not counted against "
                       "it): 2 failed (1 fail, 1 crash)\n");
    ck_assert_lacks(err, "FAILED:");
    ck_assert_lacks(err, "NEW FAILURE:");
    char *md = slurp(out("newrunner.md"));
    /* The headline: green for the baseline's runners, the new one named. */
    const char *head = "## dllshm conformance\n\n### ✅ Nothing failed on the baseline's "
                       "runners — no regression against the baseline\n\n- 🟡 windows-x86\\_64: "
                       "new runner (not in the baseline, not counted against it): 2 failed "
                       "(1 fail, 1 crash)\n";
    ck_assert_msg(strncmp(md, head, strlen(head)) == 0, "the headline:\n%.400s", md);
    ck_assert_lacks(md, "🔴");
    ck_assert_lacks(md, "### New failures");
    char *sec = section(md, "### New runners (not in the baseline; not counted against it) (3 results)");
    ck_assert_contains(sec, "`dllshm-report --update-baseline`");
    ck_assert_contains(sec, "| squat-default | dllshm | windows-x86\\_64 | fail | squat-default.scn:14:");
    ck_assert_contains(sec, "| storm | dllshm | windows-x86\\_64 | crash | storm.scn:20:");
    ck_assert_lacks(sec, "| visibility |");
    free(sec);
    ck_assert_lacks(md, "### Still failing");
    char *html = slurp(out("newrunner.html"));
    ck_assert_contains(html, "<title>dllshm conformance: 3 passed, 2 failed, 0 skipped</title>");
    ck_assert_contains(html, "<div id=\"headline\" class=\"ok\"><p class=\"verdict good\">Nothing "
                       "failed on the baseline's runners — no regression against the baseline</p>\n"
                       "<ul class=\"new-runners\"><li class=\"runner-new\">windows-x86_64: new runner "
                       "(not in the baseline, not counted against it): 2 failed (1 fail, 1 crash)</li></ul>");
    size_t h2 = pos(html, "<h2 id=\"new-runners\">Failing on new runners (not in the baseline; not "
                    "counted against it): 2</h2>");
    ck_assert_uint_lt(h2, pos(html, "<h2 id=\"totals\""));
    ck_assert_contains(html, "<td>storm</td><td>dllshm</td><td>windows-x86_64</td>"
                       "<td class=\"r crash\">crash</td>");
    ck_assert_lacks(html, "class=\"failed\"");
    free(html);
    free(md);
    free(err);

    /* The control: a baseline that saw the runner (skipped there). */
    rc = run(&err, "--baseline", data("newrunner-seen-baseline.json"), "--markdown",
             out("newrunner-seen.md"), data("newrunner-run.json"), NULL);
    ck_assert_int_eq(rc, 1);
    ck_assert_contains(err, "new failures: 2, regressions: 0");
    ck_assert_contains(err, "FAILED: windows-x86_64: 2 failed (1 fail, 1 crash)\n");
    ck_assert_lacks(err, "NEW RUNNER");
    md = slurp(out("newrunner-seen.md"));
    ck_assert_contains(md, "### 🔴 FAILED — windows-x86\\_64: 2 failed (1 fail, 1 crash)\n");
    ck_assert_lacks(md, "🟡");
    free(md);
    free(err);
}
END_TEST

/* Failing now and failing in the baseline too: nothing changed, and yet
 * the headline is red and the exit status non-zero. */
START_TEST(known_failures_still_fail)
{
    char *err;
    int rc = run(&err, "--baseline", data("newfail-run.json"), "--markdown", out("known.md"),
                 "--html", out("known.html"), data("newfail-run.json"), NULL);
    ck_assert_int_eq(rc, 1);
    ck_assert_contains(err, "new failures: 0, regressions: 0, fixes: 0, new: 0, missing: 0, "
                       "other changes: 0");
    ck_assert_lacks(err, "NEW FAILURE");
    char *md = slurp(out("known.md"));
    ck_assert_contains(md, "## dllshm conformance\n\n### 🔴 FAILED — wine-mixed: 2 failed "
                       "(1 fail, 1 crash)\n");
    ck_assert_lacks(md, "### New failures");
    ck_assert_lacks(md, "no regression");
    /* Right under the headline, before the totals. */
    size_t still = pos(md, "### Still failing");
    ck_assert_uint_eq((size_t)(strstr(md + pos(md, "### 🔴") + 1, "\n### ") + 1 - md), still);
    char *sec = section(md, "### Still failing (failing in the baseline too) (2)");
    ck_assert_contains(sec, "| mixed-arch | sample | wine-mixed | crash |");
    ck_assert_contains(sec, "| named-blocks | fx-arch-layout | wine-mixed | fail |");
    free(sec);
    free(md);
    char *html = slurp(out("known.html"));
    ck_assert_contains(html, "<h1>dllshm conformance</h1><div id=\"headline\" class=\"failed\">");
    ck_assert_contains(html, "<h2 id=\"still-failing\" class=\"bad\">Still failing (failing in "
                       "the baseline too): 2</h2>");
    ck_assert_lacks(html, "no regression");
    free(html);
    free(err);
}
END_TEST

START_TEST(provenance_of_each_runner)
{
    char *err;
    int rc = run(&err, "--baseline", data("newfail-baseline.json"), "--markdown",
                 out("prov.md"), "--html", out("prov.html"), data("newfail-run.json"), NULL);
    ck_assert_int_eq(rc, 1);
    char *md = slurp(out("prov.md"));
    char *sec = section(md, "### Runners: where the results come from");
    /* This run's from its host (hostname, commit) and started. */
    ck_assert_contains(sec, "| wine-x86\\_64 | this run | ran: 2 results | ia32-box | wine-8.0 "
                       "(Debian 8.0\\~repack-4) | 0123abc | 2026-12-01T07:27:27Z |");
    /* The baseline's from its runners' own "source". */
    ck_assert_contains(sec, "| wine-x86\\_64 | baseline | ran: 2 results | build-a | wine-8.0 "
                       "(Debian 8.0\\~repack-4) | ca41d28 | 2026-11-26T07:26:41Z |");
    ck_assert_contains(sec, "| wine-mixed | baseline | skipped: this kernel cannot run 32-bit "
                       "programs (Exec format error) | build-a |");
    ck_assert_contains(sec, "| wine-i686 | baseline | not in the baseline | — | — | — | — |");
    free(sec);
    free(md);
    char *html = slurp(out("prov.html"));
    ck_assert_contains(html, "<table id=\"provenance\"");
    ck_assert_contains(html, "<tr><td>wine-mixed</td><td>this run</td><td>ran: 4 results</td>"
                       "<td>ia32-box</td><td>wine-8.0 (Debian 8.0~repack-4)</td><td>0123abc</td>"
                       "<td>2026-12-01T07:27:27Z</td></tr>");
    ck_assert_contains(html, "<tr><td>wine-mixed</td><td>baseline</td><td>skipped: this kernel "
                       "cannot run 32-bit programs (Exec format error)</td><td>build-a</td>");
    free(html);
    free(err);
}
END_TEST

static void copy_file(const char *from, const char *to)
{
    char *s = slurp(from);
    FILE *f = fopen(to, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(s, f);
    fclose(f);
    free(s);
}

/* baseline.json has real wine-x86_64 and wine-i686 results; newfail-run
 * ran wine-x86_64 and wine-mixed and skipped wine-i686: the update
 * replaces x86_64, adds mixed and keeps i686 as it was. */
START_TEST(update_baseline_keeps_skipped_runner)
{
    char *err;
    copy_file(data("baseline.json"), out("kept.json"));
    int rc = run(&err, "--update-baseline", out("kept.json"), data("newfail-run.json"), NULL);
    ck_assert_int_eq(rc, 0);
    ck_assert_contains(err, "dllshm-report: baseline: replaced wine-x86_64: 2 results from this "
                       "run (host ia32-box, Wine wine-8.0 (Debian 8.0~repack-4), commit 0123abc, "
                       "2026-12-01T07:27:27Z)\n");
    ck_assert_contains(err, "dllshm-report: baseline: added wine-mixed: 4 results from this run");
    ck_assert_contains(err, "kept.json: 18 results (host unknown, Wine wine-8.0 (Debian "
                       "8.0~repack-4), commit unknown, 2026-11-25T05:00:00Z); skipped in this "
                       "run: this kernel cannot run 32-bit programs (Exec format error)\n");
    ck_assert_contains(err, "dllshm-report: baseline: kept wine-i686 from ");
    ck_assert_lacks(err, "replaced wine-i686");
    free(err);
    char *nb = slurp(out("kept.json"));
    /* The kept runner: available, its results, its provenance. */
    ck_assert_contains(nb, "\n    {\"name\": \"wine-i686\", \"available\": true, \"source\": "
                       "{\"os\": \"linux\", \"wine\": \"wine-8.0 (Debian 8.0~repack-4)\", "
                       "\"date\": \"2026-11-25T05:00:00Z\"}}");
    ck_assert_contains(nb, "{\"scenario\": \"lifetime\", \"implementation\": \"dllshm\", \"role\": \"dllshm\", "
                       "\"runner\": \"wine-i686\", \"result\": \"fail\"");
    ck_assert_lacks(nb, "runner unavailable: this kernel");   /* its skips are not kept */
    /* The replaced runner: this run's results only, this run's provenance. */
    ck_assert_contains(nb, "\n    {\"name\": \"wine-x86_64\", \"available\": true, \"source\": "
                       "{\"host\": \"ia32-box\", \"os\": \"linux\", \"wine\": \"wine-8.0 (Debian "
                       "8.0~repack-4)\", \"commit\": \"0123abc\", \"date\": \"2026-12-01T07:27:27Z\"}}");
    ck_assert_lacks(nb, "\"implementation\": \"fx-no-lock\", \"role\": \"fixture\", \"runner\": \"wine-x86_64\"");
    ck_assert_contains(nb, "{\"scenario\": \"mixed-arch\", \"implementation\": \"sample\", \"role\": \"fixture\", "
                       "\"runner\": \"wine-mixed\", \"result\": \"crash\"");
    free(nb);

    /* Read back: wine-i686 is compared with its kept results, its
     * provenance shown; updating again with the same run changes nothing. */
    rs_set set = {0};
    ck_assert_int_eq(rs_load_file(&set, out("kept.json"), stderr), 0);
    ck_assert_uint_eq(set.n, 18 + 2 + 4);
    int i = rs_runner_index(&set, "wine-i686");
    ck_assert_int_ge(i, 0);
    ck_assert_int_eq(set.runners[i].available, 1);
    ck_assert_str_eq(set.runners[i].src.date, "2026-11-25T05:00:00Z");
    ck_assert_ptr_null(set.runners[i].src.host);
    rs_free(&set);
    rc = run(&err, "--update-baseline", out("kept.json"), data("newfail-run.json"), NULL);
    ck_assert_int_eq(rc, 0);
    ck_assert_contains(err, "kept wine-i686 from ");
    free(err);
    ck_assert_int_eq(rs_load_file(&set, out("kept.json"), stderr), 0);
    ck_assert_uint_eq(set.n, 18 + 2 + 4);
    rs_free(&set);

    /* A run of wine-x86_64 alone: the two others are kept, not in this run. */
    rc = run(&err, "--update-baseline", out("kept.json"), data("clean-wine-x86_64.json"), NULL);
    ck_assert_int_eq(rc, 0);
    ck_assert_contains(err, "replaced wine-x86_64: 18 results from this run");
    ck_assert_contains(err, "kept wine-i686 from ");
    ck_assert_contains(err, "kept wine-mixed from ");
    ck_assert_contains(err, "commit 0123abc, 2026-12-01T07:27:27Z); not in this run\n");
    free(err);
    ck_assert_int_eq(rs_load_file(&set, out("kept.json"), stderr), 0);
    ck_assert_uint_eq(set.n, 18 + 18 + 4);
    ck_assert_int_eq(rs_runner_index(&set, "wine-mixed"), 2);
    ck_assert_str_eq(set.runners[2].src.commit, "0123abc");
    rs_free(&set);
}
END_TEST

START_TEST(update_baseline_unreadable_is_left_alone)
{
    char *err;
    copy_file(data("corrupt.json"), out("corrupt-base.json"));
    char *before = slurp(out("corrupt-base.json"));
    int rc = run(&err, "--update-baseline", out("corrupt-base.json"), data("newfail-run.json"),
                 NULL);
    ck_assert_int_eq(rc, 2);
    ck_assert_contains(err, "the baseline to update: it is left as it is");
    char *after = slurp(out("corrupt-base.json"));
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    free(err);
}
END_TEST

static Suite *report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("files");
    tcase_add_test(tc, regression_is_caught);
    tcase_add_test(tc, clean_run_passes);
    tcase_add_test(tc, no_baseline_lists_failures);
    tcase_add_test(tc, sweep_tables_in_reports);
    tcase_add_test(tc, corrupt_file_is_bad_input);
    tcase_add_test(tc, corrupt_baseline_is_bad_input);
    tcase_add_test(tc, missing_file_is_bad_input);
    tcase_add_test(tc, invalid_result_is_bad_input);
    tcase_add_test(tc, usage_errors);
    tcase_add_test(tc, html_has_matrix_and_folded_output);
    tcase_add_test(tc, update_baseline_round_trip);
    tcase_add_test(tc, runner_suffix_tells_builds_apart);
    tcase_add_test(tc, new_failures_lead_the_markdown);
    tcase_add_test(tc, new_failures_lead_the_html);
    tcase_add_test(tc, new_runner_is_new_not_failed);
    tcase_add_test(tc, known_failures_still_fail);
    tcase_add_test(tc, provenance_of_each_runner);
    tcase_add_test(tc, update_baseline_keeps_skipped_runner);
    tcase_add_test(tc, update_baseline_unreadable_is_left_alone);
    suite_add_tcase(s, tc);
    tc = tcase_create("model");
    tcase_add_test(tc, compare_counts);
    tcase_add_test(tc, levels_per_implementation);
    tcase_add_test(tc, unrun_runner_is_one_line);
    tcase_add_test(tc, error_runner_fails_the_report);
    tcase_add_test(tc, duplicates_keep_the_failing_one);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    const char *srcdir = getenv("srcdir");
    struct stat st;
    snprintf(data_dir, sizeof data_dir, "%s", REPORT_TESTDATA);
    if (srcdir) {   /* make check exports it (relative to the build dir) */
        char alt[1024];
        snprintf(alt, sizeof alt, "%s/harness/report/testdata", srcdir);
        if (stat(alt, &st) == 0)
            snprintf(data_dir, sizeof data_dir, "%s", alt);
    }
    snprintf(out_dir, sizeof out_dir, "%s", REPORT_OUTDIR);
#ifdef _WIN32
    mkdir(REPORT_OUTDIR);
#else
    mkdir(REPORT_OUTDIR, 0777);
#endif
    SRunner *sr = srunner_create(report_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
