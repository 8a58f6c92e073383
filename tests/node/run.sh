#!/usr/bin/env bash
# Runs the client suite (client.mjs: ethers v6 + viem; then http.mjs: CORS, the envelope, many
# connections and WebSocket notifications) against a fresh node it starts itself:
#   run.sh rivet RIVET_BIN   `rivet node`, then every block validated with `rivet stateless`
#   run.sh anvil RIVET_BIN   anvil from npm (@foundry-rs/anvil): proves the script is fair
#   run.sh rivet|anvil RIVET_BIN blob.mjs   another script against either node (blob.mjs: blob
#                            transactions with sidecars); NODE_ARGS: extra node options
#   run.sh persist RIVET_BIN kill -9 during a stream of transactions (persist.mjs)
#   run.sh demo RIVET_BIN GUEST_ELF   the demo (demo.mjs): both ERC20s, host and guest validation
#   run.sh state RIVET_BIN   anvil's state dumps between rivet node and anvil, anvil_reset (state.mjs)
#   run.sh riscv RIVET_BIN   RISC-V contracts through the RPC (riscv.mjs): the C ERC20 against
#                            OpenZeppelin's, every block validated with rivet stateless --hybrid
# Exit 77 (skipped) when npm packages cannot be installed or anvil cannot run here.
set -uo pipefail
kind=$1
rivet=$(realpath "$2")
cd "$(dirname "$0")"
if [ ! -d node_modules/ethers ] || [ ! -d node_modules/viem ] ||
   [ ! -d node_modules/kzg-wasm ]; then
  npm ci --no-audit --no-fund >/dev/null 2>&1 || { echo "SKIP: npm ci failed (offline?)"; exit 77; }
fi
[ "$kind" = persist ] && exec node persist.mjs "$rivet"
if [ "$kind" = demo ]; then # run.sh demo RIVET_BIN GUEST_ELF: the demo of scripts/run.sh
  exec node demo.mjs "$rivet" "${3:-}"
fi
if [ "$kind" = state ]; then # anvil's dump format both ways: needs anvil too
  node_modules/.bin/anvil --version >/dev/null 2>&1 || { echo "SKIP: the npm anvil binary does not run here"; exit 77; }
  exec node state.mjs "$rivet"
fi
port=$((20000 + RANDOM % 20000))
log=$(mktemp)
if [ "$kind" = anvil ]; then
  if ! node_modules/.bin/anvil --version >/dev/null 2>&1; then
    echo "SKIP: the npm anvil binary does not run on this machine"; exit 77
  fi
  node_modules/.bin/anvil --host 127.0.0.1 --port "$port" --silent --steps-tracing ${NODE_ARGS:-} >"$log" 2>&1 &
else
  "$rivet" node --host 127.0.0.1 --port "$port" -q ${NODE_ARGS:-} >"$log" 2>&1 &
fi
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do
  node -e 'fetch(process.argv[1], {method: "POST", headers: {"content-type": "application/json"},
    body: JSON.stringify({jsonrpc: "2.0", id: 1, method: "eth_chainId"})}).then(() => process.exit(0),
    () => process.exit(1))' "http://127.0.0.1:$port" && break
  sleep 0.1
done
if [ "$kind" = riscv ]; then
  RIVET="$rivet" node riscv.mjs "http://127.0.0.1:$port"
else
  script=${3:-client.mjs}
  RIVET="$rivet" node "$script" "http://127.0.0.1:$port" &&
    { [ "$script" != client.mjs ] || node http.mjs "http://127.0.0.1:$port"; }
fi
rc=$?
[ $rc -eq 0 ] || { echo "--- node log ---"; tail -20 "$log"; }
exit $rc
