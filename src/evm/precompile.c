/* Precompile table, dispatch and the four original precompiles (0x01-0x04). */
#include "evm/precompile_impl.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    uint16_t addr;
    rivet_fork since;
} pre_table[] = {
#define X(id, addr, name, stem, since) {name, addr, since},
    RIVET_PRECOMPILE_LIST(X)
#undef X
};

static const pre_gas_fn pre_gas[] = {
#define X(id, addr, name, stem, since) pre_##stem##_gas,
    RIVET_PRECOMPILE_LIST(X)
#undef X
};
static const pre_run_fn pre_run[] = {
#define X(id, addr, name, stem, since) pre_##stem##_run,
    RIVET_PRECOMPILE_LIST(X)
#undef X
};

int precompile_index(const uint8_t addr[20], rivet_fork fork)
{
    for (int i = 0; i < 18; i++)
        if (addr[i]) return -1;
    unsigned a = (unsigned)addr[18] << 8 | addr[19];
    for (int i = 0; i < PRECOMPILE_COUNT; i++)
        if (pre_table[i].addr == a) return fork >= pre_table[i].since ? i : -1;
    return -1;
}

static bool pre_valid(int index)
{
    return index >= 0 && index < PRECOMPILE_COUNT;
}

uint64_t precompile_gas(int index, const uint8_t *in, size_t len, rivet_fork fork)
{
    return pre_valid(index) ? pre_gas[index](in, len, fork) : UINT64_MAX;
}

rivet_status precompile_run(int index, const uint8_t *in, size_t len, rivet_fork fork,
                            uint64_t gas_limit, uint64_t *gas_used, rivet_buf *out, rivet_diag *d)
{
    out->n = 0;
    *gas_used = gas_limit;
    if (!pre_valid(index))
        return rivet_fail(d, RIVET_EUSAGE, RIVET_NOPOS, "precompile index %d out of range", index);
    uint64_t need = pre_gas[index](in, len, fork);
    if (need > gas_limit)
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "%s: out of gas: need %llu, have %llu",
                          pre_table[index].name, (unsigned long long)need,
                          (unsigned long long)gas_limit);
    rivet_status s = pre_run[index](in, len, fork, out, d);
    if (s == RIVET_OK)
        *gas_used = need;
    else
        out->n = 0;
    return s;
}

const char *precompile_name(int index)
{
    return pre_valid(index) ? pre_table[index].name : "?";
}

int precompile_by_name(const char *name)
{
    for (int i = 0; i < PRECOMPILE_COUNT; i++)
        if (strcmp(pre_table[i].name, name) == 0) return i;
    return -1;
}

void precompile_address(int index, uint8_t addr[20])
{
    memset(addr, 0, 20);
    if (!pre_valid(index)) return;
    addr[18] = (uint8_t)(pre_table[index].addr >> 8);
    addr[19] = (uint8_t)pre_table[index].addr;
}

rivet_fork precompile_since(int index)
{
    return pre_valid(index) ? pre_table[index].since : FORK_COUNT;
}

uint8_t *pre_out(rivet_buf *out, size_t n)
{
    out->n = 0;
    if (buf_reserve(out, n) != RIVET_OK) return NULL;
    memset(out->p, 0, n);
    out->n = n;
    return out->p;
}

void pre_read_padded(uint8_t *dst, const uint8_t *in, size_t len, size_t off, size_t n)
{
    size_t have = off < len ? len - off : 0;
    if (have > n) have = n;
    if (have) memcpy(dst, in + off, have);
    memset(dst + have, 0, n - have);
}

rivet_status pre_crypto_fail(rivet_diag *d, crypto_err e, const char *what)
{
    rivet_status s = e == CRYPTO_UNSUPPORTED ? RIVET_EUNSUPPORTED
                     : e == CRYPTO_NOMEM     ? RIVET_ENOMEM
                                             : RIVET_EINVALID;
    return rivet_fail(d, s, RIVET_NOPOS, "%s: %s", what, crypto_err_str(e));
}

static uint64_t pre_words(size_t len)
{
    return (uint64_t)(len / 32) + (len % 32 != 0);
}

/* 0x01: hash || v || r || s (right-padded to 128 bytes); v must be 27 or 28. An unrecoverable
   signature is a success with empty output. */
uint64_t pre_ecrecover_gas(const uint8_t *in, size_t len, rivet_fork fork)
{
    return 3000;
}

rivet_status pre_ecrecover_run(const uint8_t *in, size_t len, rivet_fork fork, rivet_buf *out,
                               rivet_diag *d)
{
    uint8_t buf[128], pub[64];
    pre_read_padded(buf, in, len, 0, 128);
    for (int i = 32; i < 63; i++)
        if (buf[i]) return RIVET_OK;
    if (buf[63] != 27 && buf[63] != 28) return RIVET_OK;
    if (!crypto_secp256k1_recover(pub, buf, buf + 64, buf[63] - 27)) return RIVET_OK;
    uint8_t *o = pre_out(out, 32);
    if (!o) return RIVET_ENOMEM;
    crypto_pub_to_address(o + 12, pub);
    return RIVET_OK;
}

/* 0x02..0x04: word-priced hashes and the copy. */
uint64_t pre_sha256_gas(const uint8_t *in, size_t len, rivet_fork fork)
{
    return pre_sat_add(60, pre_sat_mul(12, pre_words(len)));
}

rivet_status pre_sha256_run(const uint8_t *in, size_t len, rivet_fork fork, rivet_buf *out,
                            rivet_diag *d)
{
    uint8_t *o = pre_out(out, 32);
    if (!o) return RIVET_ENOMEM;
    crypto_sha256(o, in, len);
    return RIVET_OK;
}

uint64_t pre_ripemd160_gas(const uint8_t *in, size_t len, rivet_fork fork)
{
    return pre_sat_add(600, pre_sat_mul(120, pre_words(len)));
}

rivet_status pre_ripemd160_run(const uint8_t *in, size_t len, rivet_fork fork, rivet_buf *out,
                               rivet_diag *d)
{
    uint8_t *o = pre_out(out, 32);
    if (!o) return RIVET_ENOMEM;
    crypto_ripemd160(o + 12, in, len);
    return RIVET_OK;
}

uint64_t pre_identity_gas(const uint8_t *in, size_t len, rivet_fork fork)
{
    return pre_sat_add(15, pre_sat_mul(3, pre_words(len)));
}

rivet_status pre_identity_run(const uint8_t *in, size_t len, rivet_fork fork, rivet_buf *out,
                              rivet_diag *d)
{
    out->n = 0;
    return len ? buf_append(out, in, len) : RIVET_OK;
}
