/* libFuzzer harness for the JSON inputs. The first byte picks the reader: 0 {block, witness}
   (rpc-json), 1 scroll BlockWitness, 2 a block alone (eth_getBlockByNumber), 3 a header alone
   (--parent). Decoded inputs are validated (fuzz_input.h). Seeds: the JSON forms
   tests/unit/eth/reth_bincode.py --json writes. */
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    const char *p = (const char *)data + 1;
    size_t n = size - 1;
    wit_input in;
    rivet_diag d;
    rivet_diag_clear(&d);
    rivet_buf h = {0};
    switch (data[0] & 3) {
    case 0:
    case 1:
        if (wit_input_json(&in, p, n, data[0] & 1 ? WIT_FMT_SCROLL : WIT_FMT_RPC_JSON, &d) ==
            RIVET_OK) {
            fuzz_validate(&in);
            wit_input_free(&in);
        }
        break;
    case 2:
        if (wit_input_block_json(&in, p, n, &d) == RIVET_OK) wit_input_free(&in);
        break;
    default:
        if (wit_header_rlp(&h, data + 1, n, &d) == RIVET_OK) {
            hdr x;
            if (hdr_decode(h.p, h.n, &x, NULL) != BLK_ERR_OK) abort(); /* must re-decode */
        }
        buf_free(&h);
    }
    return 0;
}
