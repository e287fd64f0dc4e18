# Shared by tests/conform-win32-conductor*.test: the conductor built for
# Windows (pe/$arch/dllshm-conform.exe, with the Win32 process layer) runs
# the scenarios that ask that layer for everything it does
# ($WIN32_LAYER_FLAGS: agents started together and one by one, replies read
# with deadlines, background commands, a pause between processes, exit
# codes, kills, crashes, a storm of 17 processes, the documentation's
# programs run to their end), --prove --quick (dllshm on each, the fixtures
# where they fail; DLLSHM_CONFORM_FLAGS, when set, instead), on its
# windows-$arch runner under Wine: the code
# the MSYS2 jobs run on Windows (CreateProcess, fixed-name DLLs one at a
# time, no prefixes).  Results: results/windows-$arch+wine.json (merged by
# ci/gha-merge.sh as the runner windows-$arch-wine, never mistaken for the
# real Windows job's).  77 (SKIP) with the reason when this machine cannot
# run $arch Windows programs; 1 on any failure.
#
# Also sourced by tests/windows-host-build.test, with the conductor of the
# Windows-host build: exe (the conductor), pe (its pe/ directory), results
# (the JSON file) and self_located=1 (no --pe-dir and --scenario-dir: it
# finds them itself).
#
# It uses the native conductor's first Wine prefix, under the same flock, so
# it never races the other Wine tests.  Wine's start-up collision (Debian's
# wine64, harness/PROTOCOL.md) is retried at most twice per start, for the
# probe and the conductor's own start, once for a run whose only failures
# are run steps, and counted in the last line.
: "${abs_top_builddir:?}" "${abs_top_srcdir:?}" "${srcdir:?}" "${arch:?}"
case $arch in
  x86_64) loader=$WINE64 loader_var=WINE64 agent_arch=x64 ;;
  i686) loader=$WINE32 loader_var=WINE32 agent_arch=x86 ;;
  *) echo "win32-conductor.sh: unknown arch $arch" >&2; exit 99 ;;
esac
runner=windows-$arch
pe=${pe:-$abs_top_builddir/pe}
exe=${exe:-$pe/$arch/dllshm-conform.exe}
results=${results:-$abs_top_builddir/results/$runner+wine.json}
if [ -z "$loader" ]; then echo "SKIP: $runner: no Wine loader for $arch programs ($loader_var)"; exit 77; fi
if [ ! -f "$exe" ]; then echo "SKIP: $runner: $exe is not built (no $arch MinGW-w64)"; exit 77; fi
base="${DLLSHM_PREFIX_BASE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/dllshm/wineprefix}"  # the conductor's own
pfx="$base/w0"
mkdir -p "$base" "$(dirname "$results")" || exit 99
case $srcdir in /*) scn=$srcdir/scenarios ;; *) scn=$PWD/$srcdir/scenarios ;; esac
# Where the conductor finds the programs and scenarios (run's arguments).
if [ "${self_located:-}" = 1 ]; then set --; else set -- --pe-dir "$pe" --scenario-dir "$scn"; fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
collisions=0 seen=0

. "$abs_top_srcdir/harness/wine.sh"

# Run "$@" under Wine, stdout to $tmp/out and stderr to $tmp/err, again
# (at most twice) when Wine ended it before it printed anything
# (harness/wine.sh).
start_retried() {
  before=$WINE_RESTARTS
  wine_retry "$tmp/out" "$tmp/err" wine_in "$pfx" "$loader" "$@"
  rc=$?
  collisions=$((collisions + WINE_RESTARTS - before))
  return $rc
}

# Can this machine run $arch Windows programs at all?  Asked of the agent,
# not of the conductor under test: a broken conductor must fail, not skip.
probe() {
  start_retried "$pe/$arch/agent.exe" --version
  if [ $rc = 0 ] && grep -q "^dllshm-agent $agent_arch" "$tmp/out"; then return 0; fi
  why=$(cat "$tmp/out" "$tmp/err" | tr "\n" " " | sed "s/ *$//" | cut -c1-300)
  echo "SKIP: $runner: $arch Windows programs do not run under $loader here" \
       "(agent.exe --version exited $rc: $why)"
  return 77
}

# Wine writes its messages about every process the conductor starts (an
# agent, its conhost.exe, Wine's own services) to the conductor's stderr,
# never to the stderr the conductor gave that process: the conductor (here
# Windows code) cannot see them, the test does.  An agent that never
# started is started again by the conductor itself (its "agents started
# again" line); a run step's parent.exe or child.exe is not.
collision_lines() { wine_collisions "$tmp/err"; }

# The failures of the run are all run steps (the recap after "failed:").
only_run_steps_failed() {
  # (msvcrt writes CRLF)
  tr -d '\r' <"$tmp/out" | sed -n '/^failed:$/,/^wall time:/p' | sed '1d;$d' >"$tmp/failed"
  [ -s "$tmp/failed" ] && ! grep -qv '\.scn:[0-9]*: run ' "$tmp/failed"
}

# conduct_once ARGS, conduct ARGS, run ARGS: ARGS go to the conductor.
conduct_once() {
  # --exit-skip 3: every result skipped means the conductor could not run
  # the agent the probe just ran, a failure of its own.
  start_retried "$exe" --runner "$runner" --prove --exit-skip 3 "$@" \
    --json "$results" ${DLLSHM_CONFORM_FLAGS-$WIN32_LAYER_FLAGS}
  cat "$tmp/out"
  cat "$tmp/err" >&2
  seen=$((seen + $(collision_lines)))
}

conduct() {
  conduct_once "$@"
  # What the native conductor does for a run step whose processes Wine
  # ended at start-up, for the whole run at once, and once only: a run step
  # that really fails fails again.
  if [ $rc = 1 ] && [ "$(collision_lines)" -gt 0 ] && only_run_steps_failed; then
    collisions=$((collisions + 1))
    echo "note: only run steps failed, and Wine ended a process at start-up (start-up" \
         "collision, above): running the suite again"
    conduct_once "$@"
  fi
  if [ $rc = 3 ]; then
    echo "FAIL: the Windows conductor ran nothing: its $runner runner is unavailable" \
         "(reason above), yet agent.exe --version runs under this Wine"
    rc=1
  fi
  return $rc
}

WIN32_LAYER_FLAGS="--quick"
for s in visibility unload-release sample-programs null-args torn-reads first-attach-window storm; do
  WIN32_LAYER_FLAGS="$WIN32_LAYER_FLAGS --scenario $s"
done

run() {
  [ -f "$pfx/.dllshm-ready" ] || "$abs_top_builddir/dllshm-conform" --make-prefix "$pfx" || return 99
  probe && conduct "$@"
  rc=$?
  echo "Wine start-up collisions: $collisions start(s) of the probe or the conductor made again;" \
       "$seen in processes the conductor started"
  [ -n "$WINESERVER" ] && wine_in "$pfx" "$WINESERVER" -k 2>/dev/null
  return $rc
}

if command -v flock >/dev/null 2>&1; then
  exec 9>"$base/w0.lock"
  flock 9
fi
run "$@"
