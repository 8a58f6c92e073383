/* Execution witness input forms: geth ExtWitness RLP and EIP-8025 SSZ (JSON: wit_json.c). */
#include <stdlib.h>
#include <string.h>

#include "eth/wit_impl.h"

const char *const wit_part_names[WIT_NPARTS] = {"headers", "codes", "state", "keys"};

rivet_status wit_add(wit *w, int part, const uint8_t *p, size_t len, rivet_diag *d)
{
    switch (part) {
    case WIT_HEADERS: return wit_add_header(w, p, len, d);
    case WIT_CODES: return wit_add_code(w, p, len);
    case WIT_STATE: return wit_add_node(w, p, len);
    default: w->nkeys++; return RIVET_OK;
    }
}

RIVET_MUST_USE static rivet_status wit_rlp_part(wit *w, int part, const rlp_item *list,
                                                rivet_diag *d)
{
    if (!list->list)
        return rivet_fail(d, RIVET_EINPUT, list->off, "witness %s is not a list",
                          wit_part_names[part]);
    rlp_iter it;
    rlp_item x;
    rivet_status s;
    rlp_iter_init(&it, list);
    while ((s = rlp_iter_next(&it, &x, d)) == RIVET_OK) {
        /* headers appear as lists; everything else (and headers in byte form) as strings */
        if (x.list && part != WIT_HEADERS)
            return rivet_fail(d, RIVET_EINPUT, x.off, "witness %s item is a list",
                              wit_part_names[part]);
        const uint8_t *p = x.list ? x.p - x.hdr : x.p;
        size_t len = x.list ? x.hdr + x.len : x.len;
        if ((s = wit_add(w, part, p, len, d)) != RIVET_OK) return s;
    }
    return s == RIVET_EMISSING ? RIVET_OK : s;
}

rivet_status wit_from_rlp(wit *w, const uint8_t *p, size_t len, rivet_diag *d)
{
    if (wit_init(w) != RIVET_OK) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    rlp_item top, parts[WIT_NPARTS];
    size_t n = 0;
    rivet_status s = rlp_decode(p, len, &top, d);
    if (s == RIVET_OK && !top.list)
        s = rivet_fail(d, RIVET_EINPUT, 0, "witness is not an RLP list");
    if (s == RIVET_OK) s = rlp_list_items(&top, parts, WIT_NPARTS, &n, d);
    if (s == RIVET_OK && n < 3)
        s = rivet_fail(d, RIVET_EINPUT, 0, "witness list has %zu items, 3 or 4 expected", n);
    for (size_t i = 0; i < n && s == RIVET_OK; i++)
        s = wit_rlp_part(w, (int)i, &parts[i], d);
    if (s != RIVET_OK) wit_free(w);
    return s;
}

rivet_status wit_from_ssz(wit *w, const ssz_stateless_input *in, rivet_diag *d)
{
    if (wit_init(w) != RIVET_OK) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    const ssz_span lists[3] = {in->headers, in->codes, in->state};
    const size_t counts[3] = {in->nheaders, in->ncodes, in->nstate};
    rivet_status s = RIVET_OK;
    for (int part = 0; part < 3 && s == RIVET_OK; part++)
        for (size_t i = 0; i < counts[part] && s == RIVET_OK; i++) {
            ssz_span it = ssz_list_var_item(lists[part], i);
            s = wit_add(w, part, it.p, it.len, d);
        }
    if (s != RIVET_OK) wit_free(w);
    return s;
}
