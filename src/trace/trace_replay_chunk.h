/* The replayer's per-thread state, shared by the replay instantiation of the interpreter
   (trace_replay_chunk.c) and the driver that checks a whole trace (trace_replay.c). */
#ifndef RIVET_TRACE_REPLAY_CHUNK_H
#define RIVET_TRACE_REPLAY_CHUNK_H

#include "rivet/rv_zkvm.h"
#include "rivet/rvsys.h"
#include "trace/trace_internal.h"

/* Linux profile: what a chunk did to the process's threads, in order (trace_linux_threads.c). */
typedef enum {
    RP_TEV_IN = 1,    /* the thread starts running in the state below (chunk start, a switch) */
    RP_TEV_BLOCK = 2, /* the running thread blocked in a syscall, in the state below */
    RP_TEV_SLICE = 3, /* the running thread was switched out at a chunk end (time slice) */
    RP_TEV_CLONE = 4, /* a clone returned this child tid; the parent's state after it */
} rp_tev_kind;

typedef struct rp_tev {
    uint64_t kind, tid, pc, x[TRACE_NREGS], f[TRACE_NFREGS];
} rp_tev;

typedef struct rp_tslot {
    uint64_t tid;
    rp_tev saved; /* kind 0: the thread is running */
} rp_tslot;

typedef struct rp_threads {
    rp_tslot *s;
    size_t n, cap;
    uint64_t sigret_pc;
    bool fregs;
} rp_threads;

/* Applies one event in trace order, checking a resumed thread against the state it left (only
   a0 may change across a blocking syscall, a0/sp/tp for a new clone, ra/sp/a0-a2/pc on signal
   entry). False with why set when the event contradicts the earlier ones. */
RIVET_MUST_USE bool trace_threads_apply(rp_threads *T, const rp_tev *e, char *why, size_t wn);
void trace_threads_free(rp_threads *T);

typedef struct rp_thread {
    rv_mem *mem; /* scratch memory: the program image plus whatever the log placed */
    rv_cpu cpu;
    rv_zkvm z;    /* the profile's real ecall handlers run on the replayed state */
    rvs_linux *L; /* Linux profile: the process image (ELF, stack, signal page) of the scratch */
    bool on_linux, fregs;
    trace_wmap cm;
    uint64_t (*zr)[2]; /* Linux: ranges the kernel side zeroed or unmapped in this chunk */
    size_t nzr, zrcap;
    uint64_t tid;       /* Linux: the running thread */
    uint64_t kn, k0[3]; /* Linux: the last kernel block's record count and first record */
    rp_tev *tev;        /* Linux: the chunk's thread events */
    size_t ntev, tevcap;
    const uint64_t *log; /* the chunk's read log */
    uint64_t n, pos;
    uint64_t limit, cut; /* chunk end step; start + 2^k */
    bool more;           /* the chunk continues (end flag 0) */
    bool ended_at_block;
    bool bad;
    char why[256];
    uint8_t *dbuf; /* decompressed record */
    size_t dcap;
    ZSTD_DCtx *dz;
    uint64_t *mix;
    trace_acc *acc; /* TRACE_F_PREV_CLK: the chunk's memory accesses are collected here */
    bool trusted;   /* the writer's own record: no chunk-local checks (check 2) */
} rp_thread;

/* The Linux profile's replay environment: a syscall's effect comes from the log. */
extern const rv_env trace_linux_replay_env;

/* Linux profile: applies the kernel-side memory records at the log cursor (count, records). */
RIVET_MUST_USE bool trace_linux_take_kernel(rp_thread *t);
/* Linux profile: appends a thread event with cpu's state. */
RIVET_MUST_USE bool trace_linux_event(rp_thread *t, rp_tev_kind kind, uint64_t tid,
                                      const rv_hart *h);

/* Runs the prepared chunk (cpu state, limit, log set up). */
rv_result trace_replay_run(rp_thread *t);

/* A replay thread for the stream s of the program elf (trace_replay.c); false when out of
   memory or the ELF does not load. */
RIVET_MUST_USE bool trace_replay_thread_init(rp_thread *t, const trace_stream *s,
                                             const uint8_t *elf, size_t elf_len);
void trace_replay_thread_free(rp_thread *t);
/* Replays the parsed chunk c alone on t (checks 1 and 2, no statistics); false with the reason
   in why on a mismatch. */
RIVET_MUST_USE bool trace_replay_one(rp_thread *t, const trace_stream *s, const trace_chunk *c,
                                     char *why, size_t whylen);

#endif
