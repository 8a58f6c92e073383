/* Minimal trace (format v1, docs/trace-format.md): a stream of self-contained chunks, each the
   state at its start (pc, step, x1..x31 and, when used, f0..f31 + fcsr) plus the ordered log of
   every value that entered the CPU from memory or from the host. A writer (the interpreter's
   trace instantiation, or the AOT runtime), a reader and a memoryless chunk replayer.

   A chunk ends at the first control transfer (branch, jump, continuing ecall) after at least
   2^chunk_log2 steps, so the translator can count steps per basic block and still cut chunks at
   exactly the same steps as the interpreter. */
#ifndef RIVET_TRACE_H
#define RIVET_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rivet/rv.h"
#include "rivet/rv_zkvm.h"
#include "rivet/status.h"

enum {
    TRACE_VERSION = 1,
    TRACE_HEADER_SIZE = 16,
    TRACE_CHUNK_LOG2_DEFAULT = 18,
    TRACE_NREGS = 31, /* x1..x31 */
    TRACE_NFREGS = 33 /* f0..f31, fcsr */
};

/* Stream header flags. TRACE_F_PREV_CLK (zkVM profile only): every chunk record carries, after
   its read log, SP1's previous-access clock of every memory access (docs/trace-format.md). */
enum { TRACE_F_ZSTD = 1, TRACE_F_FREGS = 2, TRACE_F_PREV_CLK = 4 };

/* The clock model of TRACE_F_PREV_CLK (SP1's: clk += 8 per instruction, accesses at fixed slots
   inside the instruction's window): an instruction's loads/stores and an ecall's memory reads
   happen at 8 * step + TRACE_SLOT_MEM, an ecall's memory writes at 8 * step + TRACE_SLOT_WRITE
   (step = instructions retired before it). Clock 0 = never accessed. */
enum { TRACE_CLK_INC = 8, TRACE_SLOT_MEM = 1, TRACE_SLOT_WRITE = 2 };

/* How a chunk ends. */
typedef enum {
    TRACE_END_MORE = 0,   /* another chunk follows */
    TRACE_END_EXIT = 1,   /* the guest exited; exit_code is its status */
    TRACE_END_TRAP = 2,   /* a guest trap; exit_code is the cause */
    TRACE_END_STOP = 3,   /* stopped by the step limit */
    TRACE_END_SWITCH = 4, /* Linux ABI: the scheduler changed the state; another chunk follows */
} trace_end;

/* Trace profiles (the stream header's profile id): which ABI the ecalls follow. 1: the zkVM
   profile with rivet's calls, 2: Linux, 2 + a: row a of RV_ZKVM_PROFILE_LIST (zisk-like 3,
   sp1-like 4, risc0-like 5, sp1 6, risc0 7, openvm 8, airbender 9, ...). */
enum {
    TRACE_PROFILE_ZKVM = 1,
    TRACE_PROFILE_LINUX = 2,
    TRACE_PROFILE_LAST = 2 + RV_ZKVM_ABI_COUNT - 1
};
static inline unsigned trace_profile_of_abi(unsigned abi)
{
    return abi ? TRACE_PROFILE_LINUX + abi : TRACE_PROFILE_ZKVM;
}
static inline unsigned trace_abi_of_profile(unsigned profile)
{
    return profile > TRACE_PROFILE_LINUX ? profile - TRACE_PROFILE_LINUX : 0;
}

typedef struct trace_opts {
    unsigned chunk_log2; /* 4..30; 0 = default 18 */
    bool zstd;           /* compress every chunk record with zstd */
    bool fregs;          /* include f0..f31 and fcsr in chunk headers */
    int zstd_level;      /* 0 = default (1) */
    unsigned profile;    /* TRACE_PROFILE_*; 0 = zkVM */
    bool prev_clk;       /* zkVM profile: write SP1's previous-access clocks (TRACE_F_PREV_CLK) */
    const uint8_t *elf;  /* with prev_clk: the program (the writer replays each chunk) */
    size_t elf_len;
} trace_opts;

/* ---------------------------------------------------------------- writer */

typedef struct trace_writer trace_writer;

/* Opens path for writing and writes the stream header. */
RIVET_MUST_USE rivet_status trace_writer_open(trace_writer **tw, const char *path, int xlen,
                                              const trace_opts *o, rivet_diag *d);
/* Runs the interpreter from cpu's state, writing chunks; resumable like rv_run. */
rv_result trace_run(rv_cpu *cpu, trace_writer *tw);
/* Writes the last chunk (end flag from r) and closes the file. */
RIVET_MUST_USE rivet_status trace_writer_finish(trace_writer *tw, const rv_result *r,
                                                rivet_diag *d);
void trace_writer_free(trace_writer *tw);
/* Bytes written so far (compressed size when zstd is on) and log words written. */
uint64_t trace_writer_bytes(const trace_writer *tw);
uint64_t trace_writer_words(const trace_writer *tw);

/* Lower level, for the AOT runtime: the writer keeps the current chunk's start state and its
   read-log buffer; words are appended at *trace_writer_cursor. */
uint64_t trace_writer_threshold(const trace_writer *tw); /* 2^chunk_log2 */
/* The step at or after which the current chunk ends at the next block start. */
uint64_t trace_writer_next_cut(const trace_writer *tw);
/* Starts the first chunk from cpu's current state (step = cpu->instret, pc = cpu->h.pc). */
void trace_writer_begin(trace_writer *tw, const rv_cpu *cpu);
/* The log buffer: words go at *cur; at least `need` free words are guaranteed after the call. */
uint64_t **trace_writer_cursor(trace_writer *tw, size_t need);
/* Ends the current chunk at step `step` (cpu holds the state there) and starts the next one at
   pc. Returns false on an i/o error (recorded for trace_writer_finish). */
bool trace_writer_cut(trace_writer *tw, const rv_cpu *cpu, uint64_t step, uint64_t pc);
/* Ecall logging around a profile handler (inputs before, host-supplied results after). */
void trace_writer_ecall_pre(trace_writer *tw, rv_cpu *cpu);
/* Linux ABI: the scheduler changed the CPU state between two engine runs (end of a time slice,
   signal delivery): ends the current chunk at cpu->instret with TRACE_END_SWITCH and starts the
   next one from cpu's state. */
bool trace_writer_switch(trace_writer *tw, const rv_cpu *cpu);
/* Linux ABI: the kernel side wrote guest memory outside a syscall (signal delivery, a woken
   thread's result) since the last record: the next run must start a chunk with a switch. */
bool trace_writer_kernel_pending(const trace_writer *tw);
void trace_writer_ecall_post(trace_writer *tw, rv_cpu *cpu, rv_env_action act);

/* ---------------------------------------------------------------- reader and replayer */

typedef struct trace_chunk_stats {
    uint64_t id, start_step, steps, reads;
    uint64_t alu, mul, div, load, store, branch, jump, ecall, other;
    uint64_t pages; /* distinct 1 KiB pages of data the chunk read or wrote */
} trace_chunk_stats;

typedef struct trace_replay_opts {
    unsigned threads;     /* 0 or 1: one thread */
    bool stats;           /* fill per-chunk operation counts */
    const uint8_t *input; /* the guest input, if known: constrains reads of the input window */
    size_t input_len;
    bool have_input;
    bool no_memory_check; /* skip check 4 (cross-chunk memory): chunks and boundaries only */
    unsigned ext;         /* the ISA of the recorded run (RV_EXT_*, a --profile's); 0 = RV64GC */
    /* Linux profile: the run's argv, environment and seed are given, so the initial stack in
       chunk 0's log must be exactly the one they make */
    bool linux_args;
    int argc, envc;
    char *const *argv;
    char *const *envp;
    uint64_t seed;
} trace_replay_opts;

typedef struct trace_replay_report {
    uint64_t chunks, steps, reads;
    uint64_t extras; /* TRACE_F_PREV_CLK: previous-access clocks checked */
    int xlen;
    unsigned chunk_log2, flags;
    trace_end end;
    int64_t exit_code;
    bool ok;
    uint64_t bad_chunk; /* when !ok: the chunk that was rejected */
    char why[256];
    trace_chunk_stats *stats; /* chunks entries when opts.stats (free with free()) */
    uint8_t *output;          /* guest fd-1 bytes reproduced by the replay (free with free()) */
    size_t output_len;
} trace_replay_report;

/* Replays every chunk of the trace (trace, len) alone from its header and read log against the
   program in elf, checks each chunk's end state against the next chunk's start state and every
   logged memory word against the memory the earlier chunks (and the ELF image) imply. A
   rejected trace is a result (report->ok false, bad_chunk, why), not an error; errors are for
   unusable inputs (bad ELF, out of memory). */
RIVET_MUST_USE rivet_status trace_replay(const uint8_t *trace, size_t len, const uint8_t *elf,
                                         size_t elf_len, const trace_replay_opts *o,
                                         trace_replay_report *rep, rivet_diag *d);

/* Finds chunk records: offsets[i] of chunk i's record (header words; for zstd streams the
   length-prefixed frame). Returns the number of chunks, or 0 with d set on a framing error. */
size_t trace_index(const uint8_t *trace, size_t len, size_t **offsets, rivet_diag *d);

#endif
