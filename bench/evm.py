#!/usr/bin/env python3
"""EVM benchmarks: runs the evmone/ipsilon benchmark contracts with `rivet evm` and prints gas
used, time per run, gas/s and x86 instructions per run (valgrind --tool=callgrind, difference
between 3 runs and 1 run in one process, divided by 2), next to evmone's baseline figures from
the fixture README.

usage: bench/evm.py [--rivet PATH] [--fixtures DIR] [--no-callgrind] [--repeat N] [FILTER...]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

CONTRACT = "0xbe7c43a580000000000000000000000000000001"


def evmone_figures(readme):
    """{'snailtracer/benchmark': (gas, time, instr)} from the README's reference table."""
    out = {}
    try:
        text = open(readme).read()
    except OSError:
        return out
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and "/" in cells[0] and cells[0][0].isalpha():
            out[cells[0]] = (cells[1], cells[2], cells[6])
    return out


def cases(bench_dir, filters):
    for name in sorted(os.listdir(bench_dir)):
        if not name.endswith(".json"):
            continue
        test = next(iter(json.load(open(os.path.join(bench_dir, name))).values()))
        code = test["pre"][CONTRACT]["code"]
        labels = test.get("_info", {}).get("labels", {})
        for i, data in enumerate(test["transaction"]["data"]):
            label = "%s/%s" % (name[:-5], labels.get(str(i), str(i)))
            if not filters or any(f in label for f in filters):
                yield label, code, data


def run(rivet, code_file, input_file, repeat, prefix=()):
    cmd = list(prefix) + [rivet, "evm", "--fork", "London", "--code", "@" + code_file,
                          "--input", "@" + input_file, "--repeat", str(repeat), "--time"]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - t0, p


def callgrind_instr(rivet, code_file, input_file, repeat, tmp):
    out = os.path.join(tmp, "cg.out")
    _, p = run(rivet, code_file, input_file, repeat,
               ("valgrind", "--tool=callgrind", "--callgrind-out-file=" + out))
    m = re.search(r"Collected : (\d+)", p.stderr)
    return int(m.group(1)) if m else None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--rivet", default=os.path.join(here, "..", "build", "release", "rivet"))
    ap.add_argument("--fixtures", default=os.path.join(here, "..", "..", "shared", "fixtures",
                                                       "evm-benchmarks"))
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("filters", nargs="*")
    a = ap.parse_args()
    bench_dir = os.path.join(a.fixtures, "benchmarks", "main")
    ref = evmone_figures(os.path.join(a.fixtures, "README.md"))
    use_cg = not a.no_callgrind and shutil.which("valgrind")

    check = subprocess.run([a.rivet, "statetest", bench_dir], capture_output=True, text=True)
    print("state tests (London): " + check.stdout.strip().splitlines()[-1])

    hdr = "%-30s %12s %10s %9s %13s | %10s %10s %13s %6s" % (
        "benchmark/input", "gas (London)", "time/run", "gas/s", "x86 instr", "evmone gas",
        "time", "x86 instr", "ratio")
    print(hdr)
    print("-" * len(hdr))
    with tempfile.TemporaryDirectory() as tmp:
        for label, code, data in cases(bench_dir, a.filters):
            cf, inf = os.path.join(tmp, "code"), os.path.join(tmp, "input")
            open(cf, "w").write(code)
            open(inf, "w").write(data)
            _, p = run(a.rivet, cf, inf, 1)
            m = re.search(r"gas used: (\d+)", p.stdout)
            if p.returncode != 0 or not m:
                print("%-30s failed: %s" % (label, (p.stdout + p.stderr).strip()[:80]))
                continue
            gas = int(m.group(1))
            _, pn = run(a.rivet, cf, inf, a.repeat)
            per = float(re.search(r"time per run: ([0-9.]+) us", pn.stdout).group(1)) / 1e6
            instr = None
            if use_cg:
                i1 = callgrind_instr(a.rivet, cf, inf, 1, tmp)
                i3 = callgrind_instr(a.rivet, cf, inf, 3, tmp)
                instr = (i3 - i1) // 2 if i1 and i3 else None
            r = ref.get(label, ("-", "-", "-"))
            ratio = "-"
            if instr and r[2] not in ("-", "–"):
                mult = {"M": 1e6, "k": 1e3}.get(r[2][-1], 1)
                ratio = "%.2f" % (instr / (float(r[2].rstrip("Mk ")) * mult))
            print("%-30s %12d %8.3fms %8.3fG %13s | %10s %10s %13s %6s" % (
                label, gas, per * 1e3, gas / per / 1e9,
                "{:,}".format(instr) if instr else "-", r[0], r[1], r[2], ratio))
    return 0


if __name__ == "__main__":
    sys.exit(main())
