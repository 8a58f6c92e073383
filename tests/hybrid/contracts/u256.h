/* 256-bit big-endian word arithmetic for the test contracts. */
#ifndef U256_H
#define U256_H
#include "rivet.h"

static inline rv_word w_add(rv_word a, rv_word b)
{
    rv_word r;
    unsigned c = 0;
    for (int i = 31; i >= 0; i--) {
        unsigned s = (unsigned)a.b[i] + b.b[i] + c;
        r.b[i] = (uint8_t)s;
        c = s >> 8;
    }
    return r;
}
#endif
