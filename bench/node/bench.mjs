// bench/node: rivet node against anvil, in one run on this machine, with the same client.
// Both nodes run side by side; R rounds, each on fresh nodes (anvil slows down as its chain
// grows), each span alternating which node goes first, with the same pre-signed transactions
// sent to both (same genesis, chain id and nonces); a rate is the median of its rounds.
//   seq      sequential signed transfers (each awaited), automine
//   flight16 transfers with 16 requests in flight (one sender: out-of-order nonces queue)
//   erc20    sequential token transfers (Counter.transfer: storage writes and a log)
//   call     eth_call balanceOf of a different holder each time, 16 in flight
//   senders  16 senders x 125 transfers, concurrently, until all 2000 are mined (once)
//   rss      resident memory at rest (after start) and after the workloads
// usage: node bench/node/bench.mjs RIVET_BIN [--quick] [--json] [--rivet-only] [--rounds R]
//        [--loadgen PATH] [-- RIVET_NODE_ARGS…]   (npm packages from tests/node)
//   --rivet-only: no anvil (to profile the node: RIVET_BIN may be a wrapper script)
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

const argv = process.argv.slice(2), dd = argv.indexOf("--");
const opts = dd < 0 ? argv : argv.slice(0, dd), extra = dd < 0 ? [] : argv.slice(dd + 1);
const rivet = opts[0];
const argAt = (k) => { const i = opts.indexOf(k); return i > 0 ? opts[i + 1] : null; };
const quick = opts.includes("--quick"), json = opts.includes("--json");
const N = quick ? 200 : 400, NCALL = quick ? 2000 : 4000, PER = 125;
const R = Number(argAt("--rounds") || (quick ? 3 : 5));
const STALL_S = 60; // a workload whose transactions are not all mined by then is reported stalled
const loadgen = argAt("--loadgen") || path.join(path.dirname(rivet), "bench_node_loadgen");
const anvilBin = path.join(tn, "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
const KEY0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const { abi, bytecode } = compile();
const iface = new ethers.Interface(abi);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rivet-bench-"));

// Set-up (deploys, funding, receipts) goes through a small keep-alive HTTP/1.1 client here; the
// timed spans run bench_node_loadgen (bench/node/loadgen.c, built beside RIVET_BIN, or
// --loadgen): a C client whose requests are encoded before its clock starts and which costs a
// few microseconds of CPU per request, so the rate is the node's (a Node.js client costs
// 26-170 us per request, as much as either node: bench/node/README.md).
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
  send(raw) { return new Promise((res) => { this.wait = res; this.s.write(raw); }); }
}
const body = (method, params) => JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
const http = (b) => Buffer.from(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`);
async function rpc(nd, method, params = []) {
  const j = JSON.parse((await nd.conn.send(http(body(method, params)))).toString());
  if (j.error) throw new Error(`${nd.name} ${method}: ${j.error.message}`);
  return j.result;
}
// CPU seconds the node process used so far, all its threads (anvil runs several): the sum of
// each thread's run time from /proc/PID/task/*/schedstat (nanoseconds; /proc/PID/stat's ticks
// are too coarse for 20 us calls).
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
async function receipt(nd, h, deadline = performance.now() + STALL_S * 1000) {
  for (;;) {
    const r = await rpc(nd, "eth_getTransactionReceipt", [h]);
    if (r) return r;
    if (performance.now() > deadline) return null;
    await new Promise((res) => setTimeout(res, 5));
  }
}
// A node on a free port (a random one; tried again if the node exits, e.g. the port was taken).
async function start(name, cmd) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const p = spawn(cmd[0], [...cmd.slice(1), "--port", String(port)], { stdio: "ignore" });
    let exited = false;
    p.once("exit", () => { exited = true; });
    for (let i = 0; i < 100 && !exited; i++) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}`, { method: "POST", headers: { "content-type": "application/json" },
                                                           body: body("eth_chainId", []) });
        if ((await r.json()).result) break;
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 300));
    if (!exited) return { name, p, port, conn: new Conn(port), out: { rssStart: rss(p.pid) }, runs: {} };
  }
  throw new Error(`${name} did not start`);
}

// One timed span on one node: bench_node_loadgen sends the lines (JSON bodies) over `conns`
// connections ("K body" lines with lanes: connection K sends its lines in order), then polls
// each `until` body (a receipt) until it is not null; the rate is per second of its clock.
function span(nd, k, lines, conns, until = [], lanes = false) {
  const f = path.join(tmp, `${nd.name}-${k}.txt`);
  fs.writeFileSync(f, lines.join("\n") + "\n");
  const args = ["--port", String(nd.port), "--conns", String(conns), "--deadline", String(STALL_S), f];
  if (lanes) args.push("--lanes");
  for (const u of until) args.push("--until", u);
  const c0 = cpu(nd.p.pid);
  const g = spawnSync(loadgen, args, { encoding: "utf8" });
  if (g.status !== 0) throw new Error(`loadgen (${nd.name} ${k}): ${g.stderr || g.error}`);
  const j = JSON.parse(g.stdout);
  const r = (nd.runs[k] ||= { rates: [], cpu: 0, cli: [], n: 0 });
  r.rates.push(j.stalled ? NaN : lines.length / j.seconds);
  r.cpu += cpu(nd.p.pid) - c0;
  r.n += lines.length;
  r.cli.push(j.client_cpu_us);
  return j;
}
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const fee = { type: 2, chainId: 31337, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 10n ** 9n };
const signAll = (w, from, n, tx) =>
  Promise.all(Array.from({ length: n }, (_, k) => w.signTransaction({ ...fee, ...tx(k), nonce: from + k })));
const send = (raw) => body("eth_sendRawTransaction", [raw]);
const receiptReq = (raw) => body("eth_getTransactionReceipt", [ethers.keccak256(raw)]);

const loadavg = () => fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const load0 = loadavg();
const names = ["rivet"];
if (!opts.includes("--rivet-only")) {
  try { fs.accessSync(anvilBin, fs.constants.X_OK); names.push("anvil"); }
  catch (e) { console.error(`anvil skipped: ${e.message}`); }
}
const cmds = { rivet: [rivet, "node", "-q", ...extra], anvil: [anvilBin, "--silent"] };
const res = Object.fromEntries(names.map((n) => [n, { name: n, out: {}, runs: {} }]));
// Fresh nodes, both side by side (their results accumulate in res)
async function fresh() {
  const v = [];
  for (const n of names) {
    const nd = await start(n, cmds[n]);
    nd.runs = res[n].runs;
    res[n].out.rssStart ??= nd.out.rssStart;
    v.push(nd);
  }
  return v;
}
async function stop(nodes) {
  for (const nd of nodes) {
    res[nd.name].out.head = parseInt(await rpc(nd, "eth_blockNumber"), 16);
    res[nd.name].out.rssEnd = rss(nd.p.pid);
    nd.conn.s.destroy();
    nd.p.kill("SIGTERM");
    await new Promise((r) => nd.p.once("exit", r));
  }
}

// The transactions, signed once: every round starts from fresh nodes (the same genesis, so the
// same nonces and the same token address), both nodes get the same requests.
const w0 = new ethers.Wallet(KEY0);
const to = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const dep = await w0.signTransaction({ ...fee, nonce: 0, gasLimit: 1000000, data: bytecode });
const token = ethers.getCreateAddress({ from: w0.address, nonce: 0 });
const seqTxs = await signAll(w0, 1, N, (k) => ({ to, value: 1 + k, gasLimit: 21000 }));
const flTxs = await signAll(w0, 1 + N, N, (k) => ({ to, value: 1 + k, gasLimit: 21000 }));
const data = (k) => iface.encodeFunctionData("transfer", [ethers.zeroPadValue(ethers.toBeHex(k + 1), 20), 1]);
const ercTxs = await signAll(w0, 1 + 2 * N, N, (k) => ({ to: token, data: data(k), gasLimit: 80000 }));
const calls = Array.from({ length: NCALL }, (_, k) => body("eth_call", [{ to: token,
  data: iface.encodeFunctionData("balanceOf", [ethers.zeroPadValue(ethers.toBeHex((k % N) + 1), 20)]) }, "latest"]));

for (let round = 0; round < R; round++) {
  const nodes = await fresh();
  for (const nd of nodes) {
    const r = await receipt(nd, await rpc(nd, "eth_sendRawTransaction", [dep]));
    if (r.contractAddress.toLowerCase() !== token.toLowerCase()) throw new Error(`${nd.name}: token address`);
  }
  // each span, alternating which node goes first
  const each = (fn) => { for (const nd of round % 2 ? [...nodes].reverse() : nodes) fn(nd); };
  each((nd) => span(nd, "seq", seqTxs.map(send), 1, [receiptReq(seqTxs[N - 1])]));
  each((nd) => span(nd, "flight16", flTxs.map(send), 16, [receiptReq(flTxs[N - 1])]));
  each((nd) => span(nd, "erc20", ercTxs.map(send), 1, [receiptReq(ercTxs[N - 1])]));
  each((nd) => span(nd, "call", calls, 16));
  await stop(nodes);
}

// 16 funded senders (untimed), then 16 x PER transfers concurrently until all are mined, once,
// on fresh nodes (anvil stalls on it for the whole deadline)
const senders = Array.from({ length: 16 }, (_, i) => new ethers.Wallet(ethers.keccak256(ethers.toBeHex(i + 1, 32))));
const fund = await signAll(w0, 0, 16, (k) => ({ to: senders[k].address, value: 10n ** 20n, gasLimit: 21000 }));
const batches = await Promise.all(senders.map((s) => signAll(s, 0, PER, (k) => ({ to, value: 1 + k, gasLimit: 21000 }))));
const lines = []; // interleaved, so the file order favours no lane
for (let k = 0; k < PER; k++) batches.forEach((b, c) => lines.push(`${c} ${send(b[k])}`));
const nodes = await fresh();
for (const nd of nodes) {
  for (const raw of fund) await rpc(nd, "eth_sendRawTransaction", [raw]);
  await receipt(nd, ethers.keccak256(fund[15]));
  const j = span(nd, "senders", lines, 16, batches.map((b) => receiptReq(b[PER - 1])), true);
  if (j.stalled) {
    const pend = await rpc(nd, "txpool_status").catch(() => null);
    res[nd.name].out.stall = `${j.stalled} of 16 senders not fully mined after ${STALL_S} s` +
                             (pend ? ` (txpool pending ${parseInt(pend.pending, 16)})` : "");
  }
}
await stop(nodes);
for (const nd of Object.values(res)) {
  for (const [k, r] of Object.entries(nd.runs)) {
    nd.out[k] = median(r.rates);
    nd.out[`cpu_${k}`] = (r.cpu * 1e6) / r.n;
    nd.out[`cli_${k}`] = median(r.cli);
  }
}
fs.rmSync(tmp, { recursive: true, force: true });

const r = res.rivet.out, a = res.anvil ? res.anvil.out : null;
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
if (json) {
  // scripts/reports.py (docs/reports/hybrid.md): the same rows, unrounded; NaN (stalled) as null
  const v = (x) => (x === undefined || Number.isNaN(x) ? null : x);
  console.log(JSON.stringify({ n: N, calls: NCALL, per_sender: PER, rounds: R, rows: rows.map(([label, k]) =>
    ({ label, key: k, rivet: v(r[k]), anvil: a ? v(a[k]) : null })),
    rounds_rates: Object.fromEntries(Object.values(res).map((nd) => [nd.name, Object.fromEntries(
      Object.entries(nd.runs).map(([k, x]) => [k, x.rates.map(v)]))])),
    blocks: { rivet: r.head, anvil: a ? a.head : null }, load: { start: load0, end: loadavg() } }, null, 1));
  process.exit(0);
}
console.log(`\n| workload (N=${N}, calls=${NCALL}, median of ${R} rounds) | rivet node | anvil 1.7.1 | rivet/anvil |`);
console.log("|---|---:|---:|---:|");
for (const [label, k] of rows) {
  const rv = r[k], av = a ? a[k] : NaN;
  const f = (x) => (Number.isNaN(x) ? "stalled" : x.toFixed(1));
  const ratio = a && !Number.isNaN(rv) && !Number.isNaN(av) ? (rv / av).toFixed(2) : "-";
  console.log(`| ${label} | ${f(rv)} | ${a ? f(av) : "-"} | ${ratio} |`);
}
console.log(`\n${new Date().toISOString()}, load average at the start ${load0}, at the end ${loadavg()}`);
console.log(`\nblocks mined: rivet ${r.head}${a ? `, anvil ${a.head}` : ""}`);
for (const nd of Object.values(res)) {
  const k = Object.keys(nd.runs).filter((x) => x !== "senders");
  console.error(`${nd.name} rounds: ` + k.map((x) => `${x} ${nd.runs[x].rates.map((y) => y.toFixed(0)).join("/")}`).join(", "));
  if (nd.out.stall) console.log(`${nd.name}: 16 senders x ${PER}: ${nd.out.stall}`);
}
