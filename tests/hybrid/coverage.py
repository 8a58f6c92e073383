#!/usr/bin/env python3
"""Checks that the hybrid state tests run every ecall of the contract ABI: runs
`rivet statetest --hybrid --trace` over tests/hybrid and collects the ecall lines."""
import json, os, subprocess, sys

rivet = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
table = [l.split("|")[2].strip() for l in subprocess.run(
    [rivet, "hybrid", "abi", "--md"], capture_output=True, text=True, check=True).stdout.splitlines()[2:]]
run = subprocess.run([rivet, "statetest", "--hybrid", "--trace", here], capture_output=True, text=True)
seen = set()
for line in run.stderr.splitlines():
    if line.startswith('{"vm":"riscv"'):
        seen.add(json.loads(line)["opName"])
missing = [n for n in table if n not in seen]
print("%d of %d ecalls run by the hybrid state tests" % (len(table) - len(missing), len(table)))
for n in missing:
    print("not covered:", n)
print("%d passed, %d failed" % (len(table) - len(missing), len(missing)))
sys.exit(1 if missing or not table else 0)
