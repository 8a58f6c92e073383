/* 256-bit arithmetic for the benchmark kernels: four little-endian 64-bit limbs, converted
   from and to the EVM's big-endian words at the edges. */
#ifndef BENCH_U256_H
#define BENCH_U256_H
#include "rivet.h"

typedef struct {
    uint64_t w[4];
} u256;

static inline u256 from_word(const rv_word *x)
{
    u256 r;
    for (int i = 0; i < 4; i++) {
        uint64_t v = 0;
        for (int k = 0; k < 8; k++)
            v = v << 8 | x->b[8 * (3 - i) + k];
        r.w[i] = v;
    }
    return r;
}

static inline rv_word to_word(u256 a)
{
    rv_word x;
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 8; k++)
            x.b[8 * (3 - i) + k] = (uint8_t)(a.w[i] >> (56 - 8 * k));
    return x;
}

static inline u256 add(u256 a, u256 b)
{
    u256 r;
    uint64_t c = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t s = a.w[i] + b.w[i];
        uint64_t c1 = s < a.w[i];
        r.w[i] = s + c;
        c = c1 | (r.w[i] < s);
    }
    return r;
}

static inline u256 mul(u256 a, u256 b)
{
    u256 r = {{0}};
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        for (int j = 0; i + j < 4; j++) {
            unsigned __int128 p = (unsigned __int128)a.w[i] * b.w[j] + r.w[i + j] + carry;
            r.w[i + j] = (uint64_t)p;
            carry = (uint64_t)(p >> 64);
        }
    }
    return r;
}
#endif
