/* Internals of the RISC-V core shared by the decoder, memory, interpreter and (later) the trace
   writer and the AOT translator. */
#ifndef RIVET_RV_INTERNAL_H
#define RIVET_RV_INTERNAL_H

#include <string.h>

#include "rivet/rv.h"

/* XLEN restrictions of a table row, above the RV_EXT_* bits. */
enum { RVE_X64 = 1 << 16, RVE_X32 = 1 << 17 };

#include "rv/isa.def"

typedef enum {
#define X(name, c, rv32) RV_OP_##name,
    RV_OP_LIST(X)
#undef X
        RV_OP_COUNT
} rv_op;

/* The interpreter's copies of handlers for compressed forms (fixed length 2). */
enum {
#define X(name, c, rv32) RV_OP_##name##_C = RV_OP_##name + RV_OP_COUNT,
    RV_OP_LIST(X)
#undef X
};

/* 1 for operations some compressed instruction expands to. */
extern const uint8_t rv_op_has_c[RV_OP_COUNT];

typedef enum {
#define X(id, mn, op, match, mask, ext, operands) RV_I_##id,
    RV_INSN_LIST(X)
#undef X
        RV_I_COUNT
} rv_insn_id;

typedef struct rv_insn_desc {
    const char *name;
    const char *operands;
    uint32_t match, mask;
    uint32_t ext;
    uint16_t op;
} rv_insn_desc;

extern const rv_insn_desc rv_insn_table[RV_I_COUNT];

/* ---------------------------------------------------------------- memory */

typedef struct rv_region {
    uint64_t start, end; /* [start, end), page aligned */
    unsigned prot;
    uint8_t *host; /* host address of start */
} rv_region;

enum { RV_TLB_SIZE = 256, RV_CTLB_SIZE = 64, RV_CODE_BUCKETS = 1024 };
enum { RV_SLOTS = RV_PAGE_SIZE / 2 }; /* one decoded slot per 16-bit parcel */
#define RV_TLB_INVALID 0xfffu         /* never equals a masked guest address */

typedef struct rv_tlb_ent {
    uint64_t tag;  /* guest page base */
    uintptr_t off; /* host = guest + off */
} rv_tlb_ent;

/* A page of pre-decoded instructions; two sentinel slots catch running off the end. */
typedef struct rv_cpage {
    uint64_t base;
    struct rv_cpage *next;
    rv_insn slot[RV_SLOTS + 2];
} rv_cpage;

typedef struct rv_ctlb_ent {
    uint64_t tag;
    rv_cpage *page;
} rv_ctlb_ent;

struct rv_mem {
    rv_tlb_ent rtlb[RV_TLB_SIZE]; /* readable pages */
    rv_tlb_ent wtlb[RV_TLB_SIZE]; /* writable pages holding no decoded code */
    rv_ctlb_ent ctlb[RV_CTLB_SIZE];
    rv_region *reg;
    size_t nreg, capreg;
    rv_cpage *code[RV_CODE_BUCKETS];
    size_t ncode;
    /* Guest memory lives at its guest addresses in the host (set by the AOT translator once it
       moved the regions there): later mappings are placed there too, with host protections
       following the guest's (writable: RW; readable or executable: R; none: none). */
    bool fixed;
    /* Observer of host-side changes to guest memory (rv_mem_write, rv_mem_write_guest: the new
       bytes; rv_mem_map, rv_mem_unmap: bytes = NULL, the range is zero or gone), called after
       each successful change. The Linux trace profile logs what syscalls write with it. */
    void (*watch)(void *ctx, uint64_t addr, uint64_t len, const void *bytes);
    void *watch_ctx;
    /* A device page (ZisK's UART): the guest's aligned stores into page mmio_page go through
       the slow path and to mmio instead of memory (never cached in the TLB; with fixed memory
       the host page is made read-only so translated code faults there, see rv_zisk_arm). */
    void (*mmio)(void *ctx, uint64_t addr, unsigned size, uint64_t val);
    void *mmio_ctx;
    uint64_t mmio_page;
    struct rv_host_blocks *blocks; /* RIVET_RV_NO_MMAP: the allocations regions point into */
};

/* Host memory behind the regions (mem_host.c): mmap, or the allocator with RIVET_RV_NO_MMAP. */
uint8_t *rv_mem_host_new(rv_mem *m, uint64_t len);             /* zeroed; NULL when out of memory */
void rv_mem_host_drop(rv_mem *m, uint8_t *host, uint64_t len); /* a page-aligned part */
void rv_mem_host_sweep(rv_mem *m); /* frees what no region points into (allocator only) */
void rv_mem_host_free_all(rv_mem *m);
/* Fixed memory: host pages at addr (NULL when taken or without mmap) and their protection
   (open: read-write for a host-side copy). */
uint8_t *rv_mem_host_at(uint64_t addr, uint64_t len, unsigned prot);
void rv_mem_host_protect(uint8_t *host, uint64_t len, unsigned prot, bool open);

/* Region containing addr, or NULL. */
rv_region *rv_mem_region(const rv_mem *m, uint64_t addr);
void rv_mem_flush_tlb(rv_mem *m);
/* Slow paths of guest loads and stores (TLB miss, misaligned, page crossing). Return false on
   an access fault. Writes keep decoded code coherent. */
RIVET_MUST_USE bool rv_mem_load_slow(rv_mem *m, uint64_t addr, unsigned size, uint64_t *val);
RIVET_MUST_USE bool rv_mem_store_slow(rv_mem *m, uint64_t addr, unsigned size, uint64_t val);
/* The decoded page for an executable guest page (created on first use), or NULL when the page
   is not executable. */
rv_cpage *rv_mem_code_page(rv_mem *m, uint64_t addr);
/* Forgets decoded code overlapping [addr, addr+len). */
void rv_mem_code_invalidate(rv_mem *m, uint64_t addr, uint64_t len);
/* Marks every decoded slot for re-decoding (fence.i). */
void rv_mem_code_flush(rv_mem *m);
/* Fetches 2 bytes of instruction at addr from executable memory. */
RIVET_MUST_USE bool rv_mem_fetch16(rv_mem *m, uint64_t addr, uint16_t *v);

#define RV_LIKELY(x)   __builtin_expect(!!(x), 1)
#define RV_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Fast-path guest access: the TLB tag compare also rejects misaligned addresses. */
#define RV_TLB_HIT(tlb, addr, size)                                                                \
    ((tlb)[((addr) >> RV_PAGE_SHIFT) & (RV_TLB_SIZE - 1)].tag ==                                   \
     ((addr) & (~(uint64_t)(RV_PAGE_SIZE - 1) | ((size)-1))))
#define RV_TLB_HOST(tlb, addr)                                                                     \
    ((void *)(uintptr_t)((addr) + (tlb)[((addr) >> RV_PAGE_SHIFT) & (RV_TLB_SIZE - 1)].off))

/* ---------------------------------------------------------------- CPU helpers */

/* CSR access for the interpreter: op is RV_OP_CSRR*; returns false for an illegal access. */
RIVET_MUST_USE bool rv_csr_access(rv_cpu *cpu, const rv_insn *in, uint64_t src, uint64_t *old);
/* Executes one F/D arithmetic instruction (RV_OP_FP). Returns false when illegal
   (reserved rounding mode). */
RIVET_MUST_USE bool rv_fp_exec(rv_cpu *cpu, const rv_insn *in);
/* Decodes the instruction at pc into *in (fetching 2 or 4 bytes). Returns false with *cause
   set when the fetch faults; illegal encodings decode to RV_OP_ILLEGAL. */
RIVET_MUST_USE bool rv_decode_at(rv_cpu *cpu, uint64_t pc, rv_insn *in, rv_cause *cause,
                                 uint64_t *tval);

#endif
