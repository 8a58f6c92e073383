/* evm_host over a `state`: account queries, storage, logs, and nested frames (calls with value
   transfer, precompiles, EIP-7702 delegation, creates with EIP-170/3541/6780 rules). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/bytes.h"
#include "rivet/crypto.h"
#include "rivet/exec.h"
#include "rivet/precompile.h"
#include "rivet/rlp.h"

#define HS(h) (((exec_host *)(h))->s)

static state_account *acct(evm_host *h, const evm_addr *a)
{
    state_account *x = state_get(HS(h), a, true);
    if (!x) abort(); /* out of memory in the middle of a frame: no consistent way on */
    return x;
}

static bool h_exists(evm_host *h, const evm_addr *a)
{
    return state_is_alive(HS(h), a);
}

static u256 h_balance(evm_host *h, const evm_addr *a)
{
    state_account *x = state_get(HS(h), a, false);
    return x ? x->balance : U256_ZERO;
}

static size_t h_code_size(evm_host *h, const evm_addr *a)
{
    state_account *x = state_get(HS(h), a, false);
    size_t n = 0;
    if (x) state_code(HS(h), x, &n);
    return n;
}

static evm_hash h_code_hash(evm_host *h, const evm_addr *a)
{
    state_account *x = state_get(HS(h), a, false);
    evm_hash z = {{0}};
    return x && x->exists && !state_is_empty(x) ? state_code_hash(x) : z;
}

static size_t h_copy_code(evm_host *h, const evm_addr *a, size_t off, uint8_t *out, size_t len)
{
    state_account *x = state_get(HS(h), a, false);
    size_t cl = 0;
    const uint8_t *code = x ? state_code(HS(h), x, &cl) : NULL;
    if (off >= cl) return 0;
    size_t n = cl - off < len ? cl - off : len;
    memcpy(out, code + off, n);
    return n;
}

static bool h_delegate(evm_host *h, const evm_addr *a, evm_addr *target)
{
    state_account *x = state_get(HS(h), a, false);
    size_t cl = 0;
    const uint8_t *code = x ? state_code(HS(h), x, &cl) : NULL;
    if (!evm_is_delegation(code, cl)) return false;
    memcpy(target->b, code + 3, 20);
    return true;
}

static u256 h_get_storage(evm_host *h, const evm_addr *a, u256 key, bool *cold)
{
    return state_load_storage(HS(h), acct(h, a), key, cold);
}

static evm_slot_change h_set_storage(evm_host *h, const evm_addr *a, u256 key, u256 v)
{
    return state_set_storage(HS(h), acct(h, a), key, v);
}

static u256 h_get_transient(evm_host *h, const evm_addr *a, u256 key)
{
    state_account *x = state_get(HS(h), a, false);
    return x ? state_get_transient(x, key) : U256_ZERO;
}

static void h_set_transient(evm_host *h, const evm_addr *a, u256 key, u256 v)
{
    state_set_transient(HS(h), acct(h, a), key, v);
}

static bool h_access_account(evm_host *h, const evm_addr *a)
{
    state_account *x = acct(h, a);
    if (precompile_index(a->b, h->fork) >= 0) return false; /* warm from the start (EIP-2929) */
    return state_warm_account(HS(h), x);
}

static evm_hash h_block_hash(evm_host *h, uint64_t number)
{
    exec_host *eh = (exec_host *)h;
    if (eh->block_hash) return eh->block_hash(eh->block_hash_ctx, number);
    char dec[24];
    int n = snprintf(dec, sizeof dec, "%llu", (unsigned long long)number);
    evm_hash r;
    crypto_keccak256(r.b, dec, (size_t)n);
    return r;
}

static void h_log(evm_host *h, const evm_addr *a, const uint8_t *data, size_t len,
                  const u256 *topics, int ntopics)
{
    if (state_add_log(HS(h), a, data, len, topics, ntopics) != RIVET_OK) abort();
}

/* EIP-7708 (Amsterdam): a value transfer between two accounts logs an ERC-20 style
   Transfer(from, to, value) from the system address. */
static void transfer_log(evm_host *h, const evm_addr *from, const evm_addr *to, u256 v)
{
    static const evm_addr system = {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe}};
    static const uint8_t transfer_topic[32] = {0xdd, 0xf2, 0x52, 0xad, 0x1b, 0xe2, 0xc8, 0x9b,
                                               0x69, 0xc2, 0xb0, 0x68, 0xfc, 0x37, 0x8d, 0xaa,
                                               0x95, 0x2b, 0xa7, 0xf1, 0x63, 0xc4, 0xa1, 0x16,
                                               0x28, 0xf5, 0x5a, 0x4d, 0xf5, 0x23, 0xb3, 0xef};
    if (h->fork < FORK_AMSTERDAM || u256_is_zero(v) || !memcmp(from->b, to->b, 20)) return;
    u256 topics[3] = {u256_from_be(transfer_topic, 32), u256_from_be(from->b, 20),
                      u256_from_be(to->b, 20)};
    uint8_t data[32];
    u256_to_be(data, v);
    h_log(h, &system, data, 32, topics, 3);
}

static void h_selfdestruct(evm_host *h, const evm_addr *a, const evm_addr *beneficiary)
{
    state *s = HS(h);
    state_account *x = acct(h, a), *b = acct(h, beneficiary);
    u256 bal = x->balance;
    if (x->created || h->fork < FORK_CANCUN) { /* EIP-6780 from Cancun */
        state_set_balance(s, x, U256_ZERO);
        if (b != x) state_add_balance(s, b, bal);
        transfer_log(h, a, beneficiary, bal);
        state_mark_destructed(s, x);
    } else if (b != x) {
        state_set_balance(s, x, U256_ZERO);
        state_add_balance(s, b, bal);
        transfer_log(h, a, beneficiary, bal);
    }
}

static void h_call(evm_host *h, const evm_message *m, evm_result *r);

static const evm_host_fns exec_host_fns = {
    h_exists,         h_balance,     h_code_size,   h_code_hash,     h_copy_code,
    h_delegate,       h_get_storage, h_set_storage, h_get_transient, h_set_transient,
    h_access_account, h_block_hash,  h_log,         h_selfdestruct,  h_call,
};

void exec_host_init(exec_host *h, state *s, rivet_fork fork)
{
    memset(h, 0, sizeof *h);
    h->base.fn = &exec_host_fns;
    h->base.tx = &h->txc;
    h->base.fork = fork;
    h->s = s;
}

/* Runs a frame on the EVM, or on the installed runner when it claims the code. */
static void run_code(evm_host *h, const evm_message *m, const uint8_t *code, size_t len,
                     evm_result *r)
{
    const exec_vm *vm = ((exec_host *)h)->vm;
    if (vm && vm->claims(vm->ctx, code, len))
        vm->run(vm->ctx, h, m, code, len, r);
    else
        evm_execute(h, m, code, len, r);
}

/* EIP-170 and EIP-3541 on the code a create returns; the runner checks code it claims. */
static evm_status deploy_check(evm_host *h, const uint8_t *code, size_t len)
{
    const exec_vm *vm = ((exec_host *)h)->vm;
    if (len > EVM_MAX_CODE_SIZE) return EVM_CODE_SIZE;
    if (!len || code[0] != 0xef) return EVM_SUCCESS;
    if (vm && vm->claims(vm->ctx, code, len)) return vm->check_deploy(vm->ctx, code, len);
    return EVM_CODE_PREFIX;
}

/* A result without running code: the reservoir goes back untouched. */
static void fail_result(evm_result *r, const evm_message *m, evm_status st, int64_t gas_left)
{
    memset(r, 0, sizeof *r);
    r->status = st;
    r->gas_left = gas_left;
    r->state_gas_left = m->state_gas;
}

/* Runs the create frame for an address already chosen (nonce handling is the caller's). */
static void create_frame(evm_host *h, const evm_message *m, const evm_addr *addr, evm_result *r)
{
    state *s = HS(h);
    state_account *t = acct(h, addr);
    if (t->nonce != 0 || t->code_len != 0 || t->code_unknown || state_has_storage(t)) {
        fail_result(r, m, EVM_CREATE_COLLISION, 0);
        return;
    }
    size_t cp = state_checkpoint(s);
    state_set_exists(s, t);
    state_mark_created(s, t);
    state_set_nonce(s, t, 1);
    state_touch(s, t);
    if (!u256_is_zero(m->value)) {
        state_account *from = acct(h, &m->sender);
        state_set_balance(s, from, u256_sub(from->balance, m->value));
        state_add_balance(s, t, m->value);
        transfer_log(h, &m->sender, addr, m->value);
    }
    evm_message cm = *m;
    cm.recipient = *addr;
    cm.code_address = *addr;
    cm.input = NULL; /* initcode runs with empty call data */
    cm.input_size = 0;
    run_code(h, &cm, m->input, m->input_size, r);
    if (r->status == EVM_SUCCESS) {
        /* code deposit: 200 per byte, or (EIP-8037) the code hash's 6 per word as regular gas
           and the bytes as state gas */
        bool amsterdam = h->fork >= FORK_AMSTERDAM;
        int64_t n = (int64_t)r->output_size;
        int64_t deposit = amsterdam ? 6 * (int64_t)evm_words((uint64_t)n) : 200 * n;
        evm_status bad = deploy_check(h, r->output, r->output_size);
        if (bad != EVM_SUCCESS)
            ;
        else if (deposit > r->gas_left)
            bad = EVM_OUT_OF_GAS;
        else if ((r->gas_left -= deposit) >= 0 && amsterdam &&
                 !evm_charge_state(&r->gas_left, &r->state_gas_left, &r->state_gas_used,
                                   n * EVM_STATE_BYTE_COST))
            bad = EVM_OUT_OF_GAS;
        else if (state_set_code(s, t, r->output, r->output_size) != RIVET_OK)
            bad = EVM_HOST_ERROR;
        if (bad != EVM_SUCCESS) {
            int64_t left = r->state_gas_left, used = r->state_gas_used;
            free(r->output);
            fail_result(r, m, bad, 0);
            r->state_gas_left = left;
            r->state_gas_used = used;
        } else {
            free(r->output);
            r->output = NULL;
            r->output_size = 0;
        }
    }
    if (r->status != EVM_SUCCESS) {
        state_revert(s, cp);
        if (r->status != EVM_REVERT) r->gas_left = 0;
        r->gas_refund = 0;
        return;
    }
    r->create_address = *addr;
}

static void create_address(evm_host *h, const evm_message *m, uint64_t nonce, evm_addr *out)
{
    uint8_t hash[32];
    if (m->kind == EVM_CREATE2) {
        uint8_t buf[1 + 20 + 32 + 32];
        buf[0] = 0xff;
        memcpy(buf + 1, m->sender.b, 20);
        u256_to_be(buf + 21, m->salt);
        crypto_keccak256(buf + 53, m->input, m->input_size);
        crypto_keccak256(hash, buf, sizeof buf);
    } else {
        rivet_buf b = {0};
        size_t mark = rlp_list_begin(&b);
        if (rlp_put_bytes(&b, m->sender.b, 20) != RIVET_OK || rlp_put_u64(&b, nonce) != RIVET_OK ||
            rlp_list_end(&b, mark) != RIVET_OK)
            abort();
        crypto_keccak256(hash, b.p, b.n);
        buf_free(&b);
    }
    memcpy(out->b, hash + 12, 20);
}

/* A nested CREATE/CREATE2 from code. */
static void nested_create(evm_host *h, const evm_message *m, evm_result *r)
{
    state *s = HS(h);
    state_account *sender = acct(h, &m->sender);
    if (sender->nonce == UINT64_MAX) {
        fail_result(r, m, EVM_OUT_OF_GAS, m->gas); /* push 0, gas returned */
        return;
    }
    evm_addr addr;
    create_address(h, m, sender->nonce, &addr);
    state_warm_account(s, acct(h, &addr));
    state_set_nonce(s, sender, sender->nonce + 1);
    create_frame(h, m, &addr, r);
}

static void run_precompile(evm_host *h, int idx, const evm_message *m, evm_result *r)
{
    rivet_buf out = {0};
    uint64_t used = 0;
    rivet_status st =
        precompile_run(idx, m->input, m->input_size, h->fork, (uint64_t)m->gas, &used, &out, NULL);
    memset(r, 0, sizeof *r);
    r->state_gas_left = m->state_gas;
    if (st == RIVET_OK) {
        r->status = EVM_SUCCESS;
        r->gas_left = m->gas - (int64_t)used;
        r->output = out.p;
        r->output_size = out.n;
        return;
    }
    buf_free(&out);
    r->status = st == RIVET_EINVALID ? EVM_PRECOMPILE_FAILURE : EVM_HOST_ERROR;
    ((exec_host *)h)->unsupported |= st == RIVET_EUNSUPPORTED;
}

static void h_call(evm_host *h, const evm_message *m, evm_result *r)
{
    if (m->kind == EVM_CREATE || m->kind == EVM_CREATE2) {
        nested_create(h, m, r);
        return;
    }
    state *s = HS(h);
    size_t cp = state_checkpoint(s);
    if (m->kind == EVM_CALL || m->kind == EVM_CALLCODE || m->kind == EVM_STATICCALL) {
        state_account *to = acct(h, &m->recipient);
        if (!u256_is_zero(m->value)) {
            state_account *from = acct(h, &m->sender);
            state_set_balance(s, from, u256_sub(from->balance, m->value));
        }
        state_add_balance(s, to, m->value);
        transfer_log(h, &m->sender, &m->recipient, m->value);
    }
    int idx = m->delegated ? -1 : precompile_index(m->code_address.b, h->fork);
    if (idx >= 0) {
        run_precompile(h, idx, m, r);
    } else {
        state_account *c = state_get(s, &m->code_address, false);
        size_t cl = 0;
        const uint8_t *code = c ? state_code(s, c, &cl) : NULL;
        if (!cl) {
            fail_result(r, m, EVM_SUCCESS, m->gas);
            return;
        }
        run_code(h, m, code, cl, r);
    }
    if (r->status != EVM_SUCCESS) {
        state_revert(s, cp);
        r->gas_refund = 0;
        if (r->status != EVM_REVERT) {
            r->gas_left = 0;
            free(r->output);
            r->output = NULL;
            r->output_size = 0;
        }
    }
}

void exec_message(exec_host *h, const evm_message *m, evm_result *r)
{
    if (m->kind == EVM_CREATE) {
        evm_addr addr;
        state_account *sender = acct(&h->base, &m->sender);
        create_address(&h->base, m, sender->nonce - 1, &addr);
        state_warm_account(h->s, acct(&h->base, &addr));
        create_frame(&h->base, m, &addr, r);
        return;
    }
    h_call(&h->base, m, r);
}

rivet_status exec_call_code(rivet_fork fork, const uint8_t *code, size_t code_len,
                            const uint8_t *input, size_t input_len, uint64_t gas,
                            evm_tracer *tracer, evm_result *r)
{
    return exec_call_code_vm(fork, NULL, code, code_len, input, input_len, gas, tracer, r);
}

rivet_status exec_call_code_vm(rivet_fork fork, const exec_vm *vm, const uint8_t *code,
                               size_t code_len, const uint8_t *input, size_t input_len,
                               uint64_t gas, evm_tracer *tracer, evm_result *r)
{
    static const evm_addr sender = {{0x10}}, target = {{0x20}};
    if (!evm_fork_supported(fork)) return RIVET_EUNSUPPORTED;
    state s;
    state_init(&s);
    state_account *a = state_get(&s, &target, true), *from = state_get(&s, &sender, true);
    if (!a || !from || state_put_code(&s, a, code, code_len) != RIVET_OK) {
        state_free(&s);
        return RIVET_ENOMEM;
    }
    a->exists = true;
    a->nonce = 1;
    exec_host h;
    exec_host_init(&h, &s, fork);
    h.txc.origin = sender;
    h.txc.gas_limit = gas;
    h.txc.chain_id = u256_from_u64(1);
    h.base.tracer = tracer;
    h.vm = vm;
    state_warm_account(&s, from);
    state_warm_account(&s, a);
    evm_message m = {0};
    m.kind = EVM_CALL;
    m.gas = (int64_t)gas;
    m.sender = sender;
    m.recipient = m.code_address = target;
    m.input = input;
    m.input_size = input_len;
    exec_message(&h, &m, r);
    state_free(&s);
    return RIVET_OK;
}
