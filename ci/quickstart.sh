#!/usr/bin/env bash
# The README's first command: install what is missing (apt, via sudo when
# not root), bootstrap, configure, build, and run the conformance job (the
# result table on stdout; results/conformance.{json,xml} and the HTML/Markdown
# report in results/).  Run from the top of a clone.  Then `make check`.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$*"; }

step "installing dependencies (ci/install-deps.sh)"
bash ci/install-deps.sh

step "bootstrapping (autoreconf -fi)"
autoreconf -fi

step "configuring"
./configure ${DLLSHM_CONFIGURE_FLAGS:-}

step "building"
make -j"$(nproc 2>/dev/null || echo 2)"

step "conformance run (make conform)"
make conform
