## lib/: the DLL.  The portable core (lib/core) is also built natively, for
## the Check unit tests, the sanitizer builds and the fuzzer.

DLLSHM_CORE_SRC = lib/core/shm_core.c lib/core/shm_core.h lib/core/shm_scan.c \
	lib/core/shm_scan.h lib/core/faults.h lib/core/faults.inc
DLLSHM_WIN32_SRC = lib/win32/block.c lib/win32/block.h lib/win32/security.c \
	lib/win32/dllmain.c lib/win32/exports.c
DLLSHM_DLL_DEPS = $(addprefix $(srcdir)/,$(DLLSHM_CORE_SRC) $(DLLSHM_WIN32_SRC) \
	lib/include/dllshm.h lib/dllshm.def)
EXTRA_DIST += $(DLLSHM_WIN32_SRC) lib/dllshm.def
PE_DLL_LIBS = -ladvapi32

# $(call pe_link_dllshm,FLAGS): a dllshm-based DLL (FLAGS: a fault, for the fixtures).
# Only lib's own files see the core (-I lib/core): the harness uses the exports.
pe_link_dllshm = $(call pe_link,-I$(srcdir)/lib/core -DDLLSHM_BUILDING -shared $(1),$(PE_DLL_LIBS))

PE_FILES += dllshm.dll libdllshm.dll.a
pe/%/dllshm.dll: $(DLLSHM_DLL_DEPS)
	$(call pe_link_dllshm,-Xlinker --out-implib=$(@D)/libdllshm.dll.a)
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
# each (the faults.inc lines "proven by" mutant).  Each must fail (XFAIL);
# one that passes (XPASS) fails `make check`, because then the tests could
# not see that defect.  lib/tests/mutant/<fault>.mutant, one rule for all.
TESTS += @MUTANT_TESTS@
XFAIL_TESTS += @MUTANT_TESTS@
MUTANT_SRC = lib/tests/check_core.c lib/tests/guard_page.h lib/core/shm_core.c lib/core/shm_scan.c
lib/tests/mutant/%.mutant: $(addprefix $(srcdir)/,$(MUTANT_SRC))
	$(call native_link,$(CHECK_CFLAGS) $(PTHREAD_CFLAGS) -DDLLSHM_FAULT=$*,$(CHECK_LIBS) $(PTHREAD_LIBS))
CLEANFILES += lib/tests/mutant/*.mutant lib/tests/mutant/*.mutant.d
-include $(call live_deps,$(wildcard lib/tests/mutant/*.mutant.d))

# The threads' tests under ThreadSanitizer (the slot copies are relaxed
# atomics in that build, see shm_core.c), and two mutants it must report: a
# reader without acquire, a plain store to a field readers load.
if HAVE_TSAN
# (faults.inc: "proven by" tsan, as lib/tests/mutant/tsan-<fault>.mutant)
check_PROGRAMS += lib/tests/check_core_tsan
TESTS += lib/tests/check_core_tsan @TSAN_MUTANT_TESTS@
XFAIL_TESTS += @TSAN_MUTANT_TESTS@
TSAN_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(PTHREAD_CFLAGS) $(TSAN_CFLAGS)
lib_tests_check_core_tsan_SOURCES = $(MUTANT_SRC)
lib_tests_check_core_tsan_CPPFLAGS = $(AM_CPPFLAGS) -DCHECK_CORE_THREADS_ONLY
lib_tests_check_core_tsan_CFLAGS = $(TSAN_TEST_CFLAGS)
lib_tests_check_core_tsan_LDFLAGS = $(TSAN_CFLAGS)
lib_tests_check_core_tsan_LDADD = $(CHECK_LIBS) $(PTHREAD_LIBS)
lib/tests/mutant/tsan-%.mutant: $(addprefix $(srcdir)/,$(MUTANT_SRC))
	$(call native_link,$(CHECK_CFLAGS) $(PTHREAD_CFLAGS) $(TSAN_CFLAGS) -DCHECK_CORE_THREADS_ONLY -DDLLSHM_FAULT=$*,$(TSAN_CFLAGS) $(CHECK_LIBS) $(PTHREAD_LIBS))
else
if !HOST_WINDOWS
TESTS += lib/tests/tsan-missing.test
endif
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
	@if test "x$(FUZZ_CC)" = xno; then echo "make fuzz: clang with libFuzzer not found (apt-get install clang; not on a Windows host)"; exit 1; fi
	$(MKDIR_P) lib/tests/fuzz-corpus
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -I$(srcdir)/lib/core \
		$(srcdir)/lib/tests/fuzz_core.c $(srcdir)/lib/core/shm_core.c $(srcdir)/lib/core/shm_scan.c -o lib/tests/fuzz_core_libfuzzer
	lib/tests/fuzz_core_libfuzzer -max_total_time=$(FUZZ_SECONDS) lib/tests/fuzz-corpus
.PHONY: fuzz
CLEANFILES += lib/tests/fuzz_core_libfuzzer

# The header protocol model-checked with spin (lib/model/protocol.pml);
# not on a Windows host (MSYS2 has no spin; the Linux jobs run it).
if !HOST_WINDOWS
TESTS += lib/tests/spin-model.test
endif
EXTRA_DIST += lib/tests/spin-model.test lib/model/protocol.pml
clean-local: clean-spin
clean-spin:
	-rm -rf lib/tests/spin-work
.PHONY: clean-spin

# No kernel call on the uncontended path, counted in a wineserver trace.
PE_FILES += fastpath.exe
pe/%/fastpath.exe: $(srcdir)/lib/tests/fastpath.c
	$(call pe_link)
PE_FILES += idreuse.exe
pe/%/idreuse.exe: $(srcdir)/lib/tests/idreuse.c
	$(call pe_link,-I$(srcdir)/lib/core -municode)
PE_FILES += oldlayout.exe
pe/%/oldlayout.exe: $(srcdir)/lib/tests/oldlayout.c
	$(call pe_link,-I$(srcdir)/lib/core -municode)
TESTS += lib/tests/i686-baseline.test lib/tests/fault-leak.test
# These read Wine's own traces and debug channels: not on a Windows host.
if !HOST_WINDOWS
TESTS += lib/tests/fastpath.test lib/tests/diagnostics.test lib/tests/idreuse.test lib/tests/oldlayout.test
endif
EXTRA_DIST += lib/tests/fault-leak.test lib/tests/idreuse.c lib/tests/idreuse.test lib/tests/i686-baseline.test lib/tests/fastpath.c lib/tests/fastpath.test lib/tests/diagnostics.test \
	lib/tests/wine-prefix.sh lib/tests/oldlayout.c lib/tests/oldlayout.test
# They share one prefix whose wineserver each starts and stops: one at a time.
lib/tests/diagnostics.log: lib/tests/fastpath.log
lib/tests/idreuse.log: lib/tests/diagnostics.log
lib/tests/oldlayout.log: lib/tests/idreuse.log
# (The prefix lives in the user's cache: lib/tests/wine-prefix.sh.)
