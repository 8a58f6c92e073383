/* Ahead-of-time RISC-V -> x86-64 translator (design: docs/universal-translator.md).

   The whole executable image is decoded by linear sweep and emitted as one GNU as (Intel
   syntax) file: one label per guest instruction, hot guest registers pinned in host registers,
   guest memory at the same addresses in the host (the rv_mem regions are moved there), direct
   jumps for static control flow, a table of host addresses per guest halfword for jalr, exact
   step counting per straight-line segment, and the minimal-trace hooks (a store and an
   increment per logged word). Ecalls and instructions without a template (F/D, CSRs, atomics,
   fence.i, illegal encodings) run one step of the interpreter through a trampoline, so they
   behave exactly as under rv_run (same ecall handlers, same trace records).

   The assembly is assembled with `as` and linked with `ld -shared` into a temporary directory,
   then dlopen'ed. RV64 only. */
#ifndef RIVET_AOT_H
#define RIVET_AOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/rv.h"
#include "rivet/status.h"
#include "rivet/trace.h"

typedef struct aot_opts {
    bool trace;           /* emit the trace hooks (run with a trace_writer) */
    const char *keep_asm; /* if set, also write the assembly here */
} aot_opts;

typedef struct aot_info {
    uint64_t insns;      /* instructions statically reachable from the entry */
    uint64_t translated; /* ... of which with an x86 template (the rest run one interpreter step) */
    uint64_t segments;   /* counting segments */
    uint64_t pinned;     /* guest registers held in host registers */
    uint64_t asm_bytes;  /* size of the assembly text */
    double t_translate;  /* seconds: decode + emit */
    double t_assemble;   /* seconds: as + ld */
    double t_load;       /* seconds: dlopen + moving guest memory */
    uint64_t stepped;    /* instructions run as interpreter steps by aot_run so far */
} aot_info;

typedef struct aot_program aot_program;

/* Translates the program loaded in cpu->mem (set up by a profile; cpu->h.pc is the entry). */
RIVET_MUST_USE rivet_status aot_translate(aot_program **p, const rv_cpu *cpu, const aot_opts *o,
                                          rivet_diag *d);
/* Assembles, links and loads the translation. */
RIVET_MUST_USE rivet_status aot_load(aot_program *p, rivet_diag *d);
/* Runs from cpu's state until the guest exits or traps (or cpu->limit is passed: the run stops
   at the first block end at or after it). Moves cpu->mem's regions to their guest addresses
   in the host on first use. With tw (and a translation made with opts.trace) writes the trace;
   trace_writer_begin must have been called. A memory fault inside translated code gives the
   interpreter's trap result (cause, pc, address, step count, registers). */
rv_result aot_run(aot_program *p, rv_cpu *cpu, trace_writer *tw);
const aot_info *aot_program_info(const aot_program *p);

/* ---------------------------------------------------------------- target zkVM profiles */

typedef enum { AOT_EXTRA_NONE, AOT_EXTRA_PREV_CLK, AOT_EXTRA_PAGES } aot_extra;

/* One descriptor per target zkVM profile (RV_ZKVM_PROFILE_LIST, include/rivet/rv_zkvm.h). */
typedef struct aot_profile {
    const char *name, *what;
    int xlen;           /* 0: from the ELF class */
    unsigned ext;       /* RV_EXT_* the zkVM proves; the rest decodes as illegal */
    uint64_t text_base; /* code address of its memory map */
    rv_zkvm_abi abi;    /* the profile row (RV_ZKVM_PROFILE_LIST) */
    unsigned cost;      /* prover cycles per instruction */
    aot_extra extra;    /* what its trace records beyond the minimal trace */
} aot_profile;

/* The profile called name, or NULL. */
const aot_profile *aot_profile_find(const char *name);
/* Profiles in table order; NULL past the end. */
const aot_profile *aot_profile_at(unsigned i);
void aot_free(aot_program *p);

#endif
