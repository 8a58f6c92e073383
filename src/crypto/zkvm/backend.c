/* The zkvm backend of crypto.h: accelerators where the zkVM profile has them (keccak-f,
   sha256, secp256k1 recovery), portable C elsewhere (ripemd160, modexp, P-256). Without
   RIVET_ZKVM_ACCEL (Linux-ABI guests, host builds) everything is portable. */
#include "crypto/zkvm/accel.h"
#include "crypto/zkvm/zk.h"

const char *crypto_backend(void)
{
    return "zkvm";
}

void crypto_keccakf(uint64_t state[25])
{
    if (RIVET_ZKVM_ACCEL)
        zk_accel_keccakf(state);
    else
        zk_keccakf(state);
}

void crypto_sha256(uint8_t out[32], const void *data, size_t len)
{
    if (RIVET_ZKVM_ACCEL)
        zk_accel_sha256(out, data, len);
    else
        zk_sha256(out, data, len);
}

void crypto_ripemd160(uint8_t out[20], const void *data, size_t len)
{
    zk_ripemd160(out, data, len);
}

bool crypto_secp256k1_recover(uint8_t pub[64], const uint8_t hash[32], const uint8_t sig[64],
                              int recid)
{
    if (recid < 0 || recid > 3) return false;
    if (RIVET_ZKVM_ACCEL) return zk_accel_secp256k1_recover(pub, hash, sig, recid);
    return zk_secp256k1_recover(pub, hash, sig, recid);
}

crypto_err crypto_modexp(uint8_t *out, const uint8_t *base, size_t base_len, const uint8_t *exp,
                         size_t exp_len, const uint8_t *mod, size_t mod_len)
{
    return zk_modexp(out, base, base_len, exp, exp_len, mod, mod_len);
}

bool crypto_p256_verify(const uint8_t hash[32], const uint8_t r[32], const uint8_t s[32],
                        const uint8_t qx[32], const uint8_t qy[32])
{
    return zk_p256_verify(hash, r, s, qx, qy);
}
