/* Tokens, symbols and expressions: GNU-as (llvm-mc) literals and operator precedence, values
   of the form constant + symbol - symbol, evaluated at parse time (constants and label
   differences inside a fixed-size run) or after layout. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/rvasm_internal.h"

void *asm_alloc(asm_ctx *c, size_t n)
{
    void *p = arena_calloc(&c->ar, n ? n : 1, 8);
    if (!p) c->oom = true;
    return p;
}

char *asm_strdup(asm_ctx *c, const char *s, size_t n)
{
    char *p = arena_alloc(&c->ar, n + 1, 1);
    if (!p) {
        c->oom = true;
        return NULL;
    }
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* ---------------------------------------------------------------- tokenizer */

static bool ident_start(int ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '.' ||
           ch == '$';
}

static bool ident_char(int ch)
{
    return ident_start(ch) || (ch >= '0' && ch <= '9');
}

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

static bool push_tok(asm_ctx *c, asm_toks *t, asm_tok tok)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        asm_tok *v = realloc(t->v, cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return false;
        }
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n++] = tok;
    return true;
}

/* One escape sequence after a backslash at s[*i] (s[*i] is the character after '\').
   Returns the byte, or -1 with *msg set. */
static int escape(const char *s, size_t n, size_t *i, const char **msg)
{
    char ch = s[*i];
    switch (ch) {
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    case 'a': return '\a';
    case 'e': return 27;
    case '"': return '"';
    case '\'': return '\'';
    case '\\': return '\\';
    case 'x':
    case 'X': {
        if (*i + 1 >= n || hexval((unsigned char)s[*i + 1]) < 0) {
            *msg = "invalid hexadecimal escape sequence";
            return -1;
        }
        unsigned v = 0;
        while (*i + 1 < n && hexval((unsigned char)s[*i + 1]) >= 0)
            v = v * 16 + (unsigned)hexval((unsigned char)s[++*i]);
        return (int)(v & 0xff);
    }
    default:
        if (ch >= '0' && ch <= '7') {
            unsigned v = (unsigned)(ch - '0');
            for (int k = 0; k < 2 && *i + 1 < n && s[*i + 1] >= '0' && s[*i + 1] <= '7'; k++)
                v = v * 8 + (unsigned)(s[++*i] - '0');
            if (v > 255) {
                *msg = "invalid octal escape sequence (out of range)";
                return -1;
            }
            return (int)v;
        }
        *msg = "invalid escape sequence (unrecognized character)";
        return -1;
    }
}

/* Parses an integer literal at s[*i]; sets *tok. */
static bool lex_number(asm_ctx *c, const char *s, size_t n, size_t *i, uint32_t col0, asm_tok *tok)
{
    size_t st = *i, j = st;
    uint64_t v = 0;
    bool overflow = false;
    int base = 10;
    if (s[j] == '0' && j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X')) {
        base = 16;
        j += 2;
    } else if (s[j] == '0' && j + 1 < n && (s[j + 1] == 'b' || s[j + 1] == 'B') && j + 2 < n &&
               (s[j + 2] == '0' || s[j + 2] == '1')) {
        base = 2;
        j += 2;
    } else if (s[j] == '0' && j + 1 < n && s[j + 1] >= '0' && s[j + 1] <= '9') {
        base = 8;
        j += 1;
    }
    size_t digits = j;
    /* local label reference: decimal digits then 'b' or 'f' */
    if (base == 10 || base == 8) {
        size_t k = st;
        while (k < n && s[k] >= '0' && s[k] <= '9')
            k++;
        if (k < n && (s[k] == 'b' || s[k] == 'f') && (k + 1 >= n || !ident_char((unsigned char)s[k + 1]))) {
            uint64_t lv = 0;
            for (size_t q = st; q < k; q++) {
                if (lv > (UINT64_MAX - 9) / 10) overflow = true;
                lv = lv * 10 + (uint64_t)(s[q] - '0');
            }
            if (overflow) {
                asm_error_at(c, c->line, col0 + (uint32_t)st, "local label number too large");
                return false;
            }
            tok->kind = T_LREF;
            tok->num = lv;
            tok->dir = (uint8_t)s[k];
            tok->p = s + st;
            tok->n = (uint32_t)(k + 1 - st);
            *i = k + 1;
            return true;
        }
    }
    while (j < n) {
        int d = hexval((unsigned char)s[j]);
        if (d < 0 || d >= base) break;
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) overflow = true;
        v = v * (uint64_t)base + (uint64_t)d;
        j++;
    }
    if (j == digits && base == 16) {
        asm_error_at(c, c->line, col0 + (uint32_t)st, "invalid hexadecimal number");
        return false;
    }
    if (j < n && ident_char((unsigned char)s[j])) {
        asm_error_at(c, c->line, col0 + (uint32_t)st, "invalid %s number",
                     base == 16 ? "hexadecimal" : base == 2 ? "binary" : base == 8 ? "octal" : "decimal");
        return false;
    }
    if (overflow) {
        asm_error_at(c, c->line, col0 + (uint32_t)st, "integer literal too large (more than 64 bits)");
        return false;
    }
    tok->kind = T_NUM;
    tok->num = v;
    tok->p = s + st;
    tok->n = (uint32_t)(j - st);
    *i = j;
    return true;
}

bool asm_tokenize(asm_ctx *c, const char *s, size_t n, uint32_t col0, asm_toks *t)
{
    t->n = 0;
    t->i = 0;
    size_t i = 0;
    while (i < n) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v') {
            i++;
            continue;
        }
        asm_tok tok;
        memset(&tok, 0, sizeof tok);
        tok.col = col0 + (uint32_t)i;
        if (ident_start(ch)) {
            size_t j = i + 1;
            while (j < n && ident_char((unsigned char)s[j]))
                j++;
            tok.kind = T_ID;
            tok.p = s + i;
            tok.n = (uint32_t)(j - i);
            i = j;
        } else if (ch >= '0' && ch <= '9') {
            if (!lex_number(c, s, n, &i, col0, &tok)) return false;
        } else if (ch == '\'') {
            size_t j = i + 1;
            int v;
            const char *msg = "unterminated character literal";
            if (j >= n) goto badchar;
            if (s[j] == '\\') {
                j++;
                if (j >= n) goto badchar;
                v = escape(s, n, &j, &msg);
                if (v < 0) goto badchar;
            } else {
                v = (unsigned char)s[j];
            }
            j++;
            if (j >= n || s[j] != '\'') {
                msg = "character literal must be one character between single quotes";
                goto badchar;
            }
            tok.kind = T_NUM;
            tok.num = (uint64_t)v;
            tok.p = s + i;
            tok.n = (uint32_t)(j + 1 - i);
            i = j + 1;
            if (0) {
            badchar:
                asm_error_at(c, c->line, tok.col, "%s", msg);
                return false;
            }
        } else if (ch == '"') {
            size_t j = i + 1;
            while (j < n && s[j] != '"') {
                if (s[j] == '\\') j++;
                j++;
            }
            if (j >= n) {
                asm_error_at(c, c->line, tok.col, "unterminated string");
                return false;
            }
            tok.kind = T_STR;
            tok.p = s + i + 1;
            tok.n = (uint32_t)(j - i - 1);
            i = j + 1;
        } else {
            static const struct {
                char a, b, code;
            } two[] = {{'<', '<', P_SHL}, {'>', '>', P_SHR}, {'=', '=', P_EQ}, {'!', '=', P_NE},
                       {'<', '=', P_LE},  {'>', '=', P_GE},  {'&', '&', P_LAND}, {'|', '|', P_LOR},
                       {'<', '>', P_NE}};
            tok.kind = T_PUNCT;
            tok.p = s + i;
            tok.n = 1;
            tok.punct = (char)ch;
            bool found = false;
            for (size_t k = 0; k < sizeof two / sizeof two[0] && i + 1 < n; k++)
                if (s[i] == two[k].a && s[i + 1] == two[k].b) {
                    tok.punct = two[k].code;
                    tok.n = 2;
                    found = true;
                    break;
                }
            if (!found && !strchr("+-*/%&|^~!(),:=@<>[]{}", ch)) {
                if (ch >= 0x20 && ch < 0x7f)
                    asm_error_at(c, c->line, tok.col, "invalid character '%c'", ch);
                else
                    asm_error_at(c, c->line, tok.col, "invalid character (byte 0x%02x)", ch);
                return false;
            }
            i += tok.n;
        }
        if (!push_tok(c, t, tok)) return false;
    }
    asm_tok end;
    memset(&end, 0, sizeof end);
    end.kind = T_END;
    end.col = col0 + (uint32_t)n;
    return push_tok(c, t, end);
}

bool asm_string(asm_ctx *c, const asm_tok *t, rivet_buf *out)
{
    const char *s = t->p;
    size_t n = t->n;
    for (size_t i = 0; i < n; i++) {
        int ch = (unsigned char)s[i];
        if (ch == '\\') {
            size_t at = i;
            i++;
            const char *msg = NULL;
            ch = i < n ? escape(s, n, &i, &msg) : -1;
            if (ch < 0) {
                asm_error_at(c, c->line, t->col + 1 + (uint32_t)at, "%s",
                             msg ? msg : "invalid escape sequence");
                return false;
            }
        }
        if (buf_push(out, (uint8_t)ch)) {
            c->oom = true;
            return false;
        }
    }
    return true;
}

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
    case T_NUM:
        t->i++;
        return asm_expr_num(c, (int64_t)k->num, k->col);
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
            r->num = op == E_NEG ? (int64_t)(0 - (uint64_t)a->num) : op == E_NOT ? ~a->num : !a->num;
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
