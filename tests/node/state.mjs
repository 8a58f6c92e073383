// anvil's state dump format between rivet node and anvil, both ways: anvil_dumpState (gzip JSON,
// hex) / anvil_loadState, and the --dump-state / --load-state files; then anvil_reset on both.
// Starts its own rivet node and anvil (@foundry-rs/anvil from npm).
// usage: node state.mjs RIVET_BIN
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { ethers } from "ethers";
import { compile } from "./compile.mjs";

const RIVET = path.resolve(process.argv[2]);
const here = path.dirname(new URL(import.meta.url).pathname);
const ANVIL = path.join(here, "node_modules", ".bin", "anvil");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rivet-state-"));
const KEY0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const ADDR1 = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
let passed = 0, failed = 0;
const check = (name, cond, detail = "") => {
  if (cond) passed++;
  else { failed++; console.log(`FAIL ${name} ${detail}`); }
};
const procs = [];
// each node in its own process group: npm's anvil is a wrapper around the binary, so signals go
// to the group
const signal = (p, sig) => { try { process.kill(-p.pid, sig); } catch { /* gone */ } };
process.on("exit", () => { for (const p of procs) signal(p, "SIGKILL"); });

async function start(kind, args = []) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const p = kind === "anvil"
    ? spawn(ANVIL, ["--port", String(port), "--silent", ...args], { stdio: "ignore", detached: true })
    : spawn(RIVET, ["node", "--port", String(port), "-q", ...args], { stdio: "ignore", detached: true });
  procs.push(p);
  const url = `http://127.0.0.1:${port}`;
  const provider = new ethers.JsonRpcProvider(url, undefined, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 50 });
  for (let i = 0; ; i++) {
    try { await provider.send("eth_chainId", []); break; } catch (e) {
      if (i > 100) throw new Error(`${kind} did not start`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { kind, p, provider, raw: (m, a = []) => provider.send(m, a) };
}
async function stop(n) { // SIGTERM: both write their --dump-state file on the way out
  const done = new Promise((r) => n.p.on("exit", r));
  signal(n.p, "SIGTERM");
  await done;
}
const dump = async (n) => JSON.parse(zlib.gunzipSync(Buffer.from((await n.raw("anvil_dumpState")).slice(2), "hex")));
const gzHex = (o) => "0x" + zlib.gzipSync(JSON.stringify(o)).toString("hex");
const norm = (a) => a && JSON.stringify({ nonce: Number(a.nonce), balance: BigInt(a.balance).toString(),
  code: a.code.toLowerCase(), storage: Object.fromEntries(Object.entries(a.storage)
    .map(([k, v]) => [BigInt(k).toString(16), BigInt(v).toString(16)]).filter(([, v]) => v !== "0").sort()) });
// every account of `from` is in `to` with the same nonce, balance, code and storage
function sameAccounts(name, from, to) {
  const lower = Object.fromEntries(Object.entries(to.accounts).map(([k, v]) => [k.toLowerCase(), v]));
  const bad = Object.entries(from.accounts).filter(([k, v]) => norm(v) !== norm(lower[k.toLowerCase()]));
  check(name, bad.length === 0 && Object.keys(from.accounts).length > 10,
        bad.slice(0, 2).map(([k, v]) => `${k}: ${norm(v)} vs ${norm(lower[k.toLowerCase()])}`).join("; "));
}
async function account(n, a) {
  return norm({ nonce: await n.raw("eth_getTransactionCount", [a, "latest"]), balance: await n.raw("eth_getBalance", [a, "latest"]),
    code: await n.raw("eth_getCode", [a, "latest"]),
    storage: { "0x1": await n.raw("eth_getStorageAt", [a, "0x1", "latest"]) } });
}

const { abi, bytecode } = compile();
const rivet = await start("rivet", ["--dump-state", path.join(tmp, "rivet.json")]);
const anvil = await start("anvil", ["--dump-state", path.join(tmp, "anvil.json")]);

// the same history on both, then each one's dump holds what the other reports
for (const n of [rivet, anvil]) {
  const w = new ethers.Wallet(KEY0, n.provider);
  const c = await (await new ethers.ContractFactory(abi, bytecode, w).deploy()).waitForDeployment();
  await (await c.increment(7)).wait();
  await (await w.sendTransaction({ to: ADDR1, value: 12345n })).wait();
  n.counter = (await c.getAddress()).toLowerCase();
}
const [dr, da] = [await dump(rivet), await dump(anvil)];
check("same counter address", rivet.counter === anvil.counter);
check("dump: the counter (code, storage) alike", norm(dr.accounts[rivet.counter]) === norm(da.accounts[anvil.counter]),
      `${norm(dr.accounts[rivet.counter])} vs ${norm(da.accounts[anvil.counter])}`);
check("dump: the recipient alike", norm(dr.accounts[ADDR1]) === norm(da.accounts[ADDR1]));
check("dump: the block environment", BigInt(dr.block.gas_limit) === BigInt(da.block.gas_limit) &&
      dr.block.beneficiary === da.block.beneficiary && typeof dr.block.blob_excess_gas_and_price === "object");

// cross-loading by RPC: an account made on one node appears on the other
const X = "0x" + "a1".repeat(20), Y = "0x" + "b2".repeat(20);
for (const [n, a] of [[anvil, X], [rivet, Y]]) {
  await n.raw("anvil_setBalance", [a, "0x1234567"]);
  await n.raw("anvil_setNonce", [a, "0x5"]);
  await n.raw("anvil_setCode", [a, "0x602a60005260206000f3"]);
  await n.raw("anvil_setStorageAt", [a, "0x1", "0x" + "00".repeat(31) + "99"]);
}
const [ea, er] = [await dump(anvil), await dump(rivet)];
check("anvil_loadState: anvil's dump into rivet", (await rivet.raw("anvil_loadState", [gzHex(ea)])) === true);
check("anvil_loadState: rivet's dump into anvil", (await anvil.raw("anvil_loadState", [gzHex(er)])) === true);
check("X made on anvil, seen on rivet", (await account(rivet, X)) === (await account(anvil, X)), await account(rivet, X));
check("Y made on rivet, seen on anvil", (await account(anvil, Y)) === (await account(rivet, Y)), await account(anvil, Y));
sameAccounts("every account of anvil's dump is in rivet's after loading it", ea, await dump(rivet));
sameAccounts("every account of rivet's dump is in anvil's after loading it", er, await dump(anvil));
const plain = "0x" + Buffer.from(JSON.stringify({ accounts: { [X]: { nonce: 9, balance: "0x10", code: "0x", storage: {} } } })).toString("hex");
check("rivet loads an uncompressed dump", (await rivet.raw("anvil_loadState", [plain])) === true &&
      (await rivet.raw("eth_getTransactionCount", [X, "latest"])) === "0x9");

// --dump-state files (written on SIGTERM), each loaded by the other with --load-state
await stop(rivet);
await stop(anvil);
const fr = JSON.parse(fs.readFileSync(path.join(tmp, "rivet.json"))), fa = JSON.parse(fs.readFileSync(path.join(tmp, "anvil.json")));
const anvil2 = await start("anvil", ["--load-state", path.join(tmp, "rivet.json")]);
const rivet2 = await start("rivet", ["--load-state", path.join(tmp, "anvil.json")]);
sameAccounts("rivet --dump-state file, anvil --load-state", fr, await dump(anvil2));
sameAccounts("anvil --dump-state file, rivet --load-state", fa, await dump(rivet2));
check("Y from rivet's file on anvil", (await account(anvil2, Y)).includes('"nonce":5'));

// anvil_reset: back to genesis on both
for (const n of [anvil2, rivet2]) {
  await (await new ethers.Wallet(KEY0, n.provider).sendTransaction({ to: ADDR1, value: 1n })).wait();
  check(`${n.kind}: anvil_reset`, (await n.raw("anvil_reset", [])) === null);
  check(`${n.kind}: block 0 after reset`, (await n.provider.getBlockNumber()) === 0);
  check(`${n.kind}: genesis balance after reset`, (await n.provider.getBalance(ADDR1)) === ethers.parseEther("10000"));
  const w = new ethers.Wallet(KEY0, n.provider);
  check(`${n.kind}: nonce 0 after reset`, (await n.provider.getTransactionCount(w.address)) === 0);
  check(`${n.kind}: mines after reset`, (await (await w.sendTransaction({ to: ADDR1, value: 1n })).wait()).blockNumber === 1);
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
