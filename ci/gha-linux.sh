#!/usr/bin/env bash
# GitHub Actions, Linux job: one Wine runner of the conformance matrix.
#   ci/gha-linux.sh RUNNER        (wine-x86_64 | wine-i686 | wine-mixed)
# Installs the dependencies (ci/install-deps.sh, the same script .ci/run
# uses), builds in the tree, runs `make check` (unit tests, Wine tests),
# then the conductor on RUNNER alone, writing results/RUNNER.{json,xml}, a
# per-job report results/RUNNER.{md,html} and, when chromium rendered one,
# results/RUNNER-report.png.  Exit: non-zero when the build, make check or
# the conformance run failed (the results are written in any case, so the
# report job still sees them).
set -uo pipefail
runner=${1:?usage: ci/gha-linux.sh RUNNER}
cd "$(dirname "$0")/.." || exit 2
step() { printf '\n==> %s\n' "$*"; }
jobs=$(nproc 2>/dev/null || echo 2)
status=0

step "dependencies (ci/install-deps.sh)"
# wine-x86_64 needs no 32-bit Wine; the others do.
if [ "$runner" = wine-x86_64 ]; then export DLLSHM_NO_WINE32=1; fi
bash ci/install-deps.sh || exit 1
wine --version 2>/dev/null || true

step "build"
{ autoreconf -fi && ./configure && make -j"$jobs"; } || { echo "::error::build failed"; exit 1; }

step "make check"
if ! make -j"$jobs" check; then
  echo "::error::make check failed (test-suite.log follows)"
  cat test-suite.log 2>/dev/null || true
  status=1
fi

step "conformance run on $runner"
mkdir -p results
./dllshm-conform --runner "$runner" --json "results/$runner.json" --junit "results/$runner.xml"
rc=$?
case $rc in
  0) ;;
  1) echo "::error::conformance failures on $runner (see the report)"; status=1 ;;
  *) echo "::error::dllshm-conform could not run on $runner (exit $rc)"; status=1 ;;
esac

step "per-job report"
if [ -s "results/$runner.json" ]; then
  ./harness/report/dllshm-report --markdown "results/$runner.md" --html "results/$runner.html" \
    "results/$runner.json"
  [ -n "${GITHUB_STEP_SUMMARY:-}" ] && cat "results/$runner.md" >>"$GITHUB_STEP_SUMMARY"
fi
# The page rendered by make check's html-dom.test (fixture data): proof that
# the report renders on this image.
[ -f harness/report/report.png ] && cp harness/report/report.png "results/$runner-report.png"
exit $status
