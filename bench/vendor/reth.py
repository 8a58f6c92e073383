#!/usr/bin/env python3
"""bench/vendor/reth.py: the field's reth guests, built by ZisK's own toolchain, on rivet's
emulator (`rivet exec --profile zisk`) over the mainnet blocks committed next to them
(../shared/guests/vendor/reth/README.md). Per binary and input: RISC-V instructions retired
(steps), block gas, instructions per gas, the accelerator calls (CSR ports, DMA markers,
fcall hints) counted apart, and whether the committed block hash is the documented one.

  bench/vendor/reth.py [--build BUILD | --rivet BUILD/rivet] [--vendor DIR] [--aot] [--json]

--json prints one object per line: binary, profile, input, steps, gas, per_gas, accel_calls,
block_hash_ok (read by docs/headline.md and docs/universal-translator.md); otherwise a table.
Deterministic apart from nothing: the counts are exact instruction counts, no timings."""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# (binary, input, gas, block hash): gas and hashes from the vendor README
H607 = "d6edeb114882eb19af618789a4ebd5f84984e7d340d54459d1b2d9d7c1ed99a9"
H608 = "2fd7407d232b8b7fde2a8372b5e77fd65f815847b70d9cf25134b123f4a69e03"
H412 = "ffca2eff6f36447e04fe40b5e92e8c0277180e1bdcc54284ea166c70bf0b137f"
B607 = "zec-reth-v0.8.0.mainnet_24628607_66_7.bin"
B608 = "zec-reth-v0.8.0.mainnet_24628608_146_12.bin"
RUNS = [
    ("zec-reth-no-precompiles-0.17dev.elf", B607, 7372614, H607),
    ("zec-reth-no-precompiles-0.17dev.elf", B608, 12907474, H608),
    ("zec-reth-v0.8.0.elf", B607, 7372614, H607),
    ("zec-reth-v0.8.0.elf", B608, 12907474, H608),
    ("zec-rsp-zisk0.13.elf", "zec-rsp-zisk0.13.20852412_38_3_rsp.bin", 3000029, H412),
]


def run(rivet, vendor, elf, inp, gas, want, aot):
    cmd = [rivet, "exec", "--profile", "zisk-auto", "--json"] + (["--aot"] if aot else [])
    cmd += ["--input", os.path.join(vendor, inp), os.path.join(vendor, elf)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    o = json.loads(p.stdout)
    pv = o.get("public_values", "")
    ok = o.get("stop") == "exit" and (pv.startswith("20" + "00" * 7 + want) or pv == want)
    calls = {k: v for k, v in sorted(o.get("accel_calls", {}).items())}
    return {"binary": elf, "profile": "zisk-" + o.get("io", "?"), "input": inp,
            "steps": o["instret"], "gas": gas, "per_gas": round(o["instret"] / gas, 2),
            "accel_calls": calls, "block_hash_ok": ok}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", help="a build folder (its rivet; bench/headline.py passes it)")
    ap.add_argument("--rivet", default=os.path.join(ROOT, "build", "release", "rivet"))
    ap.add_argument("--vendor", default=os.path.join(ROOT, "..", "shared", "guests", "vendor",
                                                     "reth"))
    ap.add_argument("--aot", action="store_true", help="run the translation instead")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if a.build:
        a.rivet = os.path.join(a.build, "rivet")
    rows = [run(a.rivet, a.vendor, *r, a.aot) for r in RUNS]
    if a.json:
        for r in rows:
            print(json.dumps(r, sort_keys=True))
    else:
        print("| binary | input | instructions | gas | per gas | port calls | DMA | fcalls | hash |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---|")
        for r in rows:
            c = r["accel_calls"]
            dma = sum(v for k, v in c.items() if k.startswith("dma_"))
            fc = sum(v for k, v in c.items() if k.startswith("fcall_"))
            ports = sum(c.values()) - dma - fc
            print(f"| {r['binary']} | {r['input'].split('.')[-2]} | {r['steps']:,} | "
                  f"{r['gas']:,} | {r['per_gas']} | {ports:,} | {dma:,} | {fc:,} | "
                  f"{'ok' if r['block_hash_ok'] else 'WRONG'} |")
    return 0 if all(r["block_hash_ok"] for r in rows) else 1


sys.exit(main())
