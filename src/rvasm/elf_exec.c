/* The static executable, the flat image and the listing. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/elf_internal.h"

/* A PT_LOAD program header. */
static void w_phdr(elfw *w, const asm_segment *s, uint64_t off)
{
    asm_w_le(w, 1, 4); /* PT_LOAD */
    if (w->is64) {
        asm_w_le(w, s->prot, 4);
        asm_w_le(w, off, 8);
        asm_w_le(w, s->vaddr, 8);
        asm_w_le(w, s->vaddr, 8);
        asm_w_le(w, s->filesz, 8);
        asm_w_le(w, s->memsz, 8);
        asm_w_le(w, PAGE, 8);
    } else {
        asm_w_le(w, off, 4);
        asm_w_le(w, s->vaddr, 4);
        asm_w_le(w, s->vaddr, 4);
        asm_w_le(w, s->filesz, 4);
        asm_w_le(w, s->memsz, 4);
        asm_w_le(w, s->prot, 4);
        asm_w_le(w, PAGE, 4);
    }
}

/* The executable's symbols: defined ones of placed sections and absolute ones, at their
   addresses, locals first. Returns the count; *first_global the index of the first global. */
static size_t w_exec_symtab(elfw *w, const asm_image *img, const uint16_t *map, strtab *str,
                            size_t *first_global, bool *oom)
{
    const asm_unit *u = img->unit;
    size_t nsym = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass) *first_global = nsym;
        for (size_t i = 0; i < u->nsym; i++) {
            const asm_symbol *s = &u->sym[i];
            if (!i) {
                if (!pass) asm_w_sym(w, 0, 0, 0, 0, 0), nsym++;
                continue;
            }
            if (s->shndx == ASM_SHN_UNDEF || (s->bind != ASM_STB_LOCAL) != (pass == 1)) continue;
            if (s->shndx != ASM_SHN_ABS && asm_sec_group(&u->sec[s->shndx - 1]) < 0) continue;
            uint64_t value = s->value;
            uint16_t shndx = (uint16_t)s->shndx;
            if (s->shndx != ASM_SHN_ABS) {
                value += img->sec_addr[s->shndx - 1];
                shndx = map[s->shndx - 1];
            }
            asm_w_sym(w, asm_str_add(str, s->name, oom), value, s->size,
                      (uint8_t)(s->bind << 4 | s->type), shndx);
            nsym++;
        }
    }
    return nsym;
}

rivet_status asm_write_exec(const asm_image *img, rivet_buf *out, rivet_diag *d)
{
    const asm_unit *u = img->unit;
    elfw w = {out, img->xlen == 64, false};
    size_t base = out->n;
    unsigned al = w.is64 ? 8 : 4;
    size_t ehsize = w.is64 ? 64 : 52, phsize = w.is64 ? 56 : 32;
    /* file layout: header, program headers, then each segment at an offset congruent to its
       address modulo the page size */
    uint64_t *segoff = calloc(img->nseg ? img->nseg : 1, sizeof *segoff);
    size_t nplaced = 0;
    for (size_t i = 0; i < u->nsec; i++)
        if (asm_sec_group(&u->sec[i]) >= 0) nplaced++;
    size_t shnum = 1 + nplaced + 3;
    shdr *sh = calloc(shnum, sizeof *sh);
    strtab shstr = {{0}}, str = {{0}};
    bool oom = !segoff || !sh;
    if (oom) goto fail;
    asm_str_add(&shstr, "", &oom);
    asm_str_add(&str, "", &oom);
    uint64_t off = ehsize + phsize * img->nseg;
    for (size_t i = 0; i < img->nseg; i++) {
        uint64_t a = img->seg[i].vaddr % PAGE;
        off = asm_align_up(off, 16);
        if (off % PAGE != a) off = asm_align_up(off - a, PAGE) + a;
        segoff[i] = off;
        off += img->seg[i].filesz;
    }
    asm_w_ehdr(&w, 2, img->entry, ehsize, (unsigned)img->nseg, 0, 0, 0, 0);
    for (size_t i = 0; i < img->nseg; i++)
        w_phdr(&w, &img->seg[i], segoff[i]);
    for (size_t i = 0; i < img->nseg; i++) {
        while (w.b->n - base < segoff[i] && !w.oom)
            asm_w_le(&w, 0, 1);
        asm_w_bytes(&w, img->seg[i].data, img->seg[i].filesz);
    }
    /* section headers for the placed sections, then the symbol table */
    size_t k = 1;
    uint16_t *map = calloc(u->nsec + 1, sizeof *map);
    if (!map) {
        oom = true;
        goto fail;
    }
    for (size_t i = 0; i < u->nsec; i++) {
        const asm_section *s = &u->sec[i];
        if (asm_sec_group(s) < 0) continue;
        shdr *h = &sh[k];
        map[i] = (uint16_t)k++;
        h->name = asm_str_add(&shstr, s->name, &oom);
        h->type = s->type;
        h->flags = s->flags;
        h->addr = img->sec_addr[i];
        h->size = s->size;
        h->align = s->align ? s->align : 1;
        for (size_t g = 0; g < img->nseg; g++)
            if (h->addr >= img->seg[g].vaddr && h->addr <= img->seg[g].vaddr + img->seg[g].memsz)
                h->offset = segoff[g] + (h->addr - img->seg[g].vaddr);
    }
    size_t symtab_i = k, strtab_i = k + 1, shstr_i = k + 2;
    shdr *h = &sh[symtab_i];
    h->name = asm_str_add(&shstr, ".symtab", &oom);
    h->type = SHT_SYMTAB_;
    h->link = (uint32_t)strtab_i;
    h->align = al;
    h->entsize = w.is64 ? 24 : 16;
    asm_w_pad(&w, base, al);
    h->offset = w.b->n - base;
    size_t first_global = 0;
    size_t nsym = w_exec_symtab(&w, img, map, &str, &first_global, &oom);
    h->info = (uint32_t)first_global;
    h->size = nsym * h->entsize;
    free(map);
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
    if (!w.oom && !oom) {
        rivet_buf hb = {0};
        elfw hw = {&hb, w.is64, false};
        asm_w_ehdr(&hw, 2, img->entry, ehsize, (unsigned)img->nseg, shoff, (unsigned)shnum,
                   (unsigned)shstr_i, img->rvc_flag ? 1 : 0);
        if (hw.oom)
            oom = true;
        else
            memcpy(out->p + base, hb.p, hb.n);
        buf_free(&hb);
    }
fail:
    buf_free(&shstr.b);
    buf_free(&str.b);
    free(sh);
    free(segoff);
    if (oom || w.oom) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    return RIVET_OK;
}

rivet_status asm_write_bin(const asm_image *img, rivet_buf *out, rivet_diag *d)
{
    if (!img->nseg) return RIVET_OK;
    uint64_t lo = img->seg[0].vaddr, hi = lo;
    for (size_t i = 0; i < img->nseg; i++)
        if (img->seg[i].filesz) hi = img->seg[i].vaddr + img->seg[i].filesz;
    if (hi - lo > ASM_MAX_PROGBITS * 4)
        return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS, "flat image too large");
    size_t base = out->n;
    if (buf_reserve(out, hi - lo)) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    memset(out->p + base, 0, hi - lo);
    out->n = base + (hi - lo);
    for (size_t i = 0; i < img->nseg; i++)
        if (img->seg[i].filesz)
            memcpy(out->p + base + (img->seg[i].vaddr - lo), img->seg[i].data, img->seg[i].filesz);
    return RIVET_OK;
}

rivet_status asm_write_listing(const asm_unit *u, rivet_buf *out, rivet_diag *d)
{
    const char *src = u->src;
    size_t line = 1, pos = 0;
    char tmp[160];
    for (size_t i = 0; i < u->nlist; i++) {
        const asm_list_line *l = &u->list[i];
        while (line < l->line && pos < u->srclen) {
            if (src[pos] == '\n') line++;
            pos++;
        }
        size_t e = pos;
        while (e < u->srclen && src[e] != '\n')
            e++;
        const asm_section *s = &u->sec[l->sec];
        int n = snprintf(tmp, sizeof tmp, "%s+0x%llx:", s->name, (unsigned long long)l->offset);
        if (buf_append(out, tmp, (size_t)n)) goto oom;
        for (uint64_t k = 0; k < l->len && k < 64; k++) {
            n = snprintf(tmp, sizeof tmp, " %02x", s->data ? s->data[l->offset + k] : 0);
            if (buf_append(out, tmp, (size_t)n)) goto oom;
        }
        if (l->len > 64 && buf_append(out, " ...", 4)) goto oom;
        if (buf_append(out, "\t", 1) || buf_append(out, src + pos, e - pos) || buf_push(out, '\n'))
            goto oom;
    }
    return RIVET_OK;
oom:
    return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
}
