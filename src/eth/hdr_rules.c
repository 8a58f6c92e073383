/* Header rules that need only the parent: numbers, hashes, time, gas limit, EIP-1559 base fee,
   EIP-4844/7918 blob gas, post-merge constants, field count per fork. */
#include <string.h>

#include "rivet/block.h"
#include "rivet/crypto.h"

#define ELASTICITY           2u
#define BASE_FEE_DENOMINATOR 8u
#define INITIAL_BASE_FEE     1000000000u
#define GAS_LIMIT_DIVISOR    1024u
#define BLOB_BASE_COST       8192u /* EIP-7918 */

/* keccak(rlp([])): the ommers hash of a block without ommers. */
static const uint8_t empty_ommers_hash[32] = {
    0x1d, 0xcc, 0x4d, 0xe8, 0xde, 0xc7, 0x5d, 0x7a, 0xab, 0x85, 0xb5, 0x67, 0xb6, 0xcc, 0xd4, 0x1a,
    0xd3, 0x12, 0x45, 0x1b, 0x94, 0x8a, 0x74, 0x13, 0xf0, 0xa1, 0x42, 0xfd, 0x40, 0xd4, 0x93, 0x47};

u256 hdr_next_base_fee(const hdr *parent, rivet_fork fork, bool fork_block)
{
    (void)fork;
    if (fork_block) return u256_from_u64(INITIAL_BASE_FEE);
    uint64_t target = parent->gas_limit / ELASTICITY;
    u256 base = parent->base_fee;
    if (parent->gas_used == target || target == 0) return base;
    bool up = parent->gas_used > target;
    uint64_t delta = up ? parent->gas_used - target : target - parent->gas_used;
    u256 change = u256_div(u256_mul(base, u256_from_u64(delta)), u256_from_u64(target));
    change = u256_div(change, u256_from_u64(BASE_FEE_DENOMINATOR));
    if (up) {
        if (u256_is_zero(change)) change = u256_from_u64(1);
        return u256_add(base, change);
    }
    return u256_sub(base, change);
}

u256 hdr_blob_base_fee(uint64_t excess, const chain_blob *p)
{
    /* fake_exponential(1, excess, fraction): sum of fraction * (excess/fraction)^i / i! */
    if (!p || p->update_fraction == 0) return u256_from_u64(1);
    u256 den = u256_from_u64(p->update_fraction), num = u256_from_u64(excess);
    u256 acc = den, out = U256_ZERO;
    for (uint64_t i = 1; !u256_is_zero(acc); i++) {
        out = u256_add(out, acc);
        if (u256_bitlen(acc) + u256_bitlen(num) > 255 || u256_lt(out, acc)) return U256_MAX;
        acc = u256_div(u256_mul(acc, num), u256_mul(den, u256_from_u64(i)));
    }
    return u256_div(out, den);
}

uint64_t hdr_next_excess_blob_gas(const hdr *parent, rivet_fork fork, const chain_blob *p)
{
    if (!p || parent->nfields < 19) return 0;
    unsigned __int128 total = (unsigned __int128)parent->excess_blob_gas + parent->blob_gas_used;
    uint64_t target = p->target * BLK_GAS_PER_BLOB;
    if (total < target) return 0;
    if (fork >= FORK_OSAKA && p->max > 0) {
        u256 reserve = u256_mul(u256_from_u64(BLOB_BASE_COST), parent->base_fee);
        u256 blob = u256_mul(u256_from_u64(BLK_GAS_PER_BLOB),
                             hdr_blob_base_fee(parent->excess_blob_gas, p));
        if (u256_gt(reserve, blob))
            return parent->excess_blob_gas + (uint64_t)((unsigned __int128)parent->blob_gas_used *
                                                        (p->max - p->target) / p->max);
    }
    return (uint64_t)(total - target);
}

static unsigned hdr_fields_for(rivet_fork f)
{
    return f >= FORK_AMSTERDAM  ? HDR_FIELDS_AMSTERDAM
           : f >= FORK_PRAGUE   ? HDR_FIELDS_PRAGUE
           : f >= FORK_CANCUN   ? HDR_FIELDS_CANCUN
           : f >= FORK_SHANGHAI ? HDR_FIELDS_SHANGHAI
           : f >= FORK_LONDON   ? HDR_FIELDS_LONDON
                                : HDR_FIELDS_LEGACY;
}

#define FAIL(e, ...)                                                                               \
    (rivet_fail(d, blk_error_status(BLK_ERR_##e), RIVET_NOPOS, #e ": " __VA_ARGS__), BLK_ERR_##e)

static blk_error hdr_check_gas_limit(const hdr *h, const hdr *p, bool london_block, rivet_diag *d)
{
    if (h->gas_limit > INT64_MAX)
        return FAIL(GASLIMIT_TOO_BIG, "gas limit %llu above 2^63-1",
                    (unsigned long long)h->gas_limit);
    if (p) { /* against the parent (skipped without one: sl_validate's pre-state-root mode) */
        uint64_t pl = p->gas_limit * (london_block ? ELASTICITY : 1);
        uint64_t step = pl / GAS_LIMIT_DIVISOR;
        if (h->gas_limit >= pl + step || h->gas_limit + step <= pl ||
            h->gas_limit < BLK_MIN_GAS_LIMIT)
            return FAIL(INVALID_GASLIMIT,
                        "gas limit %llu, parent %llu (change must be < %llu, min %u)",
                        (unsigned long long)h->gas_limit, (unsigned long long)pl,
                        (unsigned long long)step, BLK_MIN_GAS_LIMIT);
    }
    if (h->gas_used > h->gas_limit)
        return FAIL(INVALID_GAS_USED_ABOVE_LIMIT, "gas used %llu above gas limit %llu",
                    (unsigned long long)h->gas_used, (unsigned long long)h->gas_limit);
    return BLK_ERR_OK;
}

static blk_error hdr_check_blob(const hdr *h, const hdr *p, rivet_fork fork, const chain_config *c,
                                rivet_diag *d)
{
    const chain_blob *bp = chain_blob_at(c, h->timestamp);
    if (!bp)
        return FAIL(INCORRECT_BLOCK_FORMAT, "no blob schedule at timestamp %llu",
                    (unsigned long long)h->timestamp);
    if (h->blob_gas_used % BLK_GAS_PER_BLOB)
        return FAIL(INCORRECT_BLOB_GAS_USED, "blob gas used %llu not a multiple of %u",
                    (unsigned long long)h->blob_gas_used, BLK_GAS_PER_BLOB);
    uint64_t want = p ? hdr_next_excess_blob_gas(p, fork, bp) : h->excess_blob_gas;
    if (h->excess_blob_gas != want)
        return FAIL(INCORRECT_EXCESS_BLOB_GAS, "excess blob gas %llu, expected %llu",
                    (unsigned long long)h->excess_blob_gas, (unsigned long long)want);
    return BLK_ERR_OK;
}

/* Number, parent hash and timestamp against the parent; without one (NULL) only that the
   parent hash is not zero. */
static blk_error hdr_check_parent(const hdr *h, const hdr *p, rivet_diag *d)
{
    static const uint8_t zero32[32];
    if (p && h->number != p->number + 1)
        return FAIL(INVALID_BLOCK_NUMBER, "number %llu, parent %llu", (unsigned long long)h->number,
                    (unsigned long long)p->number);
    if (memcmp(h->parent_hash, zero32, 32) == 0)
        return FAIL(UNKNOWN_PARENT_ZERO, "parent hash is zero");
    if (!p) return BLK_ERR_OK;
    uint8_t ph[32];
    if (hdr_hash(p, ph) != RIVET_OK) return FAIL(NOMEM, "parent hash");
    if (memcmp(ph, h->parent_hash, 32) != 0)
        return FAIL(UNKNOWN_PARENT, "parent hash is not the hash of the parent header");
    if (h->timestamp <= p->timestamp)
        return FAIL(INVALID_BLOCK_TIMESTAMP_OLDER_THAN_PARENT, "timestamp %llu, parent %llu",
                    (unsigned long long)h->timestamp, (unsigned long long)p->timestamp);
    return BLK_ERR_OK;
}

blk_error hdr_validate(const hdr *h, const hdr *p, const chain_config *c, rivet_diag *d)
{
    rivet_fork fork = chain_fork(c, h->number, h->timestamp);
    unsigned want = hdr_fields_for(fork);
    if (h->nfields != want)
        return FAIL(INCORRECT_BLOCK_FORMAT, "%u header fields, %s has %u", h->nfields,
                    fork_name(fork), want);
    blk_error e = hdr_check_parent(h, p, d);
    if (e != BLK_ERR_OK) return e;
    if (h->extra_len > BLK_MAX_EXTRA_DATA)
        return FAIL(EXTRA_DATA_TOO_BIG, "%zu bytes of extra data", h->extra_len);
    bool london_block =
        p && fork >= FORK_LONDON && chain_fork(c, p->number, p->timestamp) < FORK_LONDON;
    if ((e = hdr_check_gas_limit(h, p, london_block, d)) != BLK_ERR_OK) return e;
    if (fork >= FORK_LONDON && p) {
        u256 bf = hdr_next_base_fee(p, fork, london_block);
        if (!u256_eq(bf, h->base_fee)) {
            char got[67], exp[67];
            return FAIL(INVALID_BASEFEE_PER_GAS, "base fee %s, expected %s",
                        u256_to_hex(got, h->base_fee), u256_to_hex(exp, bf));
        }
    }
    if (fork >= FORK_PARIS) {
        if (!u256_is_zero(h->difficulty))
            return FAIL(IMPORT_IMPOSSIBLE_DIFFICULTY_OVER_PARIS, "difficulty must be 0");
        static const uint8_t zero8[8];
        if (memcmp(h->nonce, zero8, 8) != 0)
            return FAIL(INCORRECT_BLOCK_FORMAT, "nonce must be 0 after the merge");
        if (memcmp(h->ommers_hash, empty_ommers_hash, 32) != 0)
            return FAIL(IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS, "ommers hash must be empty");
    }
    if (fork >= FORK_CANCUN) return hdr_check_blob(h, p, fork, c, d);
    return BLK_ERR_OK;
}
