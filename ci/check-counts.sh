#!/usr/bin/env bash
# The counts of the last `make check` (its test-suite.log), on one line:
# "N passed, N failed, N skipped" (XFAIL, a mutant or fixture that failed
# as it must, counts as passed).
if [ -f test-suite.log ]; then
    awk '/^# (PASS|XFAIL):/ {p += $3} /^# (FAIL|XPASS|ERROR):/ {f += $3} /^# SKIP:/ {s += $3}
         END {printf "%d passed, %d failed, %d skipped\n", p, f, s}' test-suite.log
else
    echo "no test ran (make check failed before its tests: see the build errors above)"
fi
