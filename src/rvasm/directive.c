/* Directives about sections, symbols, assignments and options, and the directive dispatch. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/parse_internal.h"

static void dir_section(asm_ctx *c, stmt *st, bool push)
{
    asm_toks *t = st->t;
    if (!asm_split_dir(c, st)) return;
    if (asm_empty_op(st, 0)) {
        ERR(st->mcol, "expected a section name");
        return;
    }
    asm_tok *k = &t->v[st->op[0].b];
    const char *name = k->p;
    size_t n = k->n;
    if (k->kind == T_STR && st->op[0].e == st->op[0].b + 1) {
        /* "name" */
    } else {
        /* names may contain characters the lexer splits ("-"): join the raw text */
        for (size_t i = st->op[0].b; i < st->op[0].e; i++)
            if (t->v[i].kind == T_STR ||
                (t->v[i].kind == T_PUNCT && !strchr("-+", t->v[i].punct))) {
                ERR(t->v[i].col, "expected a section name");
                return;
            }
        asm_tok *last = &t->v[st->op[0].e - 1];
        n = (size_t)(last->p + last->n - name);
    }
    bool explicit_flags = false;
    uint64_t flags = 0;
    uint32_t type = ASM_SHT_PROGBITS;
    if (st->nop >= 2) {
        asm_tok *f = &t->v[st->op[1].b];
        if (f->kind != T_STR || st->op[1].e != st->op[1].b + 1) {
            ERR(f->col, "expected a string of section flags");
            return;
        }
        explicit_flags = true;
        for (uint32_t i = 0; i < f->n; i++) {
            switch (f->p[i]) {
            case 'a': flags |= ASM_SHF_ALLOC; break;
            case 'w': flags |= ASM_SHF_WRITE; break;
            case 'x': flags |= ASM_SHF_EXECINSTR; break;
            case 'M':
            case 'S':
            case 'G':
            case 'T':
            case 'o':
            case 'R':
            case 'e':
            case 'd': break;
            default: ERR(f->col + 1 + i, "unknown section flag '%c'", f->p[i]); return;
            }
        }
        if (st->nop >= 3 && !asm_empty_op(st, 2)) {
            opnd o = st->op[2];
            asm_tok *ty = &t->v[o.b];
            const char *tn = NULL;
            size_t tl = 0;
            if ((asm_punct(ty, '@') || asm_punct(ty, '%')) && o.e == o.b + 2 &&
                t->v[o.b + 1].kind == T_ID) {
                tn = t->v[o.b + 1].p;
                tl = t->v[o.b + 1].n;
            } else if (ty->kind == T_STR && o.e == o.b + 1) {
                tn = ty->p;
                tl = ty->n;
            }
            if (!tn) {
                ERR(ty->col, "expected @progbits or @nobits");
                return;
            }
            if (tl == 6 && !memcmp(tn, "nobits", 6)) type = ASM_SHT_NOBITS;
        }
    }
    size_t i = asm_find_section(c, name, n);
    if (i == (size_t)-1) {
        i = asm_new_section(c, name, n, explicit_flags, flags, type, k->col);
        if (i == (size_t)-1) return;
    }
    if (push) {
        if (c->nsecstack == ASM_MAX_NESTING) {
            ERR(st->mcol, ".pushsection nested too deeply");
            return;
        }
        c->secstack[c->nsecstack][0] = c->cur;
        c->secstack[c->nsecstack][1] = c->prev;
        c->nsecstack++;
    }
    asm_switch_section(c, i);
}

static void simple_section(asm_ctx *c, const char *name, size_t n)
{
    size_t i = asm_find_section(c, name, n);
    if (i == (size_t)-1) i = asm_new_section(c, name, n, false, 0, 0, 0);
    asm_switch_section(c, i);
}

void asm_dir_equ(asm_ctx *c, asm_toks *t, size_t namei, size_t valb, uint32_t col, bool equiv)
{
    asm_tok *k = &t->v[namei];
    asm_sym *s = asm_sym_get(c, k->p, k->n);
    if (!s) return;
    if (s->kind == SK_LABEL || (equiv && s->kind == SK_EQU)) {
        ERR(k->col, "redefinition of '%s'", s->name);
        return;
    }
    size_t e = valb;
    while (t->v[e].kind != T_END)
        e++;
    if (valb == e) {
        ERR(col, "expected an expression");
        return;
    }
    asm_expr *x = asm_parse_expr_range(c, t, valb, e);
    if (!x) return;
    int64_t v;
    if (asm_const_now(c, x, &v)) x = asm_expr_num(c, v, x->col);
    if (!x) return;
    s->kind = SK_EQU;
    s->equ = x;
    s->line = c->line;
    s->col = k->col;
    asm_sym_register(c, s);
}

static void dir_option(asm_ctx *c, stmt *st)
{
    asm_tok *k = &st->t->v[st->t->i];
    if (k->kind != T_ID || st->t->v[st->t->i + 1].kind != T_END) {
        ERR(k->col, "unknown option, expected 'push', 'pop', 'rvc', 'norvc', 'relax' or 'norelax'");
        return;
    }
    if (asm_tok_is(k, "rvc"))
        c->rvc = true;
    else if (asm_tok_is(k, "norvc"))
        c->rvc = false;
    else if (asm_tok_is(k, "push")) {
        if (c->noptstack == ASM_MAX_NESTING) {
            ERR(k->col, ".option push nested too deeply");
            return;
        }
        c->optstack[c->noptstack++] = c->rvc;
    } else if (asm_tok_is(k, "pop")) {
        if (!c->noptstack) {
            ERR(k->col, ".option pop with no .option push");
            return;
        }
        c->rvc = c->optstack[--c->noptstack];
    } else if (asm_tok_is(k, "norelax") || asm_tok_is(k, "nopic")) {
    } else if (asm_tok_is(k, "relax") || asm_tok_is(k, "pic")) {
        asm_warn_at(
            c, c->line, k->col,
            ".option %.*s is ignored (rivet asm does not emit linker-relaxation or PIC code)",
            (int)k->n, k->p);
    } else
        ERR(k->col, "unknown option, expected 'push', 'pop', 'rvc', 'norvc', 'relax' or 'norelax'");
}

static void symbol_one(asm_ctx *c, stmt *st, size_t b, size_t e, void *arg)
{
    int bind = *(int *)arg;
    asm_tok *k = &st->t->v[b];
    if (e != b + 1 || k->kind != T_ID) {
        ERR(k->col, "expected a symbol name");
        return;
    }
    asm_sym *s = asm_sym_get(c, k->p, k->n);
    if (!s) return;
    s->bind = (uint8_t)bind;
    s->global_ref = bind != ASM_STB_LOCAL;
    asm_sym_register(c, s);
}

static void dir_symbols(asm_ctx *c, stmt *st, int bind)
{
    asm_each_operand(c, st, symbol_one, &bind);
}

static void dir_type(asm_ctx *c, stmt *st)
{
    if (!asm_split_dir(c, st)) return;
    if (st->nop != 2) {
        ERR(st->mcol, "expected a symbol and a type");
        return;
    }
    asm_sym *s = asm_op_symbol(c, st, 0);
    if (!s) return;
    opnd o = st->op[1];
    asm_toks *t = st->t;
    asm_tok *k = &t->v[o.b];
    const asm_tok *name = k;
    if ((asm_punct(k, '@') || asm_punct(k, '%')) && o.e == o.b + 2)
        name = &t->v[o.b + 1];
    else if (o.e != o.b + 1)
        name = NULL;
    int type = -1;
    if (name && (name->kind == T_ID || name->kind == T_STR)) {
        if (asm_tok_is(name, "function") || asm_tok_is(name, "STT_FUNC") ||
            (name->kind == T_STR && name->n == 8 && !memcmp(name->p, "function", 8)))
            type = ASM_STT_FUNC;
        else if (asm_tok_is(name, "object") || asm_tok_is(name, "STT_OBJECT") ||
                 (name->kind == T_STR && name->n == 6 && !memcmp(name->p, "object", 6)))
            type = ASM_STT_OBJECT;
        else if (asm_tok_is(name, "notype") || asm_tok_is(name, "STT_NOTYPE"))
            type = ASM_STT_NOTYPE;
        else if (asm_tok_is(name, "tls_object") || asm_tok_is(name, "common") ||
                 asm_tok_is(name, "gnu_unique_object") ||
                 asm_tok_is(name, "gnu_indirect_function")) {
            ERR(name->col, "symbol type '%.*s' is not supported", (int)name->n, name->p);
            return;
        }
    }
    if (type < 0) {
        ERR(k->col, "unsupported attribute in '.type' directive");
        return;
    }
    s->type = (uint8_t)type;
    asm_sym_register(c, s);
}

static void dir_size(asm_ctx *c, stmt *st)
{
    if (!asm_split_dir(c, st)) return;
    if (st->nop != 2 || asm_empty_op(st, 1)) {
        ERR(st->mcol, "expected a symbol and a size");
        return;
    }
    asm_sym *s = asm_op_symbol(c, st, 0);
    if (!s) return;
    asm_expr *e = asm_op_expr(c, st, 1);
    if (!e) return;
    int64_t v;
    if (asm_const_now(c, e, &v)) e = asm_expr_num(c, v, e->col);
    s->size = e;
    asm_sym_register(c, s);
}

static bool ignored_directive(const stmt *st)
{
    static const char *const names[] = {
        ".file",   ".ident",     ".attribute", ".addrsig",      ".addrsig_sym", ".loc",
        ".hidden", ".protected", ".internal",  ".section_info", ".variant_cc",  ".cfi_sections"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (asm_is(st, names[i])) return true;
    return st->mnlen > 5 && !memcmp(st->mn, ".cfi_", 5);
}

void asm_directive(asm_ctx *c, stmt *st)
{
    asm_toks *t = st->t;
    if (asm_is(st, ".text") || asm_is(st, ".data") || asm_is(st, ".bss") || asm_is(st, ".rodata")) {
        if (t->v[t->i].kind != T_END) { /* optional subsection number */
            asm_expr *e = asm_parse_expr_range(c, t, t->i, t->n - 1);
            int64_t v;
            if (!e || !asm_need_const(c, e, &v, "the subsection")) return;
        }
        simple_section(c, st->mn, st->mnlen);
        return;
    }
    if (asm_is(st, ".section")) return dir_section(c, st, false);
    if (asm_is(st, ".pushsection")) return dir_section(c, st, true);
    if (asm_is(st, ".popsection")) {
        if (!c->nsecstack) {
            ERR(st->mcol, ".popsection without a corresponding .pushsection");
            return;
        }
        c->nsecstack--;
        c->cur = c->secstack[c->nsecstack][0];
        c->prev = c->secstack[c->nsecstack][1];
        return;
    }
    if (asm_is(st, ".previous")) {
        size_t x = c->cur;
        c->cur = c->prev;
        c->prev = x;
        return;
    }
    if (asm_is(st, ".align") || asm_is(st, ".p2align") || asm_is(st, ".balign")) {
        if (!asm_split_dir(c, st)) return;
        return asm_dir_align(c, st, asm_is(st, ".balign"));
    }
    static const struct {
        const char *name;
        unsigned size;
    } data[] = {{".byte", 1},  {".half", 2}, {".short", 2}, {".2byte", 2},
                {".word", 4},  {".long", 4}, {".int", 4},   {".4byte", 4},
                {".dword", 8}, {".quad", 8}, {".8byte", 8}};
    for (size_t i = 0; i < sizeof data / sizeof data[0]; i++)
        if (asm_is(st, data[i].name)) return asm_dir_data(c, st, data[i].size);
    if (asm_is(st, ".ascii")) return asm_dir_ascii(c, st, false);
    if (asm_is(st, ".asciz") || asm_is(st, ".string")) return asm_dir_ascii(c, st, true);
    if (asm_is(st, ".zero") || asm_is(st, ".space") || asm_is(st, ".skip"))
        return asm_dir_space(c, st);
    if (asm_is(st, ".fill")) return asm_dir_fill(c, st);
    if (asm_is(st, ".org")) return asm_dir_org(c, st);
    if (asm_is(st, ".equ") || asm_is(st, ".set") || asm_is(st, ".equiv")) {
        if (t->v[t->i].kind != T_ID || !asm_punct(&t->v[t->i + 1], ',')) {
            ERR(t->v[t->i].col, "expected a symbol name, a comma and a value");
            return;
        }
        return asm_dir_equ(c, t, t->i, t->i + 2, t->v[t->i + 1].col, asm_is(st, ".equiv"));
    }
    if (asm_is(st, ".globl") || asm_is(st, ".global")) return dir_symbols(c, st, ASM_STB_GLOBAL);
    if (asm_is(st, ".weak")) return dir_symbols(c, st, ASM_STB_WEAK);
    if (asm_is(st, ".local")) return dir_symbols(c, st, ASM_STB_LOCAL);
    if (asm_is(st, ".type")) return dir_type(c, st);
    if (asm_is(st, ".size")) return dir_size(c, st);
    if (asm_is(st, ".option")) return dir_option(c, st);
    if (asm_is(st, ".end")) {
        c->ended = true;
        return;
    }
    if (asm_is(st, ".file") && t->v[t->i].kind == T_STR && t->v[t->i + 1].kind == T_END) {
        rivet_buf b = {0};
        if (!asm_string(c, &t->v[t->i], &b)) return;
        char *name = asm_strdup(c, (const char *)b.p, b.n);
        buf_free(&b);
        const char **v = name ? realloc(c->files, (c->nfiles + 1) * sizeof *v) : NULL;
        if (!v) {
            c->oom = true;
            return;
        }
        c->files = v;
        c->files[c->nfiles++] = name;
        return;
    }
    if (asm_is(st, ".include")) return asm_dir_include(c, st);
    if (ignored_directive(st)) return;
    static const char *const unsupported[] = {".macro",   ".endm",  ".rept",   ".endr",  ".irp",
                                              ".if",      ".ifdef", ".ifndef", ".else",  ".endif",
                                              ".incbin",  ".insn",  ".comm",   ".lcomm", ".uleb128",
                                              ".sleb128", ".float", ".double"};
    for (size_t i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++)
        if (asm_is(st, unsupported[i])) {
            ERR(st->mcol, "directive '%s' is not supported by rivet asm", unsupported[i]);
            return;
        }
    ERR(st->mcol, "unknown directive");
}
