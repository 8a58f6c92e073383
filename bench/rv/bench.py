#!/usr/bin/env python3
"""bench/rv: RISC-V interpreter speed on the four kernels, in one run.

For each kernel: guest instructions (from `rivet exec --json`), the best of N runs of
`rivet exec` (CPU time of the child: user + sys), M instr/s, and the time ratio against the same
C compiled natively (best of N as well). Prints a table; the last line is the average M instr/s.

usage: bench.py [--build build/release] [--runs 3] [--variant rv64|rv64c|rv32]
Needs the guests built by the release build (`cmake --build --preset release`).
"""
import argparse
import json
import os
import resource
import subprocess
import sys

KERNELS = ["sha256", "sieve", "bigmul", "keccak"]


def cpu_time(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit("bench: %s failed: %s" % (" ".join(cmd), p.stderr.decode()[-300:]))
    t = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return t, p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build/release")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--variant", default="rv64", choices=["rv64", "rv64c", "rv32"])
    a = ap.parse_args()
    rivet = os.path.join(a.build, "rivet")
    gdir = os.path.join(a.build, "guests")
    rows = []
    print("%-8s %12s %9s %9s %9s %8s" % ("kernel", "instructions", "rivet s", "M instr/s",
                                         "native s", "ratio"))
    for k in KERNELS:
        elf = os.path.join(gdir, "%s.zkvm.%s.elf" % (k, a.variant))
        native = os.path.join(gdir, "%s.native" % k)
        _, out = cpu_time([rivet, "exec", "--json", elf])
        n = json.loads(out)["instret"]
        t = min(cpu_time([rivet, "exec", elf])[0] for _ in range(a.runs))
        tn = min(cpu_time([native])[0] for _ in range(a.runs))
        mips = n / t / 1e6
        rows.append(mips)
        print("%-8s %12d %9.3f %9.1f %9.3f %7.1fx" % (k, n, t, mips, tn, t / tn if tn else 0))
    print("average: %.1f M instr/s" % (sum(rows) / len(rows)))


if __name__ == "__main__":
    main()
