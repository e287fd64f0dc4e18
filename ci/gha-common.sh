# Sourced by ci/gha-linux.sh and ci/gha-msys2.sh: what every matrix job does
# once its toolchain is there.  Needs $runner and $label; sets $status
# (0, or 1 when make check or the conformance run failed); exits on a
# failed build.  DLLSHM_CI_BUILD_ONLY=REASON: build, then stop (the
# programs cannot run here), saying REASON.
# shellcheck shell=bash disable=SC2034,SC2154
# (runner and label come from the sourcing script, which reads status)
step() { printf '\n==> %s\n' "$*"; }
jobs=$(nproc 2>/dev/null || echo 2)
status=0

# build_check_conform [CONFIGURE ARGS...]
build_check_conform() {
  step "build (./configure $*)"
  { autoreconf -fi && ./configure "$@" && make -j"$jobs"; } || { echo "::error::build failed"; exit 1; }
  if [ -n "${DLLSHM_CI_BUILD_ONLY:-}" ]; then
    step "make check and the conformance run on $runner: left out ($DLLSHM_CI_BUILD_ONLY)"
    return
  fi

  step "make check"
  if ! make -j"$jobs" check; then
    echo "::error::make check failed (test-suite.log follows)"
    cat test-suite.log 2>/dev/null || true
    status=1
  fi

  step "conformance run on $runner"
  mkdir -p results
  ./dllshm-conform --runner "$runner" --json "results/$label.json" --junit "results/$label.xml"
  local rc=$?
  case $rc in
    0) ;;
    1) echo "::error::conformance failures on $label (see the report)"; status=1 ;;
    *) echo "::error::dllshm-conform could not run on $label (exit $rc)"; status=1 ;;
  esac

  step "per-job report"
  if [ -s "results/$label.json" ]; then
    ./harness/report/dllshm-report --markdown "results/$label.md" --html "results/$label.html" \
      "results/$label.json"
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "results/$label.md" >>"$GITHUB_STEP_SUMMARY"; fi
  fi
}
