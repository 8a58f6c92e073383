// The transport, against any node (run.sh runs it after client.mjs, on rivet and on anvil):
// CORS for browser wallets, the JSON-RPC envelope, many connections at once (rivet serves them
// from several worker threads: every reply must carry its own request's id and answer), and
// WebSocket notifications of blocks mined by requests on other connections.
// usage: node http.mjs URL   -> "N passed, N failed"
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), "package.json"));
const { ethers } = require("ethers");
const WebSocket = require("ws");

const url = process.argv[2];
let passed = 0, failed = 0;
function check(name, cond, detail = "") {
  if (cond) passed++;
  else { failed++; console.log(`FAIL ${name} ${detail}`); }
}
const post = (body, headers = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers },
               body: typeof body === "string" ? body : JSON.stringify(body) });
const call = async (method, params, id = 1) => (await post({ jsonrpc: "2.0", id, method, params })).json();

// CORS: a browser page on another origin may call the node
{
  const origin = "http://localhost:5173";
  const r = await post({ jsonrpc: "2.0", id: 1, method: "eth_chainId" }, { origin });
  const allow = r.headers.get("access-control-allow-origin");
  check("POST with Origin: access-control-allow-origin", allow === "*" || allow === origin, String(allow));
  const pre = await fetch(url, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST",
                                                               "access-control-request-headers": "content-type" } });
  check("preflight: 2xx", pre.status >= 200 && pre.status < 300, String(pre.status));
  const po = pre.headers.get("access-control-allow-origin");
  check("preflight: allow-origin", po === "*" || po === origin, String(po));
  const pm = (pre.headers.get("access-control-allow-methods") || "").toUpperCase();
  check("preflight: POST allowed", pm === "*" || pm.includes("POST"), pm);
}

// the envelope
{
  const j = await (await post('{"jsonrpc":"2.0","id":"abc","method":"eth_chainId"}')).json();
  check("no params, string id echoed", j.result === "0x7a69" && j.id === "abc", JSON.stringify(j));
  const b = await (await post([{ jsonrpc: "2.0", id: 7, method: "eth_chainId" },
                                { jsonrpc: "2.0", id: 8, method: "net_version", params: [] }])).json();
  check("batch: both answered, ids echoed", Array.isArray(b) && b.length === 2 &&
        b.find((x) => x.id === 7)?.result === "0x7a69" && b.find((x) => x.id === 8)?.result === "31337", JSON.stringify(b));
  const pe = await (await post('{"jsonrpc":"2.0","id":1,"method":')).json();
  // the JSON-RPC 2.0 code; anvil answers -32600 (as client.mjs notes), rivet must say -32700
  const rivet = ((await call("web3_clientVersion", [])).result || "").startsWith("rivet");
  check("parse error -32700", pe.error?.code === -32700 || (!rivet && pe.error?.code === -32600), JSON.stringify(pe));
  const um = await call("eth_noSuchMethod", [], 3);
  check("unknown method -32601", um.error?.code === -32601 && um.id === 3, JSON.stringify(um));
}

// 64 connections at once, each with its own id and question (balances of distinct accounts)
{
  const keys = Array.from({ length: 64 }, (_, i) => ethers.zeroPadValue(ethers.toBeHex(0x1000 + i), 20));
  const rs = await Promise.all(keys.map((a, i) => call("eth_getBalance", [a, "latest"], 1000 + i)));
  check("64 concurrent requests: ids and answers", rs.every((r, i) => r.id === 1000 + i && r.result === "0x0"),
        JSON.stringify(rs.find((r, i) => r.id !== 1000 + i || r.result !== "0x0")));
}

// 64 eth_calls at once (rivet answers them side by side, sharing the chain's lock), while
// transactions are mined: the identity precompile echoes each call's own input
{
  const w = new ethers.Wallet("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6"); // account 3
  const nonce = parseInt((await call("eth_getTransactionCount", [w.address, "latest"])).result, 16);
  const raws = await Promise.all(Array.from({ length: 4 }, (_, k) => w.signTransaction({
    type: 2, chainId: 31337, nonce: nonce + k, to: w.address, value: 1, gasLimit: 21000,
    maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 10n ** 9n })));
  const input = (i) => ethers.zeroPadValue(ethers.toBeHex(0xc0de00 + i), 32);
  const [rs] = await Promise.all([
    Promise.all(Array.from({ length: 64 }, (_, i) =>
      call("eth_call", [{ to: "0x0000000000000000000000000000000000000004", data: input(i) }, "latest"], 2000 + i))),
    Promise.all(raws.map((raw, k) => call("eth_sendRawTransaction", [raw], 3000 + k)))]);
  check("64 concurrent eth_calls: each its own answer", rs.every((r, i) => r.id === 2000 + i && r.result === input(i)),
        JSON.stringify(rs.find((r, i) => r.id !== 2000 + i || r.result !== input(i))));
}

// WebSocket subscribers see blocks mined by transactions sent on other connections
{
  const wsUrl = url.replace(/^http/, "ws");
  const socks = await Promise.all(Array.from({ length: 3 }, () => new Promise((res, rej) => {
    const s = new WebSocket(wsUrl);
    s.once("open", () => res(s));
    s.once("error", rej);
  })));
  const heads = socks.map(() => []);
  await Promise.all(socks.map((s, i) => new Promise((res) => {
    s.on("message", (m) => {
      const j = JSON.parse(m.toString());
      if (j.id === 1) res();
      else if (j.method === "eth_subscription") heads[i].push(parseInt(j.params.result.number, 16));
    });
    s.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_subscribe", params: ["newHeads"] }));
  })));
  const w = new ethers.Wallet("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"); // account 2
  let nonce = parseInt((await call("eth_getTransactionCount", [w.address, "latest"])).result, 16);
  const raws = await Promise.all(Array.from({ length: 8 }, (_, k) => w.signTransaction({
    type: 2, chainId: 31337, nonce: nonce + k, to: w.address, value: 1, gasLimit: 21000,
    maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 10n ** 9n })));
  const first = parseInt((await call("eth_blockNumber", [])).result, 16);
  const sent = await Promise.all(raws.map((raw, k) => call("eth_sendRawTransaction", [raw], 50 + k)));
  check("8 transactions on 8 connections accepted", sent.every((r, k) => r.id === 50 + k && r.result), JSON.stringify(sent.find((r) => !r.result)));
  let last = 0;
  for (let i = 0; i < 100; i++) {
    const r = await call("eth_getTransactionReceipt", [ethers.keccak256(raws[7])]);
    if (r.result) { last = parseInt(r.result.blockNumber, 16); break; }
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 300));
  for (let i = 0; i < socks.length; i++)
    check(`subscriber ${i} saw every new block (${first + 1}..${last})`, last > first &&
          heads[i].filter((n) => n > first && n <= last).length === last - first, JSON.stringify(heads[i]));
  for (const s of socks) s.close();
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
