#!/usr/bin/env bash
# GitHub Actions, Windows job (in an MSYS2 shell: UCRT64, or CLANG64): the
# Windows-host build and the windows-x86_64 runner.
#   ci/gha-msys2.sh RUNNER [LABEL]   (windows-x86_64)
# configure --host (and --build) $MINGW_CHOST: a Windows host, where that
# msystem's compiler builds everything (the conductor with its Win32
# process layer, the report tool, the DLL, agents and fixtures; configure
# leaves out what needs POSIX or Wine, and names it); MSYS2 has no i686
# toolchain with Check and jansson any more, so windows-i686 and
# windows-mixed are skipped with that reason (README: Native Windows).
# Writes results/LABEL.{json,xml,md,html}; LABEL defaults to RUNNER.  A
# LABEL of the form RUNNER+TAG (windows-x86_64+clang64) makes the report
# job name that runner RUNNER-TAG in the matrix.
#
# Elsewhere (no MSYSTEM: a Linux machine) it goes as far as that can: the
# same configure line with --host=x86_64-w64-mingw32, Check and jansson from
# ci/mingw-deps.sh, and the build; make check and the conductor need
# Windows and are said to be left out (tests/windows-host-build.test runs
# them under Wine).
set -uo pipefail
runner=${1:?usage: ci/gha-msys2.sh RUNNER [LABEL]}
label=${2:-$runner}
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=ci/gha-common.sh
. ci/gha-common.sh

host=${MINGW_CHOST:-x86_64-w64-mingw32}
configure_args=(--host="$host")
if [ -n "${MSYSTEM:-}" ]; then
  configure_args+=(--build="$host")
else
  if ! pc=$(bash ci/mingw-deps.sh --built); then
    echo "::error::no Check and jansson for $host here: run bash ci/mingw-deps.sh first"
    exit 1
  fi
  configure_args+=(PKG_CONFIG_LIBDIR="$pc")
  export DLLSHM_CI_BUILD_ONLY="not on Windows (no MSYSTEM): the programs built are Windows programs"
fi

step "toolchain (${MSYSTEM:-no msystem}: --host=$host)"
for cc in "$host-gcc" gcc clang cc; do
  if command -v "$cc" >/dev/null 2>&1; then "$cc" --version | head -n 1; break; fi
done
PKG_CONFIG_LIBDIR=${pc:-${PKG_CONFIG_LIBDIR:-}} pkg-config --modversion check jansson

build_check_conform "${configure_args[@]}"
exit $status
