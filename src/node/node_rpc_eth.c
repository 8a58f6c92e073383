/* Read methods: chain facts, accounts, blocks, transactions, receipts, logs. State reads answer
   for the head (older block numbers replay the journal into a scratch state). */
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"
#include "rivet/trie.h"

#include "node_impl.h"

#define ARG(i)    json_array_get(params, i)
#define BAD(what) node_fail(e, -32602, "Invalid params: %s", what)

json_t *node_rpc_chain_id(node_chain *c, json_t *params, node_err *e)
{
    return node_qty(c->cc.chain_id);
}
json_t *node_rpc_net_version(node_chain *c, json_t *params, node_err *e)
{
    char s[24];
    snprintf(s, sizeof s, "%llu", (unsigned long long)c->cc.chain_id);
    return json_string(s);
}
json_t *node_rpc_block_number(node_chain *c, json_t *params, node_err *e)
{
    return node_qty(c->nblocks - 1);
}
json_t *node_rpc_false(node_chain *c, json_t *params, node_err *e)
{
    return json_false();
}
json_t *node_rpc_true(node_chain *c, json_t *params, node_err *e)
{
    return json_true();
}
json_t *node_rpc_zero(node_chain *c, json_t *params, node_err *e)
{
    return node_qty(0);
}
json_t *node_rpc_mining(node_chain *c, json_t *params, node_err *e)
{
    return json_boolean(c->automine || c->interval_ms);
}
json_t *node_rpc_coinbase(node_chain *c, json_t *params, node_err *e)
{
    return node_addr(&c->coinbase);
}
json_t *node_rpc_client_version(node_chain *c, json_t *params, node_err *e)
{
    return json_string(NODE_VERSION);
}
json_t *node_rpc_accounts(node_chain *c, json_t *params, node_err *e)
{
    json_t *a = json_array();
    for (unsigned i = 0; i < c->cfg.accounts && i < NODE_MAX_ACCOUNTS; i++)
        json_array_append_new(a, node_addr(&c->dev[i]));
    return a;
}

json_t *node_rpc_sha3(node_chain *c, json_t *params, node_err *e)
{
    uint8_t *p, h[32];
    size_t n;
    if (!node_get_bytes(ARG(0), &p, &n)) return BAD("data");
    crypto_keccak256(h, p, n);
    free(p);
    return node_hexb(h, 32);
}

/* The state at block tag ARG(i): the chain's (head) or a replayed scratch state. */
static state *state_at(node_chain *c, json_t *tag, state *scratch, node_err *e)
{
    uint64_t n;
    if (!node_get_block(c, tag, &n)) {
        node_fail(e, -32602, "Invalid params: unknown block");
        return NULL;
    }
    if (n == c->nblocks - 1) return &c->s;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (node_state_before(c, n + 1, scratch, &d) != RIVET_OK) {
        node_fail(e, -32603, "state of block %llu: %s", (unsigned long long)n, d.msg);
        return NULL;
    }
    return scratch;
}

static json_t *account_field(node_chain *c, json_t *params, node_err *e, int what)
{
    evm_addr a;
    if (!node_get_addr(ARG(0), &a)) return BAD("address");
    state scratch;
    json_t *tag = ARG(what == 3 ? 2 : 1);
    if (what == 2 && tag && json_is_string(tag) && !strcmp(json_string_value(tag), "pending"))
        return node_qty(node_pending_nonce(c, &a));
    state *s = state_at(c, tag, &scratch, e);
    if (!s) return NULL;
    state_account *x = state_get(s, &a, false);
    bool ok = x && x->exists;
    json_t *r = NULL;
    if (what == 0) r = node_qty256(ok ? x->balance : U256_ZERO);
    if (what == 1) r = node_hexb(ok ? x->code : NULL, ok ? x->code_len : 0);
    if (what == 2) r = node_qty(ok ? x->nonce : 0);
    if (what == 3) {
        u256 key;
        if (!node_get_u256(ARG(1), &key))
            r = BAD("slot");
        else {
            uint8_t v[32];
            u256_to_be(v, ok ? state_get_storage(x, key) : U256_ZERO);
            r = node_hexb(v, 32);
        }
    }
    if (what == 4) {
        r = json_object();
        evm_hash ch = {{0}};
        if (ok)
            ch = state_code_hash(x);
        else
            crypto_keccak256(ch.b, NULL, 0);
        json_object_set_new(r, "nonce", node_qty(ok ? x->nonce : 0));
        json_object_set_new(r, "balance", node_qty256(ok ? x->balance : U256_ZERO));
        json_object_set_new(r, "codeHash", node_hexb(ch.b, 32));
    }
    if (s == &scratch) state_free(&scratch);
    return r;
}

json_t *node_rpc_get_balance(node_chain *c, json_t *params, node_err *e)
{
    return account_field(c, params, e, 0);
}
json_t *node_rpc_get_code(node_chain *c, json_t *params, node_err *e)
{
    return account_field(c, params, e, 1);
}
json_t *node_rpc_get_nonce(node_chain *c, json_t *params, node_err *e)
{
    return account_field(c, params, e, 2);
}
json_t *node_rpc_get_storage(node_chain *c, json_t *params, node_err *e)
{
    return account_field(c, params, e, 3);
}
json_t *node_rpc_get_account(node_chain *c, json_t *params, node_err *e)
{
    return account_field(c, params, e, 4);
}

static node_block *by_hash(node_chain *c, json_t *v)
{
    uint8_t h[32];
    if (!node_get_hash(v, h)) return NULL;
    for (size_t i = c->nblocks; i-- > 0;)
        if (!memcmp(c->blocks[i].b.hash, h, 32)) return &c->blocks[i];
    return NULL;
}

static node_block *by_number(node_chain *c, json_t *v)
{
    uint64_t n;
    return node_get_block(c, v, &n) ? &c->blocks[n] : NULL;
}

json_t *node_rpc_block_by_number(node_chain *c, json_t *params, node_err *e)
{
    node_block *b = by_number(c, ARG(0));
    return b ? node_block_json(c, b, json_is_true(ARG(1))) : json_null();
}
json_t *node_rpc_block_by_hash(node_chain *c, json_t *params, node_err *e)
{
    node_block *b = by_hash(c, ARG(0));
    return b ? node_block_json(c, b, json_is_true(ARG(1))) : json_null();
}
json_t *node_rpc_count_by_number(node_chain *c, json_t *params, node_err *e)
{
    node_block *b = by_number(c, ARG(0));
    return b ? node_qty(b->b.ntx) : json_null();
}
json_t *node_rpc_count_by_hash(node_chain *c, json_t *params, node_err *e)
{
    node_block *b = by_hash(c, ARG(0));
    return b ? node_qty(b->b.ntx) : json_null();
}

static json_t *by_index(node_chain *c, node_block *b, json_t *idx, node_err *e)
{
    uint64_t i;
    if (!node_get_qty(idx, &i)) return BAD("index");
    return b && i < b->b.ntx ? node_tx_json(c, b, i) : json_null();
}
json_t *node_rpc_tx_by_number_index(node_chain *c, json_t *params, node_err *e)
{
    return by_index(c, by_number(c, ARG(0)), ARG(1), e);
}
json_t *node_rpc_tx_by_hash_index(node_chain *c, json_t *params, node_err *e)
{
    return by_index(c, by_hash(c, ARG(0)), ARG(1), e);
}

/* A mined transaction by hash: its block and index. */
static node_block *find_tx(node_chain *c, json_t *v, size_t *i, bool *bad)
{
    uint8_t h[32];
    uint64_t loc;
    *bad = !node_get_hash(v, h);
    if (*bad || !node_map_get(&c->txidx, h, &loc)) return NULL;
    *i = (size_t)(loc & 0xffffffffu);
    return &c->blocks[loc >> 32];
}

json_t *node_rpc_tx_by_hash(node_chain *c, json_t *params, node_err *e)
{
    size_t i, k;
    bool bad;
    node_block *b = find_tx(c, ARG(0), &i, &bad);
    if (bad) return BAD("hash");
    if (b) return node_tx_json(c, b, i);
    uint8_t h[32];
    node_get_hash(ARG(0), h);
    if (!node_pool_find(&c->pool, h, &k)) return json_null();
    const node_ptx *p = &c->pool.v[k];
    json_t *o = json_object();
    json_object_set_new(o, "hash", node_hexb(p->hash, 32));
    json_object_set_new(o, "type", node_qty(p->t.type));
    json_object_set_new(o, "from", node_addr(&p->from));
    json_object_set_new(o, "to", p->t.create ? json_null() : node_hexb(p->t.to, 20));
    json_object_set_new(o, "nonce", node_qty(p->t.nonce));
    json_object_set_new(o, "gas", node_qty(p->t.gas_limit));
    json_object_set_new(o, "value", node_qty256(p->t.value));
    json_object_set_new(o, "input", node_hexb(p->t.data, p->t.data_len));
    json_object_set_new(o, "gasPrice", node_qty256(p->t.max_fee));
    json_object_set_new(o, "maxFeePerGas", node_qty256(p->t.max_fee));
    json_object_set_new(o, "maxPriorityFeePerGas", node_qty256(p->t.max_priority_fee));
    json_object_set_new(o, "chainId", node_qty256(p->t.chain_id));
    node_blob_tx_json(o, &p->t);
    json_object_set_new(o, "v", node_qty256(p->t.v));
    json_object_set_new(o, "r", node_qty256(p->t.r));
    json_object_set_new(o, "s", node_qty256(p->t.s));
    json_object_set_new(o, "blockHash", json_null());
    json_object_set_new(o, "blockNumber", json_null());
    json_object_set_new(o, "transactionIndex", json_null());
    return o;
}

json_t *node_rpc_receipt(node_chain *c, json_t *params, node_err *e)
{
    size_t i;
    bool bad;
    node_block *b = find_tx(c, ARG(0), &i, &bad);
    if (bad) return BAD("hash");
    return b ? node_receipt_json(c, b, i) : json_null();
}

json_t *node_rpc_block_receipts(node_chain *c, json_t *params, node_err *e)
{
    node_block *b = by_number(c, ARG(0));
    if (!b) b = by_hash(c, ARG(0));
    if (!b) return json_null();
    json_t *a = json_array();
    for (size_t i = 0; i < b->b.ntx; i++)
        json_array_append_new(a, node_receipt_json(c, b, i));
    return a;
}

json_t *node_rpc_get_logs(node_chain *c, json_t *params, node_err *e)
{
    json_t *f = ARG(0);
    if (!json_is_object(f)) return BAD("filter object");
    uint64_t from, to;
    json_t *bh = json_object_get(f, "blockHash");
    if (bh) {
        node_block *b = by_hash(c, bh);
        if (!b) return node_fail(e, -32000, "unknown block");
        from = to = b->b.header.number;
    } else {
        json_t *fb = json_object_get(f, "fromBlock"), *tb = json_object_get(f, "toBlock");
        if (!node_get_block(c, fb, &from)) from = fb ? c->nblocks : c->nblocks - 1;
        if (!fb) from = c->nblocks - 1;
        if (!node_get_block(c, tb, &to)) to = c->nblocks - 1;
    }
    return node_logs_query(c, f, from, to, e);
}

static json_t *proof_json(trie_nodes *p)
{
    json_t *a = json_array();
    for (size_t i = 0; i < p->n; i++) {
        const uint8_t *n;
        size_t len;
        trie_nodes_get(p, i, &n, &len);
        json_array_append_new(a, node_hexb(n, len));
    }
    return a;
}

/* EIP-1186 proofs of c->s (the head, or the head plus dev edits made since). */
static json_t *proof_now(node_chain *c, const evm_addr *a0, json_t *keys, node_err *e)
{
    evm_addr a = *a0;
    uint8_t root[32], sroot[32], ch[32];
    trie *t = NULL;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (node_state_root(c, root, &d) != RIVET_OK || node_state_trie(c, &t, &d) != RIVET_OK)
        return node_fail(e, -32603, "%s", d.msg);
    trie_nodes ap = {0};
    rivet_status st = trie_prove(t, a.b, 20, &ap, &d);
    trie_free(t);
    trie *stt = node_storage_trie(c, &a, sroot, ch);
    state_account *x = state_get(&c->s, &a, false);
    bool ok = x && x->exists;
    if (!ok || !stt) {
        memcpy(sroot, trie_empty_root, 32);
        if (!ok) crypto_keccak256(ch, NULL, 0);
    }
    json_t *o = json_object(), *sp = json_array();
    json_object_set_new(o, "address", node_addr(&a));
    json_object_set_new(o, "accountProof", proof_json(&ap));
    json_object_set_new(o, "balance", node_qty256(ok ? x->balance : U256_ZERO));
    json_object_set_new(o, "codeHash", node_hexb(ch, 32));
    json_object_set_new(o, "nonce", node_qty(ok ? x->nonce : 0));
    json_object_set_new(o, "storageHash", node_hexb(sroot, 32));
    trie_nodes_free(&ap);
    for (size_t i = 0; i < json_array_size(keys) && st == RIVET_OK; i++) {
        u256 k;
        if (!node_get_u256(json_array_get(keys, i), &k)) {
            json_decref(o);
            json_decref(sp);
            return BAD("storage key");
        }
        uint8_t kb[32];
        u256_to_be(kb, k);
        trie_nodes p = {0};
        if (ok && stt) st = trie_prove(stt, kb, 32, &p, &d);
        json_t *s = json_object();
        json_object_set_new(s, "key", node_hexb(kb, 32));
        json_object_set_new(s, "value", node_qty256(ok ? state_get_storage(x, k) : U256_ZERO));
        json_object_set_new(s, "proof", proof_json(&p));
        json_array_append_new(sp, s);
        trie_nodes_free(&p);
    }
    json_object_set_new(o, "storageProof", sp);
    if (st != RIVET_OK) {
        json_decref(o);
        return node_fail(e, -32603, "%s", d.msg);
    }
    return o;
}

/* At an older block n: the state replayed to n takes the chain's place (and a fresh root cache)
   for the proof, then the chain's state comes back. */
json_t *node_rpc_get_proof(node_chain *c, json_t *params, node_err *e)
{
    evm_addr a;
    uint64_t n;
    json_t *keys = ARG(1);
    if (!node_get_addr(ARG(0), &a) || !json_is_array(keys)) return BAD("address, keys");
    if (!node_get_block(c, ARG(2), &n)) return node_fail(e, -32000, "unknown block");
    if (n == c->nblocks - 1) return proof_now(c, &a, keys, e);
    rivet_diag d;
    rivet_diag_clear(&d);
    state old;
    if (node_state_before(c, n + 1, &old, &d) != RIVET_OK) return node_fail(e, -32603, "%s", d.msg);
    state cur = c->s;
    node_root_cache *rc = c->roots;
    c->s = old;
    c->roots = NULL;
    uint8_t root[32];
    json_t *out = NULL;
    if (node_state_root(c, root, &d) != RIVET_OK)
        node_fail(e, -32603, "%s", d.msg);
    else if (memcmp(root, c->blocks[n].b.header.state_root, 32))
        node_fail(e, -32000, "block %llu: its state was edited after it (anvil_set*): no proof",
                  (unsigned long long)n);
    else
        out = proof_now(c, &a, keys, e);
    node_root_cache_free(c->roots);
    state_free(&c->s);
    c->s = cur;
    c->roots = rc;
    return out;
}
