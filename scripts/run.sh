#!/usr/bin/env bash
# The main job on built-in default data: set-up, build, then stateless validation of the real
# Hoodi block from its geth witness (RLP and JSON forms), then every fixture suite present.
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
R=build/release/rivet
H="$FIX/stateless/geth-keeper-hoodi-1151683"
echo "== stateless validation of Hoodi block 1151683 (block.rlp + witness.rlp)"
$R stateless "$H/block.rlp" "$H/witness.rlp"
echo "== the same from block_and_witness.json"
$R stateless "$H/block_and_witness.json"
echo "== fixture suites"
$R fixtures "$FIX/ethereum-tests/legacy/RLPTests" "$FIX/ethereum-tests/legacy/TrieTests" \
  "$FIX/ethereum-tests/legacy/TransactionTests" "$FIX/precompiles/geth" \
  "$FIX/ethereum-tests/eest/state_tests" "$FIX/evm-benchmarks/benchmarks" \
  "$FIX/ethereum-tests/eest/blockchain_tests" "$FIX/ethereum-tests/legacy/BlockchainTests" \
  "$FIX/stateless/eest-zkevm-v0.3.3-amsterdam"
