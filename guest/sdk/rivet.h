/* The C contract SDK: typed wrappers over the contract ABI's ecalls (docs/hybrid-abi.md),
   Solidity ABI decoding and encoding, custom errors, events, and storage at Solidity's
   layout. Values are 32-byte big-endian words, addresses 20 bytes. `rivet build C` compiles,
   links (start.S, sdk.c, contract.ld), packs the container and writes the ABI. */
#ifndef RIVET_H
#define RIVET_H

#include <stddef.h>
#include <stdint.h>

#include "rivet_abi.h"

void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* Words are 8-byte aligned so that copies are four loads and stores, not a byte loop. */
typedef struct {
    uint8_t b[32];
} __attribute__((aligned(8))) rv_word;
typedef struct {
    uint8_t b[20];
} rv_addr;

static inline uint64_t rv_ecall(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                                uint64_t a4, uint64_t *r1)
{
    register uint64_t x10 __asm__("a0") = a0, x11 __asm__("a1") = a1, x12 __asm__("a2") = a2;
    register uint64_t x13 __asm__("a3") = a3, x14 __asm__("a4") = a4, x17 __asm__("a7") = n;
    __asm__ volatile("ecall"
                     : "+r"(x10), "+r"(x11)
                     : "r"(x12), "r"(x13), "r"(x14), "r"(x17)
                     : "memory");
    if (r1) *r1 = x11;
    return x10;
}
#define RV_EC(n, a0, a1, a2, a3, a4)                                                               \
    rv_ecall(RIVET_EC_##n, (uint64_t)(a0), (uint64_t)(a1), (uint64_t)(a2), (uint64_t)(a3),         \
             (uint64_t)(a4), 0)

static inline void rv_sload(const rv_word *k, rv_word *v)
{
    RV_EC(SLOAD, k, v, 0, 0, 0);
}
static inline void rv_sstore(const rv_word *k, const rv_word *v)
{
    RV_EC(SSTORE, k, v, 0, 0, 0);
}
static inline void rv_tload(const rv_word *k, rv_word *v)
{
    RV_EC(TLOAD, k, v, 0, 0, 0);
}
static inline void rv_tstore(const rv_word *k, const rv_word *v)
{
    RV_EC(TSTORE, k, v, 0, 0, 0);
}
static inline uint64_t rv_calldatasize(void)
{
    return RV_EC(CALLDATASIZE, 0, 0, 0, 0, 0);
}
static inline void rv_calldatacopy(void *dst, uint64_t off, uint64_t len)
{
    RV_EC(CALLDATACOPY, dst, off, len, 0, 0);
}
static inline void rv_calldataload(uint64_t off, rv_word *out)
{
    RV_EC(CALLDATALOAD, off, out, 0, 0, 0);
}
static inline void rv_caller(rv_addr *a)
{
    RV_EC(CALLER, a, 0, 0, 0, 0);
}
static inline void rv_address(rv_addr *a)
{
    RV_EC(ADDRESS, a, 0, 0, 0, 0);
}
static inline void rv_callvalue(rv_word *v)
{
    RV_EC(CALLVALUE, v, 0, 0, 0, 0);
}
static inline uint64_t rv_gas(void)
{
    return RV_EC(GAS, 0, 0, 0, 0, 0);
}
static inline uint64_t rv_extcodesize(const rv_addr *a)
{
    return RV_EC(EXTCODESIZE, a, 0, 0, 0, 0);
}
static inline uint64_t rv_returndatasize(void)
{
    return RV_EC(RETURNDATASIZE, 0, 0, 0, 0, 0);
}
static inline void rv_returndatacopy(void *dst, uint64_t off, uint64_t len)
{
    RV_EC(RETURNDATACOPY, dst, off, len, 0, 0);
}
static inline void rv_keccak(const void *p, uint64_t len, rv_word *out)
{
    RV_EC(KECCAK256, p, len, out, 0, 0);
}
static inline void rv_log(int ntopics, const void *data, uint64_t len, const rv_word *topics)
{
    rv_ecall(RIVET_EC_LOG0 + (uint64_t)ntopics, (uint64_t)data, len, (uint64_t)topics, 0, 0, 0);
}
/* Calls: return 1 on success, 0 on failure; *ret_len gets the return data size. */
static inline int rv_call(uint64_t gas, const rv_addr *to, const rv_word *value, const void *in,
                          uint64_t in_len, uint64_t *ret_len)
{
    return (int)rv_ecall(RIVET_EC_CALL, gas, (uint64_t)to, (uint64_t)value, (uint64_t)in, in_len,
                         ret_len);
}
static inline int rv_staticcall(uint64_t gas, const rv_addr *to, const void *in, uint64_t in_len,
                                uint64_t *ret_len)
{
    return (int)rv_ecall(RIVET_EC_STATICCALL, gas, (uint64_t)to, (uint64_t)in, in_len, 0, ret_len);
}
static inline int rv_delegatecall(uint64_t gas, const rv_addr *to, const void *in, uint64_t in_len,
                                  uint64_t *ret_len)
{
    return (int)rv_ecall(RIVET_EC_DELEGATECALL, gas, (uint64_t)to, (uint64_t)in, in_len, 0,
                         ret_len);
}
static inline int rv_create(const rv_word *value, const void *code, uint64_t len, rv_addr *out,
                            uint64_t *ret_len)
{
    return (int)rv_ecall(RIVET_EC_CREATE, (uint64_t)value, (uint64_t)code, len, (uint64_t)out, 0,
                         ret_len);
}
__attribute__((noreturn)) static inline void rv_return(const void *p, uint64_t len)
{
    RV_EC(RETURN, p, len, 0, 0, 0);
    __builtin_unreachable();
}
__attribute__((noreturn)) static inline void rv_revert(const void *p, uint64_t len)
{
    RV_EC(REVERT, p, len, 0, 0, 0);
    __builtin_unreachable();
}

/* Words: from and to small integers (big-endian). */
static inline rv_word rv_u64(uint64_t v)
{
    rv_word w = {{0}};
    for (int i = 0; i < 8; i++)
        w.b[31 - i] = (uint8_t)(v >> (8 * i));
    return w;
}
static inline uint64_t rv_low64(const rv_word *w)
{
    uint64_t v = 0;
    for (int i = 24; i < 32; i++)
        v = v << 8 | w->b[i];
    return v;
}

/* ---------------------------------------------------------------- declarations

   One declaration per method, event, error and constructor, in Solidity's human-readable
   form; `rivet build` reads them from the source to write the ABI JSON and the header
   NAME.abi.h with RIVET_SEL_<name> selectors and RIVET_TOPIC_<name> topics. In C they are
   nothing. */
#define RIVET_METHOD(sig)
#define RIVET_EVENT(sig)
#define RIVET_ERROR(sig)
#define RIVET_CONSTRUCTOR(sig)
/* Another contract's function this one calls: its RIVET_SEL_<name>, not in this ABI. */
#define RIVET_CALLS(sig)

/* ---------------------------------------------------------------- words */

static inline rv_word rv_addr_word(const rv_addr *a)
{
    rv_word w = rv_u64(0);
    memcpy(w.b + 12, a->b, 20);
    return w;
}
static inline rv_addr rv_word_addr(const rv_word *w)
{
    rv_addr a;
    memcpy(a.b, w->b + 12, 20);
    return a;
}
static inline int rv_is_zero(const rv_word *a)
{
    for (int i = 0; i < 32; i++)
        if (a->b[i]) return 0;
    return 1;
}
static inline int rv_addr_is_zero(const rv_addr *a)
{
    for (int i = 0; i < 20; i++)
        if (a->b[i]) return 0;
    return 1;
}
static inline int rv_eq(const rv_word *a, const rv_word *b)
{
    return !memcmp(a, b, 32);
}
/* a < b as unsigned 256-bit numbers */
static inline int rv_lt(const rv_word *a, const rv_word *b)
{
    for (int i = 0; i < 32; i++)
        if (a->b[i] != b->b[i]) return a->b[i] < b->b[i];
    return 0;
}
/* r = a + b; returns the carry out (overflow) */
static inline int rv_add(rv_word *r, const rv_word *a, const rv_word *b)
{
    unsigned c = 0;
    for (int i = 31; i >= 0; i--) {
        unsigned s = (unsigned)a->b[i] + b->b[i] + c;
        r->b[i] = (uint8_t)s;
        c = s >> 8;
    }
    return (int)c;
}
/* r = a - b; returns the borrow (underflow) */
static inline int rv_sub(rv_word *r, const rv_word *a, const rv_word *b)
{
    int borrow = 0;
    for (int i = 31; i >= 0; i--) {
        int d = (int)a->b[i] - b->b[i] - borrow;
        borrow = d < 0;
        r->b[i] = (uint8_t)(d + (borrow ? 256 : 0));
    }
    return borrow;
}

/* 256-bit arithmetic with the EVM's results and gas, one ecall each (r may be an operand):
   r = a * b, a / b, a % b (signed: sdiv, smod), (a + b) % m, (a * b) % m; x / 0 = x % 0 = 0.
   Worth it where software is long: a 256-bit multiply is ~200 RV64 instructions (~40 gas)
   against the ecall's 5 gas; rv_add and rv_sub above stay cheaper in software. */
static inline void rv_mul(rv_word *r, const rv_word *a, const rv_word *b)
{
    RV_EC(MUL, a, b, r, 0, 0);
}
static inline void rv_div(rv_word *r, const rv_word *a, const rv_word *b)
{
    RV_EC(DIV, a, b, r, 0, 0);
}
static inline void rv_sdiv(rv_word *r, const rv_word *a, const rv_word *b)
{
    RV_EC(SDIV, a, b, r, 0, 0);
}
static inline void rv_mod(rv_word *r, const rv_word *a, const rv_word *b)
{
    RV_EC(MOD, a, b, r, 0, 0);
}
static inline void rv_smod(rv_word *r, const rv_word *a, const rv_word *b)
{
    RV_EC(SMOD, a, b, r, 0, 0);
}
static inline void rv_addmod(rv_word *r, const rv_word *a, const rv_word *b, const rv_word *m)
{
    RV_EC(ADDMOD, a, b, m, r, 0);
}
static inline void rv_mulmod(rv_word *r, const rv_word *a, const rv_word *b, const rv_word *m)
{
    RV_EC(MULMOD, a, b, m, r, 0);
}

/* ---------------------------------------------------------------- call data (Solidity ABI) */

/* The 4-byte selector (0 when the call data is shorter). */
static inline uint32_t rv_selector(void)
{
    if (rv_calldatasize() < 4) return 0;
    rv_word w;
    rv_calldataload(0, &w);
    return (uint32_t)w.b[0] << 24 | (uint32_t)w.b[1] << 16 | (uint32_t)w.b[2] << 8 | w.b[3];
}
/* Head word i of the arguments. */
static inline rv_word rv_arg(unsigned i)
{
    rv_word w;
    rv_calldataload(4 + 32 * (uint64_t)i, &w);
    return w;
}
static inline rv_addr rv_arg_addr(unsigned i)
{
    rv_word w = rv_arg(i);
    return rv_word_addr(&w);
}
/* A dynamic argument (bytes, string): its length, and its bytes copied to dst (up to cap). */
static inline uint64_t rv_arg_bytes(unsigned i, void *dst, uint64_t cap)
{
    rv_word off = rv_arg(i), len;
    uint64_t o = rv_low64(&off);
    rv_calldataload(4 + o, &len);
    uint64_t n = rv_low64(&len);
    rv_calldatacopy(dst, 4 + o + 32, n < cap ? n : cap);
    return n;
}

/* ---------------------------------------------------------------- results, errors, events */

__attribute__((noreturn)) static inline void rv_return_word(const rv_word *w)
{
    rv_return(w, 32);
}
__attribute__((noreturn)) static inline void rv_return_u64(uint64_t v)
{
    rv_word w = rv_u64(v);
    rv_return(&w, 32);
}
/* Returns one `string` or `bytes` value, ABI-encoded. */
__attribute__((noreturn)) static inline void rv_return_string(const char *s, uint64_t n)
{
    static uint8_t buf[64 + 1024];
    if (n > 1024) n = 1024;
    rv_word h = rv_u64(32), l = rv_u64(n);
    memcpy(buf, &h, 32);
    memcpy(buf + 32, &l, 32);
    memset(buf + 64, 0, (n + 31) / 32 * 32);
    memcpy(buf + 64, s, n);
    rv_return(buf, 64 + (n + 31) / 32 * 32);
}
/* Reverts with a custom error: its selector and n static argument words. */
__attribute__((noreturn)) static inline void rv_revert_error(uint32_t sel, const rv_word *args,
                                                             unsigned n)
{
    static uint8_t buf[4 + 32 * 8];
    if (n > 8) n = 8;
    buf[0] = (uint8_t)(sel >> 24), buf[1] = (uint8_t)(sel >> 16), buf[2] = (uint8_t)(sel >> 8);
    buf[3] = (uint8_t)sel;
    memcpy(buf + 4, args, 32 * (uint64_t)n);
    rv_revert(buf, 4 + 32 * (uint64_t)n);
}
/* Reverts with Error(string), as Solidity's require(cond, "message"). */
__attribute__((noreturn)) static inline void rv_revert_string(const char *msg, uint64_t n)
{
    static uint8_t buf[4 + 64 + 256];
    if (n > 256) n = 256;
    buf[0] = 0x08, buf[1] = 0xc3, buf[2] = 0x79, buf[3] = 0xa0;
    rv_word h = rv_u64(32), l = rv_u64(n);
    memcpy(buf + 4, &h, 32);
    memcpy(buf + 36, &l, 32);
    memset(buf + 68, 0, (n + 31) / 32 * 32);
    memcpy(buf + 68, msg, n);
    rv_revert(buf, 68 + (n + 31) / 32 * 32);
}
/* Emits an event: topic 0, up to three indexed topics, and n data words. */
static inline void rv_emit(const rv_word *topic0, const rv_word *indexed, unsigned nindexed,
                           const rv_word *data, unsigned n)
{
    rv_word t[4];
    t[0] = *topic0;
    for (unsigned i = 0; i < nindexed && i < 3; i++)
        t[1 + i] = indexed[i];
    rv_log((int)(1 + (nindexed < 3 ? nindexed : 3)), data, 32 * (uint64_t)n, t);
}

/* ---------------------------------------------------------------- storage (Solidity layout) */

/* The slot of mapping[key] for a mapping at slot base: keccak256(key . base). Nest it for
   mapping(a => mapping(b => v)): rv_map_slot(rv_map_slot(base, a), b). */
static inline rv_word rv_map_slot(const rv_word *base, const rv_word *key)
{
    rv_word kb[2] = {*key, *base}, r;
    rv_keccak(kb, 64, &r);
    return r;
}
static inline rv_word rv_load(const rv_word *slot)
{
    rv_word v;
    rv_sload(slot, &v);
    return v;
}
static inline void rv_store(const rv_word *slot, const rv_word *v)
{
    rv_sstore(slot, v);
}
/* A short string (< 32 bytes) in one slot, as Solidity stores it: the bytes left-aligned and
   2 * length in the last byte. */
static inline rv_word rv_short_string(const char *s, unsigned n)
{
    rv_word w = rv_u64(0);
    memcpy(w.b, s, n);
    w.b[31] = (uint8_t)(2 * n);
    return w;
}
/* Reverts (empty data) when the call carries value: for non-payable methods. */
static inline void rv_nonpayable(void)
{
    rv_word v;
    rv_callvalue(&v);
    if (!rv_is_zero(&v)) rv_revert("", 0);
}

/* The contract's entry points: rivet_main runs on every call; rivet_constructor (optional)
   runs once at deploy, with the constructor arguments as call data. */
void rivet_main(void);
void rivet_constructor(void);

#include "rivet_codec.h"

#endif
