/* The asm_unit: section bytes, relocations and the symbol table in llvm-mc's order. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/layout_internal.h"

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
    for (size_t i = 0; i < u->nsrcs; i++)
        free(u->srcs[i]);
    free(u->srcs);
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

/* The bytes of the items of section si (fixups resolved or turned into relocations). */
static void write_items(asm_ctx *c, emit_state *e, uint32_t si, asm_section *o)
{
    asm_sect *s = &c->secs[si];
    for (size_t i = 0; i < s->nitems && !c->too_many; i++) {
        asm_item *it = &s->items[i];
        uint8_t *p = o->data + it->offset;
        switch (it->kind) {
        case IT_BYTES: memcpy(p, s->blob.p + it->u.bytes.start, it->size); break;
        case IT_INSN: asm_emit_insn(c, e, si, it); break;
        case IT_DATA: asm_emit_data(c, e, it); break;
        case IT_LI: asm_emit_li_item(c, e, it); break;
        case IT_ALIGN:
            if (it->u.align.nop)
                asm_write_nops(p, it->size, it->u.align.rvc);
            else
                memset(p, it->u.align.fill, it->size);
            break;
        case IT_FILL:
            for (uint64_t k = 0; k < it->size; k += it->u.fill.vsize)
                asm_put_le(p + k, (uint64_t)it->u.fill.value, it->u.fill.vsize);
            break;
        case IT_ORG: memset(p, (int)it->u.fill.value, it->size); break;
        default: break;
        }
    }
}

/* Deferred sizes that never resolved, and .org moving backwards. */
static void check_deferred(asm_ctx *c, uint32_t si)
{
    asm_sect *s = &c->secs[si];
    for (size_t i = 0; i < s->nitems; i++) {
        asm_item *it = &s->items[i];
        if (it->kind != IT_ORG && !((it->flags & IF_DEFERRED) && it->kind == IT_FILL)) continue;
        asm_val v;
        if (!asm_eval_item(c, it, &v, true)) continue;
        uint64_t size;
        if (!asm_deferred_size(c, it, si, &size)) {
            IERR(it, it->kind == IT_ORG
                         ? ".org needs a constant or a label of this section plus a constant"
                         : "the size must be a non-negative constant");
            continue;
        }
        if (it->kind == IT_ORG) {
            uint64_t target = it->offset + size;
            if (!v.add && !v.sub)
                target = (uint64_t)v.k;
            else
                target = asm_label_offset(c, v.add) + (uint64_t)v.k;
            if (target < it->offset)
                IERR(it, ".org cannot move the location counter backwards (from 0x%llx to 0x%llx)",
                     (unsigned long long)it->offset, (unsigned long long)target);
        }
    }
}

/* Section si of the unit: attributes, then (unless too large) its bytes. */
static void build_section(asm_ctx *c, asm_unit *u, emit_state *e, uint32_t si)
{
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
                     "section '%s' is larger than %llu MiB", s->name,
                     (unsigned long long)(lim >> 20));
        return;
    }
    if (c->o->xlen == 32 && s->size > UINT32_MAX) {
        asm_error_at(c, 1, 1, "section '%s' does not fit a 32-bit address space", s->name);
        return;
    }
    /* contents: nobits sections are laid out but hold no bytes */
    if (s->type != ASM_SHT_NOBITS) {
        o->data = calloc(1, s->size ? s->size : 1);
        if (!o->data) {
            c->oom = true;
            return;
        }
        e->data = o->data;
        write_items(c, e, si, o);
    }
    check_deferred(c, si);
    e->data = NULL;
}

/* The symbol table: STT_FILE symbols, then llvm-mc's registration order, locals first. */
static bool build_symtab(asm_ctx *c, asm_unit *u)
{
    size_t nsym = 1 + c->nfiles;
    for (size_t i = 0; i < c->nreg; i++) {
        asm_sym *s = c->reg[i];
        s->out = 0;
        if (s->temp && !s->in_reloc) continue;
        if (s->temp && s->kind == SK_UNDEF) {
            asm_error_at(c, s->line, s->col ? s->col : 1, "undefined temporary symbol '%s'",
                         s->name);
            continue;
        }
        nsym++;
    }
    if (c->nerr) return true;
    u->sym = calloc(nsym, sizeof *u->sym);
    if (!u->sym) return false;
    u->sym[0].name = xstrdup("");
    u->nsym = 1;
    for (size_t i = 0; i < c->nfiles; i++) { /* STT_FILE symbols come first */
        asm_symbol *f = &u->sym[u->nsym++];
        f->name = xstrdup(c->files[i]);
        if (!f->name) return false;
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
                    asm_error_at(c, s->line, s->col ? s->col : 1, ".size of '%s' is not a constant",
                                 s->name);
                } else
                    out.size = (uint64_t)v.k;
            }
            out.name = xstrdup(s->name);
            if (!out.name) return false;
            s->out = (uint32_t)u->nsym;
            u->sym[u->nsym++] = out;
        }
    }
    return true;
}

/* The index in u->srcs of the file holding virtual line vline (*line: its line there). */
static bool src_index(asm_ctx *c, asm_unit *u, uint32_t vline, uint32_t *line, uint32_t *idx)
{
    const char *f = asm_where(c, vline, line);
    for (*idx = 0; *idx < u->nsrcs; (*idx)++)
        if (!strcmp(u->srcs[*idx], f)) return true;
    char **v = realloc(u->srcs, (u->nsrcs + 1) * sizeof *v);
    if (!v) return false;
    u->srcs = v;
    if (!(u->srcs[u->nsrcs] = xstrdup(f))) return false;
    *idx = (uint32_t)u->nsrcs++;
    return true;
}

static bool build_relocs(asm_ctx *c, asm_unit *u, emit_state *es)
{
    for (uint32_t si = 0; si < c->nsec; si++) {
        emit_state *e = &es[si];
        if (!e->nrel) continue;
        qsort(e->rel, e->nrel, sizeof *e->rel, rel_cmp);
        asm_section *o = &u->sec[si];
        o->rel = calloc(e->nrel, sizeof *o->rel);
        if (!o->rel) return false;
        for (size_t i = 0; i < e->nrel; i++) {
            rel_tmp *r = &e->rel[i];
            if (!r->sym->out) {
                asm_error_at(c, r->line, r->col ? r->col : 1,
                             "relocation against '%s', which has no symbol table entry",
                             r->sym->name);
                continue;
            }
            if (c->o->xlen == 32 && (r->addend < INT32_MIN || r->addend > INT32_MAX)) {
                asm_error_at(c, r->line, r->col ? r->col : 1,
                             "relocation addend %lld does not fit in 32 bits",
                             (long long)r->addend);
                continue;
            }
            uint32_t line, file;
            if (!src_index(c, u, r->line, &line, &file)) return false;
            o->rel[o->nrel++] =
                (asm_reloc){r->offset, r->type, r->sym->out, r->addend, line, r->col, file};
        }
    }
    return true;
}

static bool build_listing(asm_ctx *c, asm_unit *u)
{
    if (!c->o->listing || !c->nmarks) return true;
    u->list = calloc(c->nmarks, sizeof *u->list);
    u->src = malloc(c->len ? c->len : 1);
    if (!u->list || !u->src) return false;
    memcpy(u->src, c->src, c->len);
    u->srclen = c->len;
    for (size_t i = 0; i < c->nmarks; i++) {
        struct asm_mark *mk = &c->marks[i];
        asm_sect *s = &c->secs[mk->sec];
        uint64_t a = (mk->i0 < s->nitems ? s->items[mk->i0].offset : s->size) + mk->d0;
        uint64_t b = (mk->i1 < s->nitems ? s->items[mk->i1].offset : s->size) + mk->d1;
        if (b > a) u->list[u->nlist++] = (asm_list_line){mk->line, mk->sec, a, b - a};
    }
    return true;
}

asm_unit *asm_build_unit(asm_ctx *c)
{
    emit_state *es = calloc(c->nsec ? c->nsec : 1, sizeof *es);
    asm_unit *u = calloc(1, sizeof *u);
    if (!u || !es) goto oom;
    u->xlen = c->o->xlen;
    u->ext = c->o->ext;
    u->rvc_flag = (c->o->ext & RV_EXT_C) != 0;
    u->sec = calloc(c->nsec, sizeof *u->sec);
    if (!u->sec) goto oom;
    u->nsec = c->nsec;
    for (uint32_t si = 0; si < c->nsec && !c->too_many; si++)
        build_section(c, u, &es[si], si);
    if (c->nerr || c->oom) goto fail;
    if (!build_symtab(c, u) || !build_relocs(c, u, es) || !build_listing(c, u)) goto oom;
    if (c->nerr) goto fail;
    for (uint32_t si = 0; si < c->nsec; si++)
        free(es[si].rel);
    free(es);
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
