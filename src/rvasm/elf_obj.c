/* ELF writing helpers and the relocatable object. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/elf_internal.h"

/* ---------------------------------------------------------------- ELF helpers */

void asm_w_le(elfw *w, uint64_t v, unsigned n)
{
    uint8_t t[8];
    for (unsigned i = 0; i < n; i++)
        t[i] = (uint8_t)(v >> (8 * i));
    if (buf_append(w->b, t, n)) w->oom = true;
}

static void w_addr(elfw *w, uint64_t v)
{
    asm_w_le(w, v, w->is64 ? 8 : 4);
}

void asm_w_pad(elfw *w, size_t base, uint64_t align)
{
    while ((w->b->n - base) % align)
        asm_w_le(w, 0, 1);
}

void asm_w_bytes(elfw *w, const void *p, size_t n)
{
    if (n && buf_append(w->b, p, n)) w->oom = true;
}

/* A string table under construction. */

uint32_t asm_str_add(strtab *s, const char *str, bool *oom)
{
    uint32_t off = (uint32_t)s->b.n;
    if (!*str && s->b.n) return 0;
    if (buf_append(&s->b, str, strlen(str) + 1)) *oom = true;
    return off;
}

void asm_w_ehdr(elfw *w, unsigned type, uint64_t entry, uint64_t phoff, unsigned phnum,
                uint64_t shoff, unsigned shnum, unsigned shstrndx, uint32_t flags)
{
    static const uint8_t ident[16] = {0x7f, 'E', 'L', 'F', 0, 1, 1, 0};
    uint8_t id[16];
    memcpy(id, ident, 16);
    id[4] = w->is64 ? 2 : 1;
    asm_w_bytes(w, id, 16);
    asm_w_le(w, type, 2);
    asm_w_le(w, 243, 2); /* EM_RISCV */
    asm_w_le(w, 1, 4);
    w_addr(w, entry);
    w_addr(w, phoff);
    w_addr(w, shoff);
    asm_w_le(w, flags, 4);
    asm_w_le(w, w->is64 ? 64 : 52, 2);
    asm_w_le(w, phnum ? (w->is64 ? 56 : 32) : 0, 2);
    asm_w_le(w, phnum, 2);
    asm_w_le(w, w->is64 ? 64 : 40, 2);
    asm_w_le(w, shnum, 2);
    asm_w_le(w, shstrndx, 2);
}

void asm_w_shdr(elfw *w, const shdr *s)
{
    asm_w_le(w, s->name, 4);
    asm_w_le(w, s->type, 4);
    w_addr(w, s->flags);
    w_addr(w, s->addr);
    w_addr(w, s->offset);
    w_addr(w, s->size);
    asm_w_le(w, s->link, 4);
    asm_w_le(w, s->info, 4);
    w_addr(w, s->align);
    w_addr(w, s->entsize);
}

void asm_w_sym(elfw *w, uint32_t name, uint64_t value, uint64_t size, uint8_t info, uint16_t shndx)
{
    asm_w_le(w, name, 4);
    if (w->is64) {
        asm_w_le(w, info, 1);
        asm_w_le(w, 0, 1);
        asm_w_le(w, shndx, 2);
        asm_w_le(w, value, 8);
        asm_w_le(w, size, 8);
    } else {
        asm_w_le(w, value, 4);
        asm_w_le(w, size, 4);
        asm_w_le(w, info, 1);
        asm_w_le(w, 0, 1);
        asm_w_le(w, shndx, 2);
    }
}

/* Writes the symbol table of u (values relocated by sec_addr when non-NULL) and its strings. */
static void w_symtab(elfw *w, const asm_unit *u, const uint64_t *sec_addr, strtab *st, bool *oom)
{
    size_t ent = w->is64 ? 24 : 16;
    (void)ent;
    for (size_t i = 0; i < u->nsym; i++) {
        const asm_symbol *s = &u->sym[i];
        uint32_t name = i ? asm_str_add(st, s->name, oom) : 0;
        uint64_t value = s->value;
        if (sec_addr && s->shndx != ASM_SHN_UNDEF && s->shndx != ASM_SHN_ABS)
            value += sec_addr[s->shndx - 1];
        asm_w_sym(w, name, value, s->size, (uint8_t)(s->bind << 4 | s->type), (uint16_t)s->shndx);
    }
}

rivet_status asm_write_obj(const asm_unit *u, rivet_buf *out, rivet_diag *d)
{
    elfw w = {out, u->xlen == 64, false};
    size_t base = out->n;
    unsigned al = w.is64 ? 8 : 4;
    size_t nsh = 1 + u->nsec, nrela = 0;
    for (size_t i = 0; i < u->nsec; i++)
        if (u->sec[i].nrel) nrela++;
    size_t shnum = nsh + nrela + 3;
    if (shnum >= 0xff00) return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS, "too many sections");
    shdr *sh = calloc(shnum, sizeof *sh);
    if (!sh) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    strtab shstr = {{0}}, str = {{0}};
    bool oom = false;
    asm_str_add(&shstr, "", &oom);
    asm_str_add(&str, "", &oom);
    asm_w_ehdr(&w, 1, 0, 0, 0, 0, 0, 0, 0); /* rewritten at the end */
    size_t symtab_i = nsh + nrela, strtab_i = symtab_i + 1, shstr_i = strtab_i + 1;
    for (size_t i = 0; i < u->nsec; i++) {
        const asm_section *s = &u->sec[i];
        shdr *h = &sh[1 + i];
        h->name = asm_str_add(&shstr, s->name, &oom);
        h->type = s->type;
        h->flags = s->flags;
        h->align = s->align ? s->align : 1;
        h->size = s->size;
        asm_w_pad(&w, base, h->align);
        h->offset = w.b->n - base;
        if (s->type != ASM_SHT_NOBITS) asm_w_bytes(&w, s->data, s->size);
    }
    size_t ri = nsh;
    for (size_t i = 0; i < u->nsec; i++) {
        const asm_section *s = &u->sec[i];
        if (!s->nrel) continue;
        char name[300];
        snprintf(name, sizeof name, ".rela%s", s->name);
        shdr *h = &sh[ri++];
        h->name = asm_str_add(&shstr, name, &oom);
        h->type = SHT_RELA_;
        h->flags = SHF_INFO_LINK_;
        h->link = (uint32_t)symtab_i;
        h->info = (uint32_t)(1 + i);
        h->align = al;
        h->entsize = w.is64 ? 24 : 12;
        asm_w_pad(&w, base, al);
        h->offset = w.b->n - base;
        for (size_t k = 0; k < s->nrel; k++) {
            const asm_reloc *r = &s->rel[k];
            w_addr(&w, r->offset);
            w_addr(&w,
                   w.is64 ? ((uint64_t)r->sym << 32 | r->type) : ((uint64_t)r->sym << 8 | r->type));
            w_addr(&w, (uint64_t)r->addend);
        }
        h->size = s->nrel * h->entsize;
    }
    shdr *h = &sh[symtab_i];
    h->name = asm_str_add(&shstr, ".symtab", &oom);
    h->type = SHT_SYMTAB_;
    h->link = (uint32_t)strtab_i;
    h->info = (uint32_t)u->first_global;
    h->align = al;
    h->entsize = w.is64 ? 24 : 16;
    asm_w_pad(&w, base, al);
    h->offset = w.b->n - base;
    w_symtab(&w, u, NULL, &str, &oom);
    h->size = u->nsym * h->entsize;
    h = &sh[strtab_i];
    h->name = asm_str_add(&shstr, ".strtab", &oom);
    h->type = SHT_STRTAB_;
    h->align = 1;
    h->offset = w.b->n - base;
    h->size = str.b.n;
    asm_w_bytes(&w, str.b.p, str.b.n);
    h = &sh[shstr_i];
    h->name = asm_str_add(&shstr, ".shstrtab", &oom);
    h->type = SHT_STRTAB_;
    h->align = 1;
    h->offset = w.b->n - base;
    h->size = shstr.b.n;
    asm_w_bytes(&w, shstr.b.p, shstr.b.n);
    asm_w_pad(&w, base, al);
    uint64_t shoff = w.b->n - base;
    for (size_t i = 0; i < shnum; i++)
        asm_w_shdr(&w, &sh[i]);
    buf_free(&shstr.b);
    buf_free(&str.b);
    free(sh);
    if (w.oom || oom) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    /* header again, in place */
    rivet_buf hb = {0};
    elfw hw = {&hb, w.is64, false};
    asm_w_ehdr(&hw, 1, 0, 0, 0, shoff, (unsigned)shnum, (unsigned)shstr_i, u->rvc_flag ? 1 : 0);
    if (hw.oom) {
        buf_free(&hb);
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    }
    memcpy(out->p + base, hb.p, hb.n);
    buf_free(&hb);
    return RIVET_OK;
}
