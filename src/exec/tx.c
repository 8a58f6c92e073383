/* Transaction processing (Prague/Osaka rules, back to London): validation, EIP-7702
   authorizations, the top-level message, refunds, fees, end-of-tx cleanup. */
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"
#include "rivet/exec.h"
#include "rivet/precompile.h"
#include "rivet/rlp.h"

const char *exec_tx_error_name(exec_tx_error e)
{
    static const char *const names[] = {
#define X(id) "TransactionException." #id,
        EXEC_TX_ERRORS(X)
#undef X
    };
    return e == EXEC_ERR_NONE ? "" : names[e];
}

uint64_t exec_intrinsic_gas(const exec_tx *tx, rivet_fork fork, uint64_t *floor)
{
    uint64_t zeros = 0;
    for (size_t i = 0; i < tx->data_len; i++)
        zeros += tx->data[i] == 0;
    uint64_t tokens = zeros + 4 * (tx->data_len - zeros);
    uint64_t g = 21000 + 4 * tokens;
    if (!tx->has_to) {
        g += 32000;
        if (fork >= FORK_SHANGHAI) g += 2 * evm_words(tx->data_len);
    }
    for (size_t i = 0; i < tx->naccess; i++)
        g += 2400 + 1900 * (uint64_t)tx->access[i].nkeys;
    g += 25000 * (uint64_t)tx->nauths;
    *floor = fork >= FORK_PRAGUE ? 21000 + 10 * tokens : 0;
    return g;
}

u256 exec_blob_base_fee(uint64_t excess, uint64_t fraction)
{
    /* fake_exponential(1, excess, fraction) */
    u256 f = u256_from_u64(fraction), num = u256_from_u64(excess);
    u256 acc = U256_ZERO, term = u256_mul(u256_from_u64(1), f);
    for (uint64_t i = 1; !u256_is_zero(term); i++) {
        acc = u256_add(acc, term);
        term = u256_div(u256_mul(term, num), u256_mul(f, u256_from_u64(i)));
    }
    return u256_div(acc, f);
}

/* 256-bit multiply that reports overflow. */
static bool mul_ovf(u256 a, u256 b, u256 *r)
{
    *r = u256_mul(a, b);
    return !u256_is_zero(a) && !u256_eq(u256_div(*r, a), b);
}

static exec_tx_error validate(state *s, const exec_block *b, const exec_tx *tx, u256 *price,
                              u256 *blob_fee, uint64_t *intrinsic, uint64_t *floor)
{
    rivet_fork fork = b->fork;
    if ((tx->type == 3 && fork < FORK_CANCUN) || (tx->type == 4 && fork < FORK_PRAGUE) ||
        (tx->type == 2 && fork < FORK_LONDON))
        return EXEC_ERR_TYPE_NOT_SUPPORTED;
    *intrinsic = exec_intrinsic_gas(tx, fork, floor);
    uint64_t need = *intrinsic > *floor ? *intrinsic : *floor;
    if (tx->gas_limit < *intrinsic) return EXEC_ERR_INTRINSIC_GAS_TOO_LOW;
    if (tx->gas_limit < need) return EXEC_ERR_INTRINSIC_GAS_BELOW_FLOOR_GAS_COST;
    if (tx->nonce == UINT64_MAX) return EXEC_ERR_NONCE_IS_MAX;
    if (!tx->has_to && fork >= FORK_SHANGHAI && tx->data_len > EVM_MAX_INITCODE_SIZE)
        return EXEC_ERR_INITCODE_SIZE_EXCEEDED;
    if (fork >= FORK_OSAKA && tx->gas_limit > (1u << 24)) return EXEC_ERR_GAS_LIMIT_EXCEEDS_MAXIMUM;
    if (tx->gas_limit > b->gas_limit) return EXEC_ERR_GAS_ALLOWANCE_EXCEEDED;

    u256 max_price;
    if (tx->type >= 2) {
        if (u256_lt(tx->max_fee, tx->max_priority_fee))
            return EXEC_ERR_PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS;
        if (u256_lt(tx->max_fee, b->base_fee)) return EXEC_ERR_INSUFFICIENT_MAX_FEE_PER_GAS;
        u256 p = u256_add(b->base_fee, tx->max_priority_fee);
        *price = u256_lt(tx->max_fee, p) ? tx->max_fee : p;
        max_price = tx->max_fee;
    } else {
        if (u256_lt(tx->gas_price, b->base_fee)) return EXEC_ERR_INSUFFICIENT_MAX_FEE_PER_GAS;
        *price = max_price = tx->gas_price;
    }
    u256 max_cost;
    if (mul_ovf(u256_from_u64(tx->gas_limit), max_price, &max_cost))
        return EXEC_ERR_GASLIMIT_PRICE_PRODUCT_OVERFLOW;
    *blob_fee = U256_ZERO;
    if (tx->type == 3) {
        if (!tx->has_to) return EXEC_ERR_TYPE_3_TX_CONTRACT_CREATION;
        if (tx->nblobs == 0) return EXEC_ERR_TYPE_3_TX_ZERO_BLOBS;
        for (size_t i = 0; i < tx->nblobs; i++)
            if (tx->blob_hashes[i].b[0] != 0x01)
                return EXEC_ERR_TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH;
        if (tx->nblobs > b->max_blobs_per_block)
            return EXEC_ERR_TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED;
        if (fork >= FORK_OSAKA && tx->nblobs > 6) return EXEC_ERR_TYPE_3_TX_BLOB_COUNT_EXCEEDED;
        u256 bbf = exec_blob_base_fee(b->excess_blob_gas, b->blob_base_fee_fraction);
        if (u256_lt(tx->max_fee_per_blob_gas, bbf))
            return EXEC_ERR_INSUFFICIENT_MAX_FEE_PER_BLOB_GAS;
        u256 blob_gas = u256_from_u64(131072 * (uint64_t)tx->nblobs), m;
        *blob_fee = u256_mul(blob_gas, bbf);
        if (mul_ovf(blob_gas, tx->max_fee_per_blob_gas, &m))
            return EXEC_ERR_INSUFFICIENT_ACCOUNT_FUNDS;
        max_cost = u256_add(max_cost, m);
    }
    if (tx->type == 4) {
        if (!tx->has_to) return EXEC_ERR_TYPE_4_TX_CONTRACT_CREATION;
        if (tx->nauths == 0) return EXEC_ERR_TYPE_4_EMPTY_AUTHORIZATION_LIST;
    }
    state_account *a = state_get(s, &tx->sender, false);
    uint64_t nonce = a ? a->nonce : 0;
    if (tx->nonce < nonce) return EXEC_ERR_NONCE_MISMATCH_TOO_LOW;
    if (tx->nonce > nonce) return EXEC_ERR_NONCE_MISMATCH_TOO_HIGH;
    u256 total = u256_add(max_cost, tx->value);
    if (u256_lt(total, max_cost) || u256_lt(a ? a->balance : U256_ZERO, total))
        return EXEC_ERR_INSUFFICIENT_ACCOUNT_FUNDS;
    if (a && a->code_len && !evm_is_delegation(a->code, a->code_len))
        return EXEC_ERR_SENDER_NOT_EOA;
    return EXEC_ERR_NONE;
}

/* secp256k1 group order / 2 (EIP-2 upper bound for s). */
static const u256 secp_half_n = {
    {0xdfe92f46681b20a0ull, 0x5d576e7357a4501dull, 0xffffffffffffffffull, 0x7fffffffffffffffull}};

/* EIP-7702: recovers the authority of an authorization, or returns false. */
static bool auth_authority(const exec_auth *au, evm_addr *out)
{
    if (!u256_fits64(au->y_parity) || au->y_parity.w[0] > 1 || u256_is_zero(au->r) ||
        u256_is_zero(au->s) || u256_gt(au->s, secp_half_n))
        return false;
    rivet_buf b = {0};
    if (buf_push(&b, 0x05) != RIVET_OK) return false;
    size_t mark = rlp_list_begin(&b);
    bool ok = rlp_put_u256(&b, au->chain_id) == RIVET_OK &&
              rlp_put_bytes(&b, au->address.b, 20) == RIVET_OK &&
              rlp_put_u256(&b, au->nonce) == RIVET_OK && rlp_list_end(&b, mark) == RIVET_OK;
    uint8_t hash[32], sig[64], pub[64];
    if (ok) crypto_keccak256(hash, b.p, b.n);
    buf_free(&b);
    u256_to_be(sig, au->r);
    u256_to_be(sig + 32, au->s);
    if (!ok || !crypto_secp256k1_recover(pub, hash, sig, (int)au->y_parity.w[0])) return false;
    crypto_pub_to_address(out->b, pub);
    return true;
}

static int64_t apply_authorizations(state *s, const exec_block *b, const exec_tx *tx)
{
    int64_t refund = 0;
    for (size_t i = 0; i < tx->nauths; i++) {
        const exec_auth *au = &tx->auths[i];
        evm_addr authority;
        if (!u256_is_zero(au->chain_id) && !u256_eq(au->chain_id, b->chain_id)) continue;
        if (!u256_fits64(au->nonce) || au->nonce.w[0] == UINT64_MAX) continue;
        if (!auth_authority(au, &authority)) continue;
        state_account *a = state_get(s, &authority, true);
        state_warm_account(s, a);
        if (a->code_len && !evm_is_delegation(a->code, a->code_len)) continue;
        if (a->nonce != au->nonce.w[0]) continue;
        if (a->exists && !state_is_empty(a)) refund += 25000 - 12500;
        uint8_t code[EVM_DELEGATION_LEN] = {0xef, 0x01, 0x00};
        memcpy(code + 3, au->address.b, 20);
        static const evm_addr zero;
        bool clear = memcmp(au->address.b, zero.b, 20) == 0;
        state_set_exists(s, a);
        state_touch(s, a);
        if (state_set_code(s, a, code, clear ? 0 : sizeof code) != RIVET_OK) abort();
        state_set_nonce(s, a, a->nonce + 1);
    }
    return refund;
}

rivet_status exec_transaction(state *s, const exec_block *b, const exec_tx *tx, evm_tracer *tr,
                              exec_result *r, rivet_diag *d)
{
    memset(r, 0, sizeof *r);
    u256 price, blob_fee;
    uint64_t intrinsic, floor;
    r->error = validate(s, b, tx, &price, &blob_fee, &intrinsic, &floor);
    if (r->error != EXEC_ERR_NONE) return RIVET_OK;

    exec_host h;
    exec_host_init(&h, s, b->fork);
    h.base.tracer = tr;
    evm_tx_context *c = &h.txc;
    c->origin = tx->sender;
    c->coinbase = b->coinbase;
    c->gas_price = price;
    c->base_fee = b->base_fee;
    c->blob_base_fee = exec_blob_base_fee(b->excess_blob_gas, b->blob_base_fee_fraction);
    c->prevrandao = b->prevrandao;
    c->chain_id = b->chain_id;
    c->number = b->number;
    c->timestamp = b->timestamp;
    c->gas_limit = b->gas_limit;
    c->blob_hashes = tx->blob_hashes;
    c->blob_hash_count = tx->nblobs;

    state_account *sender = state_get(s, &tx->sender, true);
    if (!sender) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    u256 gas_fee = u256_mul(u256_from_u64(tx->gas_limit), price);
    state_set_balance(s, sender, u256_sub(u256_sub(sender->balance, gas_fee), blob_fee));
    state_set_nonce(s, sender, sender->nonce + 1);
    state_set_exists(s, sender);

    /* warm set: sender, target, coinbase (EIP-3651), precompiles, access list */
    state_warm_account(s, sender);
    if (b->fork >= FORK_SHANGHAI) state_warm_account(s, state_get(s, &b->coinbase, true));
    for (int i = 0; i < PRECOMPILE_COUNT; i++) {
        if (precompile_since(i) > b->fork) continue;
        evm_addr pa;
        precompile_address(i, pa.b);
        state_warm_account(s, state_get(s, &pa, true));
    }
    for (size_t i = 0; i < tx->naccess; i++) {
        state_account *a = state_get(s, &tx->access[i].addr, true);
        state_warm_account(s, a);
        for (size_t k = 0; k < tx->access[i].nkeys; k++)
            state_warm_slot(s, a, tx->access[i].keys[k]);
    }
    int64_t refund = b->fork >= FORK_PRAGUE ? apply_authorizations(s, b, tx) : 0;

    evm_message m = {0};
    m.gas = (int64_t)(tx->gas_limit - intrinsic);
    m.sender = tx->sender;
    m.value = tx->value;
    m.input = tx->data;
    m.input_size = tx->data_len;
    if (tx->has_to) {
        m.kind = EVM_CALL;
        m.recipient = m.code_address = tx->to;
        state_warm_account(s, state_get(s, &tx->to, true));
        state_account *t = state_get(s, &tx->to, false);
        if (b->fork >= FORK_PRAGUE && evm_is_delegation(t->code, t->code_len)) {
            memcpy(m.code_address.b, t->code + 3, 20);
            m.delegated = true;
            state_warm_account(s, state_get(s, &m.code_address, true));
        }
    } else {
        m.kind = EVM_CREATE;
    }
    evm_result er;
    exec_message(&h, &m, &er);
    if (h.unsupported || er.status == EVM_HOST_ERROR) {
        free(er.output);
        return rivet_fail(d, h.unsupported ? RIVET_EUNSUPPORTED : RIVET_ENOMEM, RIVET_NOPOS,
                          h.unsupported ? "precompile unsupported in this build"
                                        : "host error during execution");
    }
    r->status = er.status;
    r->output = er.output;
    r->output_size = er.output_size;
    r->create_address = er.create_address;

    uint64_t gas_left = (uint64_t)er.gas_left;
    uint64_t used = tx->gas_limit - gas_left;
    if (er.status == EVM_SUCCESS) refund += er.gas_refund;
    uint64_t cap = used / 5;
    uint64_t ref = refund < 0 ? 0 : (uint64_t)refund;
    used -= ref < cap ? ref : cap;
    if (used < floor) used = floor;
    r->gas_used = used;

    state_add_balance(s, sender, u256_mul(u256_from_u64(tx->gas_limit - used), price));
    u256 tip = u256_sub(price, b->base_fee);
    state_account *cb = state_get(s, &b->coinbase, true);
    state_add_balance(s, cb, u256_mul(u256_from_u64(used), tip));
    state_finalize_tx(s);
    return RIVET_OK;
}
