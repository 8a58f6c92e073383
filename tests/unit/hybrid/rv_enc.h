/* Tiny RV64IM encoder for the hybrid unit tests (encodings from the RISC-V ISA manual). */
#ifndef RV_ENC_H
#define RV_ENC_H

#include <stdint.h>
#include <string.h>

#include "rivet/hybrid.h"

enum {
    ZERO = 0,
    RA = 1,
    SP = 2,
    T0 = 5,
    T1 = 6,
    S0 = 8,
    S1 = 9,
    A0 = 10,
    A1 = 11,
    A2 = 12,
    A3 = 13,
    A7 = 17,
    S2 = 18,
    S3 = 19,
    T6 = 31
};

static inline uint32_t enc_r(uint32_t f7, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t rd,
                             uint32_t op)
{
    return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
static inline uint32_t enc_i(int32_t imm, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op)
{
    return (uint32_t)(imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
static inline uint32_t enc_s(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3)
{
    uint32_t u = (uint32_t)imm & 0xfff;
    return (u >> 5) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 31) << 7 | 0x23;
}
static inline uint32_t enc_b(int32_t off, uint32_t rs2, uint32_t rs1, uint32_t f3)
{
    uint32_t u = (uint32_t)off;
    return ((u >> 12) & 1) << 31 | ((u >> 5) & 63) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
           ((u >> 1) & 15) << 8 | ((u >> 11) & 1) << 7 | 0x63;
}
static inline uint32_t enc_jal(int32_t off, uint32_t rd)
{
    uint32_t u = (uint32_t)off;
    return ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3ff) << 21 | ((u >> 11) & 1) << 20 |
           ((u >> 12) & 0xff) << 12 | rd << 7 | 0x6f;
}
#define ADDI(rd, rs, imm)  enc_i((imm), (rs), 0, (rd), 0x13)
#define ADDIW(rd, rs, imm) enc_i((imm), (rs), 0, (rd), 0x1b)
#define LUI(rd, imm20)     ((uint32_t)(imm20) << 12 | (rd) << 7 | 0x37)
#define SD(rs2, rs1, off)  enc_s((off), (rs2), (rs1), 3)
#define LD(rd, rs1, off)   enc_i((off), (rs1), 3, (rd), 0x03)
#define SUB(rd, a, b)      enc_r(0x20, (b), (a), 0, (rd), 0x33)
#define BNE(a, b, off)     enc_b((off), (b), (a), 1)
#define JAL(rd, off)       enc_jal((off), (rd))
#define JALR(rd, rs, off)  enc_i((off), (rs), 0, (rd), 0x67)
#define ECALL              0x00000073u

/* A program being written: words at HY_CODE_BASE. */
typedef struct prog {
    uint32_t w[4096];
    size_t n;
} prog;

static inline void emit(prog *p, uint32_t w)
{
    p->w[p->n++] = w;
}
/* Loads a 31-bit constant in exactly two instructions (fixed-length sequences). */
static inline void li2(prog *p, uint32_t rd, int32_t v)
{
    emit(p, LUI(rd, ((uint32_t)v + 0x800) >> 12 & 0xfffff));
    emit(p, ADDIW(rd, rd, v & 0xfff));
}
static inline void ecall_n(prog *p, uint32_t n)
{
    emit(p, ADDI(A7, ZERO, (int32_t)n));
    emit(p, ECALL);
}
/* Packs a code-only container (malloc'd) with the entry at 0. */
static inline uint8_t *pack(const prog *p, size_t *len)
{
    hy_container c = {0};
    c.code = (const uint8_t *)p->w;
    c.code_size = (uint32_t)(4 * p->n);
    c.ctor_entry = HY_NO_ENTRY;
    uint8_t *out;
    if (hy_container_build(&c, &out, len) != RIVET_OK) return NULL;
    return out;
}

#endif
