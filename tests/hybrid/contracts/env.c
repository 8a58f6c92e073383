/* Stores environment facts in slots 0..13. EVM twin: "env". */
#include "u256.h"

static void put(uint64_t slot, const rv_word *v)
{
    rv_word k = rv_u64(slot);
    rv_sstore(&k, v);
}

static rv_word addr_word(const rv_addr *a)
{
    rv_word w = rv_u64(0);
    memcpy(w.b + 12, a->b, 20);
    return w;
}

void rivet_main(void)
{
    rv_addr a;
    rv_word w;
    rv_caller(&a);
    w = addr_word(&a), put(0, &w);
    RV_EC(ORIGIN, &a, 0, 0, 0, 0);
    w = addr_word(&a), put(1, &w);
    rv_address(&a);
    w = addr_word(&a), put(2, &w);
    rv_callvalue(&w), put(3, &w);
    w = rv_u64(RV_EC(NUMBER, 0, 0, 0, 0, 0)), put(4, &w);
    w = rv_u64(RV_EC(TIMESTAMP, 0, 0, 0, 0, 0)), put(5, &w);
    RV_EC(CHAINID, &w, 0, 0, 0, 0), put(6, &w);
    w = rv_u64(RV_EC(GASLIMIT, 0, 0, 0, 0, 0)), put(7, &w);
    RV_EC(BASEFEE, &w, 0, 0, 0, 0), put(8, &w);
    RV_EC(COINBASE, &a, 0, 0, 0, 0);
    w = addr_word(&a), put(9, &w);
    RV_EC(SELFBALANCE, &w, 0, 0, 0, 0), put(10, &w);
    w = rv_u64(rv_calldatasize()), put(11, &w);
    RV_EC(BLOCKHASH, RV_EC(NUMBER, 0, 0, 0, 0, 0) - 1, &w, 0, 0, 0), put(12, &w);
    RV_EC(PREVRANDAO, &w, 0, 0, 0, 0), put(13, &w);
    rv_word t = rv_u64(0x1234), k = rv_u64(5);
    rv_tstore(&k, &t);
    rv_tload(&k, &w), put(14, &w);
    rv_keccak(&t, 32, &w), put(15, &w);
    rv_word topics[4] = {rv_u64(1), rv_u64(2), rv_u64(3), rv_u64(4)};
    rv_log(4, &t, 32, topics);
    RV_EC(GASPRICE, &w, 0, 0, 0, 0), put(16, &w);
}
