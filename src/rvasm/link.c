/* The linker: one unit laid out at an address, every relocation applied. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/elf_internal.h"

/* ---------------------------------------------------------------- linking */

uint64_t asm_align_up(uint64_t v, uint64_t a)
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

int asm_sec_group(const asm_section *s)
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
        rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "%s:%u:%u: error: %s",                          \
                   (r)->file < u->nsrcs ? u->srcs[(r)->file] : "<input>", (r)->line, (r)->col,     \
                   m_);                                                                            \
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
    if (asm_sec_group(&u->sec[s->shndx - 1]) < 0) return false;
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
    case 33:
    case 37: width = 1; break;
    case 34:
    case 38: width = 2; break;
    case 35:
    case 39: width = 4; break;
    case 36:
    case 40: width = 8; break;
    case 44:
    case 45: width = 2; break;
    case 18:
    case 19: width = 8; break;
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
            LFAIL(r, "pc-relative reference to '%s' out of range (offset %lld)", sym->name,
                  (long long)off);
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
        if (!sym_addr(u, img, hi->sym, &HS))
            LFAIL(hi, "undefined symbol '%s'", u->sym[hi->sym].name);
        int64_t hoff = (int64_t)(HS + (uint64_t)hi->addend - S);
        if (xlen == 32) hoff = (int32_t)(uint32_t)hoff;
        e = patch(p, r->type == 24 ? 'j' : 'q', false, (int64_t)((uint64_t)hoff << 52) >> 52, xlen,
                  false);
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
    case 33:
    case 34:
    case 35:
    case 36: wrn(p, rdn(p, width) + v, width); return RIVET_OK;
    case 37:
    case 38:
    case 39:
    case 40: wrn(p, rdn(p, width) - v, width); return RIVET_OK;
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
    if (base % PAGE)
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "base address 0x%llx is not page aligned",
                          (unsigned long long)base);
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
                if (asm_sec_group(s) != want) continue;
                if (!any) {
                    addr = asm_align_up(addr, PAGE);
                    start = fileend = addr;
                    any = true;
                }
                uint64_t a = asm_align_up(addr, s->align ? s->align : 1);
                if (a < addr || a > top || s->size > top - a) {
                    asm_image_free(img);
                    return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS,
                                      "section '%s' does not fit the address space at 0x%llx",
                                      s->name, (unsigned long long)addr);
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
            int sgp = asm_sec_group(s);
            if (sgp < 0 || (sgp == 3 ? 2 : sgp) != g || s->type == ASM_SHT_NOBITS) continue;
            memcpy(sg->data + (img->sec_addr[i] - start), s->data, s->size);
        }
    }
    for (size_t i = 0; i < u->nsec; i++) {
        const asm_section *s = &u->sec[i];
        if (asm_sec_group(s) < 0) continue;
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
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "entry symbol '%s' is not defined",
                          lo->entry);
    }
    if (!found) {
        img->entry = img->nseg ? img->seg[0].vaddr : base;
        for (size_t i = 0; i < u->nsec; i++)
            if (asm_sec_group(&u->sec[i]) == 0) {
                img->entry = img->sec_addr[i];
                break;
            }
    }
    return RIVET_OK;
}
