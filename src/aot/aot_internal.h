/* Internals of the AOT translator: the runtime context shared with the generated code (its
   offsets are baked into the assembly), the decoded program, the text emitter. */
#ifndef RIVET_AOT_INTERNAL_H
#define RIVET_AOT_INTERNAL_H

#include <setjmp.h>
#include <stdarg.h>

#include "rivet/aot.h"
#include "rivet/bytes.h"
#include "rv/rv_internal.h"

/* The context the generated code keeps in rbp. The fields up to fn_bad are accessed by the
   assembly at the AOT_OFF_* offsets. */
typedef struct aot_ctx {
    uint64_t x[32]; /* guest registers not pinned in host registers (x[0] stays 0) */
    uint64_t left;  /* r14: steps left before the next cut point (cut_at - steps) */
    uint64_t tp;    /* r15: trace cursor */
    uint64_t pc;    /* pc handed to / returned by the runtime */
    uint64_t next;  /* fall-through pc of the instruction run by aot_rt_step */
    uint64_t rsp;   /* host stack at entry */
    void *fn_step;  /* int (*)(aot_ctx *): one interpreter step at pc */
    void *fn_cut;   /* int (*)(aot_ctx *): block start at pc with left <= 0 */
    void *fn_bad;   /* int (*)(aot_ctx *): dynamic jump to pc outside the translation */
    /* C-only */
    uint64_t cut_at; /* step of the next cut point */
    const struct aot_program *prog;
    rv_cpu *cpu;
    trace_writer *tw;
    uint64_t stepped; /* interpreter steps taken */
    uint64_t maxseg;  /* longest run without a control transfer: bounds log words between checks */
    rv_result result;
    sigjmp_buf jb;
} aot_ctx;

enum {
    AOT_OFF_LEFT = 256,
    AOT_OFF_TP = 264,
    AOT_OFF_PC = 272,
    AOT_OFF_NEXT = 280,
    AOT_OFF_RSP = 288,
    AOT_OFF_STEP = 296,
    AOT_OFF_CUT = 304,
    AOT_OFF_BAD = 312,
};

/* Where a host fault inside translated code came from: code at or after host address addr
   (up to the next entry) belongs to the load or store at guest pc. */
typedef struct aot_fault {
    uint64_t addr, pc, info; /* info: index in its segment | store << 32 */
} aot_fault;

/* Executable regions starting more than this above the translated ones are not translated:
   jumps there run interpreter steps (aot_rt_bad), keeping the jump table small. */
#define AOT_FAR (1ull << 30)

/* Kinds of decoded instruction. */
enum { AOT_K_NATIVE, AOT_K_STEP /* interpreter step (ecall, no template) */ };

typedef struct aot_insn {
    rv_insn in;
    uint64_t pc;
    uint8_t kind;
    bool leader;   /* starts a counting segment */
    bool ends;     /* a counting segment ends after it (control transfer) */
    uint32_t idx;  /* instructions before it in its segment */
    uint32_t nseg; /* for the last instruction of a segment: the segment's length */
} aot_insn;

struct aot_program {
    aot_opts opts;
    aot_info info;
    int xlen;
    unsigned ext;    /* the program's ISA (RV_EXT_*) */
    uint64_t lo, hi; /* the executable range covered by the jump table */
    aot_insn *v;
    size_t n;
    int host_of[32];      /* host register index per guest register, -1 if in memory */
    rivet_buf text;       /* the assembly */
    rivet_buf cold;       /* rarely run stubs, appended after the hot code */
    rivet_buf ftab;       /* fault map: (host label, guest pc, index in segment | store << 32) */
    rivet_status emit_st; /* the first failure while emitting (out of memory), else RIVET_OK */
    size_t nfault;
    uint64_t cur_pc; /* the instruction being emitted */
    uint32_t cur_idx;
    aot_fault *faults; /* the fault map, loaded and sorted by host address */
    unsigned nlab;     /* numbered cold labels */
    char rname[32][28];
    char dir[64]; /* temporary directory of the .s/.o/.so */
    void *dl;
    int (*enter)(aot_ctx *);
    uint64_t maxseg;
};

/* Printf into the assembly buffer (aot_out) or the cold stubs (aot_cold). */
void aot_out(aot_program *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void aot_cold(aot_program *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Static target of a jal or branch (wrapped to 32 bits on RV32). */
uint64_t aot_target(const aot_program *p, const aot_insn *i);
/* The decoded instruction at pc, or NULL. */
aot_insn *aot_find(aot_program *p, uint64_t pc);
/* Decodes the executable regions, marks segments, picks the pinned registers. */
RIVET_MUST_USE rivet_status aot_scan(aot_program *p, const rv_cpu *cpu, rivet_diag *d);
/* True when the instruction has an x86 template. */
bool aot_has_template(const rv_insn *in);
/* Emits the whole assembly file. */
RIVET_MUST_USE rivet_status aot_emit(aot_program *p);
/* Records that the code emitted next (at label, or at I_<cur_pc> when label is NULL) may fault
   on a guest access. */
void aot_fault_point(aot_program *p, const char *label, bool store);
/* Emits one instruction (the templates). */
void aot_emit_insn(aot_program *p, const aot_insn *i);
/* Runtime entry points called by the trampolines. */
int aot_rt_step(aot_ctx *c);
int aot_rt_cut(aot_ctx *c);
int aot_rt_bad(aot_ctx *c);

/* Host registers for guest registers, in allocation order (rdx, rcx, rax are scratch; r14 the
   step counter; r15 the trace cursor, or a guest register without trace; rbp the context). */
#define AOT_HOST_REGS(X) X(rbx) X(r12) X(r13) X(rsi) X(rdi) X(r8) X(r9) X(r10) X(r11) X(r15)

#endif
