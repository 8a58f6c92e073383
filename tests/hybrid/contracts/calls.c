/* Caller: calls the address in call-data word 0 (kind in word 1: 0 CALL, 1 STATICCALL,
   2 DELEGATECALL, 3 CALLCODE) with word 2 as its input, stores the success flag in slot 1 and the
   first return word in slot 2, and returns the return data. EVM twin: "calls" in make.py. */
#include "u256.h"

void rivet_main(void)
{
    rv_word to, kind, arg, zero = rv_u64(0), ok, first = rv_u64(0);
    rv_calldataload(0, &to);
    rv_calldataload(32, &kind);
    rv_calldataload(64, &arg);
    rv_addr a;
    memcpy(a.b, to.b + 12, 20);
    uint64_t n = 0;
    int r;
    uint64_t k = rv_low64(&kind);
    if (k == 1)
        r = rv_staticcall(rv_gas(), &a, &arg, 32, &n);
    else if (k == 2)
        r = rv_delegatecall(rv_gas(), &a, &arg, 32, &n);
    else if (k == 3)
        r = (int)rv_ecall(RIVET_EC_CALLCODE, rv_gas(), (uint64_t)&a, (uint64_t)&zero,
                          (uint64_t)&arg, 32, &n);
    else
        r = rv_call(rv_gas(), &a, &zero, &arg, 32, &n);
    ok = rv_u64((uint64_t)r);
    if (n >= 32) rv_returndatacopy(&first, 0, 32);
    rv_word s1 = rv_u64(1), s2 = rv_u64(2);
    rv_sstore(&s1, &ok);
    rv_sstore(&s2, &first);
    static uint8_t buf[256];
    if (n > sizeof buf) n = sizeof buf;
    rv_returndatacopy(buf, 0, n);
    rv_return(buf, n);
}
