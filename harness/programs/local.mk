## harness/programs: the documentation sample's parent and child, done
## right, linked against dllshm's import library so that they load
## dllshm.dll implicitly from beside them (pe/<arch>/), as in the sample.

EXTRA_DIST += harness/programs/parent.c harness/programs/child.c \
	harness/programs/block_status.c harness/programs/block_status.h
PROGRAMS_DEPS = $(srcdir)/harness/programs/block_status.c $(srcdir)/harness/programs/block_status.h \
	$(srcdir)/lib/include/dllshm.h

PE_FILES += parent.exe child.exe
pe/%/parent.exe: $(srcdir)/harness/programs/parent.c $(PROGRAMS_DEPS) pe/%/libdllshm.dll.a
	$(call pe_link,,$(@D)/libdllshm.dll.a)
pe/%/child.exe: $(srcdir)/harness/programs/child.c $(PROGRAMS_DEPS) pe/%/libdllshm.dll.a
	$(call pe_link,,$(@D)/libdllshm.dll.a)
