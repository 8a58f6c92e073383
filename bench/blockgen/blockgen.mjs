// bench/blockgen: mainnet-shaped blocks of 30-60 M gas with their execution witnesses, made by
// `rivet node` from signed transactions, so the headline (instructions per gas of the validator
// guest, docs/headline.md) can be measured at mainnet block sizes and reproduced by anyone.
//
//   node bench/blockgen/blockgen.mjs [--rivet build/release/rivet] [--out DIR]
//                                    [--sizes 30,45,60] [--senders 600] [--seed 1]
//                                    [--accounts 10000]
//
// The chain runs mainnet's rules at a post-Osaka timestamp (chain id 1, so `rivet stateless`
// picks the mainnet configuration by chain id): set-up blocks deploy two tokens (OpenZeppelin's
// ERC20 storage layout and events) and a Uniswap-v2-style pair (Market.sol), fund every sender
// with ETH and tokens and approve the pair; then one block per size holds a mainnet-like mix of
// ETH transfers, ERC20 transfers, approvals, transferFrom, swaps, deployments and a few reverts,
// from many senders, all signed here (no impersonation: every block is statelessly provable).
// So that witnesses have mainnet-like trie depth, --accounts holders of ETH and of both tokens
// are written into the state with anvil_setBalance / anvil_setStorageAt before a warm-up block
// (that one block is not provable from its witness; the measured blocks after it are), and a
// share of the transfers goes to them.
// Each block is written as DIR/mainnet-shaped-<N>M.json = {blockRlp, witness, chainId}, an input
// of `rivet stateless FILE` and `bench/stateless_guest FILE`; a summary goes to DIR/blocks.json.
// Deterministic: keys, transactions and timestamps come from the seed, so the same command gives
// the same blocks (and block hashes) on every machine.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const require = createRequire(path.join(ROOT, "tests/node/package.json"));
const { ethers } = require("ethers");
const solc = require("solc");

// Gas a transaction of each kind uses (to fill a block to its size) and the gas limit it is sent
// with (the node packs a block by gas limits, so the chain's block gas limit is 150 M: a block
// using 60 M gas holds transactions whose limits add up to about twice that).
const KIND_GAS = { eth: 21000, transfer: 45000, approve: 40000, transferFrom: 50000,
                   swap: 95000, deploy: 700000, revert: 25000 };
const KIND_LIMIT = { eth: 21000, transfer: 70000, approve: 60000, transferFrom: 80000,
                     swap: 160000, deploy: 1200000, revert: 60000 };
// Share of transactions by kind, roughly as on mainnet in 2025 (ETH and ERC20 transfers
// dominate by count; DEX swaps and contract creation dominate by gas per transaction).
const MIX = [["eth", 30], ["transfer", 32], ["approve", 8], ["transferFrom", 6], ["swap", 20],
             ["deploy", 1], ["revert", 3]];
const GENESIS_TIME = 1768000000; // after mainnet's Osaka, BPO1 and BPO2
const KEY0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

function args() {
  const a = { rivet: path.join(ROOT, "build/release/rivet"), out: path.join(ROOT, "build/blockgen"),
              sizes: [30, 45, 60], senders: 600, seed: 1,
              accounts: 10000 };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i++) {
    const k = v[i], val = v[i + 1];
    if (k === "--rivet") a.rivet = val, i++;
    else if (k === "--out") a.out = val, i++;
    else if (k === "--sizes") a.sizes = val.split(",").map(Number), i++;
    else if (k === "--senders") a.senders = Number(val), i++;
    else if (k === "--seed") a.seed = Number(val), i++;
    else if (k === "--accounts") a.accounts = Number(val), i++;
    else if (k === "-h" || k === "--help") {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("\nimport")[0]
        .replace(/^\/\/ ?/gm, ""));
      process.exit(0);
    } else { console.error(`blockgen: unknown argument ${k}`); process.exit(2); }
  }
  if (a.sizes.some((s) => !(s >= 1 && s <= 90))) { console.error("blockgen: sizes in M gas, 1..90"); process.exit(2); }
  return a;
}

// A small deterministic generator (xorshift64*) so the blocks do not depend on Math.random.
function prng(seed) {
  let s = BigInt(seed) * 0x9e3779b97f4a7c15n & 0xffffffffffffffffn || 1n;
  return (n) => {
    s ^= s >> 12n; s ^= (s << 25n) & 0xffffffffffffffffn; s ^= s >> 27n;
    return Number(((s * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn) >> 11n) % n;
  };
}

function compile() {
  const input = {
    language: "Solidity",
    sources: { "Market.sol": { content: fs.readFileSync(path.join(HERE, "Market.sol"), "utf8") } },
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "prague",
                outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errs = (out.errors || []).filter((e) => e.severity === "error");
  if (errs.length) throw new Error(errs.map((e) => e.formattedMessage).join("\n"));
  const c = out.contracts["Market.sol"];
  const f = (n) => new ethers.ContractFactory(c[n].abi, "0x" + c[n].evm.bytecode.object);
  return { Token: f("Token"), Pair: f("Pair") };
}

async function freePort() {
  return new Promise((res) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

async function rpcClient(url) {
  let id = 0;
  const call = async (method, params = []) => {
    const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" },
                                 body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }) });
    const j = await r.json();
    if (j.error) throw new Error(`${method}: ${j.error.message}`);
    return j.result;
  };
  const batch = async (reqs) => {
    const body = reqs.map(([m, p]) => ({ jsonrpc: "2.0", id: ++id, method: m, params: p }));
    const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" },
                                 body: JSON.stringify(body) });
    const j = await r.json();
    if (!Array.isArray(j)) throw new Error(`batch: ${JSON.stringify(j).slice(0, 200)}`);
    for (const e of j) if (e.error) throw new Error(`batch: ${e.error.message}`);
    return j.map((e) => e.result);
  };
  return { call, batch };
}

async function startNode(rivet) {
  const port = await freePort();
  const p = spawn(rivet, ["node", "-q", "--port", String(port), "--chain-id", "1", "--hardfork", "Osaka",
                          "--timestamp", String(GENESIS_TIME), "--no-mining", "--gas-limit", "150000000",
                          "--balance", "100000000"], { stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { const c = await rpcClient(url); await c.call("eth_chainId"); return { proc: p, rpc: c }; }
    catch { await new Promise((r) => setTimeout(r, 50)); }
  }
  p.kill();
  throw new Error("rivet node did not start");
}


class Chain {
  constructor(rpc, seed) {
    this.rpc = rpc;
    this.nonce = new Map();
    this.time = GENESIS_TIME;
    this.rnd = prng(seed);
    this.pending = [];
  }
  async send(wallet, tx) {
    const from = wallet.address;
    const nonce = this.nonce.get(from) ?? 0;
    this.nonce.set(from, nonce + 1);
    const tip = 1_000_000_000n + BigInt(this.rnd(2_000_000_000));
    const raw = await wallet.signTransaction({ type: 2, chainId: 1n, nonce, gasLimit: tx.gasLimit,
      maxFeePerGas: 200_000_000_000n, maxPriorityFeePerGas: tip, to: tx.to ?? null,
      value: tx.value ?? 0n, data: tx.data ?? "0x" });
    this.pending.push(raw);
    return ethers.keccak256(raw);
  }
  async flush() {
    for (let i = 0; i < this.pending.length; i += 200)
      await this.rpc.batch(this.pending.slice(i, i + 200).map((r) => ["eth_sendRawTransaction", [r]]));
    this.pending = [];
  }
  // Mines blocks until the pool is empty; returns their numbers.
  async mineAll() {
    await this.flush();
    const made = [];
    for (;;) {
      const st = await this.rpc.call("txpool_status");
      if (Number(st.pending) === 0 && Number(st.queued) === 0) return made;
      if (Number(st.pending) === 0) throw new Error("queued transactions with a nonce gap");
      this.time += 12;
      await this.rpc.call("evm_setNextBlockTimestamp", [this.time]);
      await this.rpc.call("evm_mine");
      made.push(Number(await this.rpc.call("eth_blockNumber")));
    }
  }
}

function pick(rnd, weights) {
  const total = weights.reduce((s, [, w]) => s + w, 0);
  let r = rnd(total);
  for (const [k, w] of weights) { if (r < w) return k; r -= w; }
  return weights[0][0];
}

async function setup(chain, f, nsenders, seed) {
  const owner = new ethers.Wallet(KEY0);
  const senders = [];
  for (let i = 0; i < nsenders; i++)
    senders.push(new ethers.Wallet(ethers.keccak256(ethers.toUtf8Bytes(`rivet-blockgen-${seed}-${i}`))));
  const addr = (n) => ethers.getCreateAddress({ from: owner.address, nonce: n });
  const tokA = addr(0), tokB = addr(1), pair = addr(2);
  const supply = 10n ** 30n;
  for (const [c, a] of [[f.Token, ["Token A", "TKA", supply]], [f.Token, ["Token B", "TKB", supply]],
                        [f.Pair, [tokA, tokB]]]) {
    const d = await c.getDeployTransaction(...a);
    await chain.send(owner, { data: d.data, gasLimit: 3_000_000n });
  }
  await chain.mineAll();
  const T = f.Token.interface, P = f.Pair.interface;
  for (const t of [tokA, tokB])
    await chain.send(owner, { to: t, data: T.encodeFunctionData("transfer", [pair, 10n ** 27n]), gasLimit: 80_000n });
  await chain.send(owner, { to: pair, data: P.encodeFunctionData("sync"), gasLimit: 120_000n });
  for (const s of senders) {
    await chain.send(owner, { to: s.address, value: 10n ** 19n, gasLimit: 21_000n });
    for (const t of [tokA, tokB])
      await chain.send(owner, { to: t, data: T.encodeFunctionData("transfer", [s.address, 10n ** 24n]), gasLimit: 80_000n });
  }
  await chain.mineAll();
  for (let i = 0; i < senders.length; i++) {
    const s = senders[i], next = senders[(i + 1) % senders.length].address;
    for (const t of [tokA, tokB])
      await chain.send(s, { to: t, data: T.encodeFunctionData("approve", [pair, ethers.MaxUint256]), gasLimit: 70_000n });
    await chain.send(s, { to: tokA, data: T.encodeFunctionData("approve", [next, 10n ** 23n]), gasLimit: 70_000n });
  }
  const blocks = await chain.mineAll();
  return { senders, tokA, tokB, pair, setupBlocks: blocks.at(-1) };
}

// Holders written straight into the state: an ETH balance and a balance of both tokens
// (OpenZeppelin's layout: balanceOf at slot 0, key keccak256(holder . 0)).
async function preload(chain, w, count, seed) {
  const word = (v) => ethers.zeroPadValue(ethers.toBeHex(v), 32);
  w.holders = [];
  for (let i = 0; i < count; i += 300) {
    const reqs = [];
    for (let j = i; j < Math.min(count, i + 300); j++) {
      const h = ethers.getAddress(ethers.dataSlice(ethers.keccak256(ethers.toUtf8Bytes(`rivet-holder-${seed}-${j}`)), 12));
      w.holders.push(h);
      const slot = ethers.keccak256(ethers.concat([ethers.zeroPadValue(h, 32), word(0)]));
      reqs.push(["anvil_setBalance", [h, ethers.toBeHex(10n ** 18n + BigInt(j))]]);
      for (const t of [w.tokA, w.tokB]) reqs.push(["anvil_setStorageAt", [t, slot, word(10n ** 21n)]]);
    }
    await chain.rpc.batch(reqs);
  }
}

async function fill(chain, f, w, sizeM, est) {
  const T = f.Token.interface, P = f.Pair.interface, rnd = chain.rnd, n = w.senders.length;
  const fresh = () => ethers.getAddress("0x" + Array.from({ length: 20 }, () => rnd(256).toString(16).padStart(2, "0")).join(""));
  const someone = () => {
    const r = rnd(10);
    return r < 4 ? w.senders[rnd(n)].address : r < 8 && w.holders.length ? w.holders[rnd(w.holders.length)] : fresh();
  };
  const tok = () => (rnd(2) ? w.tokA : w.tokB);
  const counts = {}, kinds = new Map();
  let gas = 0;
  const budget = sizeM * 1_000_000 * 0.97;
  while (gas < budget) {
    const kind = pick(rnd, MIX), i = rnd(n), s = w.senders[i];
    const amount = BigInt(1 + rnd(1_000_000)) * 10n ** 12n;
    let tx;
    if (kind === "eth") tx = { to: someone(), value: amount };
    else if (kind === "transfer") tx = { to: tok(), data: T.encodeFunctionData("transfer", [someone(), amount]) };
    else if (kind === "approve") tx = { to: tok(), data: T.encodeFunctionData("approve", [fresh(), amount]) };
    else if (kind === "transferFrom") {
      const owner = w.senders[(i + n - 1) % n].address; // sender i-1 approved sender i
      tx = { to: w.tokA, data: T.encodeFunctionData("transferFrom", [owner, someone(), amount]) };
    } else if (kind === "swap")
      tx = { to: w.pair, data: P.encodeFunctionData("swap", [rnd(2) === 1, amount, 0n, s.address]) };
    else if (kind === "deploy")
      tx = { data: (await f.Token.getDeployTransaction("Token", "TK", amount)).data };
    else tx = { to: tok(), data: T.encodeFunctionData("transfer", [someone(), 10n ** 30n]) };
    tx.gasLimit = BigInt(KIND_LIMIT[kind]);
    kinds.set(await chain.send(s, tx), kind);
    counts[kind] = (counts[kind] || 0) + 1;
    gas += est[kind];
  }
  const made = await chain.mineAll();
  if (made.length !== 1) throw new Error(`the ${sizeM}M block needed ${made.length} blocks`);
  return { number: made[0], counts, kinds };
}

// The mean gas used per kind in a mined block (to size the next blocks).
async function calibrate(chain, number, kinds) {
  const rs = await chain.rpc.call("eth_getBlockReceipts", ["0x" + number.toString(16)]);
  const sum = {}, n = {};
  for (const r of rs) {
    const k = kinds.get(r.transactionHash);
    if (!k) continue;
    sum[k] = (sum[k] || 0) + Number(r.gasUsed);
    n[k] = (n[k] || 0) + 1;
  }
  const est = { ...KIND_GAS };
  for (const k of Object.keys(sum)) est[k] = sum[k] / n[k];
  return est;
}

async function main() {
  const a = args();
  const f = compile();
  fs.mkdirSync(a.out, { recursive: true });
  const { proc, rpc } = await startNode(a.rivet);
  try {
    const chain = new Chain(rpc, a.seed);
    const w = await setup(chain, f, a.senders, a.seed);
    await preload(chain, w, a.accounts, a.seed);
    const summary = [];
    // A warm-up block of the same mix: the chain's history, and the gas per kind for sizing.
    const warm = await fill(chain, f, w, 5, KIND_GAS);
    const est = await calibrate(chain, warm.number, warm.kinds);
    for (const size of a.sizes) {
      const { number, counts } = await fill(chain, f, w, size, est);
      const tag = "0x" + number.toString(16);
      const [block, receipts, witness, blockRlp] = await Promise.all([
        rpc.call("eth_getBlockByNumber", [tag, false]), rpc.call("eth_getBlockReceipts", [tag]),
        rpc.call("debug_executionWitness", [tag]), rpc.call("debug_getRawBlock", [tag])]);
      const file = path.join(a.out, `mainnet-shaped-${size}M.json`);
      fs.writeFileSync(file, JSON.stringify({ blockRlp, witness, chainId: 1 }));
      const reverted = receipts.filter((r) => r.status !== "0x1").length;
      const row = { file: path.basename(file), number, hash: block.hash, gas_used: Number(block.gasUsed),
                    gas_limit: Number(block.gasLimit), txs: receipts.length, reverted,
                    senders: new Set(receipts.map((r) => r.from)).size, mix: counts,
                    witness_nodes: witness.state.length, witness_codes: witness.codes.length };
      summary.push(row);
      process.stderr.write(`blockgen: block ${number}: ${row.gas_used} gas, ${row.txs} txs ` +
                           `(${reverted} reverted), ${row.witness_nodes} trie nodes -> ${file}\n`);
    }
    fs.writeFileSync(path.join(a.out, "blocks.json"), JSON.stringify(summary, null, 1) + "\n");
    console.log(JSON.stringify(summary));
  } finally {
    proc.kill();
  }
}

main().catch((e) => { console.error(`blockgen: ${e.message}`); process.exit(1); });
