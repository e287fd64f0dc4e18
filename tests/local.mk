## tests: the conductor's unit tests (native, Check) and the conformance
## runs of make check (tests/*.test: the conductor on each Wine runner, and
## its Windows build under wine64).

check_PROGRAMS += harness/tests/check_conductor
TESTS += harness/tests/check_conductor
harness_tests_check_conductor_SOURCES = harness/tests/check_conductor.c
harness_tests_check_conductor_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/harness/conductor
harness_tests_check_conductor_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS)
harness_tests_check_conductor_LDADD = harness/conductor/libconductor.a $(CHECK_LIBS) $(JANSSON_LIBS)

# harness/common: strict UTF-8/UTF-16 and the string specs (Check).
check_PROGRAMS += harness/tests/check_common
TESTS += harness/tests/check_common
harness_tests_check_common_SOURCES = harness/tests/check_common.c
harness_tests_check_common_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
harness_tests_check_common_LDADD = harness/conductor/libconductor.a $(CHECK_LIBS)

# The linearizability check of concurrent phases (Check).
check_PROGRAMS += harness/tests/check_history
TESTS += harness/tests/check_history
harness_tests_check_history_SOURCES = harness/tests/check_history.c
harness_tests_check_history_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/harness/conductor
harness_tests_check_history_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
harness_tests_check_history_LDADD = harness/conductor/libconductor.a $(CHECK_LIBS)

# The explorer's model, programs and shrinker (Check).
check_PROGRAMS += harness/tests/check_explore
TESTS += harness/tests/check_explore
harness_tests_check_explore_SOURCES = harness/tests/check_explore.c
harness_tests_check_explore_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/harness/conductor
harness_tests_check_explore_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
harness_tests_check_explore_LDADD = harness/conductor/libconductor.a $(CHECK_LIBS)

# make bench's explorer figures, against a stand-in conductor (no Wine).
TESTS += tests/explore-bench.test
EXTRA_DIST += tests/explore-bench.test

# The build tree found by what it is, through a bind mount (POSIX).
EXTRA_DIST += tests/build-tree-path.test
if !HOST_WINDOWS
TESTS += tests/build-tree-path.test
endif

# The conformance runs and the tests that drive Wine, longest first.  On a
# POSIX host: one run per Wine runner, the Windows conductor on each
# Windows runner under Wine (tests/win32-conductor.sh), the tests that
# drive Wine (foreign DLLs, the explorer, ...).  They run side by side:
# each conductor takes a Wine prefix of its own (harness/conductor/prefix.c:
# a locked slot, with its own wineserver and object namespace), and the
# tests that use a fixed prefix take its lock.
WINE_CONFORM_TESTS = tests/foreign-dlls.test tests/explore.test tests/conform-wine-x86_64.test \
	tests/conform-wine-i686.test tests/conform-wine-mixed.test tests/conform-win32-conductor.test \
	tests/conform-win32-conductor-i686.test tests/user-dll.test tests/interpose.test \
	tests/agent-restart.test tests/runner-skip.test harness/tests/proc-win32.test
# On a Windows host: the native conductor (its Win32 process layer) on each
# Windows runner, and that layer's own checks, natively.  Left out there,
# because they drive Wine or a POSIX loader: the wine-* runs, the Windows
# conductor under Wine, agent-restart (Wine's start-up collision),
# runner-skip (an ELF loader), user-dll, foreign-dlls, interpose and
# explore (their runners are wine-*); the Windows job's conformance run
# covers what they run.
WINDOWS_CONFORM_TESTS = tests/conform-windows-x86_64.test tests/conform-windows-i686.test \
	tests/conform-windows-mixed.test harness/tests/proc-win32.test
EXTRA_DIST += $(WINE_CONFORM_TESTS) $(WINDOWS_CONFORM_TESTS) tests/conform.sh tests/win32-conductor.sh
# On a POSIX host: the Windows-host build (configure --host=x86_64-w64-mingw32
# in windows-host/), its unit tests and its conductor under wine64.
# (In TESTS from Makefile.am, which puts it first.)
EXTRA_DIST += tests/windows-host-build.test
# ci/apt-release.sh (ci/install-deps.sh, ci/mingw-deps.sh) on stand-in apt
# configurations.
EXTRA_DIST += tests/apt-release.test
if !HOST_WINDOWS
TESTS += tests/apt-release.test
endif
if HOST_WINDOWS
TESTS += $(WINDOWS_CONFORM_TESTS)
# One object namespace for every process: the sample's fixed-name block
# (and the benchmark's) must not be shared by two runs at once.
tests/conform-windows-i686.log: tests/conform-windows-x86_64.log
tests/conform-windows-mixed.log: tests/conform-windows-i686.log
harness/bench/bench-smoke.log: $(filter tests/conform-windows-mixed.log,$(TESTS:.test=.log))
endif

# The tests whose outcome depends on whether this kernel runs 32-bit
# programs.  `make check-without-ia32` runs them again as a kernel without
# IA32 emulation would (ci/ia32.sh without: Wine's 32-bit loader answers
# "Exec format error"), so that a machine of one kind proves the other
# kind's path too (.ci/run does where the machine runs 32-bit programs).
IA32_TESTS = tests/conform-wine-i686.test tests/conform-wine-mixed.test \
	tests/conform-win32-conductor-i686.test tests/user-dll.test tests/foreign-dlls.test \
	tests/interpose.test tests/explore.test
check-without-ia32: all
	$(SHELL) $(srcdir)/ci/ia32.sh without $(MAKE) $(AM_MAKEFLAGS) check TESTS='$(IA32_TESTS)'
.PHONY: check-without-ia32
EXTRA_DIST += ci/ia32.sh ci/check-counts.sh

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
	-rm -rf tests/runner-skip.dir windows-host
.PHONY: clean-conform
