#!/usr/bin/env python3
"""Oracle test of `rivet asm` on every instruction of real RISC-V programs.

Each RISC-V ELF given (files, or folders searched recursively) is disassembled with
`llvm-objdump-14 -d -M no-aliases`; every instruction becomes one line of assembler text
(branch and jump targets, printed as absolute addresses, become the pc-relative offset, which
both assemblers read as such). The distinct lines of each XLEN are assembled by `rivet asm`
(--listing gives the bytes of each line) and by `llvm-mc-14 -show-encoding`, twice: with C
(-march=rv{32,64}imafdc, so both compress what they can) and without C (the non-c.* lines).
Lines one assembler rejects are counted and set aside. Reported: instructions tried (instances
and distinct lines), identical, different, rejected, and how many reassembled to the bytes of
the original program.

usage: guest_oracle.py RIVET [--sample N] [--seed S] PATH...
exit: 0 all identical, 1 a difference, 77 llvm-mc-14 / llvm-objdump-14 absent or no ELF found
"""
import argparse
import collections
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

OBJDUMP = "llvm-objdump-14"
MC = "llvm-mc-14"
TARGET_OPS = {"beq", "bne", "blt", "bge", "bltu", "bgeu", "jal", "c.beqz", "c.bnez", "c.j", "c.jal"}


def riscv_elfs(paths):
    out = []
    for p in paths:
        files = [p] if os.path.isfile(p) else sorted(
            os.path.join(d, f) for d, _, fs in os.walk(p) for f in fs)
        for f in files:
            try:
                with open(f, "rb") as fh:
                    h = fh.read(20)
            except OSError:
                continue
            if len(h) == 20 and h[:4] == b"\x7fELF" and h[18] == 243 and h[19] == 0:
                out.append((f, 64 if h[4] == 2 else 32))
    return out


LINE = re.compile(r"^\s*([0-9a-f]+):\s+((?:[0-9a-f]{2} )+)\s*(\S.*)$")


def disassemble(path):
    """Yields (text, original bytes) per instruction."""
    out = subprocess.run([OBJDUMP, "-d", "-M", "no-aliases", "--mattr=+m,+a,+f,+d,+c", path],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        addr = int(m.group(1), 16)
        raw = bytes.fromhex(m.group(2).replace(" ", ""))
        text = re.sub(r"\s+<[^>]*>$", "", m.group(3)).strip()
        if text.startswith("<unknown>"):
            continue
        parts = text.split(None, 1)
        mn = parts[0]
        ops = parts[1] if len(parts) > 1 else ""
        ops = re.sub(r"\s+", " ", ops)
        if mn in TARGET_OPS:
            fields = ops.split(", ")
            fields[-1] = str(int(fields[-1], 16) - addr)
            ops = ", ".join(fields)
        yield (mn + (" " + ops if ops else ""), raw)


def errors_of(stderr):
    bad = set()
    for m in re.finditer(r"^[^:\n]*:(\d+):\d+: error", stderr, re.M):
        bad.add(int(m.group(1)))
    return bad


def rivet_encode(rivet, lines, march, tmp):
    """{line index: bytes} and the set of rejected indexes."""
    src = os.path.join(tmp, "r.s")
    with open(src, "w") as f:
        f.write("\n".join(lines) + "\n")
    r = subprocess.run([rivet, "asm", "-march=" + march, "--listing", "-o", os.path.join(tmp, "r.o"), src],
                       capture_output=True, text=True)
    if r.returncode:
        return None, {i - 1 for i in errors_of(r.stderr)} or {-1}
    enc = []
    for line in r.stdout.splitlines():
        head = line.split("\t", 1)[0]
        enc.append(bytes.fromhex("".join(head.split(":", 1)[1].split())))
    return enc, set()


def llvm_encode(lines, march, tmp):
    src = os.path.join(tmp, "l.s")
    with open(src, "w") as f:
        f.write("\n".join(lines) + "\n")
    xlen = march[2:4]
    attrs = ",".join("+" + x for x in "mafdc" if x in march[4:])
    r = subprocess.run([MC, "-triple=riscv" + xlen, "-mattr=" + attrs, "-show-encoding", src],
                       capture_output=True, text=True)
    bad = {i - 1 for i in errors_of(r.stderr)}
    if bad:
        return None, bad
    enc = []
    for m in re.finditer(r"# encoding: \[([^\]]*)\]", r.stdout):
        enc.append(bytes(int(x, 0) for x in m.group(1).split(",")))
    return enc, set()


def run_pass(rivet, lines, march, tmp):
    """Assembles the lines with both tools until both accept what is left. Returns
    (pairs {line: (rivet bytes, llvm bytes)}, rejected_by_rivet, rejected_by_llvm)."""
    idx = list(range(len(lines)))
    rej_r, rej_l = set(), set()
    for _ in range(50):
        cur = [lines[i] for i in idx]
        er, br = rivet_encode(rivet, cur, march, tmp)
        el, bl = llvm_encode(cur, march, tmp)
        if br == {-1}:
            raise SystemExit("rivet asm failed without a line number")
        drop = {idx[i] for i in br} | {idx[i] for i in bl}
        rej_r |= {idx[i] for i in br}
        rej_l |= {idx[i] for i in bl}
        if not drop:
            if len(er) != len(cur) or len(el) != len(cur):
                raise SystemExit("encoding count mismatch: %d lines, rivet %d, llvm %d" % (len(cur), len(er), len(el)))
            return {idx[i]: (er[i], el[i]) for i in range(len(cur))}, rej_r, rej_l
        idx = [i for i in idx if i not in drop]
    raise SystemExit("too many rounds of rejected lines")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rivet")
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--sample", type=int, default=0, help="distinct lines per XLEN (0: all)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if not shutil.which(OBJDUMP) or not shutil.which(MC):
        print("guest_oracle: %s or %s not found: skipped (not passed)" % (OBJDUMP, MC))
        return 77
    elfs = riscv_elfs(a.paths)
    if not elfs:
        print("guest_oracle: no RISC-V ELF found: skipped (not passed)")
        return 77
    per_xlen = {32: collections.OrderedDict(), 64: collections.OrderedDict()}
    instances = {32: 0, 64: 0}
    for path, xlen in elfs:
        n = 0
        for text, raw in disassemble(path):
            d = per_xlen[xlen]
            if text not in d:
                d[text] = [0, raw]
            d[text][0] += 1
            n += 1
        instances[xlen] += n
        print("%s: RV%d, %d instructions" % (path, xlen, n))
    total = dict(tried=0, distinct=0, same=0, diff=0, rej_rivet=0, rej_llvm=0, orig=0)
    shown = 0
    with tempfile.TemporaryDirectory() as tmp:
        for xlen in (64, 32):
            d = per_xlen[xlen]
            lines = list(d)
            if a.sample and len(lines) > a.sample:
                rnd = random.Random(a.seed)
                lines = sorted(rnd.sample(lines, a.sample), key=lambda t: list(d).index(t)) if len(lines) < 20000 else rnd.sample(lines, a.sample)
            for withc in (True, False):
                march = "rv%dimafd%s" % (xlen, "c" if withc else "")
                use = lines if withc else [t for t in lines if not t.startswith("c.")]
                if not use:
                    continue
                pairs, rr, rl = run_pass(a.rivet, use, march, tmp)
                same = diff = orig = 0
                inst = sum(d[t][0] for t in use)
                for i, (x, y) in pairs.items():
                    if x == y:
                        same += d[use[i]][0]
                        if x == bytes(d[use[i]][1]):
                            orig += d[use[i]][0]
                    else:
                        diff += d[use[i]][0]
                        if shown < 40:
                            shown += 1
                            print("DIFF -march=%s '%s': rivet %s llvm-mc %s" % (march, use[i], x.hex(), y.hex()))
                for i in sorted(rr - rl)[:20]:
                    print("rejected by rivet only (-march=%s): '%s'" % (march, use[i]))
                for i in sorted(rl - rr)[:20]:
                    print("rejected by llvm-mc only (-march=%s): '%s'" % (march, use[i]))
                rej_r = sum(d[use[i]][0] for i in rr)
                rej_l = sum(d[use[i]][0] for i in rl)
                print("-march=%s: %d instructions (%d distinct lines): %d identical, %d different, "
                      "%d rejected by rivet, %d by llvm-mc; %d reassembled to the original bytes"
                      % (march, inst, len(use), same, diff, rej_r, rej_l, orig))
                total["tried"] += inst
                total["distinct"] += len(use)
                total["same"] += same
                total["diff"] += diff
                total["rej_rivet"] += rej_r
                total["rej_llvm"] += rej_l
                total["orig"] += orig
    print("guest_oracle: %d ELFs; %d instructions tried (%d distinct lines), %d identical, %d different, "
          "%d rejected by rivet only or both, %d rejected by llvm-mc; %d reassembled to the original bytes"
          % (len(elfs), total["tried"], total["distinct"], total["same"], total["diff"],
             total["rej_rivet"], total["rej_llvm"], total["orig"]))
    return 0 if total["diff"] == 0 and total["same"] > 0 and total["rej_rivet"] <= total["rej_llvm"] else 1


if __name__ == "__main__":
    sys.exit(main())
