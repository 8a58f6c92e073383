#!/usr/bin/env python3
"""Generates assembler input covering every row of the instruction table (src/rv/isa.def):
each row with random operands (registers of every class, immediates at and inside their
bounds, CSRs, rounding modes, fence sets, atomics' .aq/.rl), written in llvm-objdump's
no-aliases syntax. One file per -march, for elfcmp.py to assemble with rivet asm and llvm-mc.

usage: gen_insns.py ISA_DEF OUTDIR [PER_ROW] [SEED]
"""
import os
import random
import re
import sys

GPR = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4",
       "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
       "t5", "t6"]
FPR = ["ft%d" % i for i in range(8)] + ["fs0", "fs1"] + ["fa%d" % i for i in range(8)] + \
      ["fs%d" % i for i in range(2, 12)] + ["ft%d" % i for i in range(8, 12)]
RM = ["rne", "rtz", "rdn", "rup", "rmm", "dyn"]
FENCE = ["i", "o", "r", "w", "io", "rw", "iorw", "ior", "ow", "orw", "iw"]
CSRS = ["fflags", "frm", "fcsr", "cycle", "time", "instret", "mstatus", "mepc", "mhartid", "satp"]

EXT = {"RVE_I": "i", "RVE_I64": "i64", "RVE_I32": "i32", "RVE_M": "m", "RVE_M64": "m64",
       "RVE_A": "a", "RVE_A64": "a64", "RVE_F": "f", "RVE_F64": "f64", "RVE_D": "d",
       "RVE_D64": "d64", "RVE_C": "c", "RVE_C64": "c64", "RVE_C32": "c32", "RVE_CF32": "cf32",
       "RVE_CD": "cd", "RVE_CSR": "i", "RVE_FENCEI": "i"}


def rows(path):
    text = open(path).read()
    out = []
    for m in re.finditer(r'X\((\w+),\s*"([^"]+)",\s*\w+,\s*[^,]+(?:\([^)]*\))?[^,]*,\s*[^,]+,\s*(RVE_\w+),\s*"([^"]*)"\)', text):
        out.append((m.group(1), m.group(2), EXT[m.group(3)], m.group(4)))
    return out


def allowed(ext, xlen, isa):
    if ext.endswith("64") and xlen != 64:
        return False
    if ext.endswith("32") and xlen != 32:
        return False
    need = ext.rstrip("0123456789")
    return all(ch in isa for ch in need)


def reg(r, lo=0, hi=31, nonzero=False, avoid=()):
    while True:
        i = r.choice([r.randint(lo, hi), r.randint(8, 15), 0, 1, 2]) if lo == 0 else r.randint(lo, hi)
        if lo <= i <= hi and not (nonzero and i == 0) and i not in avoid:
            return i


def imm(r, lo, hi, mult=1, nonzero=False):
    while True:
        v = r.choice([lo, hi, 0, mult, -mult, r.randint(lo, hi), r.randint(lo, hi), r.randint(-64, 64)])
        v -= v % mult
        if lo <= v <= hi and not (nonzero and v == 0):
            return v


def operand(r, c, cl, xlen, name, state):
    if not cl:
        if c in "dst":
            prev = state.get("regs", [])
            i = r.choice(prev) if prev and r.random() < 0.35 else reg(r)
            state.setdefault("regs", []).append(i)
            return GPR[i]
        if c in "DSTR":
            return FPR[r.randint(0, 31)]
        if c in "jo":
            return str(imm(r, -2048, 2047))
        if c == "q":
            return str(imm(r, -2048, 2047))
        if c == "u":
            return str(r.choice([0, 1, 0xfffff, 0x80000, r.randint(0, 0xfffff), r.randint(0, 40)]))
        if c == "p":
            return str(imm(r, -4096, 4094, 2))
        if c == "a":
            return str(imm(r, -(1 << 20), (1 << 20) - 2, 2))
        if c == ">":
            return str(r.randint(0, 63))
        if c == "<":
            return str(r.randint(0, 31))
        if c == "E":
            return r.choice(CSRS + [str(r.randint(0, 4095))])
        if c == "Z":
            return str(r.randint(0, 31))
        if c == "m":
            return r.choice(RM)
        if c in "PQ":
            return r.choice(FENCE)
        return c
    if c in "dD":
        return (FPR if c == "D" else GPR)[reg(r, nonzero=True, avoid=(2,) if name == "c.lui" else ())]
    if c in "wesk":
        return GPR[reg(r, nonzero=True)]
    if c == "t":
        return GPR[reg(r)]
    if c == "T":
        return FPR[r.randint(0, 31)]
    if c in "1234":
        return GPR[r.randint(8, 15)]
    if c in "56":
        return FPR[r.randint(8, 15)]
    if c == "j":
        return str(imm(r, -32, 31, nonzero=name == "c.addi"))
    if c == "u":
        return str(r.choice([1, 31, 0xfffe0, 0xfffff, r.randint(1, 31), r.randint(0xfffe0, 0xfffff)]))
    if c == ">":
        return str(r.randint(1, 31 if xlen == 32 else 63))
    if c == "l":
        return str(imm(r, 0, 124, 4))
    if c == "m":
        return str(imm(r, 0, 248, 8))
    if c in "LS":
        return str(imm(r, 0, 252, 4))
    if c in "MN":
        return str(imm(r, 0, 504, 8))
    if c == "K":
        return str(imm(r, 4, 1020, 4, True))
    if c == "I":
        return str(imm(r, -512, 496, 16, True))
    if c == "p":
        return str(imm(r, -256, 254, 2))
    if c == "a":
        return str(imm(r, -2048, 2046, 2))
    if c in "xy":
        return "sp"
    return ""


def render(r, name, ops, xlen):
    groups = []
    state = {}
    for g in ops.split(",") if ops else []:
        text = ""
        i = 0
        while i < len(g):
            cl = g[i] == "C"
            c = g[i + 1] if cl else g[i]
            i += 2 if cl else 1
            if not cl and c in "()":
                text += c
                continue
            text += operand(r, c, cl, xlen, name, state)
        if text:
            groups.append(text)
    if groups and groups[-1] in RM and r.random() < 0.3:
        groups.pop()  # the optional rounding mode left out (dyn)
    return name + (" " + ", ".join(groups) if groups else "")


def main():
    isa_def, outdir = sys.argv[1], sys.argv[2]
    per_row = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    r = random.Random(seed)
    table = rows(isa_def)
    os.makedirs(outdir, exist_ok=True)
    files = []
    for march in ["rv64imafdc", "rv64imafd", "rv32imafdc", "rv32imafd"]:
        xlen = 64 if march.startswith("rv64") else 32
        isa = march[4:]
        lines = ["# march: " + march]
        n = 0
        for rid, name, ext, ops in table:
            if rid == "illegal" or not allowed(ext, xlen, isa):
                continue
            for _ in range(per_row):
                mn = name
                if "a" in ext and ext.startswith("a"):
                    mn += r.choice(["", "", ".aq", ".rl", ".aqrl"])
                lines.append(render(r, mn, ops, xlen))
                n += 1
        lines.append("unimp")
        path = os.path.join(outdir, "insns_%s.s" % march)
        open(path, "w").write("\n".join(lines) + "\n")
        files.append(path)
        print("%s: %d instructions" % (path, n + 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
