/* Reads an unmapped address below the code: an exceptional halt. EVM twin: INVALID. */
#include "u256.h"

void rivet_main(void)
{
    volatile uint64_t *p = (volatile uint64_t *)0x100;
    rv_word k = rv_u64(0), v = rv_u64(*p);
    rv_sstore(&k, &v);
}
