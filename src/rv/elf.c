/* ELF loader for static RISC-V programs: ET_EXEC, or ET_DYN static-PIE with R_RISCV_RELATIVE
   relocations; ELF32 and ELF64, little-endian. Every field is validated against the file length
   and the guest address space before anything is mapped; errors carry the file offset. */
#include <stdlib.h>

#include "rv/rv_internal.h"

enum { ET_EXEC_ = 2, ET_DYN_ = 3, EM_RISCV_ = 243 };
enum { PT_LOAD_ = 1, PT_DYNAMIC_ = 2, PT_INTERP_ = 3, PT_PHDR_ = 6, PT_TLS_ = 7 };
enum { PF_X_ = 1, PF_W_ = 2, PF_R_ = 4 };
enum { DT_NULL_ = 0, DT_RELA_ = 7, DT_RELASZ_ = 8, DT_RELAENT_ = 9, DT_REL_ = 17 };
enum { R_RISCV_NONE_ = 0, R_RISCV_RELATIVE_ = 3 };
enum { MAX_PHNUM = 256 };

static uint64_t le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

typedef struct seg {
    uint32_t type, flags;
    uint64_t off, vaddr, filesz, memsz, align;
    size_t at; /* file offset of the program header */
} seg;

#define FAIL(pos, ...) rivet_fail(d, RIVET_EINPUT, (pos), __VA_ARGS__)

RIVET_MUST_USE static rivet_status parse_phdrs(const uint8_t *elf, size_t len, bool is64,
                                               uint64_t phoff, uint64_t phentsize, uint64_t phnum,
                                               seg *segs, rivet_diag *d)
{
    if (phentsize != (is64 ? 56u : 32u))
        return FAIL(is64 ? 54 : 42, "e_phentsize %llu is not %u", (unsigned long long)phentsize,
                    is64 ? 56u : 32u);
    if (phnum == 0 || phnum > MAX_PHNUM)
        return FAIL(is64 ? 56 : 44, "e_phnum %llu out of range (1..%d)", (unsigned long long)phnum,
                    MAX_PHNUM);
    if (phoff > len || phnum * phentsize > len - phoff)
        return FAIL(is64 ? 32 : 28,
                    "program headers (offset 0x%llx, %llu entries) extend past "
                    "the end of the file (%zu bytes)",
                    (unsigned long long)phoff, (unsigned long long)phnum, len);
    for (uint64_t i = 0; i < phnum; i++) {
        const uint8_t *p = elf + phoff + i * phentsize;
        seg *s = &segs[i];
        s->at = (size_t)(phoff + i * phentsize);
        s->type = (uint32_t)le(p, 4);
        if (is64) {
            s->flags = (uint32_t)le(p + 4, 4);
            s->off = le(p + 8, 8);
            s->vaddr = le(p + 16, 8);
            s->filesz = le(p + 32, 8);
            s->memsz = le(p + 40, 8);
            s->align = le(p + 48, 8);
        } else {
            s->off = le(p + 4, 4);
            s->vaddr = le(p + 8, 4);
            s->filesz = le(p + 16, 4);
            s->memsz = le(p + 20, 4);
            s->flags = (uint32_t)le(p + 24, 4);
            s->align = le(p + 28, 4);
        }
    }
    return RIVET_OK;
}

RIVET_MUST_USE static rivet_status check_load(const seg *s, size_t len, uint64_t bias, uint64_t top,
                                              rivet_diag *d)
{
    if (s->off > len || s->filesz > len - s->off)
        return FAIL(s->at,
                    "segment file range 0x%llx+0x%llx extends past the end of the file "
                    "(%zu bytes)",
                    (unsigned long long)s->off, (unsigned long long)s->filesz, len);
    if (s->filesz > s->memsz)
        return FAIL(s->at, "segment p_filesz 0x%llx exceeds p_memsz 0x%llx",
                    (unsigned long long)s->filesz, (unsigned long long)s->memsz);
    uint64_t va = s->vaddr + bias;
    if (va < s->vaddr || s->memsz > top || va > top - s->memsz)
        return FAIL(s->at, "segment 0x%llx+0x%llx lies outside the guest address space",
                    (unsigned long long)va, (unsigned long long)s->memsz);
    if (va < RV_PAGE_SIZE && s->memsz)
        return FAIL(s->at, "segment at 0x%llx overlaps page zero", (unsigned long long)va);
    if (s->align > 1 && (s->align & (s->align - 1)))
        return FAIL(s->at, "segment alignment 0x%llx is not a power of two",
                    (unsigned long long)s->align);
    return RIVET_OK;
}

static unsigned prot_of(uint32_t flags)
{
    return (flags & PF_R_ ? RV_PROT_R : 0) | (flags & PF_W_ ? RV_PROT_W : 0) |
           (flags & PF_X_ ? RV_PROT_X : 0);
}

/* Whether an earlier PT_LOAD (index below n) covers part of page pg. */
static bool page_loaded(const seg *segs, uint64_t n, uint64_t bias, uint64_t pg)
{
    for (uint64_t j = 0; j < n; j++) {
        const seg *t = &segs[j];
        uint64_t tv = t->vaddr + bias;
        if (t->type == PT_LOAD_ && t->memsz && pg < tv + t->memsz && tv < pg + RV_PAGE_SIZE)
            return true;
    }
    return false;
}

/* Applies R_RISCV_RELATIVE relocations of a static PIE, found through PT_DYNAMIC. */
RIVET_MUST_USE static rivet_status relocate(rv_mem *mem, const seg *dyn, bool is64, uint64_t bias,
                                            rivet_diag *d)
{
    unsigned w = is64 ? 8 : 4;
    uint64_t rela = 0, relasz = 0, relaent = is64 ? 24 : 12;
    bool have_rela = false;
    for (uint64_t o = 0; o + 2 * w <= dyn->memsz; o += 2 * w) {
        uint8_t e[16];
        if (!rv_mem_read(mem, dyn->vaddr + bias + o, e, 2 * w))
            return FAIL(dyn->at, "PT_DYNAMIC at 0x%llx is not inside a loaded segment",
                        (unsigned long long)(dyn->vaddr + bias));
        uint64_t tag = le(e, w), val = le(e + w, w);
        if (tag == DT_NULL_) break;
        if (tag == DT_RELA_)
            rela = val, have_rela = true;
        else if (tag == DT_RELASZ_)
            relasz = val;
        else if (tag == DT_RELAENT_)
            relaent = val;
        else if (tag == DT_REL_)
            return rivet_fail(d, RIVET_EUNSUPPORTED, dyn->off + o,
                              "DT_REL relocations are not "
                              "supported (RISC-V uses DT_RELA)");
    }
    if (!have_rela || !relasz) return RIVET_OK;
    if (relaent != 3u * w)
        return FAIL(dyn->off, "DT_RELAENT %llu is not %u", (unsigned long long)relaent, 3 * w);
    for (uint64_t o = 0; o + relaent <= relasz; o += relaent) {
        uint8_t r[24];
        if (!rv_mem_read(mem, rela + bias + o, r, relaent))
            return FAIL(dyn->off, "relocation table at 0x%llx is not loaded",
                        (unsigned long long)(rela + bias));
        uint64_t off = le(r, w), info = le(r + w, w), addend = le(r + 2 * w, w);
        uint64_t type = is64 ? (info & 0xffffffff) : (info & 0xff);
        if (type == R_RISCV_NONE_) continue;
        if (type != R_RISCV_RELATIVE_)
            return rivet_fail(d, RIVET_EUNSUPPORTED, RIVET_NOPOS,
                              "relocation type %llu at 0x%llx: only R_RISCV_RELATIVE is supported "
                              "in static PIE",
                              (unsigned long long)type, (unsigned long long)off);
        uint8_t v[8];
        uint64_t val = bias + addend;
        for (unsigned i = 0; i < w; i++)
            v[i] = (uint8_t)(val >> (8 * i));
        if (!rv_mem_write(mem, off + bias, v, w))
            return FAIL(RIVET_NOPOS, "relocation target 0x%llx is not loaded",
                        (unsigned long long)(off + bias));
    }
    return RIVET_OK;
}

rivet_status rv_elf_load(rv_mem *mem, const uint8_t *elf, size_t len, const rv_elf_opts *opts,
                         rv_elf_info *info, rivet_diag *d)
{
    static const rv_elf_opts defaults = {.pie_base = 0x10000};
    if (!opts) opts = &defaults;
    memset(info, 0, sizeof *info);
    if (len < 52 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F')
        return FAIL(0, "not an ELF file (bad magic or shorter than a header)");
    if (elf[4] != 1 && elf[4] != 2) return FAIL(4, "bad ELF class %u", elf[4]);
    bool is64 = elf[4] == 2;
    if (is64 && len < 64) return FAIL(0, "file shorter than an ELF64 header");
    if (elf[5] != 1) return FAIL(5, "not little-endian (EI_DATA %u)", elf[5]);
    if (elf[6] != 1) return FAIL(6, "bad ELF version %u", elf[6]);
    uint64_t type = le(elf + 16, 2), machine = le(elf + 18, 2);
    if (machine != EM_RISCV_)
        return FAIL(18, "e_machine %llu is not RISC-V (243)", (unsigned long long)machine);
    if (type != ET_EXEC_ && type != ET_DYN_)
        return FAIL(16, "e_type %llu is neither ET_EXEC nor ET_DYN", (unsigned long long)type);
    uint64_t entry = le(elf + 24, is64 ? 8 : 4);
    uint64_t phoff = is64 ? le(elf + 32, 8) : le(elf + 28, 4);
    info->flags = (uint32_t)le(elf + (is64 ? 48 : 36), 4);
    uint64_t phentsize = le(elf + (is64 ? 54 : 42), 2), phnum = le(elf + (is64 ? 56 : 44), 2);
    seg segs[MAX_PHNUM];
    rivet_status st = parse_phdrs(elf, len, is64, phoff, phentsize, phnum, segs, d);
    if (st) return st;

    info->xlen = is64 ? 64 : 32;
    info->pie = type == ET_DYN_;
    uint64_t top = is64 ? (1ull << 47) : (1ull << 32);
    uint64_t lo = UINT64_MAX;
    const seg *dyn = NULL;
    for (uint64_t i = 0; i < phnum; i++) {
        if (segs[i].type == PT_INTERP_)
            return rivet_fail(
                d, RIVET_EUNSUPPORTED, segs[i].at,
                "dynamically linked program (PT_INTERP): only static ELF is supported");
        if (segs[i].type == PT_LOAD_ && segs[i].memsz && segs[i].vaddr < lo) lo = segs[i].vaddr;
        if (segs[i].type == PT_DYNAMIC_) dyn = &segs[i];
    }
    if (lo == UINT64_MAX) return FAIL(phoff, "no loadable segment");
    if (info->pie) {
        if (opts->pie_base & (RV_PAGE_SIZE - 1))
            return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "PIE base not page aligned");
        info->bias = opts->pie_base - (lo & ~(uint64_t)(RV_PAGE_SIZE - 1));
    }
    uint64_t bias = info->bias;

    /* Validate every PT_LOAD, and pairwise: no byte overlap, no shared W+X page. */
    for (uint64_t i = 0; i < phnum; i++) {
        const seg *s = &segs[i];
        if (s->type != PT_LOAD_ || !s->memsz) continue;
        if ((st = check_load(s, len, bias, top, d))) return st;
        if ((s->flags & PF_W_) && (s->flags & PF_X_) && !opts->allow_wx)
            return FAIL(s->at, "segment at 0x%llx is writable and executable",
                        (unsigned long long)(s->vaddr + bias));
        for (uint64_t j = 0; j < i; j++) {
            const seg *t = &segs[j];
            if (t->type != PT_LOAD_ || !t->memsz) continue;
            if (s->vaddr < t->vaddr + t->memsz && t->vaddr < s->vaddr + s->memsz)
                return FAIL(s->at, "segments %llu and %llu overlap", (unsigned long long)j,
                            (unsigned long long)i);
            uint64_t sp0 = s->vaddr >> RV_PAGE_SHIFT,
                     sp1 = (s->vaddr + s->memsz - 1) >> RV_PAGE_SHIFT;
            uint64_t tp0 = t->vaddr >> RV_PAGE_SHIFT,
                     tp1 = (t->vaddr + t->memsz - 1) >> RV_PAGE_SHIFT;
            unsigned u = prot_of(s->flags | t->flags);
            if (sp0 <= tp1 && tp0 <= sp1 && (u & RV_PROT_W) && (u & RV_PROT_X) && !opts->allow_wx)
                return FAIL(s->at,
                            "segments %llu and %llu share a page that would be writable "
                            "and executable",
                            (unsigned long long)j, (unsigned long long)i);
        }
    }

    /* Map page ranges (a page shared by two segments gets both protections), then copy. */
    info->lo = UINT64_MAX;
    for (uint64_t i = 0; i < phnum; i++) {
        const seg *s = &segs[i];
        if (s->type != PT_LOAD_ || !s->memsz) continue;
        uint64_t va = s->vaddr + bias;
        uint64_t p0 = va & ~(uint64_t)(RV_PAGE_SIZE - 1);
        uint64_t p1 = (va + s->memsz + RV_PAGE_SIZE - 1) & ~(uint64_t)(RV_PAGE_SIZE - 1);
        unsigned prot = prot_of(s->flags);
        /* Only the first and last page can be shared with an earlier segment (segments do
           not overlap); a shared page keeps its bytes and gets both protections. */
        uint64_t run0 = p0, run1 = p1;
        for (uint64_t pg = p0;; pg = p1 - RV_PAGE_SIZE) {
            if (page_loaded(segs, i, bias, pg)) {
                if ((st = rv_mem_protect(mem, pg, RV_PAGE_SIZE, rv_mem_prot(mem, pg) | prot, d)))
                    return st;
                if (pg == run0)
                    run0 += RV_PAGE_SIZE;
                else
                    run1 -= RV_PAGE_SIZE;
            }
            if (pg == p1 - RV_PAGE_SIZE) break;
        }
        if (run0 < run1 && (st = rv_mem_map(mem, run0, run1 - run0, prot, d))) return st;
        if (!rv_mem_write(mem, va, elf + s->off, s->filesz))
            return FAIL(s->at, "cannot copy segment to 0x%llx", (unsigned long long)va);
        if (p0 < info->lo) info->lo = p0;
        if (p1 > info->hi) info->hi = p1;
    }

    info->entry = entry + bias;
    info->phent = phentsize;
    info->phnum = phnum;
    for (uint64_t i = 0; i < phnum; i++) {
        const seg *s = &segs[i];
        if (s->type == PT_PHDR_)
            info->phdr = s->vaddr + bias;
        else if (s->type == PT_TLS_) {
            info->tls_addr = s->vaddr + bias;
            info->tls_filesz = s->filesz;
            info->tls_memsz = s->memsz;
            info->tls_align = s->align;
        } else if (s->type == PT_LOAD_ && !info->phdr && phoff >= s->off &&
                   phoff - s->off < s->filesz)
            info->phdr = s->vaddr + bias + (phoff - s->off);
    }
    if (!(rv_mem_prot(mem, info->entry) & RV_PROT_X))
        return FAIL(24, "entry point 0x%llx is not in an executable segment",
                    (unsigned long long)info->entry);
    if (info->pie && dyn && (st = relocate(mem, dyn, is64, bias, d))) return st;
    return RIVET_OK;
}
