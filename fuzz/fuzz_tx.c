/* libFuzzer harness: tx_decode never crashes; valid input re-encodes to itself, and the checks
   that follow decoding (static rules, sender, intrinsic gas) run without crashing. */
#include <stdlib.h>
#include <string.h>

#include "rivet/tx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tx t;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (tx_decode(data, size, &t, &d) != TX_ERR_OK) return 0;
    rivet_buf b = {0};
    if (tx_encode(&t, &b) != RIVET_OK || b.n != size || memcmp(b.p, data, size) != 0) abort();
    buf_free(&b);
    uint8_t addr[20];
    tx_gas g;
    tx_validate_static(&t, FORK_PRAGUE, 1, &d);
    tx_sender(&t, FORK_PRAGUE, addr, &d);
    RIVET_IGNORE(tx_intrinsic_gas(&t, FORK_OSAKA, &g));
    for (size_t i = 0; i < t.auths_len; i++)
        tx_auth_authority(&t.auths[i], addr, &d);
    tx_free(&t);
    return 0;
}
