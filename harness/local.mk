## harness/: the conductor, its process layer, the agents, the sample's
## programs, the fixtures and the report tool.  Each part has its own file.
# Wine's facts (harness/wine.sh, its NAME="value" lines) as C, for the
# conductor: written once, in the shell helper every shell test sources.
harness/wine_facts.h: $(srcdir)/harness/wine.sh
	$(AM_V_GEN)$(MKDIR_P) $(@D) && { echo '/* Made from harness/wine.sh (harness/local.mk): edit that. */'; \
	  $(SED) -n -e 's/^\(WINE_[A-Z0-9_]*\)="\([0-9][0-9]*\)"$$/#define \1 \2/p' -e t \
	    -e 's/^\(WINE_[A-Z0-9_]*\)="\(.*\)"$$/#define \1 "\2"/p' $(srcdir)/harness/wine.sh; } > $@-t && mv $@-t $@
BUILT_SOURCES += harness/wine_facts.h
CLEANFILES += harness/wine_facts.h

include $(srcdir)/harness/common/local.mk
include $(srcdir)/harness/agent/local.mk
include $(srcdir)/harness/programs/local.mk
include $(srcdir)/harness/fixtures/local.mk
include $(srcdir)/harness/fixtures/foreign/local.mk
include $(srcdir)/harness/fixtures/indep/local.mk
include $(srcdir)/harness/conductor/local.mk
include $(srcdir)/harness/report/local.mk
include $(srcdir)/harness/bench/local.mk
