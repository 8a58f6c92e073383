/* A linked contract (static RV64 ELF, guest/sdk/contract.ld) packed into a container: the
   .text, .rodata, .data and .bss sections at the container's fixed layout, the entry from
   e_entry and the constructor from the symbol `_ctor`. Every read is bounds-checked. */
#include <stdlib.h>
#include <string.h>

#include "hy_internal.h"

static uint64_t rd(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n; i-- > 0;)
        v = v << 8 | p[i];
    return v;
}

typedef struct elf_sec {
    const char *name;
    uint32_t type;
    uint64_t addr, off, size;
} elf_sec;

static const char *sec_name(const uint8_t *e, size_t len, uint64_t stroff, uint64_t strsz,
                            uint32_t idx)
{
    if (idx >= strsz || stroff + strsz > len) return "";
    const char *s = (const char *)e + stroff + idx;
    return memchr(s, 0, strsz - idx) ? s : "";
}

rivet_status hy_container_from_elf(const uint8_t *e, size_t len, uint8_t **out, size_t *out_len,
                                   rivet_diag *d)
{
    if (len < 64 || memcmp(e, "\177ELF", 4) || e[4] != 2 || e[5] != 1)
        return rivet_fail(d, RIVET_EINVALID, 0, "not a 64-bit little-endian ELF");
    if (rd(e + 18, 2) != 243) return rivet_fail(d, RIVET_EINVALID, 18, "not RISC-V");
    uint64_t shoff = rd(e + 40, 8), shentsize = rd(e + 58, 2), shnum = rd(e + 60, 2);
    uint64_t shstrndx = rd(e + 62, 2), entry = rd(e + 24, 8);
    if (shentsize != 64 || shoff > len || shnum > (len - shoff) / 64 || shstrndx >= shnum)
        return rivet_fail(d, RIVET_EINVALID, 40, "section headers out of bounds");
    const uint8_t *sh = e + shoff;
    uint64_t stroff = rd(sh + 64 * shstrndx + 24, 8), strsz = rd(sh + 64 * shstrndx + 32, 8);
    elf_sec text = {0}, ro = {0}, data = {0}, bss = {0}, symtab = {0};
    uint32_t symlink = 0;
    for (uint64_t i = 0; i < shnum; i++) {
        const uint8_t *s = sh + 64 * i;
        elf_sec x = {sec_name(e, len, stroff, strsz, (uint32_t)rd(s, 4)), (uint32_t)rd(s + 4, 4),
                     rd(s + 16, 8), rd(s + 24, 8), rd(s + 32, 8)};
        if (x.type != 8 && (x.off > len || x.size > len - x.off)) /* 8: NOBITS */
            return rivet_fail(d, RIVET_EINVALID, shoff + 64 * i, "section %s out of bounds",
                              x.name);
        if (!strcmp(x.name, ".text"))
            text = x;
        else if (!strcmp(x.name, ".rodata"))
            ro = x;
        else if (!strcmp(x.name, ".data"))
            data = x;
        else if (!strcmp(x.name, ".bss"))
            bss = x;
        else if (x.type == 2) { /* SYMTAB */
            symtab = x;
            symlink = (uint32_t)rd(s + 40, 4);
        }
    }
    if (text.addr != HY_CODE_BASE || !text.size)
        return rivet_fail(d, RIVET_EINVALID, shoff, ".text must start at 0x%x", HY_CODE_BASE);
    hy_container c = {0};
    c.flags = (rd(e + 48, 4) & 1) ? HY_FLAG_C : 0; /* EF_RISCV_RVC */
    c.code = e + text.off;
    c.code_size = (uint32_t)text.size;
    c.rodata = e + ro.off;
    c.rodata_size = (uint32_t)ro.size;
    c.data = e + data.off;
    c.data_size = (uint32_t)data.size;
    c.bss_size = (uint32_t)bss.size;
    c.entry = (uint32_t)(entry - HY_CODE_BASE);
    c.ctor_entry = HY_NO_ENTRY;
    if (symtab.size && symlink < shnum) {
        const uint8_t *ls = sh + 64 * symlink;
        uint64_t so = rd(ls + 24, 8), ss = rd(ls + 32, 8);
        for (uint64_t o = 0; o + 24 <= symtab.size; o += 24) {
            const uint8_t *sym = e + symtab.off + o;
            if (!strcmp(sec_name(e, len, so, ss, (uint32_t)rd(sym, 4)), "_ctor"))
                c.ctor_entry = (uint32_t)(rd(sym + 8, 8) - HY_CODE_BASE);
        }
    }
    uint8_t *b;
    size_t n;
    if (hy_container_build(&c, &b, &n) != RIVET_OK) return rivet_fail(d, RIVET_ENOMEM, 0, "oom");
    /* the layout the container implies must be the one the ELF was linked at */
    hy_container chk;
    rivet_status st = hy_container_validate(b, n, true, &chk, d);
    if (st == RIVET_OK &&
        ((ro.size && ro.addr != chk.rodata_addr) || (data.size && data.addr != chk.data_addr) ||
         (bss.size && bss.addr != chk.data_addr + c.data_size)))
        st = rivet_fail(d, RIVET_EINVALID, shoff,
                        "sections not at the container layout "
                        "(link with guest/sdk/contract.ld)");
    if (st != RIVET_OK) {
        free(b);
        return st;
    }
    *out = b;
    *out_len = n;
    return RIVET_OK;
}
