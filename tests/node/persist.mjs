// Persistence under kill -9: a stream of signed transfers (8 in flight) goes to `rivet node
// --data-dir`; after 200 acknowledgements the node is killed with SIGKILL mid-stream and
// restarted on the same directory. Every transaction whose hash came back (automine: mined and
// journaled before the reply) must have its receipt, the parent-hash chain must be intact, and
// every block's witness must validate statelessly. The restart must load the state from the
// store (the node says "state loaded": no block executed; it checked the state root against the
// head's), and that state must be what the blocks say: the recipient's balance is its genesis
// balance plus the values of the mined transfers, the sender's nonce their count.
// usage: node persist.mjs RIVET_BIN
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";

const rivet = process.argv[2];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rivet-persist-"));
const port = 20000 + Math.floor(Math.random() * 20000);
const url = `http://127.0.0.1:${port}`;
let failed = 0;
const check = (name, ok, detail = "") => { if (!ok) { failed++; console.log(`FAIL ${name} ${detail}`); } };

let log = "";
function start() {
  const p = spawn(rivet, ["node", "--port", String(port), "--data-dir", dir, "-q"], { stdio: ["ignore", "ignore", "pipe"] });
  p.stderr.on("data", (d) => { log += d; process.stderr.write(d); });
  return p;
}
async function rpc(method, params = []) {
  const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" },
                               body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const j = await r.json();
  if (j.error) throw new Error(`${method}: ${j.error.message}`);
  return j.result;
}
async function ready() {
  for (let i = 0; i < 100; i++) {
    try { await rpc("eth_chainId"); return; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  throw new Error("node did not start");
}

let node = start();
await ready();
const w = new ethers.Wallet("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
const to = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const acked = [];
let nonce = 0, killed = false;
const sign = (n) => w.signTransaction({ to, value: 1000 + n, nonce: n, gasLimit: 21000, chainId: 31337,
  type: 2, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 10n ** 9n });
async function worker() {
  while (!killed) {
    const n = nonce++;
    const raw = await sign(n);
    try {
      const h = await rpc("eth_sendRawTransaction", [raw]);
      if (!killed) acked.push(h);
      if (acked.length === 200 && !killed) { killed = true; node.kill("SIGKILL"); }
    } catch (e) { if (!killed) console.log(`send failed before the kill: ${e.message}`); return; }
  }
}
// 8 in flight: out-of-order arrivals are queued by nonce and mined as the gaps fill
await Promise.all(Array.from({ length: 8 }, worker));
if (!killed) { check("stream reached 200 acknowledgements", false, `${acked.length}`); node.kill("SIGKILL"); }
if (node.exitCode === null && node.signalCode === null) await new Promise((r) => node.once("exit", r));
console.log(`killed with SIGKILL after ${acked.length} acknowledged transactions (${nonce} sent)`);

log = "";
node = start();
await ready();
check("the restart loaded the stored state", log.includes("(state loaded)"), log.trim());
let missing = 0;
for (const h of acked) {
  const rc = await rpc("eth_getTransactionReceipt", [h]);
  if (!rc || rc.status !== "0x1") missing++;
}
check("every acknowledged tx survived", missing === 0, `${missing} missing`);
const head = parseInt(await rpc("eth_blockNumber"), 16);
let prev = await rpc("eth_getBlockByNumber", ["0x0", false]), broken = 0, invalid = 0;
let sum = 0n, count = 0;
for (let n = 1; n <= head; n++) {
  const b = await rpc("eth_getBlockByNumber", ["0x" + n.toString(16), true]);
  for (const t of b.transactions)
    if (t.to && t.to.toLowerCase() === to.toLowerCase()) { sum += BigInt(t.value); count++; }
  if (b.parentHash !== prev.hash) broken++;
  if (n % 10 === 0 || n === head) {
    const v = await rpc("rivet_checkWitness", ["0x" + n.toString(16)]);
    if (!v.valid) invalid++;
  }
  prev = b;
}
check("parent-hash chain intact", broken === 0, `${broken} broken links`);
check("witnesses validate", invalid === 0, `${invalid} invalid`);
const bal = BigInt(await rpc("eth_getBalance", [to, "latest"]));
check("recipient balance = genesis + mined values", bal === 10n ** 22n + sum, `${bal} vs ${10n ** 22n + sum}`);
const sent = parseInt(await rpc("eth_getTransactionCount", [w.address, "latest"]), 16);
check("sender nonce = mined transfers", sent === count, `${sent} vs ${count}`);
console.log(`after restart: head ${head}, ${acked.length} acknowledged receipts checked, chain intact`);
node.kill("SIGTERM");
await new Promise((r) => node.once("exit", r));
fs.rmSync(dir, { recursive: true, force: true });
console.log(failed ? "persistence: FAILED" : "persistence: ok");
process.exit(failed ? 1 : 0);
