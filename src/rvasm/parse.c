/* Statements: labels, directives, instructions and pseudo-instructions, in GNU-as syntax as
   llvm-mc accepts it. Real instructions are parsed by walking their row's operand letters in
   the instruction table (src/rv/isa.def): the same letters that drive the decoder and the
   disassembler drive the parser and the encoder. Pseudo-instructions expand to rows as llvm-mc
   expands them. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/parse_internal.h"

/* ---------------------------------------------------------------- statements */

static void mark(const asm_ctx *c, uint32_t *i, uint64_t *d)
{
    const asm_sect *s = &c->secs[c->cur];
    if (s->open && s->nitems) {
        *i = (uint32_t)(s->nitems - 1);
        *d = s->items[s->nitems - 1].size;
    } else {
        *i = (uint32_t)s->nitems;
        *d = 0;
    }
}

static void statement(asm_ctx *c, const char *s, size_t n, uint32_t col0)
{
    asm_toks *t = c->toks;
    c->stmt_err = false;
    if (!asm_tokenize(c, s, n, col0, t)) return;
    size_t i = 0;
    for (;;) { /* labels */
        asm_tok *k = &t->v[i];
        if (!asm_punct(&t->v[i + (k->kind != T_END)], ':')) break;
        if (k->kind == T_ID) {
            asm_define_label(c, asm_sym_get(c, k->p, k->n), k->col);
        } else if (k->kind == T_NUM && k->p[0] >= '0' && k->p[0] <= '9') {
            bool digits = true;
            for (uint32_t q = 0; q < k->n; q++)
                if (k->p[q] < '0' || k->p[q] > '9') digits = false;
            if (!digits) {
                ERR(k->col, "a local label must be a decimal number");
                return;
            }
            asm_define_label(c, asm_numlab_ref(c, k->num, 0, k->col), k->col);
        } else
            break;
        i += 2;
        if (c->stmt_err) return;
    }
    asm_tok *k = &t->v[i];
    if (k->kind == T_END) return;
    if (k->kind == T_ID && asm_punct(&t->v[i + 1], '=')) {
        asm_dir_equ(c, t, i, i + 2, t->v[i + 1].col, false);
        return;
    }
    if (k->kind != T_ID) {
        ERR(k->col, "unexpected token at start of statement");
        return;
    }
    stmt st;
    memset(&st, 0, sizeof st);
    st.t = t;
    st.mn = k->p;
    st.mnlen = k->n;
    st.mcol = k->col;
    t->i = i + 1;
    size_t sec0 = c->cur;
    uint32_t i0;
    uint64_t d0;
    mark(c, &i0, &d0);
    if (k->p[0] == '.' && !(k->n > 1 && k->p[1] == 'L' && 0))
        asm_directive(c, &st);
    else
        asm_instruction(c, &st);
    if (c->o->listing && !c->depth && c->cur == sec0 && !c->stmt_err) {
        uint32_t i1;
        uint64_t d1;
        mark(c, &i1, &d1);
        if (i1 != i0 || d1 != d0) {
            if (c->nmarks == c->capmarks) {
                size_t cap = c->capmarks ? c->capmarks * 2 : 64;
                struct asm_mark *v = realloc(c->marks, cap * sizeof *v);
                if (!v) {
                    c->oom = true;
                    return;
                }
                c->marks = v;
                c->capmarks = cap;
            }
            c->marks[c->nmarks++] = (struct asm_mark){c->real_line, (uint32_t)sec0, i0, i1, d0, d1};
        }
    }
}

static void add_run(asm_ctx *c, const char *file, uint32_t line)
{
    if (c->nruns == c->capruns) {
        size_t cap = c->capruns ? c->capruns * 2 : 8;
        struct asm_run *v = realloc(c->runs, cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return;
        }
        c->runs = v;
        c->capruns = cap;
    }
    c->runs[c->nruns++] = (struct asm_run){c->vline + 1, line, file};
}

/* Splits the text into lines and statements (';'), blanking comments ('#', '//', block
   comments across lines) but not inside strings and character literals. */
void asm_run_source(asm_ctx *c, const char *file, const char *src, size_t len)
{
    const char *p = src, *end = src + len;
    add_run(c, file, 1);
    bool in_block = false;
    char *clean = NULL;
    size_t cap = 0;
    size_t *cuts = NULL, ncut, capcut = 0;
    uint32_t line = 0;
    while (p < end && !c->ended && !c->too_many && !c->oom) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
        line++;
        c->real_line = line;
        c->line = ++c->vline;
        if (ll + 1 > cap) {
            char *v = realloc(clean, ll + 1);
            if (!v) {
                c->oom = true;
                break;
            }
            clean = v;
            cap = ll + 1;
        }
        ncut = 0;
        bool in_str = false;
        for (size_t j = 0; j < ll; j++) {
            char ch = p[j];
            if (in_block) {
                clean[j] = ' ';
                if (ch == '*' && j + 1 < ll && p[j + 1] == '/') {
                    clean[++j] = ' ';
                    in_block = false;
                }
                continue;
            }
            clean[j] = ch;
            if (in_str) {
                if (ch == '\\' && j + 1 < ll)
                    clean[j + 1] = p[j + 1], j++;
                else if (ch == '"')
                    in_str = false;
                continue;
            }
            if (ch == '"') {
                in_str = true;
            } else if (ch == '\'') {
                size_t k = j + 1;
                if (k < ll && p[k] == '\\') k++;
                if (k < ll) k++;
                if (k < ll && p[k] == '\'') k++;
                for (size_t q = j + 1; q < k; q++)
                    clean[q] = p[q];
                j = k - 1;
            } else if (ch == '#' || (ch == '/' && j + 1 < ll && p[j + 1] == '/')) {
                memset(clean + j, ' ', ll - j);
                break;
            } else if (ch == '/' && j + 1 < ll && p[j + 1] == '*') {
                clean[j] = clean[j + 1] = ' ';
                j++;
                in_block = true;
            } else if (ch == ';') {
                clean[j] = ' ';
                if (ncut == capcut) {
                    size_t nc = capcut ? capcut * 2 : 8;
                    size_t *v = realloc(cuts, nc * sizeof *v);
                    if (!v) {
                        c->oom = true;
                        break;
                    }
                    cuts = v;
                    capcut = nc;
                }
                cuts[ncut++] = j;
            }
        }
        size_t a = 0;
        for (size_t q = 0; q <= ncut && !c->ended && !c->too_many && !c->oom; q++) {
            size_t b = q < ncut ? cuts[q] : ll;
            uint32_t vl = c->line;
            statement(c, clean + a, b - a, (uint32_t)a + 1);
            if (c->line != vl) { /* an .include: back in this file */
                c->line = vl;
                c->real_line = line;
                add_run(c, file, line + 1);
            }
            a = b + 1;
        }
        p = nl ? nl + 1 : end;
    }
    free(clean);
    free(cuts);
}

static int diag_cmp(const void *a, const void *b)
{
    const asm_diag_rec *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void ctx_free(asm_ctx *c)
{
    for (size_t i = 0; i < c->nsec; i++) {
        free(c->secs[i].items);
        buf_free(&c->secs[i].blob);
    }
    free(c->secs);
    free(c->htab);
    free(c->reg);
    for (size_t i = 0; i < c->ndiag; i++)
        free(c->diags[i].text);
    free(c->diags);
    free(c->marks);
    free(c->files);
    free(c->runs);
    if (c->toks) free(c->toks->v);
    arena_free(&c->ar);
}

asm_unit *asm_assemble(const char *file, const char *src, size_t len, const asm_opts *o,
                       asm_msgs *msgs)
{
    asm_ctx ctx, *c = &ctx;
    memset(c, 0, sizeof *c);
    asm_toks toks = {0};
    c->toks = &toks;
    c->o = o;
    c->file = file ? file : "<input>";
    c->src = src;
    c->len = len;
    c->rvc = (o->ext & RV_EXT_C) != 0;
    arena_init(&c->ar, 0);
    c->line = 1;
    asm_new_section(c, ".text", 5, false, 0, 0, 0);
    c->cur = c->prev = 0;
    asm_unit *u = NULL;
    if (o->xlen != 32 && o->xlen != 64) {
        asm_error_at(c, 0, 0, "xlen must be 32 or 64");
    } else {
        c->incstack[0] = c->file;
        asm_run_source(c, c->file, src, len);
        if (c->too_many) {
            c->too_many = false;
            asm_error_at(c, c->line, 1, "too many errors, stopping");
            c->too_many = true;
        }
        /* forward references to numeric labels that never came */
        for (size_t h = 0; h < 256; h++)
            for (asm_numlab *l = c->numlab[h]; l; l = l->hnext)
                if (l->next && l->next->kind != SK_LABEL)
                    asm_error_at(c, l->next->line, l->next->col ? l->next->col : 1,
                                 "directional label %llub... %lluf: no later '%llu:' label",
                                 (unsigned long long)l->num, (unsigned long long)l->num,
                                 (unsigned long long)l->num);
        if (!c->nerr && !c->oom && asm_layout(c)) u = asm_build_unit(c);
        if (c->oom) {
            asm_error_at(c, c->line, 1, "out of memory");
            asm_unit_free(u);
            u = NULL;
        }
        if (c->nerr) {
            asm_unit_free(u);
            u = NULL;
        }
    }
    if (c->ndiag) qsort(c->diags, c->ndiag, sizeof c->diags[0], diag_cmp);
    if (msgs) {
        for (size_t i = 0; i < c->ndiag; i++) {
            if (msgs->n == msgs->cap) {
                size_t cap = msgs->cap ? msgs->cap * 2 : 16;
                char **v = realloc(msgs->v, cap * sizeof *v);
                if (!v) break;
                msgs->v = v;
                msgs->cap = cap;
            }
            bool err = strstr(c->diags[i].text, ": error: ") != NULL;
            msgs->v[msgs->n++] = c->diags[i].text;
            c->diags[i].text = NULL;
            if (err)
                msgs->errors++;
            else
                msgs->warnings++;
        }
    }
    ctx_free(c);
    return u;
}

void asm_msgs_free(asm_msgs *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->n; i++)
        free(m->v[i]);
    free(m->v);
    memset(m, 0, sizeof *m);
}
