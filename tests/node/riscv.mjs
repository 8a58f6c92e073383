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
  return out;
}

const a = await scenario("RISC-V (C)", rv), b = await scenario("EVM (Solidity, OpenZeppelin)", evm);
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
