/* Blocks in JSON: the eth_getBlockByNumber(n, true) result (camelCase) and scroll's header and
   transaction objects (snake_case, or the legacy shape with a nested signature). Every field is
   looked up under both spellings. The block is rebuilt as RLP (hdr_encode, tx_encode) and
   decoded by blk_decode; the JSON's own hashes (block, transactions), when present, must match.
   Host only (jansson), like wit_json.c. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "eth/wit_impl.h"
#include "eth/wit_json_impl.h"
#include "rivet/crypto.h"
#include "rivet/rlp.h"

json_t *wit_js_get(json_t *o, const char *camel, const char *snake)
{
    json_t *v = json_object_get(o, camel);
    if (!v && snake) v = json_object_get(o, snake);
    return json_is_null(v) ? NULL : v;
}

bool wit_js_u256(wj *j, json_t *v, u256 *out, const char *what)
{
    rivet_diag d = {0};
    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        *out = u256_from_u64((uint64_t)json_integer_value(v));
        return true;
    }
    if (json_is_string(v) &&
        u256_from_str(out, json_string_value(v), json_string_length(v), &d) == RIVET_OK)
        return true;
    if (json_is_true(v) || json_is_false(v)) { /* y_parity as a bool */
        *out = u256_from_u64(json_is_true(v));
        return true;
    }
    return wit_js_fail(j, "%s: not a quantity%s%s", what, d.msg[0] ? ": " : "", d.msg);
}

bool wit_js_u64(wj *j, json_t *v, uint64_t *out, const char *what)
{
    u256 x;
    if (!wit_js_u256(j, v, &x, what)) return false;
    if (!u256_fits64(x)) return wit_js_fail(j, "%s: above 2^64", what);
    *out = x.w[0];
    return true;
}

bool wit_js_fixed(wj *j, json_t *v, uint8_t *out, size_t n, const char *what)
{
    size_t got = 0;
    if (!json_is_string(v) ||
        hex_decode(out, n, &got, json_string_value(v), json_string_length(v), HEX_PREFIX_OPT,
                   NULL) != RIVET_OK ||
        got != n)
        return wit_js_fail(j, "%s: not %zu bytes of hex", what, n);
    return true;
}

/* A field that must be there. */
static json_t *wit_js_need(wj *j, json_t *o, const char *camel, const char *snake)
{
    json_t *v = wit_js_get(o, camel, snake);
    if (!v) wit_js_fail(j, "no \"%s\"", camel);
    return v;
}

bool wit_js_header(wj *j, json_t *o, hdr *h)
{
    memset(h, 0, sizeof *h);
    json_t *v;
    bool ok =
        wit_js_fixed(j, wit_js_need(j, o, "parentHash", "parent_hash"), h->parent_hash, 32,
                     "parentHash") &&
        wit_js_fixed(
            j, wit_js_get(o, "sha3Uncles", "ommers_hash") ?: wit_js_need(j, o, "ommersHash", NULL),
            h->ommers_hash, 32, "sha3Uncles") &&
        wit_js_fixed(j,
                     wit_js_get(o, "miner", "beneficiary") ?: wit_js_need(j, o, "coinbase", NULL),
                     h->coinbase, 20, "miner") &&
        wit_js_fixed(j, wit_js_need(j, o, "stateRoot", "state_root"), h->state_root, 32,
                     "stateRoot") &&
        wit_js_fixed(j, wit_js_need(j, o, "transactionsRoot", "transactions_root"), h->tx_root, 32,
                     "transactionsRoot") &&
        wit_js_fixed(j, wit_js_need(j, o, "receiptsRoot", "receipts_root"), h->receipts_root, 32,
                     "receiptsRoot") &&
        wit_js_fixed(j, wit_js_need(j, o, "logsBloom", "logs_bloom"), h->bloom, 256, "logsBloom") &&
        wit_js_u256(j, wit_js_need(j, o, "difficulty", NULL), &h->difficulty, "difficulty") &&
        wit_js_u64(j, wit_js_need(j, o, "number", NULL), &h->number, "number") &&
        wit_js_u64(j, wit_js_need(j, o, "gasLimit", "gas_limit"), &h->gas_limit, "gasLimit") &&
        wit_js_u64(j, wit_js_need(j, o, "gasUsed", "gas_used"), &h->gas_used, "gasUsed") &&
        wit_js_u64(j, wit_js_need(j, o, "timestamp", NULL), &h->timestamp, "timestamp") &&
        wit_js_fixed(j, wit_js_need(j, o, "mixHash", "mix_hash"), h->mix_hash, 32, "mixHash") &&
        wit_js_fixed(j, wit_js_need(j, o, "nonce", NULL), h->nonce, 8, "nonce");
    if (!ok) return false;
    v = wit_js_need(j, o, "extraData", "extra_data");
    if (!v || !json_is_string(v) ||
        hex_decode(h->extra, sizeof h->extra, &h->extra_len, json_string_value(v),
                   json_string_length(v), HEX_PREFIX_OPT, NULL) != RIVET_OK)
        return wit_js_fail(j, "extraData: not at most 32 bytes of hex");
    bool has[6];
    if ((has[0] = (v = wit_js_get(o, "withdrawalsRoot", "withdrawals_root"))) &&
        !wit_js_fixed(j, v, h->withdrawals_root, 32, "withdrawalsRoot"))
        return false;
    if ((has[1] = (v = wit_js_get(o, "baseFeePerGas", "base_fee_per_gas"))) &&
        !wit_js_u256(j, v, &h->base_fee, "baseFeePerGas"))
        return false;
    if ((has[2] = (v = wit_js_get(o, "blobGasUsed", "blob_gas_used"))) &&
        !wit_js_u64(j, v, &h->blob_gas_used, "blobGasUsed"))
        return false;
    if ((has[3] = (v = wit_js_get(o, "excessBlobGas", "excess_blob_gas"))) &&
        !wit_js_u64(j, v, &h->excess_blob_gas, "excessBlobGas"))
        return false;
    if ((has[4] = (v = wit_js_get(o, "parentBeaconBlockRoot", "parent_beacon_block_root"))) &&
        !wit_js_fixed(j, v, h->parent_beacon_root, 32, "parentBeaconBlockRoot"))
        return false;
    if ((has[5] = (v = wit_js_get(o, "requestsHash", "requests_hash"))) &&
        !wit_js_fixed(j, v, h->requests_hash, 32, "requestsHash"))
        return false;
    if (!wit_hdr_fields(h, has)) return wit_js_fail(j, "header field present after an absent one");
    /* the given hash, when there is one, is the hash of these fields */
    if ((v = wit_js_get(o, "hash", NULL))) {
        uint8_t want[32], got[32];
        if (!wit_js_fixed(j, v, want, 32, "hash")) return false;
        if (hdr_hash(h, got) != RIVET_OK) return wit_js_fail(j, "out of memory");
        if (memcmp(want, got, 32) != 0)
            return wit_js_fail(j, "header of block %llu: its fields do not hash to its \"hash\"",
                               (unsigned long long)h->number);
    }
    return true;
}

/* Withdrawals [{index, validatorIndex, address, amount}] appended to out as an RLP list. */
static bool wit_js_withdrawals(wj *j, json_t *arr, rivet_buf *out)
{
    if (!json_is_array(arr)) return wit_js_fail(j, "withdrawals: not an array");
    size_t m = rlp_list_begin(out), i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        blk_withdrawal w;
        if (!wit_js_u64(j, wit_js_need(j, v, "index", NULL), &w.index, "withdrawal index") ||
            !wit_js_u64(j, wit_js_need(j, v, "validatorIndex", "validator_index"), &w.validator,
                        "withdrawal validatorIndex") ||
            !wit_js_fixed(j, wit_js_need(j, v, "address", NULL), w.address, 20,
                          "withdrawal address") ||
            !wit_js_u64(j, wit_js_need(j, v, "amount", NULL), &w.amount, "withdrawal amount"))
            return false;
        if (blk_withdrawal_encode(&w, out) != RIVET_OK) return wit_js_fail(j, "out of memory");
    }
    return rlp_list_end(out, m) == RIVET_OK || wit_js_fail(j, "out of memory");
}

bool wit_js_block(wj *j, json_t *header, json_t *txs, json_t *withdrawals, rivet_buf *out)
{
    hdr h;
    if (!wit_js_header(j, header, &h)) return false;
    if (txs && !json_is_array(txs)) return wit_js_fail(j, "transactions: not an array");
    size_t top = rlp_list_begin(out);
    if (hdr_encode(&h, out) != RIVET_OK) return wit_js_fail(j, "out of memory");
    size_t m = rlp_list_begin(out), i;
    json_t *t;
    json_array_foreach(txs, i, t)
    {
        if (json_is_string(t))
            return wit_js_fail(j, "transactions are hashes only: the block must be fetched with "
                                  "full transactions (eth_getBlockByNumber(n, true))");
        j->index = i;
        if (!wit_js_tx(j, t, out)) return false;
    }
    if (rlp_list_end(out, m) != RIVET_OK) return wit_js_fail(j, "out of memory");
    json_t *uncles = wit_js_get(header, "uncles", NULL);
    if (json_array_size(uncles) > 0)
        return wit_js_fail(j, "a block with ommers (uncles) cannot be rebuilt from JSON");
    m = rlp_list_begin(out);
    if (rlp_list_end(out, m) != RIVET_OK) return wit_js_fail(j, "out of memory");
    if (withdrawals && !wit_js_withdrawals(j, withdrawals, out)) return false;
    return rlp_list_end(out, top) == RIVET_OK || wit_js_fail(j, "out of memory");
}
