#!/usr/bin/env bash
# ctest guest.blockgen: bench/blockgen makes two small mainnet-shaped blocks (5 and 8 M gas) with
# `rivet node`; each must validate from its witness alone, with the validator guest under
# `rivet exec` agreeing with `rivet stateless` on the host (bench/stateless_guest), and the
# static-glibc guest under qemu-riscv64 giving the same 105 output bytes as rivet's emulator.
# Exit 77 (skipped) without npm packages, the riscv64 guests or qemu-riscv64.
#   check.sh BUILD_DIR
set -uo pipefail
build=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
zkvm=$build/riscv64/stateless.zkvm.elf
linux=$build/riscv64/stateless.linux.elf
[ -f "$zkvm" ] && [ -f "$linux" ] || { echo "SKIP: riscv64 guests not built"; exit 77; }
command -v qemu-riscv64 >/dev/null || { echo "SKIP: qemu-riscv64 not found"; exit 77; }
if [ ! -d "$root/tests/node/node_modules/ethers" ]; then
  (cd "$root/tests/node" && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
    { echo "SKIP: npm ci failed (offline?)"; exit 77; }
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
node "$root/bench/blockgen/blockgen.mjs" --rivet "$build/rivet" --out "$out" --sizes 5,8 \
  --senders 60 --accounts 400 >/dev/null || { echo "FAIL: blockgen"; exit 1; }
fail=0
python3 "$root/bench/stateless_guest" --build "$build" --network Osaka "$out"/mainnet-shaped-*.json ||
  fail=1
for f in "$out"/mainnet-shaped-*.json; do
  "$build/rivet" stateless --network Osaka --guest-input "$out/in.bin" "$f" >"$out/host.json"
  grep -q '"valid":true' "$out/host.json" || { echo "FAIL $(basename "$f"): host verdict"; fail=1; }
  "$build/rivet" exec --abi zkvm --input "$out/in.bin" "$zkvm" >"$out/rivet.out" 2>/dev/null
  qemu-riscv64 "$linux" <"$out/in.bin" >"$out/qemu.out" 2>/dev/null
  if cmp -s "$out/rivet.out" "$out/qemu.out" && [ "$(stat -c %s "$out/rivet.out")" = 105 ]; then
    echo "ok $(basename "$f"): rivet exec = qemu-riscv64 (105 bytes)"
  else
    echo "FAIL $(basename "$f"): rivet exec and qemu-riscv64 outputs differ"; fail=1
  fi
done
exit $fail
