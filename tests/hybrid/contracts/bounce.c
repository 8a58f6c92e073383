/* Re-entrancy and depth: adds 1 to slot 0, then (while n > 0) calls the peer in call-data word
   0 with (self, n - 1) and stores the call's success flag in slot 1 + n. EVM twin: "bounce". */
#include "u256.h"

void rivet_main(void)
{
    rv_word peer, n, k = rv_u64(0), v;
    rv_calldataload(0, &peer);
    rv_calldataload(32, &n);
    rv_sload(&k, &v);
    v = w_add(v, rv_u64(1));
    rv_sstore(&k, &v);
    uint64_t left = rv_low64(&n);
    if (!left) return;
    rv_addr to, self;
    memcpy(to.b, peer.b + 12, 20);
    rv_address(&self);
    struct {
        rv_word a, n;
    } in = {rv_u64(0), rv_u64(left - 1)};
    memcpy(in.a.b + 12, self.b, 20);
    rv_word zero = rv_u64(0);
    uint64_t rl;
    int ok = rv_call(rv_gas(), &to, &zero, &in, 64, &rl);
    rv_word s = rv_u64(1 + left), f = rv_u64((uint64_t)ok);
    rv_sstore(&s, &f);
}
