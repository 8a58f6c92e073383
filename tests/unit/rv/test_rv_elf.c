/* ELF loader: a valid static image, a static PIE with R_RISCV_RELATIVE, and malformed files
   that must fail with the offset of the bad field (never crash). */
#include "test.h"

#include "rivet/rv.h"

static void put(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

enum { PH = 64, SEG_OFF = 0x100, FILE_SIZE = 0x400 };

/* ELF64 with up to 3 program headers; segment 0 = [SEG_OFF, FILE_SIZE) at vaddr 0x10100 R+X. */
static void build(uint8_t *f, uint16_t type, int phnum)
{
    memset(f, 0, FILE_SIZE);
    memcpy(f, "\177ELF", 4);
    f[4] = 2; /* ELFCLASS64 */
    f[5] = 1; /* little-endian */
    f[6] = 1;
    put(f + 16, type, 2);
    put(f + 18, 243, 2); /* EM_RISCV */
    put(f + 20, 1, 4);
    put(f + 24, 0x10100, 8); /* entry */
    put(f + 32, PH, 8);      /* phoff */
    put(f + 52, 64, 2);
    put(f + 54, 56, 2);
    put(f + 56, (uint64_t)phnum, 2);
    uint8_t *p = f + PH;
    put(p, 1, 4);                        /* PT_LOAD */
    put(p + 4, 5, 4);                    /* R+X */
    put(p + 8, SEG_OFF, 8);              /* offset */
    put(p + 16, 0x10100, 8);             /* vaddr */
    put(p + 32, FILE_SIZE - SEG_OFF, 8); /* filesz */
    put(p + 40, 0x2000, 8);              /* memsz */
    put(p + 48, 0x1000, 8);
    for (int i = SEG_OFF; i < FILE_SIZE; i++)
        f[i] = (uint8_t)i;
}

RIVET_MUST_USE static rivet_status load(const uint8_t *f, size_t n, const rv_elf_opts *o,
                                        rv_elf_info *info, rivet_diag *d)
{
    rv_mem *m = rv_mem_new();
    rivet_diag_clear(d);
    rivet_status st = rv_elf_load(m, f, n, o, info, d);
    rv_mem_free(m);
    return st;
}

static void valid_static(void **state)
{
    uint8_t f[FILE_SIZE];
    build(f, 2, 1);
    rv_mem *m = rv_mem_new();
    rv_elf_info info;
    rivet_diag d;
    rivet_diag_clear(&d);
    assert_int_equal(rv_elf_load(m, f, sizeof f, NULL, &info, &d), RIVET_OK);
    assert_int_equal(info.xlen, 64);
    assert_false(info.pie);
    assert_int_equal(info.entry, 0x10100);
    assert_int_equal(info.lo, 0x10000);
    assert_int_equal(info.hi, 0x13000);
    uint8_t b[4];
    assert_true(rv_mem_read(m, 0x10100, b, 4));
    assert_int_equal(b[1], 0x01);
    assert_true(rv_mem_read(m, 0x10100 + FILE_SIZE, b, 4)); /* zero-filled bss */
    assert_int_equal(b[0], 0);
    assert_int_equal(rv_mem_prot(m, 0x10100), RV_PROT_R | RV_PROT_X);
    rv_mem_free(m);
}

static void static_pie_relative(void **state)
{
    uint8_t f[FILE_SIZE];
    build(f, 3, 2);
    put(f + PH + 4, 7, 4); /* R+W+X, allowed below */
    /* PT_DYNAMIC at file 0x200 (vaddr 0x10200): DT_RELA=0x10280, DT_RELASZ=24, DT_RELAENT=24 */
    uint8_t *p = f + PH + 56;
    put(p, 2, 4);
    put(p + 8, 0x200, 8);
    put(p + 16, 0x10200, 8);
    put(p + 32, 64, 8);
    put(p + 40, 64, 8);
    uint8_t *dyn = f + 0x200;
    memset(dyn, 0, 64);
    put(dyn, 7, 8), put(dyn + 8, 0x10280, 8);
    put(dyn + 16, 8, 8), put(dyn + 24, 24, 8);
    put(dyn + 32, 9, 8), put(dyn + 40, 24, 8);
    uint8_t *rela = f + 0x280;
    put(rela, 0x10300, 8);     /* r_offset */
    put(rela + 8, 3, 8);       /* R_RISCV_RELATIVE */
    put(rela + 16, 0x1234, 8); /* addend */
    rv_mem *m = rv_mem_new();
    rv_elf_info info;
    rv_elf_opts o = {.pie_base = 0x400000, .allow_wx = true};
    rivet_diag d;
    rivet_diag_clear(&d);
    assert_int_equal(rv_elf_load(m, f, sizeof f, &o, &info, &d), RIVET_OK);
    assert_true(info.pie);
    assert_int_equal(info.bias, 0x400000 - 0x10000);
    assert_int_equal(info.entry, 0x400100);
    uint64_t v = 0;
    assert_true(rv_mem_read(m, 0x400300, &v, 8));
    assert_int_equal(v, info.bias + 0x1234);
    rv_mem_free(m);
}

static void malformed(void **state)
{
    uint8_t f[FILE_SIZE];
    rv_elf_info info;
    rivet_diag d;
    build(f, 2, 1);
    f[1] = 'X';
    assert_int_equal(load(f, sizeof f, NULL, &info, &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 0);
    build(f, 2, 1);
    f[4] = 3;
    assert_int_equal(load(f, sizeof f, NULL, &info, &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 4);
    build(f, 2, 1);
    put(f + 18, 62, 2); /* x86-64 */
    assert_int_equal(load(f, sizeof f, NULL, &info, &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 18);
    build(f, 2, 1);
    put(f + 32, FILE_SIZE - 8, 8); /* program headers past the end */
    assert_int_equal(load(f, sizeof f, NULL, &info, &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 32);
    build(f, 2, 1);
    put(f + PH + 32, FILE_SIZE, 8); /* filesz beyond the file */
    assert_int_equal(load(f, sizeof f, NULL, &info, &d), RIVET_EINPUT);
    assert_int_equal(d.pos, PH);
    build(f, 2, 1);
    put(f + PH + 4, 7, 4); /* W+X */
    assert_int_equal(load(f, sizeof f, NULL, &info, &d), RIVET_EINPUT);
    assert_int_equal(d.pos, PH);
    rv_elf_opts wx = {.pie_base = 0x10000, .allow_wx = true};
    assert_int_equal(load(f, sizeof f, &wx, &info, &d), RIVET_OK);
    build(f, 2, 1);
    put(f + 24, 0x90000, 8); /* entry outside the image */
    assert_int_equal(load(f, sizeof f, NULL, &info, &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 24);
    build(f, 2, 2); /* second header: PT_INTERP */
    put(f + PH + 56, 3, 4);
    assert_int_equal(load(f, sizeof f, NULL, &info, &d), RIVET_EUNSUPPORTED);
    assert_int_equal(d.pos, PH + 56);
    build(f, 2, 2); /* second PT_LOAD overlapping the first */
    memcpy(f + PH + 56, f + PH, 56);
    put(f + PH + 56 + 16, 0x10800, 8);
    assert_int_equal(load(f, sizeof f, NULL, &info, &d), RIVET_EINPUT);
    assert_int_equal(d.pos, PH + 56);
}

static void every_truncation_fails_cleanly(void **state)
{
    uint8_t f[FILE_SIZE];
    build(f, 2, 1);
    rv_elf_info info;
    rivet_diag d;
    for (size_t n = 0; n < SEG_OFF + 1; n++)
        assert_int_not_equal(load(f, n, NULL, &info, &d), RIVET_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_static),
        cmocka_unit_test(static_pie_relative),
        cmocka_unit_test(malformed),
        cmocka_unit_test(every_truncation_fails_cleanly),
    };
    return test_main(tests);
}
