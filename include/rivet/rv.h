/* RISC-V emulator core: CPU state, guest memory, decoder, interpreter, ELF loader.

   The seam to the outside (zkVM profile, Linux ABI in src/rvsys, trace writer, AOT):
   - guest memory (rv_mem): sparse, 4 KiB pages, permissions, mapped by regions; the ABI layer
     maps/unmaps/protects and copies bytes in and out with rv_mem_read/rv_mem_write;
   - an environment (rv_env) installed on the CPU: called on ecall/ebreak with the CPU, returns
     continue / exit / trap / stop;
   - rv_run runs until a stop, returned as an rv_result (exit, trap with cause and pc,
     instruction limit reached, stop requested by the environment). Guest faults are results,
     never host errors;
   - one instruction table (src/rv/isa.def) feeds rv_decode, rv_disasm and the interpreter. */
#ifndef RIVET_RV_H
#define RIVET_RV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/status.h"

/* ---------------------------------------------------------------- guest memory */

enum { RV_PAGE_SHIFT = 12, RV_PAGE_SIZE = 1 << RV_PAGE_SHIFT };
enum { RV_PROT_R = 1, RV_PROT_W = 2, RV_PROT_X = 4 };

typedef struct rv_mem rv_mem;

rv_mem *rv_mem_new(void);
void rv_mem_free(rv_mem *m);

/* Maps [addr, addr+len) zero-filled with the given protection, replacing any mapping there
   (like MAP_FIXED). addr and len must be page aligned. Host memory is reserved lazily, so large
   regions are cheap until touched. */
RIVET_MUST_USE rivet_status rv_mem_map(rv_mem *m, uint64_t addr, uint64_t len, unsigned prot,
                                       rivet_diag *d);
/* Removes mappings in [addr, addr+len) (page aligned); unmapped holes are fine. */
RIVET_MUST_USE rivet_status rv_mem_unmap(rv_mem *m, uint64_t addr, uint64_t len, rivet_diag *d);
/* Changes protection; every page of the range must be mapped. */
RIVET_MUST_USE rivet_status rv_mem_protect(rv_mem *m, uint64_t addr, uint64_t len, unsigned prot,
                                           rivet_diag *d);
/* Finds a free page-aligned range of len bytes at or above hint, below limit. */
RIVET_MUST_USE bool rv_mem_find_free(const rv_mem *m, uint64_t hint, uint64_t limit, uint64_t len,
                                     uint64_t *addr);
/* Protection of the page holding addr, or 0 when unmapped. */
unsigned rv_mem_prot(const rv_mem *m, uint64_t addr);

/* Host-side copies that ignore protections (loaders, syscalls). Return false, copying nothing,
   when any byte of the range is unmapped. Writes invalidate decoded code in the range. */
RIVET_MUST_USE bool rv_mem_read(rv_mem *m, uint64_t addr, void *dst, size_t len);
RIVET_MUST_USE bool rv_mem_write(rv_mem *m, uint64_t addr, const void *src, size_t len);
/* Same, but honouring guest permissions (R for reads, W for writes): for syscalls acting on
   behalf of the guest (write(2) reads guest memory, read(2) writes it). */
RIVET_MUST_USE bool rv_mem_read_guest(rv_mem *m, uint64_t addr, void *dst, size_t len);
RIVET_MUST_USE bool rv_mem_write_guest(rv_mem *m, uint64_t addr, const void *src, size_t len);
/* Copies a NUL-terminated guest string (readable memory) into dst[0..cap); returns its length,
   or -1 when it is unreadable or does not fit (with its NUL) in cap bytes. */
long rv_mem_read_str(rv_mem *m, uint64_t addr, char *dst, size_t cap);
/* Direct host pointer to len bytes inside one mapped region with at least prot, or NULL. */
void *rv_mem_ptr(rv_mem *m, uint64_t addr, size_t len, unsigned prot);

/* ---------------------------------------------------------------- traps and results */

/* Trap causes: the standard mcause exception codes. */
#define RV_CAUSE_LIST(X)                                                                           \
    X(INSN_MISALIGNED, 0, "instruction address misaligned")                                        \
    X(INSN_FAULT, 1, "instruction access fault")                                                   \
    X(ILLEGAL, 2, "illegal instruction")                                                           \
    X(BREAKPOINT, 3, "breakpoint")                                                                 \
    X(LOAD_MISALIGNED, 4, "load address misaligned")                                               \
    X(LOAD_FAULT, 5, "load access fault")                                                          \
    X(STORE_MISALIGNED, 6, "store/AMO address misaligned")                                         \
    X(STORE_FAULT, 7, "store/AMO access fault")                                                    \
    X(ECALL, 8, "environment call (no handler)")

typedef enum {
#define X(name, code, text) RV_CAUSE_##name = code,
    RV_CAUSE_LIST(X)
#undef X
} rv_cause;

const char *rv_cause_str(rv_cause c);

typedef enum {
    RV_STOP_EXIT,  /* the guest exited; exit_code is valid */
    RV_STOP_TRAP,  /* a trap nobody handled; cause, pc, tval are valid */
    RV_STOP_LIMIT, /* the instruction limit was reached; rv_run may be called again */
    RV_STOP_ECALL, /* the environment asked to stop after an ecall; resumable */
} rv_stop;

typedef struct rv_result {
    rv_stop stop;
    int64_t exit_code; /* RV_STOP_EXIT */
    rv_cause cause;    /* RV_STOP_TRAP */
    uint64_t pc;       /* pc of the trapping instruction, or the next pc otherwise */
    uint64_t tval;     /* faulting address, or the instruction bits for illegal instructions */
    uint64_t instret;  /* instructions retired so far */
} rv_result;

/* ---------------------------------------------------------------- environment (ABI) */

typedef struct rv_cpu rv_cpu;

typedef enum {
    RV_ENV_CONTINUE, /* resume at cpu->pc (already the instruction after the ecall) */
    RV_ENV_EXIT,     /* stop with RV_STOP_EXIT; the handler called rv_cpu_exit */
    RV_ENV_TRAP,     /* stop with RV_STOP_TRAP; the handler called rv_cpu_trap */
    RV_ENV_STOP,     /* stop with RV_STOP_ECALL; rv_run resumes at cpu->pc */
} rv_env_action;

/* Installed by an ABI layer (zkVM profile, Linux). The interpreter syncs cpu->pc (to the
   instruction after the ecall), cpu->instret and the registers before calling; the handler may
   change registers, pc (e.g. to switch threads) and memory. NULL ebreak = breakpoint trap. */
typedef struct rv_env {
    rv_env_action (*ecall)(rv_cpu *cpu);
    rv_env_action (*ebreak)(rv_cpu *cpu);
    /* A CSR instruction on a number the core does not implement (cpu->call_csr, its source
       operand in cpu->call_src): a zkVM's precompile port (ZisK's `csrs 0x800+id, ptr`). Called
       like ecall (pc already past it, registers synced, the trace's ecall hooks around it); rd
       reads cpu->call_ret when it continues (0 unless the handler sets it: ZisK's ADD256
       carry, its free-input word). Returns a trap (illegal instruction) for a CSR it does not
       claim. NULL: every such CSR is an illegal instruction. */
    rv_env_action (*csr)(rv_cpu *cpu);
    /* An instruction of RV_EXT_XZKVM (cpu->call_insn its bits): a zkVM's own system instruction.
       Called like ecall. NULL: illegal instruction. */
    rv_env_action (*custom)(rv_cpu *cpu);
} rv_env;

/* ---------------------------------------------------------------- CPU */

enum { RV_NXREG = 33 }; /* x0..x31 plus a write sink (index 32) for rd = x0 */

/* Extensions (bits of rv_cpu.ext). RV_EXT_I is always on. */
enum {
    RV_EXT_I = 1,
    RV_EXT_M = 2,
    RV_EXT_A = 4,
    RV_EXT_F = 8,
    RV_EXT_D = 16,
    RV_EXT_C = 32,
    RV_EXT_ZICSR = 64,
    RV_EXT_ZIFENCEI = 128,
    RV_EXT_GC = 255,
    RV_EXT_XZKVM = 256, /* a zkVM's own instructions: OpenVM custom-0, Airbender's final `j .` */
};

/* Architectural state of one hart: what a scheduler saves and restores per thread. */
typedef struct rv_hart {
    uint64_t x[RV_NXREG]; /* x[0] reads 0 */
    uint64_t f[32];       /* NaN-boxed singles, raw doubles */
    uint64_t pc;
    uint32_t fcsr;      /* fflags 4:0, frm 7:5 */
    uint64_t resv_addr; /* LR/SC reservation */
    bool resv_valid;
} rv_hart;

typedef struct rv_stats {
    uint64_t *mix;             /* per table entry (rv_insn.id), RV_INSN_COUNT counters */
    uint64_t misaligned_loads; /* counted always */
    uint64_t misaligned_stores;
} rv_stats;

struct rv_cpu {
    rv_hart h;
    int xlen;          /* 32 or 64 */
    unsigned ext;      /* RV_EXT_* */
    uint64_t instret;  /* instructions retired */
    uint64_t limit;    /* rv_run stops (RV_STOP_LIMIT) once instret reaches it */
    rv_stats stats;    /* stats.mix non-NULL selects the counting interpreter */
    rv_mem *mem;       /* not owned */
    const rv_env *env; /* NULL: ecall traps */
    void *env_ctx;     /* the environment's own data */
    /* The CSR port call in progress (rv_env.csr): its CSR number, 0 otherwise, and source. */
    unsigned call_csr;
    uint64_t call_src;
    /* The zkVM instruction in progress (rv_env.custom, RV_EXT_XZKVM): its bits, 0 otherwise. */
    uint32_t call_insn;
    uint64_t call_ret; /* what rd of a CSR port call reads (0 unless the handler sets it) */
    /* Set by rv_cpu_exit / rv_cpu_trap, read by rv_run. */
    int64_t exit_code;
    rv_cause trap_cause;
    uint64_t trap_tval;
};

/* Clears the state; xlen 32 or 64; ext RV_EXT_*; limit UINT64_MAX; mem attached. */
void rv_cpu_init(rv_cpu *cpu, rv_mem *mem, int xlen, unsigned ext);
/* For environment handlers: record the exit code or a trap, then return RV_ENV_EXIT/TRAP. */
rv_env_action rv_cpu_exit(rv_cpu *cpu, int64_t code);
rv_env_action rv_cpu_trap(rv_cpu *cpu, rv_cause cause, uint64_t tval);

/* The read-only counters are deterministic functions of the instruction count:
   cycle = instret = time. */
static inline uint64_t rv_cpu_time(const rv_cpu *cpu)
{
    return cpu->instret;
}

/* Runs from cpu->h.pc until a stop. Resumable after RV_STOP_LIMIT and RV_STOP_ECALL (a
   scheduler can preempt threads by setting cpu->limit). Environment handlers must not call
   rv_run themselves. */
rv_result rv_run(rv_cpu *cpu);

/* ---------------------------------------------------------------- decoder, disassembler */

/* A decoded instruction. Also the interpreter's pre-decoded cache entry (16 bytes). */
typedef struct rv_insn {
    uint16_t op; /* semantic operation (rv_op), what the interpreter executes */
    uint16_t id; /* table entry (mnemonic), RV_INSN_ILLEGAL when not decodable */
    uint8_t rd;  /* integer rd = 0 is mapped to the sink register 32 */
    uint8_t rs1, rs2, rs3;
    uint8_t rm;   /* rounding mode field, fence pred<<4|succ, aq<<1|rl for atomics */
    uint8_t len;  /* 2 or 4 */
    uint16_t csr; /* CSR number */
    int32_t imm;
} rv_insn;

extern const unsigned RV_INSN_COUNT;
enum { RV_INSN_ILLEGAL = 0 };

/* Decodes the instruction at the start of bits (a 16-bit parcel in the low half for
   compressed forms). Returns false (insn->id = RV_INSN_ILLEGAL, insn->op = illegal) for
   encodings that are reserved or outside xlen/ext. */
bool rv_decode(uint32_t bits, int xlen, unsigned ext, rv_insn *insn);
/* Mnemonic of a table entry ("addi", "c.addi", "fmadd.d", ...). */
const char *rv_insn_name(unsigned id);
/* Formats in llvm-objdump's no-aliases syntax ("addi a0, a1, 5", "beq a0, a1, 0x8000001c").
   Returns the length written (truncated to cap). */
size_t rv_disasm(const rv_insn *insn, uint64_t pc, char *out, size_t cap);

/* ---------------------------------------------------------------- ELF loader */

typedef struct rv_elf_opts {
    uint64_t pie_base; /* load address for ET_DYN images (page aligned) */
    bool allow_wx;     /* accept segments that are writable and executable */
} rv_elf_opts;

typedef struct rv_elf_info {
    int xlen;       /* 32 or 64 (from the ELF class) */
    bool pie;       /* ET_DYN, relocated by bias */
    uint64_t bias;  /* added to every p_vaddr */
    uint64_t entry; /* biased */
    uint64_t phdr;  /* guest address of the program headers (0 if not loaded) */
    uint64_t phnum, phent;
    uint64_t lo, hi; /* lowest and highest (page-rounded) loaded address */
    uint64_t tls_addr, tls_filesz, tls_memsz, tls_align; /* PT_TLS, 0 when absent */
    uint32_t flags;                                      /* e_flags */
} rv_elf_info;

/* Validates and loads a static ELF (ET_EXEC, or ET_DYN static-PIE with only R_RISCV_RELATIVE
   relocations) into mem. Segments are mapped with their own permissions. Errors name the file
   offset of the bad field in d->pos. */
RIVET_MUST_USE rivet_status rv_elf_load(rv_mem *mem, const uint8_t *elf, size_t len,
                                        const rv_elf_opts *opts, rv_elf_info *info, rivet_diag *d);

#endif
