/* JSON block and input readers (host only: jansson). wit_js_* functions return false after
   recording the first failure in j->d. */
#ifndef RIVET_ETH_WIT_JSON_IMPL_H
#define RIVET_ETH_WIT_JSON_IMPL_H

#include <jansson.h>
#include <stdbool.h>

#include "rivet/witness.h"

typedef struct wj {
    rivet_diag *d;
    size_t index; /* the transaction being read (for messages) */
} wj;

bool wit_js_fail(wj *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* o[camel], else o[snake] (snake may be NULL); JSON null counts as absent. */
json_t *wit_js_get(json_t *o, const char *camel, const char *snake);
/* Quantities: hex "0x..", decimal strings, JSON integers (and booleans, for y parity). */
bool wit_js_u256(wj *j, json_t *v, u256 *out, const char *what);
bool wit_js_u64(wj *j, json_t *v, uint64_t *out, const char *what);
/* Exactly n bytes of hex. */
bool wit_js_fixed(wj *j, json_t *v, uint8_t *out, size_t n, const char *what);
/* A header object; its "hash", when given, must be the hash of the fields read. */
bool wit_js_header(wj *j, json_t *o, hdr *h);
/* One transaction object, appended to out in its block-body form. */
bool wit_js_tx(wj *j, json_t *o, rivet_buf *out);
/* Block RLP from a header object, transaction objects and withdrawals (NULL: none). */
bool wit_js_block(wj *j, json_t *header, json_t *txs, json_t *withdrawals, rivet_buf *out);

/* The witness object ({state, codes, headers?, keys?}, maybe under "witness" or
   "executionWitness"; an RPC "result" too); w initialised by the call. */
rivet_status wit_from_json_obj(wit *w, json_t *o, rivet_diag *d);

#endif
