/* libFuzzer harness for the assembler (src/rvasm): any text is assembled for RV32 or RV64 with
   or without C (the first byte chooses); an accepted unit must write as an object and, when
   every symbol is defined, link as an executable and a flat image. Rejected text must come
   with at least one "file:line:col: error: ..." diagnostic. ASan and UBSan catch the rest. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/rv.h"
#include "rivet/rvasm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 1 << 16) return 0;
    unsigned sel = data[0];
    asm_opts o = {0};
    o.xlen = sel & 1 ? 32 : 64;
    o.ext = RV_EXT_I | RV_EXT_M | RV_EXT_A | RV_EXT_ZICSR | RV_EXT_ZIFENCEI;
    if (sel & 2) o.ext |= RV_EXT_C;
    if (sel & 4) o.ext |= RV_EXT_F | RV_EXT_D;
    o.listing = (sel & 8) != 0;
    o.max_errors = 20;
    o.no_include = true; /* the input must not name files to read */
    /* a private copy, so reads past the text are caught by ASan */
    char *src = malloc(size - 1 ? size - 1 : 1);
    memcpy(src, data + 1, size - 1);
    asm_msgs m = {0};
    asm_unit *u = asm_assemble("f.s", src, size - 1, &o, &m);
    if (!u && m.errors == 0) abort();
    for (size_t i = 0; i < m.n; i++)
        if (strncmp(m.v[i], "f.s:", 4) ||
            (!strstr(m.v[i], ": error: ") && !strstr(m.v[i], ": warning: ")))
            abort();
    if (u) {
        rivet_buf b = {0};
        rivet_diag d;
        rivet_diag_clear(&d);
        if (asm_write_obj(u, &b, &d) != RIVET_OK) abort();
        if (o.listing && asm_write_listing(u, &b, &d) != RIVET_OK) abort();
        asm_image img;
        asm_link_opts lo = {sel & 16 ? 0x10000 : 0, NULL};
        if (asm_link(u, &lo, &img, &d) == RIVET_OK) {
            b.n = 0;
            if (asm_write_exec(&img, &b, &d) != RIVET_OK) abort();
            b.n = 0;
            if (asm_write_bin(&img, &b, &d) != RIVET_OK && d.code != RIVET_ERANGE) abort();
            asm_image_free(&img);
        }
        buf_free(&b);
        asm_unit_free(u);
    }
    asm_msgs_free(&m);
    free(src);
    return 0;
}
