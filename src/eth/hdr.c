/* Block headers: error names, strict decoding, encoding and the block hash. */
#include <stddef.h>
#include <string.h>

#include "rivet/block.h"
#include "rivet/crypto.h"

#define BLK_EXC "BlockException."

static const char *const blk_error_names[] = {
#define X(id, fixture) fixture ? BLK_EXC #id : #id,
    BLK_ERROR_LIST(X)
#undef X
};

const char *blk_error_name(blk_error e)
{
    return (unsigned)e < BLK_ERR_COUNT ? blk_error_names[e] : "unknown";
}

rivet_status blk_error_status(blk_error e)
{
    switch (e) {
    case BLK_ERR_OK: return RIVET_OK;
    case BLK_ERR_NOMEM: return RIVET_ENOMEM;
    case BLK_ERR_RLP_STRUCTURES_ENCODING:
    case BLK_ERR_RLP_WITHDRAWALS_NOT_READ:
    case BLK_ERR_RLP_INVALID_FIELD_OVERFLOW_64:
    case BLK_ERR_RLP_INVALID_ADDRESS:
    case BLK_ERR_EXTRA_DATA_TOO_BIG:
    case BLK_ERR_INCORRECT_BLOCK_FORMAT: return RIVET_EINPUT;
    default: return RIVET_EINVALID;
    }
}

bool blk_error_matches(blk_error e, const char *expected)
{
    if (e == BLK_ERR_OK || !expected) return false;
    const char *name = blk_error_names[e];
    size_t n = strlen(name);
    for (const char *p = expected; *p;) {
        const char *bar = strchr(p, '|');
        size_t k = bar ? (size_t)(bar - p) : strlen(p);
        if (k == n && memcmp(p, name, n) == 0) return true;
        p += k + (bar != NULL);
    }
    return false;
}

/* Header fields in order: X(name, kind, member). Kinds: H32 (32 bytes), ADDR (20), BLOOM (256),
   NONCE (8), U256, U64, EXTRA (at most 32 bytes). */
#define HDR_FIELD_LIST(X)                                                                          \
    X("parentHash", H32, parent_hash)                                                              \
    X("ommersHash", H32, ommers_hash)                                                              \
    X("coinbase", ADDR, coinbase)                                                                  \
    X("stateRoot", H32, state_root)                                                                \
    X("transactionsRoot", H32, tx_root)                                                            \
    X("receiptsRoot", H32, receipts_root)                                                          \
    X("logsBloom", BLOOM, bloom)                                                                   \
    X("difficulty", U256, difficulty)                                                              \
    X("number", U64, number)                                                                       \
    X("gasLimit", U64, gas_limit)                                                                  \
    X("gasUsed", U64, gas_used)                                                                    \
    X("timestamp", U64, timestamp)                                                                 \
    X("extraData", EXTRA, extra)                                                                   \
    X("mixHash", H32, mix_hash)                                                                    \
    X("nonce", NONCE, nonce)                                                                       \
    X("baseFeePerGas", U256, base_fee)                                                             \
    X("withdrawalsRoot", H32, withdrawals_root)                                                    \
    X("blobGasUsed", U64, blob_gas_used)                                                           \
    X("excessBlobGas", U64, excess_blob_gas)                                                       \
    X("parentBeaconBlockRoot", H32, parent_beacon_root)                                            \
    X("requestsHash", H32, requests_hash)                                                          \
    X("blockAccessListHash", H32, bal_hash)                                                        \
    X("slotNumber", U64, slot_number)

enum hdr_kind { K_H32, K_ADDR, K_BLOOM, K_NONCE, K_U256, K_U64, K_EXTRA };

static const struct hdr_field {
    const char *name;
    enum hdr_kind kind;
    size_t off;
} hdr_fields[] = {
#define X(name, kind, member) {name, K_##kind, offsetof(hdr, member)},
    HDR_FIELD_LIST(X)
#undef X
};

enum { HDR_MAX_FIELDS = sizeof hdr_fields / sizeof hdr_fields[0] };

static bool hdr_count_ok(size_t n)
{
    return n >= HDR_FIELDS_LEGACY && n <= HDR_MAX_FIELDS && n != 18;
}

/* The name without the "BlockException." prefix. */
static const char *blk_error_short(blk_error e)
{
    const char *n = blk_error_name(e);
    return strncmp(n, BLK_EXC, sizeof BLK_EXC - 1) == 0 ? n + sizeof BLK_EXC - 1 : n;
}

static blk_error hdr_fail(rivet_diag *d, blk_error e, size_t pos, const char *what)
{
    rivet_fail(d, blk_error_status(e), pos, "%s: header %s", blk_error_short(e), what);
    return e;
}

static blk_error hdr_field(const rlp_item *it, const struct hdr_field *f, hdr *h, rivet_diag *d)
{
    uint8_t *dst = (uint8_t *)h + f->off;
    static const size_t fixed[] = {[K_H32] = 32, [K_ADDR] = 20, [K_BLOOM] = 256, [K_NONCE] = 8};
    if (it->list) return hdr_fail(d, BLK_ERR_RLP_STRUCTURES_ENCODING, it->off, f->name);
    switch (f->kind) {
    case K_H32:
    case K_ADDR:
    case K_BLOOM:
    case K_NONCE:
        if (it->len != fixed[f->kind])
            return hdr_fail(d,
                            f->kind == K_ADDR ? BLK_ERR_RLP_INVALID_ADDRESS
                                              : BLK_ERR_RLP_STRUCTURES_ENCODING,
                            it->off, f->name);
        memcpy(dst, it->p, it->len);
        return BLK_ERR_OK;
    case K_U256:
        if (rlp_get_u256(it, (u256 *)dst, NULL) != RIVET_OK)
            return hdr_fail(d, BLK_ERR_RLP_STRUCTURES_ENCODING, it->off, f->name);
        return BLK_ERR_OK;
    case K_U64:
        if (it->len > 8)
            return hdr_fail(d, BLK_ERR_RLP_INVALID_FIELD_OVERFLOW_64, it->off, f->name);
        if (rlp_get_u64(it, (uint64_t *)dst, NULL) != RIVET_OK)
            return hdr_fail(d, BLK_ERR_RLP_STRUCTURES_ENCODING, it->off, f->name);
        return BLK_ERR_OK;
    case K_EXTRA:
        if (it->len > BLK_MAX_EXTRA_DATA)
            return hdr_fail(d, BLK_ERR_EXTRA_DATA_TOO_BIG, it->off, f->name);
        memcpy(dst, it->p, it->len);
        h->extra_len = it->len;
        return BLK_ERR_OK;
    }
    return BLK_ERR_OK;
}

blk_error hdr_decode_item(const rlp_item *list, hdr *h, rivet_diag *d)
{
    memset(h, 0, sizeof *h);
    if (!list->list)
        return hdr_fail(d, BLK_ERR_RLP_STRUCTURES_ENCODING, list->off, "is not a list");
    rlp_item items[HDR_MAX_FIELDS + 1];
    size_t n = 0;
    if (rlp_list_items(list, items, HDR_MAX_FIELDS + 1, &n, d) != RIVET_OK)
        return BLK_ERR_RLP_STRUCTURES_ENCODING;
    if (!hdr_count_ok(n)) {
        rivet_fail(d, RIVET_EINPUT, list->off,
                   "INCORRECT_BLOCK_FORMAT: header has %zu fields (15-17 or 19-23 expected)", n);
        return BLK_ERR_INCORRECT_BLOCK_FORMAT;
    }
    for (size_t i = 0; i < n; i++) {
        blk_error e = hdr_field(&items[i], &hdr_fields[i], h, d);
        if (e != BLK_ERR_OK) return e;
    }
    h->nfields = (unsigned)n;
    return BLK_ERR_OK;
}

blk_error hdr_decode(const uint8_t *in, size_t len, hdr *h, rivet_diag *d)
{
    rlp_item it;
    if (rlp_decode(in, len, &it, d) != RIVET_OK) {
        memset(h, 0, sizeof *h);
        return BLK_ERR_RLP_STRUCTURES_ENCODING;
    }
    return hdr_decode_item(&it, h, d);
}

rivet_status hdr_encode(const hdr *h, rivet_buf *b)
{
    if (!hdr_count_ok(h->nfields)) return RIVET_EINVALID;
    size_t mark = rlp_list_begin(b);
    rivet_status s = RIVET_OK;
    for (unsigned i = 0; i < h->nfields && s == RIVET_OK; i++) {
        const struct hdr_field *f = &hdr_fields[i];
        const uint8_t *src = (const uint8_t *)h + f->off;
        switch (f->kind) {
        case K_H32: s = rlp_put_bytes(b, src, 32); break;
        case K_ADDR: s = rlp_put_bytes(b, src, 20); break;
        case K_BLOOM: s = rlp_put_bytes(b, src, 256); break;
        case K_NONCE: s = rlp_put_bytes(b, src, 8); break;
        case K_U256: s = rlp_put_u256(b, *(const u256 *)src); break;
        case K_U64: s = rlp_put_u64(b, *(const uint64_t *)src); break;
        case K_EXTRA: s = rlp_put_bytes(b, src, h->extra_len); break;
        }
    }
    return s == RIVET_OK ? rlp_list_end(b, mark) : s;
}

rivet_status hdr_hash(const hdr *h, uint8_t out[32])
{
    rivet_buf b = {0};
    rivet_status s = hdr_encode(h, &b);
    if (s == RIVET_OK) crypto_keccak256(out, b.p, b.n);
    buf_free(&b);
    return s;
}
