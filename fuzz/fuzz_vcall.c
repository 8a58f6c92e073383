/* libFuzzer harness for the vendor profiles' calls (RV_ZKVM_VCALL_LIST): the input picks a
   profile and a call instruction (ecall, a CSR port, a custom-0 word), the argument registers,
   input buffers and the bytes of a writable data page; any call must end in a result (continue,
   exit, trap with the pc), never a crash, and the trace's view of the call (its input ranges)
   must be computable. Layout: [profile][insn kind][imm lo][imm hi][32 x 8-byte registers, a
   register whose low bit is set points into the data page][rest: data page and two inputs]. */
#include <stdlib.h>
#include <string.h>

#include "rivet/rv.h"
#include "rivet/rv_zkvm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { HDR = 4 + 32 * 8 };

static void put(uint8_t *e, size_t o, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        e[o + (size_t)i] = (uint8_t)(v >> (8 * i));
}

/* An ELF with code (R+X) at base and a data page (R+W) at base + 0x1000. */
static size_t make_elf(uint8_t *e, int xlen, uint64_t base, const uint32_t *code, size_t ncode)
{
    bool w = xlen == 64;
    size_t eh = w ? 64 : 52, ph = w ? 56 : 32, off = 0x1000;
    memset(e, 0, off + 0x1000);
    memcpy(e,
           "\x7f"
           "ELF",
           4);
    e[4] = w ? 2 : 1, e[5] = 1, e[6] = 1;
    put(e, 16, 2, 2), put(e, 18, 243, 2), put(e, 20, 1, 4);
    put(e, 24, base, w ? 8 : 4);
    put(e, w ? 32 : 28, eh, w ? 8 : 4); /* phoff */
    put(e, w ? 52 : 40, eh, 2), put(e, w ? 54 : 42, ph, 2), put(e, w ? 56 : 44, 2, 2);
    for (int i = 0; i < 2; i++) {
        size_t p = eh + (size_t)i * ph;
        uint64_t va = base + (uint64_t)i * 0x1000, fo = off + (uint64_t)i * 0x800;
        put(e, p, 1, 4);
        if (w) {
            put(e, p + 4, i ? 6 : 5, 4), put(e, p + 8, fo, 8), put(e, p + 16, va, 8);
            put(e, p + 24, va, 8), put(e, p + 32, 0x800, 8), put(e, p + 40, 0x1000, 8);
            put(e, p + 48, 0x1000, 8);
        } else {
            put(e, p + 4, fo, 4), put(e, p + 8, va, 4), put(e, p + 12, va, 4);
            put(e, p + 16, 0x800, 4), put(e, p + 20, 0x1000, 4), put(e, p + 24, i ? 6 : 5, 4);
            put(e, p + 28, 0x1000, 4);
        }
    }
    memcpy(e + off, code, 4 * ncode);
    return off + 0x1000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const rv_zkvm_abi profs[] = {
        RV_ZKVM_ABI_SP1,       RV_ZKVM_ABI_SP1,       RV_ZKVM_ABI_RISC0,   RV_ZKVM_ABI_OPENVM,
        RV_ZKVM_ABI_AIRBENDER, RV_ZKVM_ABI_ZISK_LIKE, RV_ZKVM_ABI_SP1_LIKE};
    if (size < HDR) return 0;
    rv_zkvm_abi abi = profs[data[0] % (sizeof profs / sizeof profs[0])];
    int xlen =
        (data[0] % 7 == 0 || abi == RV_ZKVM_ABI_ZISK_LIKE || abi == RV_ZKVM_ABI_SP1_LIKE) ? 64 : 32;
    uint64_t base = xlen == 64 ? 0x80000000ull : 0x00201000ull;
    uint32_t imm = (uint32_t)data[2] | (uint32_t)data[3] << 8;
    uint32_t code[2];
    switch (data[1] % 4) {
    case 0: code[0] = 0x73; break;                                            /* ecall */
    case 1: code[0] = (imm & 0xfff) << 20 | 10 << 15 | 2 << 12 | 0x73; break; /* csrrs x0,?,a0 */
    case 2:
        code[0] = (imm & 0xfff) << 20 | 11 << 15 | 10 << 7 | (imm >> 12 & 7) << 12 | 0x0b;
        break;
    default: code[0] = 0x6f; break; /* j . */
    }
    code[1] = 0x6f;
    const uint8_t *rest = data + HDR;
    size_t nrest = size - HDR;
    static uint8_t elf[0x2000];
    size_t elen = make_elf(elf, xlen, base, code, 2);
    memcpy(elf + 0x1800, rest, nrest < 0x800 ? nrest : 0x800);
    rv_zkvm_input in[2] = {{rest, nrest / 2}, {rest + nrest / 2, nrest - nrest / 2}};
    rv_mem *mem = rv_mem_new();
    if (!mem) return 0;
    rv_cpu cpu;
    rv_zkvm z;
    memset(&z, 0, sizeof z);
    z.abi = abi;
    z.inputs = in;
    z.ninputs = 2;
    z.input = rest;
    z.input_len = nrest;
    rv_cpu_init(&cpu, mem, xlen, RV_EXT_GC);
    rivet_diag d;
    rivet_diag_clear(&d);
    const uint8_t *img = elf;
    if (abi == RV_ZKVM_ABI_AIRBENDER) img = (const uint8_t *)code, elen = sizeof code;
    if (rv_zkvm_setup(&cpu, &z, img, elen, &d) == RIVET_OK) {
        for (int r = 1; r < 32; r++) {
            uint64_t v;
            memcpy(&v, data + 4 + 8 * r, 8);
            if (v & 1) v = base + 0x1000 + (v >> 1 & 0xfff);
            cpu.h.x[r] = xlen == 32 ? (uint64_t)(int64_t)(int32_t)v : v;
        }
        cpu.limit = 8;
        rv_result r = rv_run(&cpu);
        uint64_t start = abi == RV_ZKVM_ABI_AIRBENDER ? 0 : base;
        if (r.stop == RV_STOP_TRAP && r.pc != start && r.pc != start + 4)
            abort(); /* a trap names the pc of the call (or of the jump after it) */
    } else if (!d.msg[0]) {
        abort();
    }
    rv_zkvm_free(&z);
    rv_mem_free(mem);
    return 0;
}
