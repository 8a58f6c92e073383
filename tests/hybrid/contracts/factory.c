/* CREATE and CREATE2: call data = word len1, initcode 1 (len1 bytes), initcode 2. Creates
   contract 1 (slot 0: ok, slot 1: its address), calls it with word 5 (slot 2: the first
   return word), then CREATE2s initcode 2 with salt 1 (slot 3: ok, slot 4: return data size).
   EVM twin: "factory". */
#include "u256.h"

static uint8_t buf[16384];

static void put(uint64_t slot, rv_word v)
{
    rv_word k = rv_u64(slot);
    rv_sstore(&k, &v);
}

void rivet_main(void)
{
    rv_word w, zero = rv_u64(0), in = rv_u64(5), first = rv_u64(0), salt = rv_u64(1);
    rv_calldataload(0, &w);
    uint64_t len1 = rv_low64(&w), cds = rv_calldatasize(), rl;
    rv_calldatacopy(buf, 32, len1);
    rv_addr child = {{0}};
    put(0, rv_u64((uint64_t)rv_create(&zero, buf, len1, &child, &rl)));
    w = rv_u64(0);
    memcpy(w.b + 12, child.b, 20);
    put(1, w);
    rv_call(rv_gas(), &child, &zero, &in, 32, &rl);
    if (rl >= 32) rv_returndatacopy(&first, 0, 32);
    put(2, first);
    uint64_t off2 = 32 + len1, len2 = cds - off2;
    rv_calldatacopy(buf, off2, len2);
    rv_addr c2 = {{0}};
    put(3, rv_u64(RV_EC(CREATE2, &zero, buf, len2, &salt, &c2)));
    put(4, rv_u64(rv_returndatasize()));
}
