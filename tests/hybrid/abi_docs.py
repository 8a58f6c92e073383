#!/usr/bin/env python3
"""Checks that docs/hybrid-abi.md, guest/sdk/rivet_abi.h and guest/sdk/rivet_ecalls.s hold the
ecall table that
`rivet hybrid abi` prints from HY_ECALL_LIST (the one table they are generated from)."""
import os, subprocess, sys

rivet = sys.argv[1]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
md = subprocess.run([rivet, "hybrid", "abi", "--md"], capture_output=True, text=True, check=True).stdout
c = subprocess.run([rivet, "hybrid", "abi", "--c"], capture_output=True, text=True, check=True).stdout
s = subprocess.run([rivet, "hybrid", "abi", "--asm"], capture_output=True, text=True,
                   check=True).stdout
bad = 0
if md not in open(os.path.join(root, "docs", "hybrid-abi.md")).read():
    print("docs/hybrid-abi.md: the ecall table differs from `rivet hybrid abi --md`")
    bad += 1
if c != open(os.path.join(root, "guest", "sdk", "rivet_abi.h")).read():
    print("guest/sdk/rivet_abi.h differs from `rivet hybrid abi --c`")
    bad += 1
if s != open(os.path.join(root, "guest", "sdk", "rivet_ecalls.s")).read():
    print("guest/sdk/rivet_ecalls.s differs from `rivet hybrid abi --asm`")
    bad += 1
print("%d passed, %d failed" % (3 - bad, bad))
sys.exit(1 if bad else 0)
