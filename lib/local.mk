## lib/: the DLL.  The portable core (lib/core) is also built natively, for
## the Check unit tests, the sanitizer builds and the fuzzer.

DLLSHM_CORE_SRC = lib/core/shm_core.c lib/core/shm_core.h lib/core/faults.h
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
lib_tests_check_core_SOURCES = lib/tests/check_core.c
lib_tests_check_core_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(PTHREAD_CFLAGS)
lib_tests_check_core_LDADD = lib/libdllshmcore.a $(CHECK_LIBS) $(PTHREAD_LIBS)
