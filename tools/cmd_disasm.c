/* rivet disasm: linear disassembly of the executable sections of a RISC-V ELF, one line per
   instruction ("address: text"), in llvm-objdump's no-aliases syntax. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rivet/bytes.h"
#include "rivet/rv.h"

static uint64_t le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void disasm_range(const uint8_t *p, uint64_t n, uint64_t addr, int xlen)
{
    char text[96];
    for (uint64_t o = 0; o + 2 <= n;) {
        uint32_t bits = (uint32_t)le(p + o, 2);
        unsigned len = (bits & 3) == 3 ? 4 : 2;
        if (o + len > n) break;
        if (len == 4) bits = (uint32_t)le(p + o, 4);
        rv_insn in;
        rv_decode(bits, xlen, RV_EXT_GC, &in);
        rv_disasm(&in, addr + o, text, sizeof text);
        printf("%llx: %s\n", (unsigned long long)(addr + o), text);
        o += len;
    }
}

int cmd_disasm(int argc, char **argv)
{
    if (argc != 2 || !strcmp(argv[1], "--help")) {
        if (argc == 2) {
            printf("usage: rivet disasm ELF\n\nPrints every instruction of the executable "
                   "sections (RV64GC or RV32GC by ELF class)\nas 'address: text' in "
                   "llvm-objdump's no-aliases syntax.\n");
            return EXIT_OK;
        }
        return cli_usage_error("disasm", "expected one ELF file");
    }
    rivet_diag d;
    rivet_diag_clear(&d);
    uint8_t *elf;
    size_t len;
    if (file_read_all(argv[1], &elf, &len, &d)) {
        fprintf(stderr, "rivet disasm: %s\n", d.msg);
        return EXIT_FAIL;
    }
    int rc = EXIT_FAIL;
    if (len < 52 || memcmp(elf, "\177ELF", 4) || (elf[4] != 1 && elf[4] != 2)) {
        fprintf(stderr, "rivet disasm: %s: not an ELF file\n", argv[1]);
        goto out;
    }
    bool is64 = elf[4] == 2;
    uint64_t shoff = is64 ? le(elf + 40, 8) : le(elf + 32, 4);
    uint64_t shentsize = le(elf + (is64 ? 58 : 46), 2), shnum = le(elf + (is64 ? 60 : 48), 2);
    if (shentsize != (is64 ? 64u : 40u) || shoff > len || shnum * shentsize > len - shoff) {
        fprintf(stderr, "rivet disasm: %s: bad section header table at offset 0x%llx\n", argv[1],
                (unsigned long long)shoff);
        goto out;
    }
    for (uint64_t i = 0; i < shnum; i++) {
        const uint8_t *s = elf + shoff + i * shentsize;
        uint64_t type = le(s + 4, 4);
        uint64_t flags = is64 ? le(s + 8, 8) : le(s + 8, 4);
        uint64_t addr = is64 ? le(s + 16, 8) : le(s + 12, 4);
        uint64_t off = is64 ? le(s + 24, 8) : le(s + 16, 4);
        uint64_t size = is64 ? le(s + 32, 8) : le(s + 20, 4);
        if (type != 1 /* PROGBITS */ || !(flags & 4 /* SHF_EXECINSTR */)) continue;
        if (off > len || size > len - off) {
            fprintf(stderr, "rivet disasm: section %llu extends past the end of the file\n",
                    (unsigned long long)i);
            goto out;
        }
        disasm_range(elf + off, size, addr, is64 ? 64 : 32);
    }
    rc = EXIT_OK;
out:
    free(elf);
    return rc;
}
