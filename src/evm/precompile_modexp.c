/* 0x05 modexp: EIP-198 (Byzantium), EIP-2565 (Berlin), EIP-7883 gas and EIP-7823 bounds (Osaka).
   Input: base_len, exp_len, mod_len (32-byte words) || base || exp || mod, zero-padded. Lengths
   are read saturated to 64 bits and priced before any operand is copied, so a length of 2^256
   costs the header read only. */
#include "evm/precompile_impl.h"

#include <stdlib.h>
#include <string.h>

enum { MODEXP_MAX_LEN = 1024 };                /* EIP-7823, per operand, from Osaka */
enum { MODEXP_ALLOC_CAP = 256 * 1024 * 1024 }; /* far beyond any payable gas */

typedef struct modexp_head {
    uint64_t blen, elen, mlen; /* UINT64_MAX stands for anything >= 2^64 */
    unsigned ebits;            /* bit length of the exponent's first min(elen, 32) bytes */
} modexp_head;

static uint64_t modexp_len(const uint8_t w[32])
{
    for (int i = 0; i < 24; i++)
        if (w[i]) return UINT64_MAX;
    return be_load64(w + 24);
}

static void modexp_parse(modexp_head *h, const uint8_t *in, size_t len)
{
    uint8_t w[96], e[32];
    pre_read_padded(w, in, len, 0, 96);
    h->blen = modexp_len(w);
    h->elen = modexp_len(w + 32);
    h->mlen = modexp_len(w + 64);
    size_t head = h->elen < 32 ? (size_t)h->elen : 32;
    /* the exponent starts at 96 + blen; past the input everything reads as zero */
    if (h->blen < (uint64_t)len && 96 + h->blen < (uint64_t)len)
        pre_read_padded(e, in, len, 96 + (size_t)h->blen, head);
    else
        memset(e, 0, head);
    h->ebits = 0;
    for (size_t i = 0; i < head; i++)
        if (e[i]) {
            h->ebits = (unsigned)(8 * (head - i)) - (unsigned)__builtin_clz(e[i]) + 24;
            break;
        }
}

/* Adjusted exponent length with `per_byte` for each exponent byte past the first 32. */
static uint64_t modexp_adjusted(const modexp_head *h, uint64_t per_byte)
{
    uint64_t top = h->ebits ? h->ebits - 1 : 0;
    if (h->elen <= 32) return top;
    return pre_sat_add(pre_sat_mul(per_byte, h->elen - 32), top);
}

/* mc * max(adj, 1) / div with overflow to UINT64_MAX, in 128 bits. */
static uint64_t modexp_price(unsigned __int128 mc, uint64_t adj, uint64_t div)
{
    if (adj < 1) adj = 1;
    if (mc && adj > ~(unsigned __int128)0 / mc) return UINT64_MAX;
    unsigned __int128 g = mc * adj / div;
    return g > UINT64_MAX ? UINT64_MAX : (uint64_t)g;
}

uint64_t pre_modexp_gas(const uint8_t *in, size_t len, rivet_fork fork)
{
    modexp_head h;
    modexp_parse(&h, in, len);
    uint64_t x = h.blen > h.mlen ? h.blen : h.mlen;
    if (x >= (uint64_t)1 << 62)
        return UINT64_MAX; /* every schedule's complexity is then above 2^120 */
    unsigned __int128 xx = (unsigned __int128)x * x, words = (x + 7) / 8;
    if (fork >= FORK_OSAKA) {
        unsigned __int128 mc = x <= 32 ? 16 : 2 * words * words;
        uint64_t g = modexp_price(mc, modexp_adjusted(&h, 16), 1);
        return g < 500 ? 500 : g;
    }
    if (fork >= FORK_BERLIN) {
        uint64_t g = modexp_price(words * words, modexp_adjusted(&h, 8), 3);
        return g < 200 ? 200 : g;
    }
    unsigned __int128 mc = x <= 64     ? xx
                           : x <= 1024 ? xx / 4 + 96 * (unsigned __int128)x - 3072
                                       : xx / 16 + 480 * (unsigned __int128)x - 199680;
    return modexp_price(mc, modexp_adjusted(&h, 8), 20);
}

rivet_status pre_modexp_run(const uint8_t *in, size_t len, rivet_fork fork, rivet_buf *out,
                            rivet_diag *d)
{
    modexp_head h;
    modexp_parse(&h, in, len);
    if (fork >= FORK_OSAKA &&
        (h.blen > MODEXP_MAX_LEN || h.elen > MODEXP_MAX_LEN || h.mlen > MODEXP_MAX_LEN))
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS,
                          "modexp: operand longer than %d bytes (EIP-7823)", MODEXP_MAX_LEN);
    if (h.mlen == 0) {
        out->n = 0;
        return RIVET_OK;
    }
    if (h.blen > MODEXP_ALLOC_CAP || h.elen > MODEXP_ALLOC_CAP || h.mlen > MODEXP_ALLOC_CAP)
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "modexp: operands too large to hold");
    size_t b = (size_t)h.blen, e = (size_t)h.elen, m = (size_t)h.mlen;
    uint8_t *ops = malloc(b + e + m + 1);
    uint8_t *o = pre_out(out, m);
    if (!ops || !o) {
        free(ops);
        return RIVET_ENOMEM;
    }
    pre_read_padded(ops, in, len, 96, b + e + m);
    crypto_err err = crypto_modexp(o, ops, b, ops + b, e, ops + b + e, m);
    free(ops);
    return err == CRYPTO_OK ? RIVET_OK : pre_crypto_fail(d, err, "modexp");
}
