## lib/: the DLL.  The portable core (lib/core) is also built natively, for
## the Check unit tests, the sanitizer builds and the fuzzer.

DLLSHM_CORE_SRC = lib/core/shm_core.c lib/core/shm_core.h lib/core/shm_scan.c \
	lib/core/shm_scan.h lib/core/faults.h
DLLSHM_WIN32_SRC = lib/win32/block.c lib/win32/block.h lib/win32/security.c \
	lib/win32/dllmain.c lib/win32/exports.c
DLLSHM_DLL_DEPS = $(addprefix $(srcdir)/,$(DLLSHM_CORE_SRC) $(DLLSHM_WIN32_SRC) \
	lib/include/dllshm.h lib/dllshm.def)
EXTRA_DIST += $(DLLSHM_WIN32_SRC) lib/dllshm.def
PE_DLL_LIBS = -ladvapi32

# Build a dllshm-based DLL: $(1) is extra flags (a fault for the fixtures).
PE_LINK_DLLSHM = $(AM_V_CCLD)$(MKDIR_P) $(@D) && \
	$(PE_CC) $(PE_CCFLAGS) -DDLLSHM_BUILDING -shared -o $@ \
	$(filter %.c,$^) $(srcdir)/lib/dllshm.def $(PE_LINKFLAGS) $(PE_DLL_LIBS)

PE_FILES += dllshm.dll libdllshm.dll.a
pe/%/dllshm.dll: $(DLLSHM_DLL_DEPS)
	$(PE_LINK_DLLSHM) -Wl,--out-implib,$(@D)/libdllshm.dll.a
# The import library comes out of the DLL's link ("multiple outputs").
pe/%/libdllshm.dll.a: pe/%/dllshm.dll
	@test -f $@ || { rm -f $<; $(MAKE) $(AM_MAKEFLAGS) $<; }

## native: the core as a library, and its Check tests
noinst_LIBRARIES += lib/libdllshmcore.a
lib_libdllshmcore_a_SOURCES = $(DLLSHM_CORE_SRC)

check_PROGRAMS += lib/tests/check_core
TESTS += lib/tests/check_core
lib_tests_check_core_SOURCES = lib/tests/check_core.c lib/tests/guard_page.h
lib_tests_check_core_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(PTHREAD_CFLAGS)
lib_tests_check_core_LDADD = lib/libdllshmcore.a $(CHECK_LIBS) $(PTHREAD_LIBS)

# Mutants: the same tests against the core built with one deliberate defect
# each (lib/core/faults.h).  Each must fail (XFAIL); one that passes (XPASS)
# fails `make check`, because then the tests could not see that defect.
CORE_MUTANTS = lib/tests/mutant_no_truncate lib/tests/mutant_unbounded_get \
	lib/tests/mutant_no_seqlock lib/tests/mutant_null_crash \
	lib/tests/mutant_no_recovery lib/tests/mutant_no_header_check \
	lib/tests/mutant_scalar_scan lib/tests/mutant_scan_overread \
	lib/tests/mutant_sse2_always lib/tests/mutant_id_only \
	lib/tests/mutant_no_reader_hold
check_PROGRAMS += $(CORE_MUTANTS)
TESTS += $(CORE_MUTANTS)
XFAIL_TESTS += $(CORE_MUTANTS)
MUTANT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(PTHREAD_CFLAGS)
MUTANT_LDADD = $(CHECK_LIBS) $(PTHREAD_LIBS)
MUTANT_SRC = lib/tests/check_core.c lib/tests/guard_page.h lib/core/shm_core.c lib/core/shm_scan.c
lib_tests_mutant_no_truncate_SOURCES = $(MUTANT_SRC)
lib_tests_mutant_no_truncate_CPPFLAGS = $(AM_CPPFLAGS) -DDLLSHM_FAULT_no_truncate
lib_tests_mutant_no_truncate_CFLAGS = $(MUTANT_CFLAGS)
lib_tests_mutant_no_truncate_LDADD = $(MUTANT_LDADD)
lib_tests_mutant_unbounded_get_SOURCES = $(MUTANT_SRC)
lib_tests_mutant_unbounded_get_CPPFLAGS = $(AM_CPPFLAGS) -DDLLSHM_FAULT_unbounded_get
lib_tests_mutant_unbounded_get_CFLAGS = $(MUTANT_CFLAGS)
lib_tests_mutant_unbounded_get_LDADD = $(MUTANT_LDADD)
lib_tests_mutant_no_seqlock_SOURCES = $(MUTANT_SRC)
lib_tests_mutant_no_seqlock_CPPFLAGS = $(AM_CPPFLAGS) -DDLLSHM_FAULT_no_seqlock
lib_tests_mutant_no_seqlock_CFLAGS = $(MUTANT_CFLAGS)
lib_tests_mutant_no_seqlock_LDADD = $(MUTANT_LDADD)
lib_tests_mutant_null_crash_SOURCES = $(MUTANT_SRC)
lib_tests_mutant_null_crash_CPPFLAGS = $(AM_CPPFLAGS) -DDLLSHM_FAULT_null_crash
lib_tests_mutant_null_crash_CFLAGS = $(MUTANT_CFLAGS)
lib_tests_mutant_null_crash_LDADD = $(MUTANT_LDADD)
lib_tests_mutant_no_recovery_SOURCES = $(MUTANT_SRC)
lib_tests_mutant_no_recovery_CPPFLAGS = $(AM_CPPFLAGS) -DDLLSHM_FAULT_no_recovery
lib_tests_mutant_no_recovery_CFLAGS = $(MUTANT_CFLAGS)
lib_tests_mutant_no_recovery_LDADD = $(MUTANT_LDADD)
lib_tests_mutant_no_header_check_SOURCES = $(MUTANT_SRC)
lib_tests_mutant_no_header_check_CPPFLAGS = $(AM_CPPFLAGS) -DDLLSHM_FAULT_no_header_check
lib_tests_mutant_no_header_check_CFLAGS = $(MUTANT_CFLAGS)
lib_tests_mutant_no_header_check_LDADD = $(MUTANT_LDADD)
lib_tests_mutant_scalar_scan_SOURCES = $(MUTANT_SRC)
lib_tests_mutant_scalar_scan_CPPFLAGS = $(AM_CPPFLAGS) -DDLLSHM_FAULT_scalar_scan
lib_tests_mutant_scalar_scan_CFLAGS = $(MUTANT_CFLAGS)
lib_tests_mutant_scalar_scan_LDADD = $(MUTANT_LDADD)
lib_tests_mutant_scan_overread_SOURCES = $(MUTANT_SRC)
lib_tests_mutant_scan_overread_CPPFLAGS = $(AM_CPPFLAGS) -DDLLSHM_FAULT_scan_overread
lib_tests_mutant_scan_overread_CFLAGS = $(MUTANT_CFLAGS)
lib_tests_mutant_scan_overread_LDADD = $(MUTANT_LDADD)
lib_tests_mutant_sse2_always_SOURCES = $(MUTANT_SRC)
lib_tests_mutant_sse2_always_CPPFLAGS = $(AM_CPPFLAGS) -DDLLSHM_FAULT_sse2_always
lib_tests_mutant_sse2_always_CFLAGS = $(MUTANT_CFLAGS)
lib_tests_mutant_sse2_always_LDADD = $(MUTANT_LDADD)
lib_tests_mutant_id_only_SOURCES = $(MUTANT_SRC)
lib_tests_mutant_id_only_CPPFLAGS = $(AM_CPPFLAGS) -DDLLSHM_FAULT_id_only
lib_tests_mutant_id_only_CFLAGS = $(MUTANT_CFLAGS)
lib_tests_mutant_id_only_LDADD = $(MUTANT_LDADD)
lib_tests_mutant_no_reader_hold_SOURCES = $(MUTANT_SRC)
lib_tests_mutant_no_reader_hold_CPPFLAGS = $(AM_CPPFLAGS) -DDLLSHM_FAULT_no_reader_hold
lib_tests_mutant_no_reader_hold_CFLAGS = $(MUTANT_CFLAGS)
lib_tests_mutant_no_reader_hold_LDADD = $(MUTANT_LDADD)

# The threads' tests under ThreadSanitizer (the slot copies are relaxed
# atomics in that build, see shm_core.c), and two mutants it must report: a
# reader without acquire, a plain store to a field readers load.
if HAVE_TSAN
TSAN_MUTANTS = lib/tests/mutant_tsan_read_relaxed lib/tests/mutant_tsan_plain_length
check_PROGRAMS += lib/tests/check_core_tsan $(TSAN_MUTANTS)
TESTS += lib/tests/check_core_tsan $(TSAN_MUTANTS)
XFAIL_TESTS += $(TSAN_MUTANTS)
TSAN_TEST_CPPFLAGS = $(AM_CPPFLAGS) -DCHECK_CORE_THREADS_ONLY
TSAN_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(PTHREAD_CFLAGS) $(TSAN_CFLAGS)
lib_tests_check_core_tsan_SOURCES = $(MUTANT_SRC)
lib_tests_check_core_tsan_CPPFLAGS = $(TSAN_TEST_CPPFLAGS)
lib_tests_check_core_tsan_CFLAGS = $(TSAN_TEST_CFLAGS)
lib_tests_check_core_tsan_LDFLAGS = $(TSAN_CFLAGS)
lib_tests_check_core_tsan_LDADD = $(MUTANT_LDADD)
lib_tests_mutant_tsan_read_relaxed_SOURCES = $(MUTANT_SRC)
lib_tests_mutant_tsan_read_relaxed_CPPFLAGS = $(TSAN_TEST_CPPFLAGS) -DDLLSHM_FAULT_read_relaxed
lib_tests_mutant_tsan_read_relaxed_CFLAGS = $(TSAN_TEST_CFLAGS)
lib_tests_mutant_tsan_read_relaxed_LDFLAGS = $(TSAN_CFLAGS)
lib_tests_mutant_tsan_read_relaxed_LDADD = $(MUTANT_LDADD)
lib_tests_mutant_tsan_plain_length_SOURCES = $(MUTANT_SRC)
lib_tests_mutant_tsan_plain_length_CPPFLAGS = $(TSAN_TEST_CPPFLAGS) -DDLLSHM_FAULT_plain_length
lib_tests_mutant_tsan_plain_length_CFLAGS = $(TSAN_TEST_CFLAGS)
lib_tests_mutant_tsan_plain_length_LDFLAGS = $(TSAN_CFLAGS)
lib_tests_mutant_tsan_plain_length_LDADD = $(MUTANT_LDADD)
else
TESTS += lib/tests/tsan-missing.test
endif
EXTRA_DIST += lib/tests/tsan-missing.test

# The same unit tests under ASan/UBSan, and the fuzz target's deterministic
# driver (a few seconds; DLLSHM_FUZZ_SECONDS to change).
check_PROGRAMS += lib/tests/fuzz_core
TESTS += lib/tests/fuzz_core
lib_tests_fuzz_core_SOURCES = lib/tests/fuzz_core.c lib/core/shm_core.c lib/core/shm_scan.c
lib_tests_fuzz_core_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_STANDALONE
lib_tests_fuzz_core_CFLAGS = $(AM_CFLAGS) $(SANITIZE_CFLAGS)
lib_tests_fuzz_core_LDFLAGS = $(SANITIZE_CFLAGS)
if HAVE_SANITIZERS
check_PROGRAMS += lib/tests/check_core_asan
TESTS += lib/tests/check_core_asan
lib_tests_check_core_asan_SOURCES = $(MUTANT_SRC)
lib_tests_check_core_asan_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(PTHREAD_CFLAGS) $(SANITIZE_CFLAGS)
lib_tests_check_core_asan_LDFLAGS = $(SANITIZE_CFLAGS)
lib_tests_check_core_asan_LDADD = $(CHECK_LIBS) $(PTHREAD_LIBS)
endif

# make fuzz: libFuzzer (clang) over the same target, FUZZ_SECONDS long.
FUZZ_SECONDS = 60
fuzz: $(srcdir)/lib/tests/fuzz_core.c $(srcdir)/lib/core/shm_core.c $(srcdir)/lib/core/shm_scan.c
	@if test "x$(FUZZ_CC)" = xno; then echo "make fuzz: clang with libFuzzer not found (apt-get install clang)"; exit 1; fi
	$(MKDIR_P) lib/tests/fuzz-corpus
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -I$(srcdir)/lib/core \
		$(srcdir)/lib/tests/fuzz_core.c $(srcdir)/lib/core/shm_core.c $(srcdir)/lib/core/shm_scan.c -o lib/tests/fuzz_core_libfuzzer
	lib/tests/fuzz_core_libfuzzer -max_total_time=$(FUZZ_SECONDS) lib/tests/fuzz-corpus
.PHONY: fuzz
CLEANFILES += lib/tests/fuzz_core_libfuzzer

# The header protocol model-checked with spin (lib/model/protocol.pml).
TESTS += lib/tests/spin-model.test
EXTRA_DIST += lib/tests/spin-model.test lib/model/protocol.pml
clean-local: clean-spin
clean-spin:
	-rm -rf lib/tests/spin-work
.PHONY: clean-spin

# No kernel call on the uncontended path, counted in a wineserver trace.
PE_FILES += fastpath.exe
pe/%/fastpath.exe: $(srcdir)/lib/tests/fastpath.c
	$(PE_LINK_EXE)
PE_FILES += idreuse.exe
pe/%/idreuse.exe: $(srcdir)/lib/tests/idreuse.c $(srcdir)/lib/core/shm_core.h
	$(PE_LINK_EXE) -municode
TESTS += lib/tests/fastpath.test lib/tests/diagnostics.test lib/tests/idreuse.test \
	lib/tests/i686-baseline.test
EXTRA_DIST += lib/tests/idreuse.c lib/tests/idreuse.test lib/tests/i686-baseline.test lib/tests/fastpath.c lib/tests/fastpath.test lib/tests/diagnostics.test \
	lib/tests/wine-prefix.sh
# They share one prefix whose wineserver each starts and stops: one at a time.
lib/tests/diagnostics.log: lib/tests/fastpath.log
lib/tests/idreuse.log: lib/tests/diagnostics.log
# (The prefix lives in the user's cache: lib/tests/wine-prefix.sh.)
