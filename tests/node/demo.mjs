// The demo (scripts/run.sh): a rivet node with an EVM ERC20 (OpenZeppelin's, compiled by solc)
// and a RISC-V ERC20 (examples/contracts/erc20.c, built and deployed by `rivet deploy`),
// transfers between dev accounts on both, then every block validated from its execution
// witness alone: on the host (`rivet stateless --hybrid`) and as the riscv64 guest
// (guest/stateless, zkVM flavour, with the hybrid layer) on rivet's emulator (`rivet exec --abi zkvm`).
// usage: node demo.mjs RIVET_BIN [GUEST_ELF] [--transfers N] [--keep DIR]
//   --keep DIR: also write each block's {blockRlp, witness, chainId} there as block-N.json
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";

const RIVET = path.resolve(process.argv[2]);
const GUEST = process.argv[3] && !process.argv[3].startsWith("--") ? path.resolve(process.argv[3]) : null;
const ti = process.argv.indexOf("--transfers");
const NTRANSFERS = ti > 0 ? Number(process.argv[ti + 1]) : 4;
const ki = process.argv.indexOf("--keep");
const KEEP = ki > 0 ? path.resolve(process.argv[ki + 1]) : null;
const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.join(here, "..", "..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rivet-demo-"));
const port = 20000 + Math.floor(Math.random() * 20000);
const URL_ = `http://127.0.0.1:${port}`;
const say = (s) => console.log(s);

// ---- the node ------------------------------------------------------------------------------
const node = spawn(RIVET, ["node", "--port", String(port), "-q"], { stdio: ["ignore", "ignore", "inherit"] });
const stop = () => { try { node.kill("SIGTERM"); } catch { /* gone */ } };
process.on("exit", () => { stop(); fs.rmSync(tmp, { recursive: true, force: true }); });
const provider = new ethers.JsonRpcProvider(URL_, undefined, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 50 });
for (let i = 0; ; i++) {
  try { await provider.send("eth_chainId", []); break; } catch (e) {
    if (i > 100) throw new Error(`rivet node did not start on ${URL_}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
say(`== rivet node on ${URL_} (${await provider.send("web3_clientVersion", [])}, chain 31337, hybrid)`);

// ---- the two tokens ---------------------------------------------------------------------------
const deploy = (what, args) => JSON.parse(execFileSync(RIVET, ["deploy", "--rpc", URL_, "--json", ...what,
  "--args", ...args]).toString());
const rvBuild = path.join(tmp, "rv");
const rvd = deploy([path.join(root, "examples", "contracts", "erc20.c"), "-o", rvBuild], ["1000000"]);
say(`RISC-V ERC20 (examples/contracts/erc20.c, ${rvd.codeBytes} bytes of container + args): ` +
    `rivet deploy -> ${rvd.address}, ${Number(rvd.gasUsed)} gas`);
const ethjs = path.join(root, "tests", "hybrid-twins", "ethjs");
if (!fs.existsSync(path.join(ethjs, "node_modules", "solc")))
  execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: ethjs, stdio: "ignore" });
const sol = JSON.parse(execFileSync("node", [path.join(ethjs, "solc.mjs"),
  path.join(root, "tests", "hybrid", "sol", "RivetToken.sol")]).toString()).RivetToken;
fs.writeFileSync(path.join(tmp, "RivetToken.hex"), sol.creation + "\n");
fs.writeFileSync(path.join(tmp, "RivetToken.abi.json"), JSON.stringify(sol.abi));
const evd = deploy([path.join(tmp, "RivetToken.hex")], ["1000000"]);
say(`EVM ERC20 (OpenZeppelin ERC20, solc): rivet deploy -> ${evd.address}, ${Number(evd.gasUsed)} gas`);

// ---- transfers: account i sends to account i+1 on both tokens, round after round ------------
const accounts = await provider.send("eth_accounts", []);
const abi = JSON.parse(fs.readFileSync(path.join(rvBuild, "erc20.abi.json")));
const tokens = { "RISC-V": new ethers.Contract(rvd.address, abi, provider),
                 EVM: new ethers.Contract(evd.address, sol.abi, provider) };
const kindOf = new Map(); // block number -> what its transactions did
kindOf.set(Number(rvd.blockNumber), "deploy RISC-V ERC20");
kindOf.set(Number(evd.blockNumber), "deploy EVM ERC20");
for (let r = 0; r < NTRANSFERS; r++) {
  for (const [kind, t] of Object.entries(tokens)) {
    const from = accounts[r % 4], to = accounts[(r + 1) % 4];
    const signer = await provider.getSigner(from);
    const amount = 1000n * BigInt(NTRANSFERS - r);
    const rc = await (await t.connect(signer).transfer(to, amount)).wait();
    kindOf.set(rc.blockNumber, `${kind} transfer ${amount}`);
  }
}
const bal = async (t) => Promise.all(accounts.slice(0, 4).map((a) => t.balanceOf(a)));
const [rb, eb] = [await bal(tokens["RISC-V"]), await bal(tokens.EVM)];
say(`balances of accounts 0-3: RISC-V [${rb.join(", ")}], EVM [${eb.join(", ")}]` +
    (rb.join() === eb.join() ? " (the same)" : " (DIFFERENT)"));

// ---- every block from its witness alone ----------------------------------------------------
// the guest's input is what `rivet stateless --hybrid --network Prague --guest-input` writes:
// ["H", ["G", block RLP, ExtWitness RLP, chain id, "Prague"]] (docs/guest.md); checked here
const guestFrame = (gPath) => {
  const h = ethers.decodeRlp(fs.readFileSync(gPath));
  const g = h.length === 2 && ethers.toUtf8String(h[0]) === "H" ? ethers.decodeRlp(h[1]) : null;
  return g && ethers.toUtf8String(g[0]) === "G" && ethers.toUtf8String(g[4]) === "Prague";
};
if (KEEP) fs.mkdirSync(KEEP, { recursive: true });
if (!GUEST || !fs.existsSync(GUEST))
  say(`guest: ${GUEST || "stateless.zkvm.elf"} is absent: the riscv64 cross toolchain is missing ` +
      "(scripts/setup.sh installs gcc-riscv64-linux-gnu; then cmake --build build/release " +
      "--target riscv64_guests); guest column skipped");
const head = await provider.getBlockNumber();
const rows = [];
let hostOk = 0, guestOk = 0, guestRun = 0;
for (let n = 1; n <= head; n++) {
  const tag = "0x" + n.toString(16);
  const [witness, blockRlp] = await Promise.all([provider.send("debug_executionWitness", [tag]),
                                                 provider.send("debug_getRawBlock", [tag])]);
  const f = path.join(tmp, `b${n}.json`), g = path.join(tmp, `b${n}.g`);
  fs.writeFileSync(f, JSON.stringify({ blockRlp, witness, chainId: 31337 }));
  if (KEEP) fs.copyFileSync(f, path.join(KEEP, `block-${n}.json`));
  const h = spawnSync(RIVET, ["stateless", "--hybrid", "--network", "Prague", f, "--guest-input", g]);
  let host = {};
  try { host = JSON.parse(h.stdout.toString()); } catch { host = { valid: false, error: h.stderr.toString() }; }
  if (host.valid) hostOk++;
  const row = { n, what: kindOf.get(n) || "-", gas: host.gas_used ?? 0, host: host.valid ? "valid" : "INVALID",
                guest: "-", insns: null };
  row.riscv = row.what.includes("RISC-V");
  if (GUEST && fs.existsSync(GUEST) && fs.existsSync(g)) {
    if (!guestFrame(g)) throw new Error(`${g}: not ["H", ["G", ..., "Prague"]]`);
    const r = spawnSync(RIVET, ["exec", "--abi", "zkvm", "--stats", "--input", g, GUEST], { maxBuffer: 1 << 26 });
    const out = r.stdout, info = r.stderr.toString();
    const m = /instructions: (\d+)/.exec(info);
    guestRun++;
    const valid = r.status === 0 && out.length >= 105 && out[0] === 1;
    const same = valid && host.block_hash && ethers.hexlify(out.subarray(1, 33)) === host.block_hash &&
                 ethers.hexlify(out.subarray(33, 65)) === host.state_root &&
                 ethers.hexlify(out.subarray(65, 97)) === host.receipts_root &&
                 out.readBigUInt64LE(97) === BigInt(host.gas_used);
    if (valid && same) guestOk++;
    const why = (/error=([^\n]*)/.exec(info) || [])[1] || `exit ${r.status}`;
    row.guest = valid ? (same ? "valid" : "valid, roots differ") : `INVALID (${why.slice(0, 60)})`;
    row.insns = m ? Number(m[1]) : null;
  }
  rows.push(row);
}

// ---- the table ----------------------------------------------------------------------------
const pad = (s, n) => String(s).padEnd(n), lpad = (s, n) => String(s).padStart(n);
say("");
say(`${pad("block", 6)}${pad("transactions", 26)}${lpad("gas", 9)}  ${pad("host", 8)}${pad("guest", 12)}${lpad("guest insns", 13)}${lpad("insns/gas", 10)}`);
let gas = 0, insns = 0, gasG = 0;
const per = { "RISC-V": { insns: 0, gas: 0, n: 0 }, EVM: { insns: 0, gas: 0, n: 0 } };
for (const r of rows) {
  gas += r.gas;
  if (r.insns !== null) {
    insns += r.insns; gasG += r.gas;
    const k = per[r.riscv ? "RISC-V" : "EVM"];
    k.insns += r.insns; k.gas += r.gas; k.n++;
  }
  say(`${pad(r.n, 6)}${pad(r.what, 26)}${lpad(r.gas, 9)}  ${pad(r.host, 8)}${pad(r.guest, 12)}` +
      `${lpad(r.insns ?? "-", 13)}${lpad(r.insns !== null && r.gas ? (r.insns / r.gas).toFixed(1) : "-", 10)}`);
}
say(`${pad("all", 6)}${pad(`${head} blocks`, 26)}${lpad(gas, 9)}  ${pad(`${hostOk}/${head}`, 8)}` +
    `${pad(guestRun ? `${guestOk}/${guestRun}` : "-", 12)}${lpad(guestRun ? insns : "-", 13)}` +
    `${lpad(guestRun && gasG ? (insns / gasG).toFixed(1) : "-", 10)}`);
for (const [k, v] of Object.entries(per))
  if (v.n) say(`guest instructions per gas on the ${v.n} ${k}-token blocks: ${(v.insns / v.gas).toFixed(2)} ` +
               `(${v.insns} instructions, ${v.gas} gas)`);
stop();
const haveGuest = GUEST && fs.existsSync(GUEST);
const ok = hostOk === head && (!haveGuest || (guestRun === head && guestOk === head)) && rb.join() === eb.join();
say(ok ? "demo: every block validated from its witness alone" : "demo: FAILED (see the table)");
process.exit(ok ? 0 : 1);
