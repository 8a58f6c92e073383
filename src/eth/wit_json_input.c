/* JSON inputs that carry the block: scroll's BlockWitness and {block, witness} pairs of
   eth_getBlockByNumber(n, true) and debug_executionWitness results; a block or a header alone. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "eth/wit_impl.h"
#include "eth/wit_json_impl.h"

/* A JSON-RPC response's "result", else o. */
static json_t *wit_js_result(json_t *o)
{
    json_t *r = json_object_get(o, "result");
    return json_is_object(r) ? r : o;
}

static rivet_status wit_js_status(rivet_diag *d)
{
    return d && d->code != RIVET_OK ? d->code : RIVET_EINPUT;
}

/* The block RLP into in->block_rlp, decoded into in->b. */
static bool wit_js_input_block(wj *j, wit_input *in, json_t *header, json_t *txs, json_t *wd)
{
    if (!wit_js_block(j, header, txs, wd, &in->block_rlp)) return false;
    rivet_diag bd = {0};
    blk_error e = blk_decode(in->block_rlp.p, in->block_rlp.n, &in->b, &bd);
    if (e != BLK_ERR_OK) return wit_js_fail(j, "rebuilt block does not decode: %s", bd.msg);
    in->has_b = true;
    return true;
}

static bool wit_js_hex_list(wj *j, wit_input *in, json_t *arr, int part, const char *what)
{
    if (arr && !json_is_array(arr)) return wit_js_fail(j, "%s: not an array", what);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        uint8_t *b;
        size_t n;
        if (!json_is_string(v) ||
            hex_decode_alloc(&b, &n, json_string_value(v), json_string_length(v), HEX_PREFIX_OPT,
                             NULL) != RIVET_OK)
            return wit_js_fail(j, "%s[%zu]: not hex", what, i);
        rivet_status s = wit_add(&in->w, part, b, n, j->d);
        free(b);
        if (s != RIVET_OK) return false;
    }
    return true;
}

/* scroll BlockWitness: current (snake_case header, flattened or nested signatures) and legacy
   (prev_state_root, "transactions", camelCase) shapes. */
static bool wit_js_scroll(wj *j, wit_input *in, json_t *o)
{
    json_t *txs = wit_js_get(o, "transaction", "transactions");
    json_t *root = wit_js_get(o, "pre_state_root", "prev_state_root");
    if (!root) root = wit_js_get(o, "preStateRoot", NULL);
    json_t *cid = wit_js_get(o, "chain_id", "chainId");
    if (cid && !wit_js_u64(j, cid, &in->chain_id, "chain_id")) return false;
    if (!root || !wit_js_fixed(j, root, in->pre_state_root, 32, "pre_state_root"))
        return wit_js_fail(j, "scroll witness without pre_state_root");
    in->has_pre_state_root = true;
    if (!wit_js_input_block(j, in, wit_js_get(o, "header", NULL), txs,
                            wit_js_get(o, "withdrawals", NULL)))
        return false;
    if (wit_init(&in->w) != RIVET_OK) return wit_js_fail(j, "out of memory");
    in->has_w = true;
    json_t *hashes = wit_js_get(o, "block_hashes", "blockHashes"), *h;
    size_t i;
    json_array_foreach(hashes, i, h)
    {
        uint8_t x[32];
        if (!wit_js_fixed(j, h, x, 32, "block_hashes") || in->b.header.number < i + 1) return false;
        if (wit_add_hash(&in->w, in->b.header.number - 1 - i, x) != RIVET_OK)
            return wit_js_fail(j, "out of memory");
    }
    return wit_js_hex_list(j, in, wit_js_get(o, "states", NULL), WIT_STATE, "states") &&
           wit_js_hex_list(j, in, wit_js_get(o, "codes", NULL), WIT_CODES, "codes");
}

/* {block, witness | executionWitness, chainId?}. */
static bool wit_js_rpc_pair(wj *j, wit_input *in, json_t *o)
{
    json_t *b = wit_js_result(wit_js_get(o, "block", NULL));
    json_t *w = wit_js_get(o, "executionWitness", "witness");
    json_t *cid = wit_js_get(o, "chainId", "chain_id");
    if (cid && !wit_js_u64(j, cid, &in->chain_id, "chainId")) return false;
    if (!wit_js_input_block(j, in, b, wit_js_get(b, "transactions", NULL),
                            wit_js_get(b, "withdrawals", NULL)))
        return false;
    if (wit_from_json_obj(&in->w, wit_js_result(w), j->d) != RIVET_OK) return false;
    in->has_w = true;
    return true;
}

static wit_format wit_js_detect(json_t *o)
{
    if (json_object_get(o, "states") && json_object_get(o, "header")) return WIT_FMT_SCROLL;
    if (json_is_object(json_object_get(o, "block")) &&
        (json_object_get(o, "witness") || json_object_get(o, "executionWitness")))
        return WIT_FMT_RPC_JSON;
    return WIT_FMT_AUTO;
}

rivet_status wit_input_json(wit_input *in, const char *text, size_t len, wit_format f,
                            rivet_diag *d)
{
    memset(in, 0, sizeof *in);
    json_error_t je;
    json_t *root = json_loadb(text, len, 0, &je);
    if (!root)
        return rivet_fail(d, RIVET_EINPUT, (size_t)je.position, "JSON: %s (line %d)", je.text,
                          je.line);
    json_t *o = wit_js_result(root);
    if (f == WIT_FMT_AUTO) f = wit_js_detect(o);
    wj j = {d, 0};
    bool ok = f == WIT_FMT_SCROLL     ? wit_js_scroll(&j, in, o)
              : f == WIT_FMT_RPC_JSON ? wit_js_rpc_pair(&j, in, o)
                                      : wit_js_fail(&j, "neither a scroll BlockWitness nor "
                                                        "{block, witness}");
    in->format = f;
    json_decref(root);
    if (ok) return RIVET_OK;
    wit_input_free(in);
    return wit_js_status(d);
}

rivet_status wit_input_block_json(wit_input *in, const char *text, size_t len, rivet_diag *d)
{
    memset(in, 0, sizeof *in);
    json_error_t je;
    json_t *root = json_loadb(text, len, 0, &je);
    if (!root)
        return rivet_fail(d, RIVET_EINPUT, (size_t)je.position, "JSON: %s (line %d)", je.text,
                          je.line);
    json_t *b = wit_js_result(root);
    wj j = {d, 0};
    bool ok = wit_js_input_block(&j, in, b, wit_js_get(b, "transactions", NULL),
                                 wit_js_get(b, "withdrawals", NULL));
    in->format = WIT_FMT_RPC_JSON;
    json_decref(root);
    if (ok) return RIVET_OK;
    wit_input_free(in);
    return wit_js_status(d);
}

rivet_status wit_header_rlp(rivet_buf *out, const uint8_t *p, size_t len, rivet_diag *d)
{
    size_t i = 0;
    while (i < len && (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t'))
        i++;
    if (i == len || p[i] != '{') { /* RLP: decoded to check it, appended as given */
        hdr h;
        rivet_diag hd = {0};
        if (hdr_decode(p, len, &h, &hd) != BLK_ERR_OK)
            return rivet_fail(d, RIVET_EINPUT, hd.pos, "header RLP: %s", hd.msg);
        return buf_append(out, p, len);
    }
    json_error_t je;
    json_t *root = json_loadb((const char *)p, len, 0, &je);
    if (!root)
        return rivet_fail(d, RIVET_EINPUT, (size_t)je.position, "JSON: %s (line %d)", je.text,
                          je.line);
    hdr h;
    wj j = {d, 0};
    bool ok = wit_js_header(&j, wit_js_result(root), &h);
    json_decref(root);
    if (!ok) return wit_js_status(d);
    return hdr_encode(&h, out);
}
