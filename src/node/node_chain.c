/* The chain: genesis, the journal of entries (blocks, state edits) and its replay, snapshots
   (journal positions) and persistence hooks. Mining is node_mine.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rivet/crypto.h"
#include "rivet/rlp.h"
#include "rivet/trie.h"

#include "node_impl.h"

void node_config_default(node_config *c)
{
    memset(c, 0, sizeof *c);
    c->chain_id = 31337;
    c->accounts = 10;
    c->balance = u256_mul(u256_from_u64(10000), u256_from_u64(1000000000000000000ull));
    c->gas_limit = 30000000;
    c->base_fee = u256_from_u64(1000000000);
    c->hardfork = "Prague";
}

void node_log_line(node_chain *c, const char *fmt, ...)
{
    if (c->cfg.quiet) return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

const hdr *node_head(const node_chain *c)
{
    return &c->blocks[c->nblocks - 1].b.header;
}

node_block *node_block_at(node_chain *c, uint64_t number)
{
    return number < c->nblocks ? &c->blocks[number] : NULL;
}

rivet_fork node_fork(const node_chain *c)
{
    const hdr *h = node_head(c);
    return chain_fork(&c->cc, h->number + 1, h->timestamp + 1);
}

evm_hash node_block_hash(void *ctx, uint64_t number)
{
    node_chain *c = ctx;
    evm_hash h = {{0}};
    if (number < c->nblocks) memcpy(h.b, c->blocks[number].b.hash, 32);
    return h;
}

static void block_free(node_block *b)
{
    blk_free(&b->b);
    free(b->raw);
    for (size_t i = 0; i < b->nlogs; i++)
        free(b->logs[i].data);
    free(b->logs);
    free(b->rc);
    memset(b, 0, sizeof *b);
}

/* ---- genesis -------------------------------------------------------------------------------- */

static rivet_status genesis_state(node_chain *c, state *s, rivet_diag *d)
{
    state_init(s);
    for (unsigned i = 0; i < c->cfg.accounts && i < NODE_MAX_ACCOUNTS; i++) {
        state_account *a = state_get(s, &c->dev[i], true);
        if (!a) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
        a->exists = true;
        a->balance = c->cfg.balance;
    }
    for (size_t i = 0; i < node_npredeploys; i++) {
        const node_predeploy *p = &node_predeploys[i];
        evm_addr a;
        uint8_t *code = NULL;
        size_t n = 0, alen = 0;
        rivet_status st = hex_decode(a.b, 20, &alen, p->addr, strlen(p->addr), HEX_PREFIX, d);
        if (st == RIVET_OK)
            st = hex_decode_alloc(&code, &n, p->code, strlen(p->code), HEX_PREFIX_OPT, d);
        state_account *x = st == RIVET_OK ? state_get(s, &a, true) : NULL;
        if (x) {
            x->exists = true;
            x->nonce = p->nonce;
            st = state_put_code(s, x, code, n);
        }
        free(code);
        if (st != RIVET_OK || !x) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "genesis");
    }
    return RIVET_OK;
}

rivet_status node_encode_block(const hdr *h, const blk_bytes *txs, const uint8_t *types, size_t n,
                               rivet_buf *out);
rivet_status node_encode_block(const hdr *h, const blk_bytes *txs, const uint8_t *types, size_t n,
                               rivet_buf *out)
{
    size_t all = rlp_list_begin(out);
    rivet_status st = hdr_encode(h, out);
    size_t m = rlp_list_begin(out);
    for (size_t i = 0; i < n && st == RIVET_OK; i++)
        st = types[i] == TX_LEGACY ? rlp_put_raw(out, txs[i].p, txs[i].len)
                                   : rlp_put_bytes(out, txs[i].p, txs[i].len);
    if (st == RIVET_OK) st = rlp_list_end(out, m);
    m = rlp_list_begin(out); /* ommers */
    if (st == RIVET_OK) st = rlp_list_end(out, m);
    m = rlp_list_begin(out); /* withdrawals */
    if (st == RIVET_OK) st = rlp_list_end(out, m);
    return st == RIVET_OK ? rlp_list_end(out, all) : st;
}

/* Appends a block (raw is taken over) to the chain's list and indexes its transactions. */
rivet_status node_push_block(node_chain *c, uint8_t *raw, size_t len, node_receipt *rc,
                             node_log *logs, size_t nlogs, rivet_diag *d);
rivet_status node_push_block(node_chain *c, uint8_t *raw, size_t len, node_receipt *rc,
                             node_log *logs, size_t nlogs, rivet_diag *d)
{
    if (c->nblocks == c->bcap) {
        size_t cap = c->bcap ? c->bcap * 2 : 256;
        node_block *v = realloc(c->blocks, cap * sizeof *v);
        if (!v) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
        c->blocks = v;
        c->bcap = cap;
    }
    node_block *b = &c->blocks[c->nblocks];
    memset(b, 0, sizeof *b);
    b->raw = raw;
    b->raw_len = len;
    b->rc = rc;
    b->logs = logs;
    b->nlogs = nlogs;
    if (blk_decode(raw, len, &b->b, d) != BLK_ERR_OK) {
        block_free(b);
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "block does not decode: %s", d->msg);
    }
    for (size_t i = 0; i < b->b.ntx; i++)
        if (node_map_put(&c->txidx, rc[i].hash, (uint64_t)c->nblocks << 32 | i) != RIVET_OK)
            return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    c->nblocks++;
    return RIVET_OK;
}

static rivet_status make_genesis(node_chain *c, rivet_diag *d)
{
    rivet_status st = genesis_state(c, &c->s, d);
    if (st != RIVET_OK) return st;
    hdr h;
    memset(&h, 0, sizeof h);
    static const uint8_t empty_list[1] = {0xc0};
    crypto_keccak256(h.ommers_hash, empty_list, 1);
    evm_hash root;
    if ((st = state_root(&c->s, &root, d)) != RIVET_OK) return st;
    memcpy(h.state_root, root.b, 32);
    memcpy(h.tx_root, trie_empty_root, 32);
    memcpy(h.receipts_root, trie_empty_root, 32);
    memcpy(h.withdrawals_root, trie_empty_root, 32);
    h.gas_limit = c->cfg.gas_limit;
    h.timestamp = c->cfg.timestamp;
    h.base_fee = c->cfg.base_fee;
    if ((st = blk_requests_hash(NULL, 0, h.requests_hash)) != RIVET_OK) return st;
    h.nfields = HDR_FIELDS_PRAGUE;
    rivet_buf b = {0};
    if ((st = node_encode_block(&h, NULL, NULL, 0, &b)) != RIVET_OK) return st;
    return node_push_block(c, b.p, b.n, NULL, NULL, 0, d);
}

/* ---- entries --------------------------------------------------------------------------------- */

rivet_status node_exec_block(node_chain *c, state *s, const uint8_t *p, size_t len, bool keep,
                             rivet_diag *d);

static rivet_status apply_edit(state *s, const uint8_t *p, size_t len, rivet_diag *d)
{
    if (len < 21) return rivet_fail(d, RIVET_EINPUT, 0, "edit entry too short");
    evm_addr a;
    memcpy(a.b, p + 1, 20);
    const uint8_t *v = p + 21;
    size_t n = len - 21;
    state_account *x = state_get(s, &a, true);
    if (!x) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    state_set_exists(s, x);
    rivet_status st = RIVET_OK;
    switch (p[0]) {
    case NODE_EDIT_BALANCE:
        if (n != 32) return rivet_fail(d, RIVET_EINPUT, 21, "balance edit: 32 bytes");
        state_set_balance(s, x, u256_from_be(v, 32));
        break;
    case NODE_EDIT_NONCE:
        if (n != 8) return rivet_fail(d, RIVET_EINPUT, 21, "nonce edit: 8 bytes");
        state_set_nonce(s, x, be_load64(v));
        break;
    case NODE_EDIT_CODE: st = state_set_code(s, x, v, n); break;
    case NODE_EDIT_STORAGE:
        if (n != 64) return rivet_fail(d, RIVET_EINPUT, 21, "storage edit: 64 bytes");
        state_set_storage(s, x, u256_from_be(v, 32), u256_from_be(v + 32, 32));
        break;
    default: return rivet_fail(d, RIVET_EINPUT, 0, "unknown edit %u", p[0]);
    }
    state_finalize_tx(s);
    return st;
}

static rivet_status apply_entry(node_chain *c, state *s, uint8_t kind, const uint8_t *p, size_t len,
                                bool keep, rivet_diag *d)
{
    if (kind == NODE_E_EDIT) return apply_edit(s, p, len, d);
    if (kind == NODE_E_BLOCK) return node_exec_block(c, s, p, len, keep, d);
    return rivet_fail(d, RIVET_EINPUT, 0, "unknown journal entry kind %u", kind);
}

static rivet_status commit(node_chain *c, uint8_t kind, const uint8_t *p, size_t len,
                           const node_rcpts *r, rivet_diag *d)
{
    if (c->njournal == c->jcap) {
        size_t cap = c->jcap ? c->jcap * 2 : 256;
        node_entry *v = realloc(c->journal, cap * sizeof *v);
        if (!v) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
        c->journal = v;
        c->jcap = cap;
    }
    node_entry *e = &c->journal[c->njournal];
    e->kind = kind;
    e->len = len;
    e->data = malloc(len ? len : 1);
    if (!e->data) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    memcpy(e->data, p, len);
    rivet_status st = RIVET_OK;
    if (c->store && !c->replaying) st = node_store_put(c, kind, p, len, r, d);
    if (st != RIVET_OK) {
        free(e->data);
        return st;
    }
    c->njournal++;
    return RIVET_OK;
}

rivet_status node_commit(node_chain *c, uint8_t kind, const uint8_t *p, size_t len, rivet_diag *d)
{
    const node_block *b = &c->blocks[c->nblocks - 1]; /* a replayed block is pushed already */
    node_rcpts r = {c->nblocks - 1, b->rc, b->b.ntx, b->logs, b->nlogs};
    return commit(c, kind, p, len, kind == NODE_E_BLOCK ? &r : NULL, d);
}

rivet_status node_commit_block(node_chain *c, const uint8_t *p, size_t len, const node_receipt *rc,
                               size_t ntx, const node_log *logs, size_t nlogs, rivet_diag *d)
{
    return commit(c, NODE_E_BLOCK, p, len, &(node_rcpts){c->nblocks, rc, ntx, logs, nlogs}, d);
}

rivet_status node_edit(node_chain *c, int op, const evm_addr *a, const uint8_t *v, size_t len,
                       rivet_diag *d)
{
    uint8_t *p = malloc(21 + len);
    if (!p) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    p[0] = (uint8_t)op;
    memcpy(p + 1, a->b, 20);
    if (len) memcpy(p + 21, v, len);
    rivet_status st = apply_edit(&c->s, p, 21 + len, d);
    if (st == RIVET_OK) st = node_commit(c, NODE_E_EDIT, p, 21 + len, d);
    free(p);
    return st;
}

rivet_status node_replay(node_chain *c, size_t n, rivet_diag *d)
{
    for (size_t i = n; i < c->njournal; i++)
        free(c->journal[i].data);
    c->njournal = n;
    for (size_t i = 1; i < c->nblocks; i++)
        block_free(&c->blocks[i]);
    c->nblocks = 1;
    node_map_free(&c->txidx);
    state_free(&c->s);
    node_root_cache_free(c->roots); /* it holds code pointers of the freed state */
    c->roots = NULL;
    rivet_status st = genesis_state(c, &c->s, d);
    bool was = c->replaying;
    c->replaying = true;
    for (size_t i = 0; i < n && st == RIVET_OK; i++)
        st = apply_entry(c, &c->s, c->journal[i].kind, c->journal[i].data, c->journal[i].len, true,
                         d);
    c->replaying = was;
    return st;
}

rivet_status node_rewind(node_chain *c, size_t n, rivet_diag *d)
{
    if (n > c->njournal) return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS, "past the journal");
    rivet_status st = node_replay(c, n, d);
    if (st == RIVET_OK && c->store && !c->replaying) st = node_store_rewind(c, d);
    return st;
}

rivet_status node_state_before(node_chain *c, uint64_t number, state *st, rivet_diag *d)
{
    rivet_status r = genesis_state(c, st, d);
    uint64_t blocks = 0;
    for (size_t i = 0; i < c->njournal && r == RIVET_OK; i++) {
        const node_entry *e = &c->journal[i];
        if (e->kind == NODE_E_BLOCK && ++blocks >= number) break;
        r = apply_entry(c, st, e->kind, e->data, e->len, false, d);
    }
    if (r != RIVET_OK) state_free(st);
    return r;
}

rivet_status node_replay_entry(void *ctx, uint8_t kind, const uint8_t *p, size_t len, rivet_diag *d)
{
    node_chain *c = ctx;
    rivet_status st = apply_entry(c, &c->s, kind, p, len, true, d);
    return st == RIVET_OK ? node_commit(c, kind, p, len, d) : st;
}

rivet_status node_open(node_chain **out, const node_config *cfg, rivet_diag *d)
{
    node_chain *c = calloc(1, sizeof *c);
    if (!c) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    c->cfg = *cfg;
    rivet_status st = chain_from_network(&c->cc, cfg->hardfork, cfg->chain_id, d);
    for (unsigned i = 0; i < NODE_MAX_ACCOUNTS && st == RIVET_OK; i++) {
        size_t n;
        st = hex_decode(c->dev_key[i], 32, &n, node_dev_keys[i], 64, 0, d);
        if (st == RIVET_OK) st = node_key_address(c->dev_key[i], &c->dev[i]);
    }
    c->automine = cfg->block_time == 0 && !cfg->no_mining;
    c->interval_ms = cfg->block_time * 1000;
    c->gas_limit = cfg->gas_limit;
    c->next_filter = 1;
    if (st == RIVET_OK && !cfg->no_hybrid) {
        if (!(c->hy = hy_vm_new(&(hy_options){.trace_ecalls = true})))
            st = rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
        else
            c->vm = hy_vm_runner(c->hy);
    }
    if (st == RIVET_OK && cfg->data_dir) {
        st = node_store_open(&c->store, cfg->data_dir, d);
        uint64_t ts = 0;
        if (st == RIVET_OK) st = node_store_meta(c->store, "genesis_time", &ts, false, d);
        if (st == RIVET_OK && ts) c->cfg.timestamp = ts;
    }
    json_t *ls = NULL;
    if (st == RIVET_OK && cfg->load_state) {
        json_error_t je;
        ls = json_load_file(cfg->load_state, 0, &je);
        json_t *f = json_object_get(ls, "format");
        if (!ls || !json_is_string(f) || strcmp(json_string_value(f), "rivet-node-journal-1") != 0)
            st = rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "%s: not a rivet node state file (%s)",
                            cfg->load_state, ls ? "format" : je.text);
        else if ((uint64_t)json_integer_value(json_object_get(ls, "chainId")) != cfg->chain_id)
            st =
                rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "%s: another chain id", cfg->load_state);
        else if (c->store && c->cfg.timestamp)
            st = rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "--load-state into a used data dir");
        else
            c->cfg.timestamp = (uint64_t)json_integer_value(json_object_get(ls, "genesisTime"));
    }
    if (st == RIVET_OK && !c->cfg.timestamp) c->cfg.timestamp = (uint64_t)time(NULL);
    if (st == RIVET_OK && c->store)
        st = node_store_meta(c->store, "genesis_time", &c->cfg.timestamp, true, d);
    if (st == RIVET_OK) st = make_genesis(c, d);
    if (st == RIVET_OK && c->store) st = node_store_start(c, d);
    if (st == RIVET_OK && ls) st = node_load_state(c, ls, d); /* stored too, with a data dir */
    json_decref(ls);
    if (st != RIVET_OK) {
        node_close(c);
        return st;
    }
    *out = c;
    return RIVET_OK;
}

void node_close(node_chain *c)
{
    if (!c) return;
    evm_code_cache_free(c->code_cache);
    for (size_t i = 0; i < c->nblocks; i++)
        block_free(&c->blocks[i]);
    free(c->blocks);
    for (size_t i = 0; i < c->njournal; i++)
        free(c->journal[i].data);
    free(c->journal);
    for (size_t i = 0; i < c->nfilters; i++)
        json_decref(c->filters[i].criteria);
    free(c->filters);
    free(c->snaps);
    hy_vm_free(c->hy);
    node_map_free(&c->txidx);
    node_root_cache_free(c->roots);
    node_pool_free(&c->pool);
    state_free(&c->s);
    if (c->store) node_store_close(c->store);
    free(c);
}
