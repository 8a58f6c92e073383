/* The blob transaction network form (tx_sidecar_decode, tx_sidecar_verify): wrappers built here
   around c-kzg-4844's commitments and proofs (unit/crypto/kzg_vectors.h, from the `ckzg`
   package), the EIP-4844 and EIP-7594 shapes, mismatched hashes and proofs, malformed wrappers
   and every truncation of a valid one. */
#include "test.h"

#include "rivet/rlp.h"
#include "rivet/tx.h"
#include "unit/crypto/kzg_vectors.h"

/* A type 3 payload body carrying the versioned hashes of kzg_vecs[idx[0..n)] (not signed:
   decoding and the sidecar check do not recover the sender). */
static void put_body(rivet_buf *b, const int *idx, size_t n, const char *bad_hash)
{
    size_t m = rlp_list_begin(b);
    uint8_t to[20] = {0x11}, h[32];
    assert_int_equal(rlp_put_u64(b, 31337), RIVET_OK); /* chain id */
    assert_int_equal(rlp_put_u64(b, 0), RIVET_OK);     /* nonce */
    assert_int_equal(rlp_put_u64(b, 1000000000), RIVET_OK);
    assert_int_equal(rlp_put_u64(b, 2000000000), RIVET_OK);
    assert_int_equal(rlp_put_u64(b, 21000), RIVET_OK);
    assert_int_equal(rlp_put_bytes(b, to, 20), RIVET_OK);
    assert_int_equal(rlp_put_u64(b, 0), RIVET_OK);         /* value */
    assert_int_equal(rlp_put_bytes(b, NULL, 0), RIVET_OK); /* data */
    size_t al = rlp_list_begin(b);
    assert_int_equal(rlp_list_end(b, al), RIVET_OK);
    assert_int_equal(rlp_put_u64(b, 1000), RIVET_OK); /* max fee per blob gas */
    size_t hl = rlp_list_begin(b);
    for (size_t i = 0; i < n; i++) {
        test_hex(h, 32, kzg_vecs[idx[i]].versioned_hash);
        if (bad_hash && i == n - 1) test_hex(h, 32, bad_hash);
        assert_int_equal(rlp_put_bytes(b, h, 32), RIVET_OK);
    }
    assert_int_equal(rlp_list_end(b, hl), RIVET_OK);
    assert_int_equal(rlp_put_u64(b, 1), RIVET_OK);
    assert_int_equal(rlp_put_u64(b, 1), RIVET_OK);
    assert_int_equal(rlp_put_u64(b, 1), RIVET_OK);
    assert_int_equal(rlp_list_end(b, m), RIVET_OK);
}

typedef struct {
    int version;      /* 0, 1 */
    size_t cells;     /* proofs per blob */
    bool swap_proofs; /* blob i gets blob (i+1)'s proof */
    const char *bad_hash;
} shape;

/* 0x03 || rlp([body, (version,) blobs, commitments, proofs]) for kzg_vecs[idx[0..n)]. */
static rivet_buf wrap(const int *idx, size_t n, shape s)
{
    rivet_buf b = {0};
    uint8_t g[48];
    assert_int_equal(buf_append(&b, (const uint8_t *)"\x03", 1), RIVET_OK);
    size_t m = rlp_list_begin(&b);
    put_body(&b, idx, n, s.bad_hash);
    if (s.version) assert_int_equal(rlp_put_u64(&b, (uint64_t)s.version), RIVET_OK);
    size_t l = rlp_list_begin(&b);
    for (size_t i = 0; i < n; i++) {
        uint8_t *blob = make_blob(kzg_vecs[idx[i]].blob);
        assert_int_equal(rlp_put_bytes(&b, blob, CRYPTO_BLOB_BYTES), RIVET_OK);
        free(blob);
    }
    assert_int_equal(rlp_list_end(&b, l), RIVET_OK);
    l = rlp_list_begin(&b);
    for (size_t i = 0; i < n; i++) {
        test_hex(g, 48, kzg_vecs[idx[i]].commitment);
        assert_int_equal(rlp_put_bytes(&b, g, 48), RIVET_OK);
    }
    assert_int_equal(rlp_list_end(&b, l), RIVET_OK);
    l = rlp_list_begin(&b);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < s.cells; k++) {
            test_hex(g, 48, kzg_vecs[idx[s.swap_proofs ? (i + 1) % n : i]].proof);
            assert_int_equal(rlp_put_bytes(&b, g, 48), RIVET_OK);
        }
    assert_int_equal(rlp_list_end(&b, l), RIVET_OK);
    assert_int_equal(rlp_list_end(&b, m), RIVET_OK);
    return b;
}

/* Decode, then the transaction, then the check. */
static rivet_status check(const rivet_buf *w, bool *cells_unchecked, rivet_diag *d)
{
    tx_sidecar sc;
    rivet_diag_clear(d);
    rivet_status st = tx_sidecar_decode(w->p, w->n, &sc, d);
    if (st != RIVET_OK) return st;
    assert_true(tx_is_network_form(w->p, w->n));
    uint8_t *raw = malloc(sc.body_len + 1);
    raw[0] = 3;
    memcpy(raw + 1, sc.body, sc.body_len);
    tx t;
    assert_int_equal(tx_decode(raw, sc.body_len + 1, &t, d), TX_ERR_OK);
    assert_false(tx_is_network_form(raw, sc.body_len + 1));
    st = tx_sidecar_verify(&sc, &t, cells_unchecked, d);
    tx_free(&t);
    free(raw);
    return st;
}

static const int two[] = {1, 2}, three[] = {3, 0, 4};

static void eip4844_form_verifies(void **state)
{
    (void)state;
    rivet_diag d;
    bool cu = true;
    rivet_buf w = wrap(three, 3, (shape){0, 1, false, NULL});
    rivet_status st = check(&w, &cu, &d);
    if (st == RIVET_EUNSUPPORTED) skip();
    assert_int_equal(st, RIVET_OK);
    assert_false(cu);
    buf_free(&w);
    /* the canonical tx is refused by the network-form decoder and the reverse */
    w = wrap(two, 2, (shape){0, 1, false, NULL});
    tx_sidecar sc;
    assert_int_equal(tx_sidecar_decode(w.p, w.n, &sc, &d), RIVET_OK);
    tx t;
    assert_int_equal(tx_decode(w.p, w.n, &t, &d), TX_ERR_TYPE_3_TX_WITH_FULL_BLOBS);
    buf_free(&w);
}

static void bad_proof_and_hash_rejected(void **state)
{
    (void)state;
    rivet_diag d;
    bool cu;
    rivet_buf w = wrap(two, 2, (shape){0, 1, true, NULL});
    rivet_status st = check(&w, &cu, &d);
    if (st == RIVET_EUNSUPPORTED) skip();
    assert_int_equal(st, RIVET_EINVALID);
    assert_non_null(strstr(d.msg, "blob 0: invalid KZG proof"));
    buf_free(&w);
    w = wrap(two, 2, (shape){0, 1, false, kzg_vecs[3].versioned_hash});
    assert_int_equal(check(&w, &cu, &d), RIVET_EINVALID);
    assert_non_null(strstr(d.msg, "blob 1: versioned hash"));
    buf_free(&w);
}

static void eip7594_form(void **state)
{
    (void)state;
    rivet_diag d;
    bool cu = false;
    rivet_buf w = wrap(two, 2, (shape){1, TX_CELLS_PER_BLOB, false, NULL});
    assert_int_equal(check(&w, &cu, &d), RIVET_OK);
    assert_true(cu);
    buf_free(&w);
    w = wrap(two, 2, (shape){1, 1, false, NULL}); /* one proof per blob in the 7594 form */
    assert_int_equal(check(&w, &cu, &d), RIVET_EINPUT);
    assert_non_null(strstr(d.msg, "need 256 cell proofs, got 2"));
    buf_free(&w);
    w = wrap(two, 2, (shape){2, TX_CELLS_PER_BLOB, false, NULL});
    assert_int_equal(check(&w, &cu, &d), RIVET_EINPUT);
    assert_non_null(strstr(d.msg, "wrapper version"));
    buf_free(&w);
}

static void malformed_wrappers(void **state)
{
    (void)state;
    rivet_diag d;
    tx_sidecar sc;
    rivet_buf w = wrap(two, 2, (shape){0, 2, false, NULL}); /* two proofs per blob */
    rivet_diag_clear(&d);
    assert_int_equal(tx_sidecar_decode(w.p, w.n, &sc, &d), RIVET_EINPUT);
    assert_non_null(strstr(d.msg, "need 2 proofs, got 4"));
    /* every truncation is a clean error; so is a trailing byte */
    for (size_t n = 0; n < w.n; n += (n < 400 || w.n - n < 400) ? 1 : 997)
        assert_int_not_equal(tx_sidecar_decode(w.p, n, &sc, &d), RIVET_OK);
    assert_int_equal(buf_append(&w, (const uint8_t *)"\x00", 1), RIVET_OK);
    assert_int_equal(tx_sidecar_decode(w.p, w.n, &sc, &d), RIVET_EINPUT);
    buf_free(&w);
    /* a blob one byte short */
    static const uint8_t shortb[] = {0x03, 0xc5, 0xc0, 0xc1, 0x80, 0xc0, 0xc0};
    rivet_diag_clear(&d);
    assert_int_equal(tx_sidecar_decode(shortb, sizeof shortb, &sc, &d), RIVET_EINPUT);
    assert_non_null(strstr(d.msg, "blobs 0 is not 131072 bytes"));
    static const uint8_t three_items[] = {0x03, 0xc3, 0xc0, 0xc0, 0xc0};
    assert_int_equal(tx_sidecar_decode(three_items, sizeof three_items, &sc, &d), RIVET_EINPUT);
    assert_false(tx_is_network_form(three_items, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(eip4844_form_verifies),
        cmocka_unit_test(bad_proof_and_hash_rejected),
        cmocka_unit_test(eip7594_form),
        cmocka_unit_test(malformed_wrappers),
    };
    return test_main(tests);
}
