#!/usr/bin/env bash
# The whole test suite: set-up, optimised build, every unit test and fixture suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release -j2
