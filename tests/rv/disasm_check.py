#!/usr/bin/env python3
"""Checks `rivet disasm` against llvm-objdump-14 on every instruction of the given ELFs.

Both tools sweep the executable sections; llvm-objdump-14 runs with -M no-aliases (canonical
instructions, compressed ones as c.*) and --mattr=+m,+a,+f,+d,+c. Normalisation, applied to the
llvm side only: the symbolic suffix of branch targets (" <sym+0x10>") is dropped and runs of
whitespace become one space. Lines llvm prints as "<unknown>" must be "<unknown>" in ours too.
Addresses where llvm restarts decoding at a symbol (and so disagrees on instruction boundaries)
are compared only where both tools have an instruction at the same address.

usage: disasm_check.py RIVET ELF...   (exit 77 when llvm-objdump-14 is absent)
"""
import re
import shutil
import subprocess
import sys

OBJDUMP = "llvm-objdump-14"


def llvm(path, xlen):
    attrs = "+m,+a,+f,+d,+c"
    out = subprocess.run([OBJDUMP, "-d", "-M", "no-aliases", "--mattr=" + attrs, path],
                         capture_output=True, text=True, check=True).stdout
    res = {}
    for line in out.splitlines():
        m = re.match(r"^\s*([0-9a-f]+):\s+((?:[0-9a-f]{2} )+)\s*(.*)$", line)
        if not m:
            continue
        text = re.sub(r"\s+<[^>]*>$", "", m.group(3).strip())
        res[int(m.group(1), 16)] = re.sub(r"\s+", " ", text).strip()
    return res


def ours(rivet, path):
    out = subprocess.run([rivet, "disasm", path], capture_output=True, text=True,
                         check=True).stdout
    res = {}
    for line in out.splitlines():
        a, t = line.split(": ", 1)
        res[int(a, 16)] = t.strip()
    return res


def main():
    if not shutil.which(OBJDUMP):
        print("disasm_check: %s not found: skipped (not passed)" % OBJDUMP)
        return 77
    rivet, elfs = sys.argv[1], sys.argv[2:]
    total = bad = missing = 0
    for path in elfs:
        try:
            ref = llvm(path, 64)
        except (subprocess.CalledProcessError, FileNotFoundError) as e:
            print("disasm_check: %s: %s" % (path, e))
            return 1
        got = ours(rivet, path)
        n = 0
        for addr, text in ref.items():
            if addr not in got:
                missing += 1
                continue
            n += 1
            if got[addr] != text:
                bad += 1
                if bad <= 30:
                    print("MISMATCH %s 0x%x: llvm '%s' rivet '%s'" % (path, addr, text, got[addr]))
        total += n
        print("%s: %d instructions compared" % (path, n))
    print("disasm_check: %d instructions, %d mismatches, %d llvm instructions at addresses where "
          "our linear sweep has no instruction start" % (total, bad, missing))
    return 1 if bad or not total else 0


if __name__ == "__main__":
    sys.exit(main())
