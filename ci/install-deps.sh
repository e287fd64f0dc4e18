#!/usr/bin/env bash
# Install what dllshm needs on Debian/Ubuntu: MinGW-w64, Wine (64-bit and,
# where the archive allows, 32-bit), Check, Autotools, jansson.
# Idempotent; needs root (or sudo).  32-bit Wine is best effort: when it
# cannot be installed the i686 tests are skipped with that reason.
set -u
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
APT="$SUDO apt-get -y -q -o Dpkg::Use-Pty=0"

BASE_PKGS="build-essential mingw-w64 wine wine64 check autoconf automake libtool \
autoconf-archive pkg-config libjansson-dev git"
[ "$(. /etc/os-release; echo "$ID")" = debian ] && BASE_PKGS="$BASE_PKGS chromium"  # the HTML report's browser test; Ubuntu's chromium is a snap (its CI uses the preinstalled google-chrome)

say() { printf 'install-deps: %s\n' "$*" >&2; }

missing=
for p in $BASE_PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
    || missing="$missing $p"
done
if [ -n "$missing" ]; then
  say "installing:$missing"
  $SUDO apt-get update -q >/dev/null 2>&1 || say "apt-get update reported errors (continuing)"
  # shellcheck disable=SC2086
  $APT install --no-install-recommends $missing >/dev/null \
    || { say "FAILED to install:$missing"; exit 1; }
fi

# ---- 32-bit Wine (best effort) -------------------------------------------
have_wine32() { dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q 'install ok installed'; }
if have_wine32; then exit 0; fi
if [ "${DLLSHM_NO_WINE32:-}" = 1 ]; then say "DLLSHM_NO_WINE32=1: not installing 32-bit Wine"; exit 0; fi

dpkg --print-foreign-architectures | grep -qx i386 || $SUDO dpkg --add-architecture i386
$SUDO apt-get update -q >/dev/null 2>&1 || say "apt-get update (with i386) reported errors; trying a reduced source list"

try_install() { # $@: extra apt options
  # shellcheck disable=SC2086
  $APT "$@" install --no-install-recommends --allow-downgrades wine64 wine32:i386 $PINS >/tmp/dllshm-wine32.log 2>&1
}
PINS=
if try_install; then say "32-bit Wine installed"; exit 0; fi

# The security index for i386 is sometimes out of step with amd64: an amd64
# library at a security version then has no i386 twin ("held broken
# packages").  Retry against a source list of only the release suites, and
# pin each library that apt names as blocking to the newest version that
# view has for both arches (a downgrade, hence --allow-downgrades).
ALT=/var/tmp/dllshm-apt
$SUDO mkdir -p "$ALT/sources.list.d" "$ALT/lists/partial"
mirror=$(grep -hvE '^[[:space:]]*#' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
           /etc/apt/sources.list.d/*.sources 2>/dev/null \
         | grep -oE 'https?://[^ ]+' | grep -v security | head -n1)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
codename=$(. /etc/os-release; echo "${VERSION_CODENAME:-bookworm}")
printf 'deb %s %s main\ndeb %s %s-updates main\n' "$mirror" "$codename" "$mirror" "$codename" \
  | $SUDO tee "$ALT/sources.list.d/base.list" >/dev/null
ALTOPTS="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$ALT/sources.list.d -o Dir::State::Lists=$ALT/lists"
# shellcheck disable=SC2086
$SUDO apt-get $ALTOPTS update -q >/dev/null 2>&1 || say "reduced apt-get update reported errors"

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

for round in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
  if try_install $ALTOPTS; then say "32-bit Wine installed${PINS:+ (pinned:$PINS)}"; rm -f "$skew"*; exit 0; fi
  new=
  for dep in $(sed -n 's/.*Depends: \([^ ]*\).*/\1/p' /tmp/dllshm-wine32.log | sed 's/:i386$//; s/:amd64$//' | sort -u); do
    pin=$(awk -v p="$dep" '$1==p {print $1":amd64="$2}' "$skew")
    [ -n "$pin" ] || continue
    case " $PINS " in *" $pin "*) ;; *) PINS="$PINS $pin"; new=1 ;; esac
  done
  [ -n "$new" ] || break
  say "round $round: pinning to versions both arches have:$PINS"
done
rm -f "$skew"*
say "32-bit Wine could not be installed (log: /tmp/dllshm-wine32.log); i686 and mixed tests will be SKIPPED"
grep -E '^E:|Depends:' /tmp/dllshm-wine32.log | head -n 5 >&2
exit 0
