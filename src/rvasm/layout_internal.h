/* Internals shared by layout.c, emit.c and unit.c. */
#ifndef RIVET_RVASM_LAYOUT_INTERNAL_H
#define RIVET_RVASM_LAYOUT_INTERNAL_H

#include "rvasm/rvasm_internal.h"

enum {
    R_RISCV_32 = 1,
    R_RISCV_64 = 2,
    R_RISCV_BRANCH = 16,
    R_RISCV_JAL = 17,
    R_RISCV_CALL = 18,
    R_RISCV_CALL_PLT = 19,
    R_RISCV_PCREL_HI20 = 23,
    R_RISCV_PCREL_LO12_I = 24,
    R_RISCV_PCREL_LO12_S = 25,
    R_RISCV_HI20 = 26,
    R_RISCV_LO12_I = 27,
    R_RISCV_LO12_S = 28,
    R_RISCV_ADD8 = 33,
    R_RISCV_SUB8 = 37,
    R_RISCV_RVC_BRANCH = 44,
    R_RISCV_RVC_JUMP = 45,
};

#define IERR(it, ...) asm_error_at(c, (it)->line, (it)->col ? (it)->col : 1, __VA_ARGS__)

typedef struct rel_tmp {
    uint64_t offset;
    uint32_t type;
    asm_sym *sym;
    int64_t addend;
    uint32_t line, col, seq;
} rel_tmp;

typedef struct emit_state {
    uint8_t *data; /* NULL for nobits */
    rel_tmp *rel;
    size_t nrel, caprel;
} emit_state;

int64_t asm_sext12(int64_t v);
int64_t asm_hi20(int64_t v);
unsigned asm_li_bytes(const asm_ctx *c, int64_t value, unsigned rd, bool rvc, uint8_t *out);
bool asm_eval_item(asm_ctx *c, const asm_item *it, asm_val *v, bool report);
bool asm_local_target(const asm_ctx *c, const asm_val *v, uint32_t sec, uint64_t *off);
bool asm_deferred_size(asm_ctx *c, asm_item *it, uint32_t sec, uint64_t *size);
void asm_put_le(uint8_t *p, uint64_t v, unsigned n);
void asm_emit_insn(asm_ctx *c, emit_state *e, uint32_t si, asm_item *it);
void asm_emit_data(asm_ctx *c, emit_state *e, asm_item *it);
void asm_emit_li_item(asm_ctx *c, emit_state *e, asm_item *it);
void asm_write_nops(uint8_t *p, uint64_t n, bool rvc);

#endif
