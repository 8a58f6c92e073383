/* ZisK's guest ABI (include/rivet/rv_zisk.h): its memory map and BIOS boot state, the input
   region of each I/O generation, the UART port, marchid, the a7 = 93 exit and the CSR
   dispatch to the precompile ports, the DMA markers and the fcall hints. */
#include <stdlib.h>
#include <sys/mman.h>

#include "rv/rv_internal.h"
#include "rv/zkvm_zisk_int.h"

enum { A0 = 10, A1 = 11, SP = 2, A7 = 17 };
enum { CSR_MARCHID = 0xf12, CSR_PORT0 = 0x800 };
#define ZISK_EXT (RV_EXT_I | RV_EXT_M | RV_EXT_A | RV_EXT_C | RV_EXT_ZICSR | RV_EXT_ZIFENCEI)

static const struct {
    const char *name;
    uint64_t addr;
    bool framed, count;
} io_info[] = {
#define X(id, name, addr, framed, count) {name, addr, framed, count},
    RV_ZISK_IO_LIST(X)
#undef X
};

static const struct {
    unsigned csr;
    const char *name;
} ports[] = {
#define X(id, csr, name) {csr, name},
    RV_ZISK_PORT_LIST(X)
#undef X
};

const char *rv_zisk_io_name(rv_zisk_io io)
{
    return io < RV_ZISK_IO_COUNT ? io_info[io].name : "?";
}

const char *rv_zisk_port_name(unsigned i)
{
    return i < RV_ZISK_P_COUNT ? ports[i].name : "?";
}

static uint64_t le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* Scans the executable segments of an ELF64 for the two code patterns that tell the
   generations apart: `li rd, 9; slli rd, rd, 28` (v0.13 builds its input address) and a CSR
   instruction on a DMA port (v0.16+). */
rv_zisk_io rv_zisk_detect(const uint8_t *elf, size_t len)
{
    bool v013 = false, dma = false;
    if (len < 64 || elf[4] != 2) return RV_ZISK_IO_V016;
    uint64_t phoff = le(elf + 32, 8), phent = le(elf + 54, 2), phnum = le(elf + 56, 2);
    for (uint64_t i = 0; i < phnum; i++) {
        uint64_t ph = phoff + i * phent;
        if (phent < 56 || ph > len || len - ph < 56) break;
        if (le(elf + ph, 4) != 1 || !(le(elf + ph + 4, 4) & 1)) continue; /* PT_LOAD, X */
        uint64_t off = le(elf + ph + 8, 8), sz = le(elf + ph + 32, 8);
        if (off > len || sz > len - off) continue;
        const uint8_t *t = elf + off;
        for (uint64_t k = 0; k + 8 <= sz; k += 2) {
            uint32_t w = (uint32_t)le(t + k, 4), w2 = (uint32_t)le(t + k + 4, 4);
            uint32_t rd = w >> 7 & 31, csr = w >> 20;
            if ((w & 0xfff0707fu) == 0x00900013u && rd && (w2 & 0xfc00707fu) == 0x00001013u &&
                (w2 >> 20 & 63) == 28 && (w2 >> 7 & 31) == rd && (w2 >> 15 & 31) == rd)
                v013 = true;
            if ((w & 0x7f) == 0x73 && (w >> 12 & 7) && csr >= 0x813 && csr <= 0x816) dma = true;
        }
    }
    return v013 ? RV_ZISK_IO_V013 : dma ? RV_ZISK_IO_V016 : RV_ZISK_IO_V015;
}

static void uart_store(void *ctx, uint64_t addr, unsigned size, uint64_t val)
{
    rv_zisk *z = ctx;
    if (addr != RV_ZISK_UART_ADDR) return;
    uint8_t b = (uint8_t)val;
    (void)size;
    if (buf_append(&z->uart, &b, 1) == RIVET_OK && z->echo) fputc(b, z->echo);
}

static rv_env_action zisk_ecall(rv_cpu *cpu)
{
    if (cpu->h.x[A7] == RV_ZISK_EXIT) return rv_cpu_exit(cpu, 0);
    return RV_ENV_CONTINUE; /* ziskos: any other a7 returns */
}

/* ZisK's transpiler makes ebreak a no-op (as fence and fence.i). */
static rv_env_action zisk_ebreak(rv_cpu *cpu)
{
    (void)cpu;
    return RV_ENV_CONTINUE;
}

/* Any other CSR is a u64 slot of memory at 0xA000_8000 + 8 csr, read and written like a
   register (ZisK's transpiler: marchid is the slot the BIOS filled, fcsr starts at 0). */
rv_env_action rv_zisk_csr_slot(rv_cpu *cpu, unsigned csr)
{
    rv_insn in;
    rv_cause cause;
    uint64_t tval, old, a = RV_ZISK_CSR_ADDR + 8 * (uint64_t)csr, src = cpu->call_src;
    if (!rv_decode_at(cpu, cpu->h.pc - 4, &in, &cause, &tval) || !rv_mem_read(cpu->mem, a, &old, 8))
        return rv_cpu_trap(cpu, RV_CAUSE_ILLEGAL, 0);
    bool imm = in.op >= RV_OP_CSRRWI, rw = in.op == RV_OP_CSRRW || in.op == RV_OP_CSRRWI;
    bool writes = rw || (imm ? in.imm != 0 : in.rs1 != 0);
    uint64_t v = rw ? src : in.op == RV_OP_CSRRS || in.op == RV_OP_CSRRSI ? old | src : old & ~src;
    if (writes && !rv_mem_write(cpu->mem, a, &v, 8)) return rv_cpu_trap(cpu, RV_CAUSE_ILLEGAL, 0);
    cpu->call_ret = old;
    return RV_ENV_CONTINUE;
}

rv_env_action rv_zisk_csr(rv_cpu *cpu)
{
    rv_zisk *z = cpu->env_ctx;
    unsigned csr = cpu->call_csr;
    if (csr == CSR_MARCHID) {
        z->marchid_reads++;
        cpu->call_ret = RV_ZISK_ARCH_ID;
        return RV_ENV_CONTINUE;
    }
    if (csr >= CSR_PORT0 && csr < CSR_PORT0 + RV_ZISK_P_COUNT) {
        unsigned port = csr - CSR_PORT0;
        if (port >= RV_ZISK_P_DMA_MEMCPY && port <= RV_ZISK_P_DMA_MEMSET)
            return rv_zisk_dma(cpu, z, port);
        return rv_zisk_port(cpu, z, port, cpu->call_src);
    }
    if ((csr >= 0x8c0 && csr <= 0x8df) || (csr >= 0x8f0 && csr <= 0x8ff) || csr == 0xffe)
        return rv_zisk_fcall_csr(cpu, z, csr);
    return rv_zisk_csr_slot(cpu, csr);
}

static const rv_env zisk_env = {.ecall = zisk_ecall, .ebreak = zisk_ebreak, .csr = rv_zisk_csr};

/* The input region: [u64 free-input][u64 length][bytes] (v0.13, v0.15) or [u64 free-input]
   [bytes, padded to 8] (v0.16+, the file is already a stream of framed records). */
RIVET_MUST_USE static rivet_status place_input(rv_mem *mem, const rv_zisk *z, rivet_diag *d)
{
    uint64_t base = io_info[z->io].addr, hdr = io_info[z->io].framed ? 8 : 16;
    /* the whole window is mapped whatever the input's size (a trace replay does not know it):
       1 GiB at 0x4000_0000, v0.13's 256 MiB at 0x9000_0000 up to RAM */
    uint64_t win = z->io == RV_ZISK_IO_V013 ? RV_ZISK_RAM_ADDR - base : 1ull << 30;
    if (z->input_len > win - hdr)
        return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS,
                          "zisk: input of %zu bytes exceeds the %llu MiB input window",
                          z->input_len, (unsigned long long)(win >> 20));
    rivet_status st = rv_mem_map(mem, base, win, RV_PROT_R, d);
    if (st) return st;
    uint64_t w[2] = {0, z->input_len};
    if (!rv_mem_write(mem, base, w, hdr) ||
        (z->input_len && !rv_mem_write(mem, base + hdr, z->input, z->input_len)))
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "zisk: cannot place the input");
    return RIVET_OK;
}

rivet_status rv_zisk_setup(rv_cpu *cpu, rv_zisk *z, const uint8_t *elf, size_t len, rivet_diag *d)
{
    rv_mem *mem = cpu->mem;
    rivet_status st;
    if (cpu->xlen != 64 || z->io >= RV_ZISK_IO_COUNT)
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "zisk: guests are RV64");
    if ((st = rv_mem_map(mem, RV_ZISK_RAM_ADDR, RV_ZISK_RAM_END - RV_ZISK_RAM_ADDR,
                         RV_PROT_R | RV_PROT_W, d)))
        return st;
    if ((st = place_input(mem, z, d))) return st;
    rv_elf_info info;
    rv_elf_opts opts = {.pie_base = RV_ZISK_ROM_ADDR};
    if ((st = rv_elf_load(mem, elf, len, &opts, &info, d))) return st;
    if (info.xlen != 64) return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "zisk: ELF is not RV64");
    uint64_t arch = RV_ZISK_ARCH_ID;
    if (!rv_mem_write(mem, RV_ZISK_MARCHID_SLOT, &arch, 8))
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "zisk: the ELF covers the CSR slots");
    cpu->ext = ZISK_EXT;
    cpu->h.pc = info.entry;
    cpu->h.x[A0] = io_info[z->io].addr; /* the BIOS's call: a0 = input, a1 = output */
    cpu->h.x[A1] = RV_ZISK_OUTPUT_ADDR;
    cpu->h.x[SP] = RV_ZISK_RAM_END - 16;
    cpu->env = &zisk_env;
    cpu->env_ctx = z;
    mem->mmio = uart_store;
    mem->mmio_ctx = z;
    mem->mmio_page = RV_ZISK_UART_ADDR & ~(uint64_t)(RV_PAGE_SIZE - 1);
    rv_mem_flush_tlb(mem);
    return RIVET_OK;
}

bool rv_zisk_arm(rv_cpu *cpu)
{
    rv_mem *m = cpu->mem;
    if (!m->fixed || !m->mmio) return true;
    return mprotect((void *)(uintptr_t)m->mmio_page, RV_PAGE_SIZE, PROT_READ) == 0;
}

bool rv_zisk_device_fault(const rv_cpu *cpu, const rv_result *r)
{
    const rv_mem *m = cpu->mem;
    return r->stop == RV_STOP_TRAP && r->cause == RV_CAUSE_STORE_FAULT && m->mmio &&
           (r->tval & ~(uint64_t)(RV_PAGE_SIZE - 1)) == m->mmio_page;
}

size_t rv_zisk_outputs(rv_cpu *cpu, const rv_zisk *z, uint32_t *w, size_t max)
{
    uint64_t a = RV_ZISK_OUTPUT_ADDR;
    size_t n = 64;
    if (io_info[z->io].count) {
        uint32_t cnt = 0;
        if (!rv_mem_read(cpu->mem, a, &cnt, 4)) return 0;
        n = cnt < RV_ZISK_OUTPUT_SIZE / 4 - 1 ? cnt : RV_ZISK_OUTPUT_SIZE / 4 - 1;
        a += 4;
    }
    if (n > max) n = max;
    return rv_mem_read(cpu->mem, a, w, n * 4) ? n : 0;
}

void rv_zisk_free(rv_zisk *z)
{
    buf_free(&z->uart);
}
