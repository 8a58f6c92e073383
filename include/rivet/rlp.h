/* RLP (Recursive Length Prefix), strict: non-canonical encodings are errors. Decoding is
   zero-copy: items point into the caller's buffer. */
#ifndef RIVET_RLP_H
#define RIVET_RLP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/bytes.h"
#include "rivet/status.h"
#include "rivet/u256.h"

typedef struct rlp_item {
    const uint8_t *p; /* payload (string bytes, or the concatenated list items) */
    size_t len;       /* payload length */
    size_t off;       /* offset of the item's first byte in the outermost input (diagnostics) */
    size_t hdr;       /* header length: the whole encoding is (p - hdr, hdr + len) */
    bool list;
} rlp_item;

/* Decodes the first item of in[0..len); *consumed gets its encoded size. base_off is added to
   reported positions (the offset of `in` within the outermost input). */
RIVET_MUST_USE rivet_status rlp_decode_item(const uint8_t *in, size_t len, size_t base_off,
                                            rlp_item *out, size_t *consumed, rivet_diag *d);
/* Decodes in[0..len) as exactly one item (trailing bytes are an error). */
RIVET_MUST_USE rivet_status rlp_decode(const uint8_t *in, size_t len, rlp_item *out, rivet_diag *d);

/* Deepest list nesting rlp_validate accepts. */
#define RLP_MAX_DEPTH 1024

/* Checks that in[0..len) is exactly one item whose nested lists are, recursively, sequences of
   well-formed canonical items that fill them exactly. Errors give the offending item's offset.
   Nesting deeper than RLP_MAX_DEPTH is RIVET_EUNSUPPORTED. */
RIVET_MUST_USE rivet_status rlp_validate(const uint8_t *in, size_t len, rivet_diag *d);

/* Iterates over the items of a list. */
typedef struct rlp_iter {
    const uint8_t *p, *end;
    size_t off;
} rlp_iter;

void rlp_iter_init(rlp_iter *it, const rlp_item *list);
/* RIVET_OK with *item set, or RIVET_EMISSING at the end of the list, or a decode error. */
RIVET_MUST_USE rivet_status rlp_iter_next(rlp_iter *it, rlp_item *item, rivet_diag *d);
/* Number of items in a list (validates every item header). */
RIVET_MUST_USE rivet_status rlp_list_count(const rlp_item *list, size_t *count, rivet_diag *d);
/* Splits a list into exactly `n` items, or into at most `n` with *got set when got != NULL. */
RIVET_MUST_USE rivet_status rlp_list_items(const rlp_item *list, rlp_item *items, size_t n,
                                           size_t *got, rivet_diag *d);

/* Typed reads; each checks kind and canonical form (no leading zeros in integers). */
RIVET_MUST_USE rivet_status rlp_get_u64(const rlp_item *it, uint64_t *v, rivet_diag *d);
RIVET_MUST_USE rivet_status rlp_get_u256(const rlp_item *it, u256 *v, rivet_diag *d);
/* A string of exactly n bytes. */
RIVET_MUST_USE rivet_status rlp_get_fixed(const rlp_item *it, uint8_t *out, size_t n,
                                          rivet_diag *d);
/* A string of any length (pointer into the input). */
RIVET_MUST_USE rivet_status rlp_get_bytes(const rlp_item *it, const uint8_t **p, size_t *len,
                                          rivet_diag *d);

/* Encoding into a growable buffer. Lists: mark = rlp_list_begin(b); ...items...;
   rlp_list_end(b, mark) writes the header in front of the payload. */
RIVET_MUST_USE rivet_status rlp_put_bytes(rivet_buf *b, const uint8_t *p, size_t len);
RIVET_MUST_USE rivet_status rlp_put_u64(rivet_buf *b, uint64_t v);
RIVET_MUST_USE rivet_status rlp_put_u256(rivet_buf *b, u256 v);
RIVET_MUST_USE rivet_status rlp_put_raw(rivet_buf *b, const uint8_t *p,
                                        size_t len); /* already encoded */
size_t rlp_list_begin(rivet_buf *b);
RIVET_MUST_USE rivet_status rlp_list_end(rivet_buf *b, size_t mark);
/* Encoded size of a string of len bytes whose first byte is first (when len == 1). */
size_t rlp_bytes_size(const uint8_t *p, size_t len);

#endif
