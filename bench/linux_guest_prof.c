/* linux_guest_prof: a pc profile of a Linux-ABI guest run (bench/geth_guest --profile).
   Runs ELF like `rivet exec --abi linux` (same deterministic ABI; the guest's stdout and stderr
   go to this program's stderr), stopping every PERIOD instructions (an engine that steps rv_run
   under the scheduler) to record the pc about to run, and writes "instret N" then one line "pc_hex
   samples" per pc to OUT (stdout by default). PERIOD 1 gives exact per-instruction counts; the
   caller maps pcs to functions with the ELF's symbols. The samples are taken across all guest
   threads (one hart), so scheduler, GC worker and signal-handler instructions are included.
   --ecalls FILE also writes one binary record per syscall, for the census's unwinder
   (scripts/syscall_census.py): u64 nr, pc of the ecall, ra, sp, tid, n, then the n stack words
   from sp up (n <= 512, fewer where the stack mapping ends).

   usage: linux_guest_prof [-p PERIOD] [-o OUT] [--ecalls FILE] [--dir HOST:GUEST]...
                           [--env K=V]... [--seed N] ELF [args...] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/bytes.h"
#include "rivet/rvsys.h"

typedef struct pc_count {
    uint64_t pc, n;
} pc_count;

/* Open-addressing table of pc -> samples. */
typedef struct pc_table {
    pc_count *e;
    size_t cap, used;
} pc_table;

static size_t slot(uint64_t pc, size_t cap)
{
    return (size_t)(pc * 0x9e3779b97f4a7c15ull >> 20) & (cap - 1);
}

static int table_add(pc_table *t, uint64_t pc)
{
    if (2 * (t->used + 1) > t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 1 << 16;
        pc_table g = {calloc(cap, sizeof(pc_count)), cap, 0};
        if (!g.e) return -1;
        for (size_t i = 0; i < t->cap; i++)
            if (t->e[i].n) {
                size_t j = slot(t->e[i].pc, g.cap);
                while (g.e[j].n)
                    j = (j + 1) & (g.cap - 1);
                g.e[j] = t->e[i];
                g.used++;
            }
        free(t->e);
        *t = g;
    }
    size_t j = slot(pc, t->cap);
    while (t->e[j].n && t->e[j].pc != pc)
        j = (j + 1) & (t->cap - 1);
    if (!t->e[j].n) t->e[j].pc = pc, t->used++;
    t->e[j].n++;
    return 0;
}

/* The engine rvs_linux_run drives (rvs_linux_set_engine): rv_run in steps of PERIOD
   instructions up to the scheduler's limit, sampling the pc before each step. Stepping inside
   the engine keeps the scheduler out of the way (it drops LR/SC reservations whenever it runs). */
typedef struct prof_ctx {
    pc_table *t;
    uint64_t period;
    int oom;
} prof_ctx;

static rv_result prof_engine(rv_cpu *cpu, void *ctx)
{
    prof_ctx *p = ctx;
    const uint64_t end = cpu->limit;
    for (;;) {
        if (table_add(p->t, cpu->h.pc)) {
            p->oom = 1;
            return (rv_result){.stop = RV_STOP_EXIT, .exit_code = 1, .instret = cpu->instret};
        }
        uint64_t next = cpu->instret + p->period;
        cpu->limit = next < end ? next : end;
        rv_result r = rv_run(cpu);
        cpu->limit = end;
        if (r.stop != RV_STOP_LIMIT || cpu->instret >= end) return r;
    }
}

/* --ecalls: the Linux ABI's ecall handler, wrapped to log the caller's registers and stack. */
static const rv_env *sys_env;
static FILE *ecall_log;
static rvs_linux *ecall_L;

static rv_env_action log_ecall(rv_cpu *cpu)
{
    enum { MAXW = 512 };
    uint64_t rec[6 + MAXW];
    uint64_t sp = cpu->h.x[2], n = 0;
    while (n < MAXW && rv_mem_read(cpu->mem, sp + 8 * n, &rec[6 + n], 8))
        n++;
    rec[0] = cpu->h.x[17];
    rec[1] = cpu->h.pc - 4;
    rec[2] = cpu->h.x[1];
    rec[3] = sp;
    rec[4] = rvs_linux_tid(ecall_L);
    rec[5] = n;
    fwrite(rec, 8, 6 + n, ecall_log);
    return sys_env->ecall(cpu);
}

static rv_env logging_env;

int main(int argc, char **argv)
{
    uint64_t period = 1;
    const char *out_path = NULL;
    rvs_dir dirs[16];
    char *envs[64];
    int nenv = 0;
    rvs_opts o = {0};
    o.dirs = dirs;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (i + 1 >= argc) break;
        if (!strcmp(argv[i], "-p")) {
            period = strtoull(argv[++i], NULL, 0);
        } else if (!strcmp(argv[i], "-o")) {
            out_path = argv[++i];
        } else if (!strcmp(argv[i], "--ecalls")) {
            if (!(ecall_log = fopen(argv[++i], "wb"))) {
                perror(argv[i]);
                return 1;
            }
        } else if (!strcmp(argv[i], "--seed")) {
            o.seed = strtoull(argv[++i], NULL, 0);
        } else if (!strcmp(argv[i], "--dir") && o.ndirs < 16) {
            char *v = argv[++i], *colon = strchr(v, ':');
            if (colon) *colon = 0;
            dirs[o.ndirs++] = (rvs_dir){v, colon ? colon + 1 : NULL};
        } else if (!strcmp(argv[i], "--env") && nenv < 63) {
            envs[nenv++] = argv[++i];
        } else {
            break;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "usage: linux_guest_prof [-p PERIOD] [-o OUT] [--dir HOST:GUEST]... "
                        "[--env K=V]... [--seed N] ELF [args...]\n");
        return 2;
    }
    envs[nenv] = NULL;
    if (!period) period = 1;
    FILE *out = out_path ? fopen(out_path, "w") : stdout;
    if (!out) {
        perror(out_path);
        return 1;
    }
    o.fds_set = true;
    o.in_fd = 0;
    o.out_fd = 2;
    o.err_fd = 2;
    rivet_diag d;
    rivet_diag_clear(&d);
    uint8_t *elf = NULL;
    size_t elf_len = 0;
    if (file_read_all(argv[i], &elf, &elf_len, &d)) {
        fprintf(stderr, "linux_guest_prof: %s\n", d.msg);
        return 1;
    }
    rv_mem *mem = rv_mem_new();
    rvs_linux *L = rvs_linux_new(&o);
    rv_cpu cpu;
    rv_cpu_init(&cpu, mem, 64, RV_EXT_GC);
    int rc = 1;
    pc_table t = {0};
    if (!mem || !L ||
        rvs_linux_load(L, mem, &cpu, elf, elf_len, argc - i, argv + i, nenv, envs, &d)) {
        fprintf(stderr, "linux_guest_prof: %s\n", mem && L ? d.msg : "out of memory");
        goto done;
    }
    if (ecall_log) {
        sys_env = cpu.env;
        ecall_L = L;
        logging_env = *sys_env;
        logging_env.ecall = log_ecall;
        cpu.env = &logging_env;
    }
    prof_ctx pc = {&t, period, 0};
    rvs_linux_set_engine(L, prof_engine, &pc);
    rv_result r = rvs_linux_run(L, &cpu);
    if (pc.oom) goto done;
    if (r.stop != RV_STOP_EXIT) {
        fprintf(stderr, "linux_guest_prof: the guest stopped with %d\n", (int)r.stop);
        goto done;
    }
    fprintf(out, "instret %llu\n", (unsigned long long)cpu.instret);
    for (size_t k = 0; k < t.cap; k++)
        if (t.e[k].n)
            fprintf(out, "%llx %llu\n", (unsigned long long)t.e[k].pc,
                    (unsigned long long)t.e[k].n);
    rc = r.exit_code ? 3 : 0;
done:
    if (out != stdout) fclose(out);
    if (ecall_log) fclose(ecall_log);
    free(t.e);
    rvs_linux_free(L);
    rv_mem_free(mem);
    free(elf);
    return rc;
}
