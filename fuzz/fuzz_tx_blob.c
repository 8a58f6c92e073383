/* libFuzzer harness: the blob transaction network form. tx_sidecar_decode never crashes or
   reads past its input; a decoded wrapper's pointers lie inside the input; its body decodes as a
   transaction or fails cleanly, and the sidecar check (versioned hashes, KZG proofs) runs
   without crashing. Seed: any wrapper blob.mjs sends (ethers' EIP-4844 and EIP-7594 forms), or
   the ones test_tx_blob.c builds. */
#include <stdlib.h>
#include <string.h>

#include "rivet/tx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(const uint8_t *p, size_t n, const uint8_t *data, size_t size)
{
    if (p < data || p + n > data + size) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static tx_sidecar sc;
    rivet_diag d;
    rivet_diag_clear(&d);
    bool net = tx_is_network_form(data, size);
    if (tx_sidecar_decode(data, size, &sc, &d) != RIVET_OK) return 0;
    if (!net) abort(); /* a decodable wrapper is the network form */
    inside(sc.body, sc.body_len, data, size);
    for (size_t i = 0; i < sc.nblobs; i++) {
        inside(sc.blob[i], TX_BLOB_BYTES, data, size);
        inside(sc.commitment[i], 48, data, size);
    }
    for (size_t i = 0; i < sc.nproofs; i++)
        inside(sc.proof[i], 48, data, size);
    uint8_t *raw = malloc(sc.body_len + 1);
    if (!raw) return 0;
    raw[0] = TX_BLOB;
    memcpy(raw + 1, sc.body, sc.body_len);
    tx t;
    if (tx_decode(raw, sc.body_len + 1, &t, &d) == TX_ERR_OK) {
        bool cells;
        rivet_diag_clear(&d);
        RIVET_IGNORE(tx_sidecar_verify(&sc, &t, &cells, &d)); /* any verdict; no crash */
        tx_free(&t);
    }
    free(raw);
    return 0;
}
