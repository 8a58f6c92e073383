/* 0x0b-0x11 BLS12-381 (EIP-2537). Each Fp is 64 bytes on the wire, the top 16 of them zero;
   this file checks lengths and that padding, prices the call, and strips the padding before
   the math (src/crypto/bls12.c). */
#include "evm/precompile_impl.h"

#include <stdlib.h>
#include <string.h>

enum { FP_WIRE = 64, FP_RAW = 48, G1_WIRE = 128, G2_WIRE = 256, SCALAR = 32 };

/* EIP-2537 MSM discounts (per mille) for k = 1..128; k > 128 uses the last entry. */
static const uint16_t g1_discount[128] = {
    1000, 949, 848, 797, 764, 750, 738, 728, 719, 712, 705, 698, 692, 687, 682, 677, 673, 669, 665,
    661,  658, 654, 651, 648, 645, 642, 640, 637, 635, 632, 630, 627, 625, 623, 621, 619, 617, 615,
    613,  611, 609, 608, 606, 604, 603, 601, 599, 598, 596, 595, 593, 592, 591, 589, 588, 586, 585,
    584,  582, 581, 580, 579, 577, 576, 575, 574, 573, 572, 570, 569, 568, 567, 566, 565, 564, 563,
    562,  561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 551, 550, 549, 548, 547, 547, 546, 545,
    544,  543, 542, 541, 540, 540, 539, 538, 537, 536, 536, 535, 534, 533, 532, 532, 531, 530, 529,
    528,  528, 527, 526, 525, 525, 524, 523, 522, 522, 521, 520, 520, 519};
static const uint16_t g2_discount[128] = {
    1000, 1000, 923, 884, 855, 832, 812, 796, 782, 770, 759, 749, 740, 732, 724, 717, 711, 704, 699,
    693,  688,  683, 679, 674, 670, 666, 663, 659, 655, 652, 649, 646, 643, 640, 637, 634, 632, 629,
    627,  624,  622, 620, 618, 615, 613, 611, 609, 607, 606, 604, 602, 600, 598, 597, 595, 593, 592,
    590,  589,  587, 586, 584, 583, 582, 580, 579, 578, 576, 575, 574, 573, 571, 570, 569, 568, 567,
    566,  565,  563, 562, 561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 552, 551, 550, 549, 548,
    547,  546,  545, 545, 544, 543, 542, 541, 541, 540, 539, 538, 537, 537, 536, 535, 535, 534, 533,
    532,  532,  531, 530, 530, 529, 528, 528, 527, 526, 526, 525, 524, 524};

static uint64_t msm_gas(size_t len, size_t pair, uint64_t base, const uint16_t *discount)
{
    uint64_t k = len / pair;
    if (k == 0) return 0;
    return pre_sat_mul(pre_sat_mul(k, base), discount[k < 128 ? k - 1 : 127]) / 1000;
}

/* Strips n consecutive 64-byte field elements to 48 bytes each; false on nonzero padding. */
static bool bls_unpad(uint8_t *dst, const uint8_t *src, size_t n)
{
    for (size_t i = 0; i < n; i++, src += FP_WIRE, dst += FP_RAW) {
        for (int j = 0; j < FP_WIRE - FP_RAW; j++)
            if (src[j]) return false;
        memcpy(dst, src + FP_WIRE - FP_RAW, FP_RAW);
    }
    return true;
}

/* Writes n 48-byte elements as 64-byte ones into a fresh output. */
RIVET_MUST_USE static rivet_status bls_emit(rivet_buf *out, const uint8_t *raw, size_t n)
{
    uint8_t *o = pre_out(out, n * FP_WIRE);
    if (!o) return RIVET_ENOMEM;
    for (size_t i = 0; i < n; i++)
        memcpy(o + i * FP_WIRE + FP_WIRE - FP_RAW, raw + i * FP_RAW, FP_RAW);
    return RIVET_OK;
}

RIVET_MUST_USE static rivet_status bls_bad(rivet_diag *d, const char *name, const char *why)
{
    return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "%s: %s", name, why);
}

#define BLS_ADD(stem, G, NFP, GAS)                                                                 \
    uint64_t pre_##stem##_gas(const uint8_t *in, size_t len, rivet_fork fork)                      \
    {                                                                                              \
        return GAS;                                                                                \
    }                                                                                              \
    rivet_status pre_##stem##_run(const uint8_t *in, size_t len, rivet_fork fork, rivet_buf *out,  \
                                  rivet_diag *d)                                                   \
    {                                                                                              \
        uint8_t raw[2 * NFP * FP_RAW], r[NFP * FP_RAW];                                            \
        if (len != 2 * NFP * FP_WIRE) return bls_bad(d, #stem, "invalid input length");            \
        if (!bls_unpad(raw, in, 2 * NFP))                                                          \
            return bls_bad(d, #stem, "field element padding not zero");                            \
        crypto_err e = crypto_bls12_##G##add(r, raw, raw + NFP * FP_RAW);                          \
        return e ? pre_crypto_fail(d, e, #stem) : bls_emit(out, r, NFP);                           \
    }

BLS_ADD(bls12_g1add, g1, 2, 375)
BLS_ADD(bls12_g2add, g2, 4, 600)

#define BLS_MSM(stem, G, NFP, BASE)                                                                \
    uint64_t pre_##stem##_gas(const uint8_t *in, size_t len, rivet_fork fork)                      \
    {                                                                                              \
        return msm_gas(len, NFP * FP_WIRE + SCALAR, BASE, G##_discount);                           \
    }                                                                                              \
    rivet_status pre_##stem##_run(const uint8_t *in, size_t len, rivet_fork fork, rivet_buf *out,  \
                                  rivet_diag *d)                                                   \
    {                                                                                              \
        const size_t wire = NFP * FP_WIRE + SCALAR, raw = NFP * FP_RAW + SCALAR;                   \
        if (len == 0 || len % wire) return bls_bad(d, #stem, "invalid input length");              \
        size_t k = len / wire;                                                                     \
        uint8_t *pairs = malloc(k * raw), r[NFP * FP_RAW];                                         \
        if (!pairs) return RIVET_ENOMEM;                                                           \
        for (size_t i = 0; i < k; i++) {                                                           \
            if (!bls_unpad(pairs + i * raw, in + i * wire, NFP)) {                                 \
                free(pairs);                                                                       \
                return bls_bad(d, #stem, "field element padding not zero");                        \
            }                                                                                      \
            memcpy(pairs + i * raw + NFP * FP_RAW, in + i * wire + NFP * FP_WIRE, SCALAR);         \
        }                                                                                          \
        crypto_err e = crypto_bls12_##G##msm(r, pairs, k);                                         \
        free(pairs);                                                                               \
        return e ? pre_crypto_fail(d, e, #stem) : bls_emit(out, r, NFP);                           \
    }

BLS_MSM(bls12_g1msm, g1, 2, 12000)
BLS_MSM(bls12_g2msm, g2, 4, 22500)

enum { PAIR_WIRE = G1_WIRE + G2_WIRE, PAIR_RAW = 6 * FP_RAW };

uint64_t pre_bls12_pairing_gas(const uint8_t *in, size_t len, rivet_fork fork)
{
    return pre_sat_add(37700, pre_sat_mul(32600, len / PAIR_WIRE));
}

rivet_status pre_bls12_pairing_run(const uint8_t *in, size_t len, rivet_fork fork, rivet_buf *out,
                                   rivet_diag *d)
{
    if (len == 0 || len % PAIR_WIRE) return bls_bad(d, "bls12_pairing", "invalid input length");
    size_t k = len / PAIR_WIRE;
    uint8_t *pairs = malloc(k * PAIR_RAW);
    if (!pairs) return RIVET_ENOMEM;
    bool padded = true, ok = false;
    for (size_t i = 0; i < k && padded; i++)
        padded = bls_unpad(pairs + i * PAIR_RAW, in + i * PAIR_WIRE, 6);
    crypto_err e = padded ? crypto_bls12_pairing_check(&ok, pairs, k) : CRYPTO_OK;
    free(pairs);
    if (!padded) return bls_bad(d, "bls12_pairing", "field element padding not zero");
    if (e) return pre_crypto_fail(d, e, "bls12_pairing");
    uint8_t *o = pre_out(out, 32);
    if (!o) return RIVET_ENOMEM;
    o[31] = ok;
    return RIVET_OK;
}

#define BLS_MAP(stem, G, NIN, NOUT, GAS)                                                           \
    uint64_t pre_##stem##_gas(const uint8_t *in, size_t len, rivet_fork fork)                      \
    {                                                                                              \
        return GAS;                                                                                \
    }                                                                                              \
    rivet_status pre_##stem##_run(const uint8_t *in, size_t len, rivet_fork fork, rivet_buf *out,  \
                                  rivet_diag *d)                                                   \
    {                                                                                              \
        uint8_t raw[NIN * FP_RAW], r[NOUT * FP_RAW];                                               \
        if (len != NIN * FP_WIRE) return bls_bad(d, #stem, "invalid input length");                \
        if (!bls_unpad(raw, in, NIN)) return bls_bad(d, #stem, "field element padding not zero");  \
        crypto_err e = crypto_bls12_##G(r, raw);                                                   \
        return e ? pre_crypto_fail(d, e, #stem) : bls_emit(out, r, NOUT);                          \
    }

BLS_MAP(bls12_map_fp_to_g1, map_fp_to_g1, 1, 2, 5500)
BLS_MAP(bls12_map_fp2_to_g2, map_fp2_to_g2, 2, 4, 23800)
