/* Writes slot 0, then reverts with the call data as revert data. EVM twin: "revert". */
#include "u256.h"

void rivet_main(void)
{
    static uint8_t buf[128];
    rv_word k = rv_u64(0), v = rv_u64(7);
    rv_sstore(&k, &v);
    uint64_t n = rv_calldatasize();
    if (n > sizeof buf) n = sizeof buf;
    rv_calldatacopy(buf, 0, n);
    rv_revert(buf, n);
}
