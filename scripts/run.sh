#!/usr/bin/env bash
# The main job on built-in default data: set-up, build, then run the fixture suites present.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
FIX=${RIVET_FIXTURES:-../shared/fixtures}
if [ ! -d "$FIX" ]; then
  echo "fixtures folder $FIX is absent: nothing to run (set RIVET_FIXTURES)" >&2
  exit 1
fi
build/release/rivet fixtures "$FIX/ethereum-tests/legacy/RLPTests" \
  "$FIX/ethereum-tests/legacy/TrieTests" "$FIX/ethereum-tests/legacy/TransactionTests" \
  "$FIX/precompiles/geth"
