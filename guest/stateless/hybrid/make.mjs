// Makes the hybrid blocks of guest.hybrid that are not the demo's (those come from
// `tests/node/demo.mjs --keep DIR`): on a fresh `rivet node`, the RISC-V contracts of the hybrid
// state tests (tests/hybrid/*.json: their containers, deployed by create transactions) are
// called so that a RISC-V frame faults, reverts, runs out of gas, hits the memory limit and
// creates contracts; each call is mined in its own block, written as NAME.json
// ({blockRlp, witness, chainId}, as the demo keeps them). Plain JSON-RPC (fetch), dev account 0.
//   node make.mjs RIVET OUTDIR
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const [RIVET, OUT] = process.argv.slice(2).map((p) => path.resolve(p));
const here = path.dirname(new URL(import.meta.url).pathname);
const tests = path.join(here, "..", "..", "..", "tests", "hybrid");
const port = 20000 + Math.floor(Math.random() * 20000);
const URL_ = `http://127.0.0.1:${port}`;
const node = spawn(RIVET, ["node", "--port", String(port), "-q"], { stdio: "ignore" });
process.on("exit", () => node.kill("SIGTERM"));

let id = 0;
async function rpc(method, params = []) {
  const r = await fetch(URL_, { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }) });
  const j = await r.json();
  if (j.error) throw new Error(`${method}: ${j.error.message}`);
  return j.result;
}
for (let i = 0; ; i++) {
  try { await rpc("eth_chainId"); break; } catch (e) {
    if (i > 100) throw e;
    await new Promise((r) => setTimeout(r, 100));
  }
}
const [from] = await rpc("eth_accounts");
const send = async (tx) => {
  const h = await rpc("eth_sendTransaction", [{ from, gas: "0x989680", ...tx }]);
  return rpc("eth_getTransactionReceipt", [h]);
};
// the container of the test's contract at address `at`
const container = (test, at) => Object.values(JSON.parse(fs.readFileSync(path.join(tests, `${test}.json`))))[0]
  .pre[at].code;
const txOf = (test) => Object.values(JSON.parse(fs.readFileSync(path.join(tests, `${test}.json`))))[0].transaction;

// name: [test, contract address in its pre-state, call data index, call gas]
const calls = {
  "rv-fault-call": ["fault", "0x0000000000000000000000000000000000c0de07", null, "0x989680"],
  "rv-revert-call": ["revert", "0x0000000000000000000000000000000000c0de05", 0, "0x989680"],
  "rv-loop-out-of-gas": ["loop_out_of_gas", "0x0000000000000000000000000000000000c0de06", null, "0x30000"],
  "rv-memory-limit-fault": ["memory_limit", "0x0000000000000000000000000000000000c0de0e", 1, "0x989680"],
  "rv-memory-1mib": ["memory_limit", "0x0000000000000000000000000000000000c0de0e", 3, "0x989680"],
  "rv-create-create2": ["create", "0x0000000000000000000000000000000000c0de0d", 0, "0x989680"],
};
fs.mkdirSync(OUT, { recursive: true });
for (const [name, [test, at, di, gas]] of Object.entries(calls)) {
  const d = await send({ data: container(test, at) });
  if (d.status !== "0x1" || !d.contractAddress) throw new Error(`${name}: deploy failed`);
  const data = di === null ? "0x" : txOf(test).data[di];
  const r = await send({ to: d.contractAddress, data, gas });
  const tag = r.blockNumber;
  const [witness, blockRlp] = await Promise.all([rpc("debug_executionWitness", [tag]),
                                                 rpc("debug_getRawBlock", [tag])]);
  fs.writeFileSync(path.join(OUT, `${name}.json`), JSON.stringify({ blockRlp, witness, chainId: 31337 }));
  console.log(`${name}: block ${Number(tag)}, status ${r.status}, ${Number(r.gasUsed)} gas`);
}
process.exit(0);
