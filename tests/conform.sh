# Shared by tests/conform-wine-*.test (and, on a Windows host,
# tests/conform-windows-*.test): run the native conductor on one
# runner ($runner), every implementation ($quick: --quick, fixtures only
# where scenarios/expectations says they fail), --prove, results in
# $abs_top_builddir/results/check/$runner.{json,xml} (apart from make
# conform's results/, so that results/*.json never holds one run twice).  77 (SKIP) when Wine or the
# runner is missing, with the reason; 1 on any failure.
: "${abs_top_builddir:?}" "${runner:?}"
if [ "$HOST_WINDOWS" != yes ] && [ -z "$WINE64$WINE32" ]; then
  echo "SKIP: no Wine found: install wine (Debian: apt-get install wine wine64) or run ci/install-deps.sh"
  exit 77
fi
out="$abs_top_builddir/results/check"
mkdir -p "$out" || exit 99
# Every scenario against every implementation: a fixture that fails where
# scenarios/expectations does not say so fails the run too.
"$abs_top_builddir/dllshm-conform" --runner "$runner" --prove ${quick:-} --exit-skip 77 \
  --json "$out/$runner.json" --junit "$out/$runner.xml" ${DLLSHM_CONFORM_FLAGS-}
rc=$?
[ $rc = 77 ] && echo "SKIP: runner $runner is unavailable (reason above)"
exit $rc
