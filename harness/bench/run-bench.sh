#!/bin/sh
# run-bench.sh ARCH EXE [ARGS...] - runs dllshm-bench for ARCH, from the build
# directory: natively on Windows, otherwise under Wine in a prefix of its own
# ($DLLSHM_BENCH_WINEPREFIX, default the user's cache, ~/.cache/dllshm/
# wineprefix/bench), made once and used by one run at a time (flock).  Exit 77, with the reason, when this
# host cannot run ARCH; otherwise the benchmark's exit status.

arch=$1 exe=$2
shift 2 || { echo "usage: run-bench.sh ARCH EXE [ARGS...]" >&2; exit 2; }
: "${abs_top_builddir:?is not set: run it through make bench or make check, which set the facts of the build}"
cd "$abs_top_builddir" || exit 2

if [ ! -f "$exe" ]; then
  echo "$arch: $exe was not built"; exit 77
fi
if [ "$HOST_WINDOWS" = yes ]; then
  exec "./$exe" "$@"
fi

case $arch in
  x86_64) wine=$WINE64 ;;
  *) wine=$WINE32 ;;
esac
if [ -z "$wine" ]; then
  echo "$arch: no Wine loader for $arch (configure found none)"; exit 77
fi
if [ -z "$WINE64" ]; then
  echo "$arch: no 64-bit Wine, needed to make the prefix"; exit 77
fi

prefix=${DLLSHM_BENCH_WINEPREFIX:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/dllshm/wineprefix/bench}
case $prefix in /*) ;; *) prefix=$PWD/$prefix ;; esac
. "$(dirname "$0")/../wine.sh"
wine_env "$prefix"
server=${WINESERVER:-wineserver}

mkdir -p "$(dirname "$prefix")" || exit 99
exec 9>"$prefix.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9 || exit 99
fi

if [ ! -f "$prefix/system.reg" ]; then
  conductor=
  for c in ./dllshm-conform harness/conductor/dllshm-conform; do
    if [ -x "$c" ] && "$c" --help 2>&1 | grep -q -- --make-prefix; then conductor=$c; break; fi
  done
  echo "making the Wine prefix $prefix..." >&2
  if [ -n "$conductor" ]; then
    "$conductor" --make-prefix "$prefix" >&2
  else
    "$WINE64" wineboot -i >/dev/null 2>&1
    "$server" -w # the registry files are written when the server exits
  fi
  if [ ! -f "$prefix/system.reg" ]; then
    echo "$arch: cannot make the Wine prefix $prefix"; exit 77
  fi
fi

"$server" -p </dev/null >/dev/null 2>&1
# Can this loader run this arch here?  (i686 needs a kernel that runs 32-bit ELF.)
# Into a file, not a pipe: Wine's service processes inherit the pipe and keep it open.
probe_out=$prefix.probe
wine_retry "$probe_out" "$probe_out.err" "$wine" "$exe" --probe </dev/null
cat "$probe_out.err" >>"$probe_out"
if ! tr -d '\r' <"$probe_out" | grep -q "^dllshm-bench $arch"; then
  "$server" -k 2>/dev/null
  echo "$arch: Wine cannot run $arch programs here ($wine: $(tr -d '\r' <"$probe_out" | tail -n 1))"
  exit 77
fi

# (the benchmark's output goes to the terminal as it comes: run again only
# when Wine ended it before its first line, which the collision's line says)
errs=$prefix.stderr
wine_retry - "$errs" "$wine" "$exe" "$@"
rc=$?
cat "$errs" >&2
"$server" -k 2>/dev/null
exit $rc
