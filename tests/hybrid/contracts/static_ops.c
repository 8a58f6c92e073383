/* Runs the state-changing operation named by call-data word 0 (run under STATICCALL it must
   halt): 0 SSTORE, 1 LOG0, 2 TSTORE, 3 CALL with value, 4 CREATE, 5 SELFDESTRUCT, 6 TLOAD
   (allowed), 7 CALL without value (allowed). Slot 0 records that it got past the operation. EVM
   twin: "static_ops". */
#include "u256.h"

void rivet_main(void)
{
    rv_word op, k = rv_u64(0), one = rv_u64(1), w;
    rv_addr me;
    uint64_t rl;
    rv_calldataload(0, &op);
    rv_address(&me);
    switch (rv_low64(&op)) {
    case 0: rv_sstore(&k, &one); break;
    case 1: rv_log(0, "", 0, &one); break;
    case 2: rv_tstore(&k, &one); break;
    case 3: rv_call(rv_gas(), &me, &one, "", 0, &rl); break;
    case 4: rv_create(&k, "", 0, &me, &rl); break;
    case 5: RV_EC(SELFDESTRUCT, &me, 0, 0, 0, 0); break;
    case 6: rv_tload(&k, &w); break;
    case 7: rv_call(rv_gas(), &me, &k, "\x00", 1, &rl); break;
    }
    rv_return(&one, 32);
}
