/* The encoder: the inverse of the decoder's operand extraction (src/rv/decode.c), driven by the
   same operand letters of the same instruction table (src/rv/isa.def), so the assembler has no
   second table of encodings. Also RVC compression in llvm-mc's pattern order (each candidate
   checked by decoding it back) and llvm-mc's integer materialisation for li. */
#include "rvasm/rvasm_internal.h"

static uint32_t fld(int64_t v, int from, int n, int to)
{
    return (uint32_t)(((uint64_t)v >> from) & ((1u << n) - 1)) << to;
}

static bool creg(unsigned r)
{
    return r >= 8 && r <= 15;
}

#define RANGE(lo, hi) (v < (lo) || v > (hi))

/* A letter of a 32-bit row. */
static const char *encode_base(char c, const asm_minst *m, uint32_t *bits)
{
    int64_t v = m->imm;
    uint32_t b = 0;
    switch (c) {
    case 'd':
    case 'D': b = (uint32_t)m->rd << 7; break;
    case 's':
    case 'S': b = (uint32_t)m->rs1 << 15; break;
    case 't':
    case 'T': b = (uint32_t)m->rs2 << 20; break;
    case 'R': b = (uint32_t)m->rs3 << 27; break;
    case 'j':
    case 'o':
        if (RANGE(-2048, 2047)) return "immediate must be an integer in the range [-2048, 2047]";
        b = fld(v, 0, 12, 20);
        break;
    case 'q':
        if (RANGE(-2048, 2047)) return "immediate must be an integer in the range [-2048, 2047]";
        b = fld(v, 5, 7, 25) | fld(v, 0, 5, 7);
        break;
    case 'u':
        if (RANGE(0, 0xfffff)) return "immediate must be an integer in the range [0, 1048575]";
        b = fld(v, 0, 20, 12);
        break;
    case 'p':
        if (RANGE(-4096, 4094) || (v & 1))
            return "immediate must be a multiple of 2 bytes in the range [-4096, 4094]";
        b = fld(v, 12, 1, 31) | fld(v, 11, 1, 7) | fld(v, 5, 6, 25) | fld(v, 1, 4, 8);
        break;
    case 'a':
        if (RANGE(-1048576, 1048574) || (v & 1))
            return "immediate must be a multiple of 2 bytes in the range [-1048576, 1048574]";
        b = fld(v, 20, 1, 31) | fld(v, 12, 8, 12) | fld(v, 11, 1, 20) | fld(v, 1, 10, 21);
        break;
    case '>':
        if (RANGE(0, 63)) return "immediate must be an integer in the range [0, 63]";
        b = fld(v, 0, 6, 20);
        break;
    case '<':
        if (RANGE(0, 31)) return "immediate must be an integer in the range [0, 31]";
        b = fld(v, 0, 5, 20);
        break;
    case 'E':
        if (m->csr > 4095) return "immediate must be an integer in the range [0, 4095]";
        b = (uint32_t)m->csr << 20;
        break;
    case 'Z':
        if (RANGE(0, 31)) return "immediate must be an integer in the range [0, 31]";
        b = fld(v, 0, 5, 15);
        break;
    case 'm': b = (uint32_t)(m->rm & 7) << 12; break;
    case 'P': b = (uint32_t)(m->rm >> 4) << 24; break;
    case 'Q': b = (uint32_t)(m->rm & 15) << 20; break;
    default: break;
    }
    *bits |= b;
    return NULL;
}

/* A 'C'-prefixed letter (compressed rows). */
static const char *encode_compressed(char c, const asm_minst *m, int xlen, uint32_t *bits)
{
    int64_t v = m->imm;
    uint32_t b = 0;
    switch (c) {
    case 'd':
    case 'D': b = (uint32_t)m->rd << 7; break;
    case 'w':
        if (!m->rd) return "invalid operand for instruction";
        b = (uint32_t)m->rd << 7;
        break;
    case 'e':
        if (m->rd != m->rs1) return "invalid operand for instruction";
        b = (uint32_t)m->rd << 7;
        break;
    case 's':
        if (!m->rs1) return "invalid operand for instruction";
        b = (uint32_t)m->rs1 << 7;
        break;
    case 't':
    case 'T': b = (uint32_t)m->rs2 << 2; break;
    case 'k':
        if (!m->rs2) return "invalid operand for instruction";
        b = (uint32_t)m->rs2 << 2;
        break;
    case '1':
    case '5':
        if (!creg(m->rd)) return "invalid operand for instruction";
        b = (uint32_t)(m->rd - 8) << 2;
        break;
    case '2':
        if (!creg(m->rs1)) return "invalid operand for instruction";
        b = (uint32_t)(m->rs1 - 8) << 7;
        break;
    case '3':
    case '6':
        if (!creg(m->rs2)) return "invalid operand for instruction";
        b = (uint32_t)(m->rs2 - 8) << 2;
        break;
    case '4':
        if (!creg(m->rd) || m->rd != m->rs1) return "invalid operand for instruction";
        b = (uint32_t)(m->rd - 8) << 7;
        break;
    case 'j':
        if (RANGE(-32, 31)) return "immediate must be an integer in the range [-32, 31]";
        b = fld(v, 5, 1, 12) | fld(v, 0, 5, 2);
        break;
    case 'u':
        if (!((v >= 1 && v <= 31) || (v >= 0xfffe0 && v <= 0xfffff)))
            return "immediate must be in [0xfffe0, 0xfffff] or [1, 31]";
        b = fld(v, 5, 1, 12) | fld(v, 0, 5, 2);
        break;
    case '>':
        if (RANGE(1, xlen == 32 ? 31 : 63))
            return xlen == 32 ? "immediate must be an integer in the range [1, 31]"
                              : "immediate must be an integer in the range [1, 63]";
        b = fld(v, 5, 1, 12) | fld(v, 0, 5, 2);
        break;
    case 'l':
        if (RANGE(0, 124) || (v & 3))
            return "immediate must be a multiple of 4 bytes in the range [0, 124]";
        b = fld(v, 3, 3, 10) | fld(v, 2, 1, 6) | fld(v, 6, 1, 5);
        break;
    case 'm':
        if (RANGE(0, 248) || (v & 7))
            return "immediate must be a multiple of 8 bytes in the range [0, 248]";
        b = fld(v, 3, 3, 10) | fld(v, 6, 2, 5);
        break;
    case 'L':
        if (RANGE(0, 252) || (v & 3))
            return "immediate must be a multiple of 4 bytes in the range [0, 252]";
        b = fld(v, 5, 1, 12) | fld(v, 2, 3, 4) | fld(v, 6, 2, 2);
        break;
    case 'M':
        if (RANGE(0, 504) || (v & 7))
            return "immediate must be a multiple of 8 bytes in the range [0, 504]";
        b = fld(v, 5, 1, 12) | fld(v, 3, 2, 5) | fld(v, 6, 3, 2);
        break;
    case 'S':
        if (RANGE(0, 252) || (v & 3))
            return "immediate must be a multiple of 4 bytes in the range [0, 252]";
        b = fld(v, 2, 4, 9) | fld(v, 6, 2, 7);
        break;
    case 'N':
        if (RANGE(0, 504) || (v & 7))
            return "immediate must be a multiple of 8 bytes in the range [0, 504]";
        b = fld(v, 3, 3, 10) | fld(v, 6, 3, 7);
        break;
    case 'K':
        if (RANGE(4, 1020) || (v & 3))
            return "immediate must be a multiple of 4 bytes in the range [4, 1020]";
        b = fld(v, 4, 2, 11) | fld(v, 6, 4, 7) | fld(v, 2, 1, 6) | fld(v, 3, 1, 5);
        break;
    case 'I':
        if (RANGE(-512, 496) || (v & 15) || v == 0)
            return "immediate must be a multiple of 16 bytes and non-zero in the range [-512, 496]";
        b = fld(v, 9, 1, 12) | fld(v, 4, 1, 6) | fld(v, 6, 1, 5) | fld(v, 7, 2, 3) |
            fld(v, 5, 1, 2);
        break;
    case 'p':
        if (RANGE(-256, 254) || (v & 1))
            return "immediate must be a multiple of 2 bytes in the range [-256, 254]";
        b = fld(v, 8, 1, 12) | fld(v, 3, 2, 10) | fld(v, 6, 2, 5) | fld(v, 1, 2, 3) |
            fld(v, 5, 1, 2);
        break;
    case 'a':
        if (RANGE(-2048, 2046) || (v & 1))
            return "immediate must be a multiple of 2 bytes in the range [-2048, 2046]";
        b = fld(v, 11, 1, 12) | fld(v, 4, 1, 11) | fld(v, 8, 2, 9) | fld(v, 10, 1, 8) |
            fld(v, 6, 1, 7) | fld(v, 7, 1, 6) | fld(v, 1, 3, 3) | fld(v, 5, 1, 2);
        break;
    case 'x':
        if (m->rs1 != 2) return "register must be sp (x2)";
        break;
    case 'y':
        if (m->rd != 2 || m->rs1 != 2) return "register must be sp (x2)";
        break;
    case 'r':
        if (m->rd != 1) return "invalid operand for instruction";
        break;
    default: break;
    }
    *bits |= b;
    return NULL;
}

const char *asm_encode_letter(char c, bool cl, const asm_minst *m, int xlen, uint32_t *bits)
{
    return cl ? encode_compressed(c, m, xlen, bits) : encode_base(c, m, bits);
}

const char *asm_encode(const asm_minst *m, int xlen, uint32_t *bits, int *bad)
{
    return asm_encode_skip(m, xlen, bits, bad, -1);
}

const char *asm_encode_skip(const asm_minst *m, int xlen, uint32_t *bits, int *bad, int skip)
{
    const rv_insn_desc *r = &rv_insn_table[m->row];
    uint32_t b = r->match;
    int group = 0;
    for (const char *p = r->operands; *p; p++) {
        if (*p == ',') {
            group++;
            continue;
        }
        bool cl = *p == 'C';
        if (cl) p++;
        if (group == skip) continue;
        const char *e = asm_encode_letter(*p, cl, m, xlen, &b);
        if (e) {
            if (bad) *bad = group;
            return e;
        }
    }
    if (r->ext & RV_EXT_A) b |= (uint32_t)(m->aqrl & 3) << 25;
    *bits = b;
    return NULL;
}

/* ---------------------------------------------------------------- compression */

enum {
    CR_NZRD = 1,
    CR_NZIMM = 2,
    CR_COMMUTE = 4,
    CR_ADDI_MV = 8,
    CR_ADD_MV_SWAP = 16,
    CR_AS_ADDI = 32
};

#define R(x) RV_I_##x
/* llvm-mc 14's CompressPat list (RISCVInstrInfoC.td), grouped by source instruction in the
   order llvm tries them. Register-class and immediate predicates are the compressed row's
   operand letters (checked by asm_encode_letter) plus the flags: NZRD (GPRNoX0 destination),
   NZIMM (simm6nonzero). */
static const struct crule {
    uint16_t base, comp;
    uint8_t flags;
} crules[] = {
    {R(addi), R(c_addi4spn), 0},
    {R(addi), R(c_nop), 0},
    {R(addi), R(c_addi), CR_NZRD | CR_NZIMM},
    {R(addi), R(c_li), CR_NZRD},
    {R(addi), R(c_addi16sp), 0},
    {R(addi), R(c_mv), CR_NZRD | CR_ADDI_MV},
    {R(fld), R(c_fld), 0},
    {R(fld), R(c_fldsp), 0},
    {R(lw), R(c_lw), 0},
    {R(lw), R(c_lwsp), 0},
    {R(flw), R(c_flw), 0},
    {R(flw), R(c_flwsp), 0},
    {R(ld), R(c_ld), 0},
    {R(ld), R(c_ldsp), 0},
    {R(fsd), R(c_fsd), 0},
    {R(fsd), R(c_fsdsp), 0},
    {R(sw), R(c_sw), 0},
    {R(sw), R(c_swsp), 0},
    {R(fsw), R(c_fsw), 0},
    {R(fsw), R(c_fswsp), 0},
    {R(sd), R(c_sd), 0},
    {R(sd), R(c_sdsp), 0},
    {R(jal), R(c_jal), 0},
    {R(jal), R(c_j), 0},
    {R(addiw), R(c_addiw), CR_NZRD},
    {R(addiw), R(c_li), CR_NZRD | CR_AS_ADDI}, /* addiw rd, x0, imm == addi rd, x0, imm */
    {R(lui), R(c_lui), CR_NZRD},
    {R(srli), R(c_srli), 0},
    {R(srli32), R(c_srli), 0},
    {R(srai), R(c_srai), 0},
    {R(srai32), R(c_srai), 0},
    {R(andi), R(c_andi), 0},
    {R(sub), R(c_sub), 0},
    {R(xor), R(c_xor), 0},
    {R(xor), R(c_xor), CR_COMMUTE},
    {R(or), R(c_or), 0},
    {R(or), R(c_or), CR_COMMUTE},
    {R(and), R(c_and), 0},
    {R(and), R(c_and), CR_COMMUTE},
    {R(subw), R(c_subw), 0},
    {R(addw), R(c_addw), 0},
    {R(addw), R(c_addw), CR_COMMUTE},
    {R(beq), R(c_beqz), 0},
    {R(bne), R(c_bnez), 0},
    {R(slli), R(c_slli), CR_NZRD},
    {R(slli32), R(c_slli), CR_NZRD},
    {R(jalr), R(c_jr), 0},
    {R(add), R(c_mv), CR_NZRD},
    {R(add), R(c_mv), CR_NZRD | CR_ADD_MV_SWAP},
    {R(ebreak), R(c_ebreak), 0},
    {R(jalr), R(c_jalr), 0},
    {R(add), R(c_add), CR_NZRD},
    {R(add), R(c_add), CR_NZRD | CR_COMMUTE},
};
#undef R

static bool same_semantics(const rv_insn *a, const rv_insn *b)
{
    return a->op == b->op && a->rd == b->rd && a->rs1 == b->rs1 && a->rs2 == b->rs2 &&
           a->imm == b->imm;
}

unsigned asm_compress(const asm_minst *m, int xlen, unsigned ext, bool symbolic, asm_minst *c)
{
    if (!(ext & RV_EXT_C)) return 0;
    for (size_t i = 0; i < sizeof crules / sizeof crules[0]; i++) {
        const struct crule *r = &crules[i];
        if (r->base != m->row) continue;
        asm_minst t = *m, base;
        if (symbolic) t.imm = 0;
        if ((r->flags & CR_NZRD) && t.rd == 0) continue;
        if ((r->flags & CR_NZIMM) && t.imm == 0) continue;
        if (r->flags & CR_COMMUTE) {
            uint8_t x = t.rs1;
            t.rs1 = t.rs2;
            t.rs2 = x;
        }
        base = t;
        if (r->flags & CR_ADDI_MV) { /* addi rd, rs, 0 == add rd, x0, rs */
            if (t.imm != 0 || t.rs1 == 0) continue;
            t.rs2 = t.rs1;
            t.rs1 = 0;
            t.imm = 0;
            base = t;
            base.row = RV_I_add;
        }
        if (r->flags & CR_AS_ADDI) {
            if (t.rs1 != 0) continue;
            base.row = RV_I_addi;
        }
        if (r->flags & CR_ADD_MV_SWAP) { /* add rd, rs, x0 == add rd, x0, rs */
            if (t.rs2 != 0) continue;
            t.rs2 = t.rs1;
            t.rs1 = 0;
            base = t;
        }
        t.row = r->comp;
        uint32_t cb, bb;
        int bad;
        if (asm_encode(&t, xlen, &cb, &bad) || asm_encode(&base, xlen, &bb, &bad)) continue;
        rv_insn dc, db;
        if (!rv_decode(cb, xlen, ext, &dc) || dc.id != r->comp) continue;
        if (!rv_decode(bb, xlen, ext, &db)) continue;
        if (!same_semantics(&dc, &db)) continue;
        *c = t;
        c->imm = m->imm;
        return r->comp;
    }
    return 0;
}

/* ---------------------------------------------------------------- li */

static int64_t sext(uint64_t v, int bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static bool is_int(int64_t v, int bits)
{
    return v >= -(INT64_C(1) << (bits - 1)) && v < (INT64_C(1) << (bits - 1));
}

static void li_impl(int64_t val, int xlen, asm_li_step *out, unsigned *n)
{
    if (is_int(val, 32)) {
        int64_t hi20 = ((val + 0x800) >> 12) & 0xfffff;
        int64_t lo12 = sext((uint64_t)val, 12);
        if (hi20) out[(*n)++] = (asm_li_step){RV_I_lui, hi20};
        if (lo12 || hi20 == 0)
            out[(*n)++] = (asm_li_step){(xlen == 64 && hi20) ? RV_I_addiw : RV_I_addi, lo12};
        return;
    }
    int64_t lo12 = sext((uint64_t)val, 12);
    int64_t hi52 = (int64_t)(((uint64_t)val + 0x800) >> 12);
    int shift = 12 + __builtin_ctzll((uint64_t)hi52);
    hi52 = sext((uint64_t)hi52 >> (shift - 12), 64 - shift);
    if (shift > 12 && !is_int(hi52, 12) && is_int((int64_t)((uint64_t)hi52 << 12), 32)) {
        shift -= 12;
        hi52 = (int64_t)((uint64_t)hi52 << 12);
    }
    li_impl(hi52, xlen, out, n);
    out[(*n)++] = (asm_li_step){RV_I_slli, shift};
    if (lo12) out[(*n)++] = (asm_li_step){RV_I_addi, lo12};
}

unsigned asm_li_seq(int64_t value, int xlen, asm_li_step out[8])
{
    unsigned n = 0;
    if (xlen == 32) {
        li_impl(sext((uint64_t)value, 32), 32, out, &n);
        return n;
    }
    li_impl(value, 64, out, &n);
    if (value > 0 && n > 2) {
        int lz = __builtin_clzll((uint64_t)value);
        uint64_t shifted = (uint64_t)value << lz;
        shifted |= (UINT64_C(1) << lz) - 1;
        asm_li_step tmp[9];
        unsigned tn = 0;
        li_impl((int64_t)shifted, 64, tmp, &tn);
        tmp[tn++] = (asm_li_step){RV_I_srli, lz};
        if (tn < n) {
            n = tn;
            for (unsigned i = 0; i < n; i++)
                out[i] = tmp[i];
            if (n <= 2) return n;
        }
        shifted &= ~((UINT64_C(1) << lz) - 1);
        tn = 0;
        li_impl((int64_t)shifted, 64, tmp, &tn);
        tmp[tn++] = (asm_li_step){RV_I_srli, lz};
        if (tn < n) {
            n = tn;
            for (unsigned i = 0; i < n; i++)
                out[i] = tmp[i];
        }
    }
    return n;
}

/* ---------------------------------------------------------------- CSR names */

static const struct csr_name {
    const char *name;
    uint16_t num;
    uint8_t rv32only;
} csr_names[] = {
#define X(name, num, rv32) {name, num, rv32},
#include "rvasm/csr.def"
#undef X
};

int asm_csr_lookup(const char *name, size_t len, int xlen)
{
    for (size_t i = 0; i < sizeof csr_names / sizeof csr_names[0]; i++) {
        const struct csr_name *e = &csr_names[i];
        if (strlen(e->name) == len && !memcmp(e->name, name, len)) {
            if (e->rv32only && xlen != 32) return -2;
            return e->num;
        }
    }
    return -1;
}
