/* Evaluation of expressions: constant + symbol - symbol, at parse time (label differences
   inside one fixed-size run), after layout, or unfolded (the shape llvm-mc relocates). */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/rvasm_internal.h"

/* ---------------------------------------------------------------- evaluation */

uint64_t asm_label_offset(const asm_ctx *c, const asm_sym *s)
{
    const asm_sect *sec = &c->secs[s->sec];
    return s->item < sec->nitems ? sec->items[s->item].offset : sec->size;
}

/* x - y as a constant, when both are labels of one section (final) or one run (parse time). */
static bool diff(const asm_ctx *c, const asm_sym *x, const asm_sym *y, int final, int64_t *k)
{
    if (final == EV_NOFOLD) return false;
    if (x == y) {
        *k = 0;
        return true;
    }
    if (x->kind != SK_LABEL || y->kind != SK_LABEL || x->sec != y->sec) return false;
    if (final) {
        *k = (int64_t)(asm_label_offset(c, x) - asm_label_offset(c, y));
        return true;
    }
    if (x->run != y->run) return false;
    *k = (int64_t)(x->run_off - y->run_off);
    return true;
}

bool asm_val_const(const asm_ctx *c, asm_val *v, int final)
{
    int64_t k;
    if (v->add && v->sub && diff(c, v->add, v->sub, final, &k)) {
        v->k = (int64_t)((uint64_t)v->k + (uint64_t)k);
        v->add = v->sub = NULL;
    }
    return !v->add && !v->sub;
}

static bool combine(const asm_ctx *c, asm_val *r, const asm_val *a, const asm_val *b, bool neg_b,
                    int final)
{
    asm_sym *adds[2] = {a->add, neg_b ? b->sub : b->add};
    asm_sym *subs[2] = {a->sub, neg_b ? b->add : b->sub};
    uint64_t k = (uint64_t)a->k + (neg_b ? 0 - (uint64_t)b->k : (uint64_t)b->k);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            int64_t d;
            if (adds[i] && subs[j] && diff(c, adds[i], subs[j], final, &d)) {
                k += (uint64_t)d;
                adds[i] = subs[j] = NULL;
            }
        }
    if ((adds[0] && adds[1]) || (subs[0] && subs[1])) return false;
    r->k = (int64_t)k;
    r->add = adds[0] ? adds[0] : adds[1];
    r->sub = subs[0] ? subs[0] : subs[1];
    return true;
}

static const char *ERR_NOTCONST = "expression is not a constant or a symbol plus a constant";

bool asm_eval(asm_ctx *c, const asm_expr *e, int final, asm_val *v, const char **err,
              uint32_t *errcol)
{
    v->k = 0;
    v->add = v->sub = NULL;
    switch (e->op) {
    case E_NUM: v->k = e->num; return true;
    case E_SYM: {
        asm_sym *s = e->sym;
        if (s->kind == SK_EQU) {
            if (s->busy) {
                *err = "cyclic symbol definition";
                *errcol = e->col;
                return false;
            }
            s->busy = true;
            bool ok = asm_eval(c, s->equ, final, v, err, errcol);
            s->busy = false;
            return ok;
        }
        v->add = s;
        return true;
    }
    default: break;
    }
    asm_val a, b;
    if (!asm_eval(c, e->a, final, &a, err, errcol)) return false;
    if (e->op == E_NEG || e->op == E_NOT || e->op == E_LNOT) {
        if (e->op == E_NEG) {
            v->k = (int64_t)(0 - (uint64_t)a.k);
            v->add = a.sub;
            v->sub = a.add;
            return true;
        }
        if (!asm_val_const(c, &a, final)) {
            *err = ERR_NOTCONST;
            *errcol = e->col;
            return false;
        }
        v->k = e->op == E_NOT ? ~a.k : !a.k;
        return true;
    }
    if (!asm_eval(c, e->b, final, &b, err, errcol)) return false;
    if (e->op == E_ADD || e->op == E_SUB) {
        if (!combine(c, v, &a, &b, e->op == E_SUB, final)) {
            *err = ERR_NOTCONST;
            *errcol = e->col;
            return false;
        }
        return true;
    }
    if (!asm_val_const(c, &a, final) || !asm_val_const(c, &b, final)) {
        *err = ERR_NOTCONST;
        *errcol = e->col;
        return false;
    }
    uint64_t x = (uint64_t)a.k, y = (uint64_t)b.k;
    int64_t r = 0;
    switch (e->op) {
    case E_MUL: r = (int64_t)(x * y); break;
    case E_DIV:
    case E_MOD:
        if (y == 0) {
            *err = "division by zero";
            *errcol = (uint32_t)e->num;
            return false;
        }
        if (a.k == INT64_MIN && b.k == -1)
            r = e->op == E_DIV ? INT64_MIN : 0;
        else
            r = e->op == E_DIV ? a.k / b.k : a.k % b.k;
        break;
    case E_SHL: r = y >= 64 ? 0 : (int64_t)(x << y); break;
    case E_SHR: r = y >= 64 ? 0 : (int64_t)(x >> y); break;
    case E_AND: r = (int64_t)(x & y); break;
    case E_OR: r = (int64_t)(x | y); break;
    case E_XOR: r = (int64_t)(x ^ y); break;
    case E_ORNOT: r = (int64_t)(x | ~y); break;
    case E_LAND: r = x && y; break;
    case E_LOR: r = x || y; break;
    case E_EQ: r = x == y ? -1 : 0; break;
    case E_NE: r = x != y ? -1 : 0; break;
    case E_LT: r = a.k < b.k ? -1 : 0; break;
    case E_LE: r = a.k <= b.k ? -1 : 0; break;
    case E_GT: r = a.k > b.k ? -1 : 0; break;
    case E_GE: r = a.k >= b.k ? -1 : 0; break;
    default: break;
    }
    v->k = r;
    return true;
}
