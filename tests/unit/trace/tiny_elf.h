/* A tiny RV64 ELF for the trace tests: the headers and the code in one R+X segment at
   0x80000000. e must hold 120 + 4 n bytes; returns the image size. */
#ifndef RIVET_TEST_TINY_ELF_H
#define RIVET_TEST_TINY_ELF_H

#include <stdint.h>
#include <string.h>

static inline size_t make_elf_code(uint8_t *e, const uint32_t *code, size_t n)
{
    size_t off = 64 + 56, size = off + 4 * n;
    uint64_t base = 0x80000000ull;
    memset(e, 0, off);
    memcpy(e,
           "\x7f"
           "ELF\x02\x01\x01",
           7);
#define P16(o, v) (e[o] = (uint8_t)(v), e[(o) + 1] = (uint8_t)((v) >> 8))
#define P32(o, v) (P16(o, v), P16((o) + 2, (v) >> 16))
#define P64(o, v) (P32(o, (uint32_t)(v)), P32((o) + 4, (uint32_t)((uint64_t)(v) >> 32)))
    P16(16, 2);   /* ET_EXEC */
    P16(18, 243); /* EM_RISCV */
    P32(20, 1);
    P64(24, base + off);
    P64(32, 64); /* phoff */
    P16(52, 64);
    P16(54, 56);
    P16(56, 1);
    P16(58, 64);
    P32(64, 1);     /* PT_LOAD */
    P32(68, 5);     /* R+X */
    P64(72, 0);     /* offset */
    P64(80, base);  /* vaddr */
    P64(88, base);  /* paddr */
    P64(96, size);  /* filesz */
    P64(104, size); /* memsz */
    P64(112, 0x1000);
#undef P16
#undef P32
#undef P64
    memcpy(e + off, code, 4 * n);
    return size;
}

#endif
