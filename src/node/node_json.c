/* JSON of the RPC: quantities and data as Ethereum's JSON-RPC spells them (minimal "0x" hex for
   numbers, even-length hex for bytes), parameters read strictly (a bad value is -32602), and
   blocks, transactions, receipts and logs as geth and anvil return them. */
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"

#include "node_impl.h"

json_t *node_qty(uint64_t v)
{
    char s[24];
    snprintf(s, sizeof s, "0x%llx", (unsigned long long)v);
    return json_string(s);
}

json_t *node_qty256(u256 v)
{
    char s[67];
    return json_string(u256_to_hex(s, v));
}

json_t *node_hexb(const uint8_t *p, size_t n)
{
    char small[2 * 64 + 3], *s = n <= 64 ? small : malloc(2 * n + 3);
    if (!s) return NULL;
    s[0] = '0';
    s[1] = 'x';
    hex_encode(s + 2, p, n);
    json_t *j = json_stringn_nocheck(s, 2 * n + 2); /* hex digits: valid UTF-8 */
    if (s != small) free(s);
    return j;
}

json_t *node_addr(const evm_addr *a)
{
    return node_hexb(a->b, 20);
}

bool node_get_u256(json_t *v, u256 *out)
{
    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        *out = u256_from_u64((uint64_t)json_integer_value(v));
        return true;
    }
    const char *s = json_string_value(v);
    if (!s) return false;
    size_t n = json_string_length(v);
    if (n < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return false;
    return u256_from_str(out, s, n, NULL) == RIVET_OK;
}

bool node_get_qty(json_t *v, uint64_t *out)
{
    u256 x;
    if (!node_get_u256(v, &x) || !u256_fits64(x)) return false;
    *out = x.w[0];
    return true;
}

static bool get_fixed(json_t *v, uint8_t *out, size_t n)
{
    const char *s = json_string_value(v);
    size_t got = 0;
    return s && json_string_length(v) == 2 + 2 * n &&
           hex_decode(out, n, &got, s, json_string_length(v), HEX_PREFIX, NULL) == RIVET_OK &&
           got == n;
}

bool node_get_addr(json_t *v, evm_addr *out)
{
    return get_fixed(v, out->b, 20);
}

bool node_get_hash(json_t *v, uint8_t out[32])
{
    return get_fixed(v, out, 32);
}

bool node_get_bytes(json_t *v, uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    const char *s = json_string_value(v);
    return s && hex_decode_alloc(out, len, s, json_string_length(v), HEX_PREFIX, NULL) == RIVET_OK;
}

bool node_get_block(node_chain *c, json_t *v, uint64_t *n)
{
    uint64_t head = c->nblocks - 1;
    if (!v || json_is_null(v)) {
        *n = head;
        return true;
    }
    if (json_is_object(v)) {
        json_t *h = json_object_get(v, "blockHash"), *num = json_object_get(v, "blockNumber");
        uint8_t hash[32];
        if (h && node_get_hash(h, hash)) {
            for (size_t i = 0; i < c->nblocks; i++)
                if (!memcmp(c->blocks[i].b.hash, hash, 32)) {
                    *n = i;
                    return true;
                }
            return false;
        }
        v = num;
    }
    const char *s = json_string_value(v);
    if (!s) return false;
    if (!strcmp(s, "latest") || !strcmp(s, "pending") || !strcmp(s, "safe") ||
        !strcmp(s, "finalized")) {
        *n = head;
        return true;
    }
    if (!strcmp(s, "earliest")) {
        *n = 0;
        return true;
    }
    return node_get_qty(v, n) && *n <= head;
}

static json_t *hash32(const uint8_t *h)
{
    return node_hexb(h, 32);
}

json_t *node_tx_json(node_chain *c, node_block *b, size_t i)
{
    const tx *t = &b->b.txs[i];
    const node_receipt *r = &b->rc[i];
    json_t *o = json_object();
    json_object_set_new(o, "hash", hash32(r->hash));
    json_object_set_new(o, "type", node_qty(t->type));
    json_object_set_new(o, "blockHash", hash32(b->b.hash));
    json_object_set_new(o, "blockNumber", node_qty(b->b.header.number));
    json_object_set_new(o, "transactionIndex", node_qty(i));
    json_object_set_new(o, "from", node_addr(&r->from));
    json_object_set_new(o, "to", t->create ? json_null() : node_hexb(t->to, 20));
    json_object_set_new(o, "nonce", node_qty(t->nonce));
    json_object_set_new(o, "gas", node_qty(t->gas_limit));
    json_object_set_new(o, "value", node_qty256(t->value));
    json_object_set_new(o, "input", node_hexb(t->data, t->data_len));
    json_object_set_new(o, "gasPrice", node_qty256(r->price));
    if (t->type >= TX_DYNAMIC_FEE) {
        json_object_set_new(o, "maxFeePerGas", node_qty256(t->max_fee));
        json_object_set_new(o, "maxPriorityFeePerGas", node_qty256(t->max_priority_fee));
    }
    if (t->type != TX_LEGACY || !u256_is_zero(t->chain_id))
        json_object_set_new(o, "chainId", node_qty256(t->chain_id));
    if (t->type >= TX_ACCESS_LIST) {
        json_t *al = json_array();
        for (size_t k = 0; k < t->access_len; k++) {
            json_t *e = json_object(), *keys = json_array();
            json_object_set_new(e, "address", node_hexb(t->access[k].addr, 20));
            for (size_t q = 0; q < t->access[k].nkeys; q++)
                json_array_append_new(keys, hash32(t->access[k].keys[q]));
            json_object_set_new(e, "storageKeys", keys);
            json_array_append_new(al, e);
        }
        json_object_set_new(o, "accessList", al);
        json_object_set_new(o, "yParity", node_qty256(t->v));
    }
    node_blob_tx_json(o, t);
    json_object_set_new(o, "v", node_qty256(t->v));
    json_object_set_new(o, "r", node_qty256(t->r));
    json_object_set_new(o, "s", node_qty256(t->s));
    return o;
}

json_t *node_log_json(node_block *b, size_t ti, size_t log, size_t index_in_block)
{
    const node_log *l = &b->logs[log];
    json_t *o = json_object(), *topics = json_array();
    json_object_set_new(o, "address", node_addr(&l->addr));
    for (int k = 0; k < l->ntopics; k++)
        json_array_append_new(topics, hash32(l->topics[k]));
    json_object_set_new(o, "topics", topics);
    json_object_set_new(o, "data", node_hexb(l->data, l->len));
    json_object_set_new(o, "blockHash", hash32(b->b.hash));
    json_object_set_new(o, "blockNumber", node_qty(b->b.header.number));
    json_object_set_new(o, "blockTimestamp", node_qty(b->b.header.timestamp));
    json_object_set_new(o, "transactionHash", hash32(b->rc[ti].hash));
    json_object_set_new(o, "transactionIndex", node_qty(ti));
    json_object_set_new(o, "logIndex", node_qty(index_in_block));
    json_object_set_new(o, "removed", json_false());
    return o;
}

json_t *node_receipt_json(node_chain *c, node_block *b, size_t i)
{
    const tx *t = &b->b.txs[i];
    const node_receipt *r = &b->rc[i];
    json_t *o = json_object(), *logs = json_array();
    uint8_t bloom[256] = {0};
    for (size_t k = 0; k < r->nlogs; k++) {
        const node_log *l = &b->logs[r->first_log + k];
        blk_bloom_add(bloom, l->addr.b, 20);
        for (int q = 0; q < l->ntopics; q++)
            blk_bloom_add(bloom, l->topics[q], 32);
        json_array_append_new(logs, node_log_json(b, i, r->first_log + k, r->first_log + k));
    }
    json_object_set_new(o, "transactionHash", hash32(r->hash));
    json_object_set_new(o, "transactionIndex", node_qty(i));
    json_object_set_new(o, "blockHash", hash32(b->b.hash));
    json_object_set_new(o, "blockNumber", node_qty(b->b.header.number));
    json_object_set_new(o, "from", node_addr(&r->from));
    json_object_set_new(o, "to", t->create ? json_null() : node_hexb(t->to, 20));
    json_object_set_new(o, "cumulativeGasUsed", node_qty(r->cumulative_gas));
    json_object_set_new(o, "gasUsed", node_qty(r->gas_used));
    json_object_set_new(o, "contractAddress",
                        r->has_contract ? node_addr(&r->contract) : json_null());
    json_object_set_new(o, "logs", logs);
    json_object_set_new(o, "logsBloom", node_hexb(bloom, 256));
    json_object_set_new(o, "type", node_qty(t->type));
    json_object_set_new(o, "status", node_qty(r->status));
    node_blob_receipt_json(c, o, &b->b.header, t);
    json_object_set_new(o, "effectiveGasPrice", node_qty256(r->price));
    return o;
}

json_t *node_block_json(node_chain *c, node_block *b, bool full)
{
    const hdr *h = &b->b.header;
    json_t *o = json_object(), *txs = json_array();
    json_object_set_new(o, "hash", hash32(b->b.hash));
    json_object_set_new(o, "parentHash", hash32(h->parent_hash));
    json_object_set_new(o, "sha3Uncles", hash32(h->ommers_hash));
    json_object_set_new(o, "miner", node_hexb(h->coinbase, 20));
    json_object_set_new(o, "stateRoot", hash32(h->state_root));
    json_object_set_new(o, "transactionsRoot", hash32(h->tx_root));
    json_object_set_new(o, "receiptsRoot", hash32(h->receipts_root));
    json_object_set_new(o, "logsBloom", node_hexb(h->bloom, 256));
    json_object_set_new(o, "difficulty", node_qty256(h->difficulty));
    json_object_set_new(o, "totalDifficulty", node_qty(0));
    json_object_set_new(o, "number", node_qty(h->number));
    json_object_set_new(o, "gasLimit", node_qty(h->gas_limit));
    json_object_set_new(o, "gasUsed", node_qty(h->gas_used));
    json_object_set_new(o, "timestamp", node_qty(h->timestamp));
    json_object_set_new(o, "extraData", node_hexb(h->extra, h->extra_len));
    json_object_set_new(o, "mixHash", hash32(h->mix_hash));
    json_object_set_new(o, "nonce", node_hexb(h->nonce, 8));
    json_object_set_new(o, "baseFeePerGas", node_qty256(h->base_fee));
    json_object_set_new(o, "withdrawalsRoot", hash32(h->withdrawals_root));
    json_object_set_new(o, "blobGasUsed", node_qty(h->blob_gas_used));
    json_object_set_new(o, "excessBlobGas", node_qty(h->excess_blob_gas));
    json_object_set_new(o, "parentBeaconBlockRoot", hash32(h->parent_beacon_root));
    json_object_set_new(o, "requestsHash", hash32(h->requests_hash));
    json_object_set_new(o, "size", node_qty(b->raw_len));
    for (size_t i = 0; i < b->b.ntx; i++)
        json_array_append_new(txs, full ? node_tx_json(c, b, i) : hash32(b->rc[i].hash));
    json_object_set_new(o, "transactions", txs);
    json_object_set_new(o, "uncles", json_array());
    json_object_set_new(o, "withdrawals", json_array());
    return o;
}

/* topics[i]: null (any), a hash, or an array of hashes (any of) */
static bool topic_match(json_t *want, const node_log *l)
{
    if (!json_is_array(want)) return true;
    for (size_t i = 0; i < json_array_size(want); i++) {
        json_t *w = json_array_get(want, i);
        if (json_is_null(w)) continue;
        if ((int)i >= l->ntopics) return false;
        bool any = false;
        uint8_t h[32];
        if (json_is_array(w)) {
            if (json_array_size(w) == 0) any = true;
            for (size_t k = 0; k < json_array_size(w) && !any; k++)
                any = node_get_hash(json_array_get(w, k), h) && !memcmp(h, l->topics[i], 32);
        } else {
            any = node_get_hash(w, h) && !memcmp(h, l->topics[i], 32);
        }
        if (!any) return false;
    }
    return true;
}

static bool addr_match(json_t *want, const node_log *l)
{
    evm_addr a;
    if (!want || json_is_null(want)) return true;
    if (json_is_array(want)) {
        if (!json_array_size(want)) return true;
        for (size_t i = 0; i < json_array_size(want); i++)
            if (node_get_addr(json_array_get(want, i), &a) && !memcmp(a.b, l->addr.b, 20))
                return true;
        return false;
    }
    return node_get_addr(want, &a) && !memcmp(a.b, l->addr.b, 20);
}

json_t *node_logs_query(node_chain *c, json_t *f, uint64_t from, uint64_t to, node_err *e)
{
    json_t *out = json_array(), *addr = json_object_get(f, "address"),
           *topics = json_object_get(f, "topics");
    if (topics && !json_is_null(topics) && !json_is_array(topics)) {
        json_decref(out);
        return node_fail(e, -32602, "topics must be an array");
    }
    for (uint64_t n = from; n <= to && n < c->nblocks; n++) {
        node_block *b = &c->blocks[n];
        for (size_t i = 0; i < b->b.ntx; i++)
            for (size_t k = 0; k < b->rc[i].nlogs; k++) {
                size_t li = b->rc[i].first_log + k;
                if (addr_match(addr, &b->logs[li]) && topic_match(topics, &b->logs[li]))
                    json_array_append_new(out, node_log_json(b, i, li, li));
            }
    }
    return out;
}
