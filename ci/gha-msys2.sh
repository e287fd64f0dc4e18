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
# shellcheck source=ci/gha-common.sh
. ci/gha-common.sh

step "toolchain (${MSYSTEM:-no msystem})"
gcc --version | head -n 1
pkg-config --modversion check jansson

build_check_conform
exit $status
