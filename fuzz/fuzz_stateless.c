/* libFuzzer harness for stateless validation: input = u16 little-endian block length, the block
   RLP, then a geth ExtWitness RLP. The block is validated against the witness (Hoodi config)
   in strict and lenient mode: every outcome must be a verdict, never a crash; a valid verdict
   must carry the header's state root. Seed: the Hoodi block and witness concatenated this way. */
#include <stdlib.h>
#include <string.h>

#include "rivet/stateless.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    size_t blen = (size_t)data[0] | (size_t)data[1] << 8;
    if (blen > size - 2) return 0;
    const uint8_t *braw = data + 2, *wraw = data + 2 + blen;
    size_t wlen = size - 2 - blen;
    blk b;
    if (blk_decode(braw, blen, &b, NULL) != BLK_ERR_OK) return 0;
    for (unsigned flags = 0; flags <= SL_LENIENT; flags++) {
        wit w;
        if (wit_from_rlp(&w, wraw, wlen, NULL) != RIVET_OK) break;
        sl_result r;
        if (sl_validate(&b, &w, chain_by_name("hoodi"), flags, &r) == RIVET_OK && r.valid &&
            memcmp(r.state_root, b.header.state_root, 32) != 0)
            abort();
        wit_free(&w);
    }
    blk_free(&b);
    return 0;
}
