/* Mining and block replay through the exec layer's block executor (bexec_apply): the node
   builds a header, picks pool transactions (checked on an overlay first so that the block is
   valid), executes the block over the chain's state, fills gas used, receipts root, bloom,
   requests hash and state root in, and journals the block. Replay runs the same executor. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rivet/crypto.h"
#include "rivet/stateless.h"
#include "rivet/trie.h"

#include "node_impl.h"

rivet_status node_encode_block(const hdr *h, const blk_bytes *txs, const uint8_t *types, size_t n,
                               rivet_buf *out);
rivet_status node_push_block(node_chain *c, uint8_t *raw, size_t len, node_receipt *rc,
                             node_log *logs, size_t nlogs, rivet_diag *d);
rivet_status node_exec_block(node_chain *c, state *s, const uint8_t *p, size_t len, bool keep,
                             rivet_diag *d);

uint64_t node_next_time(node_chain *c)
{
    uint64_t parent = node_head(c)->timestamp;
    uint64_t t =
        c->next_timestamp ? c->next_timestamp : (uint64_t)((int64_t)time(NULL) + c->time_offset);
    if (t < c->time_floor) t = c->time_floor;
    return t > parent ? t : parent + 1;
}

u256 node_next_base_fee(const node_chain *c)
{
    if (c->has_next_base_fee) return c->next_base_fee;
    return hdr_next_base_fee(node_head(c), node_fork(c), false);
}

/* Receipts and logs of a block as it executes (bexec_env.tx_end), and impersonated senders. */
typedef struct collect {
    const blk *b;
    node_receipt *rc;
    node_log *logs;
    size_t nlogs, cap;
    const uint8_t *imp; /* (u32 index, address) pairs */
    uint32_t nimp;
    const node_ptx *pick; /* mining: the senders and hashes the pool already knows */
    bool failed;
} collect;

static bool imp_sender(void *ctx, size_t i, evm_addr *sender)
{
    collect *k = ctx;
    if (k->pick) {
        *sender = k->pick[i].from;
        return true;
    }
    for (uint32_t j = 0; j < k->nimp; j++) {
        const uint8_t *e = k->imp + 24 * (size_t)j;
        if (be_load64(e) >> 32 == i) {
            memcpy(sender->b, e + 4, 20);
            return true;
        }
    }
    return false;
}

static void tx_end(void *ctx, size_t i, const state *s, const evm_addr *sender,
                   const exec_result *r)
{
    collect *k = ctx;
    if (!k->rc) return;
    const tx *t = &k->b->txs[i];
    node_receipt *rc = &k->rc[i];
    if (k->pick)
        memcpy(rc->hash, k->pick[i].hash, 32);
    else
        crypto_keccak256(rc->hash, k->b->tx_raw[i].p, k->b->tx_raw[i].len);
    rc->from = *sender;
    rc->gas_used = r->gas_used;
    rc->cumulative_gas = (i ? k->rc[i - 1].cumulative_gas : 0) + r->gas_used;
    rc->status = r->status == EVM_SUCCESS;
    rc->has_contract = t->create && rc->status;
    rc->contract = r->create_address;
    rc->impersonated = k->pick ? k->pick[i].impersonated : false;
    for (uint32_t j = 0; j < k->nimp && !k->pick; j++)
        rc->impersonated |= be_load64(k->imp + 24 * (size_t)j) >> 32 == i;
    u256 base = k->b->header.base_fee, p = u256_add(base, t->max_priority_fee);
    rc->price = t->type >= TX_DYNAMIC_FEE && u256_lt(p, t->max_fee) ? p : t->max_fee;
    rc->first_log = k->nlogs;
    rc->nlogs = s->nlogs;
    if (k->nlogs + s->nlogs > k->cap) {
        size_t cap = (k->nlogs + s->nlogs) * 2;
        node_log *v = realloc(k->logs, cap * sizeof *v);
        if (!v) {
            k->failed = true;
            rc->nlogs = 0;
            return;
        }
        k->logs = v;
        k->cap = cap;
    }
    for (size_t j = 0; j < s->nlogs; j++) {
        const state_log *l = &s->logs[j];
        node_log *o = &k->logs[k->nlogs++];
        memset(o, 0, sizeof *o);
        o->addr = l->addr;
        o->ntopics = l->ntopics;
        for (int q = 0; q < l->ntopics; q++)
            u256_to_be(o->topics[q], l->topics[q]);
        o->data = malloc(l->len ? l->len : 1);
        if (!o->data)
            k->failed = true;
        else if (l->len)
            memcpy(o->data, l->data, l->len);
        o->len = l->len;
    }
}

static bool recoverable(blk_error e)
{
    return e == BLK_ERR_OK || e == BLK_ERR_INVALID_GAS_USED || e == BLK_ERR_INVALID_RECEIPTS_ROOT ||
           e == BLK_ERR_INVALID_LOG_BLOOM || e == BLK_ERR_INVALID_REQUESTS;
}

static void collect_free(collect *k)
{
    for (size_t i = 0; i < k->nlogs; i++)
        free(k->logs[i].data);
    free(k->logs);
    free(k->rc);
}

/* Executes blk b over s; `building`: the header's commitments are not known yet. */
static rivet_status run_block(node_chain *c, state *s, const blk *b, collect *k, bool building,
                              bexec_out *o, rivet_diag *d)
{
    bexec_env env = {0};
    env.cfg = &c->cc;
    env.block_hash = node_block_hash;
    env.ctx = c;
    env.tx_end = tx_end;
    env.tx_ctx = k;
    env.sender = k->nimp || k->pick ? imp_sender : NULL;
    env.vm = c->vm;
    k->b = b;
    rivet_status st = bexec_apply(s, b, &env, o, d);
    if (st != RIVET_OK) return st;
    if (o->tx_err != TX_ERR_OK || !(building ? recoverable(o->error) : o->error == BLK_ERR_OK))
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "block %llu: %s",
                          (unsigned long long)b->header.number, bexec_error_name(o));
    return k->failed ? rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory") : RIVET_OK;
}

rivet_status node_exec_block(node_chain *c, state *s, const uint8_t *p, size_t len, bool keep,
                             rivet_diag *d)
{
    if (len < 4) return rivet_fail(d, RIVET_EINPUT, 0, "block entry too short");
    uint32_t nimp = (uint32_t)(be_load64(p) >> 32);
    size_t off = 4 + 24 * (size_t)nimp;
    if (nimp > len / 24 || off > len) return rivet_fail(d, RIVET_EINPUT, 0, "block entry header");
    blk b;
    if (blk_decode(p + off, len - off, &b, d) != BLK_ERR_OK) return RIVET_EINPUT;
    collect k = {.imp = p + 4, .nimp = nimp};
    k.rc = keep ? calloc(b.ntx ? b.ntx : 1, sizeof *k.rc) : NULL;
    bexec_out o;
    rivet_status st = keep && !k.rc ? RIVET_ENOMEM : run_block(c, s, &b, &k, false, &o, d);
    blk_free(&b);
    if (st == RIVET_OK && keep) {
        uint8_t *raw = malloc(len - off);
        if (!raw)
            st = rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
        else {
            memcpy(raw, p + off, len - off);
            st = node_push_block(c, raw, len - off, k.rc, k.logs, k.nlogs, d);
            if (st == RIVET_OK) return RIVET_OK;
        }
    }
    collect_free(&k);
    return st;
}

static void block_env(node_chain *c, const hdr *h, exec_block *eb)
{
    memset(eb, 0, sizeof *eb);
    eb->fork = chain_fork(&c->cc, h->number, h->timestamp);
    memcpy(eb->coinbase.b, h->coinbase, 20);
    eb->number = h->number;
    eb->timestamp = h->timestamp;
    eb->gas_limit = h->gas_limit;
    eb->base_fee = h->base_fee;
    eb->prevrandao = u256_from_be(h->mix_hash, 32);
    eb->chain_id = u256_from_u64(c->cc.chain_id);
    const chain_blob *bp = chain_blob_at(&c->cc, h->timestamp);
    eb->blob_base_fee_fraction = bp ? bp->update_fraction : 3338477;
    eb->max_blobs_per_block = bp ? bp->max : 0;
    eb->excess_blob_gas = h->excess_blob_gas;
    eb->block_hash = node_block_hash;
    eb->block_hash_ctx = c;
    eb->vm = c->vm;
}

void node_block_env(node_chain *c, const hdr *h, exec_block *eb)
{
    block_env(c, h, eb);
}

void node_next_header(node_chain *c, uint64_t timestamp, hdr *h);
void node_next_header(node_chain *c, uint64_t timestamp, hdr *h)
{
    const hdr *p = node_head(c);
    *h = *p;
    memcpy(h->parent_hash, c->blocks[c->nblocks - 1].b.hash, 32);
    h->number = p->number + 1;
    h->timestamp = timestamp ? timestamp : node_next_time(c);
    h->gas_limit = c->gas_limit;
    h->gas_used = 0;
    h->base_fee = node_next_base_fee(c);
    memcpy(h->coinbase, c->coinbase.b, 20);
    rivet_fork f = chain_fork(&c->cc, h->number, h->timestamp);
    const chain_blob *bp = chain_blob_at(&c->cc, h->timestamp);
    h->excess_blob_gas = bp ? hdr_next_excess_blob_gas(p, f, bp) : 0;
    h->blob_gas_used = 0;
    /* prevrandao: deterministic per block (cached: eth_call builds this header every call; a
       reader sharing the lock computes it without touching the cache) */
    if (memcmp(c->mix_parent, h->parent_hash, 32) == 0) {
        memcpy(h->mix_hash, c->mix, 32);
    } else {
        crypto_keccak256(h->mix_hash, h->parent_hash, 32);
        if (!node_lock_is_shared()) {
            memcpy(c->mix, h->mix_hash, 32);
            memcpy(c->mix_parent, h->parent_hash, 32);
        }
    }
}

rivet_status node_mine(node_chain *c, size_t max_txs, uint64_t timestamp, rivet_diag *d)
{
    hdr h;
    node_next_header(c, timestamp, &h);
    exec_block eb;
    block_env(c, &h, &eb);
    size_t n = 0;
    node_ptx *pick = NULL;
    rivet_status st = node_pool_pick(c, &eb, max_txs, &pick, &n, d);
    /* the entry: impersonated senders, then the block */
    blk_bytes *raws = calloc(n ? n : 1, sizeof *raws);
    uint8_t *types = calloc(n ? n : 1, 1);
    rivet_buf e = {0};
    tx *txs = calloc(n ? n : 1, sizeof *txs);
    uint32_t nimp = 0;
    for (size_t i = 0; i < n; i++)
        nimp += pick[i].impersonated;
    if (st == RIVET_OK &&
        (!raws || !types || !txs || buf_reserve(&e, 4 + 24 * (size_t)nimp) != RIVET_OK))
        st = RIVET_ENOMEM;
    if (st == RIVET_OK) {
        uint8_t w[8];
        be_store64(w, (uint64_t)nimp << 32);
        RIVET_IGNORE(buf_append(&e, w, 4)); /* the space is reserved above */
        for (size_t i = 0; i < n; i++) {
            raws[i] = (blk_bytes){pick[i].raw, pick[i].raw_len};
            types[i] = pick[i].t.type;
            txs[i] = pick[i].t; /* borrowed: the block below is not blk_free'd */
            if (!pick[i].impersonated) continue;
            be_store64(w, (uint64_t)i << 32);
            RIVET_IGNORE(buf_append(&e, w, 4)); /* reserved */
            RIVET_IGNORE(buf_append(&e, pick[i].from.b, 20));
        }
    }
    /* the block as bexec_apply reads it (header, transactions), made from the picks, not
       encoded and decoded; the final encoding below is decoded once by node_push_block */
    blk b;
    memset(&b, 0, sizeof b);
    b.header = h;
    b.txs = txs;
    b.tx_raw = raws;
    b.ntx = n;
    b.header.blob_gas_used = h.blob_gas_used = blk_blob_gas_used(&b);
    b.has_withdrawals = true;
    collect k = {.imp = e.p + 4, .nimp = nimp, .pick = pick};
    k.rc = calloc(n ? n : 1, sizeof *k.rc);
    bexec_out o;
    if (st == RIVET_OK && !k.rc) st = RIVET_ENOMEM;
    if (st == RIVET_OK) st = run_block(c, &c->s, &b, &k, true, &o, d);
    evm_hash root;
    if (st == RIVET_OK) st = node_state_root(c, root.b, d);
    if (st == RIVET_OK) {
        h.gas_used = o.gas_used;
        memcpy(h.receipts_root, o.receipts_root, 32);
        memcpy(h.bloom, o.bloom, 256);
        memcpy(h.requests_hash, o.requests_hash, 32);
        memcpy(h.state_root, root.b, 32);
        st = blk_tx_root(&b, h.tx_root, d);
    }
    rivet_buf fin = {0};
    if (st == RIVET_OK) st = node_encode_block(&h, raws, types, n, &fin);
    if (st == RIVET_OK) st = buf_append(&e, fin.p, fin.n);
    if (st == RIVET_OK) st = node_commit_block(c, e.p, e.n, k.rc, n, k.logs, k.nlogs, d);
    if (st == RIVET_OK) {
        st = node_push_block(c, fin.p, fin.n, k.rc, k.logs, k.nlogs, d);
        fin.p = NULL;
        k.rc = NULL;
        k.logs = NULL;
        k.nlogs = 0;
    }
    if (st == RIVET_OK) {
        c->next_timestamp = 0;
        c->has_next_base_fee = false;
        node_ws_block(c, c->nblocks - 1);
    } else {
        /* the state may be half updated: rebuild it from the journal */
        rivet_diag d2;
        rivet_diag_clear(&d2);
        node_rewind(c, c->njournal, &d2);
    }
    collect_free(&k);
    buf_free(&fin);
    free(txs);
    buf_free(&e);
    for (size_t i = 0; i < n; i++) {
        free(pick[i].raw);
        tx_free(&pick[i].t);
    }
    free(pick);
    free(raws);
    free(types);
    if (st == RIVET_OK && c->cfg.check_witness) {
        bool valid = false;
        char why[256] = "";
        json_t *w = NULL;
        rivet_diag d3;
        rivet_diag_clear(&d3);
        if (node_witness(c, c->nblocks - 1, &w, &valid, why, sizeof why, &d3) == RIVET_OK && valid)
            c->witness_ok++;
        else {
            c->witness_bad++;
            node_log_line(c, "block %zu: witness check failed: %s%s", c->nblocks - 1, why, d3.msg);
        }
        json_decref(w);
    }
    return st;
}
