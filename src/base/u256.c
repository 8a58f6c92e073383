/* u256 arithmetic. (placeholder shifts; the full implementation replaces this file) */
#include "rivet/u256.h"

u256 u256_shl_n(u256 a, unsigned n)
{
    u256 r = U256_ZERO;
    unsigned limbs = n / 64, bits = n % 64;
    for (int i = 3; i >= (int)limbs; i--) {
        r.w[i] = a.w[i - limbs] << bits;
        if (bits && i - (int)limbs - 1 >= 0)
            r.w[i] |= a.w[i - limbs - 1] >> (64 - bits);
    }
    return r;
}

u256 u256_shr_n(u256 a, unsigned n)
{
    u256 r = U256_ZERO;
    unsigned limbs = n / 64, bits = n % 64;
    for (unsigned i = 0; i + limbs < 4; i++) {
        r.w[i] = a.w[i + limbs] >> bits;
        if (bits && i + limbs + 1 < 4)
            r.w[i] |= a.w[i + limbs + 1] << (64 - bits);
    }
    return r;
}
