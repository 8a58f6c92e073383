/* Blobs and their KZG commitments, proofs and versioned hashes from c-kzg-4844 (the `ckzg`
   Python package, mainnet trusted setup): kzg_vectors.py prints the table. Shared by the crypto
   and eth unit tests. */
#ifndef RIVET_TEST_KZG_VECTORS_H
#define RIVET_TEST_KZG_VECTORS_H

#include <stdlib.h>

#include "rivet/crypto.h"

typedef struct {
    int blob;
    const char *commitment, *proof, *versioned_hash;
} kzg_vec;

static const kzg_vec kzg_vecs[] = {
    {0,
     "c00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "000",
     "c00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "000",
     "010657f37554c781402a22917dee2f75def7ab966d7b770905398eba3c444014"},
    {1,
     "a79de3949f9ec9cbfdce7592242bde2a22b8401baf8f41fe6e95451eaacb081cbdea29726586f17805e2dc6361354"
     "7a7",
     "ae045f15f728eb612fa5bf1e4efa63d89c43a4adaed00342f3ed5ea2b358f566f17566625756498d0074038f2b99a"
     "422",
     "012c6b82c80989ceeec4aff12325949d042b3e1a51ccf430aa7fe02f59a21da6"},
    {2,
     "b05753fbbff0184421707fd59533609d91c2165315890e34f0d180933ec1f8922656ebbed966360fde603d4e4ac77"
     "d64",
     "a2e59c4d7acc631423abb10aeb31d05ffca04f38251321e73ee4f75e2b00e5a63a942739425acac5fbc446a7218d1"
     "ea9",
     "011b5a4841b76865c7402df92ab962327ebdbe6e53c80254b340dd3f25b4cec9"},
    {3,
     "8c659e743356ffd2cbc5d598f6d9c335974a6313ff05f7bfeb329f21a08328bd257c24c4f1a8e03658bbbecd7c7e5"
     "921",
     "90f5a4943a143f1b561cc585df809a90622ed6a9a07d9770fe992869133f049d51619feadf938e7f6881cc423aeec"
     "a53",
     "0115ef0ca253608e598a52142684b3720edd8926a82a7f4c62db5e4d0b810cb5"},
    {4,
     "8c5ad86a0354918605368f99683d649455bc3eb90a80c6099e298bb583b2c88d7c6659ca91a01d5c68ec4eb684ab5"
     "fd8",
     "b204f496432d552777d711d6bca49780c710e12b69355d064f596849cafb196de733565aea1add15d231dadef1c00"
     "326",
     "014615e556e3cb2708b1f7bd28899fb926ae24801d5772a950c81c087da12d98"},
};

/* kzg_vectors.py's rule: element i of blob k is sha256("rivet-blob" || k || i BE32) with its
   first byte cleared; blob 0 is all zeros. */
static inline uint8_t *make_blob(int k)
{
    uint8_t *b = calloc(1, CRYPTO_BLOB_BYTES);
    assert_non_null(b);
    if (k == 0) return b;
    uint8_t m[15];
    memcpy(m, "rivet-blob", 10);
    m[10] = (uint8_t)k;
    for (uint32_t i = 0; i < 4096; i++) {
        m[11] = (uint8_t)(i >> 24);
        m[12] = (uint8_t)(i >> 16);
        m[13] = (uint8_t)(i >> 8);
        m[14] = (uint8_t)i;
        crypto_sha256(b + 32 * i, m, sizeof m);
        b[32 * i] = 0;
    }
    return b;
}

#endif
