/* Symbols, numeric local labels and the expression parser (GNU as / llvm-mc precedence). */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/rvasm_internal.h"

/* ---------------------------------------------------------------- symbols */

static uint32_t hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static bool grow_htab(asm_ctx *c)
{
    size_t cap = c->hcap ? c->hcap * 2 : 1024;
    asm_sym **t = calloc(cap, sizeof *t);
    if (!t) {
        c->oom = true;
        return false;
    }
    for (size_t i = 0; i < c->hcap; i++)
        for (asm_sym *s = c->htab[i], *nx; s; s = nx) {
            nx = s->hnext;
            uint32_t h = hash(s->name, strlen(s->name)) & (uint32_t)(cap - 1);
            s->hnext = t[h];
            t[h] = s;
        }
    free(c->htab);
    c->htab = t;
    c->hcap = cap;
    return true;
}

asm_sym *asm_sym_get(asm_ctx *c, const char *s, size_t n)
{
    if (c->nsym * 2 >= c->hcap && !grow_htab(c)) return NULL;
    uint32_t h = hash(s, n) & (uint32_t)(c->hcap - 1);
    for (asm_sym *p = c->htab[h]; p; p = p->hnext)
        if (strlen(p->name) == n && !memcmp(p->name, s, n)) return p;
    asm_sym *p = asm_alloc(c, sizeof *p);
    if (!p) return NULL;
    p->name = asm_strdup(c, s, n);
    if (!p->name) return NULL;
    p->temp = n >= 2 && s[0] == '.' && s[1] == 'L';
    p->line = c->line;
    p->hnext = c->htab[h];
    c->htab[h] = p;
    c->nsym++;
    return p;
}

void asm_sym_register(asm_ctx *c, asm_sym *s)
{
    if (!s || s->registered) return;
    if (c->nreg == c->capreg) {
        size_t cap = c->capreg ? c->capreg * 2 : 256;
        asm_sym **v = realloc(c->reg, cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return;
        }
        c->reg = v;
        c->capreg = cap;
    }
    s->registered = true;
    s->order = (uint32_t)c->nreg;
    c->reg[c->nreg++] = s;
}

void asm_expr_register(asm_ctx *c, const asm_expr *e)
{
    for (; e; e = e->b) {
        if (e->op == E_SYM) {
            asm_sym_register(c, e->sym);
            return;
        }
        asm_expr_register(c, e->a);
    }
}

asm_expr *asm_expr_num(asm_ctx *c, int64_t v, uint32_t col)
{
    asm_expr *e = asm_alloc(c, sizeof *e);
    if (!e) return NULL;
    e->op = E_NUM;
    e->num = v;
    e->col = col;
    return e;
}

static asm_expr *expr_sym(asm_ctx *c, asm_sym *s, uint32_t col)
{
    asm_expr *e = asm_alloc(c, sizeof *e);
    if (!e) return NULL;
    e->op = E_SYM;
    e->sym = s;
    e->col = col;
    return e;
}

/* ---------------------------------------------------------------- expression parser */

static asm_numlab *numlab(asm_ctx *c, uint64_t num)
{
    unsigned h = (unsigned)(num * 0x9e3779b97f4a7c15ull >> 56);
    for (asm_numlab *p = c->numlab[h]; p; p = p->hnext)
        if (p->num == num) return p;
    asm_numlab *p = asm_alloc(c, sizeof *p);
    if (!p) return NULL;
    p->num = num;
    p->hnext = c->numlab[h];
    c->numlab[h] = p;
    return p;
}

asm_sym *asm_numlab_new(asm_ctx *c)
{
    char name[32];
    int k = snprintf(name, sizeof name, ".Ltmp%u", c->tmp_n++);
    asm_sym *s = asm_alloc(c, sizeof *s);
    if (!s) return NULL;
    s->name = asm_strdup(c, name, (size_t)k);
    s->temp = true;
    s->line = c->line;
    return s;
}

asm_sym *asm_numlab_ref(asm_ctx *c, uint64_t num, char dir, uint32_t col)
{
    asm_numlab *l = numlab(c, num);
    if (!l) return NULL;
    if (dir == 'b') {
        if (!l->cur) asm_error_at(c, c->line, col, "directional label undefined");
        return l->cur;
    }
    if (dir == 'f') {
        if (!l->next) {
            l->next = asm_numlab_new(c);
            if (l->next) l->next->col = col;
        }
        return l->next;
    }
    /* definition */
    asm_sym *s = l->next ? l->next : asm_numlab_new(c);
    l->next = NULL;
    l->cur = s;
    return s;
}

static int binop(const asm_tok *t, int *op)
{
    if (t->kind != T_PUNCT) return 0;
    switch (t->punct) {
    case P_LOR: *op = E_LOR; return 1;
    case P_LAND: *op = E_LAND; return 2;
    case P_EQ: *op = E_EQ; return 3;
    case P_NE: *op = E_NE; return 3;
    case '<': *op = E_LT; return 3;
    case P_LE: *op = E_LE; return 3;
    case '>': *op = E_GT; return 3;
    case P_GE: *op = E_GE; return 3;
    case '+': *op = E_ADD; return 4;
    case '-': *op = E_SUB; return 4;
    case '|': *op = E_OR; return 5;
    case '^': *op = E_XOR; return 5;
    case '&': *op = E_AND; return 5;
    case '!': *op = E_ORNOT; return 5;
    case '*': *op = E_MUL; return 6;
    case '/': *op = E_DIV; return 6;
    case '%': *op = E_MOD; return 6;
    case P_SHL: *op = E_SHL; return 6;
    case P_SHR: *op = E_SHR; return 6;
    default: return 0;
    }
}

static asm_expr *parse_binary(asm_ctx *c, asm_toks *t, int minprec, int depth);

static asm_expr *parse_primary(asm_ctx *c, asm_toks *t, int depth)
{
    if (depth > 200) {
        asm_error_at(c, c->line, t->v[t->i].col, "expression nested too deeply");
        return NULL;
    }
    asm_tok *k = &t->v[t->i];
    switch (k->kind) {
    case T_NUM: t->i++; return asm_expr_num(c, (int64_t)k->num, k->col);
    case T_LREF: {
        t->i++;
        asm_sym *s = asm_numlab_ref(c, k->num, (char)k->dir, k->col);
        return s ? expr_sym(c, s, k->col) : NULL;
    }
    case T_ID: {
        t->i++;
        if (k->n == 1 && k->p[0] == '.') {
            asm_sym *s = asm_here(c, NULL);
            return s ? expr_sym(c, s, k->col) : NULL;
        }
        asm_sym *s = asm_sym_get(c, k->p, k->n);
        if (!s) return NULL;
        if (s->kind == SK_EQU && s->equ && !s->busy) return s->equ; /* bound where used */
        return expr_sym(c, s, k->col);
    }
    case T_PUNCT: {
        int op = -1;
        switch (k->punct) {
        case '(': {
            t->i++;
            asm_expr *e = parse_binary(c, t, 1, depth + 1);
            if (!e) return NULL;
            if (t->v[t->i].kind != T_PUNCT || t->v[t->i].punct != ')') {
                asm_error_at(c, c->line, t->v[t->i].col, "expected ')' in parentheses expression");
                return NULL;
            }
            t->i++;
            return e;
        }
        case '-': op = E_NEG; break;
        case '~': op = E_NOT; break;
        case '!': op = E_LNOT; break;
        case '+': op = -2; break;
        default: break;
        }
        if (op == -1) break;
        t->i++;
        asm_expr *a = parse_primary(c, t, depth + 1);
        if (!a || op == -2) return a;
        if (a->op == E_NUM) { /* fold literals, e.g. -0x10 */
            asm_expr *r = asm_expr_num(c, 0, k->col);
            if (!r) return NULL;
            r->num = op == E_NEG   ? (int64_t)(0 - (uint64_t)a->num)
                     : op == E_NOT ? ~a->num
                                   : !a->num;
            return r;
        }
        asm_expr *e = asm_alloc(c, sizeof *e);
        if (!e) return NULL;
        e->op = (uint8_t)op;
        e->a = a;
        e->col = k->col;
        return e;
    }
    default: break;
    }
    if (k->kind == T_END)
        asm_error_at(c, c->line, k->col, "expected an expression");
    else
        asm_error_at(c, c->line, k->col, "unknown token in expression");
    return NULL;
}

static asm_expr *parse_binary(asm_ctx *c, asm_toks *t, int minprec, int depth)
{
    asm_expr *lhs = parse_primary(c, t, depth);
    if (!lhs) return NULL;
    for (;;) {
        int op, prec = binop(&t->v[t->i], &op);
        if (!prec || prec < minprec) return lhs;
        uint32_t col = t->v[t->i].col;
        t->i++;
        asm_expr *rhs = parse_binary(c, t, prec + 1, depth + 1);
        if (!rhs) return NULL;
        asm_expr *e = asm_alloc(c, sizeof *e);
        if (!e) return NULL;
        e->op = (uint8_t)op;
        e->a = lhs;
        e->b = rhs;
        e->col = lhs->col; /* errors about the value point at its start */
        e->num = col;      /* the operator's column */
        lhs = e;
    }
}

asm_expr *asm_parse_expr(asm_ctx *c, asm_toks *t)
{
    return parse_binary(c, t, 1, 0);
}
