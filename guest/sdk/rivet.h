/* The C contract SDK (first cut): typed wrappers over the contract ABI's ecalls
   (docs/hybrid-abi.md). Values are 32-byte big-endian words, addresses 20 bytes. Link with
   guest/sdk/start.S and guest/sdk/contract.ld, then `rivet hybrid pack`. */
#ifndef RIVET_H
#define RIVET_H

#include <stddef.h>
#include <stdint.h>

#include "rivet_abi.h"

typedef struct {
    uint8_t b[32];
} rv_word;
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

/* The contract's entry points: rivet_main runs on every call; rivet_constructor (optional)
   runs once at deploy, with the constructor arguments as call data. */
void rivet_main(void);
void rivet_constructor(void);

void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
