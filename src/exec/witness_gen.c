/* Witness generation: run a block statelessly over a full state exported into a node store,
   and keep what it touched. */
#include <stdlib.h>
#include <string.h>

#include "rivet/rlp.h"
#include "rivet/stateless.h"

rivet_status wgen_export_state(const state *s, trie_memstore *nodes, trie_memstore *codes,
                               uint8_t root[32], rivet_diag *d)
{
    return state_trie_export(s, nodes, codes, root, d);
}

RIVET_MUST_USE static rivet_status add_header(wit *w, const hdr *h, rivet_diag *d)
{
    rivet_buf b = {0};
    rivet_status st = hdr_encode(h, &b);
    if (st == RIVET_OK) st = wit_add_header(w, b.p, b.n, d);
    buf_free(&b);
    return st;
}

RIVET_MUST_USE static rivet_status copy_node(void *ctx, const uint8_t hash[32], const uint8_t *node,
                                             size_t len)
{
    (void)hash;
    return trie_memstore_put(ctx, node, len);
}

rivet_status wgen_block(const blk *b, const state *pre, wgen_header_fn headers, void *hctx,
                        const chain_config *c, wit *out, sl_result *r, rivet_diag *d)
{
    return wgen_block_vm(b, pre, headers, hctx, c, NULL, out, r, d);
}

rivet_status wgen_block_vm(const blk *b, const state *pre, wgen_header_fn headers, void *hctx,
                           const chain_config *c, const exec_vm *vm, wit *out, sl_result *r,
                           rivet_diag *d)
{
    wit full;
    rivet_status st = wit_init(&full);
    if (st != RIVET_OK) return rivet_fail(d, st, RIVET_NOPOS, "out of memory");
    if ((st = wit_init(out)) != RIVET_OK) {
        wit_free(&full);
        return rivet_fail(d, st, RIVET_NOPOS, "out of memory");
    }
    uint8_t root[32];
    st = wgen_export_state(pre, full.nodes, full.codes, root, d);
    /* every ancestor BLOCKHASH may ask for: the parent and up to 255 more */
    uint64_t n = b->header.number;
    for (uint64_t k = 1; st == RIVET_OK && k <= 256 && k <= n; k++) {
        const hdr *h = headers(hctx, n - k);
        if (!h) break;
        st = add_header(&full, h, d);
    }
    if (st == RIVET_OK) {
        trie_memstore_untouch(full.nodes);
        trie_memstore_untouch(full.codes);
        sl_opts o = {0, NULL, NULL, NULL, vm};
        st = sl_validate_opts(b, &full, c, &o, r);
    }
    if (st == RIVET_OK) st = trie_memstore_each(full.nodes, true, copy_node, out->nodes);
    if (st == RIVET_OK) st = trie_memstore_each(full.codes, true, copy_node, out->codes);
    uint64_t oldest = r->oldest_hash < n - 1 ? r->oldest_hash : n - 1;
    for (uint64_t k = n; st == RIVET_OK && k-- > oldest;) {
        const hdr *h = headers(hctx, k);
        if (h) st = add_header(out, h, d);
    }
    wit_free(&full);
    if (st != RIVET_OK) {
        wit_free(out);
        rivet_fail(d, st, RIVET_NOPOS, "witness generation failed");
    }
    return st;
}

typedef struct enc_ctx {
    rivet_buf *out;
} enc_ctx;

RIVET_MUST_USE static rivet_status enc_item(void *ctx, const uint8_t hash[32], const uint8_t *node,
                                            size_t len)
{
    (void)hash;
    return rlp_put_bytes(((enc_ctx *)ctx)->out, node, len);
}

rivet_status wgen_encode_rlp(wit *w, rivet_buf *out)
{
    enc_ctx e = {out};
    size_t all = rlp_list_begin(out), m = rlp_list_begin(out);
    rivet_status st = RIVET_OK;
    rivet_buf hb = {0};
    for (size_t i = 0; i < w->nheaders && st == RIVET_OK; i++) {
        hb.n = 0;
        if ((st = hdr_encode(&w->headers[i].h, &hb)) == RIVET_OK)
            st = rlp_put_raw(out, hb.p, hb.n); /* a list, as geth's []*types.Header */
    }
    buf_free(&hb);
    if (st == RIVET_OK) st = rlp_list_end(out, m);
    if (st == RIVET_OK) {
        m = rlp_list_begin(out);
        st = trie_memstore_each(w->codes, false, enc_item, &e);
        if (st == RIVET_OK) st = rlp_list_end(out, m);
    }
    if (st == RIVET_OK) {
        m = rlp_list_begin(out);
        st = trie_memstore_each(w->nodes, false, enc_item, &e);
        if (st == RIVET_OK) st = rlp_list_end(out, m);
    }
    if (st == RIVET_OK) {
        m = rlp_list_begin(out);
        st = rlp_list_end(out, m);
    }
    return st == RIVET_OK ? rlp_list_end(out, all) : st;
}
