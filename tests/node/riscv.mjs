// RISC-V contracts through the same RPC: ethers v6 and viem deploy the C ERC20
// (examples/contracts/erc20.c, built by `rivet build`: container + ABI JSON) and its twin,
// OpenZeppelin's ERC20 compiled by solc, on a rivet node; every step runs on both tokens and
// must give the same results (balances, events, allowance, decoded custom errors, views).
// Then every block is validated from its witness with `rivet stateless --hybrid`.
// usage: RIVET=path/to/rivet node riscv.mjs URL
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import { createPublicClient, http } from "viem";
import { foundry } from "viem/chains";

const URL_ = process.argv[2];
const RIVET = process.env.RIVET;
const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.join(here, "..", "..");
const KEY0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const KEY1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
let passed = 0, failed = 0;
const check = (name, cond, detail = "") => {
  if (cond) passed++;
  else { failed++; console.log(`FAIL ${name} ${detail}`); }
};

// the two tokens' code and ABI
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rivet-rv-"));
const built = JSON.parse(execFileSync(RIVET, ["build", "-o", tmp,
  path.join(root, "examples", "contracts", "erc20.c")]).toString());
const rv = { abi: JSON.parse(fs.readFileSync(built.abi)), bytecode: fs.readFileSync(built.container, "utf8").trim() };
const ethjs = path.join(root, "tests", "hybrid-twins", "ethjs");
if (!fs.existsSync(path.join(ethjs, "node_modules", "solc")))
  execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: ethjs, stdio: "ignore" });
const sol = JSON.parse(execFileSync("node", [path.join(ethjs, "solc.mjs"),
  path.join(root, "tests", "hybrid", "sol", "RivetToken.sol")]).toString()).RivetToken;
const evm = { abi: sol.abi, bytecode: sol.creation };

const provider = new ethers.JsonRpcProvider(URL_, undefined, { cacheTimeout: -1, pollingInterval: 50, staticNetwork: true });
const w0 = new ethers.Wallet(KEY0, provider), w1 = new ethers.Wallet(KEY1, provider);
const pub = createPublicClient({ chain: foundry, transport: http(URL_) });

async function scenario(kind, t) {
  const out = {};
  const f = new ethers.ContractFactory(t.abi, t.bytecode, w0);
  const c = await f.deploy(1000000n);
  await c.waitForDeployment();
  const addr = await c.getAddress();
  out.code = (await provider.getCode(addr)).slice(0, 6);
  out.supply = await c.totalSupply();
  let r = await (await c.transfer(w1.address, 1234n)).wait();
  out.transferEvent = r.logs.map((l) => c.interface.parseLog(l)).map((e) => [e.name, e.args.from, e.args.to, e.args.value]);
  out.b0 = await c.balanceOf(w0.address);
  out.b1 = await c.balanceOf(w1.address);
  await (await c.approve(w1.address, 500n)).wait();
  const c1 = c.connect(w1);
  r = await (await c1.transferFrom(w0.address, w1.address, 200n)).wait();
  out.allowanceLeft = await c.allowance(w0.address, w1.address);
  out.events = r.logs.length;
  try { await c1.transfer(w0.address, 10n ** 30n); out.error = "none"; }
  catch (e) {
    const parsed = c.interface.parseError(e.data ?? e.info?.error?.data ?? "0x");
    out.error = parsed ? `${parsed.name}(${parsed.args.join(",")})`.replace(w1.address, "W1") : e.shortMessage;
  }
  try { await c1.transferFrom(w0.address, w1.address, 1000n); out.error2 = "none"; }
  catch (e) {
    const parsed = c.interface.parseError(e.data ?? "0x");
    out.error2 = parsed ? parsed.name : e.shortMessage;
  }
  out.gasTransfer = await c.transfer.estimateGas(w1.address, 1n);
  out.name = await pub.readContract({ address: addr, abi: t.abi, functionName: "name" });
  out.symbol = await pub.readContract({ address: addr, abi: t.abi, functionName: "symbol" });
  out.decimals = await pub.readContract({ address: addr, abi: t.abi, functionName: "decimals" });
  const logs = await pub.getLogs({ address: addr, fromBlock: 0n });
  out.logCount = logs.length;
  console.log(`${kind}: deployed at ${addr} (${(await provider.getCode(addr)).length / 2 - 1} bytes), transfer estimate ${out.gasTransfer} gas`);
  return [out, c];
}

const [a, rvToken] = await scenario("RISC-V (C)", rv), [b, evmToken] = await scenario("EVM (Solidity, OpenZeppelin)", evm);
check("the RISC-V token is a container", a.code === "0xef52", a.code);
check("the EVM token is EVM code", b.code !== "0xef52");
for (const k of Object.keys(b)) {
  if (k === "code" || k === "gasTransfer") continue;
  const x = JSON.stringify(a[k], (_, v) => typeof v === "bigint" ? v.toString() : v);
  const y = JSON.stringify(b[k], (_, v) => typeof v === "bigint" ? v.toString() : v);
  check(`same ${k}`, x === y, `RISC-V ${x} vs EVM ${y}`);
}
check("balances add up", a.b0 + a.b1 === 1000000n && a.b1 === 1234n, `${a.b0} ${a.b1}`);
check("decoded custom error", a.error.startsWith("ERC20InsufficientBalance("), a.error);

// ---- traces of RISC-V frames: one struct log per ecall, against the EVM twin's opcodes -------
// The twins keep the same storage layout and emit the same events, so the EVM twin's trace says
// which slots a transfer reads and writes (with which values and EIP-2929/2200 costs) and which
// log it emits; the RISC-V token's ecalls must say the same.
const word = (v) => "0x" + BigInt(v).toString(16).padStart(64, "0");
const W2 = "0x" + "5e".repeat(20);
async function traced(c, fn, args) {
  const tx = await c[fn](...args, { gasLimit: 500000 });
  const rc = await tx.wait();
  const t = await provider.send("debug_traceTransaction", [tx.hash, {}]);
  return { tx, rc, t, L: t.structLogs };
}
const storageOps = (L, depth) => L.filter((l) => (l.op === "SSTORE" || l.op === "SLOAD") && l.depth === depth)
  .map((l) => { const k = word(l.stack[l.stack.length - 1]);
                return `${l.op} ${k}=${l.storage[k]} cost ${l.gasCost}`; });
const logOps = (L, depth) => L.filter((l) => /^LOG[0-4]$/.test(l.op) && l.depth === depth)
  .map((l) => `${l.op} ${l.stack.slice(-2 - Number(l.op[3]), -2).reverse().map(word).join(" ")}`);
await (async () => {
  const [x, y] = [await traced(rvToken, "transfer", [W2, 77n]), await traced(evmToken, "transfer", [W2, 77n])];
  const L = x.L;
  check("RISC-V transfer trace: top level", x.t.failed === false && x.t.gas === Number(x.rc.gasUsed) &&
        x.t.returnValue === word(1) && L.length > 5, JSON.stringify({ ...x.t, structLogs: L.length }));
  check("RISC-V struct logs: depth 1, RISC-V pcs, instruction counts",
        L.every((l) => l.depth === 1 && l.pc >= 0x10000 && Number.isInteger(l.insns) && Array.isArray(l.stack)) &&
        L.every((l, i) => i === 0 || l.insns >= L[i - 1].insns), JSON.stringify(L[0]));
  check("RISC-V struct logs: gas falls by at least each ecall's cost",
        L.every((l, i) => i === 0 || l.gas <= L[i - 1].gas - L[i - 1].gasCost));
  check("RISC-V struct logs: the frame ends with RETURN", L[L.length - 1].op === "RETURN");
  const [sx, sy] = [storageOps(L, 1), storageOps(y.L, 1)];
  check("RISC-V transfer: the EVM twin's SLOADs and SSTOREs (slots, values, gas)",
        sx.length >= 2 && JSON.stringify(sx.filter((o) => o.startsWith("SSTORE"))) ===
          JSON.stringify(sy.filter((o) => o.startsWith("SSTORE"))) &&
        JSON.stringify([...new Set(sx.filter((o) => o.startsWith("SLOAD")))].sort()) ===
          JSON.stringify([...new Set(sy.filter((o) => o.startsWith("SLOAD")))].sort()),
        `RISC-V ${JSON.stringify(sx)} vs EVM ${JSON.stringify(sy)}`);
  const [lx, ly] = [logOps(L, 1), logOps(y.L, 1)];
  check("RISC-V transfer: the EVM twin's LOG3 and topics", lx.length === 1 && JSON.stringify(lx) === JSON.stringify(ly) &&
        lx[0] === `LOG3 ${[rvToken.interface.getEvent("Transfer").topicHash, word(w0.address), word(W2)].join(" ")}`,
        `RISC-V ${JSON.stringify(lx)} vs EVM ${JSON.stringify(ly)}`);
  const cost = (L, op) => L.filter((l) => l.op === op).reduce((a, l) => a + l.gasCost, 0);
  check("RISC-V transfer: storage and log gas as the EVM twin's",
        ["SSTORE", "LOG3"].every((op) => cost(L, op) === cost(y.L, op)), `${cost(L, "SSTORE")} ${cost(y.L, "SSTORE")}`);
  const m = await provider.send("debug_traceTransaction", [x.tx.hash, { enableMemory: true, disableStack: true }]);
  check("RISC-V struct logs: options", m.structLogs.length === L.length &&
        m.structLogs.every((l) => !("stack" in l) && Array.isArray(l.memory) && l.memory.length === 0));
  const ct = await provider.send("debug_traceTransaction", [x.tx.hash, { tracer: "callTracer", tracerConfig: { withLog: true } }]);
  check("RISC-V callTracer: top frame and log", ct.type === "CALL" && ct.to === (await rvToken.getAddress()).toLowerCase() &&
        ct.output === word(1) && BigInt(ct.gasUsed) === x.rc.gasUsed && !ct.calls && ct.logs && ct.logs.length === 1 &&
        ct.logs[0].data === word(77) && ct.logs[0].topics[2] === word(W2), JSON.stringify(ct));
  // debug_traceCall at an older block: the balance before the transfer
  const data = rvToken.interface.encodeFunctionData("balanceOf", [W2]);
  const to = await rvToken.getAddress();
  const [before, now] = await Promise.all([x.rc.blockNumber - 1, x.rc.blockNumber].map((n) =>
    provider.send("debug_traceCall", [{ to, data }, ethers.toQuantity(n), {}])));
  check("RISC-V debug_traceCall at an older block", before.returnValue === word(0) && now.returnValue === word(77) &&
        now.structLogs.some((l) => l.op === "SLOAD" && Object.values(l.storage).includes(word(77))),
        `${before.returnValue} ${now.returnValue}`);
})();

// A RISC-V contract calling a Solidity contract that calls back (examples/contracts/callback.c and
// its EVM twin Caller, with Pinger, tests/hybrid/sol/Callback.sol): the call frames and the
// storage writes of both, frame by frame, against the twin's.
await (async () => {
  const cb = JSON.parse(execFileSync(RIVET, ["build", "-o", tmp, path.join(root, "examples", "contracts", "callback.c")]).toString());
  const sols = JSON.parse(execFileSync("node", [path.join(ethjs, "solc.mjs"), path.join(root, "tests", "hybrid", "sol", "Callback.sol")]).toString());
  const dep = async (abi, code) => (await new ethers.ContractFactory(abi, code, w0).deploy()).waitForDeployment();
  const pinger = await dep(sols.Pinger.abi, sols.Pinger.creation);
  const rvC = await dep(JSON.parse(fs.readFileSync(cb.abi)), fs.readFileSync(cb.container, "utf8").trim());
  const evC = await dep(sols.Caller.abi, sols.Caller.creation);
  const pa = (await pinger.getAddress()).toLowerCase();
  const run = async (c) => {
    const r = await traced(c, "start", [pa, 5n]);
    const ct = await provider.send("debug_traceTransaction", [r.tx.hash, { tracer: "callTracer", tracerConfig: { withLog: true } }]);
    return { ...r, ct, self: (await c.getAddress()).toLowerCase() };
  };
  const [x, y] = [await run(rvC), await run(evC)];
  // the frames without gas figures, the caller's address as SELF
  const shape = (f, self) => JSON.parse(JSON.stringify(f, (k, v) => k === "gas" || k === "gasUsed" ? undefined : v)
    .replaceAll(self.slice(2), "SELF"));
  const [fx, fy] = [shape(x.ct, x.self), shape(y.ct, y.self)];
  check("callTracer: RISC-V -> EVM -> RISC-V frames as the EVM twin's", JSON.stringify(fx) === JSON.stringify(fy) &&
        fx.calls?.[0]?.to === pa && fx.calls[0].calls?.[0]?.to === "0xSELF",
        `RISC-V ${JSON.stringify(fx)} vs EVM ${JSON.stringify(fy)}`);
  const g = x.ct.calls?.[0];
  check("callTracer: the RISC-V caller's child gas", g && BigInt(g.gasUsed) > 0n && BigInt(g.gasUsed) < BigInt(g.gas) &&
        BigInt(g.calls?.[0]?.gasUsed ?? 0) > 0n && BigInt(g.calls[0].gasUsed) < BigInt(g.calls[0].gas), JSON.stringify(g));
  const depths = [...new Set(x.L.map((l) => l.depth))].join();
  check("struct logs: RISC-V depth 1, EVM depth 2, RISC-V depth 3", depths === "1,2,3", depths);
  for (const d of [1, 3])
    check(`struct logs: storage at depth ${d} as the EVM twin's`,
          JSON.stringify(storageOps(x.L, d).filter((o) => o.startsWith("SSTORE"))) ===
          JSON.stringify(storageOps(y.L, d).filter((o) => o.startsWith("SSTORE"))),
          `${JSON.stringify(storageOps(x.L, d))} vs ${JSON.stringify(storageOps(y.L, d))}`);
  const ci = x.L.findIndex((l) => l.op === "CALL" && l.depth === 1), call = x.L[ci];
  const next = x.L.slice(ci + 1).find((l) => l.depth === 1), child = x.ct.calls?.[0];
  check("struct logs: the RISC-V CALL's gasCost holds its child's gas", call && next && child &&
        call.gasCost >= Number(child.gas) && call.gasCost - Number(child.gas) < 3000 &&
        next.gas <= call.gas - call.gasCost + Number(child.gas) - Number(child.gasUsed), JSON.stringify([call, next]));
})();

// rivet deploy: the C contract built and deployed by the CLI, and the Solidity twin from its
// creation code and ABI JSON, both with a constructor argument
{
  const dep = (args) => JSON.parse(execFileSync(RIVET, ["deploy", "--rpc", URL_, "--json", ...args]).toString());
  const n0 = await provider.getTransactionCount(w0.address, "pending");
  const d1 = dep([path.join(root, "examples", "contracts", "erc20.c"), "-o", path.join(tmp, "dep"), "--args", "777"]);
  fs.writeFileSync(path.join(tmp, "tok.hex"), evm.bytecode);
  fs.writeFileSync(path.join(tmp, "tok.abi.json"), JSON.stringify(evm.abi));
  const d2 = dep([path.join(tmp, "tok.hex"), "--args", "0x309"]);
  check("rivet deploy addresses", d1.address === ethers.getCreateAddress({ from: w0.address, nonce: n0 }).toLowerCase() &&
        d2.address === ethers.getCreateAddress({ from: w0.address, nonce: n0 + 1 }).toLowerCase(), JSON.stringify([d1, d2]));
  const t1 = new ethers.Contract(d1.address, rv.abi, provider), t2 = new ethers.Contract(d2.address, evm.abi, provider);
  check("rivet deploy: C ERC20 container", (await provider.getCode(d1.address)).startsWith("0xef52"));
  check("rivet deploy: constructor args", (await t1.totalSupply()) === 777n && (await t2.totalSupply()) === 777n &&
        (await t1.balanceOf(w0.address)) === 777n);
  const bad = spawnSync(RIVET, ["deploy", "--rpc", URL_, path.join(tmp, "tok.hex"), "--args", "1", "2"]);
  check("rivet deploy: wrong argument count is refused", bad.status === 1 && /takes 1 arguments, 2 given/.test(bad.stderr));
}

// every block validates from its witness alone, under the hybrid rules
const head = await provider.getBlockNumber();
let ok = 0, bad = 0;
for (let n = 1; n <= head; n++) {
  const tag = "0x" + n.toString(16);
  const [witness, blockRlp] = await Promise.all([provider.send("debug_executionWitness", [tag]),
                                                 provider.send("debug_getRawBlock", [tag])]);
  const f = path.join(tmp, `b${n}.json`);
  fs.writeFileSync(f, JSON.stringify({ blockRlp, witness, chainId: 31337 }));
  try { execFileSync(RIVET, ["stateless", "--hybrid", "--network", "Prague", f], { stdio: "pipe" }); ok++; }
  catch (e) { bad++; console.log(`FAIL block ${n}: ${e.stdout}`); }
}
console.log(`witnesses: ${ok} blocks valid, ${bad} failed`);
check("every block validates statelessly", bad === 0 && ok === head);
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
