#!/usr/bin/env python3
"""Generates assembler input covering every row of the instruction table (src/rv/isa.def):
each row with random operands (registers of every class, immediates at and inside their
bounds, CSRs, rounding modes, fence sets, atomics' .aq/.rl), written in llvm-objdump's
no-aliases syntax. One file per -march, for elfcmp.py to assemble with rivet asm and llvm-mc.

Also written: li of a few thousand constants (powers of two and their neighbours, random
widths, sparse bit patterns) for RV64 and RV32, and the compression matrix: every compressible
instruction over a set of registers (x0, ra, sp, gp, x8, x9, x15, x16, x31) and immediates at
and around every compressed form's limits.

usage: gen_insns.py [--check RIVET] ISA_DEF OUTDIR [PER_ROW] [SEED]
       --check: then compare every file with elfcmp.py (rivet asm against llvm-mc-14)
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
       "RVE_CD": "cd", "RVE_CSR": "i", "RVE_FENCEI": "i",
       "RVE_XZK": "x"}  # zkVM system instructions: in no -march string


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


def li_files(r, outdir):
    vals = set()
    for b in range(64):
        vals |= {1 << b, (1 << b) - 1, -(1 << b), ((1 << b) - 1) << 3, (1 << b) + 1}
    for _ in range(1500):
        k = r.choice([8, 12, 20, 31, 32, 33, 40, 52, 63, 64])
        v = r.getrandbits(k)
        vals.add(-v if r.random() < 0.5 else v)
        v = 0
        for _ in range(r.randint(1, 4)):
            v |= r.getrandbits(12) << r.randint(0, 52)
        vals.add(v)
    vals = sorted(v for v in vals if -(1 << 63) <= v < (1 << 64))
    p64 = os.path.join(outdir, "li64.s")
    with open(p64, "w") as f:
        f.write("# march: rv64imac rv64im\n" + "".join("li a%d, %d\n" % (i % 8, v) for i, v in enumerate(vals)))
    p32 = os.path.join(outdir, "li32.s")
    with open(p32, "w") as f:
        f.write("# march: rv32imac rv32im\n" + "".join(
            "li t%d, %d\n" % (i % 7, v) for i, v in enumerate(vals) if -(1 << 31) <= v < (1 << 32)))
    return [p64, p32]


def compress_files(outdir):
    regs = ["zero", "ra", "sp", "gp", "s0", "s1", "a5", "a6", "t6"]
    fr = ["ft0", "fs0", "fs1", "fa5", "fa6", "ft11"]
    imms = [-2048, -513, -512, -511, -257, -256, -64, -33, -32, -31, -16, -8, -4, -2, -1, 0, 1, 2,
            3, 4, 8, 16, 31, 32, 63, 64, 120, 124, 128, 248, 252, 256, 496, 500, 504, 508, 512,
            1016, 1020, 1024, 2047]
    L = []
    for op in ["addi", "addiw", "andi"]:
        L += ["%s %s, %s, %d" % (op, a, b, i) for a in regs for b in regs for i in imms]
    for op in ["slli", "srli", "srai"]:
        L += ["%s %s, %s, %d" % (op, a, b, i) for a in regs for b in regs for i in [0, 1, 31, 32, 63]]
    for op in ["add", "sub", "and", "or", "xor", "addw", "subw"]:
        L += ["%s %s, %s, %s" % (op, a, b, c) for a in regs for b in regs for c in regs]
    for op in ["lw", "ld", "sw", "sd", "lbu"]:
        L += ["%s %s, %d(%s)" % (op, a, i, b) for a in regs for b in regs for i in imms]
    for op in ["flw", "fld", "fsw", "fsd"]:
        L += ["%s %s, %d(%s)" % (op, a, i, b) for a in fr for b in regs for i in imms]
    for a in regs:
        L += ["lui %s, %d" % (a, i) for i in [0, 1, 31, 32, 0x80000, 0xfffe0, 0xfffff, 0xfffdf]]
        for b in regs:
            L += ["jalr %s, %d(%s)" % (a, i, b) for i in [0, 4, -4]]
            for i in [-258, -256, -4, 0, 2, 254, 256]:
                L += ["beq %s, %s, %d" % (a, b, i), "bne %s, %s, %d" % (a, b, i)]
        L += ["jal %s, %d" % (a, i) for i in [-2050, -2048, 0, 2, 2046, 2048]]
    L += ["ebreak", "ecall", "nop", "c.nop"]
    p64 = os.path.join(outdir, "compress64.s")
    open(p64, "w").write("# march: rv64imafdc\n" + "\n".join(L) + "\n")
    rv64_only = ("addiw", "addw", "subw", "ld ", "sd ")
    L32 = [l for l in L if not l.startswith(rv64_only) and not (
        l.startswith(("slli", "srli", "srai")) and int(l.split(",")[-1]) > 31)]
    p32 = os.path.join(outdir, "compress32.s")
    open(p32, "w").write("# march: rv32imafdc\n" + "\n".join(L32) + "\n")
    return [p64, p32]


def main():
    args = sys.argv[1:]
    rivet = None
    if args and args[0] == "--check":
        rivet = args[1]
        args = args[2:]
    isa_def, outdir = args[0], args[1]
    per_row = int(args[2]) if len(args) > 2 else 20
    seed = int(args[3]) if len(args) > 3 else 1
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
    files += li_files(r, outdir) + compress_files(outdir)
    if rivet:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import elfcmp
        sys.argv = ["elfcmp.py", rivet] + files
        return elfcmp.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
