/* Filters (eth_newFilter, eth_newBlockFilter, eth_newPendingTransactionFilter, polled with
   eth_getFilterChanges) and execution witnesses: debug_executionWitness builds a block's witness
   with the exec layer's generator (wgen_block over the replayed pre-state) and the node checks it
   with the stateless validator (sl_validate) before answering rivet_checkWitness. */
#include <stdlib.h>
#include <string.h>

#include "rivet/stateless.h"

#include "node_impl.h"

#define ARG(i)    json_array_get(params, i)
#define BAD(what) node_fail(e, -32602, "Invalid params: %s", what)

static json_t *add_filter(node_chain *c, int kind, json_t *criteria, node_err *e)
{
    node_filter *f = NULL;
    for (size_t i = 0; i < c->nfilters && !f; i++)
        if (!c->filters[i].used) f = &c->filters[i];
    if (!f) {
        if (c->nfilters >= 4096) return node_fail(e, -32000, "too many filters");
        node_filter *v = realloc(c->filters, (c->nfilters + 1) * sizeof *v);
        if (!v) return node_fail(e, -32603, "out of memory");
        c->filters = v;
        f = &c->filters[c->nfilters++];
    }
    memset(f, 0, sizeof *f);
    f->used = true;
    f->id = c->next_filter++;
    f->kind = kind;
    f->next_block = c->nblocks;
    f->criteria = criteria ? json_incref(criteria) : NULL;
    return node_qty(f->id);
}

static node_filter *get_filter(node_chain *c, json_t *v)
{
    uint64_t id;
    if (!node_get_qty(v, &id)) return NULL;
    for (size_t i = 0; i < c->nfilters; i++)
        if (c->filters[i].used && c->filters[i].id == id) return &c->filters[i];
    return NULL;
}

json_t *node_rpc_new_filter(node_chain *c, json_t *params, node_err *e)
{
    if (!json_is_object(ARG(0))) return BAD("filter object");
    json_t *r = add_filter(c, NODE_F_LOGS, ARG(0), e);
    uint64_t from;
    json_t *fb = json_object_get(ARG(0), "fromBlock");
    if (r && fb && node_get_block(c, fb, &from) && json_is_string(fb) &&
        strncmp(json_string_value(fb), "0x", 2) == 0)
        c->filters[c->nfilters - 1].next_block = from; /* report from fromBlock on */
    return r;
}
json_t *node_rpc_new_block_filter(node_chain *c, json_t *params, node_err *e)
{
    return add_filter(c, NODE_F_BLOCK, NULL, e);
}
json_t *node_rpc_new_pending_filter(node_chain *c, json_t *params, node_err *e)
{
    return add_filter(c, NODE_F_PENDING, NULL, e);
}

json_t *node_rpc_uninstall_filter(node_chain *c, json_t *params, node_err *e)
{
    node_filter *f = get_filter(c, ARG(0));
    if (!f) return json_false();
    json_decref(f->criteria);
    f->criteria = NULL;
    f->used = false;
    return json_true();
}

json_t *node_rpc_filter_changes(node_chain *c, json_t *params, node_err *e)
{
    node_filter *f = get_filter(c, ARG(0));
    if (!f) return node_fail(e, -32000, "filter not found");
    json_t *out;
    if (f->kind == NODE_F_LOGS) {
        json_t *tb = json_object_get(f->criteria, "toBlock");
        uint64_t to = c->nblocks - 1;
        if (tb) node_get_block(c, tb, &to);
        out = f->next_block <= to ? node_logs_query(c, f->criteria, f->next_block, to, e)
                                  : json_array();
    } else {
        out = json_array();
        if (f->kind == NODE_F_BLOCK)
            for (uint64_t n = f->next_block; n < c->nblocks; n++)
                json_array_append_new(out, node_hexb(c->blocks[n].b.hash, 32));
    }
    f->next_block = c->nblocks;
    return out;
}

json_t *node_rpc_filter_logs(node_chain *c, json_t *params, node_err *e)
{
    node_filter *f = get_filter(c, ARG(0));
    if (!f || f->kind != NODE_F_LOGS) return node_fail(e, -32000, "filter not found");
    uint64_t from = 0, to = c->nblocks - 1;
    json_t *fb = json_object_get(f->criteria, "fromBlock"),
           *tb = json_object_get(f->criteria, "toBlock");
    if (fb) node_get_block(c, fb, &from);
    if (tb) node_get_block(c, tb, &to);
    return node_logs_query(c, f->criteria, from, to, e);
}

/* ---- execution witnesses --------------------------------------------------------------------- */

static const hdr *header_at(void *ctx, uint64_t n)
{
    node_chain *c = ctx;
    return n < c->nblocks ? &c->blocks[n].b.header : NULL;
}

typedef struct jarr {
    json_t *a;
} jarr;

static rivet_status jadd(void *ctx, const uint8_t hash[32], const uint8_t *p, size_t len)
{
    (void)hash;
    json_array_append_new(((jarr *)ctx)->a, node_hexb(p, len));
    return RIVET_OK;
}

rivet_status node_witness(node_chain *c, uint64_t n, json_t **out, bool *valid, char *why,
                          size_t cap, rivet_diag *d)
{
    *out = NULL;
    *valid = false;
    if (n == 0 || n >= c->nblocks)
        return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS, "no block %llu (genesis has no witness)",
                          (unsigned long long)n);
    state pre;
    rivet_status st = node_state_before(c, n, &pre, d);
    if (st != RIVET_OK) return st;
    wit w;
    sl_result r;
    st = wgen_block_vm(&c->blocks[n].b, &pre, header_at, c, &c->cc, c->vm, &w, &r, d);
    state_free(&pre);
    if (st != RIVET_OK) return st;
    json_t *o = json_object();
    jarr sa = {json_array()}, ca = {json_array()};
    if (trie_memstore_each(w.nodes, false, jadd, &sa) != RIVET_OK ||
        trie_memstore_each(w.codes, false, jadd, &ca) != RIVET_OK)
        st = RIVET_ENOMEM; /* reported once the JSON is complete, below */
    json_t *ha = json_array();
    rivet_buf hb = {0};
    for (size_t i = 0; i < w.nheaders; i++) {
        hb.n = 0;
        if (hdr_encode(&w.headers[i].h, &hb) == RIVET_OK)
            json_array_append_new(ha, node_hexb(hb.p, hb.n));
    }
    buf_free(&hb);
    json_object_set_new(o, "state", sa.a);
    json_object_set_new(o, "codes", ca.a);
    json_object_set_new(o, "headers", ha);
    json_object_set_new(o, "keys", json_array());
    if (st != RIVET_OK) {
        wit_free(&w);
        json_decref(o);
        return rivet_fail(d, st, RIVET_NOPOS, "out of memory listing the witness");
    }
    /* the witness alone must validate the block */
    sl_result v;
    sl_opts so = {0, NULL, NULL, NULL, c->vm};
    st = sl_validate_opts(&c->blocks[n].b, &w, &c->cc, &so, &v);
    wit_free(&w);
    if (st != RIVET_OK) {
        json_decref(o);
        return rivet_fail(d, st, RIVET_NOPOS, "stateless validation failed to run");
    }
    *valid = v.valid && r.valid;
    snprintf(why, cap, "%s", v.valid ? r.error : v.error);
    *out = o;
    return RIVET_OK;
}

static json_t *witness_of(node_chain *c, json_t *params, node_err *e, bool report)
{
    uint64_t n;
    if (!node_get_block(c, ARG(0), &n)) return BAD("block");
    json_t *w;
    bool valid;
    char why[256];
    rivet_diag d;
    rivet_diag_clear(&d);
    if (node_witness(c, n, &w, &valid, why, sizeof why, &d) != RIVET_OK)
        return node_fail(e, -32000, "witness: %s", d.msg);
    if (!report) return w;
    json_decref(w);
    json_t *o = json_object();
    json_object_set_new(o, "block", node_qty(n));
    json_object_set_new(o, "valid", json_boolean(valid));
    if (!valid) json_object_set_new(o, "error", json_string(why));
    return o;
}

json_t *node_rpc_execution_witness(node_chain *c, json_t *params, node_err *e)
{
    return witness_of(c, params, e, false);
}
json_t *node_rpc_check_witness(node_chain *c, json_t *params, node_err *e)
{
    return witness_of(c, params, e, true);
}

json_t *node_rpc_raw_block(node_chain *c, json_t *params, node_err *e)
{
    uint64_t n;
    if (!node_get_block(c, ARG(0), &n)) return BAD("block");
    return node_hexb(c->blocks[n].raw, c->blocks[n].raw_len);
}

json_t *node_rpc_raw_header(node_chain *c, json_t *params, node_err *e)
{
    uint64_t n;
    if (!node_get_block(c, ARG(0), &n)) return BAD("block");
    const blk_bytes *h = &c->blocks[n].b.header_rlp;
    return node_hexb(h->p, h->len);
}

json_t *node_rpc_raw_tx(node_chain *c, json_t *params, node_err *e)
{
    uint8_t h[32];
    uint64_t loc;
    if (!node_get_hash(ARG(0), h)) return BAD("hash");
    if (!node_map_get(&c->txidx, h, &loc)) return json_null();
    const blk_bytes *t = &c->blocks[loc >> 32].b.tx_raw[loc & 0xffffffffu];
    return node_hexb(t->p, t->len);
}
