/* Keccak-256 sponge over the backend's permutation (crypto_keccakf). */
#include "rivet/crypto.h"

#include <string.h>

#define KECCAK_RATE 136

static void keccak_xor_byte(uint64_t a[25], size_t i, uint8_t b)
{
    a[i / 8] ^= (uint64_t)b << (8 * (i % 8));
}

void crypto_keccak_init(crypto_keccak_ctx *c)
{
    memset(c, 0, sizeof *c);
}

void crypto_keccak_update(crypto_keccak_ctx *c, const void *data, size_t len)
{
    const uint8_t *p = data;
    while (len) {
        if (c->n == 0) {
            while (len >= KECCAK_RATE) { /* whole blocks, word at a time */
                for (int i = 0; i < KECCAK_RATE / 8; i++) {
                    uint64_t w;
                    memcpy(&w, p + 8 * i, 8); /* little-endian host */
                    c->a[i] ^= w;
                }
                crypto_keccakf(c->a);
                p += KECCAK_RATE;
                len -= KECCAK_RATE;
            }
            if (!len) break;
        }
        keccak_xor_byte(c->a, c->n++, *p++);
        len--;
        if (c->n == KECCAK_RATE) {
            crypto_keccakf(c->a);
            c->n = 0;
        }
    }
}

void crypto_keccak_final(crypto_keccak_ctx *c, uint8_t out[32])
{
    keccak_xor_byte(c->a, c->n, 0x01);
    keccak_xor_byte(c->a, KECCAK_RATE - 1, 0x80);
    crypto_keccakf(c->a);
    for (int i = 0; i < 32; i++)
        out[i] = (uint8_t)(c->a[i / 8] >> (8 * (i % 8)));
}

void crypto_keccak256(uint8_t out[32], const void *data, size_t len)
{
    crypto_keccak_ctx c;
    crypto_keccak_init(&c);
    crypto_keccak_update(&c, data, len);
    crypto_keccak_final(&c, out);
}

void crypto_pub_to_address(uint8_t addr[20], const uint8_t pub[64])
{
    uint8_t h[32];
    crypto_keccak256(h, pub, 64);
    memcpy(addr, h + 12, 20);
}
