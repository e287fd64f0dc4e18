## tests: the conductor's unit tests (native, Check) and the conformance
## runs of make check (tests/*.test: the conductor on each Wine runner, and
## its Windows build under wine64).

check_PROGRAMS += harness/tests/check_conductor
TESTS += harness/tests/check_conductor
harness_tests_check_conductor_SOURCES = harness/tests/check_conductor.c
harness_tests_check_conductor_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/harness/conductor
harness_tests_check_conductor_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS)
harness_tests_check_conductor_LDADD = harness/conductor/libconductor.a $(CHECK_LIBS) $(JANSSON_LIBS)
