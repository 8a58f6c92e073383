/* Transactions: layouts, encoding, hashes and signatures. */
#include <string.h>

#include "eth/tx_impl.h"
#include "rivet/crypto.h"
#include "rivet/rlp.h"

#define SIG TXF_V, TXF_R, TXF_S
static const uint8_t tx_fields_legacy[] = {TXF_NONCE, TXF_GAS_PRICE, TXF_GAS, TXF_TO,
                                           TXF_VALUE, TXF_DATA,      SIG};
static const uint8_t tx_fields_2930[] = {TXF_CHAIN_ID, TXF_NONCE, TXF_GAS_PRICE, TXF_GAS, TXF_TO,
                                         TXF_VALUE,    TXF_DATA,  TXF_ACCESS,    SIG};
static const uint8_t tx_fields_1559[] = {TXF_CHAIN_ID, TXF_NONCE, TXF_PRIORITY, TXF_MAX_FEE,
                                         TXF_GAS,      TXF_TO,    TXF_VALUE,    TXF_DATA,
                                         TXF_ACCESS,   SIG};
static const uint8_t tx_fields_4844[] = {TXF_CHAIN_ID, TXF_NONCE,    TXF_PRIORITY, TXF_MAX_FEE,
                                         TXF_GAS,      TXF_TO,       TXF_VALUE,    TXF_DATA,
                                         TXF_ACCESS,   TXF_BLOB_FEE, TXF_BLOBS,    SIG};
static const uint8_t tx_fields_7702[] = {TXF_CHAIN_ID, TXF_NONCE, TXF_PRIORITY, TXF_MAX_FEE,
                                         TXF_GAS,      TXF_TO,    TXF_VALUE,    TXF_DATA,
                                         TXF_ACCESS,   TXF_AUTHS, SIG};
#undef SIG

#define LAYOUT(a)                                                                                  \
    {                                                                                              \
        a, sizeof a                                                                                \
    }
static const tx_layout tx_layouts[] = {LAYOUT(tx_fields_legacy), LAYOUT(tx_fields_2930),
                                       LAYOUT(tx_fields_1559), LAYOUT(tx_fields_4844),
                                       LAYOUT(tx_fields_7702)};
#undef LAYOUT

const tx_layout *tx_layout_of(uint8_t type)
{
    return type < sizeof tx_layouts / sizeof tx_layouts[0] ? &tx_layouts[type] : NULL;
}

const u256 tx_secp256k1_n = {
    {0xBFD25E8CD0364141ull, 0xBAAEDCE6AF48A03Bull, 0xFFFFFFFFFFFFFFFEull, 0xFFFFFFFFFFFFFFFFull}};
const u256 tx_secp256k1_half_n = {
    {0xDFE92F46681B20A0ull, 0x5D576E7357A4501Dull, 0xFFFFFFFFFFFFFFFFull, 0x7FFFFFFFFFFFFFFFull}};

/* ---- encoding ---- */

RIVET_MUST_USE static rivet_status tx_put_access(rivet_buf *b, const tx *t)
{
    size_t outer = rlp_list_begin(b);
    rivet_status s = RIVET_OK;
    for (size_t i = 0; s == RIVET_OK && i < t->access_len; i++) {
        const tx_access *a = &t->access[i];
        size_t entry = rlp_list_begin(b);
        s = rlp_put_bytes(b, a->addr, 20);
        size_t keys = rlp_list_begin(b);
        for (size_t k = 0; s == RIVET_OK && k < a->nkeys; k++)
            s = rlp_put_bytes(b, a->keys[k], 32);
        if (s == RIVET_OK) s = rlp_list_end(b, keys);
        if (s == RIVET_OK) s = rlp_list_end(b, entry);
    }
    return s == RIVET_OK ? rlp_list_end(b, outer) : s;
}

RIVET_MUST_USE static rivet_status tx_put_auths(rivet_buf *b, const tx *t)
{
    size_t outer = rlp_list_begin(b);
    rivet_status s = RIVET_OK;
    for (size_t i = 0; s == RIVET_OK && i < t->auths_len; i++) {
        const tx_auth *a = &t->auths[i];
        size_t entry = rlp_list_begin(b);
        s = rlp_put_u256(b, a->chain_id);
        if (s == RIVET_OK) s = rlp_put_bytes(b, a->addr, 20);
        if (s == RIVET_OK) s = rlp_put_u64(b, a->nonce);
        if (s == RIVET_OK) s = rlp_put_u64(b, a->y_parity);
        if (s == RIVET_OK) s = rlp_put_u256(b, a->r);
        if (s == RIVET_OK) s = rlp_put_u256(b, a->s);
        if (s == RIVET_OK) s = rlp_list_end(b, entry);
    }
    return s == RIVET_OK ? rlp_list_end(b, outer) : s;
}

RIVET_MUST_USE static rivet_status tx_put_blobs(rivet_buf *b, const tx *t)
{
    size_t outer = rlp_list_begin(b);
    rivet_status s = RIVET_OK;
    for (size_t i = 0; s == RIVET_OK && i < t->blob_hashes_len; i++)
        s = rlp_put_bytes(b, t->blob_hashes[i], 32);
    return s == RIVET_OK ? rlp_list_end(b, outer) : s;
}

rivet_status tx_put_field(rivet_buf *b, const tx *t, tx_field f)
{
    switch (f) {
    case TXF_CHAIN_ID: return rlp_put_u256(b, t->chain_id);
    case TXF_NONCE: return rlp_put_u64(b, t->nonce);
    case TXF_GAS_PRICE:
    case TXF_MAX_FEE: return rlp_put_u256(b, t->max_fee);
    case TXF_PRIORITY: return rlp_put_u256(b, t->max_priority_fee);
    case TXF_GAS: return rlp_put_u64(b, t->gas_limit);
    case TXF_TO: return rlp_put_bytes(b, t->to, t->create ? 0 : 20);
    case TXF_VALUE: return rlp_put_u256(b, t->value);
    case TXF_DATA: return rlp_put_bytes(b, t->data, t->data_len);
    case TXF_ACCESS: return tx_put_access(b, t);
    case TXF_BLOB_FEE: return rlp_put_u256(b, t->max_fee_per_blob_gas);
    case TXF_BLOBS: return tx_put_blobs(b, t);
    case TXF_AUTHS: return tx_put_auths(b, t);
    case TXF_V: return rlp_put_u256(b, t->v);
    case TXF_R: return rlp_put_u256(b, t->r);
    case TXF_S: return rlp_put_u256(b, t->s);
    case TXF_COUNT: break;
    }
    return RIVET_EINVALID;
}

/* Encodes the first n fields of t's layout, plus `extra` (chain_id, 0, 0) when set, as the
   envelope (type byte for typed transactions, then the RLP list). */
RIVET_MUST_USE static rivet_status tx_put(rivet_buf *b, const tx *t, size_t n, const u256 *extra)
{
    const tx_layout *lay = tx_layout_of(t->type);
    if (!lay) return RIVET_EUNSUPPORTED;
    rivet_status s = t->type != TX_LEGACY ? buf_push(b, t->type) : RIVET_OK;
    size_t mark = rlp_list_begin(b);
    for (size_t i = 0; s == RIVET_OK && i < n; i++)
        s = tx_put_field(b, t, lay->fields[i]);
    if (s == RIVET_OK && extra) {
        s = rlp_put_u256(b, *extra);
        if (s == RIVET_OK) s = rlp_put_u64(b, 0);
        if (s == RIVET_OK) s = rlp_put_u64(b, 0);
    }
    return s == RIVET_OK ? rlp_list_end(b, mark) : s;
}

rivet_status tx_encode(const tx *t, rivet_buf *b)
{
    const tx_layout *lay = tx_layout_of(t->type);
    return lay ? tx_put(b, t, lay->n, NULL) : RIVET_EUNSUPPORTED;
}

rivet_status tx_hash(const tx *t, uint8_t out[32])
{
    rivet_buf b = {0};
    rivet_status s = tx_encode(t, &b);
    if (s == RIVET_OK) crypto_keccak256(out, b.p, b.n);
    buf_free(&b);
    return s;
}

/* ---- signatures ---- */

/* Reads a legacy v: *eip155 and *chain_id for v = chain_id * 2 + 35/36, parity in *recid. */
static tx_error tx_legacy_v(u256 v, bool *eip155, u256 *chain_id, int *recid, rivet_diag *d)
{
    if (u256_eq(v, u256_from_u64(27)) || u256_eq(v, u256_from_u64(28))) {
        *eip155 = false;
        *chain_id = U256_ZERO;
        *recid = (int)v.w[0] - 27;
        return TX_ERR_OK;
    }
    if (u256_lt(v, u256_from_u64(35)))
        return tx_fail(
            d, u256_lt(v, u256_from_u64(2)) ? TX_ERR_INVALID_SIGNATURE_VRS : TX_ERR_INVALID_CHAINID,
            RIVET_NOPOS, "legacy v is neither 27/28 nor chain_id * 2 + 35/36");
    u256 x = u256_sub(v, u256_from_u64(35));
    *eip155 = true;
    *chain_id = u256_shr_n(x, 1);
    *recid = (int)(x.w[0] & 1);
    return TX_ERR_OK;
}

/* Checks v, r and s for the type and fork; *recid gets the recovery id. */
static tx_error tx_check_sig(const tx *t, rivet_fork fork, int *recid, rivet_diag *d)
{
    if (t->type == TX_LEGACY) {
        bool eip155;
        u256 cid;
        bool pre155 = fork < FORK_SPURIOUS;
        tx_error e = tx_legacy_v(t->v, &eip155, &cid, recid, pre155 ? NULL : d);
        if (pre155 && (e != TX_ERR_OK || eip155))
            return tx_fail(d, TX_ERR_INVALID_SIGNATURE_VRS, RIVET_NOPOS,
                           "v other than 27/28 before Spurious Dragon");
        if (e != TX_ERR_OK) return e;
    } else {
        if (!u256_lt(t->v, u256_from_u64(2)))
            return tx_fail(d, TX_ERR_INVALID_SIGNATURE_VRS, RIVET_NOPOS, "y parity is not 0 or 1");
        *recid = (int)t->v.w[0];
    }
    if (u256_is_zero(t->r) || !u256_lt(t->r, tx_secp256k1_n) || u256_is_zero(t->s) ||
        !u256_lt(t->s, tx_secp256k1_n))
        return tx_fail(d, TX_ERR_INVALID_SIGNATURE_VRS, RIVET_NOPOS, "r or s is zero or >= n");
    bool low_s = t->type != TX_LEGACY || fork >= FORK_HOMESTEAD;
    if (low_s && u256_gt(t->s, tx_secp256k1_half_n))
        return tx_fail(d, TX_ERR_INVALID_SIGNATURE_VRS, RIVET_NOPOS, "s > n/2 (EIP-2)");
    return TX_ERR_OK;
}

tx_error tx_check_signature(const tx *t, rivet_fork fork, rivet_diag *d)
{
    int recid;
    return tx_check_sig(t, fork, &recid, d);
}

tx_error tx_signing_hash(const tx *t, uint8_t out[32], rivet_diag *d)
{
    const tx_layout *lay = tx_layout_of(t->type);
    if (!lay) return tx_fail(d, TX_ERR_TYPE_NOT_SUPPORTED, RIVET_NOPOS, "unknown transaction type");
    bool eip155 = false;
    u256 cid;
    int recid;
    if (t->type == TX_LEGACY) {
        tx_error e = tx_legacy_v(t->v, &eip155, &cid, &recid, d);
        if (e != TX_ERR_OK) return e;
    }
    rivet_buf b = {0};
    rivet_status s = tx_put(&b, t, lay->n - 3, eip155 ? &cid : NULL);
    if (s == RIVET_OK) crypto_keccak256(out, b.p, b.n);
    buf_free(&b);
    return s == RIVET_OK ? TX_ERR_OK : tx_fail(d, TX_ERR_NOMEM, RIVET_NOPOS, "signing payload");
}

static bool tx_recover(uint8_t addr[20], const uint8_t hash[32], u256 r, u256 s, int recid)
{
    uint8_t sig[64], pub[64];
    u256_to_be(sig, r);
    u256_to_be(sig + 32, s);
    if (!crypto_secp256k1_recover(pub, hash, sig, recid)) return false;
    crypto_pub_to_address(addr, pub);
    return true;
}

tx_error tx_sender(const tx *t, rivet_fork fork, uint8_t addr[20], rivet_diag *d)
{
    int recid;
    uint8_t h[32];
    tx_error e = tx_check_sig(t, fork, &recid, d);
    if (e == TX_ERR_OK) e = tx_signing_hash(t, h, d);
    if (e == TX_ERR_OK && !tx_recover(addr, h, t->r, t->s, recid))
        e = tx_fail(d, TX_ERR_EC_RECOVERY_FAIL, RIVET_NOPOS, "no public key recovers");
    return e;
}

tx_error tx_auth_authority(const tx_auth *a, uint8_t addr[20], rivet_diag *d)
{
    if (a->y_parity > 1 || u256_is_zero(a->r) || !u256_lt(a->r, tx_secp256k1_n) ||
        u256_is_zero(a->s))
        return tx_fail(d, TX_ERR_TYPE_4_INVALID_AUTHORITY_SIGNATURE, RIVET_NOPOS,
                       "authorization y parity, r or s out of range");
    if (u256_gt(a->s, tx_secp256k1_half_n))
        return tx_fail(d, TX_ERR_TYPE_4_INVALID_AUTHORITY_SIGNATURE_S_TOO_HIGH, RIVET_NOPOS,
                       "authorization s > n/2");
    rivet_buf b = {0};
    rivet_status s = buf_push(&b, 0x05);
    size_t mark = rlp_list_begin(&b);
    if (s == RIVET_OK) s = rlp_put_u256(&b, a->chain_id);
    if (s == RIVET_OK) s = rlp_put_bytes(&b, a->addr, 20);
    if (s == RIVET_OK) s = rlp_put_u64(&b, a->nonce);
    if (s == RIVET_OK) s = rlp_list_end(&b, mark);
    uint8_t h[32];
    if (s == RIVET_OK) crypto_keccak256(h, b.p, b.n);
    buf_free(&b);
    if (s != RIVET_OK) return tx_fail(d, TX_ERR_NOMEM, RIVET_NOPOS, "authorization payload");
    if (!tx_recover(addr, h, a->r, a->s, a->y_parity))
        return tx_fail(d, TX_ERR_TYPE_4_INVALID_AUTHORITY_SIGNATURE, RIVET_NOPOS,
                       "no public key recovers");
    return TX_ERR_OK;
}
