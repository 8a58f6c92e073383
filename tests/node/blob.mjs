// Blob (type 3) transactions with sidecars: ethers v6 signs them in the network form with KZG
// commitments and proofs from kzg-wasm (c-kzg-4844 compiled to WebAssembly, with the mainnet
// trusted setup: an independent KZG library), sends
// them with eth_sendRawTransaction, and checks the receipt's blob fields, the block's
// blobGasUsed and excessBlobGas (EIP-4844 arithmetic done here), the fee the sender paid, the
// blob count per block, EIP-7594's cell-proof form, and that a bad proof and a bad versioned
// hash are refused. The same script runs against rivet node and anvil; with RIVET=path/to/rivet
// on a rivet node every block is then validated statelessly.
// usage: node blob.mjs URL
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import { loadKZG } from "kzg-wasm";

const URL_ = process.argv[2] || "http://127.0.0.1:8545";
const KEY0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const KEY2 = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const TO = "0x00000000000000000000000000000000000b10b5";
const GAS_PER_BLOB = 131072n;
// blob parameters by fork (EIP-7691, EIP-7892 BPO1), EIP-7918's reserve price from Osaka
const FORKS = {
  prague: { target: 6n, max: 9n, fraction: 5007716n, perTx: 9n, reserve: false },
  osaka: { target: 6n, max: 9n, fraction: 5007716n, perTx: 6n, reserve: true },
  bpo1: { target: 10n, max: 15n, fraction: 8346193n, perTx: 6n, reserve: true },
};
let passed = 0, failed = 0;

function check(name, cond, detail = "") {
  if (cond) passed++;
  else { failed++; console.log(`FAIL ${name} ${detail}`); }
}
// a check that anvil 1.7.1 is known to fail: counted on rivet, only reported on others
function known(name, cond, detail = "") {
  if (isRivet) return check(name, cond, detail);
  if (!cond) console.log(`NOTE (${version} differs, not counted) ${name} ${detail}`);
}
async function step(name, fn) {
  try { await fn(); } catch (e) { failed++; console.log(`FAIL ${name}: ${e.shortMessage || e.message}`); }
}
// polls for the receipt (ethers' waitForTransaction can miss a block that an asynchronous
// automine, as anvil's, produced between its first look and its block subscription)
async function receiptOf(hash, ms = 60000) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const rc = await provider.getTransactionReceipt(hash);
    if (rc) return rc;
  }
  throw new Error(`no receipt for ${hash} after ${ms} ms`);
}
async function rejects(p) {
  try { await p; } catch (e) { return e; }
  return null;
}

const provider = new ethers.JsonRpcProvider(URL_, undefined,
  { cacheTimeout: -1, pollingInterval: 50, staticNetwork: true });
const raw = (m, p = []) => provider.send(m, p);
const K = await loadKZG();
const bytes = (h) => ethers.getBytes(h.startsWith("0x") ? h : "0x" + h);
const kzg = {
  blobToKzgCommitment: (b) => bytes(K.blobToKZGCommitment(ethers.hexlify(b))),
  computeBlobKzgProof: (b, c) => bytes(K.computeBlobKZGProof(ethers.hexlify(b), ethers.hexlify(c))),
};
const version = await raw("web3_clientVersion");
const isRivet = version.startsWith("rivet");
const forkName = (await raw("anvil_nodeInfo")).hardFork.toLowerCase();
const F = FORKS[forkName];
if (!F) { console.log(`unknown fork ${forkName}`); process.exit(1); }
console.log(`blob suite against ${version} (${forkName}) at ${URL_}`);

// a blob: 4096 field elements, element i = sha256(tag || i) with the top byte cleared (< r)
function makeBlob(tag) {
  const b = new Uint8Array(131072);
  for (let i = 0; i < 4096; i++) {
    const h = crypto.createHash("sha256").update(`${tag}:${i}`).digest();
    h[0] = 0;
    b.set(h, 32 * i);
  }
  return b;
}
const versionedHash = (c) => {
  const h = crypto.createHash("sha256").update(c).digest();
  h[0] = 1;
  return ethers.hexlify(h);
};
// EIP-4844 fake_exponential(1, excess, fraction)
function blobFee(excess, fraction = F.fraction) {
  let i = 1n, out = 0n, acc = fraction;
  while (acc > 0n) { out += acc; acc = (acc * excess) / (fraction * i); i++; }
  return out / fraction;
}

// a blob with its commitment and proof, computed once per tag (the WebAssembly prover is slow)
const sidecars = new Map();
function sidecarOf(tag) {
  if (!sidecars.has(tag)) {
    const data = makeBlob(tag), commitment = kzg.blobToKzgCommitment(data);
    sidecars.set(tag, { data, commitment, proof: kzg.computeBlobKzgProof(data, commitment) });
  }
  return sidecars.get(tag);
}
const w0 = new ethers.Wallet(KEY0, provider), w2 = new ethers.Wallet(KEY2, provider);
const w3 = new ethers.Wallet("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6", provider);
async function blobTx(wallet, tags, over = {}) {
  const nonce = await provider.getTransactionCount(wallet.address, "pending");
  const tx = ethers.Transaction.from({
    type: 3, chainId: 31337, nonce, to: TO, value: 7n, gasLimit: 21000n,
    maxFeePerGas: ethers.parseUnits("10", "gwei"), maxPriorityFeePerGas: ethers.parseUnits("1", "gwei"),
    maxFeePerBlobGas: ethers.parseUnits("5", "gwei"), ...over,
  });
  tx.kzg = kzg;
  if (over.blobWrapperVersion) { // EIP-7594: the cell proofs, 128 per blob
    tx.blobs = tags.map((t) => {
      const data = makeBlob(t), commitment = kzg.blobToKzgCommitment(data);
      const { proofs } = K.computeCellsAndKZGProofs(ethers.hexlify(data));
      return { data, commitment, proof: ethers.concat(proofs.map(bytes)) };
    });
  } else tx.blobs = tags.map(sidecarOf);
  return wallet.signTransaction(tx);
}

// ---- one blob transaction, mined by automine -------------------------------------------------
await step("blob tx mined", async () => {
  const fee0 = BigInt(await raw("eth_blobBaseFee"));
  check("eth_blobBaseFee at genesis is 1 wei", fee0 === 1n, `${fee0}`);
  const before = await provider.getBalance(w0.address);
  const signed = await blobTx(w0, ["a", "b"]);
  const parsed = ethers.Transaction.from(signed);
  check("ethers made the network form", parsed.blobs && parsed.blobs.length === 2);
  const hash = await raw("eth_sendRawTransaction", [signed]);
  check("tx hash is the canonical tx's", hash === parsed.hash, `${hash} ${parsed.hash}`);
  const rc = await receiptOf(hash);
  check("receipt status 1", rc && rc.status === 1);
  check("receipt type 3", rc && rc.type === 3);
  check("receipt blobGasUsed", rc && rc.blobGasUsed === 2n * GAS_PER_BLOB, rc && `${rc.blobGasUsed}`);
  check("receipt blobGasPrice", rc && rc.blobGasPrice === fee0, rc && `${rc.blobGasPrice}`);
  const blk = await raw("eth_getBlockByNumber", [ethers.toQuantity(rc.blockNumber), false]);
  check("block blobGasUsed", BigInt(blk.blobGasUsed) === 2n * GAS_PER_BLOB, blk.blobGasUsed);
  check("block excessBlobGas 0", BigInt(blk.excessBlobGas) === 0n, blk.excessBlobGas);
  const t = await raw("eth_getTransactionByHash", [hash]);
  const want = parsed.blobs.map((b) => versionedHash(ethers.getBytes(b.commitment)));
  check("tx blobVersionedHashes = sha256(commitment) with 0x01",
        JSON.stringify(t.blobVersionedHashes) === JSON.stringify(want), JSON.stringify(t.blobVersionedHashes));
  check("tx maxFeePerBlobGas", BigInt(t.maxFeePerBlobGas) === ethers.parseUnits("5", "gwei"));
  check("tx type 0x3", t.type === "0x3");
  const after = await provider.getBalance(w0.address, rc.blockNumber);
  const paid = rc.gasUsed * rc.gasPrice + rc.blobGasUsed * rc.blobGasPrice + 7n;
  check("sender paid gas + blob gas + value", before - after === paid, `${before - after} vs ${paid}`);
});

// ---- refusals -------------------------------------------------------------------------------
await step("bad sidecars refused", async () => {
  const good = ethers.getBytes(await blobTx(w2, ["c", "d"]));
  const outer = ethers.decodeRlp(good.slice(1)); // [fields, blobs, commitments, proofs]
  const swapped = [outer[0], outer[1], outer[2], [outer[3][1], outer[3][0]]];
  const e1 = await rejects(raw("eth_sendRawTransaction", [ethers.concat(["0x03", ethers.encodeRlp(swapped)])]));
  check("swapped proofs refused", e1 !== null);
  if (e1) console.log(`  bad proof: ${e1.error ? e1.error.message : e1.message}`);
  // a tx signed over hashes that are not its commitments': the sidecar of other blobs
  const other = ethers.decodeRlp(ethers.getBytes(await blobTx(w2, ["e", "f"])).slice(1));
  const mixed = [outer[0], other[1], other[2], other[3]];
  const e2 = await rejects(raw("eth_sendRawTransaction", [ethers.concat(["0x03", ethers.encodeRlp(mixed)])]));
  check("versioned hash mismatch refused", e2 !== null);
  if (e2) console.log(`  bad hash: ${e2.error ? e2.error.message : e2.message}`);
  const e3 = await rejects(raw("eth_sendRawTransaction", [ethers.concat(["0x03", ethers.encodeRlp(outer.slice(0, 3))])]));
  check("a wrapper of 3 items refused", e3 !== null);
  const e4 = await rejects(raw("eth_sendRawTransaction", [await blobTx(w2, ["g"], { maxFeePerBlobGas: 0n })]));
  check("max fee per blob gas below the blob base fee refused", e4 !== null);
  if (e4) console.log(`  low blob fee: ${e4.error ? e4.error.message : e4.message}`);
  check("nothing refused was mined", (await provider.getTransactionCount(w2.address)) === 0);
  // the good one still goes through
  const rc = await receiptOf(await raw("eth_sendRawTransaction", [ethers.hexlify(good)]));
  check("the untouched tx is mined", rc && rc.status === 1);
});

// ---- blob count per block, excess blob gas ---------------------------------------------------
// EIP-4844's calc_excess_blob_gas with EIP-7918's reserve price (Osaka on)
function nextExcess(b) {
  const excess = BigInt(b.excessBlobGas), used = BigInt(b.blobGasUsed);
  const target = F.target * GAS_PER_BLOB;
  if (excess + used < target) return 0n;
  if (F.reserve && 8192n * BigInt(b.baseFeePerGas) > GAS_PER_BLOB * blobFee(excess))
    return excess + (used * (F.max - F.target)) / F.max;
  return excess + used - target;
}
await step("blob limit per block and excess blob gas", async () => {
  await raw("evm_setAutomine", [false]);
  const hashes = [];
  const ntx = Number((F.max + 3n) / 3n); // 3 blobs each: one more transaction than a block holds
  for (let i = 0; i < ntx; i++) hashes.push(await raw("eth_sendRawTransaction", [await blobTx(w0, [`x${i}a`, `x${i}b`, `x${i}c`])]));
  await raw("evm_mine", []);
  await raw("evm_mine", []);
  await raw("evm_setAutomine", [true]);
  const rcs = await Promise.all(hashes.map((h) => provider.getTransactionReceipt(h)));
  check("all mined", rcs.every((r) => r && r.status === 1));
  const n1 = rcs[0].blockNumber;
  const b1 = await raw("eth_getBlockByNumber", [ethers.toQuantity(n1), false]);
  const b2 = await raw("eth_getBlockByNumber", [ethers.toQuantity(n1 + 1), false]);
  check(`first block full at ${F.max} blobs`, BigInt(b1.blobGasUsed) === F.max * GAS_PER_BLOB,
        `${BigInt(b1.blobGasUsed) / GAS_PER_BLOB} blobs in ${b1.transactions.length} txs`);
  check("the last in the next block", rcs[ntx - 1].blockNumber === n1 + 1 && BigInt(b2.blobGasUsed) === 3n * GAS_PER_BLOB);
  const excess = nextExcess(b1);
  known("excessBlobGas from the parent (EIP-4844, EIP-7918)", BigInt(b2.excessBlobGas) === excess,
        `${b2.excessBlobGas} vs ${excess}: ${JSON.stringify([b1.number, b1.excessBlobGas, b1.blobGasUsed, b2.number, b2.excessBlobGas, b2.blobGasUsed])}`);
  check("receipt blobGasPrice from the block's excess", rcs[ntx - 1].blobGasPrice === blobFee(excess),
        `${rcs[ntx - 1].blobGasPrice} vs ${blobFee(excess)}`);
  const fee = BigInt(await raw("eth_blobBaseFee"));
  known("eth_blobBaseFee for the next block", fee === blobFee(nextExcess(b2)), `${fee} vs ${blobFee(nextExcess(b2))}`);
});

// ---- the blob base fee rises: blocks of 8 blobs (2 transactions of 4) until it leaves 1 wei ---
await step("blob base fee rises", async () => {
  let mism = 0, fee = 1n, blocks = 0;
  await raw("evm_setAutomine", [false]);
  const most = isRivet ? 30 : 3; // anvil's excess stays 0 (above): a few blocks show it
  for (let k = 0; k < most && fee <= 1n; k++, blocks++) {
    const hs = [];
    for (let j = 0; j < 2; j++)
      hs.push(await raw("eth_sendRawTransaction", [await blobTx(w0, [0, 1, 2, 3].map((i) => `r${j}.${i}`))]));
    await raw("evm_mine", []);
    const rc = await provider.getTransactionReceipt(hs[1]);
    if (!rc) throw new Error(`block ${k}: not mined`);
    const b = await raw("eth_getBlockByNumber", [ethers.toQuantity(rc.blockNumber), false]);
    fee = BigInt(await raw("eth_blobBaseFee"));
    if (rc.blobGasPrice !== blobFee(BigInt(b.excessBlobGas)) || fee !== blobFee(nextExcess(b))) {
      mism++;
      if (mism === 1) console.log(`  block ${rc.blockNumber}: excess ${b.excessBlobGas}, receipt ${rc.blobGasPrice}, eth_blobBaseFee ${fee}, next ${blobFee(nextExcess(b))}`);
    }
  }
  await raw("evm_setAutomine", [true]);
  check("every receipt's blobGasPrice and eth_blobBaseFee as EIP-4844 computes them", mism === 0, `${mism} blocks differ`);
  known("the blob base fee rose above 1 wei", fee > 1n, `after ${blocks} blocks of 8 blobs: ${fee}`);
  console.log(`  blob base fee ${fee} wei after ${blocks} blocks of 8 blobs`);
});

// ---- EIP-7594 cell proofs (Osaka's wrapper) -------------------------------------------------
await step("EIP-7594 wrapper", async () => {
  const signed = await blobTx(w0, ["cell"], { blobWrapperVersion: 1 });
  const e = await rejects((async () => {
    const rc = await receiptOf(await raw("eth_sendRawTransaction", [signed]));
    check("7594 form mined", rc && rc.status === 1 && rc.blobGasUsed === GAS_PER_BLOB);
  })());
  if (e) console.log(`  7594 form: ${e.error ? e.error.message : e.message}`);
  console.log(`  7594 form ${e ? "refused" : "accepted"} by ${version}`);
});

// ---- the canonical form without its sidecar (account 3: a node that accepts it cannot mine it) --
await step("blob tx without sidecar", async () => {
  const t = ethers.Transaction.from(await blobTx(w3, ["bare"]));
  const bare = ethers.concat(["0x03", ethers.encodeRlp(ethers.decodeRlp(ethers.getBytes(t.serialized).slice(1))[0])]);
  const e = await rejects(raw("eth_sendRawTransaction", [bare]));
  check("a blob tx without its sidecar is refused (as geth and anvil)", e !== null);
  if (e) console.log(`  no sidecar: ${e.error ? e.error.message : e.message}`);
});

// ---- every block, validated statelessly from its witness (rivet only) ------------------------
if (isRivet && process.env.RIVET) {
  const head = await provider.getBlockNumber();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rivet-wit-"));
  let ok = 0;
  for (let n = 1; n <= head; n++) {
    const tag = ethers.toQuantity(n);
    const [witness, blockRlp] = await Promise.all([raw("debug_executionWitness", [tag]),
                                                   raw("debug_getRawBlock", [tag])]);
    const f = path.join(dir, `b${n}.json`);
    fs.writeFileSync(f, JSON.stringify({ blockRlp, witness, chainId: 31337 }));
    try {
      execFileSync(process.env.RIVET, ["stateless", "--network", forkName === "osaka" ? "Osaka" : "Prague", f], { stdio: "pipe" });
      ok++;
    } catch (e) { console.log(`FAIL block ${n}: rivet stateless rejects its witness: ${e.stdout}`); }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`witnesses: ${ok} of ${head} blocks valid`);
  check("every block validates statelessly", ok === head && ok > 0);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
