#!/usr/bin/env python3
"""ctest driver for the stateless guest: builds an input with mkinput.py, runs the static glibc
flavour under qemu-riscv64 and the zkVM flavour under `rivet exec --abi zkvm`, and requires
byte-identical outputs, exit status 0, and every line with an independently known value
(fixture outputs, published digests) to match. Exit 77 (ctest skip) when a piece is missing.

  check.py RIVET LINUX_ELF ZKVM_ELF FIXTURES PROFILE WORKDIR"""
import os
import shutil
import subprocess
import sys

SKIP = 77


def main():
    rivet, linux_elf, zkvm_elf, fixtures, profile, work = sys.argv[1:7]
    here = os.path.dirname(os.path.abspath(__file__))
    qemu = shutil.which("qemu-riscv64")
    for what, path in (("linux guest", linux_elf), ("zkvm guest", zkvm_elf)):
        if not os.path.exists(path):
            print("skip: %s %s not built (no riscv64 cross compiler?)" % (what, path))
            return SKIP
    if not qemu:
        print("skip: qemu-riscv64 not found")
        return SKIP
    if not os.path.isdir(os.path.join(fixtures, "precompiles", "geth")):
        print("skip: fixtures not found at %s" % fixtures)
        return SKIP
    os.makedirs(work, exist_ok=True)
    inp = os.path.join(work, profile + ".bin")
    exp = os.path.join(work, profile + ".expect")
    subprocess.run([sys.executable, os.path.join(here, "mkinput.py"), fixtures, profile, inp, exp],
                   check=True)
    with open(inp, "rb") as f:
        lin = subprocess.run([qemu, linux_elf], stdin=f, capture_output=True)
    zk = subprocess.run([rivet, "exec", "--abi", "zkvm", "--stats", "--input", inp, zkvm_elf],
                        capture_output=True)
    for name, r in (("qemu-riscv64", lin), ("rivet exec", zk)):
        if r.returncode != 0:
            print("FAIL: %s exited %d\n%s" % (name, r.returncode, r.stderr.decode()[-2000:]))
            return 1
    if lin.stdout != zk.stdout:
        print("FAIL: outputs differ (qemu %d bytes, rivet %d bytes)" %
              (len(lin.stdout), len(zk.stdout)))
        return 1
    lines = [l for l in zk.stdout.decode().splitlines() if l[:1] in "KSRPW"]
    with open(exp) as f:
        expect = f.read().splitlines()
    bad = checked = 0
    for i, e in enumerate(expect):
        got = lines[i] if i < len(lines) else "<missing>"
        ekind, ename, evalue = (e.split(" ") + [""])[:3]
        parts = got.split(" ")
        if ekind == "P":  # "P name gas=N out"
            ok = len(parts) == 4 and parts[1] == ename and parts[3] == evalue
        else:  # "K keccak256=hex", "W root=hex nodes=..."
            ename, evalue = ename.split("=", 1)
            ok = len(parts) >= 2 and parts[0] == ekind and (
                parts[1] == ename + "=" + evalue or
                (evalue == "?" and parts[1].startswith(ename + "=")))
        if evalue != "?":
            checked += 1
        if not ok:
            bad += 1
            if bad <= 5:
                print("FAIL line %d: want %s\n              got  %s" % (i, e[:150], got[:150]))
    instret = [l for l in zk.stderr.decode().splitlines() if l.startswith("instructions:")]
    print("%s: %d output lines identical under qemu-riscv64 and rivet exec; %d of %d known "
          "values match; %s" % (profile, len(lines), checked - bad, checked,
                                instret[0] if instret else ""))
    return 1 if bad or len(lines) != len(expect) else 0


if __name__ == "__main__":
    sys.exit(main())
