/* Arith: the 256-bit arithmetic ecalls on the call's words a, b, m (offsets 0, 32, 64): stores
   a*b, a/b, a sdiv b, a%b, a smod b, (a+b)%m, (a*b)%m in slots 0..6 and returns a*b. EVM twin:
   tests/hybrid/make.py "arith". */
#include "rivet.h"

void rivet_main(void)
{
    rv_word a, b, m, r[7];
    rv_calldataload(0, &a);
    rv_calldataload(32, &b);
    rv_calldataload(64, &m);
    rv_mul(&r[0], &a, &b);
    rv_div(&r[1], &a, &b);
    rv_sdiv(&r[2], &a, &b);
    rv_mod(&r[3], &a, &b);
    rv_smod(&r[4], &a, &b);
    rv_addmod(&r[5], &a, &b, &m);
    rv_mulmod(&r[6], &a, &b, &m);
    for (uint64_t i = 0; i < 7; i++) {
        rv_word k = rv_u64(i);
        rv_sstore(&k, &r[i]);
    }
    rv_mul(&a, &a, &b); /* the result may overwrite an operand */
    rv_return(&a, 32);
}
