/* libFuzzer harness for the witness and block decoders. The first byte picks the decoder:
   0 geth ExtWitness RLP, 1 witness JSON, 2 block RLP, 3 header RLP. Nothing may crash; a decoded
   header or block re-encodes to its input; a witness links against a block on top of its first
   header, and its state trie is walked for a few keys. */
#include <stdlib.h>
#include <string.h>

#include "rivet/witness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_witness(wit *w)
{
    rivet_diag d;
    rivet_diag_clear(&d);
    if (w->nheaders == 0) return;
    hdr h = w->headers[0].h;
    memcpy(h.parent_hash, w->headers[0].hash, 32);
    h.number++;
    if (wit_link(w, &h, &d) != RIVET_OK) return;
    uint8_t hash[32];
    wit_blockhash(w, h.number - 1, hash);
    trie *t = wit_open_state(w);
    for (uint8_t k = 0; t && k < 4; k++) {
        uint8_t key[20];
        memset(key, k, sizeof key);
        const uint8_t *v;
        size_t n;
        RIVET_IGNORE(trie_get(t, key, sizeof key, &v, &n, &d));
    }
    trie_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    const uint8_t *p = data + 1;
    size_t n = size - 1;
    rivet_diag d;
    rivet_diag_clear(&d);
    wit w;
    switch (data[0] & 3) {
    case 0:
        if (wit_from_rlp(&w, p, n, &d) == RIVET_OK) fuzz_witness(&w), wit_free(&w);
        break;
    case 1:
        if (wit_from_json(&w, (const char *)p, n, &d) == RIVET_OK) fuzz_witness(&w), wit_free(&w);
        break;
    case 2: {
        blk b;
        if (blk_decode(p, n, &b, &d) != BLK_ERR_OK) break;
        rivet_buf enc = {0};
        if (blk_encode(&b, &enc) != RIVET_OK || enc.n != n || memcmp(enc.p, p, n) != 0) abort();
        buf_free(&enc);
        uint8_t root[32];
        RIVET_IGNORE(blk_tx_root(&b, root, &d));
        RIVET_IGNORE(blk_withdrawals_root(&b, root, &d));
        blk_validate_body(&b, chain_by_name("mainnet"), &d);
        blk_free(&b);
        break;
    }
    default: {
        hdr h;
        if (hdr_decode(p, n, &h, &d) != BLK_ERR_OK) break;
        rivet_buf b = {0};
        if (hdr_encode(&h, &b) != RIVET_OK || b.n != n || memcmp(b.p, p, n) != 0) abort();
        buf_free(&b);
        hdr_validate(&h, &h, chain_by_name("hoodi"), &d);
        break;
    }
    }
    return 0;
}
