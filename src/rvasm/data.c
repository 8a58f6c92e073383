/* Directives that lay out bytes: alignment, data, strings, fills, .org. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/parse_internal.h"

/* ---------------------------------------------------------------- directives */

/* Operands of a directive, empty ones allowed (".p2align 4,,2"). */
bool asm_split_dir(asm_ctx *c, stmt *st)
{
    asm_toks *t = st->t;
    st->nop = 0;
    if (t->v[t->i].kind == T_END) return true;
    int depth = 0;
    size_t b = t->i;
    for (size_t i = t->i;; i++) {
        asm_tok *k = &t->v[i];
        if (asm_punct(k, '(')) depth++;
        if (asm_punct(k, ')')) depth--;
        if (k->kind == T_END || (depth == 0 && asm_punct(k, ','))) {
            if (st->nop == MAX_OPS) {
                ERR(t->v[b].col, "too many operands");
                return false;
            }
            st->op[st->nop++] = (opnd){b, i};
            if (k->kind == T_END) break;
            b = i + 1;
        }
    }
    return true;
}

bool asm_empty_op(const stmt *st, int i)
{
    return i >= st->nop || st->op[i].b == st->op[i].e;
}

asm_sym *asm_op_symbol(asm_ctx *c, const stmt *st, int i)
{
    if (asm_empty_op(st, i) || st->op[i].e != st->op[i].b + 1 ||
        st->t->v[st->op[i].b].kind != T_ID) {
        ERR(asm_empty_op(st, i) ? st->mcol : asm_opcol(st, i), "expected a symbol name");
        return NULL;
    }
    asm_tok *k = &st->t->v[st->op[i].b];
    return asm_sym_get(c, k->p, k->n);
}

static bool const_op(asm_ctx *c, const stmt *st, int i, int64_t *v, const char *what)
{
    asm_expr *e = asm_op_expr(c, st, i);
    return e && asm_need_const(c, e, v, what);
}

void asm_dir_align(asm_ctx *c, stmt *st, bool bytes)
{
    if (asm_empty_op(st, 0)) {
        ERR(st->mcol, "expected an alignment");
        return;
    }
    int64_t a, fill = 0, max = 0;
    bool has_fill = !asm_empty_op(st, 1);
    if (st->nop > 3) {
        ERR(asm_opcol(st, 3), "too many operands");
        return;
    }
    if (!const_op(c, st, 0, &a, "the alignment")) return;
    if (has_fill && !const_op(c, st, 1, &fill, "the fill value")) return;
    if (!asm_empty_op(st, 2) && !const_op(c, st, 2, &max, "the maximum")) return;
    uint64_t align;
    if (bytes) {
        if (a < 1 || (a & (a - 1)) || a > (1 << 28)) {
            ERR(asm_opcol(st, 0), "alignment must be a power of 2 between 1 and 2^28");
            return;
        }
        align = (uint64_t)a;
    } else {
        if (a < 0 || a > 28) {
            ERR(asm_opcol(st, 0), "alignment exponent must be between 0 and 28");
            return;
        }
        align = 1ull << a;
    }
    if (fill < -128 || fill > 255) {
        ERR(asm_opcol(st, 1), "fill value must fit in a byte");
        return;
    }
    if (max < 0) max = 0;
    asm_sect *s = asm_cur(c);
    if (s->align < align) s->align = align;
    if (align == 1) return;
    if (s->type == ASM_SHT_NOBITS && fill) {
        ERR(asm_opcol(st, 1), "cannot emit non-zero data in a section without contents (%s)",
            s->name);
        return;
    }
    if (!asm_grow_total(c, align - 1, st->mcol)) return;
    asm_end_run(c);
    asm_item *it = asm_new_item(c, IT_ALIGN);
    if (!it) return;
    it->col = st->mcol;
    it->u.align.align = align;
    it->u.align.max = (uint64_t)max;
    it->u.align.fill = (uint8_t)fill;
    it->u.align.nop = (s->flags & ASM_SHF_EXECINSTR) && fill == 0 && s->type != ASM_SHT_NOBITS;
    it->u.align.rvc = c->rvc;
}

/* Calls fn for each comma-separated operand [b, e) of a directive (any number of them). */
bool asm_each_operand(asm_ctx *c, stmt *st, void (*fn)(asm_ctx *, stmt *, size_t, size_t, void *),
                      void *arg)
{
    asm_toks *t = st->t;
    size_t b = t->i;
    if (t->v[b].kind == T_END) {
        ERR(t->v[b].col, "expected an operand");
        return false;
    }
    int depth = 0;
    for (size_t i = b;; i++) {
        asm_tok *k = &t->v[i];
        if (asm_punct(k, '(')) depth++;
        if (asm_punct(k, ')')) depth--;
        if (k->kind == T_END || (depth == 0 && asm_punct(k, ','))) {
            if (i == b) {
                ERR(k->col, "expected an operand");
                return false;
            }
            fn(c, st, b, i, arg);
            if (c->stmt_err) return false;
            if (k->kind == T_END) return true;
            b = i + 1;
        }
    }
}

static void data_one(asm_ctx *c, stmt *st, size_t b, size_t e, void *arg)
{
    unsigned size = *(unsigned *)arg;
    uint32_t col = st->t->v[b].col;
    asm_expr *x = asm_parse_expr_range(c, st->t, b, e);
    if (!x) return;
    int64_t v;
    /* llvm-mc (RISCVELFStreamer::requiresFixups): a difference A - B of symbols where either
       is undefined yet or lies in a section holding instructions becomes an ADD/SUB pair of
       relocations, never folded */
    asm_val sv;
    const char *err;
    uint32_t ecol;
    bool addsub = false;
    if (x->op != E_SYM && x->op != E_NUM && asm_eval(c, x, EV_NOFOLD, &sv, &err, &ecol) && sv.add &&
        sv.sub) {
        asm_sym *ab[2] = {sv.add, sv.sub};
        for (int i = 0; i < 2; i++)
            if (ab[i]->kind == SK_LABEL ? c->secs[ab[i]->sec].has_insn : ab[i]->name[0] != 0)
                addsub = true;
    }
    if (!addsub && asm_const_now(c, x, &v)) {
        if (size < 8) {
            int64_t lo = -(INT64_C(1) << (size * 8 - 1));
            uint64_t hi = (UINT64_C(1) << (size * 8)) - 1;
            if (v < lo || (v > 0 && (uint64_t)v > hi)) {
                ERR(col, "out of range literal value");
                return;
            }
        }
        asm_emit_le(c, (uint64_t)v, size, col);
        return;
    }
    if (asm_cur(c)->type == ASM_SHT_NOBITS) {
        ERR(col, "cannot emit non-zero data in a section without contents (%s)", asm_cur(c)->name);
        return;
    }
    asm_expr_register(c, x);
    asm_item *it = asm_new_item(c, IT_DATA);
    if (!it) return;
    it->expr = x;
    it->col = col;
    it->fix = F_DATA;
    it->flags = addsub ? IF_ADDSUB : 0;
    it->dsize = (uint8_t)size;
    it->size = size;
    asm_cur(c)->run_off += size;
    asm_grow_total(c, size, col);
}

void asm_dir_data(asm_ctx *c, stmt *st, unsigned size)
{
    asm_each_operand(c, st, data_one, &size);
}

static void ascii_one(asm_ctx *c, stmt *st, size_t b, size_t e, void *arg)
{
    bool zero = *(bool *)arg;
    asm_tok *k = &st->t->v[b];
    if (k->kind != T_STR || e != b + 1) {
        ERR(k->col, "expected string");
        return;
    }
    rivet_buf buf = {0};
    if (asm_string(c, k, &buf)) {
        if (zero && buf_push(&buf, 0)) c->oom = true;
        if (buf.n) asm_emit_bytes(c, buf.p, buf.n, k->col);
    }
    buf_free(&buf);
}

void asm_dir_ascii(asm_ctx *c, stmt *st, bool zero)
{
    asm_each_operand(c, st, ascii_one, &zero);
}

/* .zero/.space/.skip N[, fill], .fill N[, size[, value]]: a fill item, never materialised here. */
static void emit_fill(asm_ctx *c, const stmt *st, asm_expr *count, int64_t value, unsigned vsize)
{
    asm_sect *s = asm_cur(c);
    int64_t n;
    bool known = asm_const_now(c, count, &n);
    if (known) {
        if (n < 0) {
            ERR(count->col, "'%.*s' with a negative size", (int)st->mnlen, st->mn);
            return;
        }
        if ((uint64_t)n > (s->type == ASM_SHT_NOBITS ? ASM_MAX_NOBITS : ASM_MAX_PROGBITS) / vsize) {
            ERR(count->col, "size %llu is too large (section '%s' is limited to %llu MiB)",
                (unsigned long long)n, s->name,
                (unsigned long long)((s->type == ASM_SHT_NOBITS ? ASM_MAX_NOBITS
                                                                : ASM_MAX_PROGBITS) >>
                                     20));
            return;
        }
        if (!asm_grow_total(c, (uint64_t)n * vsize, count->col)) return;
        if (n == 0) return;
    }
    if (s->type == ASM_SHT_NOBITS && value) {
        ERR(st->mcol, "cannot emit non-zero data in a section without contents (%s)", s->name);
        return;
    }
    if (!known) {
        asm_expr_register(c, count);
        asm_end_run(c);
    }
    asm_item *it = asm_new_item(c, IT_FILL);
    if (!it) return;
    it->expr = count;
    it->col = count->col;
    it->flags = known ? 0 : IF_DEFERRED;
    it->u.fill.value = value;
    it->u.fill.vsize = (uint8_t)vsize;
    it->size = known ? (uint64_t)n * vsize : 0;
    if (known) s->run_off += it->size;
}

void asm_dir_space(asm_ctx *c, stmt *st)
{
    if (!asm_split_dir(c, st)) return;
    if (asm_empty_op(st, 0) || st->nop > 2) {
        ERR(st->mcol, "expected a size and an optional fill value");
        return;
    }
    int64_t fill = 0;
    if (!asm_empty_op(st, 1) && !const_op(c, st, 1, &fill, "the fill value")) return;
    asm_expr *n = asm_op_expr(c, st, 0);
    if (n) emit_fill(c, st, n, fill & 0xff, 1);
}

void asm_dir_fill(asm_ctx *c, stmt *st)
{
    if (!asm_split_dir(c, st)) return;
    if (asm_empty_op(st, 0) || st->nop > 3) {
        ERR(st->mcol, "expected a count, an optional size and an optional value");
        return;
    }
    int64_t size = 1, value = 0;
    if (!asm_empty_op(st, 1) && !const_op(c, st, 1, &size, "the size")) return;
    if (!asm_empty_op(st, 2) && !const_op(c, st, 2, &value, "the value")) return;
    if (size < 0 || size > 8) {
        ERR(asm_opcol(st, 1), "fill size must be between 0 and 8");
        return;
    }
    if (size == 0) return;
    asm_expr *n = asm_op_expr(c, st, 0);
    if (n) emit_fill(c, st, n, value, (unsigned)size);
}

void asm_dir_org(asm_ctx *c, stmt *st)
{
    if (!asm_split_dir(c, st)) return;
    if (asm_empty_op(st, 0) || st->nop > 2) {
        ERR(st->mcol, "expected an offset and an optional fill value");
        return;
    }
    int64_t fill = 0;
    if (!asm_empty_op(st, 1) && !const_op(c, st, 1, &fill, "the fill value")) return;
    asm_expr *e = asm_op_expr(c, st, 0);
    if (!e) return;
    asm_sect *s = asm_cur(c);
    int64_t v;
    uint64_t lim = s->type == ASM_SHT_NOBITS ? ASM_MAX_NOBITS : ASM_MAX_PROGBITS;
    if (asm_const_now(c, e, &v)) {
        if (v < 0) {
            ERR(e->col, ".org to a negative offset");
            return;
        }
        if ((uint64_t)v > lim) {
            ERR(e->col, ".org offset 0x%llx is beyond the %llu MiB a section may hold",
                (unsigned long long)v, (unsigned long long)(lim >> 20));
            return;
        }
        if ((uint64_t)v > s->total && !asm_grow_total(c, (uint64_t)v - s->total, e->col)) return;
    }
    if (s->type == ASM_SHT_NOBITS && (fill & 0xff)) {
        ERR(st->mcol, "cannot emit non-zero data in a section without contents (%s)", s->name);
        return;
    }
    asm_expr_register(c, e);
    asm_end_run(c);
    asm_item *it = asm_new_item(c, IT_ORG);
    if (!it) return;
    it->expr = e;
    it->col = e->col;
    it->u.fill.value = fill & 0xff;
}
