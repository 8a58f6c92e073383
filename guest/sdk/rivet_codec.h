/* Solidity ABI encoding and decoding of dynamic values (bytes, string, uint256[], bytes32[],
   address[]) and the typed calls `rivet build` generates from RIVET_CALLS declarations.
   Included by rivet.h. Call data that does not decode reverts with empty data, as Solidity's
   decoder does; return data that does not decode is a result (0), the caller decides. */
#ifndef RIVET_CODEC_H
#define RIVET_CODEC_H

/* ---------------------------------------------------------------- heap

   A bump allocator over the memory after the program's data (a page is charged when first
   touched, docs/hybrid-abi.md). rv_heap_mark / rv_heap_release give back what was allocated
   since a mark. Past RV_HEAP_END (1 MiB below the top, the stack's room) the frame halts
   exceptionally, as the EVM runs out of gas on memory it cannot pay for. */
#define RV_HEAP_END 0x700000u
extern uint8_t *rivet_heap; /* sdk.c: the next free byte, 0 before the first allocation */

static inline void *rv_alloc(uint64_t n)
{
    extern char _end[];
    if (!rivet_heap) rivet_heap = (uint8_t *)(((uint64_t)_end + 15) & ~(uint64_t)15);
    uint8_t *p = rivet_heap;
    if ((uint64_t)p > RV_HEAP_END || n > RV_HEAP_END - (uint64_t)p) __builtin_trap();
    rivet_heap = p + ((n + 15) & ~(uint64_t)15);
    return p;
}
static inline uint8_t *rv_heap_mark(void)
{
    return rivet_heap;
}
static inline void rv_heap_release(uint8_t *mark)
{
    rivet_heap = mark;
}

/* The low 64 bits of w, or ~0 when w does not fit: offsets and lengths out of any range. */
static inline uint64_t rv_small(const rv_word *w)
{
    for (int i = 0; i < 24; i++)
        if (w->b[i]) return ~(uint64_t)0;
    return rv_low64(w);
}
/* Bytes [from, to) of w are zero: the clean form of address, uintN, bytesN and bool. */
static inline int rv_zero_range(const rv_word *w, unsigned from, unsigned to)
{
    for (unsigned i = from; i < to; i++)
        if (w->b[i]) return 0;
    return 1;
}

/* ---------------------------------------------------------------- call data */

/* The dynamic argument i (bytes, string or an array of 32-byte elements): its length in
   elements and the call data offset of its first byte. Reverts when the offset or the
   length points past the call data. elem: 1 for bytes and string, 32 for arrays. */
static inline uint64_t rv_arg_dyn(unsigned i, uint64_t elem, uint64_t *first)
{
    rv_word w = rv_arg(i);
    uint64_t size = rv_calldatasize(), o = rv_small(&w), n;
    if (o > size || size - o < 4 + 32) rv_revert("", 0);
    rv_calldataload(4 + o, &w);
    n = rv_small(&w);
    if (n > (size - o - 4 - 32) / elem) rv_revert("", 0);
    *first = 4 + o + 32;
    return n;
}
/* Element j of a dynamic argument whose first byte is at call data offset first (from
   rv_arg_dyn), as a word, or as an address checked clean. */
static inline rv_word rv_arg_at(uint64_t first, uint64_t j)
{
    rv_word w;
    rv_calldataload(first + 32 * j, &w);
    return w;
}
static inline rv_addr rv_arg_addr_at(uint64_t first, uint64_t j)
{
    rv_word w = rv_arg_at(first, j);
    if (!rv_zero_range(&w, 0, 12)) rv_revert("", 0);
    return rv_word_addr(&w);
}
/* A bytes or string argument copied to the heap: its bytes, *n its length. */
static inline uint8_t *rv_arg_heap_bytes(unsigned i, uint64_t *n)
{
    uint64_t first;
    *n = rv_arg_dyn(i, 1, &first);
    uint8_t *p = rv_alloc(*n);
    rv_calldatacopy(p, first, *n);
    return p;
}
/* A uint256[] or bytes32[] argument: copies up to cap elements to dst, returns the length. */
static inline uint64_t rv_arg_words(unsigned i, rv_word *dst, uint64_t cap)
{
    uint64_t first, n = rv_arg_dyn(i, 32, &first);
    rv_calldatacopy(dst, first, 32 * (n < cap ? n : cap));
    return n;
}
/* An address[] argument: copies up to cap elements to dst (each one checked clean, as
   Solidity does), returns the length. */
static inline uint64_t rv_arg_addrs(unsigned i, rv_addr *dst, uint64_t cap)
{
    uint64_t first, n = rv_arg_dyn(i, 32, &first);
    for (uint64_t j = 0; j < n && j < cap; j++) {
        rv_word w;
        rv_calldataload(first + 32 * j, &w);
        if (!rv_zero_range(&w, 0, 12)) rv_revert("", 0);
        dst[j] = rv_word_addr(&w);
    }
    return n;
}
/* An address argument, reverting when its upper 12 bytes are not zero (Solidity's check). */
static inline rv_addr rv_arg_address(unsigned i)
{
    rv_word w = rv_arg(i);
    if (!rv_zero_range(&w, 0, 12)) rv_revert("", 0);
    return rv_word_addr(&w);
}
/* A bool argument: 0 or 1, anything else reverts. */
static inline int rv_arg_bool(unsigned i)
{
    rv_word w = rv_arg(i);
    if (!rv_zero_range(&w, 0, 31) || w.b[31] > 1) rv_revert("", 0);
    return w.b[31];
}

/* ---------------------------------------------------------------- encoding

   Into a caller's buffer: an optional selector, nhead head words, then the tails of the
   dynamic values in order. rv_enc_len is 0 when the buffer was too small. */
typedef struct {
    uint8_t *buf;
    uint64_t cap, base, head, end;
    int ok;
} rv_enc;

static inline void rv_enc_init(rv_enc *e, void *buf, uint64_t cap, int has_sel, uint32_t sel,
                               unsigned nhead)
{
    e->buf = buf, e->cap = cap, e->base = has_sel ? 4 : 0, e->head = e->base;
    e->end = e->base + 32 * (uint64_t)nhead;
    e->ok = e->end <= cap;
    if (e->ok && has_sel) {
        e->buf[0] = (uint8_t)(sel >> 24), e->buf[1] = (uint8_t)(sel >> 16);
        e->buf[2] = (uint8_t)(sel >> 8), e->buf[3] = (uint8_t)sel;
    }
}
static inline void rv_enc_word(rv_enc *e, const rv_word *w)
{
    if (!e->ok || e->head + 32 > e->end) {
        e->ok = 0;
        return;
    }
    memcpy(e->buf + e->head, w, 32);
    e->head += 32;
}
static inline void rv_enc_addr(rv_enc *e, const rv_addr *a)
{
    rv_word w = rv_addr_word(a);
    rv_enc_word(e, &w);
}
/* The head word of a dynamic value (its offset) and room for its tail of n bytes (a length
   word and n bytes padded to a word): the pointer to those n bytes, or NULL. */
static inline uint8_t *rv_enc_tail(rv_enc *e, uint64_t count, uint64_t n)
{
    uint64_t padded = (n + 31) / 32 * 32;
    rv_word off = rv_u64(e->end - e->base), len = rv_u64(count);
    rv_enc_word(e, &off);
    if (!e->ok || n > e->cap || e->cap - e->end < 32 + padded) {
        e->ok = 0;
        return 0;
    }
    uint8_t *p = e->buf + e->end;
    memcpy(p, &len, 32);
    memset(p + 32, 0, padded);
    e->end += 32 + padded;
    return p + 32;
}
static inline void rv_enc_bytes(rv_enc *e, const void *p, uint64_t n)
{
    uint8_t *t = rv_enc_tail(e, n, n);
    if (t) memcpy(t, p, n);
}
/* uint256[] and bytes32[] */
static inline void rv_enc_words(rv_enc *e, const rv_word *w, uint64_t n)
{
    uint8_t *t = n > ~(uint64_t)0 / 64 ? 0 : rv_enc_tail(e, n, 32 * n);
    if (t) memcpy(t, w, 32 * n);
}
static inline void rv_enc_addrs(rv_enc *e, const rv_addr *a, uint64_t n)
{
    uint8_t *t = n > ~(uint64_t)0 / 64 ? 0 : rv_enc_tail(e, n, 32 * n);
    for (uint64_t j = 0; t && j < n; j++)
        memcpy(t + 32 * j + 12, a[j].b, 20);
}
static inline uint64_t rv_enc_len(const rv_enc *e)
{
    return e->ok ? e->end : 0;
}
/* Returns the encoded values (no selector) as the call's result. */
__attribute__((noreturn)) static inline void rv_return_enc(const rv_enc *e)
{
    if (!e->ok) rv_revert("", 0);
    rv_return(e->buf, e->end);
}

/* ---------------------------------------------------------------- decoding (memory) */

typedef struct {
    const uint8_t *p;
    uint64_t len;
} rv_dec;

/* Head word i; 0 when the data are too short. */
static inline int rv_dec_word(const rv_dec *d, unsigned i, rv_word *out)
{
    uint64_t o = 32 * (uint64_t)i;
    if (o > d->len || d->len - o < 32) return 0;
    memcpy(out, d->p + o, 32);
    return 1;
}
static inline int rv_dec_addr(const rv_dec *d, unsigned i, rv_addr *out)
{
    rv_word w;
    if (!rv_dec_word(d, i, &w) || !rv_zero_range(&w, 0, 12)) return 0;
    *out = rv_word_addr(&w);
    return 1;
}
/* The dynamic value at head word i: its length in elements and a pointer to its first byte,
   checked inside the data. */
static inline int rv_dec_dyn(const rv_dec *d, unsigned i, uint64_t elem, uint64_t *n,
                             const uint8_t **first)
{
    rv_word w;
    if (!rv_dec_word(d, i, &w)) return 0;
    uint64_t o = rv_small(&w);
    if (o > d->len || d->len - o < 32) return 0;
    memcpy(&w, d->p + o, 32);
    *n = rv_small(&w);
    if (*n > (d->len - o - 32) / elem) return 0;
    *first = d->p + o + 32;
    return 1;
}
/* bytes and string: copies up to cap bytes, *n gets the length. */
static inline int rv_dec_bytes(const rv_dec *d, unsigned i, void *dst, uint64_t cap, uint64_t *n)
{
    const uint8_t *f;
    if (!rv_dec_dyn(d, i, 1, n, &f)) return 0;
    memcpy(dst, f, *n < cap ? *n : cap);
    return 1;
}
static inline int rv_dec_words(const rv_dec *d, unsigned i, rv_word *dst, uint64_t cap, uint64_t *n)
{
    const uint8_t *f;
    if (!rv_dec_dyn(d, i, 32, n, &f)) return 0;
    memcpy(dst, f, 32 * (*n < cap ? *n : cap));
    return 1;
}
static inline int rv_dec_addrs(const rv_dec *d, unsigned i, rv_addr *dst, uint64_t cap, uint64_t *n)
{
    const uint8_t *f;
    if (!rv_dec_dyn(d, i, 32, n, &f)) return 0;
    for (uint64_t j = 0; j < *n && j < cap; j++) {
        if (!rv_zero_range((const rv_word *)(const void *)(f + 32 * j), 0, 12)) return 0;
        memcpy(dst[j].b, f + 32 * j + 12, 20);
    }
    return 1;
}

/* ---------------------------------------------------------------- typed calls */

/* The size of the encoding of n head words and dynamic tails of the given byte lengths. */
static inline uint64_t rv_enc_size(unsigned nhead, uint64_t dyn_bytes, unsigned ndyn)
{
    return 4 + 32 * (uint64_t)nhead + (dyn_bytes + 31 * (uint64_t)ndyn) + 32 * (uint64_t)ndyn;
}
/* Calls `to` with the encoded call data (STATICCALL for view and pure functions, else CALL
   with value, NULL for none) and all the gas left; *out gets the return data, copied to the
   heap. Returns 1 on success, 0 when the call failed or reverted. */
static inline int rv_call_enc(const rv_addr *to, int is_static, const rv_word *value,
                              const rv_enc *e, rv_dec *out)
{
    uint64_t n = 0;
    rv_word zero = rv_u64(0);
    if (!e->ok) __builtin_trap(); /* a typed call sizes its buffer: cannot happen */
    int ok = is_static ? rv_staticcall(rv_gas(), to, e->buf, e->end, &n)
                       : rv_call(rv_gas(), to, value ? value : &zero, e->buf, e->end, &n);
    uint8_t *ret = rv_alloc(n);
    rv_returndatacopy(ret, 0, n);
    out->p = ret, out->len = n;
    return ok;
}
/* Reverts with the last call's return data, as Solidity bubbles a failed call's reason up. */
__attribute__((noreturn)) static inline void rv_bubble(void)
{
    uint64_t n = rv_returndatasize();
    uint8_t *buf = rv_alloc(n);
    rv_returndatacopy(buf, 0, n);
    rv_revert(buf, n);
}

#endif
