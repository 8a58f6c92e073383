// The client suite: ethers v6 and viem against a node at URL (rivet node or anvil, the same
// script for both). Deploys a solc-compiled contract, calls, transfers, reads logs, decodes
// reverts (reason strings and custom errors), uses filters and the dev methods.
// With RIVET=path/to/rivet and a rivet node, every block is then validated statelessly:
// debug_executionWitness + debug_getRawBlock -> `rivet stateless --network Prague`.
// usage: node client.mjs URL
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import { createPublicClient, createWalletClient, http, webSocket, parseEther, getContract,
         BaseError, ContractFunctionRevertedError } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { compile } from "./compile.mjs";

const URL_ = process.argv[2] || "http://127.0.0.1:8545";
const KEY0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const KEY1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const ADDR1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
let passed = 0, failed = 0;
const tainted = new Set(); // blocks whose pre-state a dev edit changed (not the parent's root)

function check(name, cond, detail = "") {
  if (cond) passed++;
  else { failed++; console.log(`FAIL ${name} ${detail}`); }
}
async function step(name, fn) {
  try { await fn(); } catch (e) { failed++; console.log(`FAIL ${name}: ${e.shortMessage || e.message}`); }
}
async function rejects(p) {
  try { await p; } catch (e) { return e; }
  return null;
}

const provider = new ethers.JsonRpcProvider(URL_, undefined,
  { cacheTimeout: -1, pollingInterval: 50, staticNetwork: true, batchMaxCount: 3 });
const raw = (m, p = []) => provider.send(m, p);
async function edit(m, p) {
  const head = await provider.getBlockNumber();
  tainted.add(head + 1);
  return raw(m, p);
}

const { abi, bytecode } = compile();
const version = await raw("web3_clientVersion");
const isRivet = version.startsWith("rivet");
console.log(`client suite against ${version} at ${URL_}`);

// ---- ethers v6 ----------------------------------------------------------------------------
const w0 = new ethers.Wallet(KEY0, provider);
let counter;
await step("ethers deploy", async () => {
  check("chain id", (await provider.getNetwork()).chainId === 31337n);
  const accounts = await raw("eth_accounts");
  check("10 dev accounts", accounts.length === 10 && accounts[1].toLowerCase() === ADDR1.toLowerCase());
  check("balance 10000 ETH", (await provider.getBalance(ADDR1)) >= ethers.parseEther("9999"));
  const f = new ethers.ContractFactory(abi, bytecode, w0);
  counter = await f.deploy();
  await counter.waitForDeployment();
  check("code deployed", (await provider.getCode(await counter.getAddress())).length > 100);
});
await step("ethers call/send/logs", async () => {
  const tx = await counter.increment(5);
  const rc = await tx.wait();
  check("receipt status", rc.status === 1);
  check("count 5", (await counter.count()) === 5n);
  const ev = rc.logs.map((l) => counter.interface.parseLog(l)).find((x) => x && x.name === "Incremented");
  check("event in receipt", ev && ev.args.value === 5n);
  const logs = await counter.queryFilter(counter.filters.Incremented());
  check("queryFilter", logs.length === 1 && logs[0].args.value === 5n);
  const [num, , chain] = await counter.blockInfo();
  check("blockInfo", chain === 31337n && num === BigInt(await provider.getBlockNumber()) + 1n ||
        num === BigInt(await provider.getBlockNumber()), `${num}`);
});
await step("ethers reverts", async () => {
  const e1 = await rejects(counter.increment(0));
  check("revert reason", e1 && e1.reason === "by must be positive", e1 && e1.message);
  const e2 = await rejects(counter.increment(101));
  const ce = e2 && e2.data ? counter.interface.parseError(e2.data) : null;
  check("custom error", ce && ce.name === "TooBig" && ce.args[0] === 101n, e2 && e2.message);
  const e3 = await rejects(counter.increment.staticCall(0));
  check("staticCall revert data", e3 && e3.data && e3.data.startsWith("0x08c379a0"));
  // a reverting tx sent raw is mined with status 0
  const n = await provider.getTransactionCount(w0.address, "pending");
  const fee = await provider.getFeeData();
  const signed = await w0.signTransaction({ to: await counter.getAddress(), nonce: n, gasLimit: 100000,
    data: counter.interface.encodeFunctionData("increment", [0]), chainId: 31337,
    maxFeePerGas: fee.maxFeePerGas, maxPriorityFeePerGas: fee.maxPriorityFeePerGas, type: 2 });
  const h = await raw("eth_sendRawTransaction", [signed]);
  const rc = await provider.waitForTransaction(h);
  check("mined reverted tx status 0", rc && rc.status === 0);
  const e4 = await rejects(raw("eth_sendRawTransaction", [signed]));
  check("resend refused", !!e4);
});
await step("ethers transfer", async () => {
  const before = await provider.getBalance(ADDR1);
  const tx = await w0.sendTransaction({ to: ADDR1, value: ethers.parseEther("1.5") });
  await tx.wait();
  check("transfer arrived", (await provider.getBalance(ADDR1)) - before === ethers.parseEther("1.5"));
  const t = await provider.getTransaction(tx.hash);
  check("getTransaction", t && t.from === w0.address && t.value === ethers.parseEther("1.5"));
  const b = await provider.getBlock(t.blockNumber, true);
  check("block has tx", b && b.transactions.includes(tx.hash) && b.baseFeePerGas > 0n);
  // a stale nonce
  const e = await rejects(raw("eth_sendRawTransaction", [await w0.signTransaction({ to: ADDR1,
    value: 1, nonce: 0, gasLimit: 21000, chainId: 31337, maxFeePerGas: 10n ** 10n,
    maxPriorityFeePerGas: 1, type: 2 })]));
  check("nonce too low", e && /nonce too low/i.test(e.message), e && e.message);
});
await step("filters", async () => {
  const addr = await counter.getAddress();
  const topic = counter.interface.getEvent("Incremented").topicHash;
  const lf = await raw("eth_newFilter", [{ address: addr, topics: [topic] }]);
  const bf = await raw("eth_newBlockFilter");
  await (await counter.increment(2)).wait();
  await (await counter.increment(3)).wait();
  const logs = await raw("eth_getFilterChanges", [lf]);
  check("log filter saw 2", logs.length === 2, `${logs.length}`);
  const blocks = await raw("eth_getFilterChanges", [bf]);
  check("block filter saw 2", blocks.length === 2, `${blocks.length}`);
  check("second poll empty", (await raw("eth_getFilterChanges", [lf])).length === 0);
  check("uninstall", (await raw("eth_uninstallFilter", [lf])) === true);
  const all = await raw("eth_getLogs", [{ address: addr, fromBlock: "0x0", toBlock: "latest" }]);
  check("getLogs", all.length === 3, `${all.length}`);
});

// ---- eth_getProof at an older block: the proofs walked here (keccak + RLP) to that block's root
function mptGet(root, key, proof) { // the value at key (bytes) under root, or null when proven absent
  const nibbles = [...ethers.getBytes(ethers.keccak256(key))].flatMap((b) => [b >> 4, b & 15]);
  let want = root, at = 0;
  for (const hex of proof) {
    if (ethers.keccak256(hex) !== want) throw new Error("proof node hash mismatch");
    const node = ethers.decodeRlp(hex);
    if (node.length === 17) {
      if (at === nibbles.length) return node[16];
      const next = node[nibbles[at++]];
      if (next === "0x") return null;
      want = next;
    } else {
      const path = [...ethers.getBytes(node[0])].flatMap((b) => [b >> 4, b & 15]);
      const odd = path[0] & 1, leaf = path[0] >= 2;
      const rest = path.slice(odd ? 1 : 2);
      if (rest.join() !== nibbles.slice(at, at + rest.length).join()) return null;
      at += rest.length;
      if (leaf) return node[1];
      want = node[1];
    }
  }
  throw new Error("proof ends early");
}
await step("eth_getProof at an older block", async () => {
  const old = await provider.getBlockNumber();
  const addr = await counter.getAddress();
  const before = await counter.count();
  await (await w0.sendTransaction({ to: ADDR1, value: 1 })).wait(); // a newer block changes the sender
  const b = await provider.getBlock(old);
  const p = await raw("eth_getProof", [addr, [ethers.zeroPadValue("0x00", 32)], ethers.toQuantity(old)]);
  const acct = ethers.decodeRlp(mptGet(b.stateRoot, addr, p.accountProof));
  check("account proof at the old root", BigInt(acct[0] === "0x" ? 0 : acct[0]) === BigInt(p.nonce) &&
        acct[2] === p.storageHash && acct[3] === p.codeHash);
  const v = mptGet(p.storageHash, ethers.zeroPadValue("0x00", 32), p.storageProof[0].proof);
  check("storage proof: the old count", BigInt(ethers.decodeRlp(v)) === before && BigInt(p.storageProof[0].value) === before,
        `${v} ${before}`);
  const q = await raw("eth_getProof", [w0.address, [], ethers.toQuantity(old)]);
  const qa = ethers.decodeRlp(mptGet(b.stateRoot, w0.address, q.accountProof));
  check("sender's old nonce and balance", BigInt(qa[0]) === BigInt(q.nonce) && BigInt(qa[1]) === BigInt(q.balance) &&
        BigInt(q.balance) === await provider.getBalance(w0.address, old) &&
        Number(q.nonce) === (await provider.getTransactionCount(w0.address, "latest")) - 1);
});

// ---- dev methods -------------------------------------------------------------------------------
await step("snapshot/revert and state edits", async () => {
  const addr = await counter.getAddress();
  const snap = await raw("evm_snapshot");
  await edit("anvil_setBalance", [ADDR1, "0x1234"]);
  check("setBalance", (await provider.getBalance(ADDR1)) === 0x1234n);
  await edit("hardhat_setBalance", [ADDR1, "0x5678"]);
  check("hardhat_setBalance", (await provider.getBalance(ADDR1)) === 0x5678n);
  await edit("anvil_setStorageAt", [addr, "0x0", "0x" + "00".repeat(31) + "2a"]);
  check("setStorageAt", (await counter.count()) === 42n);
  await edit("anvil_setNonce", [ADDR1, "0x10"]);
  check("setNonce", (await provider.getTransactionCount(ADDR1)) === 16);
  const other = ethers.Wallet.createRandom().address;
  await edit("anvil_setCode", [other, await provider.getCode(addr)]);
  check("setCode", (await provider.getCode(other)) === (await provider.getCode(addr)));
  check("revert", (await raw("evm_revert", [snap])) === true);
  check("balance restored", (await provider.getBalance(ADDR1)) > 0x5678n);
  check("count restored", (await counter.count()) === 10n);
  check("nonce restored", (await provider.getTransactionCount(ADDR1)) === 0);
});
await step("mining and time", async () => {
  const n0 = await provider.getBlockNumber();
  await raw("anvil_mine", ["0x5"]);
  check("anvil_mine 5", (await provider.getBlockNumber()) === n0 + 5);
  await raw("hardhat_mine", ["0x2"]);
  check("hardhat_mine 2", (await provider.getBlockNumber()) === n0 + 7);
  const t0 = (await provider.getBlock("latest")).timestamp;
  await raw("evm_increaseTime", [3600]);
  await raw("evm_mine");
  check("increaseTime", (await provider.getBlock("latest")).timestamp >= t0 + 3600);
  const t1 = (await provider.getBlock("latest")).timestamp + 100;
  await raw("evm_setNextBlockTimestamp", [t1]);
  await raw("evm_mine");
  check("setNextBlockTimestamp", (await provider.getBlock("latest")).timestamp === t1);
  // manual mining, queued future nonces, replacement by fee
  await raw("evm_setAutomine", [false]);
  check("getAutomine false", (await raw("anvil_getAutomine")) === false);
  const n = await provider.getTransactionCount(w0.address);
  const base = { to: ADDR1, gasLimit: 21000, chainId: 31337, type: 2, maxPriorityFeePerGas: 10n ** 9n };
  const later = await w0.signTransaction({ ...base, nonce: n + 1, value: 7, maxFeePerGas: 10n ** 10n });
  const low = await w0.signTransaction({ ...base, nonce: n, value: 1, maxFeePerGas: 10n ** 10n });
  const high = await w0.signTransaction({ ...base, nonce: n, value: 2, maxFeePerGas: 2n * 10n ** 10n,
                                          maxPriorityFeePerGas: 2n * 10n ** 9n });
  const hLater = await raw("eth_sendRawTransaction", [later]);
  const hLow = await raw("eth_sendRawTransaction", [low]);
  check("pending receipt null", (await raw("eth_getTransactionReceipt", [hLow])) === null);
  const hHigh = await raw("eth_sendRawTransaction", [high]);
  const st = await raw("txpool_status");
  check("txpool 2 pending", Number(st.pending) === 2, JSON.stringify(st));
  await raw("evm_mine");
  const rHigh = await raw("eth_getTransactionReceipt", [hHigh]);
  const rLater = await raw("eth_getTransactionReceipt", [hLater]);
  check("replacement mined", rHigh && rHigh.status === "0x1");
  check("replaced dropped", (await raw("eth_getTransactionReceipt", [hLow])) === null);
  check("queued nonce mined", rLater && rLater.status === "0x1");
  await raw("evm_setAutomine", [true]);
});
await step("impersonation", async () => {
  const who = "0x" + "ab".repeat(20);
  await edit("anvil_setBalance", [who, "0xde0b6b3a7640000"]);
  await raw("anvil_impersonateAccount", [who]);
  const h = await raw("eth_sendTransaction", [{ from: who, to: ADDR1, value: "0x1" }]);
  const rc = await provider.waitForTransaction(h);
  check("impersonated tx", rc && rc.status === 1 && rc.from.toLowerCase() === who);
  if (rc) tainted.add(rc.blockNumber); // its sender is given, not recovered from a signature
  await raw("anvil_stopImpersonatingAccount", [who]);
  const e = await rejects(raw("eth_sendTransaction", [{ from: who, to: ADDR1, value: "0x1" }]));
  check("impersonation stopped", !!e);
  const h2 = await raw("eth_sendTransaction", [{ from: ADDR1, to: who, value: "0x2" }]);
  check("unlocked dev account", (await provider.waitForTransaction(h2)).status === 1);
});
await step("eth_createAccessList", async () => {
  const al = await raw("eth_createAccessList", [{ from: w0.address, to: await counter.getAddress(),
    data: counter.interface.encodeFunctionData("increment", [1]) }, "latest"]);
  check("createAccessList", Array.isArray(al.accessList) && BigInt(al.gasUsed) > 21000n, JSON.stringify(al));
});
await step("message signatures", async () => {
  const msg = "hello rivet";
  const sig = await raw("personal_sign", [ethers.hexlify(ethers.toUtf8Bytes(msg)), w0.address]);
  check("personal_sign", ethers.verifyMessage(msg, sig) === w0.address);
  const sig2 = await raw("eth_sign", [w0.address, ethers.hexlify(ethers.toUtf8Bytes(msg))]);
  check("eth_sign", sig2 === (await w0.signMessage(msg)));
});
await step("eth_signTypedData_v4", async () => {
  const domain = { name: "Ether Mail", version: "1", chainId: 31337,
                   verifyingContract: "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC" };
  const types = {
    Person: [{ name: "name", type: "string" }, { name: "wallets", type: "address[]" }],
    Mail: [{ name: "from", type: "Person" }, { name: "to", type: "Person[]" }, { name: "contents", type: "string" },
           { name: "attachment", type: "bytes" }, { name: "tag", type: "bytes4" }, { name: "delta", type: "int64" },
           { name: "urgent", type: "bool" }, { name: "amounts", type: "uint256[2]" }],
  };
  const value = { from: { name: "Cow", wallets: [ADDR1, "0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF"] },
    to: [{ name: "Bob", wallets: [] }, { name: "Eve", wallets: [w0.address] }], contents: "Hello, Bob!",
    attachment: "0x0102030405", tag: "0xcafebabe", delta: -42n, urgent: true, amounts: [1n, 10n ** 30n] };
  const payload = ethers.TypedDataEncoder.getPayload(domain, types, value);
  const sig = await raw("eth_signTypedData_v4", [w0.address, payload]);
  check("typed data signature verifies (ethers)", ethers.verifyTypedData(domain, types, value, sig) === w0.address);
  check("typed data signature = ethers' signTypedData", sig === (await w0.signTypedData(domain, types, value)));
  const e = await rejects(raw("eth_signTypedData_v4", [w0.address, { ...payload, primaryType: "Nope" }]));
  check("typed data: unknown primary type refused", !!e);
});
await step("errors", async () => {
  const e = await rejects(raw("no_such_method"));
  check("unknown method -32601", e && e.error && e.error.code === -32601, e && e.message);
  const res = await fetch(URL_, { method: "POST", headers: { "content-type": "application/json" },
                                 body: "{not json" });
  const j = await res.json();
  check("malformed JSON is an error", j.error && (j.error.code === -32700 || j.error.code === -32600));
  const nop = await (await fetch(URL_, { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "eth_blockNumber" }) })).json();
  check("no params member", nop.id === 9 && typeof nop.result === "string");
});

// ---- viem -------------------------------------------------------------------------------------------
await step("viem", async () => {
  const account = privateKeyToAccount(KEY1);
  const pub = createPublicClient({ chain: foundry, transport: http(URL_) });
  const wal = createWalletClient({ account, chain: foundry, transport: http(URL_) });
  const hash = await wal.deployContract({ abi, bytecode });
  const rc = await pub.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  check("viem deploy", rc.status === "success" && rc.contractAddress);
  const c = getContract({ address: rc.contractAddress, abi, client: { public: pub, wallet: wal } });
  const h2 = await c.write.increment([7n]);
  await pub.waitForTransactionReceipt({ hash: h2, pollingInterval: 50 });
  check("viem read", (await c.read.count()) === 7n);
  const evs = await pub.getContractEvents({ address: rc.contractAddress, abi, eventName: "Incremented",
                                            fromBlock: 0n });
  check("viem events", evs.length === 1 && evs[0].args.value === 7n);
  const fl = await pub.createContractEventFilter({ address: rc.contractAddress, abi, eventName: "Transfer" });
  const h3 = await c.write.transfer([ADDR1, 5n]);
  await pub.waitForTransactionReceipt({ hash: h3, pollingInterval: 50 });
  const ch = await pub.getFilterChanges({ filter: fl });
  check("viem filter", ch.length === 1 && ch[0].args.value === 5n);
  try {
    await pub.simulateContract({ account, address: rc.contractAddress, abi, functionName: "increment", args: [0n] });
    check("viem revert", false);
  } catch (err) {
    const r = err instanceof BaseError ? err.walk((x) => x instanceof ContractFunctionRevertedError) : null;
    check("viem revert reason", r && r.reason === "by must be positive", err.shortMessage);
  }
  try {
    await pub.simulateContract({ account, address: rc.contractAddress, abi, functionName: "increment", args: [500n] });
    check("viem custom error", false);
  } catch (err) {
    const r = err instanceof BaseError ? err.walk((x) => x instanceof ContractFunctionRevertedError) : null;
    check("viem custom error", r && r.data && r.data.errorName === "TooBig", err.shortMessage);
  }
  const dest = "0x" + "cd".repeat(20);
  const before = await pub.getBalance({ address: dest });
  const h4 = await wal.sendTransaction({ to: dest, value: parseEther("0.25") });
  await pub.waitForTransactionReceipt({ hash: h4, pollingInterval: 50 });
  check("viem transfer", (await pub.getBalance({ address: dest })) - before === parseEther("0.25"));
  const fees = await pub.estimateFeesPerGas();
  check("viem fees", fees.maxFeePerGas > 0n);
  const hist = await pub.getFeeHistory({ blockCount: 4, rewardPercentiles: [50] });
  check("viem fee history", hist.baseFeePerGas.length === 5);
});

// ---- WebSocket on the same port: eth_subscribe newHeads and logs (viem's webSocket transport) --
await step("websocket subscriptions", async () => {
  const pub = createPublicClient({ chain: foundry, transport: webSocket(URL_.replace(/^http/, "ws")) });
  const heads = [], logs = [];
  const addr = await counter.getAddress();
  const un1 = pub.watchBlocks({ onBlock: (b) => heads.push(b) });
  const un2 = pub.watchContractEvent({ address: addr, abi, eventName: "Incremented",
                                       onLogs: (l) => logs.push(...l) });
  await new Promise((r) => setTimeout(r, 500));
  await (await counter.increment(4)).wait();
  for (let i = 0; i < 40 && (heads.length < 1 || logs.length < 1); i++)
    await new Promise((r) => setTimeout(r, 50));
  un1(); un2();
  check("ws newHeads", heads.length >= 1, `${heads.length}`);
  check("ws logs", logs.length === 1 && logs[0].args.value === 14n, `${logs.length}`);
  const rpcClient = await pub.transport.getRpcClient();
  rpcClient.close();
});

// ---- debug_traceTransaction / debug_traceCall: geth's struct logs (anvil runs with --steps-tracing)
await step("struct logs", async () => {
  const data = counter.interface.encodeFunctionData("increment", [3]);
  const tx = await counter.increment(3, { gasLimit: 100000 });
  const rc = await tx.wait();
  const bytes = ethers.getBytes(data);
  const intrinsic = 21000 + bytes.reduce((a, b) => a + (b ? 16 : 4), 0);
  const t = await raw("debug_traceTransaction", [tx.hash, { enableMemory: true }]);
  const L = t.structLogs;
  check("trace top level", t.failed === false && t.gas === Number(rc.gasUsed) && t.returnValue === "0x" &&
        Array.isArray(L) && L.length > 50, JSON.stringify({ ...t, structLogs: L && L.length }));
  check("first step", JSON.stringify(L[0]) === JSON.stringify({ pc: 0, op: "PUSH1", gas: 100000 - intrinsic,
        gasCost: 3, depth: 1, stack: [], memory: [], refund: 0 }), JSON.stringify(L[0]));
  check("second step", JSON.stringify(L[1].stack) === '["0x80"]' && L[2].op === "MSTORE" && L[2].gasCost === 12);
  let chained = true;
  for (let i = 0; i + 1 < L.length; i++) if (L[i + 1].gas !== L[i].gas - L[i].gasCost) chained = false;
  check("gas - gasCost chain", chained);
  const last = L[L.length - 1];
  check("ends with STOP", last.op === "STOP" && last.depth === 1);
  check("gas adds up", intrinsic + L[0].gas - last.gas === Number(rc.gasUsed), `${intrinsic + L[0].gas - last.gas} vs ${rc.gasUsed}`);
  const word = (n) => "0x" + n.toString(16).padStart(64, "0");
  const count = await counter.count();
  const ss = L.find((l) => l.op === "SSTORE");
  check("SSTORE storage", ss && JSON.stringify(ss.storage) === JSON.stringify({ [word(0)]: word(count) }) &&
        ss.gasCost === 2900, JSON.stringify(ss && ss.storage));
  const sl = L.find((l) => l.op === "SLOAD");
  check("SLOAD storage", sl && sl.storage[word(0)] === word(count - 3n) && sl.gasCost === 2100);
  check("memory words", L.every((l) => l.memory.every((w) => /^0x[0-9a-f]{64}$/.test(w))) &&
        last.memory.length === 5 && last.memory[2] === word(0x80));
  const t2 = await raw("debug_traceTransaction", [tx.hash, { disableStack: true, disableStorage: true }]);
  check("disableStack/Storage, no memory", t2.structLogs.length === L.length &&
        t2.structLogs.every((l) => !("stack" in l) && !("memory" in l) && !("storage" in l)));
  const t3 = await raw("debug_traceCall", [{ from: w0.address, to: await counter.getAddress(),
    data: counter.interface.encodeFunctionData("increment", [0]) }, "latest", {}]);
  const l3 = t3.structLogs[t3.structLogs.length - 1];
  check("traceCall revert", t3.failed === true && t3.returnValue.startsWith("0x08c379a0") && l3.op === "REVERT" &&
        "stack" in l3 && !("memory" in l3), JSON.stringify({ ...t3, structLogs: l3 }));
});

// ---- debug_traceCall at an older block: that block's state and environment ------------------
await step("debug_traceCall at an older block", async () => {
  const to = await counter.getAddress(), old = await provider.getBlockNumber(), before = await counter.count();
  await (await counter.increment(1)).wait();
  const word = (n) => "0x" + BigInt(n).toString(16).padStart(64, "0");
  const q = (tag, fn, args = [], opts = {}) =>
    raw("debug_traceCall", [{ from: w0.address, to, data: counter.interface.encodeFunctionData(fn, args) }, tag, opts]);
  const [t0, t1] = [await q(ethers.toQuantity(old), "count"), await q("latest", "count")];
  check("traceCall at an older block: its state", t0.returnValue === word(before) && t1.returnValue === word(before + 1n) &&
        t0.structLogs.find((l) => l.op === "SLOAD")?.storage[word(0)] === word(before), `${t0.returnValue} ${t1.returnValue}`);
  const b = await provider.getBlock(old);
  const bi = counter.interface.decodeFunctionResult("blockInfo", (await q(ethers.toQuantity(old), "blockInfo")).returnValue);
  check("traceCall at an older block: its number and time", bi[0] === BigInt(old) && bi[1] === BigInt(b.timestamp) &&
        bi[2] === 31337n, bi.join());
  const call = (tag) => raw("eth_call", [{ to, data: counter.interface.encodeFunctionData("count") }, tag]);
  check("eth_call at an older block: its state", (await call(ethers.toQuantity(old))) === word(before) &&
        (await call("latest")) === word(before + 1n));
  const h = await q({ blockHash: b.hash }, "count", [], { disableStack: true });
  check("traceCall at a block by hash (EIP-1898)", h.returnValue === word(before) && h.structLogs.every((l) => !("stack" in l)));
  const ct = await q(ethers.toQuantity(old), "increment", [2], { tracer: "callTracer", tracerConfig: { withLog: true } });
  check("callTracer at an older block", ct.type === "CALL" && ct.to === to.toLowerCase() && !ct.error && ct.logs?.length === 1 &&
        ct.logs[0].data === word(before + 2n), JSON.stringify(ct));
  const e = await rejects(q(ethers.toQuantity(old + 1000), "count"));
  check("traceCall at a block past the head is refused", !!e);
});

// ---- eth_fillTransaction: nonce, gas and fees filled, unsigned ({raw, tx}, geth's and anvil's) -
await step("eth_fillTransaction", async () => {
  const to = await counter.getAddress(), data = counter.interface.encodeFunctionData("increment", [1]);
  const req = { from: w0.address, to, data };
  const [f, est, nonce, gp, tip] = await Promise.all([raw("eth_fillTransaction", [req]), raw("eth_estimateGas", [req]),
    provider.getTransactionCount(w0.address, "pending"), raw("eth_gasPrice"), raw("eth_maxPriorityFeePerGas")]);
  const t = f.tx;
  check("fill: an EIP-1559 transaction with the pending nonce, the estimate, eth_gasPrice and the tip",
        t.type === "0x2" && Number(t.nonce) === nonce && BigInt(t.gas) === BigInt(est) && BigInt(t.maxFeePerGas) === BigInt(gp) &&
        BigInt(t.maxPriorityFeePerGas) === BigInt(tip) && t.from === w0.address.toLowerCase() && t.to === to.toLowerCase() &&
        t.input === data && BigInt(t.chainId) === 31337n && t.blockHash === null && BigInt(t.r) === 0n, JSON.stringify(t));
  const fields = { type: 2, chainId: 31337, nonce, gasLimit: t.gas, maxFeePerGas: gp, maxPriorityFeePerGas: tip, to, data };
  const mine = ethers.Transaction.from(fields).unsignedSerialized;
  const rlp = ethers.decodeRlp("0x" + f.raw.slice(4));
  check("fill: raw is the unsigned envelope with a zero signature", f.raw.startsWith("0x02") && ethers.keccak256(f.raw) === t.hash &&
        JSON.stringify(rlp.slice(0, 9)) === JSON.stringify(ethers.decodeRlp("0x" + mine.slice(4))) &&
        rlp.slice(9).every((x) => x === "0x"), f.raw);
  const l = await raw("eth_fillTransaction", [{ ...req, gasPrice: gp }]);
  const lr = ethers.decodeRlp(l.raw);
  check("fill with gasPrice: legacy, EIP-155 v", l.tx.type === "0x0" && BigInt(l.tx.gasPrice) === BigInt(gp) && lr.length === 9 &&
        BigInt(lr[6]) === 31337n * 2n + 35n && lr[7] === "0x" && lr[8] === "0x" && BigInt(lr[2]) === BigInt(est), l.raw);
  // a value transfer filled, signed with its fields and mined
  const v = await raw("eth_fillTransaction", [{ from: w0.address, to: ADDR1, value: "0x7" }]);
  const signed = await w0.signTransaction({ type: 2, chainId: 31337, nonce: Number(v.tx.nonce), gasLimit: v.tx.gas,
    maxFeePerGas: v.tx.maxFeePerGas, maxPriorityFeePerGas: v.tx.maxPriorityFeePerGas, to: ADDR1, value: 7 });
  const rc = await provider.waitForTransaction(await raw("eth_sendRawTransaction", [signed]));
  check("fill: the filled transfer, signed, is mined", rc && rc.status === 1 && BigInt(v.tx.gas) >= rc.gasUsed);
  const e = await rejects(raw("eth_fillTransaction", [{ ...req, data: counter.interface.encodeFunctionData("increment", [0]) }]));
  check("fill: a reverting call is code 3 with the data", e && e.error && e.error.code === 3 &&
        e.error.data.startsWith("0x08c379a0"), e && e.message);
});

// ---- callTracer: nested frames (a call, a static call, a caught revert) and logs ------------
await step("callTracer", async () => {
  const pk = compile("Poke.sol", "Poke");
  const poke = await (await new ethers.ContractFactory(pk.abi, pk.bytecode, w0).deploy()).waitForDeployment();
  const [pa, ca] = [(await poke.getAddress()).toLowerCase(), (await counter.getAddress()).toLowerCase()];
  const tx = await poke.poke(ca, 2, { gasLimit: 300000 });
  const rc = await tx.wait();
  const count = await counter.count();
  const t = await raw("debug_traceTransaction", [tx.hash, { tracer: "callTracer", tracerConfig: { withLog: true } }]);
  const ci = counter.interface;
  check("callTracer top frame", t.type === "CALL" && t.from === w0.address.toLowerCase() && t.to === pa &&
        t.input === tx.data && BigInt(t.gasUsed) === rc.gasUsed && BigInt(t.value) === 0n && !t.error &&
        t.output === ethers.zeroPadValue(ethers.toBeHex(count), 32), JSON.stringify({ ...t, calls: undefined, logs: undefined }));
  const [c0, c1, c2] = t.calls || [];
  check("callTracer: three calls", t.calls && t.calls.length === 3, JSON.stringify(t.calls));
  check("callTracer: CALL increment", c0 && c0.type === "CALL" && c0.from === pa && c0.to === ca &&
        c0.input === ci.encodeFunctionData("increment", [2]) && !c0.error && BigInt(c0.gasUsed) > 5000n &&
        BigInt(c0.gasUsed) < BigInt(c0.gas) && BigInt(c0.value) === 0n, JSON.stringify(c0));
  check("callTracer: the callee's log", c0 && c0.logs && c0.logs.length === 1 && c0.logs[0].address === ca &&
        c0.logs[0].topics[0] === ci.getEvent("Incremented").topicHash, JSON.stringify(c0 && c0.logs));
  check("callTracer: STATICCALL count", c1 && c1.type === "STATICCALL" && c1.to === ca &&
        c1.input === ci.encodeFunctionData("count") && c1.output === ethers.zeroPadValue(ethers.toBeHex(count), 32) &&
        !("value" in c1), JSON.stringify(c1));
  check("callTracer: the caught revert", c2 && c2.type === "CALL" && c2.error === "execution reverted" &&
        c2.revertReason === "by must be positive" && c2.output.startsWith("0x08c379a0"), JSON.stringify(c2));
  check("callTracer: the caller's log after its calls", t.logs && t.logs.length === 1 && t.logs[0].address === pa &&
        Number(t.logs[0].position) === 3, JSON.stringify(t.logs));
  const top = await raw("debug_traceTransaction", [tx.hash, { tracer: "callTracer", tracerConfig: { onlyTopCall: true } }]);
  check("callTracer onlyTopCall", !top.calls && top.to === pa && !top.logs);
  const tc = await raw("debug_traceCall", [{ from: w0.address, to: pa, data: tx.data }, "latest", { tracer: "callTracer" }]);
  check("callTracer via debug_traceCall", tc.calls && tc.calls.length === 3 && tc.calls[2].error === "execution reverted");
});

// ---- rivet deploy (the CLI) against this node: inline creation code, signed with account 0 ----
if (process.env.RIVET) await step("rivet deploy", async () => {
  const nonce = await provider.getTransactionCount(w0.address, "pending");
  const out = JSON.parse(execFileSync(process.env.RIVET, ["deploy", "--rpc", URL_, "--json", bytecode]).toString());
  check("rivet deploy address", out.address === ethers.getCreateAddress({ from: w0.address, nonce }).toLowerCase() &&
        out.status === true && out.from === w0.address.toLowerCase(), JSON.stringify(out));
  check("rivet deploy code", (await provider.getCode(out.address)) === (await provider.getCode(await counter.getAddress())));
  const rc = await provider.getTransactionReceipt(out.transactionHash);
  check("rivet deploy receipt", rc && rc.status === 1 && rc.contractAddress.toLowerCase() === out.address);
  // constructor arguments of every kind, against ethers' AbiCoder: the creation's input is code ++ args
  const types = ["uint8", "int64", "address", "bool", "bytes4", "string", "bytes", "uint256", "int256"];
  const vals = ["255", "-42", ADDR1, "true", "0xcafebabe", "hello, rivet", "0x0102030405", "0x1234", "-1"];
  const abiFile = path.join(os.tmpdir(), `rivet-deploy-abi-${process.pid}.json`);
  fs.writeFileSync(abiFile, JSON.stringify([{ type: "constructor", stateMutability: "nonpayable",
    inputs: types.map((t, i) => ({ name: `a${i}`, type: t })) }]));
  const code = "0x600a600c600039600a6000f3602a60005260206000f3"; // returns a 10-byte runtime
  const d2 = JSON.parse(execFileSync(process.env.RIVET, ["deploy", "--rpc", URL_, "--json", "--abi", abiFile, code,
    "--args", ...vals]).toString());
  fs.rmSync(abiFile);
  const sent = await provider.getTransaction(d2.transactionHash);
  const want = code + ethers.AbiCoder.defaultAbiCoder().encode(types,
    [255, -42, ADDR1, true, "0xcafebabe", "hello, rivet", "0x0102030405", 0x1234, -1]).slice(2);
  check("rivet deploy: constructor args = ethers' AbiCoder", sent && sent.data === want, sent && sent.data);
  const bad = spawnSync(process.env.RIVET, ["deploy", "--rpc", URL_, "0x60006000fd"]); // constructor reverts
  check("rivet deploy: reverted constructor exits 1", bad.status === 1, bad.stderr.toString());
});

// ---- every block, validated statelessly from its witness (rivet only) ----------------------------
if (isRivet && process.env.RIVET) {
  const head = await provider.getBlockNumber();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rivet-wit-"));
  let ok = 0, bad = 0, expectedBad = 0;
  for (let n = 1; n <= head; n++) {
    const tag = "0x" + n.toString(16);
    const [witness, blockRlp] = await Promise.all([raw("debug_executionWitness", [tag]),
                                                   raw("debug_getRawBlock", [tag])]);
    const f = path.join(dir, `b${n}.json`);
    fs.writeFileSync(f, JSON.stringify({ blockRlp, witness, chainId: 31337 }));
    let valid = false;
    try {
      execFileSync(process.env.RIVET, ["stateless", "--network", "Prague", f], { stdio: "pipe" });
      valid = true;
    } catch (e) { valid = false; }
    if (valid) ok++;
    else if (tainted.has(n)) expectedBad++;
    else { bad++; console.log(`FAIL block ${n}: rivet stateless rejects its witness`); }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`witnesses: ${ok} blocks valid, ${expectedBad} after dev state edits or impersonation (not statelessly provable), ${bad} failed`);
  check("every block validates statelessly", bad === 0 && ok > 0);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
