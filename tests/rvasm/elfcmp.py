#!/usr/bin/env python3
"""Assembles .s files with `rivet asm` and with llvm-mc-14 and compares the objects.

Compared per -march: the set of sections with contents (name, type, flags, size), their bytes,
their relocations (offset, type, symbol name, addend, in order) and the symbol table (name,
value, section, binding, type, size; the order too). The -march list of a file is its
"# march: rv64imac rv32im ..." line (default rv64imac rv64im rv32imac rv32im).

usage: elfcmp.py RIVET FILE.s...    (exit 77 when llvm-mc-14 is absent; prints the counts)
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile

LLVM_MC = "llvm-mc-14"
DEFAULT_MARCH = ["rv64imac", "rv64im", "rv32imac", "rv32im"]


def llvm_args(march):
    triple = "riscv64" if march.startswith("rv64") else "riscv32"
    letters = march[4:].split("_")[0]
    if "g" in letters:
        letters = letters.replace("g", "imafd")
    attrs = ["+" + x for x in "mafdc" if x in letters]
    args = ["-triple=" + triple]
    if attrs:
        args.append("-mattr=" + ",".join(attrs))
    return args


class Elf:
    def __init__(self, data):
        self.data = data
        self.is64 = data[4] == 2
        if self.is64:
            (self.shoff,) = struct.unpack_from("<Q", data, 0x28)
            self.shentsize, self.shnum, self.shstrndx = struct.unpack_from("<HHH", data, 0x3A)
        else:
            (self.shoff,) = struct.unpack_from("<I", data, 0x20)
            self.shentsize, self.shnum, self.shstrndx = struct.unpack_from("<HHH", data, 0x2E)
        (self.flags,) = struct.unpack_from("<I", data, 0x30 if self.is64 else 0x24)
        self.secs = []
        for i in range(self.shnum):
            o = self.shoff + i * self.shentsize
            if self.is64:
                name, typ, flags, addr, off, size, link, info, align, ent = struct.unpack_from("<IIQQQQIIQQ", data, o)
            else:
                name, typ, flags, addr, off, size, link, info, align, ent = struct.unpack_from("<IIIIIIIIII", data, o)
            self.secs.append(dict(name=name, type=typ, flags=flags, off=off, size=size, link=link, info=info, ent=ent))
        strsec = self.secs[self.shstrndx]
        for s in self.secs:
            s["name"] = self.cstr(strsec["off"] + s["name"])
        self.syms = []
        for s in self.secs:
            if s["type"] == 2:
                strs = self.secs[s["link"]]
                n = s["size"] // s["ent"]
                for k in range(n):
                    o = s["off"] + k * s["ent"]
                    if self.is64:
                        name, info, other, shndx, value, size = struct.unpack_from("<IBBHQQ", data, o)
                    else:
                        name, value, size, info, other, shndx = struct.unpack_from("<IIIBBH", data, o)
                    sec = "ABS" if shndx == 0xFFF1 else "UND" if shndx == 0 else self.secs[shndx]["name"]
                    self.syms.append((self.cstr(strs["off"] + name), value, sec, info >> 4, info & 15, size))

    def cstr(self, o):
        e = self.data.index(b"\0", o)
        return self.data[o:e].decode()

    def contents(self):
        """{name: (type, flags & (WAX), size, bytes or None)} of the allocated / data sections."""
        res = {}
        for s in self.secs:
            if s["type"] in (1, 8):
                body = None if s["type"] == 8 else self.data[s["off"]:s["off"] + s["size"]]
                res[s["name"]] = (s["type"], s["flags"] & 7, s["size"], body)
        return res

    def relocs(self):
        res = {}
        for s in self.secs:
            if s["type"] != 4:
                continue
            target = self.secs[s["info"]]["name"]
            out = []
            for k in range(s["size"] // s["ent"]):
                o = s["off"] + k * s["ent"]
                if self.is64:
                    off, info, add = struct.unpack_from("<QQq", self.data, o)
                    sym, typ = info >> 32, info & 0xFFFFFFFF
                else:
                    off, info, add = struct.unpack_from("<IIi", self.data, o)
                    sym, typ = info >> 8, info & 0xFF
                out.append((off, typ, self.syms[sym][0] if sym else "", add))
            res[target] = out
        return res


def assemble(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.returncode, r.stderr


def compare(rivet, path, march, tmp, verbose=True):
    """Returns a list of difference strings (empty when identical)."""
    ro = os.path.join(tmp, "r.o")
    lo = os.path.join(tmp, "l.o")
    rc, err = assemble([rivet, "asm", "-march=" + march, "-o", ro, path])
    if rc:
        return ["rivet asm failed: " + "\n      ".join(err.strip().splitlines()[:6])]
    # .include: rivet asm reads a path relative to the including file, llvm-mc searches -I
    # folders: give it the file's folder and every folder below it
    inc = ["-I" + d for d, _, _ in os.walk(os.path.dirname(os.path.abspath(path)))]
    rc, err = assemble([LLVM_MC] + llvm_args(march) + inc + ["-filetype=obj", "-o", lo, path])
    if rc:
        return ["llvm-mc failed: " + "\n      ".join(err.strip().splitlines()[:6])]
    r = Elf(open(ro, "rb").read())
    l = Elf(open(lo, "rb").read())
    diffs = []
    if r.flags != l.flags:
        diffs.append("e_flags: rivet 0x%x llvm-mc 0x%x" % (r.flags, l.flags))
    rc_, lc_ = r.contents(), l.contents()
    for name in sorted(set(rc_) | set(lc_)):
        a, b = rc_.get(name), lc_.get(name)
        if a is None or b is None:
            # llvm-mc keeps an empty .text; so do we. Other empty sections may differ.
            if (a or b)[2] == 0 and name != ".text":
                continue
            diffs.append("section %s only in %s" % (name, "llvm-mc" if a is None else "rivet"))
            continue
        if a[:3] != b[:3]:
            diffs.append("section %s: rivet (type %d, flags %d, size %d) llvm-mc (type %d, flags %d, size %d)" % ((name,) + a[:3] + b[:3]))
        if a[3] != b[3]:
            at = next((i for i in range(min(len(a[3]), len(b[3]))) if a[3][i] != b[3][i]), min(len(a[3]), len(b[3])))
            diffs.append("section %s: bytes differ at offset 0x%x: rivet %s llvm-mc %s" % (
                name, at, a[3][at:at + 8].hex(), b[3][at:at + 8].hex()))
    rr, lr = r.relocs(), l.relocs()
    for name in sorted(set(rr) | set(lr)):
        a, b = rr.get(name, []), lr.get(name, [])
        if a != b:
            for i in range(max(len(a), len(b))):
                x = a[i] if i < len(a) else None
                y = b[i] if i < len(b) else None
                if x != y:
                    diffs.append("relocations of %s differ at #%d: rivet %s llvm-mc %s" % (name, i, x, y))
                    break
    if r.syms != l.syms:
        for i in range(max(len(r.syms), len(l.syms))):
            x = r.syms[i] if i < len(r.syms) else None
            y = l.syms[i] if i < len(l.syms) else None
            if x != y:
                diffs.append("symbol #%d differs: rivet %s llvm-mc %s" % (i, x, y))
                break
    return diffs


def marches(path):
    with open(path) as f:
        for line in f:
            if line.startswith("# march:"):
                return line.split(":", 1)[1].split()
    return DEFAULT_MARCH


def main():
    if not shutil.which(LLVM_MC):
        print("elfcmp: %s not found: skipped (not passed)" % LLVM_MC)
        return 77
    rivet, files = sys.argv[1], sys.argv[2:]
    runs = same = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            for march in marches(path):
                runs += 1
                d = compare(rivet, path, march, tmp)
                if d:
                    print("DIFF %s -march=%s" % (path, march))
                    for x in d:
                        print("   " + x)
                else:
                    same += 1
    print("elfcmp: %d file x march assemblies, %d identical to llvm-mc-14, %d different" % (runs, same, runs - same))
    return 0 if runs and same == runs else 1


if __name__ == "__main__":
    sys.exit(main())
