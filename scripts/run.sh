#!/usr/bin/env bash
# The main job: set-up, build, then the demo (tests/node/demo.mjs): `rivet node` with an EVM
# ERC20 (OpenZeppelin, solc) and a RISC-V ERC20 (examples/contracts/erc20.c, `rivet deploy`),
# transfers on both, every block validated from its witness alone on the host and as the riscv64
# guest on rivet's emulator, and a table. Then, when the fixtures are present, the stateless
# validation of the real Hoodi block from its geth witness; with --fixtures, every fixture suite.
#   scripts/run.sh [--fixtures] [--transfers N]
set -euo pipefail
cd "$(dirname "$0")/.."
suites=0
demo_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --fixtures) suites=1 ;;
    --transfers) demo_args+=(--transfers "$2"); shift ;;
    *) echo "usage: scripts/run.sh [--fixtures] [--transfers N]" >&2; exit 2 ;;
  esac
  shift
done
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
R=build/release/rivet
GUEST=build/release/riscv64/stateless.zkvm.elf

echo "== the demo: rivet node, an EVM and a RISC-V ERC20, every block validated statelessly"
if ! command -v node >/dev/null 2>&1; then
  echo "run.sh: node (nodejs) is missing: scripts/setup.sh installs npm and nodejs" >&2; exit 1
fi
if [ ! -d tests/node/node_modules/ethers ]; then
  (cd tests/node && npm ci --no-audit --no-fund >/dev/null) ||
    { echo "run.sh: npm ci in tests/node failed (offline?)" >&2; exit 1; }
fi
[ -f "$GUEST" ] || echo "run.sh: $GUEST is absent (no riscv64-linux-gnu-gcc?): the demo validates on the host only" >&2
node tests/node/demo.mjs "$R" "$GUEST" "${demo_args[@]}"

FIX=${RIVET_FIXTURES:-../shared/fixtures}
if [ ! -d "$FIX" ]; then
  echo "fixtures folder $FIX is absent: the Hoodi block and the fixture suites are skipped (set RIVET_FIXTURES)" >&2
  exit 0
fi
H="$FIX/stateless/geth-keeper-hoodi-1151683"
echo "== stateless validation of Hoodi block 1151683 (block.rlp + witness.rlp)"
$R stateless "$H/block.rlp" "$H/witness.rlp"
echo "== the same from block_and_witness.json"
$R stateless "$H/block_and_witness.json"
if [ $suites -eq 0 ]; then
  echo "== fixture suites: skipped (slow; scripts/run.sh --fixtures runs them)"
  exit 0
fi
echo "== fixture suites"
$R fixtures "$FIX/ethereum-tests/legacy/RLPTests" "$FIX/ethereum-tests/legacy/TrieTests" \
  "$FIX/ethereum-tests/legacy/TransactionTests" "$FIX/precompiles/geth" \
  "$FIX/ethereum-tests/eest/state_tests" "$FIX/evm-benchmarks/benchmarks" \
  "$FIX/ethereum-tests/eest/blockchain_tests" "$FIX/ethereum-tests/legacy/BlockchainTests" \
  "$FIX/stateless/eest-zkevm-v0.3.3-amsterdam"
