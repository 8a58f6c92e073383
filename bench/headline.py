#!/usr/bin/env python3
"""bench/headline.py: the data behind docs/headline.md, as one JSON object on stdout.

  bench/headline.py BUILD [--no-generate] [--blocks DIR]

* "mainnet": rivet's validator guest (BUILD/riscv64/stateless.zkvm.elf under `rivet exec`) on
  the mainnet blocks the reth guests' vendors committed (../shared/guests/vendor/reth/*.bin):
  gas, instructions, per gas, regions, accelerator calls, guest = host (bench/stateless_guest
  --json);
* "generated": the same guest on bench/blockgen's mainnet-shaped 30, 45 and 60 M-gas blocks
  (made here by `rivet node`, deterministic; --blocks DIR reuses blocks made before,
  --no-generate leaves them out);
* "vendor_guests": the vendors' own reth guests on the same mainnet blocks under their zkVM
  profiles (bench/vendor/reth.py --json), when that bench is present.

scripts/reports.py --collect BUILD headline stores it in docs/reports/data/headline.json and
rewrites the tables of docs/headline.md."""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared")


def guest(build, files, network=None):
    cmd = [sys.executable, os.path.join(HERE, "stateless_guest"), "--build", build, "--json"]
    cmd += ["--network", network] if network else []
    p = subprocess.run(cmd + files, capture_output=True, text=True)
    rows = [json.loads(ln) for ln in p.stdout.splitlines() if ln.startswith("{")]
    if p.returncode not in (0, 1) or len(rows) != len(files):
        sys.exit("headline: bench/stateless_guest failed (%d): %s" % (p.returncode, p.stderr[-2000:]))
    for r in rows:
        r["file"] = os.path.basename(r["file"])
    return rows


def generated(build, blocks):
    made = None
    if not blocks:
        made = tempfile.mkdtemp(prefix="headline-blocks.")
        p = subprocess.run(["node", os.path.join(HERE, "blockgen", "blockgen.mjs"), "--rivet",
                            os.path.join(build, "rivet"), "--out", made], capture_output=True,
                           text=True)
        if p.returncode != 0:
            sys.exit("headline: bench/blockgen failed: %s" % p.stderr[-2000:])
        blocks = made
    files = sorted(glob.glob(os.path.join(blocks, "mainnet-shaped-*M.json")),
                   key=lambda f: int(f.rsplit("-", 1)[1][:-6]))
    summary = {r["file"]: r for r in json.load(open(os.path.join(blocks, "blocks.json")))}
    rows = guest(build, files, "Osaka")
    for r in rows:
        s = summary.get(r["file"], {})
        r.update({k: s.get(k) for k in ("txs", "reverted", "senders", "mix", "witness_nodes")})
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("build")
    ap.add_argument("--no-generate", action="store_true")
    ap.add_argument("--blocks", help="bench/blockgen output folder to reuse")
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    reth = sorted(glob.glob(os.path.join(SHARED, "guests", "vendor", "reth", "*.bin")))
    out = {"mainnet": guest(build, reth) if reth else [],
           "generated": [] if a.no_generate else generated(build, a.blocks),
           "vendor_guests": []}
    vend = os.path.join(HERE, "vendor", "reth.py")
    if os.path.exists(vend):
        p = subprocess.run([sys.executable, vend, "--build", build, "--json"], capture_output=True,
                           text=True)
        out["vendor_guests"] = [json.loads(ln) for ln in p.stdout.splitlines()
                                if ln.startswith("{")]
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
