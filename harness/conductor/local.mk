## harness/conductor: dllshm-conform, the conductor (native C), and its
## Windows build pe/<arch>/dllshm-conform.exe (proves the Win32 process
## layer).  The pure parts live in a library shared with the unit tests.

CONDUCTOR_CORE_SRC = $(COMMON_SRC) harness/conductor/util.c harness/conductor/util.h \
	harness/conductor/scenario.c harness/conductor/scenario.h \
	harness/conductor/expectations.c harness/conductor/expectations.h \
	harness/conductor/reply.c harness/conductor/reply.h \
	harness/conductor/table.c harness/conductor/table.h \
	harness/conductor/writers.c harness/conductor/writers.h \
	harness/conductor/pe.c harness/conductor/pe.h \
	harness/conductor/diagnose.c harness/conductor/diagnose.h
# --explore (harness/conductor/explore.c): the model, programs, shrinking.
CONDUCTOR_CORE_SRC += harness/conductor/model.c harness/conductor/model.h \
	harness/conductor/explore_prog.c harness/conductor/explore_prog.h \
	harness/conductor/shrink.c harness/conductor/shrink.h \
	harness/conductor/explore_fail.c harness/conductor/explore_fail.h \
	harness/conductor/linearize.c harness/conductor/linearize.h
CONDUCTOR_RUN_SRC = harness/conductor/conductor.h harness/conductor/impls.c \
	harness/conductor/runners.c harness/conductor/prefix.c harness/conductor/run.c \
	harness/conductor/preflight.c \
	harness/conductor/sched.c harness/conductor/sched.h harness/conductor/main.c \
	harness/proc/proc.h harness/proc/session.c harness/proc/session.h \
	harness/conductor/explore.c harness/conductor/explore.h

# Where the conductor finds things, from the build tree or installed: make's
# directories (they follow `make prefix=...`), as the host spells them
# (host_path: Makefile.am).  What configure found (Wine, the compiler, the
# version) is in config.h.
CONDUCTOR_DEFS = -DDLLSHM_ABS_BUILDDIR='"$(call host_path,$(abs_top_builddir))"' \
	-DDLLSHM_ABS_SRCDIR='"$(call host_path,$(abs_top_srcdir))"' \
	-DDLLSHM_PKGDATADIR='"$(call host_path,$(pkgdatadir))"' \
	-DDLLSHM_PKGLIBEXECDIR='"$(call host_path,$(pkglibexecdir))"'

noinst_LIBRARIES += harness/conductor/libconductor.a
harness_conductor_libconductor_a_SOURCES = $(CONDUCTOR_CORE_SRC)
harness_conductor_libconductor_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/harness/proc

# Its process layer is the host's: proc_posix.c (fork, poll, pthreads) or,
# on a Windows host, proc_win32.c (CreateProcess, Win32 threads).
bin_PROGRAMS += dllshm-conform
dllshm_conform_SOURCES = $(CONDUCTOR_RUN_SRC) harness/proc/proc_common.c
dllshm_conform_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/harness/proc -I$(top_builddir)/harness $(CONDUCTOR_DEFS)
dllshm_conform_LDADD = harness/conductor/libconductor.a
if HOST_WINDOWS
dllshm_conform_SOURCES += harness/proc/proc_win32.c
EXTRA_DIST += harness/proc/proc_posix.c
else
dllshm_conform_SOURCES += harness/proc/proc_posix.c
dllshm_conform_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
dllshm_conform_LDADD += $(PTHREAD_LIBS)
EXTRA_DIST += harness/proc/proc_win32.c
endif

# The same sources for Windows, with the Win32 process layer (no jansson,
# no pthreads: the conductor needs neither).
PE_FILES += dllshm-conform.exe
pe/%/dllshm-conform.exe: $(addprefix $(srcdir)/,$(CONDUCTOR_CORE_SRC) $(CONDUCTOR_RUN_SRC) harness/proc/proc_win32.c harness/proc/proc_common.c) harness/wine_facts.h harness/build_commit.h
	$(call pe_link,$(MINGW_STDIO) -I$(srcdir)/harness/proc -I$(srcdir)/harness/conductor -I$(top_builddir) -I$(top_builddir)/harness $(CONDUCTOR_DEFS))

# The Win32 process layer's own checks, in a Windows process
# (harness/tests/proc-win32.test runs it under Wine).
PE_FILES += check-proc.exe
pe/%/check-proc.exe: $(addprefix $(srcdir)/,harness/tests/check_proc_win32.c harness/proc/proc_win32.c harness/proc/proc_common.c harness/proc/proc.h harness/common/utf.c harness/common/utf.h)
	$(call pe_link,-I$(srcdir)/harness/proc)
EXTRA_DIST += harness/tests/check_proc_win32.c
