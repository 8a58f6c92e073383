/* The process: creation, the ELF + initial stack loader, and the run loop that drives the
   scheduler. Memory map: the ELF at its link address, the brk heap right after it, mmap from
   MMAP_BASE up (hints anywhere below 2^47 are honoured when free), the 8 MiB main stack just
   below STACK_TOP. */
#include <limits.h>

#include "rvsys/rvs_internal.h"

#define STACK_TOP  0x3ffffff000ull
#define STACK_SIZE (8ull << 20)
#define MMAP_BASE  0x2000000000ull
#define BRK_MAX    (64ull << 30)
#define PIE_BASE   0x2aaaaaa000ull

extern const rv_env rvs_env;

rvs_linux *rvs_linux_new(const rvs_opts *opts)
{
    rvs_linux *L = calloc(1, sizeof *L);
    if (!L) return NULL;
    L->o = *opts;
    if (!L->o.quantum) L->o.quantum = 100000;
    if (!L->o.epoch_s) L->o.epoch_s = 1700000000;
    if (!L->o.ncpu) L->o.ncpu = 1;
    if (!L->o.fds_set) {
        L->o.in_fd = 0;
        L->o.out_fd = 1;
        L->o.err_fd = 2;
    }
    L->dirs = calloc(opts->ndirs + 1, sizeof *L->dirs);
    for (size_t i = 0; L->dirs && i < opts->ndirs; i++) {
        char real[PATH_MAX], g[PATH_MAX];
        const rvs_dir *d = &opts->dirs[i];
        const char *gp = d->guest ? d->guest : d->host;
        if (!realpath(d->host, real)) snprintf(real, sizeof real, "%s", d->host);
        snprintf(g, sizeof g, "/%s", gp);
        /* canonical guest path: collapse via a tiny normaliser */
        char out[PATH_MAX];
        size_t n = 0;
        for (char *s = g; *s;) {
            while (*s == '/')
                s++;
            char *e = s;
            while (*e && *e != '/')
                e++;
            size_t len = (size_t)(e - s);
            if (len && !(len == 1 && *s == '.') && !(len == 2 && s[0] == '.' && s[1] == '.') &&
                n + len + 2 < sizeof out) {
                out[n++] = '/';
                memcpy(out + n, s, len);
                n += len;
            }
            s = e;
        }
        if (!n) out[n++] = '/';
        out[n] = 0;
        L->dirs[i].host = strdup(real);
        L->dirs[i].guest = strdup(out);
    }
    L->o.dirs = L->dirs;
    for (int r = 0; r < 16; r++)
        L->rlim[r][0] = L->rlim[r][1] = UINT64_MAX;
    L->rlim[3][0] = STACK_SIZE;                  /* STACK */
    L->rlim[7][0] = L->rlim[7][1] = RVS_MAX_FDS; /* NOFILE */
    L->rng = L->o.seed ^ 0x72697665742d6c78ull;
    L->next_tid = 1000;
    L->next_port = 40000;
    rvs_fs_init(L);
    return L;
}

void rvs_linux_free(rvs_linux *L)
{
    if (!L) return;
    rvs_fs_free(L);
    for (size_t i = 0; i < L->nth; i++)
        free(L->th[i]);
    free(L->th);
    for (size_t i = 0; i < RVS_NSYS; i++)
        free(L->sys[i].pat);
    for (size_t i = 0; L->dirs && i < L->o.ndirs; i++) {
        free((char *)L->dirs[i].host);
        free((char *)L->dirs[i].guest);
    }
    free(L->dirs);
    free(L->exe);
    free(L);
}

bool rvs_linux_deadlocked(const rvs_linux *L)
{
    return L->deadlock;
}

/* Copies a string to the top of the stack area growing down; returns its guest address. A
   failed write clears *ok. */
static uint64_t push_str(rv_mem *mem, uint64_t *sp, const char *s, bool *ok)
{
    size_t n = strlen(s) + 1;
    *sp -= n;
    *ok &= rv_mem_write(mem, *sp, s, n);
    return *sp;
}

rivet_status rvs_linux_load(rvs_linux *L, rv_mem *mem, rv_cpu *cpu, const uint8_t *elf, size_t len,
                            int argc, char *const argv[], int envc, char *const envp[],
                            rivet_diag *d)
{
    rv_elf_opts eo = {.pie_base = PIE_BASE, .allow_wx = true};
    rv_elf_info info;
    rivet_status st = rv_elf_load(mem, elf, len, &eo, &info, d);
    if (st) return st;
    if (info.xlen != 64)
        return rivet_fail(d, RIVET_EUNSUPPORTED, RIVET_NOPOS, "--abi linux needs an RV64 ELF");
    L->mem = mem;
    L->cpu = cpu;
    if (!(L->exe = malloc(len ? len : 1))) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "oom");
    memcpy(L->exe, elf, len);
    L->exe_len = len;
    /* /proc/self/exe: argv[0] made absolute against the guest's "/" */
    const char *a0 = argc > 0 ? argv[0] : "prog";
    while (a0[0] == '.' && a0[1] == '/')
        a0 += 2;
    snprintf(L->exe_path, sizeof L->exe_path, "%s%s", a0[0] == '/' ? "" : "/", a0);

    L->brk_base = L->brk_cur = (info.hi + RV_PAGE_SIZE - 1) & ~(uint64_t)(RV_PAGE_SIZE - 1);
    L->brk_max = L->brk_base + BRK_MAX < MMAP_BASE ? L->brk_base + BRK_MAX : MMAP_BASE;
    L->mmap_base = L->brk_max > MMAP_BASE ? L->brk_max : MMAP_BASE;
    L->mmap_limit = STACK_TOP - STACK_SIZE - (1ull << 30);

    st = rv_mem_map(mem, STACK_TOP - STACK_SIZE, STACK_SIZE, RV_PROT_R | RV_PROT_W, d);
    if (st) return st;
    /* the signal return trampoline, just above the stack: li a7, rt_sigreturn; ecall */
    static const uint32_t tramp[2] = {0x00000893u | (uint32_t)RVS_NR_rt_sigreturn << 20,
                                      0x00000073};
    st = rv_mem_map(mem, STACK_TOP, RV_PAGE_SIZE, RV_PROT_R | RV_PROT_X, d);
    if (st) return st;
    bool ok = rv_mem_write(mem, STACK_TOP, tramp, sizeof tramp); /* false once a write fails */
    L->sigreturn_pc = STACK_TOP;
    uint64_t sp = STACK_TOP;
    uint8_t rnd[16];
    for (int i = 0; i < 16; i += 8) {
        uint64_t r = rvs_rand64(L);
        memcpy(rnd + i, &r, 8);
    }
    sp -= 16;
    uint64_t at_random = sp;
    ok &= rv_mem_write(mem, sp, rnd, 16);
    uint64_t execfn = push_str(mem, &sp, L->exe_path, &ok);
    uint64_t *ptrs = calloc((size_t)argc + (size_t)envc + 2, sizeof *ptrs);
    if (!ptrs) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "oom");
    for (int i = argc - 1; i >= 0; i--)
        ptrs[i] = push_str(mem, &sp, argv[i], &ok);
    for (int i = envc - 1; i >= 0; i--)
        ptrs[argc + 1 + i] = push_str(mem, &sp, envp[i], &ok);
    uint64_t aux[][2] = {
        {3, info.phdr},  {4, info.phent}, {5, info.phnum}, {6, RV_PAGE_SIZE}, {7, 0},  {8, 0},
        {9, info.entry}, {11, 0},         {12, 0},         {13, 0},           {14, 0}, {16, 0x112d},
        {17, 100},       {23, 0},         {25, at_random}, {31, execfn},      {0, 0},
    };
    size_t naux = sizeof aux / sizeof aux[0];
    size_t words = 1 + (size_t)argc + 1 + (size_t)envc + 1 + 2 * naux;
    sp = (sp - 8 * words) & ~(uint64_t)15;
    uint64_t p = sp, v = (uint64_t)argc;
    ok &= rv_mem_write(mem, p, &v, 8);
    p += 8;
    for (int i = 0; i <= argc; i++, p += 8)
        ok &= rv_mem_write(mem, p, &ptrs[i], 8);
    for (int i = 0; i <= envc; i++, p += 8)
        ok &= rv_mem_write(mem, p, &ptrs[argc + 1 + i], 8);
    for (size_t i = 0; i < naux; i++, p += 16) {
        if (aux[i][0] == 3 && !info.phdr) aux[i][0] = 7; /* no phdr: a harmless AT_BASE */
        ok &= rv_mem_write(mem, p, aux[i], 16);
    }
    free(ptrs);
    if (!ok)
        return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS,
                          "arguments and environment do not fit the guest stack");

    memset(&cpu->h, 0, sizeof cpu->h);
    cpu->h.x[2] = sp;
    cpu->h.pc = info.entry;
    cpu->env = &rvs_env;
    cpu->env_ctx = L;
    rvs_thread *t = rvs_thread_new(L);
    if (!t) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "oom");
    L->cur = 0;
    L->slice_end = cpu->instret + L->o.quantum;
    return RIVET_OK;
}

uint64_t rvs_linux_tid(const rvs_linux *L)
{
    return L->nth ? (uint64_t)L->th[L->cur]->tid : 0;
}

uint64_t rvs_linux_sigreturn_pc(const rvs_linux *L)
{
    return L->sigreturn_pc;
}

void rvs_linux_set_engine(rvs_linux *L, rvs_engine_fn fn, void *ctx)
{
    L->engine = fn;
    L->engine_ctx = ctx;
}

rv_result rvs_linux_run(rvs_linux *L, rv_cpu *cpu)
{
    const uint64_t user = cpu->limit;
    for (;;) {
        rvs_signal_deliver(L, cpu);
        if (L->exited)
            return (rv_result){.stop = RV_STOP_EXIT,
                               .exit_code = L->exit_code,
                               .pc = cpu->h.pc,
                               .instret = cpu->instret};
        cpu->limit = L->slice_end < user ? L->slice_end : user;
        /* returning from the "kernel" (a slice end, a switch, a signal) drops the lr
           reservation, as Linux does on every return to user mode: no thread's sc can succeed
           on a reservation taken before the scheduler ran (and traces can start a chunk here) */
        cpu->h.resv_valid = false;
        rv_result r = L->engine ? L->engine(cpu, L->engine_ctx) : rv_run(cpu);
        cpu->limit = user;
        switch (r.stop) {
        case RV_STOP_EXIT: return r;
        case RV_STOP_TRAP:
            if (L->deadlock || !rvs_signal_fault(L, cpu, &r)) return r;
            break;
        case RV_STOP_ECALL: break; /* a thread switch */
        case RV_STOP_LIMIT:
            if (cpu->instret >= user) return r;
            rvs_yield(L, cpu);
            break;
        }
        L->slice_end = cpu->instret + L->o.quantum;
    }
}
