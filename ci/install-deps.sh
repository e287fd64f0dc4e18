#!/usr/bin/env bash
# Install what dllshm needs on Debian/Ubuntu: MinGW-w64, Wine (64-bit and,
# where it installs cleanly, 32-bit), Check, Autotools, jansson, python3;
# and, built from the distribution's source packages (ci/mingw-deps.sh, not
# apt), Check and jansson for MinGW-w64 (DLLSHM_NO_MINGW_DEPS=1: not those).
# Idempotent; needs root (or sudo).  apt's own output is shown (and kept in
# $log); the last lines say what was installed, what was skipped and why.
#
# 32-bit Wine only where this kernel runs 32-bit programs (ci/ia32.sh), and
# best effort there.  When the archive's i386 security index is out
# of step with amd64, wine32:i386 installs only by downgrading amd64
# libraries below their security updates.  That is never done unless asked
# for: DLLSHM_ALLOW_DOWNGRADE=1 (e.g. on a throwaway CI machine).  Without
# it, the 32-bit runners are skipped with that reason.
# DLLSHM_NO_WINE32=1: do not install 32-bit Wine at all.
set -u
here=$(cd "$(dirname "$0")" && pwd)
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
APT="$SUDO apt-get -y -q -o Dpkg::Use-Pty=0"
log=${TMPDIR:-/tmp}/dllshm-install-deps.log
: >"$log"

BASE_PKGS="build-essential mingw-w64 wine wine64 check autoconf automake libtool \
pkg-config libjansson-dev git python3 spin libtsan2"
[ "$(. /etc/os-release; echo "$ID")" = debian ] && BASE_PKGS="$BASE_PKGS chromium"  # the HTML report's browser test; Ubuntu's chromium is a snap (its CI uses the preinstalled google-chrome)

say() { printf 'install-deps: %s\n' "$*" >&2; }
# apt, its output shown and logged; the exit status is apt's.
apt_shown() { "$@" 2>&1 | tee -a "$log"; return "${PIPESTATUS[0]}"; }
# apt-get update; its errors and warnings are repeated in one line each.
apt_update() {
  local out rc
  out=$(mktemp)
  $SUDO apt-get "$@" update -q >"$out" 2>&1
  rc=$?
  cat "$out" >>"$log"
  grep -E '^(E|W):' "$out" | sed 's/^/install-deps: apt-get update: /' >&2
  rm -f "$out"
  return $rc
}
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=ci/apt-release.sh
. "$here/apt-release.sh"

summary_installed=
wine32_status=
mingw_status=

missing=
for p in $BASE_PKGS; do installed "$p" || missing="$missing $p"; done
if [ -n "$missing" ]; then
  say "installing:$missing"
  apt_update || say "apt-get update reported errors (continuing; see above)"
  # shellcheck disable=SC2086
  apt_shown $APT install --no-install-recommends $missing \
    || { say "FAILED to install:$missing (apt's output above; log: $log)"; exit 1; }
  summary_installed=$missing
fi

# ---- 32-bit Wine (best effort) -------------------------------------------
install_wine32() {
  local kernel
  # Asked first: where the kernel cannot run 32-bit programs, wine32:i386 is
  # worse than useless: Debian's `wine` wrapper starts the 32-bit loader
  # whenever it is installed, so every program, 64-bit too, would fail.
  kernel=$(bash "$here/ia32.sh" probe)
  case $? in
    1)
      if installed wine32:i386; then
        wine32_status="installed, but $kernel: the plain \`wine\` command fails for every program, 64-bit too (Debian's wrapper starts the 32-bit loader first); remove it: ${SUDO:+sudo }apt-get remove wine32:i386 (dllshm itself starts /usr/lib/wine/wine64)"
      else
        wine32_status="not installed: $kernel"
      fi
      return ;;
    2) say "32-bit Wine: $kernel; trying to install it anyway" ;;
  esac
  if installed wine32:i386; then wine32_status="already installed"; return; fi
  if [ "${DLLSHM_NO_WINE32:-}" = 1 ]; then wine32_status="not installed (DLLSHM_NO_WINE32=1)"; return; fi

  local added_i386=
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    $SUDO dpkg --add-architecture i386 && added_i386=1
  fi
  apt_update || say "apt-get update (with i386) reported errors (see above)"
  # shellcheck disable=SC2086
  if apt_shown $APT install --no-install-recommends wine64 wine32:i386; then
    wine32_status="installed"; summary_installed="$summary_installed wine32:i386"; return
  fi

  # Out of step: which amd64 libraries would have to go back a version?
  local pins found=0
  pins=$(find_downgrade_pins) && found=1
  if [ $found = 1 ] && [ -z "$pins" ]; then
    # The release suites alone install it with no downgrade at all.
    # shellcheck disable=SC2086
    if apt_shown $APT $ALTOPTS install --no-install-recommends wine64 wine32:i386; then
      wine32_status="installed (from the release suites: the i386 security index was out of step)"
      summary_installed="$summary_installed wine32:i386"; return
    fi
  fi
  if [ $found = 1 ] && [ -n "$pins" ] && [ "${DLLSHM_ALLOW_DOWNGRADE:-}" = 1 ]; then
    say "DLLSHM_ALLOW_DOWNGRADE=1: downgrading to versions both arches have:$pins"
    # shellcheck disable=SC2086
    if apt_shown $APT $ALTOPTS install --no-install-recommends --allow-downgrades wine64 wine32:i386 $pins; then
      wine32_status="installed, with amd64 packages downgraded below their security updates (DLLSHM_ALLOW_DOWNGRADE=1):$pins"
      summary_installed="$summary_installed wine32:i386"; return
    fi
  fi
  if [ $found = 1 ] && [ -n "$pins" ]; then
    wine32_status="NOT installed: it needs these amd64 packages downgraded below their installed (security) versions:$pins; set DLLSHM_ALLOW_DOWNGRADE=1 to allow that"
  else
    wine32_status="NOT installed: apt could not install wine32:i386 (its output above; log: $log)"
  fi
  # Leave apt as we found it: an i386 architecture we added for nothing
  # would make every later apt-get update fetch (and fail on) i386 indexes.
  if [ -n "$added_i386" ] && ! dpkg -l | awk '$1 == "ii" && $2 ~ /:i386$/ {f = 1} END {exit !f}'; then
    $SUDO dpkg --remove-architecture i386 && apt_update >/dev/null 2>&1
  fi
}

# The security index for i386 is sometimes out of step with amd64: an amd64
# library at a security version then has no i386 twin ("held broken
# packages").  In a view of only the release suites, find for each library
# apt names as blocking the newest version both arches have; prints
# " pkg:amd64=version ..." (nothing: none needed) and succeeds when that
# view can install 32-bit Wine.  Simulation only (apt-get -s): nothing is
# installed or downgraded here.
ALT=/var/tmp/dllshm-apt
ALTOPTS="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$ALT/sources.list.d -o Dir::State::Lists=$ALT/lists"
find_downgrade_pins() {
  local alt=$ALT skew pins='' dep pin new sim
  $SUDO mkdir -p "$alt/sources.list.d" "$alt/lists/partial"
  $SUDO rm -f "$alt/sources.list.d/base.list"   # (what an older version of this script wrote)
  # This machine's own sources, their release suites only (ci/apt-release.sh):
  # their URIs (GitHub's Ubuntu images use mirror+file:) and components (Wine
  # is in Ubuntu's universe).
  if ! apt_release_sources deb | $SUDO tee "$alt/sources.list.d/release.sources" >/dev/null \
      || ! [ -s "$alt/sources.list.d/release.sources" ]; then
    say "no apt source of the release suites found in /etc/apt: cannot look for versions both arches have"
    return 1
  fi
  # shellcheck disable=SC2086
  apt_update $ALTOPTS >/dev/null 2>&1 || say "apt-get update of the release suites reported errors"

  # "pkg version" of each installed amd64 Multi-Arch: same library whose
  # version the reduced view lacks, with the newest version that view has.
  skew=$(mktemp)
  dpkg-query -W -f='${Package} ${Architecture} ${Version} ${Multi-Arch} ${db:Status-Abbrev}\n' \
    | awk '$2=="amd64" && $4=="same" && $5 ~ /^ii/ {print $1, $3}' >"$skew.inst"
  # shellcheck disable=SC2046,SC2086
  apt-cache $ALTOPTS madison $(cut -d' ' -f1 "$skew.inst") 2>/dev/null \
    | awk -F' *[|] *' '{gsub(/^ +/, "", $1); print $1, $2}' >"$skew.avail"
  awk 'NR==FNR {have[$1" "$2]=1; if (!($1 in top)) top[$1]=$2; next}
       !(($1" "$2) in have) && ($1 in top) {print $1, top[$1]}' "$skew.avail" "$skew.inst" >"$skew"

  sim=$(mktemp)
  for _ in $(seq 1 20); do
    # shellcheck disable=SC2086
    if $APT $ALTOPTS -s install --no-install-recommends --allow-downgrades wine64 wine32:i386 $pins >"$sim" 2>&1; then
      rm -f "$skew"* "$sim"; echo "$pins"; return 0
    fi
    new=
    for dep in $(sed -n 's/.*Depends: \([^ ]*\).*/\1/p' "$sim" | sed 's/:i386$//; s/:amd64$//' | sort -u); do
      pin=$(awk -v p="$dep" '$1==p {print $1":amd64="$2}' "$skew")
      [ -n "$pin" ] || continue
      case " $pins " in *" $pin "*) ;; *) pins="$pins $pin"; new=1 ;; esac
    done
    [ -n "$new" ] || break
  done
  rm -f "$skew"* "$sim"
  echo "$pins"
  return 1
}

install_wine32

# ---- Check and jansson for MinGW-w64 (best effort, not apt) ---------------
# For tests/windows-host-build.test: ci/mingw-deps.sh builds them from the
# distribution's source packages into the user's cache, once.
# DLLSHM_NO_MINGW_DEPS=1: do not build them (that test is then a SKIP).
mingw_deps() {
  if [ "${DLLSHM_NO_MINGW_DEPS:-}" = 1 ]; then mingw_status="not built (DLLSHM_NO_MINGW_DEPS=1)"; return; fi
  local out rc
  out=$(bash "$here/mingw-deps.sh" 2> >(tee -a "$log" >&2))
  rc=$?
  case $rc in
    0) mingw_status="built, in $(dirname "$(dirname "$out")")" ;;
    77) mingw_status="NOT built: cannot be done here (the reason above)" ;;
    *) mingw_status="NOT built: ci/mingw-deps.sh failed (above)" ;;
  esac
}
mingw_deps

say "installed:${summary_installed:- nothing (all there already)}"
say "32-bit Wine: $wine32_status"
case $wine32_status in
  NOT*|not*) say "so the wine-i686 and wine-mixed runners will be SKIPPED, with this reason (README: What a SKIP means)" ;;
esac
say "Check and jansson for MinGW-w64: $mingw_status"
case $mingw_status in
  not*|NOT*) say "so tests/windows-host-build.test will be SKIPPED, with this reason" ;;
esac
# The user's own `wine` must work afterwards, whichever kind of kernel.
if wine_says=$(WINEDEBUG=-all wine --version 2>&1); then
  say "wine: $wine_says"
else
  say "wine: the plain \`wine\` command does not work here: $(printf '%s' "$wine_says" | tail -n 1)"
fi
say "apt's full output: $log"
exit 0
