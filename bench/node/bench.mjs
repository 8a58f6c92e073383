// bench/node: rivet node against anvil, in one run on this machine, with the same client.
// Workloads (transactions pre-signed before timing, so the node is measured, not signing):
//   seq      sequential signed transfers (each awaited), automine
//   flight16 transfers with 16 requests in flight (one sender: out-of-order nonces queue)
//   erc20    sequential token transfers (Counter.transfer: storage writes and a log)
//   call     eth_call balanceOf, 16 in flight
//   senders  16 senders x 125 transfers, concurrently, until all 2000 are mined
//   rss      resident memory at rest (after start) and after the workloads
// usage: node bench/node/bench.mjs RIVET_BIN [--quick] [--json] [--rivet-only]   (npm packages from tests/node)
//   --rivet-only: no anvil run (to profile the node: RIVET_BIN may be a wrapper script)
import { spawn, spawnSync } from "node:child_process";
import os from "node:os";
import net from "node:net";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = path.dirname(fileURLToPath(import.meta.url));
const tn = path.join(here, "../../tests/node");
const require = createRequire(path.join(tn, "package.json"));
const { ethers } = require("ethers");
const { compile } = await import(path.join(tn, "compile.mjs"));

const rivet = process.argv[2];
const argAt = (k) => { const i = process.argv.indexOf(k); return i > 0 ? process.argv[i + 1] : null; };
const loadgen = argAt("--loadgen") || path.join(path.dirname(rivet), "bench_node_loadgen");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rivet-bench-"));
const quick = process.argv.includes("--quick");
const N = quick ? 100 : 400, NCALL = quick ? 1000 : 4000, PER = 125;
const STALL_S = 60; // a workload whose transactions are not all mined by then is reported stalled
const anvilBin = path.join(tn, "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
const KEY0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const { abi, bytecode } = compile();
const iface = new ethers.Interface(abi);

// Untimed set-up (deploys, funding, receipts) uses a small keep-alive HTTP/1.1 client here; the
// timed spans run bench_node_loadgen (bench/node/loadgen.c, built beside RIVET_BIN or given by
// --loadgen): a C client whose requests are encoded before the clock starts and whose CPU per
// request is a few microseconds, so the rate is the node's, not the client's (the Node.js client
// cost 26-170 us per request, as much as either node: bench/node/README.md).
class Conn {
  constructor(port) {
    this.s = net.connect(port, "127.0.0.1");
    this.s.setNoDelay(true);
    this.buf = Buffer.alloc(0);
    this.wait = null;
    this.s.on("data", (d) => { this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d; this.parse(); });
  }
  parse() {
    const i = this.buf.indexOf("\r\n\r\n");
    if (i < 0 || !this.wait) return;
    const h = this.buf.toString("latin1", 0, i).toLowerCase(), k = h.indexOf("content-length:");
    const n = k < 0 ? 0 : parseInt(h.slice(k + 15), 10);
    if (this.buf.length < i + 4 + n) return;
    const body = this.buf.subarray(i + 4, i + 4 + n);
    this.buf = this.buf.subarray(i + 4 + n);
    const w = this.wait;
    this.wait = null;
    w(body);
  }
  send(raw) { // a whole encoded request -> the reply body (a Buffer)
    return new Promise((res) => { this.wait = res; this.s.write(raw); });
  }
}
const encode = (method, params, id = 1) => {
  const body = JSON.stringify({ jsonrpc: "2.0", id, method, params });
  return Buffer.from(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
};
let url, port_, id = 0, conns = [];
const conn = (c) => { while (conns.length <= c) conns.push(new Conn(port_)); return conns[c]; };
async function rpc(method, params = [], c = 0) {
  const j = JSON.parse((await conn(c).send(encode(method, params, ++id))).toString());
  if (j.error) throw new Error(`${method}: ${j.error.message}`);
  return j.result;
}
async function ping() {
  const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" },
                               body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId" }) });
  return r.json();
}
// CPU seconds the node process used so far, all its threads (anvil runs several): the sum of
// each thread's run time from /proc/PID/task/*/schedstat (nanoseconds; /proc/PID/stat's utime and
// stime count 10 ms ticks, too coarse for 40 us calls). On a shared, loaded machine the node's
// CPU per operation is steadier than wall-clock rates.
function cpu(pid) {
  let ns = 0;
  for (const t of fs.readdirSync(`/proc/${pid}/task`)) {
    try { ns += Number(fs.readFileSync(`/proc/${pid}/task/${t}/schedstat`, "utf8").split(" ")[0]); }
    catch { /* the thread ended */ }
  }
  return ns / 1e9;
}
function rss(pid) {
  const s = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/);
  return s ? Number(s[1]) / 1024 : NaN;
}
async function receipt(h, deadline = performance.now() + STALL_S * 1000) {
  for (;;) {
    const r = await rpc("eth_getTransactionReceipt", [h]);
    if (r) return r;
    if (performance.now() > deadline) return null;
    await new Promise((res) => setTimeout(res, 5));
  }
}
const fee = { type: 2, chainId: 31337, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 10n ** 9n };
const signAll = (w, from, n, tx) =>
  Promise.all(Array.from({ length: n }, (_, k) => w.signTransaction({ ...fee, ...tx(k), nonce: from + k })));

async function run(name, argv) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  url = `http://127.0.0.1:${port}`;
  port_ = port;
  conns = [];
  const p = spawn(argv[0], [...argv.slice(1), "--port", String(port)], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    try { await ping(); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  await new Promise((r) => setTimeout(r, 300));
  const out = { name, rssStart: rss(p.pid) };
  const w0 = new ethers.Wallet(KEY0);
  const to = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
  let nonce = 0;
  // deploy the token (Counter: balanceOf, transfer) untimed
  const dep = await w0.signTransaction({ ...fee, nonce: nonce++, gasLimit: 1000000, data: bytecode });
  const dh = await rpc("eth_sendRawTransaction", [dep]);
  const token = (await receipt(dh)).contractAddress;

  let txs = await signAll(w0, nonce, N, (k) => ({ to, value: 1 + k, gasLimit: 21000 }));
  nonce += N;
  // a timed span: bench_node_loadgen sends the lines (JSON bodies) over `conns` connections
  // (lanes: "K body", connection K sends its lines in order), then polls each `until` body
  // (a receipt) until it is not null; the rate is per second of its clock.
  const receiptReq = (raw) => JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getTransactionReceipt",
                                               params: [ethers.keccak256(raw)] });
  const span = (k, lines, conns, until = [], lanes = false) => {
    const f = path.join(tmp, `${k}.txt`);
    fs.writeFileSync(f, lines.join("\n") + "\n");
    const args = ["--port", String(port), "--conns", String(conns), "--deadline", String(STALL_S), f];
    if (lanes) args.push("--lanes");
    for (const u of until) args.push("--until", u);
    const c0 = cpu(p.pid);
    const g = spawnSync(loadgen, args, { encoding: "utf8" });
    if (g.status !== 0) throw new Error(`loadgen (${k}): ${g.stderr || g.error}`);
    const j = JSON.parse(g.stdout);
    out[k] = j.stalled ? NaN : lines.length / j.seconds;
    out[`cpu_${k}`] = ((cpu(p.pid) - c0) * 1e6) / lines.length;
    out[`cli_${k}`] = j.client_cpu_us;
    return j;
  };
  const send = (raw) => JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_sendRawTransaction", params: [raw] });

  span("seq", txs.map(send), 1, [receiptReq(txs[N - 1])]);

  txs = await signAll(w0, nonce, N, (k) => ({ to, value: 1 + k, gasLimit: 21000 }));
  nonce += N;
  span("flight16", txs.map(send), 16, [receiptReq(txs[N - 1])]);

  const data = (k) => iface.encodeFunctionData("transfer", [ethers.zeroPadValue(ethers.toBeHex(k + 1), 20), 1]);
  txs = await signAll(w0, nonce, N, (k) => ({ to: token, data: data(k), gasLimit: 80000 }));
  nonce += N;
  span("erc20", txs.map(send), 1, [receiptReq(txs[N - 1])]);

  const call = { to: token, data: iface.encodeFunctionData("balanceOf", [w0.address]) };
  const callReq = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_call", params: [call, "latest"] });
  span("call", Array.from({ length: NCALL }, () => callReq), 16);

  // 16 funded senders (untimed), then 16 x PER transfers concurrently until all are mined
  const senders = Array.from({ length: 16 }, (_, i) => new ethers.Wallet(ethers.keccak256(ethers.toBeHex(i + 1, 32))));
  const fund = await signAll(w0, nonce, 16, (k) => ({ to: senders[k].address, value: 10n ** 20n, gasLimit: 21000 }));
  nonce += 16;
  for (const raw of fund) await rpc("eth_sendRawTransaction", [raw]);
  await receipt(ethers.keccak256(fund[15]));
  const batches = await Promise.all(senders.map((s) => signAll(s, 0, PER, (k) => ({ to, value: 1 + k, gasLimit: 21000 }))));
  // interleaved (round robin), so the file order does not favour a lane
  const lines = [];
  for (let k = 0; k < PER; k++) batches.forEach((b, c) => lines.push(`${c} ${send(b[k])}`));
  const j = span("senders", lines, 16, batches.map((b) => receiptReq(b[PER - 1])), true);
  if (j.stalled) {
    const pend = await rpc("txpool_status").catch(() => null);
    out.stall = `${j.stalled} of 16 senders not fully mined after ${STALL_S} s` +
                (pend ? ` (txpool pending ${parseInt(pend.pending, 16)})` : "");
  }
  out.head = parseInt(await rpc("eth_blockNumber"), 16);
  out.rssEnd = rss(p.pid);
  for (const c of conns) c.s.destroy();
  p.kill("SIGTERM");
  await new Promise((r) => p.once("exit", r));
  return out;
}

const loadavg = () => fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const load0 = loadavg();
const r = await run("rivet", [rivet, "node", "-q"]);
let a = null;
if (!process.argv.includes("--rivet-only"))
try { fs.accessSync(anvilBin, fs.constants.X_OK); a = await run("anvil", [anvilBin, "--silent"]); }
catch (e) { console.error(`anvil skipped: ${e.message}`); }
fs.rmSync(tmp, { recursive: true, force: true });
const rows = [["sequential transfers/s", "seq"], ["transfers/s, 16 in flight", "flight16"],
              ["ERC20 transfers/s", "erc20"], ["eth_call/s (16 in flight)", "call"],
              [`16 senders x ${PER} txs, tx/s until all mined`, "senders"],
              ["node CPU per sequential transfer, us", "cpu_seq"],
              ["node CPU per transfer (16 in flight), us", "cpu_flight16"],
              ["node CPU per ERC20 transfer, us", "cpu_erc20"], ["node CPU per eth_call, us", "cpu_call"],
              ["node CPU per tx (16 senders), us", "cpu_senders"],
              ["client CPU per sequential transfer, us", "cli_seq"],
              ["client CPU per transfer (16 in flight), us", "cli_flight16"],
              ["client CPU per ERC20 transfer, us", "cli_erc20"], ["client CPU per eth_call, us", "cli_call"],
              ["client CPU per tx (16 senders), us", "cli_senders"],
              ["RSS at rest, MB", "rssStart"], ["RSS after the run, MB", "rssEnd"]];
if (process.argv.includes("--json")) {
  // scripts/reports.py (docs/reports/hybrid.md): the same rows, unrounded; NaN (stalled) as null
  const v = (x) => (x === undefined || Number.isNaN(x) ? null : x);
  console.log(JSON.stringify({ n: N, calls: NCALL, per_sender: PER, rows: rows.map(([label, k]) =>
    ({ label, key: k, rivet: v(r[k]), anvil: a ? v(a[k]) : null })),
    blocks: { rivet: r.head, anvil: a ? a.head : null }, load: { start: load0, end: loadavg() } }, null, 1));
  process.exit(0);
}
console.log(`\n| workload (N=${N}, calls=${NCALL}) | rivet node | anvil 1.7.1 | rivet/anvil |`);
console.log("|---|---:|---:|---:|");
for (const [label, k] of rows) {
  const rv = r[k], av = a ? a[k] : NaN;
  const f = (x) => (Number.isNaN(x) ? "stalled" : x.toFixed(1));
  const ratio = a && !Number.isNaN(rv) && !Number.isNaN(av) ? (rv / av).toFixed(2) : "-";
  console.log(`| ${label} | ${f(rv)} | ${a ? f(av) : "-"} | ${ratio} |`);
}
console.log(`\n${new Date().toISOString()}, load average at the start ${load0}, at the end ${loadavg()}`);
console.log(`\nblocks mined: rivet ${r.head}${a ? `, anvil ${a.head}` : ""}`);
for (const x of [r, a]) if (x && x.stall) console.log(`${x.name}: 16 senders x ${PER}: ${x.stall}`);
