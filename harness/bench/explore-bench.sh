#!/bin/sh
# explore-bench.sh [RUNNER] - the explorer's figures, from the build
# directory: programs and steps per second exploring dllshm (which has
# nothing to find) with a fixed seed, and for each fixture the explorer
# finds, how many programs and how long until its first failure (before
# shrinking), also in dllshm-programs' worth of time measured in the same
# run, so that a slower machine changes the seconds and not the ratio.  A
# slower explorer, or a generator that reaches a defect later, shows here.
# Writes bench-explore.json.  Exit 77 when the runner cannot run here.

runner=${1:-wine-x86_64}
conform=${DLLSHM_CONFORM:-./dllshm-conform}   # a stand-in in tests/explore-bench.test
[ -x "$conform" ] || { echo "explore-bench.sh: run it from the build directory (no $conform)" >&2; exit 2; }
seed=13
base_runs=40
budget=60
# The fixtures whose defect a program shows (scenarios/expectations: explore).
fixtures=${DLLSHM_EXPLORE_FIXTURES:-"sample fx-no-truncate fx-unbounded-get fx-null-crash fx-leak-handle fx-copy-on-write fx-no-seqlock fx-thread-unmap fx-unchecked-map fx-late-memset"}
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

"$conform" --explore --seed $seed --runs $base_runs --max-steps 16 --runner "$runner" --impl dllshm \
  --explore-dir "$tmp/scn" >"$tmp/base" 2>&1
rc=$?
if grep -q "^$runner: skipped: " "$tmp/base"; then
  echo "explore bench: $runner skipped ($(grep "^$runner: skipped: " "$tmp/base" | head -n 1))"
  exit 77
fi
# "explore  RUNNER  dllshm: 40 programs, 612 steps, 0 failures, 9.8 s, seed 13"
line=$(grep "^explore  $runner  dllshm: " "$tmp/base" | tail -n 1)
if [ $rc != 0 ] || [ -z "$line" ]; then
  cat "$tmp/base"
  echo "explore bench: exploring dllshm failed (exit $rc)"
  exit 1
fi
set -- $(echo "$line" | sed 's/.*: \([0-9]*\) programs*, \([0-9]*\) steps, [0-9]* failures*, \([0-9.]*\) s,.*/\1 \2 \3/')
programs=$1 steps=$2 secs=$3
per_program=$(awk -v s="$secs" -v p="$programs" 'BEGIN { printf "%.4f", s / p }')
printf '\nExplorer (%s, seed %s)\n' "$runner" "$seed"
printf '  dllshm: %s programs, %s steps in %s s: %s programs/s, %s steps/s\n' "$programs" "$steps" "$secs" \
  "$(awk -v s="$secs" -v p="$programs" 'BEGIN { printf "%.1f", p / s }')" \
  "$(awk -v s="$secs" -v p="$steps" 'BEGIN { printf "%.0f", p / s }')"
printf '  %-20s %10s %10s %22s\n' "first failure of" "programs" "seconds" "x dllshm-program time"
json="{\"format\": \"dllshm-explore-bench/1\", \"runner\": \"$runner\", \"seed\": $seed,"
json="$json \"dllshm\": {\"programs\": $programs, \"steps\": $steps, \"seconds\": $secs},"
json="$json \"first_failure\": ["
sep=
status=0
for f in $fixtures; do
  "$conform" --explore --seed $seed --budget $budget --max-steps 16 --shrink-runs 0 --runner "$runner" --impl "$f" \
    --expectations /dev/null --explore-dir "$tmp/scn" >"$tmp/$f" 2>&1
  # "explore  RUNNER  F: found by the program of seed 24 (program 12, after 3.4 s): ..."
  found=$(grep "^explore  $runner  $f: found by the program of seed " "$tmp/$f" | head -n 1)
  if [ -z "$found" ]; then
    printf '  %-20s %10s %10s %22s\n' "$f" "-" "-" "not found in $budget s"
    json="$json$sep {\"implementation\": \"$f\", \"found\": false}"
    status=1
  else
    set -- $(echo "$found" | sed 's/.*(program \([0-9]*\), after \([0-9.]*\) s).*/\1 \2/')
    ratio=$(awk -v s="$2" -v p="$per_program" 'BEGIN { printf "%.1f", s / p }')
    printf '  %-20s %10s %10s %22s\n' "$f" "$1" "$2" "$ratio"
    json="$json$sep {\"implementation\": \"$f\", \"found\": true, \"programs\": $1, \"seconds\": $2, \"dllshm_programs\": $ratio}"
  fi
  sep=,
done
echo "$json ]}" >bench-explore.json
echo "  (bench-explore.json)"
[ $status = 0 ] || echo "explore bench: a fixture's defect was not found (see above)"
exit $status
