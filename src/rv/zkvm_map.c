/* The memory maps and entry states of the zkVM profiles (RV_ZKVM_PROFILE_LIST, column map):
   rivet's own (docs/zkvm-abi.md) and the vendors' (docs/universal-translator.md, from
   ../shared/docs/research/zkvm-real-abis.md). */
#include "rv/rv_internal.h"
#include "rv/zkvm_internal.h"

enum { SP = 2 };

/* The vendors' layouts. */
#define LOW_FLOOR        0x10000ull    /* the zero page stays unmapped (null pointers fault) */
#define LOW_STACK_TOP    0x00200400ull /* SP1 <= v5, RISC Zero, OpenVM: stack below text */
#define SP1_V5_MEM_END   0x78000000ull /* MAX_MEMORY: the heap's end */
#define SP1_V6_STACK_TOP 0x78000000ull /* every segment lies at or above it */
#define SP1_V6_HEAP_END  (0x2000000000ull - 0x400000000ull) /* 2^37 - INPUT_REGION_SIZE */
#define RISC0_MEM_END    0xc0000000ull                      /* GUEST_MAX_MEM */
#define OPENVM_MEM_END   0x20000000ull                      /* 2^29 bytes of memory */
#define AIRBENDER_MEM    0x40000000ull                      /* 1 GiB, code at 0 */

static uint64_t page_up(uint64_t a)
{
    return (a + RV_PAGE_SIZE - 1) & ~(uint64_t)(RV_PAGE_SIZE - 1);
}

/* Maps the gaps of [lo, hi) that the ELF left unmapped, read/write (regions are sorted). */
static rivet_status fill(rv_mem *mem, uint64_t lo, uint64_t hi, rivet_diag *d)
{
    lo = page_up(lo);
    while (lo < hi) {
        uint64_t e = hi;
        bool inside = false;
        for (size_t i = 0; i < mem->nreg; i++) {
            const rv_region *r = &mem->reg[i];
            if (r->end <= lo) continue;
            if (r->start <= lo)
                inside = true, e = r->end;
            else if (r->start < e)
                e = r->start;
            break;
        }
        if (!inside) {
            rivet_status st = rv_mem_map(mem, lo, (e < hi ? e : hi) - lo, RV_PROT_R | RV_PROT_W, d);
            if (st) return st;
        }
        lo = e;
    }
    return RIVET_OK;
}

/* SP1 <= v5, RISC Zero and OpenVM put the stack top (0x00200400) and the text (0x00200800) in
   one 4 KiB page, and their memory has no page protections: that page (mapped read/execute by
   the ELF loader) is made writable too; the other code pages stay read-only. */
static rivet_status low_stack_page(rv_mem *mem, rivet_diag *d)
{
    uint64_t pg = (LOW_STACK_TOP - 1) & ~(uint64_t)(RV_PAGE_SIZE - 1);
    unsigned prot = rv_mem_prot(mem, pg);
    if (!prot || (prot & RV_PROT_W)) return RIVET_OK;
    return rv_mem_protect(mem, pg, RV_PAGE_SIZE, prot | RV_PROT_W, d);
}

static rivet_status load(rv_cpu *cpu, const uint8_t *elf, size_t len, rv_elf_info *info,
                         rivet_diag *d)
{
    rv_elf_opts opts = {.pie_base = 0x80000000ull};
    rivet_status st = rv_elf_load(cpu->mem, elf, len, &opts, info, d);
    if (st) return st;
    if (info->xlen != cpu->xlen)
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "ELF is RV%d but the CPU is RV%d",
                          info->xlen, cpu->xlen);
    cpu->h.pc = info->entry;
    return RIVET_OK;
}

rivet_status rv_zkvm_map_rivet(rv_cpu *cpu, rv_zkvm *z, const uint8_t *elf, size_t len,
                               rivet_diag *d)
{
    rv_mem *mem = cpu->mem;
    rivet_status st;
    if (z->input_len > RV_ZKVM_INPUT_MAX - 8)
        return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS,
                          "input of %zu bytes exceeds the 1 GiB input window", z->input_len);
    if ((st = rv_mem_map(mem, RV_ZKVM_RAM_ADDR, RV_ZKVM_RAM_END - RV_ZKVM_RAM_ADDR,
                         RV_PROT_R | RV_PROT_W, d)))
        return st;
    uint64_t ilen = page_up(8 + z->input_len);
    if ((st = rv_mem_map(mem, RV_ZKVM_INPUT_ADDR, ilen, RV_PROT_R, d))) return st;
    uint8_t hdr[8];
    for (int i = 0; i < 8; i++)
        hdr[i] = (uint8_t)((uint64_t)z->input_len >> (8 * i));
    if (!rv_mem_write(mem, RV_ZKVM_INPUT_ADDR, hdr, 8) ||
        (z->input_len && !rv_mem_write(mem, RV_ZKVM_INPUT_ADDR + 8, z->input, z->input_len)))
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "cannot place the input");
    rv_elf_info info;
    if ((st = load(cpu, elf, len, &info, d))) return st;
    if (info.lo < RV_ZKVM_INPUT_ADDR + RV_ZKVM_INPUT_MAX && info.hi > RV_ZKVM_INPUT_ADDR)
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS,
                          "program segments overlap the input window at 0x%llx",
                          RV_ZKVM_INPUT_ADDR);
    cpu->h.x[SP] = RV_ZKVM_RAM_END;
    if (cpu->xlen == 32) cpu->h.x[SP] = (uint64_t)(int64_t)(int32_t)RV_ZKVM_RAM_END;
    return RIVET_OK;
}

/* SP1: registers all zero at entry (the guest's _start sets gp and sp). v4/v5 (RV32): stack
   below 0x00200400, heap from _end to MAX_MEMORY. v6 (RV64): every segment at or above
   STACK_TOP 0x78000000 (the loader refuses others, and W+X segments), stack below it, heap from
   _end to the input region at 2^37 - 2^34. */
rivet_status rv_zkvm_map_sp1(rv_cpu *cpu, rv_zkvm *z, const uint8_t *elf, size_t len, rivet_diag *d)
{
    (void)z;
    rv_elf_info info;
    rivet_status st = load(cpu, elf, len, &info, d);
    if (st) return st;
    if (cpu->xlen == 32) {
        if (info.hi > SP1_V5_MEM_END)
            return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS,
                              "SP1 v5: segments end at 0x%llx, above MAX_MEMORY 0x78000000",
                              (unsigned long long)info.hi);
        if ((st = low_stack_page(cpu->mem, d))) return st;
        return fill(cpu->mem, LOW_FLOOR, SP1_V5_MEM_END, d);
    }
    if (info.lo < SP1_V6_STACK_TOP)
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS,
                          "SP1 v6: a segment at 0x%llx lies below STACK_TOP 0x78000000",
                          (unsigned long long)info.lo);
    if (info.hi > SP1_V6_HEAP_END)
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "SP1 v6: segments reach the input region");
    if ((st = rv_mem_map(cpu->mem, LOW_FLOOR, SP1_V6_STACK_TOP - LOW_FLOOR, RV_PROT_R | RV_PROT_W,
                         d)))
        return st;
    return fill(cpu->mem, info.hi, SP1_V6_HEAP_END, d);
}

/* The low-text layout of RISC Zero and OpenVM guests: text at 0x00200800, the stack below
   0x00200400, memory from LOW_FLOOR to end (what the ELF uses must fit below it). */
static rivet_status map_low(rv_cpu *cpu, const uint8_t *elf, size_t len, uint64_t end,
                            const char *too_high, rivet_diag *d)
{
    rv_elf_info info;
    rivet_status st = load(cpu, elf, len, &info, d);
    if (st) return st;
    if (info.hi > end) return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "%s", too_high);
    cpu->h.x[SP] = LOW_STACK_TOP;
    if ((st = low_stack_page(cpu->mem, d))) return st;
    return fill(cpu->mem, LOW_FLOOR, end, d);
}

/* RISC Zero user mode (the v1compat kernel's view): user memory from 0x10000 to GUEST_MAX_MEM. */
rivet_status rv_zkvm_map_risc0(rv_cpu *cpu, rv_zkvm *z, const uint8_t *elf, size_t len,
                               rivet_diag *d)
{
    (void)z;
    return map_low(cpu, elf, len, RISC0_MEM_END, "RISC Zero: segments above 0xc0000000", d);
}

/* OpenVM: 2^29 bytes of memory. */
rivet_status rv_zkvm_map_openvm(rv_cpu *cpu, rv_zkvm *z, const uint8_t *elf, size_t len,
                                rivet_diag *d)
{
    (void)z;
    return map_low(cpu, elf, len, OPENVM_MEM_END, "OpenVM: segments above 2^29", d);
}

/* Airbender: a flat binary (app.bin) at address 0, entry 0, read-only and executable; the rest
   of the 1 GiB is read/write, sp at its top. An ELF is loaded as one. */
rivet_status rv_zkvm_map_airbender(rv_cpu *cpu, rv_zkvm *z, const uint8_t *bin, size_t len,
                                   rivet_diag *d)
{
    (void)z;
    rivet_status st;
    if (len >= 4 && bin[0] == 0x7f && bin[1] == 'E' && bin[2] == 'L' && bin[3] == 'F') {
        rv_elf_info info;
        if ((st = load(cpu, bin, len, &info, d))) return st;
        if (info.hi > AIRBENDER_MEM)
            return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "Airbender: segments above 1 GiB");
        cpu->h.x[SP] = AIRBENDER_MEM;
        return fill(cpu->mem, 0, AIRBENDER_MEM, d);
    }
    if (!len || len > AIRBENDER_MEM / 2)
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "Airbender: binary of %zu bytes", len);
    uint64_t code = page_up(len);
    if ((st = rv_mem_map(cpu->mem, 0, code, RV_PROT_R | RV_PROT_W, d))) return st;
    if (!rv_mem_write(cpu->mem, 0, bin, len))
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "cannot place the binary");
    if ((st = rv_mem_protect(cpu->mem, 0, code, RV_PROT_R | RV_PROT_X, d))) return st;
    cpu->h.pc = 0;
    cpu->h.x[SP] = AIRBENDER_MEM;
    return rv_mem_map(cpu->mem, code, AIRBENDER_MEM - code, RV_PROT_R | RV_PROT_W, d);
}

/* These maps keep no output in guest memory: their calls collected it as they ran. */
void rv_zkvm_fin_rivet(rv_cpu *cpu, rv_zkvm *z)
{
    (void)cpu, (void)z;
}
void rv_zkvm_fin_sp1(rv_cpu *cpu, rv_zkvm *z)
{
    (void)cpu, (void)z;
}
void rv_zkvm_fin_risc0(rv_cpu *cpu, rv_zkvm *z)
{
    (void)cpu, (void)z;
}
void rv_zkvm_fin_openvm(rv_cpu *cpu, rv_zkvm *z)
{
    (void)cpu, (void)z;
}
void rv_zkvm_fin_airbender(rv_cpu *cpu, rv_zkvm *z)
{
    (void)cpu, (void)z;
}
