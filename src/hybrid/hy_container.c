/* The RISC-V contract container: header parsing, layout checks, the instruction scan done once
   at deploy, building one from parts or from a linked ELF. Layout in docs/hybrid-abi.md. */
#include <stdlib.h>
#include <string.h>

#include "hy_internal.h"

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t page_up(uint64_t a)
{
    return (a + HY_PAGE - 1) & ~(uint64_t)(HY_PAGE - 1);
}

static rivet_status bad(rivet_diag *d, size_t pos, const char *what)
{
    return rivet_fail(d, RIVET_EINVALID, pos, "container: %s", what);
}

rivet_status hy_container_parse(const uint8_t *code, size_t len, bool exact, hy_container *c,
                                rivet_diag *d)
{
    memset(c, 0, sizeof *c);
    if (len < HY_HEADER_SIZE) return bad(d, len, "shorter than its 28-byte header");
    if (!hy_is_container(code, len)) return bad(d, 0, "magic is not 0xef52");
    if (code[2] != HY_VERSION) return bad(d, 2, "unknown version");
    if (code[3] & ~HY_FLAG_C) return bad(d, 3, "reserved ISA flag set");
    c->flags = code[3];
    c->code_size = rd32(code + 4);
    c->rodata_size = rd32(code + 8);
    c->data_size = rd32(code + 12);
    c->bss_size = rd32(code + 16);
    c->entry = rd32(code + 20);
    c->ctor_entry = rd32(code + 24);
    uint64_t body = (uint64_t)c->code_size + c->rodata_size + c->data_size;
    if (body > len - HY_HEADER_SIZE) return bad(d, 4, "segments run past the end");
    c->size = HY_HEADER_SIZE + (size_t)body;
    if (exact && c->size != len) return bad(d, c->size, "bytes after the segments");
    unsigned align = c->flags & HY_FLAG_C ? 2 : 4;
    if (c->code_size == 0 || c->code_size % align) return bad(d, 4, "code size");
    /* the layout must fit the address space below a 64 KiB stack reserve */
    uint64_t code_end = (uint64_t)HY_CODE_BASE + c->code_size;
    c->rodata_addr = page_up(code_end);
    c->data_addr = page_up(c->rodata_addr + c->rodata_size);
    c->bss_end = c->data_addr + c->data_size + (uint64_t)c->bss_size;
    if (c->bss_end > HY_MEM_SIZE - 0x10000) return bad(d, 16, "segments exceed the address space");
    if (c->entry >= c->code_size || c->entry % align) return bad(d, 20, "entry outside the code");
    if (c->ctor_entry != HY_NO_ENTRY && (c->ctor_entry >= c->code_size || c->ctor_entry % align))
        return bad(d, 24, "constructor entry outside the code");
    c->code = code + HY_HEADER_SIZE;
    c->rodata = c->code + c->code_size;
    c->data = c->rodata + c->rodata_size;
    return RIVET_OK;
}

rivet_status hy_container_validate(const uint8_t *code, size_t len, bool exact, hy_container *c,
                                   rivet_diag *d)
{
    rivet_status st = hy_container_parse(code, len, exact, c, d);
    return st == RIVET_OK ? hy_code_check(c, NULL, d) : st;
}

rivet_status hy_code_check(const hy_container *c, rv_insn *slots, rivet_diag *d)
{
    size_t pos = 0;
    bool entry_ok = false, ctor_ok = c->ctor_entry == HY_NO_ENTRY;
    while (pos < c->code_size) {
        rv_insn in;
        if (!hy_decode(c, pos, &in))
            return bad(d, HY_HEADER_SIZE + pos, "instruction not allowed in a contract");
        if (slots) slots[pos / 2] = in;
        entry_ok |= pos == c->entry;
        ctor_ok |= pos == c->ctor_entry;
        pos += in.len;
    }
    if (pos != c->code_size) return bad(d, HY_HEADER_SIZE + pos, "code ends inside an instruction");
    if (!entry_ok) return bad(d, 20, "entry inside an instruction");
    if (!ctor_ok) return bad(d, 24, "constructor entry inside an instruction");
    return RIVET_OK;
}

rivet_status hy_container_build(const hy_container *c, uint8_t **out, size_t *out_len)
{
    size_t n = HY_HEADER_SIZE + (size_t)c->code_size + c->rodata_size + c->data_size;
    uint8_t *b = malloc(n);
    if (!b) return RIVET_ENOMEM;
    b[0] = HY_MAGIC0;
    b[1] = HY_MAGIC1;
    b[2] = HY_VERSION;
    b[3] = c->flags;
    wr32(b + 4, c->code_size);
    wr32(b + 8, c->rodata_size);
    wr32(b + 12, c->data_size);
    wr32(b + 16, c->bss_size);
    wr32(b + 20, c->entry);
    wr32(b + 24, c->ctor_entry);
    uint8_t *p = b + HY_HEADER_SIZE;
    if (c->code_size) memcpy(p, c->code, c->code_size);
    p += c->code_size;
    if (c->rodata_size) memcpy(p, c->rodata, c->rodata_size);
    p += c->rodata_size;
    if (c->data_size) memcpy(p, c->data, c->data_size);
    *out = b;
    *out_len = n;
    return RIVET_OK;
}
