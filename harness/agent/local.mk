## harness/agent: the Windows agent (harness/PROTOCOL.md), pe/<arch>/agent.exe.
## It loads the DLL under test by path, so it never links dllshm.

AGENT_SRC = harness/agent/agent.c harness/agent/agent.h harness/agent/dll.c \
	harness/agent/stress.c harness/agent/text.c harness/agent/io.c \
	harness/agent/squat.c harness/agent/threads.c harness/agent/names.c harness/agent/blocks.c \
	harness/agent/probes.c harness/agent/objects.c \
	harness/agent/interpose.h harness/agent/interpose.c harness/agent/patch.c harness/agent/hooks.c harness/agent/icommands.c \
	harness/agent/attach.c harness/agent/ansi.c \
	harness/agent/sweep.c harness/agent/owner.c harness/agent/history.c
EXTRA_DIST += $(AGENT_SRC)
# Its sweep's child agents: the session and the Win32 process layer.
AGENT_SRC += $(COMMON_SRC) harness/proc/proc.h harness/proc/proc_win32.c harness/proc/session.c harness/proc/session.h

PE_FILES += agent.exe
# (harness/wine_facts.h: how many tries a child agent Wine did not start gets)
pe/%/agent.exe: $(addprefix $(srcdir)/,$(AGENT_SRC)) harness/wine_facts.h
	$(call pe_link,-municode -I$(srcdir)/harness/proc -I$(top_builddir)/harness,-ladvapi32)
