/* Layout and fixups: gives every item its offset, relaxes compressed branches and jumps whose
   target is out of reach or not resolvable here (llvm-mc's MC relaxation: c.beqz/c.bnez to
   beq/bne, c.j/c.jal to jal), then writes each section's bytes, resolving what the assembler
   may resolve and leaving relocations for the rest with llvm-mc's rules: a pc-relative
   reference is resolved only to a local label of the same section; absolute references to
   labels are always relocated. */
#include <stdio.h>
#include <stdlib.h>

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

static int64_t sext12(int64_t v)
{
    return (int64_t)((uint64_t)v << 52) >> 52;
}

static int64_t hi20(int64_t v)
{
    return (int64_t)((((uint64_t)v + 0x800) >> 12) & 0xfffff);
}

/* ---------------------------------------------------------------- li */

/* Bytes of li rd, value (llvm-mc's sequence, compressed when rvc). Returns the length. */
static unsigned li_bytes(const asm_ctx *c, int64_t value, unsigned rd, bool rvc, uint8_t *out)
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

static bool eval_item(asm_ctx *c, const asm_item *it, asm_val *v, bool report)
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
static bool local_target(const asm_ctx *c, const asm_val *v, uint32_t sec, uint64_t *off)
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
    if (!eval_item(c, it, &v, false)) return false;
    int64_t d;
    uint64_t t;
    if (!v.add && !v.sub)
        d = v.k;
    else if (local_target(c, &v, sec, &t))
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
static bool deferred_size(asm_ctx *c, asm_item *it, uint32_t sec, uint64_t *size)
{
    asm_val v;
    if (!eval_item(c, it, &v, false)) return false;
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
            *size = li_bytes(c, v.k, it->u.li.rd, it->u.li.rvc, tmp);
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
                    if (deferred_size(c, it, si, &size) && size != it->size) {
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

/* ---------------------------------------------------------------- emission */

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

static void put_le(uint8_t *p, uint64_t v, unsigned n)
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
    put_le(p, bits, asm_row_len(m->row));
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

static void emit_insn(asm_ctx *c, emit_state *e, uint32_t si, asm_item *it)
{
    uint8_t *p = e->data + it->offset;
    asm_minst m = it->u.insn.m;
    if (it->u.insn.crow) m.row = it->u.insn.crow;
    asm_val v;
    uint64_t t;
    switch (it->fix) {
    case F_IMM:
        if (!eval_item(c, it, &v, true)) return;
        if (v.add || v.sub) {
            IERR(it, "operand must be a constant (use %%hi/%%lo/%%pcrel_hi/%%pcrel_lo for an address)");
            return;
        }
        m.imm = v.k;
        encode_at(c, it, &m, p, NULL);
        return;
    case F_BRANCH:
    case F_JAL:
    case F_RVC_BRANCH:
    case F_RVC_JUMP: {
        if (!eval_item(c, it, &v, true)) return;
        static const uint32_t types[] = {[F_BRANCH] = R_RISCV_BRANCH, [F_JAL] = R_RISCV_JAL,
                                         [F_RVC_BRANCH] = R_RISCV_RVC_BRANCH,
                                         [F_RVC_JUMP] = R_RISCV_RVC_JUMP};
        if (!v.add && !v.sub)
            m.imm = v.k;
        else if (local_target(c, &v, si, &t))
            m.imm = (int64_t)(t - it->offset);
        else if (v.sub) {
            IERR(it, "invalid %s target (a difference of symbols)", target_name(it->fix));
            return;
        } else {
            add_rel(c, e, it, it->offset, types[it->fix], v.add, v.k);
            m.imm = 0;
        }
        encode_at(c, it, &m, p, target_name(it->fix));
        return;
    }
    case F_CALL:
    case F_CALL_PLT: {
        if (!eval_item(c, it, &v, true)) return;
        int64_t hi = 0, lo = 0;
        if (local_target(c, &v, si, &t)) {
            int64_t off = (int64_t)(t - it->offset);
            if (off < INT32_MIN || off > INT32_MAX - 0x800) {
                IERR(it, "call target out of range (offset %lld)", (long long)off);
                return;
            }
            hi = hi20(off);
            lo = sext12(off);
        } else if (v.add && !v.sub) {
            add_rel(c, e, it, it->offset, it->fix == F_CALL ? R_RISCV_CALL : R_RISCV_CALL_PLT,
                    v.add, v.k);
        } else {
            IERR(it, "operand must be a bare symbol name");
            return;
        }
        asm_minst a, j;
        memset(&a, 0, sizeof a);
        memset(&j, 0, sizeof j);
        a.row = RV_I_auipc;
        a.rd = m.rd;
        a.imm = hi;
        j.row = RV_I_jalr;
        j.rd = it->u.insn.jrd;
        j.rs1 = m.rd;
        j.imm = lo;
        if (encode_at(c, it, &a, p, NULL)) encode_at(c, it, &j, p + 4, NULL);
        return;
    }
    case F_PCREL_HI20:
        if (!eval_item(c, it, &v, true)) return;
        if (local_target(c, &v, si, &t)) {
            int64_t off = (int64_t)(t - it->offset);
            if (off < INT32_MIN || off > INT32_MAX - 0x800) {
                IERR(it, "%%pcrel_hi target out of range (offset %lld)", (long long)off);
                return;
            }
            m.imm = hi20(off);
        } else if (v.add && !v.sub) {
            add_rel(c, e, it, it->offset, R_RISCV_PCREL_HI20, v.add, v.k);
            m.imm = 0;
        } else {
            IERR(it, "%%pcrel_hi needs a symbol (plus a constant)");
            return;
        }
        encode_at(c, it, &m, p, NULL);
        return;
    case F_PCREL_LO12_I:
    case F_PCREL_LO12_S: {
        if (!eval_item(c, it, &v, true)) return;
        asm_item *hi = v.add && !v.sub && v.k == 0 ? pcrel_hi_item(c, v.add) : NULL;
        if (!hi) {
            IERR(it, "%%pcrel_lo must name the label of an auipc with a %%pcrel_hi");
            return;
        }
        asm_val hv;
        if (!eval_item(c, hi, &hv, false)) return;
        if (v.add->sec == si && local_target(c, &hv, si, &t)) {
            int64_t off = (int64_t)(t - hi->offset);
            m.imm = sext12(off);
        } else {
            add_rel(c, e, it, it->offset,
                    it->fix == F_PCREL_LO12_I ? R_RISCV_PCREL_LO12_I : R_RISCV_PCREL_LO12_S,
                    v.add, 0);
            m.imm = 0;
        }
        encode_at(c, it, &m, p, NULL);
        return;
    }
    case F_HI20:
    case F_LO12_I:
    case F_LO12_S:
        if (!eval_item(c, it, &v, true)) return;
        if (!v.add && !v.sub) {
            m.imm = it->fix == F_HI20 ? hi20(v.k) : sext12(v.k);
        } else if (v.add && !v.sub) {
            add_rel(c, e, it, it->offset,
                    it->fix == F_HI20 ? R_RISCV_HI20 : it->fix == F_LO12_I ? R_RISCV_LO12_I : R_RISCV_LO12_S,
                    v.add, v.k);
            m.imm = 0;
        } else {
            IERR(it, "%%hi/%%lo need a symbol plus a constant, or a constant");
            return;
        }
        encode_at(c, it, &m, p, NULL);
        return;
    default: return;
    }
}

static void emit_data(asm_ctx *c, emit_state *e, asm_item *it)
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
    if (!eval_item(c, it, &v, true)) return;
    if (!v.add && !v.sub) {
        if (n < 8) {
            int64_t lo = -(INT64_C(1) << (n * 8 - 1));
            uint64_t hi = (UINT64_C(1) << (n * 8)) - 1;
            if (v.k < lo || (v.k > 0 && (uint64_t)v.k > hi)) {
                IERR(it, "value %lld does not fit in %u byte%s", (long long)v.k, n, n > 1 ? "s" : "");
                return;
            }
        }
        put_le(p, (uint64_t)v.k, n);
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

static void emit_li_item(asm_ctx *c, emit_state *e, asm_item *it)
{
    uint8_t *p = e->data + it->offset;
    asm_val v;
    if (!eval_item(c, it, &v, true)) return;
    unsigned rd = it->u.li.rd;
    if (!v.add && !v.sub) {
        if (c->o->xlen == 32 && !(v.k >= INT32_MIN && v.k <= (int64_t)UINT32_MAX)) {
            IERR(it, "immediate must be an integer in the range [-2147483648, 4294967295]");
            return;
        }
        uint8_t tmp[40];
        unsigned n = li_bytes(c, v.k, rd, it->u.li.rvc, tmp);
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

static void write_nops(uint8_t *p, uint64_t n, bool rvc)
{
    uint64_t min = rvc ? 2 : 4;
    uint64_t zeros = n % min;
    memset(p, 0, zeros);
    p += zeros;
    n -= zeros;
    for (; n >= 4; n -= 4, p += 4)
        put_le(p, 0x13, 4);
    if (n) put_le(p, 0x1, 2);
}

static int rel_cmp(const void *a, const void *b)
{
    const rel_tmp *x = a, *y = b;
    if (x->offset != y->offset) return x->offset < y->offset ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

void asm_unit_free(asm_unit *u)
{
    if (!u) return;
    for (size_t i = 0; i < u->nsec; i++) {
        free(u->sec[i].name);
        free(u->sec[i].data);
        free(u->sec[i].rel);
    }
    free(u->sec);
    for (size_t i = 0; i < u->nsym; i++)
        free(u->sym[i].name);
    free(u->sym);
    free(u->list);
    free(u->src);
    free(u);
}

/* Final value of a symbol for the symbol table. Returns false to leave it out. */
static bool sym_value(asm_ctx *c, asm_sym *s, asm_symbol *out)
{
    out->shndx = ASM_SHN_UNDEF;
    out->value = 0;
    if (s->kind == SK_LABEL) {
        out->shndx = s->sec + 1;
        out->value = asm_label_offset(c, s);
        return true;
    }
    if (s->kind == SK_EQU) {
        asm_val v;
        const char *err;
        uint32_t col;
        if (!asm_eval(c, s->equ, true, &v, &err, &col)) {
            asm_error_at(c, s->line, s->col ? s->col : 1, "%s", err);
            return false;
        }
        asm_val_const(c, &v, true);
        if (!v.add && !v.sub) {
            out->shndx = ASM_SHN_ABS;
            out->value = (uint64_t)v.k;
            return true;
        }
        if (v.add && !v.sub && v.add->kind == SK_LABEL) {
            out->shndx = v.add->sec + 1;
            out->value = asm_label_offset(c, v.add) + (uint64_t)v.k;
            return true;
        }
        return false;
    }
    return true;
}

asm_unit *asm_build_unit(asm_ctx *c)
{
    emit_state *es = NULL;
    asm_unit *u = calloc(1, sizeof *u);
    if (!u) {
        c->oom = true;
        return NULL;
    }
    u->xlen = c->o->xlen;
    u->ext = c->o->ext;
    u->rvc_flag = (c->o->ext & RV_EXT_C) != 0;
    u->sec = calloc(c->nsec, sizeof *u->sec);
    if (!u->sec) goto oom;
    u->nsec = c->nsec;
    es = calloc(c->nsec, sizeof *es);
    if (!es) goto oom;
    for (uint32_t si = 0; si < c->nsec; si++) {
        asm_sect *s = &c->secs[si];
        asm_section *o = &u->sec[si];
        o->name = xstrdup(s->name);
        if (!o->name) c->oom = true;
        o->type = s->type;
        o->flags = s->flags;
        o->align = s->align;
        o->size = s->size;
        uint64_t lim = s->type == ASM_SHT_NOBITS ? ASM_MAX_NOBITS : ASM_MAX_PROGBITS;
        if (s->size >= lim) {
            asm_error_at(c, s->nitems ? s->items[s->nitems - 1].line : 1, 1,
                         "section '%s' is larger than %llu MiB", s->name, (unsigned long long)(lim >> 20));
            continue;
        }
        if (c->o->xlen == 32 && s->size > UINT32_MAX) {
            asm_error_at(c, 1, 1, "section '%s' does not fit a 32-bit address space", s->name);
            continue;
        }
        /* contents: nobits sections are laid out but hold no bytes */
        uint8_t *scratch = NULL;
        if (s->type != ASM_SHT_NOBITS) {
            o->data = calloc(1, s->size ? s->size : 1);
            if (!o->data) {
                c->oom = true;
                continue;
            }
            es[si].data = o->data;
        } else {
            scratch = calloc(1, 64);
            es[si].data = scratch;
        }
        for (size_t i = 0; i < s->nitems && !c->too_many; i++) {
            asm_item *it = &s->items[i];
            if (s->type == ASM_SHT_NOBITS) {
                if (it->kind == IT_ORG && it->expr) { /* checked like the others below */
                }
                continue;
            }
            uint8_t *p = o->data + it->offset;
            switch (it->kind) {
            case IT_BYTES: memcpy(p, s->blob.p + it->u.bytes.start, it->size); break;
            case IT_INSN: emit_insn(c, &es[si], si, it); break;
            case IT_DATA: emit_data(c, &es[si], it); break;
            case IT_LI: emit_li_item(c, &es[si], it); break;
            case IT_ALIGN:
                if (it->u.align.nop)
                    write_nops(p, it->size, it->u.align.rvc);
                else
                    memset(p, it->u.align.fill, it->size);
                break;
            case IT_FILL:
                for (uint64_t k = 0; k < it->size; k += it->u.fill.vsize)
                    put_le(p + k, (uint64_t)it->u.fill.value, it->u.fill.vsize);
                break;
            case IT_ORG: memset(p, (int)it->u.fill.value, it->size); break;
            default: break;
            }
        }
        /* deferred sizes that never resolved, and .org moving backwards */
        for (size_t i = 0; i < s->nitems; i++) {
            asm_item *it = &s->items[i];
            if (it->kind != IT_ORG && !((it->flags & IF_DEFERRED) && it->kind == IT_FILL)) continue;
            asm_val v;
            if (!eval_item(c, it, &v, true)) continue;
            uint64_t size;
            if (!deferred_size(c, it, si, &size)) {
                IERR(it, it->kind == IT_ORG ? ".org needs a constant or a label of this section plus a constant"
                                           : "the size must be a non-negative constant");
                continue;
            }
            if (it->kind == IT_ORG) {
                uint64_t target = it->offset + size;
                if (!v.add && !v.sub) target = (uint64_t)v.k;
                else target = asm_label_offset(c, v.add) + (uint64_t)v.k;
                if (target < it->offset)
                    IERR(it, ".org cannot move the location counter backwards (from 0x%llx to 0x%llx)",
                         (unsigned long long)it->offset, (unsigned long long)target);
            }
        }
        free(scratch);
        if (s->type == ASM_SHT_NOBITS) es[si].data = NULL;
    }
    if (c->nerr || c->oom) goto fail;

    /* symbol table: llvm-mc's registration order, locals first */
    size_t nsym = 1 + c->nfiles;
    for (size_t i = 0; i < c->nreg; i++) {
        asm_sym *s = c->reg[i];
        s->out = 0;
        if (s->temp && !s->in_reloc) continue;
        if (s->temp && s->kind == SK_UNDEF) {
            asm_error_at(c, s->line, s->col ? s->col : 1, "undefined temporary symbol '%s'", s->name);
            continue;
        }
        nsym++;
    }
    if (c->nerr) goto fail;
    u->sym = calloc(nsym, sizeof *u->sym);
    if (!u->sym) goto oom;
    u->sym[0].name = xstrdup("");
    u->nsym = 1;
    for (size_t i = 0; i < c->nfiles; i++) { /* STT_FILE symbols come first */
        asm_symbol *f = &u->sym[u->nsym++];
        f->name = xstrdup(c->files[i]);
        if (!f->name) goto oom;
        f->shndx = ASM_SHN_ABS;
        f->type = 4;
    }
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) u->first_global = u->nsym;
        for (size_t i = 0; i < c->nreg; i++) {
            asm_sym *s = c->reg[i];
            if (s->temp && !s->in_reloc) continue;
            uint8_t bind = s->bind;
            if (s->kind == SK_UNDEF && bind == ASM_STB_LOCAL) bind = ASM_STB_GLOBAL;
            if ((bind != ASM_STB_LOCAL) != (pass == 1)) continue;
            asm_symbol out;
            memset(&out, 0, sizeof out);
            if (!sym_value(c, s, &out)) continue;
            out.bind = bind;
            out.type = s->type;
            if (s->size) {
                asm_val v;
                const char *err;
                uint32_t col;
                if (!asm_eval(c, s->size, true, &v, &err, &col) || !asm_val_const(c, &v, true)) {
                    asm_error_at(c, s->line, s->col ? s->col : 1, ".size of '%s' is not a constant", s->name);
                } else
                    out.size = (uint64_t)v.k;
            }
            out.name = xstrdup(s->name);
            if (!out.name) goto oom;
            s->out = (uint32_t)u->nsym;
            u->sym[u->nsym++] = out;
        }
    }
    /* relocations */
    for (uint32_t si = 0; si < c->nsec; si++) {
        emit_state *e = &es[si];
        if (!e->nrel) continue;
        qsort(e->rel, e->nrel, sizeof *e->rel, rel_cmp);
        asm_section *o = &u->sec[si];
        o->rel = calloc(e->nrel, sizeof *o->rel);
        if (!o->rel) goto oom;
        for (size_t i = 0; i < e->nrel; i++) {
            rel_tmp *r = &e->rel[i];
            if (!r->sym->out) {
                asm_error_at(c, r->line, r->col ? r->col : 1, "relocation against '%s', which has no symbol table entry", r->sym->name);
                continue;
            }
            if (c->o->xlen == 32 && (r->addend < INT32_MIN || r->addend > INT32_MAX)) {
                asm_error_at(c, r->line, r->col ? r->col : 1, "relocation addend %lld does not fit in 32 bits", (long long)r->addend);
                continue;
            }
            o->rel[o->nrel++] = (asm_reloc){r->offset, r->type, r->sym->out, r->addend, r->line, r->col};
        }
    }
    /* listing */
    if (c->o->listing && c->nmarks) {
        u->list = calloc(c->nmarks, sizeof *u->list);
        u->src = malloc(c->len ? c->len : 1);
        if (!u->list || !u->src) goto oom;
        memcpy(u->src, c->src, c->len);
        u->srclen = c->len;
        for (size_t i = 0; i < c->nmarks; i++) {
            struct asm_mark *mk = &c->marks[i];
            asm_sect *s = &c->secs[mk->sec];
            uint64_t a = (mk->i0 < s->nitems ? s->items[mk->i0].offset : s->size) + mk->d0;
            uint64_t b = (mk->i1 < s->nitems ? s->items[mk->i1].offset : s->size) + mk->d1;
            u->list[u->nlist++] = (asm_list_line){mk->line, mk->sec, a, b - a};
        }
    }
    for (uint32_t si = 0; si < c->nsec; si++)
        free(es[si].rel);
    free(es);
    if (c->nerr || c->oom) {
        asm_unit_free(u);
        return NULL;
    }
    return u;
oom:
    c->oom = true;
fail:
    if (es)
        for (uint32_t si = 0; si < c->nsec; si++)
            free(es[si].rel);
    free(es);
    asm_unit_free(u);
    return NULL;
}
