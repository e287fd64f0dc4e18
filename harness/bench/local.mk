## harness/bench: dllshm-bench.exe (per arch), `make bench`, and a smoke run
## of the benchmark in `make check`.  Timing thresholds live in the benchmark
## (printed MET/MISSED), never in a test.

BENCH_SRC = harness/bench/bench.h harness/bench/timing.c harness/bench/impls.c \
	harness/bench/roles.c harness/bench/json.c harness/bench/main.c
BENCH_AUX = harness/bench/run-bench.sh harness/bench/conductor-summary.py harness/bench/explore-bench.sh
EXTRA_DIST += $(BENCH_SRC) $(BENCH_AUX) harness/bench/bench-smoke.test

PE_FILES += dllshm-bench.exe
pe/%/dllshm-bench.exe: $(addprefix $(srcdir)/,$(BENCH_SRC)) $(srcdir)/lib/include/dllshm.h
	$(AM_V_CCLD)$(MKDIR_P) $(@D) && \
	$(PE_CC) $(PE_CCFLAGS) -D__USE_MINGW_ANSI_STDIO=1 -municode -o $@ $(filter %.c,$^) $(PE_LINKFLAGS)

# What the scripts need to know about this build (Wine loaders, arches).
if HOST_WINDOWS
BENCH_HOST_WINDOWS = yes
else
BENCH_HOST_WINDOWS = no
endif
harness/bench/bench-env.sh: Makefile
	$(AM_V_GEN)$(MKDIR_P) $(@D) && { \
	  echo "WINE64='$(WINE64)'"; echo "WINE32='$(WINE32)'"; echo "WINESERVER='$(WINESERVER)'"; \
	  echo "PE_ARCHES='$(PE_ARCHES)'"; echo "HOST_WINDOWS='$(BENCH_HOST_WINDOWS)'"; \
	  echo "abs_top_builddir='$(abs_top_builddir)'"; \
	} > $@-t && mv $@-t $@
check_DATA += harness/bench/bench-env.sh
CLEANFILES += harness/bench/bench-env.sh harness/bench/smoke-results.json bench-results.json \
	bench-results-i686.json bench-explore.json

TESTS += harness/bench/bench-smoke.test

# make bench: the full benchmark for every arch that can run here, then a
# summary of the conductor's results (results/*.json), if there are any.
bench: all harness/bench/bench-env.sh
	@for a in $(PE_ARCHES); do \
	  json=bench-results.json; test $$a = x86_64 || json=bench-results-$$a.json; \
	  $(SHELL) $(srcdir)/harness/bench/run-bench.sh $$a pe/$$a/dllshm-bench.exe --json $$json; \
	  rc=$$?; \
	  if test $$rc = 77; then echo "bench: $$a skipped (see above)"; \
	  elif test $$rc != 0; then echo "bench: $$a FAILED (exit $$rc)"; exit $$rc; fi; \
	done
	@if command -v python3 >/dev/null 2>&1; then \
	  python3 $(srcdir)/harness/bench/conductor-summary.py results; \
	else echo "conductor results: not summarised (python3 is missing)"; fi
	@$(SHELL) $(srcdir)/harness/bench/explore-bench.sh; rc=$$?; \
	if test $$rc = 77; then echo "bench: the explorer's figures skipped (see above)"; \
	elif test $$rc != 0; then echo "bench: the explorer's figures FAILED (exit $$rc)"; exit $$rc; fi
.PHONY: bench

clean-local: clean-bench
clean-bench:
	-rm -f harness/bench/smoke-results.json
.PHONY: clean-bench
