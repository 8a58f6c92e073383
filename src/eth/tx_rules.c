/* Transactions: intrinsic gas and the fork rules that need no state. */
#include <stdio.h>

#include "eth/tx_impl.h"
#include "rivet/chain.h"

/* Gas constants (yellow paper, EIP-2, EIP-2028, EIP-2930, EIP-3860, EIP-7623, EIP-7702). */
enum {
    G_TX = 21000,
    G_TX_CREATE = 32000,
    G_DATA_ZERO = 4,
    G_DATA_NONZERO_FRONTIER = 68,
    G_DATA_NONZERO = 16,
    G_INITCODE_WORD = 2,
    G_ACCESS_ADDRESS = 2400,
    G_ACCESS_KEY = 1900,
    G_AUTH = 25000,
    G_FLOOR_PER_TOKEN = 10,
    /* EIP-8037 (Amsterdam): creation and authorizations keep this much regular gas, the rest
       moves to state gas (a new account, plus a delegation designator per authorization) */
    G_TX_CREATE_8037 = 9000,
    G_AUTH_8037 = 7500,
    G_STATE_BYTE = 1174, /* cost per state byte (as evm.h's EVM_STATE_BYTE_COST) */
    G_STATE_ACCOUNT = 112 * G_STATE_BYTE,
    G_STATE_AUTH = (112 + 23) * G_STATE_BYTE,
};

static bool gas_add(uint64_t *acc, uint64_t n, uint64_t unit)
{
    uint64_t x;
    return !__builtin_mul_overflow(n, unit, &x) && !__builtin_add_overflow(*acc, x, acc);
}

rivet_status tx_intrinsic_gas(const tx *t, rivet_fork fork, tx_gas *out)
{
    uint64_t zero = 0, nonzero = 0, keys = 0;
    for (size_t i = 0; i < t->data_len; i++)
        t->data[i] ? nonzero++ : zero++;
    for (size_t i = 0; i < t->access_len; i++)
        keys += t->access[i].nkeys;
    bool amsterdam = fork >= FORK_AMSTERDAM;
    uint64_t g = G_TX, state = 0;
    bool ok = true;
    if (t->create && fork >= FORK_HOMESTEAD) g += amsterdam ? G_TX_CREATE_8037 : G_TX_CREATE;
    if (t->create && amsterdam) state = G_STATE_ACCOUNT;
    ok = ok && gas_add(&g, zero, G_DATA_ZERO);
    ok = ok &&
         gas_add(&g, nonzero, fork >= FORK_ISTANBUL ? G_DATA_NONZERO : G_DATA_NONZERO_FRONTIER);
    if (t->create && fork >= FORK_SHANGHAI)
        ok = ok && gas_add(&g, ((uint64_t)t->data_len + 31) / 32, G_INITCODE_WORD);
    ok = ok && gas_add(&g, t->access_len, G_ACCESS_ADDRESS);
    ok = ok && gas_add(&g, keys, G_ACCESS_KEY);
    ok = ok && gas_add(&g, t->auths_len, amsterdam ? G_AUTH_8037 : G_AUTH);
    if (amsterdam) ok = ok && gas_add(&state, t->auths_len, G_STATE_AUTH) && gas_add(&g, state, 1);
    uint64_t floor = 0;
    if (fork >= FORK_PRAGUE) {
        floor = G_TX;
        uint64_t tokens = zero;
        ok = ok && gas_add(&tokens, nonzero, 4) && gas_add(&floor, tokens, G_FLOOR_PER_TOKEN);
    }
    if (!ok) return RIVET_ERANGE;
    out->intrinsic = g;
    out->state = state;
    out->floor = floor;
    return RIVET_OK;
}

/* The first fork that accepts each type. */
static const rivet_fork tx_type_fork[] = {FORK_FRONTIER, FORK_BERLIN, FORK_LONDON, FORK_CANCUN,
                                          FORK_PRAGUE};

bool tx_type_enabled(uint8_t type, rivet_fork fork)
{
    return type < sizeof tx_type_fork / sizeof tx_type_fork[0] && fork >= tx_type_fork[type];
}

/* True when gas * fee does not fit in 256 bits. */
static bool tx_fee_overflows(uint64_t gas, u256 fee)
{
    unsigned __int128 carry = 0;
    for (int i = 0; i < 4; i++)
        carry = ((unsigned __int128)fee.w[i] * gas + carry) >> 64;
    return carry != 0;
}

static tx_error tx_check_blobs(const tx *t, rivet_fork fork, const tx_limits *lim, rivet_diag *d)
{
    if (t->create)
        return tx_fail(d, TX_ERR_TYPE_3_TX_CONTRACT_CREATION, RIVET_NOPOS,
                       "blob transaction without `to`");
    if (t->blob_hashes_len == 0)
        return tx_fail(d, TX_ERR_TYPE_3_TX_ZERO_BLOBS, RIVET_NOPOS,
                       "blob transaction without blob hashes");
    const chain_blob *fb = chain_blob_of_fork(fork);
    uint64_t max = lim->max_blobs ? lim->max_blobs : fb ? fb->max : 0;
    if (t->blob_hashes_len > max)
        return tx_fail(d, TX_ERR_TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED, RIVET_NOPOS,
                       "more blob hashes than the block may carry");
    if (fork >= FORK_OSAKA && t->blob_hashes_len > TX_MAX_BLOBS_PER_TX)
        return tx_fail(d, TX_ERR_TYPE_3_TX_BLOB_COUNT_EXCEEDED, RIVET_NOPOS,
                       "more than 6 blob hashes (EIP-7594)");
    for (size_t i = 0; i < t->blob_hashes_len; i++)
        if (t->blob_hashes[i][0] != 0x01)
            return tx_fail(d, TX_ERR_TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH, RIVET_NOPOS,
                           "blob versioned hash version is not 0x01");
    return TX_ERR_OK;
}

static tx_error tx_check_type_rules(const tx *t, rivet_fork fork, const tx_limits *lim,
                                    rivet_diag *d)
{
    if (t->type == TX_BLOB) return tx_check_blobs(t, fork, lim, d);
    if (t->type == TX_SET_CODE) {
        if (t->create)
            return tx_fail(d, TX_ERR_TYPE_4_TX_CONTRACT_CREATION, RIVET_NOPOS,
                           "set-code transaction without `to`");
        if (t->auths_len == 0)
            return tx_fail(d, TX_ERR_TYPE_4_EMPTY_AUTHORIZATION_LIST, RIVET_NOPOS,
                           "empty authorization list");
    }
    return TX_ERR_OK;
}

static tx_error tx_check_gas(const tx *t, rivet_fork fork, tx_gas *g, rivet_diag *d)
{
    char msg[96];
    if (fork >= FORK_OSAKA && fork < FORK_AMSTERDAM && t->gas_limit > TX_GAS_LIMIT_CAP)
        return tx_fail(d, TX_ERR_GAS_LIMIT_EXCEEDS_MAXIMUM, RIVET_NOPOS,
                       "gas limit above 2^24 (EIP-7825)");
    if (u256_gt(t->max_priority_fee, t->max_fee))
        return tx_fail(d, TX_ERR_PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS, RIVET_NOPOS,
                       "max priority fee above max fee");
    if (tx_fee_overflows(t->gas_limit, t->max_fee))
        return tx_fail(d, TX_ERR_GASLIMIT_PRICE_PRODUCT_OVERFLOW, RIVET_NOPOS,
                       "gas limit * max fee exceeds 2^256-1");
    if (tx_intrinsic_gas(t, fork, g) != RIVET_OK)
        return tx_fail(d, TX_ERR_INTRINSIC_GAS_TOO_LOW, RIVET_NOPOS, "intrinsic gas overflows");
    if (t->gas_limit < g->intrinsic) {
        snprintf(msg, sizeof msg, "gas limit %llu below intrinsic gas %llu",
                 (unsigned long long)t->gas_limit, (unsigned long long)g->intrinsic);
        return tx_fail(d, TX_ERR_INTRINSIC_GAS_TOO_LOW, RIVET_NOPOS, msg);
    }
    if (t->gas_limit < g->floor) {
        snprintf(msg, sizeof msg, "gas limit %llu below calldata floor %llu (EIP-7623)",
                 (unsigned long long)t->gas_limit, (unsigned long long)g->floor);
        return tx_fail(d, TX_ERR_INTRINSIC_GAS_BELOW_FLOOR_GAS_COST, RIVET_NOPOS, msg);
    }
    if (t->create && fork >= FORK_SHANGHAI && t->data_len > TX_MAX_INITCODE_SIZE)
        return tx_fail(d, TX_ERR_INITCODE_SIZE_EXCEEDED, RIVET_NOPOS,
                       "initcode larger than 49152 bytes (EIP-3860)");
    if (fork >= FORK_AMSTERDAM &&
        (g->intrinsic - g->state > TX_GAS_LIMIT_CAP || g->floor > TX_GAS_LIMIT_CAP))
        return tx_fail(d, TX_ERR_GAS_LIMIT_EXCEEDS_MAXIMUM, RIVET_NOPOS,
                       "intrinsic regular gas above 2^24 (EIP-7825, EIP-8037)");
    return TX_ERR_OK;
}

/* The rules that need the block: its gas limit, base fee and blob base fee. */
static tx_error tx_check_block(const tx *t, const tx_limits *lim, rivet_diag *d)
{
    if (t->gas_limit > lim->gas_limit)
        return tx_fail(d, TX_ERR_GAS_ALLOWANCE_EXCEEDED, RIVET_NOPOS,
                       "gas limit above the block's");
    if (u256_lt(t->max_fee, lim->base_fee))
        return tx_fail(d, TX_ERR_INSUFFICIENT_MAX_FEE_PER_GAS, RIVET_NOPOS,
                       "max fee below the block's base fee");
    if (t->type == TX_BLOB && u256_lt(t->max_fee_per_blob_gas, lim->blob_base_fee))
        return tx_fail(d, TX_ERR_INSUFFICIENT_MAX_FEE_PER_BLOB_GAS, RIVET_NOPOS,
                       "max blob fee below the block's blob base fee");
    return TX_ERR_OK;
}

tx_error tx_check_rules(const tx *t, rivet_fork fork, const tx_limits *lim, tx_gas *g,
                        rivet_diag *d)
{
    static const tx_limits none = {0};
    tx_gas local;
    if (!lim) lim = &none;
    if (!g) g = &local;
    if (!tx_type_enabled(t->type, fork))
        return tx_fail(d, TX_ERR_TYPE_NOT_SUPPORTED, RIVET_NOPOS,
                       "transaction type not enabled in this fork");
    if (t->nonce == UINT64_MAX)
        return tx_fail(d, TX_ERR_NONCE_TOO_BIG, RIVET_NOPOS, "nonce 2^64-1 (EIP-2681)");
    tx_error e = tx_check_type_rules(t, fork, lim, d);
    if (e == TX_ERR_OK) e = tx_check_gas(t, fork, g, d);
    if (e == TX_ERR_OK && lim->block) e = tx_check_block(t, lim, d);
    return e;
}

tx_error tx_validate(const tx *t, rivet_fork fork, uint64_t chain_id, const tx_limits *lim,
                     rivet_diag *d)
{
    if (!tx_type_enabled(t->type, fork))
        return tx_fail(d, TX_ERR_TYPE_NOT_SUPPORTED, RIVET_NOPOS,
                       "transaction type not enabled in this fork");
    /* a legacy tx names its chain in v (EIP-155, from Spurious Dragon) or not at all */
    u256 cid = t->chain_id;
    bool has_chain_id = t->type != TX_LEGACY || !u256_lt(t->v, u256_from_u64(35));
    if (t->type == TX_LEGACY && fork < FORK_SPURIOUS && !u256_eq(t->v, u256_from_u64(27)) &&
        !u256_eq(t->v, u256_from_u64(28)))
        return tx_fail(d, TX_ERR_INVALID_SIGNATURE_VRS, RIVET_NOPOS,
                       "v other than 27/28 before Spurious Dragon");
    if (t->type == TX_LEGACY && has_chain_id)
        cid = u256_shr_n(u256_sub(t->v, u256_from_u64(35)), 1);
    if (has_chain_id && !u256_eq(cid, u256_from_u64(chain_id)))
        return tx_fail(d, TX_ERR_INVALID_CHAINID, RIVET_NOPOS, "chain id differs");
    tx_error e = tx_check_signature(t, fork, d);
    return e != TX_ERR_OK ? e : tx_check_rules(t, fork, lim, NULL, d);
}

tx_error tx_validate_static(const tx *t, rivet_fork fork, uint64_t chain_id, rivet_diag *d)
{
    return tx_validate(t, fork, chain_id, NULL, d);
}
