#!/bin/sh
# harness-bench.sh [RUNNER] - make bench's figures of the harness itself,
# from the build directory: the floor (the start of an empty Windows
# program, median of 21, under Wine in the benchmark's prefix with its
# server kept running, as the conductor keeps its own), then the conductor's
# whole matrix on RUNNER (make conform's run for one runner), --dll of a
# correct DLL written apart from dllshm (ind-ok) and of a defective one
# (ind-no-lock), each timed with its process starts counted, and each as a
# ratio to the floor (harness-figures.py).  Writes bench-harness.json.
# Exit 77 when the runner cannot run here.
runner=${1:-wine-x86_64}
: "${abs_top_builddir:?is not set: run it through make bench, which sets the facts of the build}"
cd "$abs_top_builddir" || exit 2
here=$(cd "$(dirname "$0")" && pwd)
conform=./dllshm-conform
case $runner in
  *x86_64) arch=x86_64 ;;
  *i686) arch=i686 ;;
  *) echo "harness-bench.sh: the figures need a one-arch runner (wine-x86_64, wine-i686, windows-*), got $runner" >&2; exit 2 ;;
esac
empty=pe/$arch/empty.exe
[ -f "$empty" ] || { echo "harness bench: $empty was not built"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# The floor: 21 starts one after the other; the median is what one costs.
starts() {
  for i in $(seq 21); do
    t0=$(now_ms)
    "$@" >/dev/null 2>&1 </dev/null || { echo "harness bench: $* exited $? (start $i)" >&2; return 1; }
    echo $(( $(now_ms) - t0 ))
  done
}
if [ "$HOST_WINDOWS" = yes ]; then
  starts "./$empty" >"$tmp/floor" || exit 1
else
  case $arch in x86_64) wine=$WINE64 ;; *) wine=$WINE32 ;; esac
  [ -n "$wine" ] || { echo "harness bench: no Wine loader for $arch (configure found none)"; exit 77; }
  prefix=${DLLSHM_BENCH_WINEPREFIX:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/dllshm/wineprefix/bench}
  . "$here/../wine.sh"
  [ -f "$prefix/system.reg" ] || "$conform" --make-prefix "$prefix" >&2 || exit 1
  wine_env "$prefix"
  WINEDEBUG=$WINE_QUIET_DEBUG
  exec 9>"$prefix.lock"
  command -v flock >/dev/null 2>&1 && { flock 9 || exit 99; }
  "${WINESERVER:-wineserver}" -p </dev/null >/dev/null 2>&1
  "$wine" "$empty" >/dev/null 2>&1 </dev/null   # the server's first client pays its start-up
  starts "$wine" "$empty" >"$tmp/floor"; rc=$?
  "${WINESERVER:-wineserver}" -k 2>/dev/null
  exec 9>&-
  if [ $rc != 0 ]; then
    [ "$arch" = i686 ] && { echo "harness bench: $arch programs do not run under $wine here"; exit 77; }
    exit 1
  fi
fi
floor=$(sort -n "$tmp/floor" | sed -n 11p)
[ "$floor" -gt 0 ] 2>/dev/null || floor=1   # a start below 1 ms: count it as 1

# The conductor's runs: their exit tells the verdict, which is not the point here.
run() {
  label=$1; shift
  echo "harness bench: $label..."
  "$conform" --runner "$runner" --exit-skip 77 --json "$tmp/$label.json" "$@" >"$tmp/$label.out" 2>&1
  rc=$?
  [ $rc = 77 ] && { tail -n 3 "$tmp/$label.out"; echo "harness bench: $runner skipped"; exit 77; }
  [ -f "$tmp/$label.json" ] || { tail -n 20 "$tmp/$label.out"; echo "harness bench: $label wrote no results (exit $rc)"; exit 1; }
}
run conform
run dll-correct --dll "pe/$arch/indep/ind-ok.dll"
run dll-defective --dll "pe/$arch/indep/ind-no-lock.dll"
python3 "$here/harness-figures.py" "$floor" bench-harness.json \
  "make conform ($runner)=$tmp/conform.json" "--dll ind-ok (correct)=$tmp/dll-correct.json" \
  "--dll ind-no-lock (defective)=$tmp/dll-defective.json"
