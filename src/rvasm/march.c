/* The -march string. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/elf_internal.h"

/* ---------------------------------------------------------------- -march */

rivet_status asm_parse_march(const char *march, asm_opts *o, rivet_diag *d)
{
    size_t n = strlen(march);
    if (n < 5 || strncmp(march, "rv", 2) ||
        !(!strncmp(march + 2, "32", 2) || !strncmp(march + 2, "64", 2)))
        return rivet_fail(d, RIVET_EUSAGE, 0, "-march must start with rv32 or rv64: '%s'", march);
    o->xlen = march[2] == '3' ? 32 : 64;
    unsigned ext = 0;
    size_t i = 4;
    if (march[i] != 'i' && march[i] != 'g' && march[i] != 'e')
        return rivet_fail(d, RIVET_EUSAGE, i, "-march: the base must be i or g after rv%d",
                          o->xlen);
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
            return rivet_fail(d, RIVET_EUSAGE, i, "-march: unsupported extension '%c' in '%s'", ch,
                              march);
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
            return rivet_fail(d, RIVET_EUSAGE, i, "-march: unsupported extension '%.*s'", (int)len,
                              x);
        i = j;
    }
    o->ext = ext | RV_EXT_I | RV_EXT_ZICSR | RV_EXT_ZIFENCEI;
    return RIVET_OK;
}
