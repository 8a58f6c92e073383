/* Counter: adds the call's first word to slot 0, logs it (topic: the addend) and returns the
   new value. EVM twin: tests/hybrid/twins.json "counter". */
#include "u256.h"

void rivet_main(void)
{
    rv_word x, s, k = rv_u64(0);
    rv_calldataload(0, &x);
    rv_sload(&k, &s);
    rv_word v = w_add(s, x);
    rv_sstore(&k, &v);
    rv_log(1, &v, 32, &x);
    rv_return(&v, 32);
}
