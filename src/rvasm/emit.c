/* Writing the items of a section: instructions with their fixups resolved or relocated,
   data, li sequences, alignment padding. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/layout_internal.h"

/* ---------------------------------------------------------------- emission */

static void add_rel(asm_ctx *c, emit_state *e, const asm_item *it, uint64_t off, uint32_t type,
                    asm_sym *sym, int64_t addend)
{
    if (e->nrel == e->caprel) {
        size_t cap = e->caprel ? e->caprel * 2 : 16;
        rel_tmp *v = realloc(e->rel, cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return;
        }
        e->rel = v;
        e->caprel = cap;
    }
    sym->in_reloc = true;
    e->rel[e->nrel] = (rel_tmp){off, type, sym, addend, it->line, it->col, (uint32_t)e->nrel};
    e->nrel++;
}

void asm_put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static bool encode_at(asm_ctx *c, const asm_item *it, asm_minst *m, uint8_t *p, const char *what)
{
    uint32_t bits;
    int bad;
    const char *err = asm_encode(m, c->o->xlen, &bits, &bad);
    if (err) {
        if (what)
            IERR(it, "%s offset %lld out of range: %s", what, (long long)m->imm, err);
        else
            IERR(it, "%s", err);
        return false;
    }
    asm_put_le(p, bits, asm_row_len(m->row));
    return true;
}

static const char *target_name(uint8_t fix)
{
    switch (fix) {
    case F_BRANCH:
    case F_RVC_BRANCH: return "branch";
    default: return "jump";
    }
}

/* The auipc item a %pcrel_lo label names, or NULL. */
static asm_item *pcrel_hi_item(asm_ctx *c, const asm_sym *label)
{
    if (!label || label->kind != SK_LABEL) return NULL;
    asm_sect *s = &c->secs[label->sec];
    for (size_t i = label->item; i < s->nitems; i++) {
        asm_item *it = &s->items[i];
        if (it->size == 0 && it->kind != IT_INSN) continue; /* empty fills and alignments */
        if (it->kind == IT_INSN && it->fix == F_PCREL_HI20) return it;
        return NULL;
    }
    return NULL;
}

/* Branch and jump targets: a constant offset, a local label of this section, or a relocation. */
static bool fix_target(asm_ctx *c, emit_state *e, uint32_t si, asm_item *it, const asm_val *v,
                       asm_minst *m)
{
    static const uint32_t types[] = {[F_BRANCH] = R_RISCV_BRANCH,
                                     [F_JAL] = R_RISCV_JAL,
                                     [F_RVC_BRANCH] = R_RISCV_RVC_BRANCH,
                                     [F_RVC_JUMP] = R_RISCV_RVC_JUMP};
    uint64_t t;
    if (!v->add && !v->sub)
        m->imm = v->k;
    else if (asm_local_target(c, v, si, &t))
        m->imm = (int64_t)(t - it->offset);
    else if (v->sub) {
        IERR(it, "invalid %s target (a difference of symbols)", target_name(it->fix));
        return false;
    } else {
        add_rel(c, e, it, it->offset, types[it->fix], v->add, v->k);
        m->imm = 0;
    }
    return true;
}

/* The pc-relative offset to a local target, when it fits auipc's reach. */
static bool pcrel_offset(asm_ctx *c, asm_item *it, uint64_t t, int64_t *off, const char *what)
{
    *off = (int64_t)(t - it->offset);
    if (*off < INT32_MIN || *off > INT32_MAX - 0x800) {
        IERR(it, "%s target out of range (offset %lld)", what, (long long)*off);
        return false;
    }
    return true;
}

static void emit_call(asm_ctx *c, emit_state *e, uint32_t si, asm_item *it, const asm_val *v,
                      uint8_t *p)
{
    int64_t off = 0;
    uint64_t t;
    if (asm_local_target(c, v, si, &t)) {
        if (!pcrel_offset(c, it, t, &off, "call")) return;
    } else if (v->add && !v->sub) {
        add_rel(c, e, it, it->offset, it->fix == F_CALL ? R_RISCV_CALL : R_RISCV_CALL_PLT, v->add,
                v->k);
    } else {
        IERR(it, "operand must be a bare symbol name");
        return;
    }
    asm_minst a, j;
    memset(&a, 0, sizeof a);
    memset(&j, 0, sizeof j);
    a.row = RV_I_auipc;
    a.rd = it->u.insn.m.rd;
    a.imm = off ? asm_hi20(off) : 0;
    j.row = RV_I_jalr;
    j.rd = it->u.insn.jrd;
    j.rs1 = it->u.insn.m.rd;
    j.imm = off ? asm_sext12(off) : 0;
    if (encode_at(c, it, &a, p, NULL)) encode_at(c, it, &j, p + 4, NULL);
}

static bool fix_pcrel_hi(asm_ctx *c, emit_state *e, uint32_t si, asm_item *it, const asm_val *v,
                         asm_minst *m)
{
    uint64_t t;
    int64_t off;
    if (asm_local_target(c, v, si, &t)) {
        if (!pcrel_offset(c, it, t, &off, "%pcrel_hi")) return false;
        m->imm = asm_hi20(off);
    } else if (v->add && !v->sub) {
        add_rel(c, e, it, it->offset, R_RISCV_PCREL_HI20, v->add, v->k);
        m->imm = 0;
    } else {
        IERR(it, "%%pcrel_hi needs a symbol (plus a constant)");
        return false;
    }
    return true;
}

/* %pcrel_lo(label): the low part of the offset the auipc at label computes. */
static bool fix_pcrel_lo(asm_ctx *c, emit_state *e, uint32_t si, asm_item *it, const asm_val *v,
                         asm_minst *m)
{
    asm_item *hi = v->add && !v->sub && v->k == 0 ? pcrel_hi_item(c, v->add) : NULL;
    if (!hi) {
        IERR(it, "%%pcrel_lo must name the label of an auipc with a %%pcrel_hi");
        return false;
    }
    asm_val hv;
    uint64_t t;
    if (!asm_eval_item(c, hi, &hv, false)) return false;
    if (v->add->sec == si && asm_local_target(c, &hv, si, &t)) {
        m->imm = asm_sext12((int64_t)(t - hi->offset));
    } else {
        add_rel(c, e, it, it->offset,
                it->fix == F_PCREL_LO12_I ? R_RISCV_PCREL_LO12_I : R_RISCV_PCREL_LO12_S, v->add, 0);
        m->imm = 0;
    }
    return true;
}

/* %hi / %lo: computed for a constant, else an absolute relocation. */
static bool fix_abs(asm_ctx *c, emit_state *e, asm_item *it, const asm_val *v, asm_minst *m)
{
    if (!v->add && !v->sub) {
        m->imm = it->fix == F_HI20 ? asm_hi20(v->k) : asm_sext12(v->k);
    } else if (v->add && !v->sub) {
        uint32_t type = it->fix == F_HI20     ? R_RISCV_HI20
                        : it->fix == F_LO12_I ? R_RISCV_LO12_I
                                              : R_RISCV_LO12_S;
        add_rel(c, e, it, it->offset, type, v->add, v->k);
        m->imm = 0;
    } else {
        IERR(it, "%%hi/%%lo need a symbol plus a constant, or a constant");
        return false;
    }
    return true;
}

void asm_emit_insn(asm_ctx *c, emit_state *e, uint32_t si, asm_item *it)
{
    uint8_t *p = e->data + it->offset;
    asm_minst m = it->u.insn.m;
    if (it->u.insn.crow) m.row = it->u.insn.crow;
    asm_val v;
    if (!asm_eval_item(c, it, &v, true)) return;
    bool ok = true;
    const char *what = NULL;
    switch (it->fix) {
    case F_IMM:
        if (v.add || v.sub) {
            IERR(it,
                 "operand must be a constant (use %%hi/%%lo/%%pcrel_hi/%%pcrel_lo for an address)");
            return;
        }
        m.imm = v.k;
        break;
    case F_BRANCH:
    case F_JAL:
    case F_RVC_BRANCH:
    case F_RVC_JUMP:
        ok = fix_target(c, e, si, it, &v, &m);
        what = target_name(it->fix);
        break;
    case F_CALL:
    case F_CALL_PLT: emit_call(c, e, si, it, &v, p); return;
    case F_PCREL_HI20: ok = fix_pcrel_hi(c, e, si, it, &v, &m); break;
    case F_PCREL_LO12_I:
    case F_PCREL_LO12_S: ok = fix_pcrel_lo(c, e, si, it, &v, &m); break;
    case F_HI20:
    case F_LO12_I:
    case F_LO12_S: ok = fix_abs(c, e, it, &v, &m); break;
    default: return;
    }
    if (ok) encode_at(c, it, &m, p, what);
}

void asm_emit_data(asm_ctx *c, emit_state *e, asm_item *it)
{
    uint8_t *p = e->data + it->offset;
    unsigned n = it->dsize;
    asm_val v;
    unsigned lg = n == 1 ? 0 : n == 2 ? 1 : n == 4 ? 2 : 3;
    if (it->flags & IF_ADDSUB) {
        const char *err;
        uint32_t col;
        if (!asm_eval(c, it->expr, EV_NOFOLD, &v, &err, &col) || !v.add || !v.sub) {
            IERR(it, "internal error: lost the symbols of a difference");
            return;
        }
        add_rel(c, e, it, it->offset, R_RISCV_ADD8 + lg, v.add, v.k);
        add_rel(c, e, it, it->offset, R_RISCV_SUB8 + lg, v.sub, 0);
        return;
    }
    if (!asm_eval_item(c, it, &v, true)) return;
    if (!v.add && !v.sub) {
        if (n < 8) {
            int64_t lo = -(INT64_C(1) << (n * 8 - 1));
            uint64_t hi = (UINT64_C(1) << (n * 8)) - 1;
            if (v.k < lo || (v.k > 0 && (uint64_t)v.k > hi)) {
                IERR(it, "value %lld does not fit in %u byte%s", (long long)v.k, n,
                     n > 1 ? "s" : "");
                return;
            }
        }
        asm_put_le(p, (uint64_t)v.k, n);
        return;
    }
    if (v.add && !v.sub) {
        if (n < 4) {
            IERR(it, "a %u-byte datum cannot hold an address (no such relocation)", n);
            return;
        }
        add_rel(c, e, it, it->offset, n == 4 ? R_RISCV_32 : R_RISCV_64, v.add, v.k);
        return;
    }
    if (v.add && v.sub) {
        add_rel(c, e, it, it->offset, R_RISCV_ADD8 + lg, v.add, v.k);
        add_rel(c, e, it, it->offset, R_RISCV_SUB8 + lg, v.sub, 0);
        return;
    }
    IERR(it, "expression cannot be relocated (a negated symbol)");
}

void asm_emit_li_item(asm_ctx *c, emit_state *e, asm_item *it)
{
    uint8_t *p = e->data + it->offset;
    asm_val v;
    if (!asm_eval_item(c, it, &v, true)) return;
    unsigned rd = it->u.li.rd;
    if (!v.add && !v.sub) {
        if (c->o->xlen == 32 && !(v.k >= INT32_MIN && v.k <= (int64_t)UINT32_MAX)) {
            IERR(it, "immediate must be an integer in the range [-2147483648, 4294967295]");
            return;
        }
        uint8_t tmp[40];
        unsigned n = asm_li_bytes(c, v.k, rd, it->u.li.rvc, tmp);
        if (n != it->size) {
            IERR(it, "internal error: li size changed after layout");
            return;
        }
        memcpy(p, tmp, n);
        return;
    }
    if (!v.add || v.sub) {
        IERR(it, "li needs a constant or a symbol plus a constant");
        return;
    }
    /* an address: lui rd, %hi(sym); addi rd, rd, %lo(sym) (absolute, as GNU as) */
    asm_minst m;
    memset(&m, 0, sizeof m);
    m.row = RV_I_lui;
    m.rd = (uint8_t)rd;
    add_rel(c, e, it, it->offset, R_RISCV_HI20, v.add, v.k);
    encode_at(c, it, &m, p, NULL);
    m.row = RV_I_addi;
    m.rs1 = (uint8_t)rd;
    add_rel(c, e, it, it->offset + 4, R_RISCV_LO12_I, v.add, v.k);
    encode_at(c, it, &m, p + 4, NULL);
}

void asm_write_nops(uint8_t *p, uint64_t n, bool rvc)
{
    uint64_t min = rvc ? 2 : 4;
    uint64_t zeros = n % min;
    memset(p, 0, zeros);
    p += zeros;
    n -= zeros;
    for (; n >= 4; n -= 4, p += 4)
        asm_put_le(p, 0x13, 4);
    if (n) asm_put_le(p, 0x1, 2);
}
