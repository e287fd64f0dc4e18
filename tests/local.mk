## tests: the conductor's unit tests (native, Check) and the conformance
## runs of make check (tests/*.test: the conductor on each Wine runner, and
## its Windows build under wine64).

check_PROGRAMS += harness/tests/check_conductor
TESTS += harness/tests/check_conductor
harness_tests_check_conductor_SOURCES = harness/tests/check_conductor.c
harness_tests_check_conductor_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/harness/conductor
harness_tests_check_conductor_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS)
harness_tests_check_conductor_LDADD = harness/conductor/libconductor.a $(CHECK_LIBS) $(JANSSON_LIBS)

# The explorer's model, programs and shrinker (Check).
check_PROGRAMS += harness/tests/check_explore
TESTS += harness/tests/check_explore
harness_tests_check_explore_SOURCES = harness/tests/check_explore.c
harness_tests_check_explore_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/harness/conductor
harness_tests_check_explore_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
harness_tests_check_explore_LDADD = harness/conductor/libconductor.a $(CHECK_LIBS)

# The conformance runs: one per runner, then the Windows conductor.  They
# share the Wine prefixes, so they run one after the other (the .log
# chain) while the unit tests run in parallel with them.
CONFORM_TESTS = tests/conform-wine-x86_64.test tests/conform-wine-i686.test \
	tests/conform-wine-mixed.test tests/conform-win32-conductor.test tests/agent-restart.test \
	tests/runner-skip.test tests/explore.test
TESTS += $(CONFORM_TESTS)
EXTRA_DIST += $(CONFORM_TESTS) tests/conform.sh
tests/conform-wine-i686.log: tests/conform-wine-x86_64.log
tests/conform-wine-mixed.log: tests/conform-wine-i686.log
tests/conform-win32-conductor.log: tests/conform-wine-mixed.log
tests/agent-restart.log: tests/conform-win32-conductor.log
tests/runner-skip.log: tests/agent-restart.log
tests/explore.log: tests/runner-skip.log

# `make conform`: the main job.  Every scenario, implementation and runner;
# the table; results/conformance.{json,xml}; the report against the baseline
# (results/report.{md,html}).  Fails on a failed scenario or a regression.
conform: all
	@$(MKDIR_P) results
	@rc=0; DLLSHM_SOURCE_COMMIT="$(SOURCE_COMMIT)" ./dllshm-conform --prove --json results/conformance.json --junit results/conformance.xml \
	  $(CONFORM_FLAGS) || rc=$$?; \
	test -f results/conformance.json || exit $$rc; \
	harness/report/dllshm-report --baseline $(srcdir)/ci/baseline.json \
	  --markdown results/report.md --html results/report.html results/conformance.json || rc=$$?; \
	echo "report: results/report.md, results/report.html (baseline: ci/baseline.json)"; \
	exit $$rc
# The explicit command that accepts the last `make conform` as the baseline.
update-baseline:
	harness/report/dllshm-report --update-baseline $(srcdir)/ci/baseline.json results/conformance.json
.PHONY: conform update-baseline

clean-local: clean-conform
clean-conform:
	-rm -rf results
	-for p in .wineprefix/w*/; do test -d "$$p" && WINEPREFIX="$$(pwd)/$$p" $(WINESERVER) -k 2>/dev/null; done; true
	-rm -rf .wineprefix
.PHONY: clean-conform
