#!/usr/bin/env bash
# The whole test suite: set-up, optimised build, every unit test and fixture suite, slow ones
# included (a developer's quick run: `ctest --preset release -LE slow -j2`, under 3 minutes).
# RIVET_WERROR=ON (CI) makes warnings errors.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release ${RIVET_WERROR:+-DRIVET_WERROR=$RIVET_WERROR} >/dev/null
cmake --build --preset release
ctest --preset release -j2
