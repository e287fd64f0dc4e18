## harness/bench: dllshm-bench.exe (per arch), `make bench`, and a smoke run
## of the benchmark in `make check`.  Timing thresholds live in the benchmark
## (printed MET/MISSED), never in a test.

BENCH_SRC = harness/bench/bench.h harness/bench/timing.c harness/bench/subjects.c \
	harness/bench/roles.c harness/bench/figures.c harness/bench/main.c
BENCH_AUX = harness/bench/run-bench.sh harness/bench/conductor-summary.py harness/bench/explore-bench.sh \
	harness/bench/harness-bench.sh harness/bench/harness-figures.py
EXTRA_DIST += $(BENCH_SRC) $(BENCH_AUX) harness/bench/bench-smoke.test harness/bench/harness-figures.test \
	harness/bench/empty.c

PE_FILES += dllshm-bench.exe
# (harness/common: the JSON strings, the string builder under them, UTF-8)
pe/%/dllshm-bench.exe: $(addprefix $(srcdir)/,$(BENCH_SRC) harness/common/json.c harness/common/strbuf.c harness/common/utf.c)
	$(call pe_link,$(MINGW_STDIO) -municode)

# The floor of the harness's figures: a program that does nothing.
PE_FILES += empty.exe
pe/%/empty.exe: $(srcdir)/harness/bench/empty.c
	$(call pe_link,)

CLEANFILES += harness/bench/smoke-results.json bench-results.json \
	bench-results-i686.json bench-explore.json bench-harness.json

TESTS += harness/bench/bench-smoke.test harness/bench/harness-figures.test

# make bench: the full benchmark for every arch that can run here, then a
# summary of the conductor's results (results/*.json), if there are any.
# The scripts get the build's facts as the tests do (AM_TESTS_ENVIRONMENT).
bench: all
	@$(AM_TESTS_ENVIRONMENT) for a in $(PE_ARCHES); do \
	  json=bench-results.json; test $$a = x86_64 || json=bench-results-$$a.json; \
	  $(SHELL) $(srcdir)/harness/bench/run-bench.sh $$a pe/$$a/dllshm-bench.exe --json $$json; \
	  rc=$$?; \
	  if test $$rc = 77; then echo "bench: $$a skipped (see above)"; \
	  elif test $$rc != 0; then echo "bench: $$a FAILED (exit $$rc)"; exit $$rc; fi; \
	done
	@if command -v python3 >/dev/null 2>&1; then \
	  python3 $(srcdir)/harness/bench/conductor-summary.py results; \
	else echo "conductor results: not summarised (python3 is missing)"; fi
	@$(AM_TESTS_ENVIRONMENT) $(SHELL) $(srcdir)/harness/bench/explore-bench.sh; rc=$$?; \
	if test $$rc = 77; then echo "bench: the explorer's figures skipped (see above)"; \
	elif test $$rc != 0; then echo "bench: the explorer's figures FAILED (exit $$rc)"; exit $$rc; fi
	@$(AM_TESTS_ENVIRONMENT) $(SHELL) $(srcdir)/harness/bench/harness-bench.sh; rc=$$?; \
	if test $$rc = 77; then echo "bench: the harness's figures skipped (see above)"; \
	elif test $$rc != 0; then echo "bench: the harness's figures FAILED (exit $$rc)"; exit $$rc; fi
.PHONY: bench

clean-local: clean-bench
clean-bench:
	-rm -f harness/bench/smoke-results.json
.PHONY: clean-bench
