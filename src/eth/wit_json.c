/* Execution witness in JSON: {"state"|"codes"|"headers"|"keys": [hex...]} (or maps {hash: hex},
   as older debug_executionWitness gave them), possibly nested under "witness",
   "executionWitness" or a JSON-RPC "result". Host only (jansson), like wit_json_*.c: the guest
   build leaves these files out. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "eth/wit_impl.h"
#include "eth/wit_json_impl.h"
#include "rivet/crypto.h"

RIVET_MUST_USE static rivet_status wit_json_item(wit *w, int part, json_t *v, const char *key,
                                                 size_t i, rivet_diag *d)
{
    if (!json_is_string(v))
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "witness %s[%zu] is not a hex string",
                          wit_part_names[part], i);
    uint8_t *bytes;
    size_t n;
    rivet_diag hd = {0};
    if (hex_decode_alloc(&bytes, &n, json_string_value(v), json_string_length(v), HEX_PREFIX_OPT,
                         &hd) != RIVET_OK)
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "witness %s[%zu]: %s", wit_part_names[part],
                          i, hd.msg);
    rivet_status s = wit_add(w, part, bytes, n, d);
    /* a map keyed by hash (older debug_executionWitness): the key must be keccak(value) */
    uint8_t want[32], got[32];
    size_t kl = 0;
    if (s == RIVET_OK && key && part != WIT_KEYS && part != WIT_HEADERS &&
        (hex_decode(want, 32, &kl, key, strlen(key), HEX_PREFIX_OPT, NULL) != RIVET_OK ||
         kl != 32 || (crypto_keccak256(got, bytes, n), memcmp(got, want, 32) != 0)))
        s = rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS,
                       "witness %s: key %.20s... is not the "
                       "hash of its value",
                       wit_part_names[part], key);
    free(bytes);
    return s;
}

/* An array of hex strings, or a map {hash: hex} as older debug_executionWitness gave it. */
RIVET_MUST_USE static rivet_status wit_json_part(wit *w, int part, json_t *arr, rivet_diag *d)
{
    if (!arr) return RIVET_OK;
    size_t i = 0;
    json_t *v;
    rivet_status s = RIVET_OK;
    if (json_is_object(arr)) {
        const char *key;
        json_object_foreach(arr, key, v)
        {
            if ((s = wit_json_item(w, part, v, key, i++, d)) != RIVET_OK) return s;
        }
        return RIVET_OK;
    }
    if (!json_is_array(arr))
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "witness %s is not an array",
                          wit_part_names[part]);
    json_array_foreach(arr, i, v)
    {
        if ((s = wit_json_item(w, part, v, NULL, i, d)) != RIVET_OK) return s;
    }
    return RIVET_OK;
}

rivet_status wit_from_json(wit *w, const char *text, size_t len, rivet_diag *d)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, 0, &je);
    if (!root)
        return rivet_fail(d, RIVET_EINPUT, (size_t)je.position, "witness JSON: %s (line %d)",
                          je.text, je.line);
    rivet_status s = wit_from_json_obj(w, root, d);
    json_decref(root);
    return s;
}

rivet_status wit_from_json_obj(wit *w, json_t *root, rivet_diag *d)
{
    json_t *o = root;
    for (int depth = 0; depth < 3 && json_is_object(o); depth++) {
        json_t *inner = json_object_get(o, "executionWitness");
        if (!inner) inner = json_object_get(o, "witness");
        if (!inner) inner = json_object_get(o, "result"); /* a JSON-RPC response */
        if (!inner) break;
        o = inner;
    }
    rivet_status s = RIVET_OK;
    if (!json_is_object(o) || !json_object_get(o, "state"))
        s = rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS,
                       "witness JSON: no object with a \"state\" array found");
    if (s == RIVET_OK && wit_init(w) != RIVET_OK)
        s = rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    else if (s == RIVET_OK) {
        for (int part = 0; part < WIT_NPARTS && s == RIVET_OK; part++)
            s = wit_json_part(w, part, json_object_get(o, wit_part_names[part]), d);
        if (s != RIVET_OK) wit_free(w);
    }
    return s;
}
