## scenarios: one file per behaviour (scenarios/README.md), installed for
## the conductor, which looks in $(pkgdatadir)/scenarios when it is not run
## from the build tree.

scenariodir = $(pkgdatadir)/scenarios
dist_scenario_DATA = $(wildcard $(srcdir)/scenarios/*.scn) scenarios/expectations
