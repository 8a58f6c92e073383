"""Go symbols and stack unwinding for riscv64 Go binaries, from the ELF's .gopclntab (the
runtime's own function table, Go >= 1.20 layout, magic 0xfffffff1): function of a pc, and the
frame size at a pc (the pcsp table), which is all a riscv64 Go stack walk needs. Go on riscv64
saves the return address at 0(SP) of a function's frame once the prologue ran (frame size > 0);
a frameless function (or the entry, before the prologue) still has it in ra.

Used by scripts/syscall_census.py (which Go runtime path issues each syscall) on the ecall
records of bench/linux_guest_prof --ecalls, and by bench/geth_guest (pc profile by function)."""
import bisect
import struct


def _sections(data):
    """ELF64 little-endian section headers as {name: (addr, offset, size)}."""
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
    hdrs = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    stro = hdrs[shstrndx][4]
    out = {}
    for h in hdrs:
        end = data.index(b"\0", stro + h[0])
        out[data[stro + h[0]:end].decode()] = (h[3], h[4], h[5])
    return out


def _varint(b, i):
    v = shift = 0
    while True:
        c = b[i]
        i += 1
        v |= (c & 0x7f) << shift
        if c < 0x80:
            return v, i
        shift += 7


class GoSyms:
    def __init__(self, elf):
        data = open(elf, "rb").read()
        sec = _sections(data)
        _, off, size = sec[".gopclntab"]
        t = data[off:off + size]
        magic, _, _, self.quantum, ptr = struct.unpack_from("<IBBBB", t, 0)
        if magic != 0xfffffff1 or ptr != 8:
            raise ValueError("unsupported pclntab (magic %#x)" % magic)
        (nfunc, _nfiles, text, nameoff, _cu, _file, pcoff, flnoff) = struct.unpack_from(
            "<QQQQQQQQ", t, 8)
        self.t, self.nameoff, self.pcoff, self.flnoff = t, nameoff, pcoff, flnoff
        if text == 0:  # recent linkers leave it to the runtime: moduledata.text = .text
            text = sec[".text"][0]
        self.text = text
        self.entries, self.funcoffs = [], []
        for i in range(nfunc + 1):
            e, f = struct.unpack_from("<II", t, flnoff + 8 * i)
            self.entries.append(text + e)
            self.funcoffs.append(f)
        self._names = {}

    def _func(self, pc):
        i = bisect.bisect_right(self.entries, pc) - 1
        if i < 0 or i >= len(self.entries) - 1:
            return None
        return i

    def name(self, pc):
        """The function holding pc, or None outside Go's text."""
        i = self._func(pc)
        if i is None:
            return None
        if i not in self._names:
            fo = self.flnoff + self.funcoffs[i]
            nameoff, = struct.unpack_from("<i", self.t, fo + 4)
            s = self.nameoff + nameoff
            self._names[i] = self.t[s:self.t.index(b"\0", s)].decode(errors="replace")
        return self._names[i]

    def frame_size(self, pc, declared=False):
        """The pcsp value at pc: bytes the function's frame occupies there (0 before the
        prologue or in a frameless function); declared: the frame its prologue makes."""
        i = self._func(pc)
        if i is None:
            return None
        fo = self.flnoff + self.funcoffs[i]
        pcsp, = struct.unpack_from("<I", self.t, fo + 16)
        if pcsp == 0:
            return 0
        b, p = self.t, self.pcoff + pcsp
        cur, val, first = self.entries[i], -1, True
        while True:
            uv, p = _varint(b, p)
            if uv == 0 and not first:
                return None
            first = False
            val += -((uv + 1) >> 1) if uv & 1 else uv >> 1
            pd, p = _varint(b, p)
            nxt = cur + pd * self.quantum
            if (declared and val > 0) or (not declared and pc < nxt):
                return val
            cur = nxt

    STOP = ("runtime.goexit", "runtime.mstart", "runtime.rt0_go", "runtime.morestack",
            "runtime.mcall", "runtime.systemstack", "runtime.sigtramp")

    def unwind(self, pc, ra, sp, stack, depth=8):
        """Function names from pc outwards; stack holds the 8-byte words from sp up."""
        out, sp0, inner = [], sp, True
        while len(out) < depth:
            n = self.name(pc)
            fs = self.frame_size(pc) if n else None
            if n is None or fs is None:
                break
            if inner and fs > 0:
                # an assembly stub: its pcsp follows the code linearly, so after a branch over
                # a stack adjustment (the syscall fallback of nanotime1/walltime) it can be off;
                # its frame is the one the prologue made
                fs = self.frame_size(pc, declared=True)
            out.append(n)
            if n in self.STOP:
                break
            if fs == 0:
                if not inner:
                    break  # a frameless caller: its return address is not on the stack
                ret = ra
            else:
                idx = (sp - sp0) // 8
                if idx >= len(stack):
                    break
                ret = stack[idx]
            sp += fs
            pc = ret - 1  # inside the call instruction's function
            inner = False
        return out

    def unwind_record(self, rec, depth=8):
        """rec: (nr, pc, ra, sp, tid, words) from linux_guest_prof --ecalls."""
        nr, pc, ra, sp, tid, words = rec
        return self.unwind(pc, ra, sp, words, depth)


def ecall_records(path):
    """The records of linux_guest_prof --ecalls: (nr, pc, ra, sp, tid, words)."""
    data = open(path, "rb").read()
    off, out = 0, []
    while off + 48 <= len(data):
        nr, pc, ra, sp, tid, n = struct.unpack_from("<6Q", data, off)
        off += 48
        words = struct.unpack_from("<%dQ" % n, data, off)
        off += 8 * n
        out.append((nr, pc, ra, sp, tid, words))
    return out
