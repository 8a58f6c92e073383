/* Execution witness in JSON: {"state"|"codes"|"headers"|"keys": [hex...]}, possibly nested under
   "witness" or "executionWitness". The only witness code that needs jansson (a guest build that
   reads RLP or SSZ leaves this file out). */
#include <jansson.h>
#include <stdlib.h>

#include "eth/wit_impl.h"

RIVET_MUST_USE static rivet_status wit_json_part(wit *w, int part, json_t *arr, rivet_diag *d)
{
    if (!arr) return RIVET_OK;
    if (!json_is_array(arr))
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "witness %s is not an array",
                          wit_part_names[part]);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (!json_is_string(v))
            return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "witness %s[%zu] is not a hex string",
                              wit_part_names[part], i);
        uint8_t *bytes;
        size_t n;
        rivet_diag hd = {0};
        if (hex_decode_alloc(&bytes, &n, json_string_value(v), json_string_length(v),
                             HEX_PREFIX_OPT, &hd) != RIVET_OK)
            return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "witness %s[%zu]: %s",
                              wit_part_names[part], i, hd.msg);
        rivet_status s = wit_add(w, part, bytes, n, d);
        free(bytes);
        if (s != RIVET_OK) return s;
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
    json_t *o = root;
    for (int depth = 0; depth < 2 && json_is_object(o); depth++) {
        json_t *inner = json_object_get(o, "executionWitness");
        if (!inner) inner = json_object_get(o, "witness");
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
    json_decref(root);
    return s;
}
