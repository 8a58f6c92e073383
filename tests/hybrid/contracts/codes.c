/* Code and account queries whose answers are the same for this contract and its EVM twin:
   slot 0: CODESIZE == EXTCODESIZE(self), 1: EXTCODEHASH(self) == keccak(CODECOPY(all)),
   2: EXTCODECOPY(self) == CODECOPY, 3: BALANCE(caller), 4: BLOBHASH(0), 5: BLOBBASEFEE,
   6: GAS > 0, 7: EXTCODESIZE(0xdead) (absent), 8: EXTCODEHASH(0xdead); logs 0, 2 and 3 topics.
   EVM twin: "codes". */
#include "u256.h"

static uint8_t c1[8192], c2[8192];

static void put(uint64_t slot, rv_word v)
{
    rv_word k = rv_u64(slot);
    rv_sstore(&k, &v);
}

void rivet_main(void)
{
    rv_addr self, who, dead = {{0}};
    rv_word w, h1, h2;
    dead.b[18] = 0xde, dead.b[19] = 0xad;
    rv_address(&self);
    uint64_t n = RV_EC(CODESIZE, 0, 0, 0, 0, 0);
    put(0, rv_u64(n == RV_EC(EXTCODESIZE, &self, 0, 0, 0, 0)));
    RV_EC(CODECOPY, c1, 0, n, 0, 0);
    rv_keccak(c1, n, &h1);
    RV_EC(EXTCODEHASH, &self, &h2, 0, 0, 0);
    put(1, rv_u64(!memcmp(&h1, &h2, 32)));
    RV_EC(EXTCODECOPY, &self, c2, 0, n, 0);
    put(2, rv_u64(!memcmp(c1, c2, n)));
    rv_caller(&who);
    RV_EC(BALANCE, &who, &w, 0, 0, 0), put(3, w);
    RV_EC(BLOBHASH, 0, &w, 0, 0, 0), put(4, w);
    RV_EC(BLOBBASEFEE, &w, 0, 0, 0, 0), put(5, w);
    put(6, rv_u64(rv_gas() > 0));
    put(7, rv_u64(RV_EC(EXTCODESIZE, &dead, 0, 0, 0, 0)));
    RV_EC(EXTCODEHASH, &dead, &w, 0, 0, 0), put(8, w);
    rv_word t[3] = {rv_u64(7), rv_u64(8), rv_u64(9)};
    rv_log(0, "abc", 3, t);
    rv_log(2, "", 0, t);
    rv_log(3, "abc", 3, t);
}
