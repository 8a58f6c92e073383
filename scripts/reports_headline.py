"""The tables of docs/headline.md (data set "headline": bench/headline.py), for scripts/reports.py.
Instruction counts are exact (the guest's retired instructions under `rivet exec`), so the
tables are checked by CI against the committed data."""
from reports_render import n, table

REGIONS = ["read", "check", "execute", "root", "finish"]
MAINNET = {  # vendor input file -> (block, transactions), from guests/vendor/reth/README.md
    "zec-rsp-zisk0.13.20852412_38_3_rsp.bin": ("20 852 412 (rsp input)", 38),
    "rsp-input.21740136.bin": ("21 740 136 (rsp input)", 88),
    "zec-reth-v0.8.0.mainnet_24628607_66_7.bin": ("24 628 607 (zisk input)", 66),
    "zec-reth-v0.8.0.mainnet_24628608_146_12.bin": ("24 628 608 (zisk input)", 146),
}


def mega(x):
    return "%.2f M" % (x / 1e6)


def accel(r, name):
    return n(r.get("accelerator_calls", {}).get(name, 0))


def block_rows(rows, label):
    out, gas, ins = [], 0, 0
    for r in rows:
        gas += r["gas"]
        ins += r["instructions"]
        reg = r.get("regions", {})
        out.append([label(r), n(r["gas"]), n(r["instructions"]),
                    "**%.2f**" % (r["instructions"] / r["gas"])]
                   + [mega(reg.get(k, 0)) for k in REGIONS]
                   + [accel(r, "zkvm_keccak256"), accel(r, "zkvm_secp256k1_ecrecover"),
                      "yes" if r.get("agree") else "**no**"])
    out.append(["**all %d**" % len(rows), n(gas), n(ins), "**%.2f**" % (ins / gas if gas else 0)]
               + [""] * (len(REGIONS) + 3))
    return out


HEAD = ["gas", "instructions", "**per gas**"] + REGIONS + ["keccak", "ecrecover", "guest = host"]


def t_mainnet(d):
    h = d.get("headline")
    if not h or not h["data"]["mainnet"]:
        return None
    rows = sorted(h["data"]["mainnet"], key=lambda r: MAINNET.get(r["file"], (r["file"],))[0])
    return table(["mainnet block"] + HEAD,
                 block_rows(rows, lambda r: MAINNET.get(r["file"], (r["file"],))[0]))


def t_generated(d):
    h = d.get("headline")
    if not h or not h["data"]["generated"]:
        return None
    rows = h["data"]["generated"]
    body = block_rows(rows, lambda r: "%s: %s txs, %s senders" % (
        r["file"].replace("mainnet-shaped-", "").replace(".json", ""), r.get("txs"),
        r.get("senders")))
    return table(["generated block"] + HEAD, body)


def t_vendor(d):
    h = d.get("headline")
    if not h or not h["data"]["vendor_guests"]:
        return None
    ours = {r["file"]: r for r in h["data"]["mainnet"]}
    out = []
    for v in h["data"]["vendor_guests"]:
        r = ours.get(v.get("input"))
        calls = v.get("accel_calls") or {}
        out.append([MAINNET.get(v.get("input"), (v.get("input"),))[0], v["binary"], v["profile"],
                    n(v["gas"]) if v.get("gas") else "-", n(v["steps"]),
                    "**%.2f**" % v["per_gas"] if v.get("per_gas") else "-",
                    n(sum(calls.values())), "yes" if v.get("block_hash_ok") else "**no**",
                    "%.2f" % (r["instructions"] / r["gas"]) if r else "-"])
    for v in (d.get("vendor-binaries") or {}).get("data", []):  # SP1's rsp client (v6)
        if not v["binary"].startswith("reth/rsp-client"):
            continue
        r = ours.get("rsp-input.21740136.bin")
        gas = r["gas"] if r else None
        calls = v.get("accel_calls") or {}
        out.append([MAINNET["rsp-input.21740136.bin"][0], "rsp-client-v6 (SP1)", v["profile"],
                    n(gas) if gas else "-", n(v["steps"]),
                    "**%.2f**" % (v["steps"] / gas) if gas else "-", n(sum(calls.values())),
                    "yes (ctest vendor.rsp_v6)" if v["result"] == "exit 0" else "**no**",
                    "%.2f" % (r["instructions"] / r["gas"]) if r else "-"])
    return table(["mainnet block", "vendor guest", "profile", "gas", "instructions",
                  "**per gas**", "accelerator calls", "block hash", "rivet's guest per gas"], out)


TABLES = [
    ("../headline.md", "headline-mainnet", True, t_mainnet),
    ("../headline.md", "headline-generated", True, t_generated),
    ("../headline.md", "headline-vendor", True, t_vendor),
]
