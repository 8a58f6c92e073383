/* Linux ABI for the RISC-V emulator (--abi linux): a minimal, deterministic Linux user space
   for unmodified static glibc and Go binaries.

   - rvs_linux_load maps the ELF, builds the initial stack (argc, argv, envp, auxv with AT_PAGESZ,
     a seeded AT_RANDOM, AT_PHDR/PHENT/PHNUM/ENTRY, AT_HWCAP) and installs the ecall handler;
   - rvs_linux_run runs every guest thread on the one hart under a deterministic scheduler
     (fixed instruction quantum; when every thread waits, virtual time jumps to the next
     deadline) until the process exits or faults;
   - files: stdin/stdout/stderr plus an explicit read-only view of host directories
     (--dir HOST[:GUEST]); writes go to an in-memory overlay unless dir_rw is set;
   - every syscall is counted with the argument patterns that matter (the census); unknown
     syscalls return -ENOSYS and are listed as unsupported.
   Everything the guest can observe is a function of the inputs: the ELF, argv, envp, the
   exposed files, stdin, the seed and the options below. */
#ifndef RIVET_RVSYS_H
#define RIVET_RVSYS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "rivet/rv.h"
#include "rivet/status.h"

typedef struct rvs_dir {
    const char *host;  /* host directory */
    const char *guest; /* absolute guest path; NULL: the host path (relative: under "/") */
} rvs_dir;

typedef struct rvs_opts {
    const rvs_dir *dirs;
    size_t ndirs;
    bool dir_rw;               /* writes reach the host files (else an in-memory overlay) */
    uint64_t seed;             /* AT_RANDOM and getrandom */
    unsigned ncpu;             /* CPUs reported by sched_getaffinity; 0 = 1 */
    uint64_t quantum;          /* instructions per time slice; 0 = 100000 */
    uint64_t epoch_s;          /* CLOCK_REALTIME at start; 0 = 1700000000 */
    const char *cwd;           /* guest working directory; NULL = "/" */
    int in_fd, out_fd, err_fd; /* host fds behind guest 0, 1, 2 (set all three) */
    bool fds_set;              /* false: 0, 1, 2 */
} rvs_opts;

typedef struct rvs_linux rvs_linux;

rvs_linux *rvs_linux_new(const rvs_opts *opts);
void rvs_linux_free(rvs_linux *L);

/* Loads a static riscv64 ELF into mem, sets up the first thread in cpu (registers, stack) and
   installs the environment on cpu. argv[0] is also the path of /proc/self/exe. */
RIVET_MUST_USE rivet_status rvs_linux_load(rvs_linux *L, rv_mem *mem, rv_cpu *cpu,
                                           const uint8_t *elf, size_t len, int argc,
                                           char *const argv[], int envc, char *const envp[],
                                           rivet_diag *d);

/* Runs until the process exits (RV_STOP_EXIT with the exit status; a fatal signal gives
   128 + signal), a fault (RV_STOP_TRAP), a deadlock (RV_STOP_TRAP with cause ECALL and
   rvs_linux_deadlocked true) or cpu->limit (RV_STOP_LIMIT; call again to continue). */
rv_result rvs_linux_run(rvs_linux *L, rv_cpu *cpu);
/* The engine rvs_linux_run drives instead of rv_run (the trace writer, the AOT translation):
   it must run cpu like rv_run, stopping exactly when cpu->instret reaches cpu->limit (the
   scheduler's time slice) and calling cpu->env on ecalls. NULL fn: rv_run. */
typedef rv_result (*rvs_engine_fn)(rv_cpu *cpu, void *ctx);
void rvs_linux_set_engine(rvs_linux *L, rvs_engine_fn fn, void *ctx);
bool rvs_linux_deadlocked(const rvs_linux *L);
/* The thread id of the running thread (the Linux trace profile logs it at every switch). */
uint64_t rvs_linux_tid(const rvs_linux *L);
/* The signal-return trampoline: a signal handler is entered with ra pointing there. */
uint64_t rvs_linux_sigreturn_pc(const rvs_linux *L);
/* rt_sigreturn with stack pointer sp reads the ucontext at [*addr, *addr + RVS_SIGRETURN_LEN)
   and restores pc, x1..x31, f0..f31 and fcsr from it (rvs_sigreturn_state). */
enum { RVS_NR_RT_SIGRETURN = 139, RVS_SIGRETURN_LEN = 176 + 256 + 528 };
uint64_t rvs_sigreturn_addr(uint64_t sp);
void rvs_sigreturn_state(const uint8_t uc[RVS_SIGRETURN_LEN], rv_hart *h);

/* The census: every syscall with its count and argument patterns, plus the unsupported ones.
   JSON: {"syscalls":[{"nr":..,"name":..,"count":..,"patterns":{..}}...],"unsupported":[...],
   "threads":N,"total":N}. Text: one line per syscall. Deterministic order (by number). */
void rvs_census_json(const rvs_linux *L, FILE *out);
void rvs_census_text(const rvs_linux *L, FILE *out);
/* Number of distinct unsupported syscalls that were called. */
size_t rvs_census_unsupported(const rvs_linux *L);

#endif
