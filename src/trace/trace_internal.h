/* Internals of the trace layer: the writer's state (its hot path is inlined into the
   interpreter's trace instantiation), the profile's ecall i/o description, the word map used by
   the replayer's memory checks. */
#ifndef RIVET_TRACE_INTERNAL_H
#define RIVET_TRACE_INTERNAL_H

#include <pthread.h>
#include <zstd.h>

#include "rivet/trace.h"
#include "rv/rv_internal.h"

struct trace_writer {
    FILE *f;
    rivet_diag err; /* first i/o error */
    int xlen;
    unsigned chunk_log2, flags, profile;
    uint64_t threshold;
    ZSTD_CCtx *zc;
    int zlevel;
    uint8_t *zbuf;
    size_t zcap;
    uint64_t *log, *cur, *end; /* the read log of the current chunk */
    /* current chunk's start state */
    uint64_t id, start_step, start_pc;
    uint64_t regs[TRACE_NREGS], fregs[TRACE_NFREGS];
    uint64_t next_cut; /* the chunk may end at the first block start at or after this step */
    uint64_t bytes, words;
    bool host_read;   /* the ecall in progress takes host bytes into host_addr */
    bool vendor_host; /* the vendor call in progress takes host bytes (rv_zkvm host_log) */
    uint64_t host_addr;
    /* chunk records are written by a background thread while the run goes on */
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool threaded, busy, quit;
    uint64_t job_head[3 + TRACE_NREGS + TRACE_NFREGS + 2], job_tail[2];
    size_t job_nhead;
    uint64_t *job_log, job_nreads; /* the handed-off log buffer */
    size_t job_cap;
    uint64_t *spare; /* the other log buffer, when the thread is idle */
    size_t spare_cap;
    struct trace_extra *xt; /* TRACE_F_PREV_CLK: derives each record's extras (trace_extra.c) */
    /* Linux profile: what the kernel side wrote to guest memory since the last flush (records
       of trace_linux_watch), and the memory it watches */
    uint64_t *kw;
    size_t kwn, kwcap, kwrecs;
    rv_mem *kmem;
};

/* Makes room for at least need more words in the log. */
void trace_writer_grow(trace_writer *tw, size_t need);

/* Aligned words under [a, a+size): first and last (equal when the access stays in one word). */
static inline uint64_t trace_w0(uint64_t a)
{
    return a & ~(uint64_t)7;
}
static inline uint64_t trace_w1(uint64_t a, unsigned size)
{
    return (a + size - 1) & ~(uint64_t)7;
}

/* Reads the aligned word at w (ignoring protections); false when unmapped. */
static inline bool trace_peek(rv_mem *mem, uint64_t w, uint64_t *v)
{
    if (RV_TLB_HIT(mem->rtlb, w, 8)) {
        memcpy(v, RV_TLB_HOST(mem->rtlb, w), 8);
        return true;
    }
    return rv_mem_read(mem, w, v, 8);
}

/* Logs the aligned word(s) under an access (a load, or the old value under a store). */
static inline void trace_log_access(trace_writer *tw, rv_mem *mem, uint64_t a, unsigned size)
{
    uint64_t w0 = trace_w0(a), w1 = trace_w1(a, size), v;
    if (RV_UNLIKELY(tw->cur + 2 > tw->end)) trace_writer_grow(tw, 2);
    if (trace_peek(mem, w0, &v)) *tw->cur++ = v;
    if (w1 != w0 && trace_peek(mem, w1, &v)) *tw->cur++ = v;
}

/* Stores narrower than 8 bytes or not 8-aligned log the old word(s) they modify. */
static inline bool trace_store_logged(uint64_t a, unsigned size)
{
    return size < 8 || (a & 7);
}

/* ---------------------------------------------------------------- profile ecall i/o */

typedef struct trace_range {
    uint64_t a, n;
} trace_range;

enum { TRACE_MAX_RANGES = 6 };

/* Guest memory an ecall reads (logged before the handler runs, as aligned words). */
unsigned trace_ecall_inputs(const rv_cpu *cpu, trace_range r[TRACE_MAX_RANGES]);
/* Guest memory the handler wrote (after it ran; act is its result). */
unsigned trace_ecall_outputs(const rv_cpu *cpu, rv_env_action act, trace_range r[TRACE_MAX_RANGES]);
/* True when the ecall takes host-supplied bytes (read from fd 0): its result (count, then the
   bytes packed little-endian into words) follows in the log. Evaluated before the handler. */
RIVET_MUST_USE bool trace_ecall_host_read(const rv_cpu *cpu);
/* A vendor call taking host bytes (rv_zkvm_vcall_host): the writer logs them after the call as
   a byte count and the bytes (in words), the replay feeds them to the handler. */
RIVET_MUST_USE bool trace_ecall_vendor_host(const rv_cpu *cpu);
/* Linux ABI: the words logged after a syscall (the handler's action, then for continue/stop
   pc, x1..x31 and with TRACE_F_FREGS f0..f31, fcsr; for exit the code; for a trap cause, tval)
   written at out (when not NULL); returns their number. */
size_t trace_linux_effect(const rv_cpu *cpu, rv_env_action act, unsigned flags, uint64_t *out);
/* Linux ABI: kernel-side memory records (docs/trace-format.md): kind, address, length, then for
   TRACE_KW_BYTES the bytes packed little-endian into words. */
enum { TRACE_KW_BYTES = 1, TRACE_KW_ZERO = 2 };
/* Starts watching cpu's memory for kernel-side writes; the initial stack (sp up to the end of
   its mapping) is the first record. */
void trace_linux_begin(trace_writer *tw, const rv_cpu *cpu);
/* Before a syscall: rt_sigreturn's ucontext, as a count and the aligned words it covers. */
void trace_linux_pre(trace_writer *tw, rv_cpu *cpu);
/* Appends the running thread's id to the chunk's log. */
void trace_linux_tid(trace_writer *tw, const rv_cpu *cpu);
/* Appends the pending records (count, then records) to the chunk's log and forgets them. */
void trace_linux_flush(trace_writer *tw);
void trace_linux_end(trace_writer *tw);

/* ---------------------------------------------------------------- word map */

/* Open-addressing map from aligned guest word address to what is known about it. */
typedef struct trace_went {
    uint64_t addr; /* UINT64_MAX: empty (never a word address, those are 8-aligned) */
    uint64_t val;  /* in chunk maps: the value assumed at chunk start (bytes in in_mask) */
    uint8_t known; /* bytes whose current value is known */
    uint8_t in;    /* bytes read before written in this chunk */
    uint8_t wr;    /* bytes written in this chunk */
} trace_went;

typedef struct trace_wmap {
    trace_went *e;
    size_t cap, n; /* cap a power of two */
    size_t *used;  /* the n occupied slots, so clearing and walking cost O(n), not O(cap) */
} trace_wmap;

RIVET_MUST_USE bool trace_wmap_init(trace_wmap *m, size_t cap);
void trace_wmap_free(trace_wmap *m);
void trace_wmap_clear(trace_wmap *m);
/* The entry for addr, inserted zeroed when absent; NULL when out of memory. */
trace_went *trace_wmap_get(trace_wmap *m, uint64_t addr);

/* Sparse 4 KiB pages keyed by page number, created zero on first use (trace_pages.c): the one
   page map of the Linux replay's memory image and of the previous-access clock table. */
enum { TRACE_PAGE = 4096 };
typedef struct trace_pages {
    uint64_t *key; /* page numbers; UINT64_MAX: empty */
    void **page;
    size_t cap, n;
} trace_pages;
/* Page pn; created zero when absent and create is set. NULL: absent, or out of memory. */
void *trace_pages_get(trace_pages *m, uint64_t pn, bool create);
void trace_pages_free(trace_pages *m);

/* Sparse whole-memory image of 4 KiB pages, zero until written (trace_linux_gmem.c). */
typedef trace_pages trace_gmem;

/* The page holding addr, created zero when absent; NULL when out of memory. */
uint8_t *trace_gmem_page(trace_gmem *g, uint64_t addr);
void trace_gmem_zero(trace_gmem *g, uint64_t a, uint64_t n);
void trace_gmem_free(trace_gmem *g);

/* Byte mask (one bit per byte of the word at w) of [a, a+size). */
static inline uint8_t trace_bytes(uint64_t w, uint64_t a, uint64_t size)
{
    uint64_t lo = a > w ? a - w : 0, hi = a + size > w + 8 ? 8 : a + size - w;
    return (uint8_t)(((1u << hi) - 1) & ~((1u << lo) - 1));
}
static inline uint64_t trace_mask64(uint8_t m)
{
    uint64_t r = 0;
    for (int i = 0; i < 8; i++)
        if (m >> i & 1) r |= (uint64_t)0xff << (8 * i);
    return r;
}

/* ---------------------------------------------------------------- chunk records */

typedef struct trace_chunk {
    uint64_t id, start_step, start_pc;
    const uint64_t *regs, *fregs; /* fregs NULL without TRACE_F_FREGS */
    uint64_t steps, nreads;
    const uint64_t *reads;
    uint64_t nextras; /* TRACE_F_PREV_CLK: the extras block after the read log */
    const uint64_t *extras;
    uint64_t end, exit_code;
} trace_chunk;

/* Header words before n_steps. */
static inline size_t trace_head_words(unsigned flags)
{
    return 3 + TRACE_NREGS + ((flags & TRACE_F_FREGS) ? TRACE_NFREGS : 0);
}

/* Parses one uncompressed record of len bytes (all of it). */
RIVET_MUST_USE bool trace_chunk_parse(const uint8_t *p, size_t len, unsigned flags, trace_chunk *c,
                                      rivet_diag *d);

typedef struct trace_stream {
    int xlen;
    unsigned chunk_log2, flags, profile;
} trace_stream;

RIVET_MUST_USE bool trace_stream_header(const uint8_t *p, size_t len, trace_stream *s,
                                        rivet_diag *d);

static inline uint64_t trace_get64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v; /* the format is little-endian, as is every host we build for */
}

/* ---------------------------------------------------------------- previous-access clocks */

/* The memory accesses of a replayed chunk in program order: (aligned word, clk) pairs. */
typedef struct trace_acc {
    uint64_t *p; /* 2 words per access */
    size_t n, cap;
    bool oom;
} trace_acc;

void trace_acc_grow(trace_acc *a);

/* Appends the access of size bytes at a (one or two aligned words) at clock clk. */
static inline void trace_acc_add(trace_acc *a, uint64_t addr, uint64_t size, uint64_t clk)
{
    uint64_t w0 = trace_w0(addr), w1 = trace_w0(addr + size - 1);
    for (uint64_t w = w0;; w += 8) {
        if (RV_UNLIKELY(a->n == a->cap)) {
            trace_acc_grow(a);
            if (a->oom) return;
        }
        a->p[2 * a->n] = w;
        a->p[2 * a->n + 1] = clk;
        a->n++;
        if (w == w1) break;
    }
}

/* Word address -> clock of its last access: 4 KiB pages of 512 clocks, found by hashing the
   page number (a one-entry cache in front). */
typedef struct trace_clk {
    trace_pages map;
    uint64_t last_key;
    uint64_t *last;
} trace_clk;

RIVET_MUST_USE bool trace_clk_init(trace_clk *t);
void trace_clk_free(trace_clk *t);
/* Runs accesses through the table in order. An access at the clock its word was last accessed
   at is the same access (an AMO's read and write, overlapping ecall ranges): no extra. With out
   set, writes the extras (the previous clocks) there (room for a->n) and returns their number;
   with want set instead, compares them with want[0..nwant) and returns false at the first
   difference (why filled). Returns SIZE_MAX / false when out of memory. */
size_t trace_clk_pass(trace_clk *t, const trace_acc *a, uint64_t *out);
RIVET_MUST_USE bool trace_clk_check(trace_clk *t, const trace_acc *a, const uint64_t *want,
                                    uint64_t nwant, char *why, size_t whylen);

/* The writer's extras: replays each written chunk (in chunk order) and runs its accesses
   through the clock table. */
typedef struct trace_extra trace_extra;
RIVET_MUST_USE rivet_status trace_extra_new(trace_extra **x, const trace_stream *s,
                                            const uint8_t *elf, size_t elf_len, rivet_diag *d);
/* The ISA of the recorded run (its profile's), so the replay decodes as the run did. */
void trace_extra_set_ext(trace_extra *x, unsigned ext);
/* The extras of chunk c (valid until the next call); false with d set when the replay of the
   writer's own chunk fails (an internal error). */
RIVET_MUST_USE bool trace_extra_chunk(trace_extra *x, const trace_chunk *c, const uint64_t **ex,
                                      uint64_t *n, rivet_diag *d);
void trace_extra_free(trace_extra *x);

#endif
