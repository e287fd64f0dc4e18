#!/usr/bin/env bash
# Check and jansson for MinGW-w64, built from the distribution's own source
# packages (apt-get source check jansson), for a Windows-host build on
# Linux: tests/windows-host-build.test, or by hand
#   ../configure --host=x86_64-w64-mingw32 PKG_CONFIG_LIBDIR=<what this prints>
# MSYS2 has both as packages; Debian and Ubuntu have neither for MinGW-w64.
#
#   ci/mingw-deps.sh            build them (once: kept in the cache) and
#                               print the PKG_CONFIG_LIBDIR to use
#   ci/mingw-deps.sh --built    print it when they are built; exit 77 with
#                               the reason when not (builds nothing)
#
# Static libraries only, so nothing built with them needs a DLL of theirs
# at run time.  Installed into $DLLSHM_MINGW_DEPS (default
# ~/.cache/dllshm/mingw-deps)/x86_64-w64-mingw32, shared by every clone,
# under a lock.  The sources come through a private apt view of the
# release suites' deb-src entries (ci/apt-release.sh): the system's apt
# configuration is not changed, and root is not needed.  Needs the MinGW-w64
# compiler, Autotools with libtool, and dpkg-dev (ci/install-deps.sh
# installs all three).  Exit: 0 done, 1 failed (why on stderr, the build's
# log named), 77 cannot be done here (no apt-get, no compiler, no source
# archive), with the reason.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd) || exit 1
host=x86_64-w64-mingw32
cache=${DLLSHM_MINGW_DEPS:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/dllshm/mingw-deps}
prefix=$cache/$host
# What is built, and how: a change here builds them again.
recipe="check jansson; static; $host; 1"
stamp=$prefix/.dllshm-built

say() { printf 'mingw-deps: %s\n' "$*" >&2; }
skip() { say "$*"; exit 77; }
built() { [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$recipe" ]; }

if [ "${1:-}" = --built ]; then
  built || skip "Check and jansson for MinGW-w64 are not built in $prefix (bash ci/mingw-deps.sh builds them from the distribution's source packages; .ci/run does)"
  echo "$prefix/lib/pkgconfig"
  exit 0
fi
[ $# = 0 ] || { echo "usage: ci/mingw-deps.sh [--built]" >&2; exit 2; }

mkdir -p "$cache" || exit 1
exec 9>"$cache/$host.lock"
command -v flock >/dev/null 2>&1 && flock 9
if built; then
  say "already built in $prefix"
  echo "$prefix/lib/pkgconfig"
  exit 0
fi

command -v "$host-gcc" >/dev/null 2>&1 || skip "no $host-gcc (apt-get install mingw-w64)"
command -v apt-get >/dev/null 2>&1 || skip "no apt-get: this builds Debian's or Ubuntu's source packages"
for t in autoreconf libtoolize dpkg-source make; do
  command -v "$t" >/dev/null 2>&1 || skip "no $t (apt-get install autoconf automake libtool dpkg-dev make)"
done

work=$cache/work-$host
log=$cache/$host.log
rm -rf "$work" "$prefix" && mkdir -p "$work/apt/sources.list.d" "$work/apt/lists/partial" \
  "$work/apt/cache/archives/partial" "$work/src" || exit 1
: >"$log"
# run WHAT COMMAND...: COMMAND's output into the log; on failure, its tail.
run() {
  local what=$1; shift
  say "$what"
  if ! "$@" >>"$log" 2>&1; then
    tail -n 25 "$log" >&2
    say "FAILED: $what (the whole log: $log)"
    exit 1
  fi
}

# ---- the sources: apt-get source through a private view ------------------
# shellcheck source=ci/apt-release.sh
. "$here/apt-release.sh"
apt_release_sources deb-src >"$work/apt/sources.list.d/release.sources"
[ -s "$work/apt/sources.list.d/release.sources" ] \
  || skip "no apt source of this distribution's release suites found in /etc/apt"
apt=(apt-get -q -o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$work/apt/sources.list.d"
     -o "Dir::State::Lists=$work/apt/lists" -o "Dir::Cache=$work/apt/cache" -o APT::Sandbox::User=root)
say "the source indexes (deb-src of: $(sed -n 's/^URIs: //p' "$work/apt/sources.list.d/release.sources" | tr '\n' ' '))"
# A source without source packages (a third-party repository naming the
# same suite) fails only its own part of the update: apt-get source decides.
"${apt[@]}" update >>"$log" 2>&1 || grep -E '^(E|W):' "$log" | tail -n 5 | sed 's/^/mingw-deps: apt-get update: /' >&2
say "apt-get source check jansson"
if ! (cd "$work/src" && "${apt[@]}" source check jansson) >>"$log" 2>&1; then
  tail -n 5 "$log" >&2
  skip "apt-get source check jansson failed: the distribution's source archive is unreachable from here, or lacks them (log: $log)"
fi
checkdir=$(find "$work/src" -maxdepth 1 -type d -name 'check-*' | head -n 1)
janssondir=$(find "$work/src" -maxdepth 1 -type d -name 'jansson-*' | head -n 1)
if [ -z "$checkdir" ] || [ -z "$janssondir" ]; then
  say "FAILED: apt-get source unpacked no check-*/jansson-* (log: $log)"; exit 1
fi

jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 2 ] && jobs=2
conf=(--host="$host" --prefix="$prefix" --disable-shared --enable-static --disable-dependency-tracking)

# ---- Check: its library and header (no subunit, no docs, no own tests) ---
mkdir -p "$work/b-check" || exit 1
(cd "$work/b-check" &&
  run "configure $(basename "$checkdir")" "$checkdir/configure" "${conf[@]}" --disable-subunit &&
  run "build $(basename "$checkdir")" make -j"$jobs" SUBDIRS="lib src" &&
  run "install $(basename "$checkdir")" make SUBDIRS="lib src" install) || exit 1
# Debian's check.pc names Debian's own PIC archive (libcheck_pic.a, its
# patch 01pkgconfig); this build installs libcheck.a.
sed -i 's/-lcheck_pic/-lcheck/' "$prefix/lib/pkgconfig/check.pc" || exit 1

# ---- jansson: its library, header and .pc (the Debian source has no
# configure script: made here) --------------------------------------------
mkdir -p "$work/b-jansson" || exit 1
(cd "$janssondir" && run "autoreconf $(basename "$janssondir")" autoreconf -fi) || exit 1
(cd "$work/b-jansson" &&
  run "configure $(basename "$janssondir")" "$janssondir/configure" "${conf[@]}" &&
  run "build $(basename "$janssondir")" make -j"$jobs" -C src &&
  run "install $(basename "$janssondir")" make -C src install &&
  run "install jansson.pc" make install-pkgconfigDATA) || exit 1

for pc in check jansson; do
  PKG_CONFIG_LIBDIR=$prefix/lib/pkgconfig pkg-config --exists "$pc" \
    || { say "FAILED: $pc.pc is not usable in $prefix/lib/pkgconfig"; exit 1; }
done
echo "$recipe" >"$stamp"
rm -rf "$work"
say "built: $(basename "$checkdir") and $(basename "$janssondir") for $host in $prefix"
echo "$prefix/lib/pkgconfig"
