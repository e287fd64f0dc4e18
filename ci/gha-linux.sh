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
label=$runner
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=ci/gha-common.sh
. ci/gha-common.sh

step "dependencies (ci/install-deps.sh)"
# wine-x86_64 needs no 32-bit Wine; the others do.  Only wine-x86_64 builds
# Check and jansson for MinGW-w64 (a few minutes), for make check's
# tests/windows-host-build.test; in the other jobs it is a SKIP.
if [ "$runner" = wine-x86_64 ]; then export DLLSHM_NO_WINE32=1; else export DLLSHM_NO_MINGW_DEPS=1; fi
bash ci/install-deps.sh || exit 1
wine --version 2>/dev/null || true

# (./configure with no arguments: this host)
# shellcheck disable=SC2119
build_check_conform
# The page rendered by make check's html-dom.test (fixture data): proof that
# the report renders on this image.
[ -f harness/report/report.png ] && cp harness/report/report.png "results/$runner-report.png"
exit $status
