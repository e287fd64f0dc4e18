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

# The commit the conductor is built from: its results say it wherever the
# conductor runs (host.commit).  Rewritten only when git describe says
# something new, so nothing is rebuilt for nothing.
harness/build_commit.h: harness-build-commit-always
	@$(MKDIR_P) $(@D); c=`git -C '$(srcdir)' describe --always --dirty 2>/dev/null || echo unknown`; \
	echo "#define DLLSHM_BUILD_COMMIT \"$$c\"" > $@-t; \
	if cmp -s $@-t $@; then rm -f $@-t; else mv $@-t $@; fi
harness-build-commit-always:
.PHONY: harness-build-commit-always
BUILT_SOURCES += harness/build_commit.h
CLEANFILES += harness/build_commit.h

include $(srcdir)/harness/common/local.mk
include $(srcdir)/harness/agent/local.mk
include $(srcdir)/harness/programs/local.mk
include $(srcdir)/harness/fixtures/local.mk
include $(srcdir)/harness/fixtures/foreign/local.mk
include $(srcdir)/harness/fixtures/indep/local.mk
include $(srcdir)/harness/conductor/local.mk
include $(srcdir)/harness/report/local.mk
include $(srcdir)/harness/bench/local.mk
