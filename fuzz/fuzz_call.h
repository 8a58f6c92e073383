/* For the fuzz harnesses that run code as a call: the same small state each time (the code at
   0x20.. and at 0x..0100 so nested calls reach code, a funded caller 0x10..), run as a top
   frame with `gas`, the first bytes of the code as call data. vm: a runner of non-EVM code
   (hybrid) or NULL. */
#ifndef RIVET_FUZZ_CALL_H
#define RIVET_FUZZ_CALL_H

#include <stdlib.h>

#include "rivet/exec.h"

static inline void fuzz_call(const uint8_t *code, size_t len, const uint8_t *in, size_t in_len,
                             rivet_fork fork, const exec_vm *vm, int64_t gas, evm_result *r)
{
    static const evm_addr sender = {{0x10}}, target = {{0x20}};
    static const evm_addr other = {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0}};
    state s;
    state_init(&s);
    state_account *a = state_get(&s, &target, true), *o = state_get(&s, &other, true);
    state_account *from = state_get(&s, &sender, true);
    if (!a || !o || !from || state_put_code(&s, a, code, len) != RIVET_OK ||
        state_put_code(&s, o, code, len) != RIVET_OK)
        abort();
    a->exists = o->exists = from->exists = true;
    a->nonce = o->nonce = 1;
    a->balance = u256_from_u64(1000000);
    exec_host h;
    exec_host_init(&h, &s, fork);
    h.vm = vm;
    h.txc.origin = sender;
    h.txc.number = 300;
    h.txc.gas_limit = 30000000;
    state_warm_account(&s, from);
    state_warm_account(&s, a);
    evm_message m = {0};
    m.kind = EVM_CALL;
    m.gas = gas;
    m.sender = sender;
    m.recipient = m.code_address = target;
    m.input = in;
    m.input_size = in_len;
    exec_message(&h, &m, r);
    state_free(&s);
}

#endif
