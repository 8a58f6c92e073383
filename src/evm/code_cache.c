/* Code analysis (the JUMPDEST bitmap and a zero-padded copy of the code) and a cache of it, so
   that a block calling the same contract many times analyses its code once. The cache is keyed
   by content: the length and a few words sampled from the code pick the slot, and a hit is
   confirmed by comparing every byte with the cached copy (the state hands out a fresh copy of
   an account's code each time it loads the account, so its address is no key). */
#include <stdlib.h>
#include <string.h>

#include "evm_internal.h"

struct evm_code_cache {
    evm_code **slot; /* open addressing, cap a power of two */
    size_t n, cap;
};

/* 32 zero bytes before the code (PUSHn loads the 32 bytes ending at its last immediate) and 33
   after (a PUSH32 at the end reads no further). */
static size_t padded_size(size_t len)
{
    return (32 + len + 33 + 7) & ~(size_t)7;
}

void evm_analyse(uint8_t *buf, const uint8_t *code, size_t len, const uint8_t **padded,
                 const uint64_t **jumpdests)
{
    size_t words = (len + 64) / 64;
    uint64_t *jd = (uint64_t *)buf;
    uint8_t *c = buf + words * 8 + 32;
    memset(jd, 0, words * 8);
    memset(c - 32, 0, 32);
    if (len) memcpy(c, code, len);
    memset(c + len, 0, padded_size(len) - 32 - len);
    for (size_t pc = 0; pc < len; pc++) {
        uint8_t op = c[pc];
        if (op >= EVM_OP_PUSH1 && op <= EVM_OP_PUSH32)
            pc += (size_t)(op - EVM_OP_PUSH1 + 1);
        else if (op == EVM_OP_JUMPDEST)
            jd[pc >> 6] |= (uint64_t)1 << (pc & 63);
    }
    *padded = c;
    *jumpdests = jd;
}

size_t evm_analysis_size(size_t len)
{
    return (len + 64) / 64 * 8 + padded_size(len);
}

evm_code_cache *evm_code_cache_new(void)
{
    return calloc(1, sizeof(evm_code_cache));
}

void evm_code_cache_free(evm_code_cache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->cap; i++)
        free(c->slot[i]);
    free(c->slot);
    free(c);
}

/* For len >= 64 (callers cache nothing shorter). */
static uint64_t fingerprint(const uint8_t *p, size_t len)
{
    uint64_t x = len, w;
    const size_t at[4] = {0, len / 3, 2 * (len / 3), len - 8};
    for (int i = 0; i < 4; i++) {
        memcpy(&w, p + at[i], 8);
        x = (x ^ w) * 0x9e3779b97f4a7c15ull;
    }
    return x ^ x >> 31;
}

static bool grow(evm_code_cache *c)
{
    size_t cap = c->cap ? c->cap * 2 : 64;
    evm_code **s = calloc(cap, sizeof *s);
    if (!s) return false;
    for (size_t i = 0; i < c->cap; i++) {
        evm_code *e = c->slot[i];
        if (!e) continue;
        size_t j = (size_t)e->fp & (cap - 1);
        while (s[j])
            j = (j + 1) & (cap - 1);
        s[j] = e;
    }
    free(c->slot);
    c->slot = s;
    c->cap = cap;
    return true;
}

static evm_code *make(const uint8_t *code, size_t len)
{
    evm_code *e = malloc(sizeof *e + evm_analysis_size(len));
    if (!e) return NULL;
    e->len = len;
    e->fp = fingerprint(code, len);
    evm_analyse((uint8_t *)(e + 1), code, len, &e->code, &e->jumpdests);
    return e;
}

/* A cache that lives long (the node's, across calls) stops growing here: the codes past it are
   analysed by each frame. */
#define CACHE_MAX 4096

const evm_code *evm_code_get(evm_code_cache *c, const uint8_t *code, size_t len)
{
    if (!c || len < 64) return NULL;
    if (c->n * 2 >= c->cap && (c->n >= CACHE_MAX || !grow(c))) return NULL;
    uint64_t fp = fingerprint(code, len);
    size_t j = (size_t)fp & (c->cap - 1);
    for (evm_code *e; (e = c->slot[j]); j = (j + 1) & (c->cap - 1))
        if (e->fp == fp && e->len == len && memcmp(e->code, code, len) == 0) return e;
    evm_code *e = make(code, len);
    if (!e) return NULL;
    c->n++;
    return c->slot[j] = e;
}
