/* libFuzzer harness for RLP: strict validation must agree with item-by-item decoding, and
   every input accepted as valid must re-encode to exactly itself (canonical form is unique). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/rlp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Re-encodes a decoded item into b, descending into lists; 0 on success. */
static int reencode(const rlp_item *it, rivet_buf *b, int depth)
{
    if (depth > RLP_MAX_DEPTH) abort(); /* rlp_validate bounds the nesting */
    if (!it->list) {
        /* the typed readers must not misbehave on any string */
        uint64_t v;
        u256 w;
        (void)rlp_get_u64(it, &v, NULL);
        (void)rlp_get_u256(it, &w, NULL);
        return rlp_put_bytes(b, it->p, it->len) == RIVET_OK ? 0 : -1;
    }
    size_t mark = rlp_list_begin(b), count = 0, n = 0;
    rlp_iter iter;
    rlp_item x;
    rivet_status s;
    rlp_iter_init(&iter, it);
    while ((s = rlp_iter_next(&iter, &x, NULL)) == RIVET_OK) {
        if (reencode(&x, b, depth + 1) != 0) return -1;
        n++;
    }
    if (s != RIVET_EMISSING) /* validated input: every nested item decodes */
        abort();
    if (rlp_list_count(it, &count, NULL) != RIVET_OK || count != n) abort();
    return rlp_list_end(b, mark) == RIVET_OK ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rivet_diag d;
    rivet_diag_clear(&d);
    rivet_status valid = rlp_validate(data, size, &d);
    rlp_item top;
    rivet_status top_st = rlp_decode(data, size, &top, NULL);
    if (valid != RIVET_OK) {
        if (d.code != valid || (d.pos != RIVET_NOPOS && d.pos > size))
            abort(); /* a failure always says what and where, inside the input */
        return 0;
    }
    if (top_st != RIVET_OK) abort();
    rivet_buf b = {0};
    if (reencode(&top, &b, 1) == 0 && (b.n != size || memcmp(b.p, data, size) != 0)) abort();
    if (!top.list && rlp_bytes_size(top.p, top.len) != size) abort();
    buf_free(&b);
    return 0;
}
