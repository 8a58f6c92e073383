#!/usr/bin/env python3
"""Differential test of the RISC-V interpreter against qemu-riscv64.

Generates random RV64GC programs (integer ALU, M, A, F/D with static and dynamic rounding
modes, compressed forms, aligned and misaligned loads/stores into a scratch buffer, forward
branches), assembles them with the cross gcc as static Linux ELFs, runs each under qemu-riscv64
and `rivet exec`, and compares the register dumps byte for byte. Each program is a sequence of
independent test cases; sp and x9 both point at the scratch buffer (so the assembler emits the
sp-relative compressed forms too); every case initialises all other registers, runs its random body, and writes
x1, x5..x8, x10..x31, f0..f31 and fcsr plus the scratch buffer to stdout (Linux write, then exit).

usage: difftest.py RIVET [--xlen 64|32] [--programs N] [--cases M] [--length L] [--seed S]
                          [--keep DIR]
With --xlen 32 the programs are RV32GC and run under qemu-riscv32.
Exit 0 when all agree, 1 on a mismatch, 77 (skipped) when qemu or the cross gcc is absent.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile

GCC = "riscv64-linux-gnu-gcc"
XLEN = 64
XB = 8  # bytes per integer register in the dump

XREGS = [1, 5, 6, 7, 8] + list(range(10, 32))  # not sp, gp, tp, s1 (x9 = scratch base)
SCRATCH = 256  # bytes of data the body may touch


def dump_size():
    return SCRATCH + 32 * XB + 32 * 8 + XB


def rv32_ok(op):
    """Whether an RV64 mnemonic also exists in RV32."""
    return not (op.endswith("w") and op not in ("sw", "lw", "fsw", "flw")) and op not in (
        "ld", "sd", "lwu")

R_OPS = "add sub sll slt sltu xor srl sra or and addw subw sllw srlw sraw".split()
M_OPS = "mul mulh mulhsu mulhu div divu rem remu mulw divw divuw remw remuw".split()
I_OPS = "addi slti sltiu xori ori andi addiw".split()
SH_OPS = [("slli", 63), ("srli", 63), ("srai", 63), ("slliw", 31), ("srliw", 31), ("sraiw", 31)]
LOADS = [("lb", 1), ("lh", 2), ("lw", 4), ("ld", 8), ("lbu", 1), ("lhu", 2), ("lwu", 4)]
STORES = [("sb", 1), ("sh", 2), ("sw", 4), ("sd", 8)]
AMOS = "amoswap amoadd amoxor amoand amoor amomin amomax amominu amomaxu".split()
BRANCHES = "beq bne blt bge bltu bgeu".split()
RMS = ["rne", "rtz", "rdn", "rup", "rmm", "dyn"]
F_BIN = "fadd fsub fmul fdiv".split()
F_FMA = "fmadd fmsub fnmsub fnmadd".split()
F_SGN = "fsgnj fsgnjn fsgnjx fmin fmax".split()
F_CMP = "feq flt fle".split()

SPECIAL_D = [0x0, 0x8000000000000000, 0x7FF0000000000000, 0xFFF0000000000000,
             0x7FF8000000000000, 0x7FF4000000000000, 0x0000000000000001, 0x000FFFFFFFFFFFFF,
             0x0010000000000000, 0x7FEFFFFFFFFFFFFF, 0x3FF0000000000000, 0xBFF0000000000000,
             0x3FE0000000000000, 0x4330000000000000, 0x43E0000000000000, 0xC3E0000000000000,
             0x41DFFFFFFFC00000, 0x3FF8000000000000, 0x4004000000000000, 0xC1E0000000000000]
SPECIAL_S = [0x0, 0x80000000, 0x7F800000, 0xFF800000, 0x7FC00000, 0x7FA00000, 0x1, 0x7FFFFF,
             0x800000, 0x7F7FFFFF, 0x3F800000, 0xBF800000, 0x3F000000, 0x4B000000, 0x5F000000,
             0xCF000000, 0x4F000000, 0x3FC00000, 0x40200000, 0x00400000]


def xr(rng):
    return "x%d" % rng.choice(XREGS)


def fr(rng):
    return "f%d" % rng.randrange(32)


def rand64(rng):
    return rand64_(rng) & ((1 << XLEN) - 1)


def rand64_(rng):
    k = rng.random()
    if k < 0.15:
        return rng.choice([0, 1, 2, 0xFFFFFFFFFFFFFFFF, 0x8000000000000000, 0x7FFFFFFFFFFFFFFF,
                           0x80000000, 0x7FFFFFFF, 0xFFFFFFFF80000000, 0xFFFFFFFF])
    if k < 0.3:
        return rng.randrange(-2048, 2048) & 0xFFFFFFFFFFFFFFFF
    return rng.getrandbits(64)


def fval(rng):
    k = rng.random()
    if k < 0.25:
        return rng.choice(SPECIAL_D)
    if k < 0.5:  # NaN-boxed single
        s = rng.choice(SPECIAL_S) if rng.random() < 0.5 else rng.getrandbits(32)
        return 0xFFFFFFFF00000000 | s
    if k < 0.6:  # a badly boxed single (must read as the canonical NaN)
        return rng.getrandbits(64)
    if k < 0.8:  # moderate doubles
        e = rng.randrange(1023 - 60, 1023 + 60)
        return (rng.getrandbits(1) << 63) | (e << 52) | rng.getrandbits(52)
    return rng.getrandbits(64)


def base(rng):
    """Base register of a scratch access: x9 (compressible c.lw/c.sw forms) or sp (c.lwsp...)."""
    return "x9" if rng.random() < 0.5 else "sp"


def pick(rng, ops):
    return rng.choice([o for o in ops if XLEN == 64 or rv32_ok(o)])


def body(rng, length, case_id):
    out = []
    n = 0
    while n < length:
        k = rng.random()
        if k < 0.22:
            out.append("%s %s, %s, %s" % (pick(rng, R_OPS), xr(rng), xr(rng), xr(rng)))
        elif k < 0.32:
            out.append("%s %s, %s, %s" % (pick(rng, M_OPS), xr(rng), xr(rng), xr(rng)))
        elif k < 0.42:
            out.append("%s %s, %s, %d" % (pick(rng, I_OPS), xr(rng), xr(rng),
                                          rng.randrange(-2048, 2048)))
        elif k < 0.47:
            op, mx = rng.choice(SH_OPS if XLEN == 64 else [(o[:-1], 31) for o, _ in SH_OPS[3:]])
            out.append("%s %s, %s, %d" % (op, xr(rng), xr(rng), rng.randrange(mx + 1)))
        elif k < 0.49:
            out.append("%s %s, %d" % (rng.choice(["lui", "auipc"]), xr(rng),
                                      rng.randrange(1 << 20)))
        elif k < 0.57:
            op, w = rng.choice([t for t in LOADS if XLEN == 64 or rv32_ok(t[0])])
            off = rng.randrange(0, SCRATCH - 8) if rng.random() < 0.3 else \
                rng.randrange(0, SCRATCH // w) * w
            out.append("%s %s, %d(%s)" % (op, xr(rng), off, base(rng)))
        elif k < 0.64:
            op, w = rng.choice([t for t in STORES if XLEN == 64 or rv32_ok(t[0])])
            off = rng.randrange(0, SCRATCH - 8) if rng.random() < 0.3 else \
                rng.randrange(0, SCRATCH // w) * w
            out.append("%s %s, %d(%s)" % (op, xr(rng), off, base(rng)))
        elif k < 0.68:
            w = rng.choice(["w", "d"] if XLEN == 64 else ["w"])
            off = rng.randrange(0, SCRATCH // 8) * 8 + (rng.choice([0, 4]) if w == "w" else 0)
            aq = rng.choice(["", ".aq", ".rl", ".aqrl"])
            t = xr(rng)
            out.append("addi %s, x9, %d" % (t, off))
            if rng.random() < 0.3:
                d1 = xr(rng)
                out.append("lr.%s%s %s, (%s)" % (w, aq, d1, t))
                if rng.random() < 0.3:
                    out.append("addi %s, %s, 8" % (t, t))  # SC to a different address fails
                out.append("sc.%s%s %s, %s, (%s)" % (w, aq, xr(rng), xr(rng), t))
                n += 2
            else:
                out.append("%s.%s%s %s, %s, (%s)" % (rng.choice(AMOS), w, aq, xr(rng), xr(rng),
                                                    t))
                n += 1
        elif k < 0.72:
            skip = rng.randrange(1, 4)
            lbl = "L%d_%d" % (case_id, n)
            other = "x0" if rng.random() < 0.3 else xr(rng)  # vs zero: c.beqz/c.bnez forms
            out.append("%s %s, %s, %s" % (rng.choice(BRANCHES), xr(rng), other, lbl))
            for _ in range(skip):
                out.append("%s %s, %s, %s" % (pick(rng, R_OPS), xr(rng), xr(rng), xr(rng)))
            out.append("%s:" % lbl)
            n += skip
        elif k < 0.80:
            p = rng.choice(["s", "d"])
            out.append("%s.%s %s, %s, %s, %s" % (rng.choice(F_BIN), p, fr(rng), fr(rng), fr(rng),
                                                 rng.choice(RMS)))
        elif k < 0.83:
            p = rng.choice(["s", "d"])
            out.append("%s.%s %s, %s, %s, %s, %s" % (rng.choice(F_FMA), p, fr(rng), fr(rng),
                                                     fr(rng), fr(rng), rng.choice(RMS)))
        elif k < 0.85:
            p = rng.choice(["s", "d"])
            out.append("fsqrt.%s %s, %s, %s" % (p, fr(rng), fr(rng), rng.choice(RMS)))
        elif k < 0.88:
            p = rng.choice(["s", "d"])
            out.append("%s.%s %s, %s, %s" % (rng.choice(F_SGN), p, fr(rng), fr(rng), fr(rng)))
        elif k < 0.90:
            p = rng.choice(["s", "d"])
            out.append("%s.%s %s, %s, %s" % (rng.choice(F_CMP), p, xr(rng), fr(rng), fr(rng)))
        elif k < 0.95:
            p = rng.choice(["s", "d"])
            i = rng.choice(["w", "wu", "l", "lu"] if XLEN == 64 else ["w", "wu"])
            if rng.random() < 0.5:
                out.append("fcvt.%s.%s %s, %s, %s" % (i, p, xr(rng), fr(rng), rng.choice(RMS)))
            else:
                exact = p == "d" and i in ("w", "wu")  # no rounding-mode operand
                out.append("fcvt.%s.%s %s, %s%s" % (p, i, fr(rng), xr(rng),
                                                    "" if exact else ", " + rng.choice(RMS)))
        elif k < 0.965:
            if rng.random() < 0.5:
                out.append("fcvt.s.d %s, %s, %s" % (fr(rng), fr(rng), rng.choice(RMS)))
            else:
                out.append("fcvt.d.s %s, %s" % (fr(rng), fr(rng)))
        elif k < 0.975:
            p = rng.choice(["s", "d"])
            out.append("fclass.%s %s, %s" % (p, xr(rng), fr(rng)))
        elif k < 0.985:
            out.append(rng.choice(["fmv.x.w %s, %s" % (xr(rng), fr(rng)),
                                   "fmv.w.x %s, %s" % (fr(rng), xr(rng))] +
                                  (["fmv.x.d %s, %s" % (xr(rng), fr(rng)),
                                    "fmv.d.x %s, %s" % (fr(rng), xr(rng))] if XLEN == 64 else [])))
        elif k < 0.992:
            p = rng.choice(["s", "d"])
            w = 4 if p == "s" else 8
            off = rng.randrange(0, SCRATCH // w) * w
            out.append("%s %s, %d(%s)" % ("flw" if p == "s" else "fld", fr(rng), off, base(rng))
                       if rng.random() < 0.5 else
                       "%s %s, %d(%s)" % ("fsw" if p == "s" else "fsd", fr(rng), off, base(rng)))
        elif k < 0.996:
            if rng.random() < 0.5:  # c.addi16sp there and back
                d = rng.choice([16, 32, 48, 496])
                out += ["addi sp, sp, %d" % d, "addi sp, sp, %d" % -d]
                n += 1
            else:  # c.addi4spn
                out.append("addi %s, sp, %d" % (xr(rng), 4 * rng.randrange(1, 64)))
        else:
            out.append(rng.choice(["csrrwi %s, frm, %d" % (xr(rng), rng.randrange(5)),
                                   "csrrw %s, fflags, %s" % (xr(rng), xr(rng)),
                                   "csrrs %s, fcsr, x0" % xr(rng),
                                   "csrrci %s, fflags, %d" % (xr(rng), rng.randrange(32))]))
        n += 1
    return out


def program(rng, cases, length):
    st = "sd" if XLEN == 64 else "sw"
    lines = [".option rvc" if rng.random() < 0.7 else ".option norvc", ".text", ".globl _start",
             "_start:", "la x9, scratch", "mv sp, x9"]
    data = [".data", ".balign 8"]
    for c in range(cases):
        lines.append("# case %d" % c)
        lines.append("la x5, ftab%d" % c)
        data.append("ftab%d:" % c)
        for f in range(32):
            data.append(".dword 0x%x" % fval(rng))
            lines.append("fld f%d, %d(x5)" % (f, 8 * f))
        for r in XREGS:
            lines.append("li x%d, 0x%x" % (r, rand64(rng)))
        lines.append("li x5, 0x%x" % (rng.randrange(5) << 5 | rng.randrange(32)))
        lines.append("csrw fcsr, x5")
        for off in range(0, SCRATCH, XB):
            lines.append("li x6, 0x%x" % rand64(rng))
            lines.append("%s x6, %d(x9)" % (st, off))
        lines.append("li x5, 0x%x" % rand64(rng))
        lines.append("li x6, 0x%x" % rand64(rng))
        lines += body(rng, length, c)
        for r in range(1, 32):
            if r in (2, 3, 4, 9):
                continue
            lines.append("%s x%d, %d(x9)" % (st, r, SCRATCH + XB * r))
        for f in range(32):
            lines.append("fsd f%d, %d(x9)" % (f, SCRATCH + 32 * XB + 8 * f))
        lines.append("csrr x5, fcsr")
        lines.append("%s x5, %d(x9)" % (st, SCRATCH + 32 * XB + 256))
        lines += ["li a0, 1", "mv a1, x9", "li a2, %d" % dump_size(), "li a7, 64", "ecall"]
    lines += ["li a0, 0", "li a7, 93", "ecall"] + data
    lines += [".bss", ".balign 64", "scratch: .zero %d" % dump_size()]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rivet")
    ap.add_argument("--programs", type=int, default=40)
    ap.add_argument("--cases", type=int, default=50)
    ap.add_argument("--length", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep")
    ap.add_argument("--xlen", type=int, default=64, choices=[64, 32])
    a = ap.parse_args()
    global XLEN, XB
    XLEN, XB = a.xlen, a.xlen // 8
    qemu = "qemu-riscv%d" % XLEN
    march = ["-march=rv64gc", "-mabi=lp64d"] if XLEN == 64 else ["-march=rv32gc", "-mabi=ilp32d"]
    for tool in (GCC, qemu):
        if not shutil.which(tool):
            print("difftest: %s not found: skipped (not passed)" % tool)
            return 77
    tmp = a.keep or tempfile.mkdtemp(prefix="rv-difftest-")
    os.makedirs(tmp, exist_ok=True)
    rng = random.Random(a.seed)
    bad = 0
    cases = 0
    for p in range(a.programs):
        src = os.path.join(tmp, "p%d.s" % p)
        elf = os.path.join(tmp, "p%d" % p)
        with open(src, "w") as f:
            f.write(program(rng, a.cases, a.length))
        subprocess.run([GCC] + march + ["-nostdlib", "-static", "-o", elf, src], check=True)
        q = subprocess.run([qemu, elf], capture_output=True)
        r = subprocess.run([a.rivet, "exec", elf], capture_output=True)
        cases += a.cases
        if q.returncode != r.returncode or q.stdout != r.stdout:
            bad += 1
            n = min(len(q.stdout), len(r.stdout))
            first = next((i for i in range(n) if q.stdout[i] != r.stdout[i]), n)
            case, off = divmod(first, dump_size())
            xend = SCRATCH + 32 * XB
            what = ("scratch byte %d" % off if off < SCRATCH else
                    "x%d" % ((off - SCRATCH) // XB) if off < xend else
                    "f%d" % ((off - xend) // 8) if off < xend + 256 else "fcsr")
            print("MISMATCH program %s case %d: %s (qemu exit %d, rivet exit %d: %s)" %
                  (src, case, what, q.returncode, r.returncode, r.stderr.decode()[-200:].strip()))
    if not a.keep:
        shutil.rmtree(tmp)
    print("difftest (RV%d): %d programs, %d cases, %d instructions each: %d mismatching programs"
          % (XLEN, a.programs, cases, a.length, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
