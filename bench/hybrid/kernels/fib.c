/* Fibonacci(n) mod 2^256, iterative; n = call-data word 0. */
#include "u256.h"

void rivet_main(void)
{
    rv_word n;
    rv_calldataload(0, &n);
    u256 a = {{0}}, b = {{1}};
    for (uint64_t i = rv_low64(&n); i; i--) {
        u256 c = add(a, b);
        a = b;
        b = c;
    }
    rv_word out = to_word(a);
    rv_return(&out, 32);
}
