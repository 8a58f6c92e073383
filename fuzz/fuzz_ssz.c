/* libFuzzer harness: ssz_stateless_decode never crashes or reads out of bounds; a decoded input
   hashes (new-payload-request root), yields its block and witness, and every list item is inside
   it. */
#include <stdlib.h>
#include <string.h>

#include "rivet/ssz.h"
#include "rivet/witness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void touch(ssz_span s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ssz_span it = ssz_list_var_item(s, i);
        if (it.p < s.p || it.p + it.len > s.p + s.len) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ssz_stateless_input in;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (ssz_stateless_decode(data, size, &in, &d) != RIVET_OK) return 0;
    uint8_t root[32], out[SSZ_STATELESS_OUT_SIZE];
    if (ssz_new_payload_root(&in, root, &d) != RIVET_OK) abort();
    ssz_stateless_output(out, root, true, in.chain_id);
    touch(in.payload.transactions, in.payload.ntx);
    touch(in.requests, in.nrequests);
    touch(in.public_keys, in.npublic_keys);
    blk b;
    rivet_buf scratch = {0};
    if (ssz_payload_block(&in, &b, &scratch, &d) == BLK_ERR_OK) blk_free(&b);
    buf_free(&scratch);
    wit w;
    if (wit_from_ssz(&w, &in, &d) == RIVET_OK) {
        hdr h;
        memset(&h, 0, sizeof h);
        memcpy(h.parent_hash, in.payload.parent_hash, 32);
        h.number = in.payload.number;
        if (wit_link(&w, &h, &d) == RIVET_OK) trie_free(wit_open_state(&w));
        wit_free(&w);
    }
    return 0;
}
