#!/usr/bin/env bash
# GitHub Actions, Windows job (in an MSYS2 shell: MINGW64, UCRT64, MINGW32):
# the native build and one Windows runner.
#   ci/gha-msys2.sh RUNNER [LABEL]   (windows-x86_64 | windows-i686)
# `./configure` there builds everything with the host compiler of that
# msystem (the conductor, the report tool, the DLL and the agents);
# configure looks for a MinGW-w64 of the other arch and skips the runners
# that would need it.  Writes results/LABEL.{json,xml,md,html}; LABEL
# defaults to RUNNER.  A LABEL of the form RUNNER+TAG (windows-x86_64+ucrt64)
# makes the report job name that runner RUNNER-TAG in the matrix.
set -uo pipefail
runner=${1:?usage: ci/gha-msys2.sh RUNNER [LABEL]}
label=${2:-$runner}
cd "$(dirname "$0")/.." || exit 2
step() { printf '\n==> %s\n' "$*"; }
jobs=$(nproc 2>/dev/null || echo 2)
status=0

step "toolchain (${MSYSTEM:-no msystem})"
gcc --version | head -n 1
pkg-config --modversion check jansson

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
./dllshm-conform --runner "$runner" --json "results/$label.json" --junit "results/$label.xml"
rc=$?
case $rc in
  0) ;;
  1) echo "::error::conformance failures on $label (see the report)"; status=1 ;;
  *) echo "::error::dllshm-conform could not run on $label (exit $rc)"; status=1 ;;
esac

step "per-job report"
if [ -s "results/$label.json" ]; then
  ./harness/report/dllshm-report --markdown "results/$label.md" --html "results/$label.html" \
    "results/$label.json"
  [ -n "${GITHUB_STEP_SUMMARY:-}" ] && cat "results/$label.md" >>"$GITHUB_STEP_SUMMARY"
fi
exit $status
