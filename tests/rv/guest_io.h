/* Output helper shared by the freestanding test guests (tests/rv/guest_*.c): formats
   "label=<hex of p[0..n)>\n" into buf (which must hold strlen(label) + 2 n + 2 bytes) and
   returns its length; the guest writes it with its own ecall. */
#ifndef RIVET_GUEST_IO_H
#define RIVET_GUEST_IO_H

#include <stddef.h>
#include <stdint.h>

static size_t guest_hex_line(char *buf, const char *label, const uint8_t *p, size_t n)
{
    size_t k = 0;
    while (*label)
        buf[k++] = *label++;
    buf[k++] = '=';
    for (size_t i = 0; i < n; i++) {
        buf[k++] = "0123456789abcdef"[p[i] >> 4];
        buf[k++] = "0123456789abcdef"[p[i] & 15];
    }
    buf[k++] = '\n';
    return k;
}

#endif
