/* The zkvm crypto backend's portable pieces (prefix zk_). They compile on any host, so the unit
   test cross-checks them against the host backend; backend.c maps the crypto.h interface onto
   them or, in the zkVM guest build (RIVET_ZKVM_ACCEL=1), onto the accelerator calls of
   accel.c. */
#ifndef RIVET_CRYPTO_ZK_H
#define RIVET_CRYPTO_ZK_H

#include "rivet/crypto.h"

void zk_keccakf(uint64_t state[25]);
void zk_sha256(uint8_t out[32], const void *data, size_t len);
void zk_ripemd160(uint8_t out[20], const void *data, size_t len);
crypto_err zk_modexp(uint8_t *out, const uint8_t *base, size_t base_len, const uint8_t *exp,
                     size_t exp_len, const uint8_t *mod, size_t mod_len);
RIVET_MUST_USE bool zk_secp256k1_recover(uint8_t pub[64], const uint8_t hash[32],
                                         const uint8_t sig[64], int recid);
RIVET_MUST_USE bool zk_p256_verify(const uint8_t hash[32], const uint8_t r[32], const uint8_t s[32],
                                   const uint8_t qx[32], const uint8_t qy[32]);

/* A prime field of at most 256 bits in Montgomery form (4 little-endian 64-bit limbs). */
typedef struct zk_field {
    uint64_t p[4];
    uint64_t n0;     /* -p^-1 mod 2^64 */
    uint64_t r2[4];  /* 2^512 mod p */
    uint64_t one[4]; /* 2^256 mod p (1 in Montgomery form) */
} zk_field;

void zk_field_init(zk_field *f, const uint8_t p_be[32]);
void zk_fmul(const zk_field *f, uint64_t r[4], const uint64_t a[4], const uint64_t b[4]);
void zk_fadd(const zk_field *f, uint64_t r[4], const uint64_t a[4], const uint64_t b[4]);
void zk_fsub(const zk_field *f, uint64_t r[4], const uint64_t a[4], const uint64_t b[4]);
/* r = a^e (e a plain little-endian 256-bit integer), a and r in Montgomery form. */
void zk_fpow(const zk_field *f, uint64_t r[4], const uint64_t a[4], const uint64_t e[4]);
void zk_finv(const zk_field *f, uint64_t r[4], const uint64_t a[4]);  /* a^(p-2); 0 -> 0 */
void zk_fto(const zk_field *f, uint64_t r[4], const uint64_t a[4]);   /* into Montgomery form */
void zk_ffrom(const zk_field *f, uint64_t r[4], const uint64_t a[4]); /* out of it */
bool zk_fiszero(const uint64_t a[4]);
bool zk_feq(const uint64_t a[4], const uint64_t b[4]);

/* Big-endian 32 bytes <-> 4 limbs; compare as 256-bit integers (-1, 0, 1). */
void zk_load(uint64_t r[4], const uint8_t b[32]);
void zk_store(uint8_t b[32], const uint64_t a[4]);
int zk_cmp(const uint64_t a[4], const uint64_t b[4]);
/* r = a + b (returns the carry), r = a - b (returns the borrow), over 256 bits. */
uint64_t zk_add4(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]);
uint64_t zk_sub4(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]);

#endif
