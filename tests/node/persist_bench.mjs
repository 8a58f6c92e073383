// Start-up time and node CPU per transaction with --data-dir, for two rivet binaries measured in
// one run (e.g. before and after a change to the store). Each binary makes its own chain of N
// blocks (N signed transfers, 8 in flight, automine: one block each) in a fresh data dir; the
// node's CPU (/proc/PID/schedstat: user and system) over the stream is divided by N. Then each binary starts
// on its own dir R times (the best time to the first eth_chainId answer, and the CPU the process
// used by then); the chains are made R times too, alternating which binary goes first, and the
// best CPU and wall time per transaction of each are kept. The second binary also on a copy of the first one's dir (a data dir the
// first wrote: for an older binary, a journal-only dir that is replayed once and migrated).
// usage: node persist_bench.mjs RIVET_A RIVET_B [N=3000] [R=3]
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";

const [binA, binB] = process.argv.slice(2, 4);
const N = Number(process.argv[4] ?? 3000), R = Number(process.argv[5] ?? 3);
const port = 20000 + Math.floor(Math.random() * 20000);
const url = `http://127.0.0.1:${port}`;
// seconds on a CPU (user and system), in nanoseconds from /proc/PID/schedstat
const cpu = (pid) => Number(fs.readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e9;
// [user, system] seconds from /proc/PID/stat (clock ticks, 100 per second here)
const usys = (pid) => fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")
  .slice(11, 13).map((t) => Number(t) / 100);
async function rpc(method, params = []) {
  const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" },
                               body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const j = await r.json();
  if (j.error) throw new Error(`${method}: ${j.error.message}`);
  return j.result;
}
async function start(bin, dir) {
  const t0 = performance.now();
  const p = spawn(bin, ["node", "--port", String(port), "--data-dir", dir, "-q"], { stdio: "ignore" });
  for (;;) {
    try { await rpc("eth_chainId"); break; } catch { await new Promise((r) => setTimeout(r, 2)); }
  }
  return { p, ms: performance.now() - t0, cpu: cpu(p.pid) };
}
async function stop(p) {
  p.kill("SIGTERM");
  if (p.exitCode === null) await new Promise((r) => p.once("exit", r));
}

const w = new ethers.Wallet("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
const to = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const raws = [];
for (let n = 0; n < N; n++)
  raws.push(await w.signTransaction({ to, value: 1000 + n, nonce: n, gasLimit: 21000, chainId: 31337,
    type: 2, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 10n ** 9n }));

async function chain(bin) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rivet-pbench-"));
  const { p } = await start(bin, dir);
  const c0 = cpu(p.pid), t0 = performance.now(), [u0, s0] = usys(p.pid);
  let next = 0;
  const worker = async () => { while (next < N) await rpc("eth_sendRawTransaction", [raws[next++]]); };
  await Promise.all(Array.from({ length: 8 }, worker));
  const c1 = cpu(p.pid), t1 = performance.now(), [u1, s1] = usys(p.pid);
  if (parseInt(await rpc("eth_blockNumber"), 16) !== N) throw new Error("not one block per transaction");
  await stop(p);
  return { dir, cpuPerTx: (c1 - c0) / N * 1e6, wallPerTx: (t1 - t0) / N * 1e3,
           userPerTx: (u1 - u0) / N * 1e6, sysPerTx: (s1 - s0) / N * 1e6,
           rm: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
async function starts(bin, dir, times) {
  let best = null;
  for (let i = 0; i < times; i++) {
    const s = await start(bin, dir);
    if (parseInt(await rpc("eth_blockNumber"), 16) !== N) throw new Error("head lost at start");
    await stop(s.p);
    if (!best || s.ms < best.ms) best = s;
  }
  return best;
}

// R rounds, alternating which binary goes first; the best per-transaction figures of each
let a = null, b = null;
const best = (x, y) => (x && (x.rm(), { dir: y.dir, cpuPerTx: Math.min(x.cpuPerTx, y.cpuPerTx),
                                       wallPerTx: Math.min(x.wallPerTx, y.wallPerTx),
                                       userPerTx: Math.min(x.userPerTx, y.userPerTx),
                                       sysPerTx: Math.min(x.sysPerTx, y.sysPerTx), rm: y.rm })) || y;
for (let i = 0; i < R; i++) {
  const [x, y] = i % 2 ? [null, await chain(binB)] : [await chain(binA), null];
  if (x) { a = best(a, x); b = best(b, await chain(binB)); } else { b = best(b, y); a = best(a, await chain(binA)); }
}
const sa = await starts(binA, a.dir, R), sb = await starts(binB, b.dir, R);
const copy = fs.mkdtempSync(path.join(os.tmpdir(), "rivet-pbench-"));
fs.cpSync(a.dir, copy, { recursive: true });
const first = await starts(binB, copy, 1), then = await starts(binB, copy, R);
const f = (x, d = 1) => x.toFixed(d).padStart(9);
console.log(`${N} blocks (one transfer each)      |        A |        B |   B / A`);
console.log(`node CPU per transaction, µs      |${f(a.cpuPerTx)} |${f(b.cpuPerTx)} |${f(b.cpuPerTx / a.cpuPerTx, 2)}`);
console.log(`  of which user, µs                |${f(a.userPerTx)} |${f(b.userPerTx)} |${f(b.userPerTx / a.userPerTx, 2)}`);
console.log(`  of which system, µs              |${f(a.sysPerTx)} |${f(b.sysPerTx)} |${f(b.sysPerTx / a.sysPerTx, 2)}`);
console.log(`wall per transaction (8 in flight), µs |${f(a.wallPerTx)} |${f(b.wallPerTx)} |${f(b.wallPerTx / a.wallPerTx, 2)}`);
const kib = (x) => fs.statSync(path.join(x.dir, "data.mdb")).size / 1024;
console.log(`data.mdb, KiB                     |${f(kib(a), 0)} |${f(kib(b), 0)} |${f(kib(b) / kib(a), 2)}`);
console.log(`start-up to first answer, ms      |${f(sa.ms)} |${f(sb.ms)} |${f(sb.ms / sa.ms, 3)}`);
console.log(`start-up CPU, ms                  |${f(sa.cpu * 1e3)} |${f(sb.cpu * 1e3)} |${f(sb.cpu / sa.cpu, 3)}`);
console.log(`B on A's dir: first start ms ${first.ms.toFixed(1)} (CPU ${(first.cpu * 1e3).toFixed(0)}), ` +
            `then ${then.ms.toFixed(1)} (CPU ${(then.cpu * 1e3).toFixed(0)})`);
for (const d of [a.dir, b.dir, copy]) fs.rmSync(d, { recursive: true, force: true });
