## harness/: the conductor, its process layer, the agents, the sample's
## programs, the fixtures and the report tool.  Each part has its own file.
include $(srcdir)/harness/common/local.mk
include $(srcdir)/harness/agent/local.mk
include $(srcdir)/harness/programs/local.mk
include $(srcdir)/harness/fixtures/local.mk
include $(srcdir)/harness/fixtures/foreign/local.mk
include $(srcdir)/harness/fixtures/indep/local.mk
include $(srcdir)/harness/conductor/local.mk
include $(srcdir)/harness/report/local.mk
include $(srcdir)/harness/bench/local.mk
