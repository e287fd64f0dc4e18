## harness/report: dllshm-report, the report tool (native C, jansson).
## It merges result files (harness/RESULTS.md) into Markdown and HTML and
## compares them with a baseline.  One job per file: load.c (read, merge),
## compare.c (baseline), summary.c (totals, fixture proof), markdown.c,
## html.c, save.c (write a baseline), cli.c (options, exit status).

REPORT_SRC = harness/report/report.h harness/report/load.c \
	harness/report/compare.c harness/report/summary.c \
	harness/report/markdown.c harness/report/html.c harness/report/save.c harness/report/update.c \
	harness/report/cli.c harness/common/verdict.c harness/common/verdict.h \
	harness/common/json.c harness/common/json.h harness/common/strbuf.c harness/common/strbuf.h \
	harness/common/utf.c harness/common/utf.h harness/common/win32_words.c harness/common/win32_words.h
noinst_LIBRARIES += harness/report/libreport.a
harness_report_libreport_a_SOURCES = $(REPORT_SRC)
harness_report_libreport_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)

bin_PROGRAMS += harness/report/dllshm-report
harness_report_dllshm_report_SOURCES = harness/report/main.c
harness_report_dllshm_report_LDADD = harness/report/libreport.a $(JANSSON_LIBS)

## tests: Check unit tests on the fixture files in testdata/, and the
## rendered page in a headless Chromium (skipped without chromium).
REPORT_TESTDATA = harness/report/testdata/baseline.json \
	harness/report/testdata/clean-wine-x86_64.json \
	harness/report/testdata/clean-wine-i686.json \
	harness/report/testdata/run-regression.json \
	harness/report/testdata/corrupt.json \
	harness/report/testdata/bad-result.json \
	harness/report/testdata/levels.json \
	harness/report/testdata/unrun-i686.json \
	harness/report/testdata/newfail-baseline.json \
	harness/report/testdata/newfail-run.json \
	harness/report/testdata/newrunner-run.json \
	harness/report/testdata/newrunner-seen-baseline.json \
	harness/report/testdata/sweep.json
EXTRA_DIST += $(REPORT_TESTDATA) harness/report/tests/html-dom.test

check_PROGRAMS += harness/report/tests/check_report
TESTS += harness/report/tests/check_report harness/report/tests/html-dom.test
harness_report_tests_check_report_SOURCES = harness/report/tests/check_report.c
harness_report_tests_check_report_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/harness/report \
	-DREPORT_TESTDATA='"$(call host_path,$(abs_top_srcdir)/harness/report/testdata)"' \
	-DREPORT_OUTDIR='"$(call host_path,$(abs_top_builddir)/harness/report/tests/out)"'
harness_report_tests_check_report_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS)
harness_report_tests_check_report_LDADD = harness/report/libreport.a $(JANSSON_LIBS) $(CHECK_LIBS)

clean-local: clean-report
clean-report:
	-rm -rf harness/report/tests/out
	-rm -f harness/report/report.html harness/report/report.png harness/report/report-dom.html harness/report/chromium.log
.PHONY: clean-report
