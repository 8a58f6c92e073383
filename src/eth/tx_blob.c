/* The network form of blob transactions (EIP-4844, EIP-7594): decoding the wrapper and checking
   the sidecar (versioned hashes, KZG proofs) against the transaction it carries. */
#include <string.h>

#include "rivet/crypto.h"
#include "rivet/rlp.h"
#include "rivet/tx.h"

bool tx_is_network_form(const uint8_t *in, size_t len)
{
    rlp_item list;
    size_t used;
    return len > 1 && in[0] == TX_BLOB &&
           rlp_decode_item(in + 1, len - 1, 1, &list, &used, NULL) == RIVET_OK && list.list &&
           list.len > 0 && list.p[0] >= 0xc0;
}

/* A list of exactly-`size`-byte strings into out[0..max): *n gets the count. */
static rivet_status fixed_list(const rlp_item *list, size_t size, const uint8_t **out, size_t max,
                               size_t *n, const char *what, rivet_diag *d)
{
    if (!list->list)
        return rivet_fail(d, RIVET_EINPUT, list->off, "blob sidecar: %s is not a list", what);
    rlp_iter it;
    rlp_item x;
    rivet_status st;
    *n = 0;
    rlp_iter_init(&it, list);
    while ((st = rlp_iter_next(&it, &x, d)) == RIVET_OK) {
        if (x.list || x.len != size)
            return rivet_fail(d, RIVET_EINPUT, x.off, "blob sidecar: %s %zu is not %zu bytes", what,
                              *n, size);
        if (*n == max)
            return rivet_fail(d, RIVET_EINPUT, x.off, "blob sidecar: more than %zu %s", max, what);
        out[(*n)++] = x.p;
    }
    return st == RIVET_EMISSING ? RIVET_OK : st;
}

rivet_status tx_sidecar_decode(const uint8_t *in, size_t len, tx_sidecar *out, rivet_diag *d)
{
    memset(out, 0, sizeof *out);
    if (len < 2 || in[0] != TX_BLOB)
        return rivet_fail(d, RIVET_EINPUT, 0, "blob sidecar: not a type 3 envelope");
    rlp_item outer, items[5];
    size_t n;
    rivet_status st = rlp_decode(in + 1, len - 1, &outer, d);
    if (st != RIVET_OK) return st;
    if (!outer.list) return rivet_fail(d, RIVET_EINPUT, 1, "blob sidecar: payload is not a list");
    if ((st = rlp_list_items(&outer, items, 5, &n, d)) != RIVET_OK) return st;
    if (n != 4 && n != 5)
        return rivet_fail(d, RIVET_EINPUT, 1,
                          "blob sidecar: %zu items (want [tx, blobs, commitments, proofs] or "
                          "[tx, version, blobs, commitments, cell_proofs])",
                          n);
    if (!items[0].list)
        return rivet_fail(d, RIVET_EINPUT, items[0].off, "blob sidecar: transaction is not a list");
    out->body = items[0].p - items[0].hdr;
    out->body_len = items[0].hdr + items[0].len;
    const rlp_item *rest = items + 1;
    if (n == 5) {
        uint64_t v;
        if (rlp_get_u64(&items[1], &v, d) != RIVET_OK || v != 1)
            return rivet_fail(d, RIVET_EINPUT, items[1].off,
                              "blob sidecar: wrapper version must be 1 (EIP-7594)");
        out->version = 1;
        rest++;
    }
    size_t nc, per = out->version ? TX_CELLS_PER_BLOB : 1;
    if ((st = fixed_list(&rest[0], TX_BLOB_BYTES, out->blob, TX_SIDECAR_MAX_BLOBS, &out->nblobs,
                         "blobs", d)) != RIVET_OK ||
        (st = fixed_list(&rest[1], 48, out->commitment, TX_SIDECAR_MAX_BLOBS, &nc, "commitments",
                         d)) != RIVET_OK ||
        (st = fixed_list(&rest[2], 48, out->proof, TX_SIDECAR_MAX_BLOBS * TX_CELLS_PER_BLOB,
                         &out->nproofs, "proofs", d)) != RIVET_OK)
        return st;
    if (nc != out->nblobs)
        return rivet_fail(d, RIVET_EINPUT, rest[1].off,
                          "blob sidecar: %zu blobs but %zu commitments", out->nblobs, nc);
    if (out->nproofs != out->nblobs * per)
        return rivet_fail(d, RIVET_EINPUT, rest[2].off,
                          "blob sidecar: %zu blobs need %zu %s, got %zu", out->nblobs,
                          out->nblobs * per, out->version ? "cell proofs" : "proofs", out->nproofs);
    return RIVET_OK;
}

rivet_status tx_sidecar_verify(const tx_sidecar *sc, const tx *t, bool *cells_unchecked,
                               rivet_diag *d)
{
    *cells_unchecked = false;
    if (sc->nblobs != t->blob_hashes_len)
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS,
                          "blob sidecar: %zu blobs for %zu versioned hashes", sc->nblobs,
                          t->blob_hashes_len);
    for (size_t i = 0; i < sc->nblobs; i++) {
        uint8_t h[32];
        crypto_kzg_versioned_hash(h, sc->commitment[i]);
        if (memcmp(h, t->blob_hashes[i], 32) != 0)
            return rivet_fail(
                d, RIVET_EINVALID, RIVET_NOPOS,
                "blob sidecar: blob %zu: versioned hash does not match its commitment", i);
    }
    if (sc->version) {
        *cells_unchecked = true;
        return RIVET_OK;
    }
    for (size_t i = 0; i < sc->nblobs; i++) {
        bool ok = false;
        crypto_err e = crypto_kzg_verify_blob(&ok, sc->blob[i], sc->commitment[i], sc->proof[i]);
        if (e == CRYPTO_UNSUPPORTED)
            return rivet_fail(d, RIVET_EUNSUPPORTED, RIVET_NOPOS,
                              "blob sidecar: KZG verification not built (no blst)");
        if (e == CRYPTO_NOMEM) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
        if (e != CRYPTO_OK)
            return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "blob sidecar: blob %zu: %s", i,
                              crypto_err_str(e));
        if (!ok)
            return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS,
                              "blob sidecar: blob %zu: invalid KZG proof", i);
    }
    return RIVET_OK;
}
