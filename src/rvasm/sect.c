/* Diagnostics, sections and items: where statements put their bytes. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/parse_internal.h"

/* ---------------------------------------------------------------- diagnostics */

const char *asm_where(const asm_ctx *c, uint32_t vline, uint32_t *line)
{
    *line = vline;
    for (size_t k = c->nruns; k-- > 0;)
        if (c->runs[k].vline <= vline) {
            *line = c->runs[k].line + (vline - c->runs[k].vline);
            return c->runs[k].file;
        }
    return c->file;
}

static void diag(asm_ctx *c, bool err, uint32_t vline, uint32_t col, const char *fmt, va_list ap)
{
    uint32_t line;
    const char *file = asm_where(c, vline, &line);
    if (err) c->stmt_err = true;
    if (c->too_many) return;
    char msg[400];
    vsnprintf(msg, sizeof msg, fmt, ap);
    char *text;
    size_t need = strlen(file) + strlen(msg) + 64;
    text = malloc(need);
    if (!text) {
        c->oom = true;
        return;
    }
    snprintf(text, need, "%s:%u:%u: %s: %s", file, line, col, err ? "error" : "warning", msg);
    /* no duplicates: the same message at the same place is reported once */
    for (size_t i = c->ndiag; i-- > 0 && c->ndiag - i <= 64;)
        if (!strcmp(c->diags[i].text, text)) {
            free(text);
            return;
        }
    if (c->ndiag == c->capdiag) {
        size_t cap = c->capdiag ? c->capdiag * 2 : 16;
        asm_diag_rec *v = realloc(c->diags, cap * sizeof *v);
        if (!v) {
            free(text);
            c->oom = true;
            return;
        }
        c->diags = v;
        c->capdiag = cap;
    }
    c->diags[c->ndiag] = (asm_diag_rec){vline, col, (uint32_t)c->ndiag, text};
    c->ndiag++;
    if (err) {
        c->nerr++;
        unsigned max = c->o->max_errors ? c->o->max_errors : 50;
        if (c->nerr >= max) c->too_many = true;
    }
}

void asm_error_at(asm_ctx *c, uint32_t line, uint32_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag(c, true, line, col, fmt, ap);
    va_end(ap);
}

void asm_warn_at(asm_ctx *c, uint32_t line, uint32_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag(c, false, line, col, fmt, ap);
    va_end(ap);
}

/* ---------------------------------------------------------------- sections and items */

asm_sect *asm_cur(asm_ctx *c)
{
    return &c->secs[c->cur];
}

size_t asm_find_section(asm_ctx *c, const char *name, size_t n)
{
    for (size_t i = 0; i < c->nsec; i++)
        if (strlen(c->secs[i].name) == n && !memcmp(c->secs[i].name, name, n)) return i;
    return (size_t)-1;
}

static bool prefix(const char *name, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && !memcmp(name, p, k) && (n == k || name[k] == '.');
}

/* Creates a section with the flags llvm-mc gives its name (unless flags are explicit). */
size_t asm_new_section(asm_ctx *c, const char *name, size_t n, bool explicit_flags, uint64_t flags,
                       uint32_t type, uint32_t col)
{
    if (c->nsec >= ASM_MAX_SECTIONS) {
        ERR(col, "too many sections (at most %d)", ASM_MAX_SECTIONS);
        return (size_t)-1;
    }
    if (c->nsec == c->capsec) {
        size_t cap = c->capsec ? c->capsec * 2 : 8;
        asm_sect *v = realloc(c->secs, cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return (size_t)-1;
        }
        c->secs = v;
        c->capsec = cap;
    }
    asm_sect *s = &c->secs[c->nsec];
    memset(s, 0, sizeof *s);
    s->name = asm_strdup(c, name, n);
    if (!explicit_flags) {
        type = ASM_SHT_PROGBITS;
        flags = 0;
        if (prefix(name, n, ".text"))
            flags = ASM_SHF_ALLOC | ASM_SHF_EXECINSTR;
        else if (prefix(name, n, ".data") || prefix(name, n, ".sdata") ||
                 prefix(name, n, ".data.rel.ro"))
            flags = ASM_SHF_ALLOC | ASM_SHF_WRITE;
        else if (prefix(name, n, ".bss") || prefix(name, n, ".sbss")) {
            flags = ASM_SHF_ALLOC | ASM_SHF_WRITE;
            type = ASM_SHT_NOBITS;
        } else if (prefix(name, n, ".rodata") || prefix(name, n, ".srodata"))
            flags = ASM_SHF_ALLOC;
    }
    s->flags = flags;
    s->type = type;
    s->align = 1;
    return c->nsec++;
}

void asm_switch_section(asm_ctx *c, size_t i)
{
    if (i == (size_t)-1) return;
    if (i != c->cur) c->prev = c->cur;
    c->cur = i;
}

/* Appends a new item to the current section (sealing open bytes). NULL when out of memory. */
asm_item *asm_new_item(asm_ctx *c, uint8_t kind)
{
    asm_sect *s = asm_cur(c);
    if (s->nitems == s->capitems) {
        size_t cap = s->capitems ? s->capitems * 2 : 16;
        asm_item *v = realloc(s->items, cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return NULL;
        }
        s->items = v;
        s->capitems = cap;
    }
    asm_item *it = &s->items[s->nitems++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->line = c->line;
    s->open = false;
    return it;
}

/* A variable-size item ends the current fixed-size run. */
void asm_end_run(asm_ctx *c)
{
    asm_cur(c)->run++;
    asm_cur(c)->run_off = 0;
}

bool asm_grow_total(asm_ctx *c, uint64_t n, uint32_t col)
{
    asm_sect *s = asm_cur(c);
    uint64_t lim = s->type == ASM_SHT_NOBITS ? ASM_MAX_NOBITS : ASM_MAX_PROGBITS;
    if (n > lim || s->total > lim - n) {
        ERR(col, "section '%s' would exceed %llu MiB", s->name, (unsigned long long)(lim >> 20));
        return false;
    }
    s->total += n;
    return true;
}

void asm_emit_bytes(asm_ctx *c, const void *p, size_t n, uint32_t col)
{
    asm_sect *s = asm_cur(c);
    if (s->type == ASM_SHT_NOBITS) {
        for (size_t i = 0; i < n; i++)
            if (((const uint8_t *)p)[i]) {
                ERR(col, "cannot emit non-zero data in a section without contents (%s)", s->name);
                return;
            }
    }
    if (!asm_grow_total(c, n, col)) return;
    if (!s->open) {
        asm_item *it = asm_new_item(c, IT_BYTES);
        if (!it) return;
        it->u.bytes.start = s->blob.n;
        s->open = true;
    }
    if (buf_append(&s->blob, p, n)) {
        c->oom = true;
        return;
    }
    s->items[s->nitems - 1].size += n;
    s->run_off += n;
}

void asm_emit_le(asm_ctx *c, uint64_t v, unsigned n, uint32_t col)
{
    uint8_t b[8];
    for (unsigned i = 0; i < n; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    asm_emit_bytes(c, b, n, col);
}

void asm_note_insn(asm_ctx *c, bool rvc)
{
    asm_sect *s = asm_cur(c);
    s->has_insn = true;
    uint64_t a = rvc ? 2 : 4;
    if (s->align < a) s->align = a;
}

void asm_define_label(asm_ctx *c, asm_sym *s, uint32_t col)
{
    if (!s) return;
    if (s->kind == SK_LABEL || (s->kind == SK_EQU)) {
        ERR(col, "symbol '%s' is already defined", s->name);
        return;
    }
    asm_sect *sec = asm_cur(c);
    sec->open = false;
    s->kind = SK_LABEL;
    s->sec = (uint32_t)c->cur;
    s->item = (uint32_t)sec->nitems;
    s->run = sec->run;
    s->run_off = sec->run_off;
    s->line = c->line;
    s->col = col;
    asm_sym_register(c, s);
}

asm_sym *asm_here(asm_ctx *c, const char *name)
{
    asm_sym *s = asm_alloc(c, sizeof *s);
    if (!s) return NULL;
    s->name = name ? asm_strdup(c, name, strlen(name)) : "";
    s->temp = true;
    asm_define_label(c, s, 0);
    return s;
}
