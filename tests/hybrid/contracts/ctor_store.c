/* The constructor stores its argument (call-data word 0) in slot 0; calls return slot 0.
   EVM twin: "ctor_store" initcode. */
#include "u256.h"

void rivet_constructor(void)
{
    rv_word k = rv_u64(0), v;
    rv_calldataload(0, &v);
    rv_sstore(&k, &v);
}

void rivet_main(void)
{
    rv_word k = rv_u64(0), v;
    rv_sload(&k, &v);
    rv_return(&v, 32);
}
