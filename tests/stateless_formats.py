#!/usr/bin/env python3
"""ctest stateless.formats: `rivet stateless` on the JSON input forms of the vendor mainnet blocks
(../shared/guests/vendor/reth/zec-reth-*.bin), written by the independent Python walker
tests/unit/eth/reth_bincode.py (eth_getBlockByNumber + debug_executionWitness, as one file and as
two; scroll BlockWitness current and legacy; a witness without headers with --parent or
--pre-state-root). Valid blocks must carry the README's block hash and gas; damaged inputs must be
rejected; with the zkVM guest built, guest and host must agree on every form (--guest-input).

  stateless_formats.py RIVET SHARED_DIR WORK_DIR [STATELESS_ZKVM_ELF]"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, os.pardir, "guest", "stateless"))
import inputs  # noqa: E402

SKIPPED = "number, parent_hash, timestamp, gas_limit, base_fee, excess_blob_gas"


def main():
    rivet, shared, work = sys.argv[1:4]
    elf = sys.argv[4] if len(sys.argv) > 4 and os.path.exists(sys.argv[4]) else None
    vendor = os.path.join(shared, "guests", "vendor", "reth")
    blocks = [v for v in inputs.VENDOR if v[1].startswith("zec-reth") and
              os.path.exists(os.path.join(vendor, v[1]))]
    if not blocks:
        print("skip: no vendor inputs under %s" % vendor)
        return 77
    os.makedirs(work, exist_ok=True)
    bad = runs = guest_runs = 0
    for name, f, bhash, gas in blocks:
        pre = os.path.join(work, name.split()[0])
        subprocess.run([sys.executable, os.path.join(HERE, "unit", "eth", "reth_bincode.py"),
                        "--json", os.path.join(vendor, f), pre], check=True)
        j = lambda s: "%s.%s.json" % (pre, s)  # noqa: E731
        root = json.load(open(j("parent")))["stateRoot"]
        # damaged copies: one transaction's value, the parent's gas limit, scroll's pre-state root
        blk = json.load(open(j("block")))
        blk["result"]["transactions"][0]["value"] = hex(int(
            blk["result"]["transactions"][0]["value"], 16) + 1)
        json.dump(blk, open(j("bad-tx"), "w"))
        par = json.load(open(j("parent")))
        par["gasLimit"] = hex(int(par["gasLimit"], 16) + 1)
        json.dump(par, open(j("bad-parent"), "w"))
        sc = json.load(open(j("scroll")))
        sc["pre_state_root"] = "0x" + "11" * 32
        json.dump(sc, open(j("bad-scroll"), "w"))
        cases = [  # (what, args, valid, parent checks skipped)
            ("rpc pair", [j("pair")], True, False),
            ("block + witness", [j("block"), j("witness")], True, False),
            ("scroll", [j("scroll")], True, True),
            ("scroll legacy", [j("scroll-legacy")], True, True),
            ("--parent", ["--parent", j("parent"), j("block"), j("witness-noheaders")], True,
             False),
            ("--pre-state-root", ["--pre-state-root", root, j("block"), j("witness-noheaders")],
             True, True),
            ("no parent", [j("block"), j("witness-noheaders")], False, False),
            ("wrong --pre-state-root", ["--pre-state-root", "0x" + "22" * 32, j("block"),
                                        j("witness")], False, False),
            ("damaged tx", [j("bad-tx"), j("witness")], False, False),
            ("damaged parent", ["--parent", j("bad-parent"), j("block"), j("witness-noheaders")],
             False, False),
            ("damaged scroll root", [j("bad-scroll")], False, True),
        ]
        for what, args, valid, skipped in cases:
            gin = os.path.join(work, "guest.in")
            r = subprocess.run([rivet, "stateless", "--guest-input", gin] + args,
                               capture_output=True)
            runs += 1
            problems = []
            if b"Sanitizer" in r.stderr or b"runtime error" in r.stderr:  # an asan build
                problems.append("sanitizer: %s" % r.stderr.decode()[-300:])
            try:
                h = json.loads(r.stdout)
            except ValueError:
                h = None
            if h is None:
                if valid:
                    problems.append("no verdict: %s" % r.stderr.decode()[-200:])
            else:
                if h["valid"] != valid:
                    problems.append("valid %s (%s)" % (h["valid"], h["error"]))
                if valid and (h["block_hash"][2:] != bhash or h["gas_used"] != gas):
                    problems.append("hash %s gas %s" % (h["block_hash"], h["gas_used"]))
                if (h.get("parent_checks_skipped") == SKIPPED) != skipped:
                    problems.append("parent_checks_skipped %r" % h.get("parent_checks_skipped"))
                if elf and os.path.exists(gin):
                    g = subprocess.run([rivet, "exec", "--abi", "zkvm", "--input", gin, elf],
                                       capture_output=True)
                    got = inputs.parse_output("geth", g.stdout)
                    guest_runs += 1
                    if not got or any(got[k] != (h[k][2:] if isinstance(h[k], str) else h[k])
                                      for k in ("valid", "block_hash", "state_root",
                                                "receipts_root", "gas_used")):
                        problems.append("guest %r differs from the host" % (got,))
            if os.path.exists(gin):
                os.remove(gin)
            if problems:
                bad += 1
                print("FAIL %s, %s: %s" % (name, what, "; ".join(problems)))
    print("%d runs, %d as expected; guest = host on %d" % (runs, runs - bad, guest_runs))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
