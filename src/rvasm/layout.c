/* Layout and fixups: gives every item its offset, relaxes compressed branches and jumps whose
   target is out of reach or not resolvable here (llvm-mc's MC relaxation: c.beqz/c.bnez to
   beq/bne, c.j/c.jal to jal), then writes each section's bytes, resolving what the assembler
   may resolve and leaving relocations for the rest with llvm-mc's rules: a pc-relative
   reference is resolved only to a local label of the same section; absolute references to
   labels are always relocated. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/layout_internal.h"

int64_t asm_sext12(int64_t v)
{
    return (int64_t)((uint64_t)v << 52) >> 52;
}

int64_t asm_hi20(int64_t v)
{
    return (int64_t)((((uint64_t)v + 0x800) >> 12) & 0xfffff);
}

/* ---------------------------------------------------------------- li */

/* Bytes of li rd, value (llvm-mc's sequence, compressed when rvc). Returns the length. */
unsigned asm_li_bytes(const asm_ctx *c, int64_t value, unsigned rd, bool rvc, uint8_t *out)
{
    asm_li_step seq[8];
    unsigned n = asm_li_seq(value, c->o->xlen, seq), len = 0;
    for (unsigned i = 0; i < n; i++) {
        asm_minst m, cm;
        memset(&m, 0, sizeof m);
        m.row = seq[i].row;
        m.rd = (uint8_t)rd;
        m.rs1 = (uint8_t)(seq[i].row == RV_I_lui ? 0 : i ? rd : 0);
        m.imm = seq[i].imm;
        if (rvc && asm_compress(&m, c->o->xlen, c->o->ext | RV_EXT_C, false, &cm)) m = cm;
        uint32_t bits = 0;
        int bad;
        asm_encode(&m, c->o->xlen, &bits, &bad);
        unsigned l = asm_row_len(m.row);
        for (unsigned k = 0; k < l; k++)
            out[len + k] = (uint8_t)(bits >> (8 * k));
        len += l;
    }
    return len;
}

/* ---------------------------------------------------------------- evaluation helpers */

bool asm_eval_item(asm_ctx *c, const asm_item *it, asm_val *v, bool report)
{
    const char *err = NULL;
    uint32_t col = it->col;
    if (!asm_eval(c, it->expr, true, v, &err, &col)) {
        if (report) asm_error_at(c, it->line, col ? col : 1, "%s", err);
        return false;
    }
    asm_val_const(c, v, true);
    return true;
}

/* The target of a pc-relative fixup as an offset in section sec, when it is resolvable here
   (a constant, or a local label of the same section). */
bool asm_local_target(const asm_ctx *c, const asm_val *v, uint32_t sec, uint64_t *off)
{
    if (v->sub || !v->add) return false;
    const asm_sym *s = v->add;
    if (s->kind != SK_LABEL || s->sec != sec || s->bind != ASM_STB_LOCAL) return false;
    *off = asm_label_offset(c, s) + (uint64_t)v->k;
    return true;
}

/* Whether a relaxable item's target is resolvable and in reach of its compressed form. */
static bool fits_compressed(asm_ctx *c, const asm_item *it, uint32_t sec)
{
    asm_val v;
    if (!asm_eval_item(c, it, &v, false)) return false;
    int64_t d;
    uint64_t t;
    if (!v.add && !v.sub)
        d = v.k;
    else if (asm_local_target(c, &v, sec, &t))
        d = (int64_t)(t - it->offset);
    else
        return false;
    if (it->fix == F_RVC_BRANCH) return d >= -256 && d <= 254;
    return d >= -2048 && d <= 2046;
}

static void relax(asm_item *it)
{
    it->u.insn.crow = 0;
    it->size = 4;
    it->fix = it->fix == F_RVC_BRANCH ? F_BRANCH : F_JAL;
    it->flags &= (uint8_t)~IF_RELAXABLE;
}

static uint64_t align_pad(const asm_item *it, uint64_t off)
{
    uint64_t a = it->u.align.align;
    uint64_t pad = (a - (off & (a - 1))) & (a - 1);
    if (it->u.align.max && pad > it->u.align.max) pad = 0;
    return pad;
}

/* Size of a deferred item at its current offset (false when not yet computable). */
bool asm_deferred_size(asm_ctx *c, asm_item *it, uint32_t sec, uint64_t *size)
{
    asm_val v;
    if (!asm_eval_item(c, it, &v, false)) return false;
    switch (it->kind) {
    case IT_FILL:
        if (v.add || v.sub || v.k < 0) return false;
        if ((uint64_t)v.k > ASM_MAX_NOBITS / it->u.fill.vsize) return false;
        *size = (uint64_t)v.k * it->u.fill.vsize;
        return true;
    case IT_ORG: {
        uint64_t target;
        if (!v.add && !v.sub)
            target = (uint64_t)v.k;
        else if (!v.sub && v.add->kind == SK_LABEL && v.add->sec == sec)
            target = asm_label_offset(c, v.add) + (uint64_t)v.k;
        else
            return false;
        *size = target >= it->offset ? target - it->offset : 0;
        return true;
    }
    case IT_LI: {
        if (!v.add && !v.sub) {
            uint8_t tmp[40];
            *size = asm_li_bytes(c, v.k, it->u.li.rd, it->u.li.rvc, tmp);
        } else
            *size = 8;
        return true;
    }
    default: return false;
    }
}

bool asm_layout(asm_ctx *c)
{
    for (int iter = 0; iter < 200; iter++) {
        bool changed = false;
        for (uint32_t si = 0; si < c->nsec; si++) {
            asm_sect *s = &c->secs[si];
            uint64_t off = 0;
            for (size_t i = 0; i < s->nitems; i++) {
                asm_item *it = &s->items[i];
                it->offset = off;
                if (it->kind == IT_ALIGN) {
                    it->size = align_pad(it, off);
                } else if (it->kind == IT_ORG || (it->flags & IF_DEFERRED)) {
                    uint64_t size;
                    if (asm_deferred_size(c, it, si, &size) && size != it->size) {
                        it->size = size;
                        changed = true;
                    }
                }
                off += it->size;
                if (off > ASM_MAX_NOBITS) off = ASM_MAX_NOBITS; /* reported when written */
            }
            s->size = off;
        }
        for (uint32_t si = 0; si < c->nsec; si++) {
            asm_sect *s = &c->secs[si];
            for (size_t i = 0; i < s->nitems; i++) {
                asm_item *it = &s->items[i];
                if ((it->flags & IF_RELAXABLE) && !fits_compressed(c, it, si)) {
                    relax(it);
                    changed = true;
                }
            }
        }
        if (!changed) return true;
    }
    asm_error_at(c, 1, 1, "layout does not converge (sizes depend on each other)");
    return false;
}
