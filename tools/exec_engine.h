/* The engines behind `rivet exec`: the interpreter, the interpreter writing a minimal trace
   (--trace), the ahead-of-time translator (--aot, optionally with --trace). Owned by the trace
   layer; cmd_exec.c only parses the options into exec_engine and calls exec_engine_run. */
#ifndef RIVET_TOOLS_EXEC_ENGINE_H
#define RIVET_TOOLS_EXEC_ENGINE_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/rv.h"
#include "rivet/rv_zkvm.h"

typedef struct exec_engine {
    const char *trace_path; /* --trace FILE */
    unsigned chunk_log2;    /* --chunk-log2 N (0 = default) */
    bool zstd;              /* --zstd */
    bool aot;               /* --aot */
    const char *profile;    /* --profile NAME (RV_ZKVM_PROFILE_LIST) */
    bool failed;            /* set when the engine itself failed (message printed) */
    /* --aot under --abi linux, filled by exec_engine_run_linux: the translation's figures and
       the host seconds of the run itself (after loading), wall and CPU */
    bool have_aot_info;
    struct aot_info_copy {
        uint64_t insns, translated, asm_bytes;
        double t_translate, t_assemble, t_load, t_run, t_run_cpu;
    } aot_info;
} exec_engine;

#define EXEC_ENGINE_USAGE                                                                          \
    "  --trace FILE   write the minimal trace (docs/trace-format.md) to FILE\n"                    \
    "  --chunk-log2 N chunks of at least 2^N steps (default 18)\n"                                 \
    "  --zstd         compress trace chunks with zstd\n"                                           \
    "  --aot          translate the program to x86-64 ahead of time and run that\n"                \
    "  --profile NAME a target zkVM (docs/universal-translator.md): its vendor binaries under "    \
    "sp1,\n"                                                                                       \
    "                 risc0, openvm, airbender (zisk); rivet's map with a vendor's calls under\n"  \
    "                 zisk-like, sp1-like, risc0-like; rivet (default)\n"

/* The run's outcome as {"stop", "exit_code" | "cause", "pc", "tval", "instret"} in o. */
struct json_t;
void exec_result_json(struct json_t *o, const rv_result *r);
/* Runs the translation p of cpu (trace to tw when non-NULL) where a store to a device page
   (ZisK's UART, read-only to translated code) faults: that one instruction runs on the
   interpreter, then the translation goes on. */
struct aot_program;
struct trace_writer;
rv_result exec_aot_devices(struct aot_program *p, rv_cpu *cpu, struct trace_writer *tw);

/* Handles the engine options (getopt codes 'T', 'C', 'Z', 'A', 'P'); false if c is not one. */
bool exec_engine_option(exec_engine *e, int c, const char *arg);
/* True when the ELF's float ABI is not soft (its chunks then carry f0..f31 and fcsr). */
/* The instruction mix (rv_stats.mix) as a JSON array of [mnemonic, count], most frequent first;
   with text non-NULL also printed there as a table with percentages of total. */
struct json_t;
struct json_t *exec_mix_json(const uint64_t *mix, FILE *text, uint64_t total);
bool exec_elf_uses_float(const uint8_t *elf, size_t len);
/* The --profile cost model of a run of steps instructions: {"profile", "per_instruction",
   "cycles"} (prover cycles: ZisK steps, SP1 clk, RISC Zero rows without paging); with text
   non-NULL also printed there. NULL without --profile. */
struct json_t *exec_cost_json(const exec_engine *e, uint64_t steps, FILE *text);
/* Applies --profile to cpu (its ISA subset); false with a message when it does not fit. */
bool exec_engine_profile(exec_engine *e, rv_cpu *cpu);
/* The accelerator ABI of --profile (rivet's without one). */
rv_zkvm_abi exec_engine_abi(const exec_engine *e);
/* Sets the trace extras of the selected profile in o (SP1's previous-access clocks, which the
   writer derives by replaying each chunk of elf). */
struct trace_opts;
void exec_engine_trace_extras(const exec_engine *e, struct trace_opts *o, const uint8_t *elf,
                              size_t len);
/* Runs cpu (set up by the zkVM profile, elf its program) on the selected engine, with the
   accelerator ABI of --profile. */
rv_result exec_engine_run(exec_engine *e, rv_cpu *cpu, const uint8_t *elf, size_t elf_len);
/* Runs the Linux process L (loaded into cpu) on the selected engine: the scheduler drives the
   interpreter or the translation slice by slice (both stop exactly at the slice end). */
struct rvs_linux;
rv_result exec_engine_run_linux(exec_engine *e, rv_cpu *cpu, struct rvs_linux *L,
                                const uint8_t *elf, size_t elf_len);
/* With --aot (after exec_engine_run_linux): {"instructions", "translated", "asm_bytes",
   "translate_s", "assemble_s", "load_s", "run_s", "run_cpu_s"} (host seconds: not deterministic,
   reported by --stats only); with text non-NULL also printed there. NULL without --aot. */
struct json_t *exec_aot_json(const exec_engine *e, uint64_t steps, FILE *text);

#endif
