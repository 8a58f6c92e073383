/* n! mod 2^256 with 256-bit multiplications; n = call-data word 0. */
#include "u256.h"

void rivet_main(void)
{
    rv_word n;
    rv_calldataload(0, &n);
    u256 r = {{1}};
    for (uint64_t i = rv_low64(&n); i; i--)
        r = mul(r, (u256){{i}});
    rv_word out = to_word(r);
    rv_return(&out, 32);
}
