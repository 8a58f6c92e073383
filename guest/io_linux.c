/* Guest I/O under the Linux ABI: input = all of stdin, output = stdout. */
#include <stdio.h>
#include <stdlib.h>

#include "io.h"

const uint8_t *guest_input(size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    uint8_t *p = malloc(cap);
    while (p) {
        size_t k = fread(p + n, 1, cap - n, stdin);
        n += k;
        if (k == 0) break;
        if (n == cap) {
            uint8_t *q = realloc(p, cap *= 2);
            if (!q) free(p);
            p = q;
        }
    }
    *len = p ? n : 0;
    return p;
}

void guest_write(const void *p, size_t n)
{
    fwrite(p, 1, n, stdout);
    fflush(stdout);
}
