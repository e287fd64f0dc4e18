#!/usr/bin/env bash
# GitHub Actions, report job: merge every job's results, compare them with
# ci/baseline.json, write the Markdown to the step summary and report.html.
#   ci/gha-merge.sh [RESULTS-DIR]     (default: results)
# The report tool is $DLLSHM_REPORT, else tool/dllshm-report (the binary
# the wine-x86_64 job uploads), else it is built here.  Files named
# RUNNER+TAG.json are loaded with --runner-suffix -TAG.  Exit status: the
# report tool's (0 nothing failed but on runners the baseline never saw,
# 1 something failed: new failures, regressions or failures the baseline
# has too, 2 bad input).
set -uo pipefail
dir=${1:-results}
cd "$(dirname "$0")/.." || exit 2

tool=${DLLSHM_REPORT:-tool/dllshm-report}
if [ -f "$tool" ]; then
  chmod +x "$tool"    # artifacts do not keep the mode
fi
if ! "$tool" --version >/dev/null 2>&1; then
  echo "dllshm-report not downloaded (or not runnable here): building it"
  export DLLSHM_NO_WINE32=1 DLLSHM_NO_MINGW_DEPS=1
  { bash ci/install-deps.sh && autoreconf -fi && ./configure -q \
      && make -j"$(nproc)" harness/report/dllshm-report; } || { echo "::error::cannot build dllshm-report"; exit 2; }
  tool=harness/report/dllshm-report
fi

args=()
shopt -s nullglob
for f in "$dir"/*.json; do
  base=$(basename "$f" .json)
  case $base in
    *+*) args+=(--runner-suffix "-${base#*+}" "$f" --runner-suffix '') ;;
    *) args+=("$f") ;;
  esac
done
if [ ${#args[@]} -eq 0 ]; then
  echo "::error::no results in $dir/ (did every job fail before its conformance run?)"
  exit 2
fi

summary=${GITHUB_STEP_SUMMARY:-report.md}
"$tool" --baseline ci/baseline.json --markdown report.md --html report.html "${args[@]}"
rc=$?
[ "$summary" != report.md ] && cat report.md >>"$summary"
case $rc in
  0) echo "nothing failed on the runners of ci/baseline.json; no regression (new runners, if any, are listed, not counted)" ;;
  1) echo "::error::failures against ci/baseline.json: new failures, regressions or known failures (see the job summary and report.html)" ;;
  *) echo "::error::dllshm-report could not read its input (exit $rc)" ;;
esac
exit $rc
