/* The arithmetic ecalls (MUL ... MULMOD, docs/hybrid-abi.md) and the 32-byte big-endian words
   every ecall reads and writes. */
#include <string.h>

#include "hy_internal.h"

#define TRY(e)                                                                                     \
    do {                                                                                           \
        evm_status st_ = (e);                                                                      \
        if (st_ != EVM_SUCCESS) return st_;                                                        \
    } while (0)

/* 32 big-endian bytes to and from a u256 a limb at a time on a little-endian host: the
   arithmetic ecalls move three or four words per operation, and u256_from_be / u256_to_be
   (any length, a byte at a time) cost ~300 x86 instructions per word. */
static void load_be32(const uint8_t b[32], u256 *v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (int i = 0; i < 4; i++) {
        uint64_t x;
        memcpy(&x, b + 8 * (3 - i), 8);
        v->w[i] = __builtin_bswap64(x);
    }
#else
    *v = u256_from_be(b, 32);
#endif
}

static void store_be32(uint8_t b[32], const u256 *v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (int i = 0; i < 4; i++) {
        uint64_t x = __builtin_bswap64(v->w[i]);
        memcpy(b + 8 * (3 - i), &x, 8);
    }
#else
    u256_to_be(b, *v);
#endif
}

evm_status hy_get32(hy_frame *f, uint64_t a, u256 *v)
{
    uint8_t b[32];
    TRY(hy_mem_read(f, a, b, 32));
    load_be32(b, v);
    return EVM_SUCCESS;
}

evm_status hy_put32(hy_frame *f, uint64_t a, u256 v)
{
    uint8_t b[32];
    store_be32(b, &v);
    return hy_mem_write(f, a, b, 32);
}

/* 256-bit arithmetic the EVM does in one opcode and RV64 in tens to hundreds of instructions:
   a * b, a / b, a % b (signed too), (a + b) % m, (a * b) % m, with the EVM's results
   (x / 0 = 0, MIN / -1 = MIN, ...) and its gas (the opcode's, already charged). */
evm_status hy_ecall_arith(hy_frame *f, uint8_t op)
{
    u256 a, b, m = u256_from_u64(0), r;
    bool three = op == EVM_OP_ADDMOD || op == EVM_OP_MULMOD;
    TRY(hy_get32(f, f->x[10], &a));
    TRY(hy_get32(f, f->x[11], &b));
    if (three) TRY(hy_get32(f, f->x[12], &m));
    switch (op) {
    case EVM_OP_MUL: r = u256_mul(a, b); break;
    case EVM_OP_DIV: r = u256_div(a, b); break;
    case EVM_OP_SDIV: r = u256_sdiv(a, b); break;
    case EVM_OP_MOD: r = u256_mod(a, b); break;
    case EVM_OP_SMOD: r = u256_smod(a, b); break;
    case EVM_OP_ADDMOD: r = u256_addmod(a, b, m); break;
    default: r = u256_mulmod(a, b, m); break;
    }
    return hy_put32(f, f->x[three ? 13 : 12], r);
}
