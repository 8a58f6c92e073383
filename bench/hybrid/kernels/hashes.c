/* A keccak chain: h = keccak256(h), n times from the seed in word 1; n = word 0. */
#include "u256.h"

void rivet_main(void)
{
    rv_word n, h;
    rv_calldataload(0, &n);
    rv_calldataload(32, &h);
    for (uint64_t i = rv_low64(&n); i; i--)
        rv_keccak(&h, 32, &h);
    rv_return(&h, 32);
}
