/* Internals shared by the interpreter's files. */
#ifndef RIVET_EVM_INTERNAL_H
#define RIVET_EVM_INTERNAL_H

#include <string.h>

#include "rivet/evm.h"

/* Memory beyond 4 GiB can never be paid for; offsets past this are out of gas. */
#define EVM_MEM_LIMIT ((uint64_t)1 << 32)

/* Analysed code (code_cache.c): a zero-padded copy (32 bytes before, 33 after) and its
   JUMPDEST bitmap. */
typedef struct evm_code {
    size_t len;
    uint64_t fp; /* the cache's key: see code_cache.c */
    const uint8_t *code;
    const uint64_t *jumpdests;
} evm_code;

/* Bytes evm_analyse needs for code of len bytes. */
size_t evm_analysis_size(size_t len);
/* Writes the bitmap and the padded copy of code into buf (evm_analysis_size(len) bytes,
   8-aligned). */
void evm_analyse(uint8_t *buf, const uint8_t *code, size_t len, const uint8_t **padded,
                 const uint64_t **jumpdests);
/* The cached analysis of code (made on a miss); NULL without a cache or memory, or for code
   shorter than 64 bytes. */
const evm_code *evm_code_get(evm_code_cache *c, const uint8_t *code, size_t len);

/* One EVM frame's working state (the hot locals pc/sp/gas live in the loop). */
typedef struct evm_frame {
    evm_host *h;
    const evm_message *m;
    rivet_fork fork;
    const uint8_t *code; /* padded with 33 zero bytes */
    size_t code_len;
    const uint64_t *jumpdests; /* bitmap */
    u256 *stack;               /* EVM_STACK_LIMIT slots */
    uint8_t *mem;
    uint64_t msize, mcap;
    uint8_t *ret; /* return data of the last nested call */
    size_t ret_len;
    uint8_t *out; /* the frame's own output (RETURN/REVERT) */
    size_t out_len;
    evm_meter mt; /* refund counter and EIP-8037 state gas */
    evm_ctx ctx;  /* {h, m, &mt}: what the shared rules (evm_rule_*) act on */
    /* Resumption point: the loop returns EVM_PENDING at a CALL/CREATE with pc and sp saved;
       evm_execute runs the nested frame, evm_finish_call completes the instruction. */
    size_t pc;
    u256 *sp;
    evm_message pend;
    uint64_t pend_out_off, pend_out_len;
    uint8_t pend_op;
    uint8_t *block; /* single allocation holding stack, code and bitmap */
} evm_frame;

/* Fast big-endian 32-byte load/store (bswap per limb). */
static inline u256 evm_load32(const uint8_t *p)
{
    u256 r;
    for (int i = 0; i < 4; i++) {
        uint64_t x;
        memcpy(&x, p + 8 * (3 - i), 8);
        r.w[i] = __builtin_bswap64(x);
    }
    return r;
}
static inline void evm_store32(uint8_t *p, u256 a)
{
    for (int i = 0; i < 4; i++) {
        uint64_t x = __builtin_bswap64(a.w[i]);
        memcpy(p + 8 * (3 - i), &x, 8);
    }
}

static inline evm_addr evm_addr_from_u256(u256 v)
{
    evm_addr a;
    uint32_t hi = __builtin_bswap32((uint32_t)v.w[2]);
    uint64_t mid = __builtin_bswap64(v.w[1]), lo = __builtin_bswap64(v.w[0]);
    memcpy(a.b, &hi, 4);
    memcpy(a.b + 4, &mid, 8);
    memcpy(a.b + 12, &lo, 8);
    return a;
}
static inline u256 evm_u256_from_addr(const evm_addr *a)
{
    uint32_t hi;
    uint64_t mid, lo;
    memcpy(&hi, a->b, 4);
    memcpy(&mid, a->b + 4, 8);
    memcpy(&lo, a->b + 12, 8);
    return (u256){{__builtin_bswap64(lo), __builtin_bswap64(mid), __builtin_bswap32(hi), 0}};
}

/* Charges n gas from *gas in a function returning evm_status: out of gas when it goes below 0
   (the slow paths' and the shared rules' form; the loop has its own CHARGE on a local). */
#define OP_CHARGE(n)                                                                               \
    do {                                                                                           \
        if ((*gas -= (int64_t)(n)) < 0) return EVM_OUT_OF_GAS;                                     \
    } while (0)

/* Internal status: the loop stopped at a CALL/CREATE whose nested frame must run. */
#define EVM_PENDING ((evm_status)0x100)

/* Slow paths of the interpreter (evm_ops.c). Each returns EVM_SUCCESS to continue, a failure
   status to halt the frame, or (calls and creates) EVM_PENDING with f->pend set. */
RIVET_MUST_USE bool evm_mem_grow(evm_frame *f, int64_t *gas, uint64_t end);
evm_status evm_op_call(evm_frame *f, u256 *sp, int64_t *gas, uint8_t op);
evm_status evm_op_create(evm_frame *f, u256 *sp, int64_t *gas, uint8_t op);
evm_status evm_op_sstore(evm_frame *f, u256 *sp, int64_t *gas);
evm_status evm_op_log(evm_frame *f, u256 *sp, int64_t *gas, int ntopics);
evm_status evm_op_selfdestruct(evm_frame *f, u256 *sp, int64_t *gas);
evm_status evm_op_extcodecopy(evm_frame *f, u256 *sp, int64_t *gas);
void evm_finish_call(evm_frame *f, evm_result *r, int64_t *gas);
evm_status evm_op_return(evm_frame *f, u256 *sp, int64_t *gas); /* sets f->out */

/* Per-opcode constants for the interpreter's compile-time specialised checks. */
enum {
#define X(c, name, in, out, g, fk) EVM_IN_##name = in, EVM_OUT_##name = out, EVM_GAS_##name = g,
    EVM_OPCODES(X)
#undef X
};

/* Charges and performs memory expansion for [off, off+len). len 0 never expands. */
static inline bool evm_mem_use(evm_frame *f, int64_t *gas, u256 off, u256 len, uint64_t *o,
                               uint64_t *n)
{
    if (u256_is_zero(len)) {
        *o = 0;
        *n = 0;
        return true;
    }
    if (!u256_fits64(off) || !u256_fits64(len) || off.w[0] > EVM_MEM_LIMIT ||
        len.w[0] > EVM_MEM_LIMIT)
        return false;
    *o = off.w[0];
    *n = len.w[0];
    uint64_t end = off.w[0] + len.w[0];
    return end <= f->msize || evm_mem_grow(f, gas, end);
}

/* Inline forms of the hottest u256 operations (the interpreter's fast paths). */
static inline u256 evm_add(u256 a, u256 b)
{
    u256 r;
    uint64_t c = __builtin_add_overflow(a.w[0], b.w[0], &r.w[0]);
    for (int i = 1; i < 4; i++) {
        uint64_t t, c1 = __builtin_add_overflow(a.w[i], b.w[i], &t);
        c = c1 | __builtin_add_overflow(t, c, &r.w[i]);
    }
    return r;
}
/* Shifts through a zero-extended copy: t[i + limbs] >> bits | t[i + limbs + 1] << (64 - bits),
   with the second shift split in two so that bits == 0 needs no branch. */
static inline u256 evm_shr(u256 x, u256 s)
{
    if ((s.w[1] | s.w[2] | s.w[3]) || s.w[0] >= 256) return U256_ZERO;
    const uint64_t t[8] = {x.w[0], x.w[1], x.w[2], x.w[3], 0, 0, 0, 0};
    unsigned l = (unsigned)s.w[0] / 64, b = (unsigned)s.w[0] % 64;
    u256 r;
    for (int i = 0; i < 4; i++)
        r.w[i] = t[i + l] >> b | (t[i + l + 1] << 1) << (63 - b);
    return r;
}
/* SHL without a zero-padded copy: riscv64 gcc 12 -O2 dropped or sank the stores zeroing such a
   copy below its loads (t[3 + i - l]), leaving stack garbage in the low limbs. */
static inline u256 evm_shl(u256 x, u256 s)
{
    if ((s.w[1] | s.w[2] | s.w[3]) || s.w[0] >= 256) return U256_ZERO;
    unsigned l = (unsigned)s.w[0] / 64, b = (unsigned)s.w[0] % 64;
    u256 r;
    for (unsigned i = 0; i < 4; i++) {
        uint64_t hi = i >= l ? x.w[i - l] : 0, lo = i > l ? x.w[i - l - 1] : 0;
        r.w[i] = hi << b | (lo >> 1) >> (63 - b);
    }
    return r;
}
static inline u256 evm_mul(u256 a, u256 b)
{
    u256 r;
    unsigned __int128 p = (unsigned __int128)a.w[0] * b.w[0];
    r.w[0] = (uint64_t)p;
    uint64_t c = (uint64_t)(p >> 64);
    p = (unsigned __int128)a.w[0] * b.w[1] + c;
    uint64_t m1 = (uint64_t)p, c1 = (uint64_t)(p >> 64);
    p = (unsigned __int128)a.w[0] * b.w[2] + c1;
    uint64_t m2 = (uint64_t)p, c2 = (uint64_t)(p >> 64);
    uint64_t m3 = a.w[0] * b.w[3] + c2;
    p = (unsigned __int128)a.w[1] * b.w[0] + m1;
    r.w[1] = (uint64_t)p;
    c = (uint64_t)(p >> 64);
    p = (unsigned __int128)a.w[1] * b.w[1] + m2 + c;
    m2 = (uint64_t)p;
    c = (uint64_t)(p >> 64);
    m3 += a.w[1] * b.w[2] + c;
    p = (unsigned __int128)a.w[2] * b.w[0] + m2;
    r.w[2] = (uint64_t)p;
    c = (uint64_t)(p >> 64);
    m3 += a.w[2] * b.w[1] + c + a.w[3] * b.w[0];
    r.w[3] = m3;
    return r;
}

/* Copies src[off..off+n) into dst, zero-filling past src_len. */
static inline void evm_copy_padded(uint8_t *dst, const uint8_t *src, size_t src_len, u256 off,
                                   size_t n)
{
    size_t o = u256_fits64(off) && off.w[0] < src_len ? (size_t)off.w[0] : src_len;
    size_t avail = src_len - o < n ? src_len - o : n;
    if (avail) memcpy(dst, src + o, avail);
    memset(dst + avail, 0, n - avail);
}

#endif
