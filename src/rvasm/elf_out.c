/* Output: the ELF relocatable object, the linker (one unit laid out at an address, every
   relocation applied), the static ELF executable, the flat image, the listing, and -march. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/rvasm_internal.h"

/* ---------------------------------------------------------------- -march */

rivet_status asm_parse_march(const char *march, asm_opts *o, rivet_diag *d)
{
    size_t n = strlen(march);
    if (n < 5 || strncmp(march, "rv", 2) || !(!strncmp(march + 2, "32", 2) || !strncmp(march + 2, "64", 2)))
        return rivet_fail(d, RIVET_EUSAGE, 0, "-march must start with rv32 or rv64: '%s'", march);
    o->xlen = march[2] == '3' ? 32 : 64;
    unsigned ext = 0;
    size_t i = 4;
    if (march[i] != 'i' && march[i] != 'g' && march[i] != 'e')
        return rivet_fail(d, RIVET_EUSAGE, i, "-march: the base must be i or g after rv%d", o->xlen);
    for (; i < n && march[i] != '_'; i++) {
        char ch = march[i];
        switch (ch) {
        case 'i': ext |= RV_EXT_I; break;
        case 'e': return rivet_fail(d, RIVET_EUSAGE, i, "-march: RV32E/RV64E are not supported");
        case 'm': ext |= RV_EXT_M; break;
        case 'a': ext |= RV_EXT_A; break;
        case 'f': ext |= RV_EXT_F; break;
        case 'd': ext |= RV_EXT_D | RV_EXT_F; break;
        case 'c': ext |= RV_EXT_C; break;
        case 'g': ext |= RV_EXT_I | RV_EXT_M | RV_EXT_A | RV_EXT_F | RV_EXT_D; break;
        default:
            if (ch >= '0' && ch <= '9') break; /* version numbers */
            if (ch == 'p' && i + 1 < n && march[i + 1] >= '0' && march[i + 1] <= '9') break;
            return rivet_fail(d, RIVET_EUSAGE, i, "-march: unsupported extension '%c' in '%s'", ch, march);
        }
    }
    while (i < n) {
        size_t j = i + 1;
        while (j < n && march[j] != '_')
            j++;
        size_t k = i + 1;
        while (k < j && !(march[k] >= '0' && march[k] <= '9'))
            k++;
        size_t len = k - (i + 1);
        const char *x = march + i + 1;
        if (!((len == 5 && !strncmp(x, "zicsr", 5)) || (len == 8 && !strncmp(x, "zifencei", 8))))
            return rivet_fail(d, RIVET_EUSAGE, i, "-march: unsupported extension '%.*s'", (int)len, x);
        i = j;
    }
    o->ext = ext | RV_EXT_I | RV_EXT_ZICSR | RV_EXT_ZIFENCEI;
    return RIVET_OK;
}

/* ---------------------------------------------------------------- ELF helpers */

typedef struct elfw {
    rivet_buf *b;
    bool is64;
    bool oom;
} elfw;

static void w_le(elfw *w, uint64_t v, unsigned n)
{
    uint8_t t[8];
    for (unsigned i = 0; i < n; i++)
        t[i] = (uint8_t)(v >> (8 * i));
    if (buf_append(w->b, t, n)) w->oom = true;
}

static void w_addr(elfw *w, uint64_t v)
{
    w_le(w, v, w->is64 ? 8 : 4);
}

static void w_pad(elfw *w, size_t base, uint64_t align)
{
    while ((w->b->n - base) % align)
        w_le(w, 0, 1);
}

static void w_bytes(elfw *w, const void *p, size_t n)
{
    if (n && buf_append(w->b, p, n)) w->oom = true;
}

/* A string table under construction. */
typedef struct strtab {
    rivet_buf b;
} strtab;

static uint32_t str_add(strtab *s, const char *str, bool *oom)
{
    uint32_t off = (uint32_t)s->b.n;
    if (!*str && s->b.n) return 0;
    if (buf_append(&s->b, str, strlen(str) + 1)) *oom = true;
    return off;
}

typedef struct shdr {
    uint32_t name, type;
    uint64_t flags, addr, offset, size;
    uint32_t link, info;
    uint64_t align, entsize;
} shdr;

static void w_ehdr(elfw *w, unsigned type, uint64_t entry, uint64_t phoff, unsigned phnum,
                   uint64_t shoff, unsigned shnum, unsigned shstrndx, uint32_t flags)
{
    static const uint8_t ident[16] = {0x7f, 'E', 'L', 'F', 0, 1, 1, 0};
    uint8_t id[16];
    memcpy(id, ident, 16);
    id[4] = w->is64 ? 2 : 1;
    w_bytes(w, id, 16);
    w_le(w, type, 2);
    w_le(w, 243, 2); /* EM_RISCV */
    w_le(w, 1, 4);
    w_addr(w, entry);
    w_addr(w, phoff);
    w_addr(w, shoff);
    w_le(w, flags, 4);
    w_le(w, w->is64 ? 64 : 52, 2);
    w_le(w, phnum ? (w->is64 ? 56 : 32) : 0, 2);
    w_le(w, phnum, 2);
    w_le(w, w->is64 ? 64 : 40, 2);
    w_le(w, shnum, 2);
    w_le(w, shstrndx, 2);
}

static void w_shdr(elfw *w, const shdr *s)
{
    w_le(w, s->name, 4);
    w_le(w, s->type, 4);
    w_addr(w, s->flags);
    w_addr(w, s->addr);
    w_addr(w, s->offset);
    w_addr(w, s->size);
    w_le(w, s->link, 4);
    w_le(w, s->info, 4);
    w_addr(w, s->align);
    w_addr(w, s->entsize);
}

static void w_sym(elfw *w, uint32_t name, uint64_t value, uint64_t size, uint8_t info, uint16_t shndx)
{
    w_le(w, name, 4);
    if (w->is64) {
        w_le(w, info, 1);
        w_le(w, 0, 1);
        w_le(w, shndx, 2);
        w_le(w, value, 8);
        w_le(w, size, 8);
    } else {
        w_le(w, value, 4);
        w_le(w, size, 4);
        w_le(w, info, 1);
        w_le(w, 0, 1);
        w_le(w, shndx, 2);
    }
}

enum { SHT_SYMTAB_ = 2, SHT_STRTAB_ = 3, SHT_RELA_ = 4, SHF_INFO_LINK_ = 0x40 };

/* Writes the symbol table of u (values relocated by sec_addr when non-NULL) and its strings. */
static void w_symtab(elfw *w, const asm_unit *u, const uint64_t *sec_addr, strtab *st, bool *oom)
{
    size_t ent = w->is64 ? 24 : 16;
    (void)ent;
    for (size_t i = 0; i < u->nsym; i++) {
        const asm_symbol *s = &u->sym[i];
        uint32_t name = i ? str_add(st, s->name, oom) : 0;
        uint64_t value = s->value;
        if (sec_addr && s->shndx != ASM_SHN_UNDEF && s->shndx != ASM_SHN_ABS)
            value += sec_addr[s->shndx - 1];
        w_sym(w, name, value, s->size, (uint8_t)(s->bind << 4 | s->type), (uint16_t)s->shndx);
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
    str_add(&shstr, "", &oom);
    str_add(&str, "", &oom);
    w_ehdr(&w, 1, 0, 0, 0, 0, 0, 0, 0); /* rewritten at the end */
    size_t symtab_i = nsh + nrela, strtab_i = symtab_i + 1, shstr_i = strtab_i + 1;
    for (size_t i = 0; i < u->nsec; i++) {
        const asm_section *s = &u->sec[i];
        shdr *h = &sh[1 + i];
        h->name = str_add(&shstr, s->name, &oom);
        h->type = s->type;
        h->flags = s->flags;
        h->align = s->align ? s->align : 1;
        h->size = s->size;
        w_pad(&w, base, h->align);
        h->offset = w.b->n - base;
        if (s->type != ASM_SHT_NOBITS) w_bytes(&w, s->data, s->size);
    }
    size_t ri = nsh;
    for (size_t i = 0; i < u->nsec; i++) {
        const asm_section *s = &u->sec[i];
        if (!s->nrel) continue;
        char name[300];
        snprintf(name, sizeof name, ".rela%s", s->name);
        shdr *h = &sh[ri++];
        h->name = str_add(&shstr, name, &oom);
        h->type = SHT_RELA_;
        h->flags = SHF_INFO_LINK_;
        h->link = (uint32_t)symtab_i;
        h->info = (uint32_t)(1 + i);
        h->align = al;
        h->entsize = w.is64 ? 24 : 12;
        w_pad(&w, base, al);
        h->offset = w.b->n - base;
        for (size_t k = 0; k < s->nrel; k++) {
            const asm_reloc *r = &s->rel[k];
            w_addr(&w, r->offset);
            w_addr(&w, w.is64 ? ((uint64_t)r->sym << 32 | r->type) : ((uint64_t)r->sym << 8 | r->type));
            w_addr(&w, (uint64_t)r->addend);
        }
        h->size = s->nrel * h->entsize;
    }
    shdr *h = &sh[symtab_i];
    h->name = str_add(&shstr, ".symtab", &oom);
    h->type = SHT_SYMTAB_;
    h->link = (uint32_t)strtab_i;
    h->info = (uint32_t)u->first_global;
    h->align = al;
    h->entsize = w.is64 ? 24 : 16;
    w_pad(&w, base, al);
    h->offset = w.b->n - base;
    w_symtab(&w, u, NULL, &str, &oom);
    h->size = u->nsym * h->entsize;
    h = &sh[strtab_i];
    h->name = str_add(&shstr, ".strtab", &oom);
    h->type = SHT_STRTAB_;
    h->align = 1;
    h->offset = w.b->n - base;
    h->size = str.b.n;
    w_bytes(&w, str.b.p, str.b.n);
    h = &sh[shstr_i];
    h->name = str_add(&shstr, ".shstrtab", &oom);
    h->type = SHT_STRTAB_;
    h->align = 1;
    h->offset = w.b->n - base;
    h->size = shstr.b.n;
    w_bytes(&w, shstr.b.p, shstr.b.n);
    w_pad(&w, base, al);
    uint64_t shoff = w.b->n - base;
    for (size_t i = 0; i < shnum; i++)
        w_shdr(&w, &sh[i]);
    buf_free(&shstr.b);
    buf_free(&str.b);
    free(sh);
    if (w.oom || oom) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    /* header again, in place */
    rivet_buf hb = {0};
    elfw hw = {&hb, w.is64, false};
    w_ehdr(&hw, 1, 0, 0, 0, shoff, (unsigned)shnum, (unsigned)shstr_i, u->rvc_flag ? 1 : 0);
    if (hw.oom) {
        buf_free(&hb);
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    }
    memcpy(out->p + base, hb.p, hb.n);
    buf_free(&hb);
    return RIVET_OK;
}

/* ---------------------------------------------------------------- linking */

enum { PAGE = 4096 };

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

void asm_image_free(asm_image *img)
{
    if (!img) return;
    for (size_t i = 0; i < img->nseg; i++)
        free(img->seg[i].data);
    free(img->seg);
    free(img->sec_addr);
    memset(img, 0, sizeof *img);
}

static int sec_group(const asm_section *s)
{
    if (!(s->flags & ASM_SHF_ALLOC)) return -1;
    if (s->flags & ASM_SHF_EXECINSTR) return 0;
    if (!(s->flags & ASM_SHF_WRITE)) return 1;
    return s->type == ASM_SHT_NOBITS ? 3 : 2;
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rdn(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = n; i-- > 0;)
        v = v << 8 | p[i];
    return v;
}

static void wrn(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Host pointer to n bytes at address a of the image, or NULL. */
static uint8_t *img_ptr(asm_image *img, uint64_t a, uint64_t n)
{
    for (size_t i = 0; i < img->nseg; i++) {
        asm_segment *s = &img->seg[i];
        if (a >= s->vaddr && a - s->vaddr <= s->filesz && n <= s->filesz - (a - s->vaddr))
            return s->data + (a - s->vaddr);
    }
    return NULL;
}

#define LFAIL(r, ...)                                                                              \
    do {                                                                                           \
        char m_[300];                                                                              \
        snprintf(m_, sizeof m_, __VA_ARGS__);                                                      \
        rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "%u:%u: error: %s", (r)->line, (r)->col, m_);           \
        return RIVET_EINVALID;                                                                     \
    } while (0)

/* Inserts value v into the field of letter (cl: compressed letter) of the instruction at p. */
static const char *patch(uint8_t *p, char letter, bool cl, int64_t v, int xlen, bool compressed)
{
    asm_minst m;
    memset(&m, 0, sizeof m);
    m.imm = v;
    uint32_t bits = compressed ? (uint32_t)rdn(p, 2) : rd32(p);
    const char *e = asm_encode_letter(letter, cl, &m, xlen, &bits);
    if (e) return e;
    wrn(p, bits, compressed ? 2 : 4);
    return NULL;
}

static bool sym_addr(const asm_unit *u, const asm_image *img, uint32_t si, uint64_t *a)
{
    const asm_symbol *s = &u->sym[si];
    if (s->shndx == ASM_SHN_UNDEF) return false;
    if (s->shndx == ASM_SHN_ABS) {
        *a = s->value;
        return true;
    }
    if (sec_group(&u->sec[s->shndx - 1]) < 0) return false;
    *a = img->sec_addr[s->shndx - 1] + s->value;
    return true;
}

static rivet_status apply(const asm_unit *u, asm_image *img, size_t si, const asm_reloc *r,
                          rivet_diag *d)
{
    const asm_symbol *sym = &u->sym[r->sym];
    uint64_t S;
    if (!sym_addr(u, img, r->sym, &S)) LFAIL(r, "undefined symbol '%s'", sym->name);
    uint64_t P = img->sec_addr[si] + r->offset;
    uint64_t v = S + (uint64_t)r->addend;
    int64_t off = (int64_t)(v - P);
    int xlen = u->xlen;
    if (xlen == 32) off = (int32_t)(uint32_t)off;
    unsigned width = 4;
    switch (r->type) {
    case 1: width = 4; break;
    case 2: width = 8; break;
    case 33: case 37: width = 1; break;
    case 34: case 38: width = 2; break;
    case 35: case 39: width = 4; break;
    case 36: case 40: width = 8; break;
    case 44: case 45: width = 2; break;
    case 18: case 19: width = 8; break;
    default: width = 4; break;
    }
    uint8_t *p = img_ptr(img, P, width);
    if (!p) LFAIL(r, "relocation outside the image");
    const char *e = NULL;
    switch (r->type) {
    case 1:
        if (xlen == 64 && v > UINT32_MAX && (int64_t)v < INT32_MIN)
            LFAIL(r, "R_RISCV_32: value 0x%llx does not fit in 32 bits", (unsigned long long)v);
        wrn(p, v, 4);
        return RIVET_OK;
    case 2: wrn(p, v, 8); return RIVET_OK;
    case 16: e = patch(p, 'p', false, off, xlen, false); break;
    case 17: e = patch(p, 'a', false, off, xlen, false); break;
    case 44: e = patch(p, 'p', true, off, xlen, true); break;
    case 45: e = patch(p, 'a', true, off, xlen, true); break;
    case 18:
    case 19:
    case 23: {
        if (off < INT32_MIN || off > (int64_t)INT32_MAX - 0x800)
            LFAIL(r, "pc-relative reference to '%s' out of range (offset %lld)", sym->name, (long long)off);
        e = patch(p, 'u', false, (int64_t)((((uint64_t)off + 0x800) >> 12) & 0xfffff), xlen, false);
        if (!e && r->type != 23)
            e = patch(p + 4, 'j', false, (int64_t)((uint64_t)off << 52) >> 52, xlen, false);
        break;
    }
    case 24:
    case 25: {
        /* S is the auipc: find its R_RISCV_PCREL_HI20 */
        const asm_section *sec = &u->sec[si];
        const asm_reloc *hi = NULL;
        if (sym->shndx == si + 1)
            for (size_t k = 0; k < sec->nrel; k++)
                if (sec->rel[k].type == 23 && sec->rel[k].offset == sym->value) hi = &sec->rel[k];
        if (!hi) LFAIL(r, "%%pcrel_lo: no R_RISCV_PCREL_HI20 at '%s'", sym->name);
        uint64_t HS;
        if (!sym_addr(u, img, hi->sym, &HS)) LFAIL(hi, "undefined symbol '%s'", u->sym[hi->sym].name);
        int64_t hoff = (int64_t)(HS + (uint64_t)hi->addend - S);
        if (xlen == 32) hoff = (int32_t)(uint32_t)hoff;
        e = patch(p, r->type == 24 ? 'j' : 'q', false, (int64_t)((uint64_t)hoff << 52) >> 52, xlen, false);
        break;
    }
    case 26:
        if (xlen == 64 && !((int64_t)v >= INT32_MIN && (int64_t)v <= (int64_t)INT32_MAX - 0x800))
            LFAIL(r, "%%hi(%s): address 0x%llx is out of range for lui on RV64 (use la or lla)",
                  sym->name, (unsigned long long)v);
        e = patch(p, 'u', false, (int64_t)(((v + 0x800) >> 12) & 0xfffff), xlen, false);
        break;
    case 27:
    case 28:
        e = patch(p, r->type == 27 ? 'j' : 'q', false, (int64_t)(v << 52) >> 52, xlen, false);
        break;
    case 33: case 34: case 35: case 36:
        wrn(p, rdn(p, width) + v, width);
        return RIVET_OK;
    case 37: case 38: case 39: case 40:
        wrn(p, rdn(p, width) - v, width);
        return RIVET_OK;
    default: LFAIL(r, "unsupported relocation type %u", r->type);
    }
    if (e) LFAIL(r, "relocation against '%s' out of range: %s", sym->name, e);
    return RIVET_OK;
}

rivet_status asm_link(const asm_unit *u, const asm_link_opts *lo, asm_image *img, rivet_diag *d)
{
    memset(img, 0, sizeof *img);
    img->xlen = u->xlen;
    img->rvc_flag = u->rvc_flag;
    img->unit = u;
    uint64_t base = lo && lo->base ? lo->base : ASM_DEFAULT_BASE;
    uint64_t top = u->xlen == 32 ? (1ull << 32) : UINT64_MAX;
    if (base % PAGE) return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "base address 0x%llx is not page aligned", (unsigned long long)base);
    img->sec_addr = calloc(u->nsec ? u->nsec : 1, sizeof *img->sec_addr);
    img->seg = calloc(3, sizeof *img->seg);
    if (!img->sec_addr || !img->seg) {
        asm_image_free(img);
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    }
    uint64_t addr = base;
    static const unsigned prot[3] = {ASM_PROT_R | ASM_PROT_X, ASM_PROT_R, ASM_PROT_R | ASM_PROT_W};
    for (int g = 0; g < 3; g++) {
        bool any = false;
        uint64_t start = 0, fileend = 0;
        for (int sub = 0; sub < 2; sub++) {
            int want = g == 2 ? 2 + sub : g;
            if (g < 2 && sub) break;
            for (size_t i = 0; i < u->nsec; i++) {
                const asm_section *s = &u->sec[i];
                if (sec_group(s) != want) continue;
                if (!any) {
                    addr = align_up(addr, PAGE);
                    start = fileend = addr;
                    any = true;
                }
                uint64_t a = align_up(addr, s->align ? s->align : 1);
                if (a < addr || a > top || s->size > top - a) {
                    asm_image_free(img);
                    return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS, "section '%s' does not fit the address space at 0x%llx", s->name, (unsigned long long)addr);
                }
                img->sec_addr[i] = a;
                addr = a + s->size;
                if (s->type != ASM_SHT_NOBITS) fileend = addr;
            }
        }
        if (!any) continue;
        asm_segment *sg = &img->seg[img->nseg++];
        sg->vaddr = start;
        sg->memsz = addr - start;
        sg->filesz = fileend - start;
        sg->prot = prot[g];
        if (sg->filesz > ASM_MAX_PROGBITS * 4) {
            asm_image_free(img);
            return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS, "segment too large");
        }
        sg->data = calloc(1, sg->filesz ? sg->filesz : 1);
        if (!sg->data) {
            asm_image_free(img);
            return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
        }
        for (size_t i = 0; i < u->nsec; i++) {
            const asm_section *s = &u->sec[i];
            int sgp = sec_group(s);
            if (sgp < 0 || (sgp == 3 ? 2 : sgp) != g || s->type == ASM_SHT_NOBITS) continue;
            memcpy(sg->data + (img->sec_addr[i] - start), s->data, s->size);
        }
    }
    for (size_t i = 0; i < u->nsec; i++) {
        const asm_section *s = &u->sec[i];
        if (sec_group(s) < 0) continue;
        for (size_t k = 0; k < s->nrel; k++)
            if (apply(u, img, i, &s->rel[k], d)) {
                asm_image_free(img);
                return RIVET_EINVALID;
            }
    }
    /* entry */
    const char *ename = lo && lo->entry ? lo->entry : "_start";
    bool found = false;
    for (size_t i = 1; i < u->nsym; i++)
        if (!strcmp(u->sym[i].name, ename) && u->sym[i].shndx != ASM_SHN_UNDEF) {
            found = sym_addr(u, img, (uint32_t)i, &img->entry);
            break;
        }
    if (!found && lo && lo->entry) {
        asm_image_free(img);
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "entry symbol '%s' is not defined", lo->entry);
    }
    if (!found) {
        img->entry = img->nseg ? img->seg[0].vaddr : base;
        for (size_t i = 0; i < u->nsec; i++)
            if (sec_group(&u->sec[i]) == 0) {
                img->entry = img->sec_addr[i];
                break;
            }
    }
    return RIVET_OK;
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
        if (sec_group(&u->sec[i]) >= 0) nplaced++;
    size_t shnum = 1 + nplaced + 3;
    shdr *sh = calloc(shnum, sizeof *sh);
    strtab shstr = {{0}}, str = {{0}};
    bool oom = !segoff || !sh;
    if (oom) goto fail;
    str_add(&shstr, "", &oom);
    str_add(&str, "", &oom);
    uint64_t off = ehsize + phsize * img->nseg;
    for (size_t i = 0; i < img->nseg; i++) {
        uint64_t a = img->seg[i].vaddr % PAGE;
        off = align_up(off, 16);
        if (off % PAGE != a) off = align_up(off - a, PAGE) + a;
        segoff[i] = off;
        off += img->seg[i].filesz;
    }
    w_ehdr(&w, 2, img->entry, ehsize, (unsigned)img->nseg, 0, 0, 0, 0);
    for (size_t i = 0; i < img->nseg; i++) {
        const asm_segment *s = &img->seg[i];
        w_le(&w, 1, 4); /* PT_LOAD */
        if (w.is64) {
            w_le(&w, s->prot, 4);
            w_le(&w, segoff[i], 8);
            w_le(&w, s->vaddr, 8);
            w_le(&w, s->vaddr, 8);
            w_le(&w, s->filesz, 8);
            w_le(&w, s->memsz, 8);
            w_le(&w, PAGE, 8);
        } else {
            w_le(&w, segoff[i], 4);
            w_le(&w, s->vaddr, 4);
            w_le(&w, s->vaddr, 4);
            w_le(&w, s->filesz, 4);
            w_le(&w, s->memsz, 4);
            w_le(&w, s->prot, 4);
            w_le(&w, PAGE, 4);
        }
    }
    for (size_t i = 0; i < img->nseg; i++) {
        while (w.b->n - base < segoff[i] && !w.oom)
            w_le(&w, 0, 1);
        w_bytes(&w, img->seg[i].data, img->seg[i].filesz);
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
        if (sec_group(s) < 0) continue;
        shdr *h = &sh[k];
        map[i] = (uint16_t)k++;
        h->name = str_add(&shstr, s->name, &oom);
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
    h->name = str_add(&shstr, ".symtab", &oom);
    h->type = SHT_SYMTAB_;
    h->link = (uint32_t)strtab_i;
    h->align = al;
    h->entsize = w.is64 ? 24 : 16;
    w_pad(&w, base, al);
    h->offset = w.b->n - base;
    size_t nsym = 0, first_global = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass) first_global = nsym;
        for (size_t i = 0; i < u->nsym; i++) {
            const asm_symbol *s = &u->sym[i];
            if (i && s->shndx == ASM_SHN_UNDEF) continue;
            if (i && (s->bind != ASM_STB_LOCAL) != (pass == 1)) continue;
            if (!i && pass) continue;
            if (i && s->shndx != ASM_SHN_ABS && sec_group(&u->sec[s->shndx - 1]) < 0) continue;
            uint64_t value = s->value;
            uint16_t shndx = (uint16_t)s->shndx;
            if (i && s->shndx != ASM_SHN_ABS) {
                value += img->sec_addr[s->shndx - 1];
                shndx = map[s->shndx - 1];
            }
            w_sym(&w, i ? str_add(&str, s->name, &oom) : 0, value, s->size,
                  (uint8_t)(s->bind << 4 | s->type), shndx);
            nsym++;
        }
    }
    h->info = (uint32_t)first_global;
    h->size = nsym * h->entsize;
    free(map);
    h = &sh[strtab_i];
    h->name = str_add(&shstr, ".strtab", &oom);
    h->type = SHT_STRTAB_;
    h->align = 1;
    h->offset = w.b->n - base;
    h->size = str.b.n;
    w_bytes(&w, str.b.p, str.b.n);
    h = &sh[shstr_i];
    h->name = str_add(&shstr, ".shstrtab", &oom);
    h->type = SHT_STRTAB_;
    h->align = 1;
    h->offset = w.b->n - base;
    h->size = shstr.b.n;
    w_bytes(&w, shstr.b.p, shstr.b.n);
    w_pad(&w, base, al);
    uint64_t shoff = w.b->n - base;
    for (size_t i = 0; i < shnum; i++)
        w_shdr(&w, &sh[i]);
    if (!w.oom && !oom) {
        rivet_buf hb = {0};
        elfw hw = {&hb, w.is64, false};
        w_ehdr(&hw, 2, img->entry, ehsize, (unsigned)img->nseg, shoff, (unsigned)shnum,
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
