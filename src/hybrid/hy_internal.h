/* Internals of the hybrid runtime: programs (pre-decoded containers), frames, the VM. */
#ifndef RIVET_HY_INTERNAL_H
#define RIVET_HY_INTERNAL_H

#include <stdio.h>

#include "rivet/hybrid.h"
#include "rv/rv_internal.h" /* the rv_op values rv_decode produces */

enum { HY_NPAGES = HY_MEM_SIZE / HY_PAGE, HY_PT_W = 1 /* page-table flag: writable */ };

/* X(op, cost class): the operations a contract runs (RV64IM; compressed forms decode to the
   same operations), with their HY_COST_LIST class. One table for the deploy check, the gas
   of each block and the interpreter's dispatch. (ebreak is allowed too: it halts.) */
#define HY_OPS(X)                                                                                  \
    X(LUI, ALU)                                                                                    \
    X(AUIPC, ALU)                                                                                  \
    X(JAL, BRANCH)                                                                                 \
    X(JALR, BRANCH) X(BEQ, BRANCH) X(BNE, BRANCH) X(BLT, BRANCH) X(BGE, BRANCH) X(BLTU, BRANCH)    \
        X(BGEU, BRANCH) X(LB, MEM) X(LH, MEM) X(LW, MEM) X(LD, MEM) X(LBU, MEM) X(LHU, MEM)        \
            X(LWU, MEM) X(SB, MEM) X(SH, MEM) X(SW, MEM) X(SD, MEM) X(ADDI, ALU) X(SLTI, ALU)      \
                X(SLTIU, ALU) X(XORI, ALU) X(ORI, ALU) X(ANDI, ALU) X(SLLI, ALU) X(SRLI, ALU)      \
                    X(SRAI, ALU) X(ADD, ALU) X(SUB, ALU) X(SLL, ALU) X(SLT, ALU) X(SLTU, ALU)      \
                        X(XOR, ALU) X(SRL, ALU) X(SRA, ALU) X(OR, ALU) X(AND, ALU) X(FENCE, ALU)   \
                            X(ADDIW, ALU) X(SLLIW, ALU) X(SRLIW, ALU) X(SRAIW, ALU) X(ADDW, ALU)   \
                                X(SUBW, ALU) X(SLLW, ALU) X(SRLW, ALU) X(SRAW, ALU) X(MUL, MUL)    \
                                    X(MULH, MUL) X(MULHSU, MUL) X(MULHU, MUL) X(DIV, DIV)          \
                                        X(DIVU, DIV) X(REM, DIV) X(REMU, DIV) X(MULW, MUL)         \
                                            X(DIVW, DIV) X(DIVUW, DIV) X(REMW, DIV) X(REMUW, DIV)  \
                                                X(ECALL, ECALL)

/* The cost in sixteenths of an operation (rv_insn.op), or -1 when a contract may not use it. */
int hy_op_cost(unsigned op);

/* Decodes the instruction at code offset pos; false when it is not allowed in a contract. */
bool hy_decode(const hy_container *c, size_t pos, rv_insn *in);

/* The code rules of a parsed container (every instruction allowed, none cut by the end, the
   entries at instructions); each instruction is decoded once and, when slots is not NULL,
   stored at slots[offset / 2]. */
RIVET_MUST_USE rivet_status hy_code_check(const hy_container *c, rv_insn *slots, rivet_diag *d);

/* A validated container, decoded once: one slot per 16-bit parcel (slots inside an
   instruction hold ILLEGAL), the gas (in sixteenths) from each slot to the end of its basic
   block, and a page-aligned read-only image of code, rodata and data. */
typedef struct hy_prog {
    struct hy_prog *next; /* cache chain */
    uint8_t *bytes;       /* own copy of the container */
    size_t len;
    hy_container c;
    uint32_t nslots;
    rv_insn *insn;   /* nslots + 1, the last one ILLEGAL; branches and jal: imm is the target's
                        offset, rm = 1 when it is outside the code or inside an instruction */
    uint32_t *cost;  /* nslots + 1 */
    uint32_t *ninsn; /* instructions from each slot to the end of its block */
    uint8_t *image;  /* [HY_CODE_BASE, image_end) */
    uint64_t image_end;
} hy_prog;

/* Builds the program of a container (validating it); NULL with d set when it is invalid. */
hy_prog *hy_prog_new(const uint8_t *code, size_t len, bool exact, rivet_diag *d);
void hy_prog_free(hy_prog *p);

typedef struct hy_vm hy_vm;

/* One RISC-V frame. Frames are pooled: a frame's page table is clean when it is taken. */
typedef struct hy_frame {
    uintptr_t pt[HY_NPAGES]; /* host page | HY_PT_W, 0 when untouched */
    uint16_t touched[HY_NPAGES];
    uint32_t ntouched;
    uint64_t x[33]; /* x0..x31 and the sink register 32 for rd = x0 */
    int64_t g16;    /* gas left in sixteenths */
    int64_t excess; /* gas above what g16 holds (huge limits) */
    evm_meter mt;
    evm_ctx ctx;
    hy_vm *vm;
    const hy_prog *p;
    const uint8_t *code; /* the frame's code (CODESIZE, CODECOPY): initcode for creates */
    size_t code_len;
    const uint8_t *calldata;
    size_t calldata_len;
    uint8_t *ret; /* return data of the last call or create */
    size_t ret_len;
    uint8_t *out; /* RETURN/REVERT data */
    size_t out_len;
    uint64_t pc;         /* of the current ecall (traces) */
    uint64_t insns;      /* instructions run by this frame up to its current ecall (traces) */
    struct hy_tline *tl; /* the line of the ecall being traced (hy_trace.c), or NULL */
    struct hy_frame *next_free;
} hy_frame;

struct hy_vm {
    hy_options opt;
    exec_vm runner;
    hy_prog *cache[256];
    hy_frame *free_frames;
    void **free_pages;
    size_t nfree_pages, capfree_pages;
    hy_stats st;
};

/* The frame's gas as whole gas (for the shared rules) and back; keeps the sixteenths. */
static inline int64_t hy_gas(const hy_frame *f)
{
    return (f->g16 >> 4) + f->excess;
}
void hy_set_gas(hy_frame *f, int64_t gas);

/* Guest memory. Returns the host address of [a, a+size) inside one page, mapping the page on
   first touch (charged); NULL on a fault or when the page's gas cannot be paid (*oog). */
uint8_t *hy_mem_slow(hy_frame *f, uint64_t a, unsigned size, bool write, bool *oog);
/* Copies between guest memory and the host; EVM_SUCCESS, or the halt status. */
evm_status hy_mem_read(hy_frame *f, uint64_t a, void *dst, uint64_t len);
evm_status hy_mem_write(hy_frame *f, uint64_t a, const void *src, uint64_t len);
/* A 32-byte big-endian guest word at a, read or written (hy_arith.c); the arithmetic ecalls
   (MUL ... MULMOD). */
evm_status hy_get32(hy_frame *f, uint64_t a, u256 *v);
evm_status hy_put32(hy_frame *f, uint64_t a, u256 v);
evm_status hy_ecall_arith(hy_frame *f, uint8_t op);
/* Releases the frame's pages to the VM's pool and cleans its page table. */
void hy_mem_release(hy_frame *f);

/* Runs the frame from pc until it halts: EVM_SUCCESS (RETURN/STOP), EVM_REVERT or an
   exceptional status; EVM_HOST_ERROR only for a host failure. */
evm_status hy_interp(hy_frame *f, uint64_t pc);
/* Executes ecall a7 for the frame: HY_CONTINUE or the status that ends it. */
#define HY_CONTINUE ((evm_status)0x200)
evm_status hy_ecall(hy_frame *f);

/* Traces of ecalls (hy_options.trace_ecalls with a host tracer; hy_trace.c): one EIP-3155-style
   line per ecall, written when its gas cost is known: after the ecall, or for a call or create
   just before the child runs (its frames' lines follow), then a "ret" line when it returns. */
typedef struct hy_tline {
    uint8_t op;
    bool written;
    int64_t gas0;     /* gas left at the ecall (its block charged) */
    char stack[1024]; /* the operands as the EVM's stack would hold them, JSON */
} hy_tline;
/* Captures the ecall's operands (guest memory read without mapping pages or charging gas);
   false when a7 is not an ecall of the table (nothing is traced). */
bool hy_trace_begin(hy_frame *f, hy_tline *t);
/* The line of a call or create, written before the child message m runs. */
void hy_trace_call(hy_frame *f, hy_tline *t, const evm_message *m);
/* The line after the child returned: success, gas, created address, return data. */
void hy_trace_ret(hy_frame *f, const hy_tline *t, const evm_message *m, const evm_result *r);
/* The line of any other ecall once it ran (st: HY_CONTINUE or how it ended the frame). */
void hy_trace_end(hy_frame *f, hy_tline *t, evm_status st);

#endif
