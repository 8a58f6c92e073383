/* The chunk replayer: the one interpreter body instantiated with hooks that take every value
   read from memory out of the chunk's read log instead (placing it into a scratch memory whose
   contents are otherwise never trusted), with the chunk-local consistency check. The driver
   (trace_replay.c) runs chunks on worker threads and does the cross-chunk checks. */
#include <stdlib.h>

#include "trace/trace_replay_chunk.h"

static _Thread_local rp_thread *cur_rp;

enum { /* riscv64 Linux syscalls */
       NR_READ = 63,
       NR_PREAD64 = 67,
       NR_BRK = 214,
       NR_MUNMAP = 215,
       NR_CLONE = 220,
       NR_MMAP = 222,
       NR_CLONE3 = 435
};

static uint64_t page_up(uint64_t a)
{
    return (a + RV_PAGE_SIZE - 1) & ~(uint64_t)(RV_PAGE_SIZE - 1);
}

/* The kernel block of a successful read, mmap, munmap or brk must be what its arguments and
   result imply: the data at the buffer, the zero range at the result or the arguments. */
static bool kernel_matches(const rp_thread *t, uint64_t nr, const uint64_t arg[2], uint64_t res)
{
    uint64_t kind = t->kn ? t->k0[0] : 0, a = t->k0[1], n = t->k0[2];
    switch (nr) {
    case NR_READ:
    case NR_PREAD64:
        return (int64_t)res <= 0 || (kind == TRACE_KW_BYTES && a == arg[1] && n == res);
    case NR_MMAP:
        return res >= (1ull << 47) || (kind == TRACE_KW_ZERO && a == res && n == page_up(arg[1]));
    case NR_MUNMAP: return res || (kind == TRACE_KW_ZERO && a == arg[0] && n == page_up(arg[1]));
    case NR_BRK:
        return !t->kn || (kind == TRACE_KW_ZERO && (a + n == page_up(res) || a == page_up(res)));
    default: return true;
    }
}

static bool fail(rp_thread *t, const char *fmt, unsigned long long a, unsigned long long b)
{
    if (!t->bad) snprintf(t->why, sizeof t->why, fmt, a, b);
    t->bad = true;
    return false;
}

/* Linux profile: the run's mappings are not in the trace, so a page the chunk touches is mapped
   (read-write, zero) in the scratch memory on first use; its words come from the log. */
static bool map_page(rp_thread *t, uint64_t a)
{
    uint64_t pg = a & ~(uint64_t)(RV_PAGE_SIZE - 1);
    return !rv_mem_ptr(t->mem, a, 1, 0) &&
           rv_mem_map(t->mem, pg, RV_PAGE_SIZE, RV_PROT_R | RV_PROT_W, NULL) == RIVET_OK;
}

/* The chunk's entry for the aligned word at w. A word first touched after the kernel side
   zeroed its range in this chunk is known: zero, written by the chunk. */
static trace_went *went(rp_thread *t, uint64_t w)
{
    trace_went *e = trace_wmap_get(&t->cm, w);
    if (!e || e->known || !t->nzr) return e;
    for (size_t i = 0; i < t->nzr; i++)
        if (w - t->zr[i][0] < t->zr[i][1]) {
            static const uint64_t zero;
            if (!rv_mem_write(t->mem, w, &zero, 8)) {
                /* the range was unmapped, not zeroed: nothing to write */
            }
            e->known = e->wr = 0xff;
            break;
        }
    return e;
}

/* Consumes the log word for the aligned word at w (if the writer logged one: it logs exactly
   the mapped words), checks it against what this chunk already knows and places it. */
static bool take_word(rp_thread *t, uint64_t w)
{
    rv_mem *mem = t->mem;
    uint8_t *host;
    bool data = false; /* writable pages without decoded code are never program image */
    if (RV_TLB_HIT(mem->wtlb, w, 8)) {
        host = RV_TLB_HOST(mem->wtlb, w);
        data = true;
    } else if (RV_TLB_HIT(mem->rtlb, w, 8)) {
        host = RV_TLB_HOST(mem->rtlb, w);
    } else if (!(host = rv_mem_ptr(mem, w, 8, 0))) {
        if (!t->on_linux || !map_page(t, w)) return true;
        host = rv_mem_ptr(mem, w, 8, 0);
    }
    if (t->pos >= t->n) return fail(t, "read log exhausted at the access to 0x%llx%.0llu", w, 0);
    uint64_t v = t->log[t->pos++], cur;
    if (t->trusted) { /* the writer's own log: place it, nothing to check */
        memcpy(host, &v, 8);
        return true;
    }
    if (!data && (rv_mem_prot(mem, w) & RV_PROT_X)) { /* program image: never replaced */
        memcpy(&cur, host, 8);
        if (v != cur)
            return fail(t, "read-log word for 0x%llx disagrees with the program (0x%llx)", w, v);
        return true;
    }
    trace_went *e = went(t, w);
    if (!e) return fail(t, "out of memory%.0llu%.0llu", 0, 0);
    memcpy(&cur, host, 8);
    if ((cur ^ v) & trace_mask64(e->known))
        return fail(t, "read-log word for 0x%llx (0x%llx) disagrees with the chunk's own accesses",
                    w, v);
    uint8_t nb = (uint8_t)~e->known;
    if (nb) {
        uint64_t m = trace_mask64(nb);
        e->in |= nb;
        e->val = (e->val & ~m) | (v & m);
        e->known = 0xff;
    }
    memcpy(host, &v, 8);
    return true;
}

static bool take_access(rp_thread *t, uint64_t a, unsigned size)
{
    uint64_t w0 = trace_w0(a), w1 = trace_w1(a, size);
    return take_word(t, w0) && (w1 == w0 || take_word(t, w1));
}

static bool mark_written(rp_thread *t, uint64_t a, uint64_t n)
{
    if (!n || t->trusted) return true;
    for (uint64_t w = trace_w0(a), last = trace_w0(a + n - 1);; w += 8) {
        trace_went *e = went(t, w);
        if (!e) return fail(t, "out of memory%.0llu%.0llu", 0, 0);
        uint8_t m = trace_bytes(w, a, n);
        e->known |= m;
        e->wr |= m;
        if (w == last) break;
    }
    return true;
}

static bool store_hook(rp_thread *t, uint64_t a, unsigned size)
{
    if (t->on_linux) {
        map_page(t, a);
        map_page(t, a + size - 1);
    }
    if (trace_store_logged(a, size) && !take_access(t, a, size)) return false;
    return mark_written(t, a, size);
}

static bool ecall_pre(rp_thread *t, rv_cpu *cpu)
{
    if (t->on_linux) return true;
    trace_range r[TRACE_MAX_RANGES];
    unsigned n = trace_ecall_inputs(cpu, r);
    uint64_t clk = TRACE_CLK_INC * (cpu->instret - 1) + TRACE_SLOT_MEM;
    for (unsigned i = 0; i < n; i++) {
        if (!r[i].n) continue;
        uint64_t last = trace_w0(r[i].a + r[i].n - 1);
        for (uint64_t w = trace_w0(r[i].a); rv_mem_ptr(t->mem, w, 8, 0); w += 8) {
            if (!take_word(t, w)) return false;
            if (t->acc) trace_acc_add(t->acc, w, 8, clk);
            if (w == last) break;
        }
        n = trace_ecall_inputs(cpu, r); /* later ranges may be pointers held by this one */
    }
    if (trace_ecall_vendor_host(cpu)) {
        if (t->pos >= t->n) return fail(t, "read log exhausted at a host call%.0llu%.0llu", 0, 0);
        uint64_t k = t->log[t->pos++], nw = (k + 7) / 8;
        if (nw > t->n - t->pos)
            return fail(t, "host call of %llu bytes runs past the read log%.0llu", k, 0);
        t->z.host_feed = k ? (const uint8_t *)(t->log + t->pos) : (const uint8_t *)"";
        t->z.host_feed_len = (size_t)k;
        t->z.host_feed_pos = 0;
        t->pos += nw;
    }
    if (trace_ecall_host_read(cpu)) {
        if (t->pos >= t->n) return fail(t, "read log exhausted at a host read%.0llu%.0llu", 0, 0);
        uint64_t k = t->log[t->pos++], nw = (k + 7) / 8;
        if (nw > t->n - t->pos)
            return fail(t, "host read of %llu bytes runs past the read log%.0llu", k, 0);
        t->z.input = (const uint8_t *)(t->log + t->pos);
        t->z.input_len = (size_t)k;
        t->z.input_pos = 0;
        t->pos += nw;
    }
    return true;
}

static bool ecall_post(rp_thread *t, rv_cpu *cpu, rv_env_action act)
{
    if (t->on_linux) return true;
    trace_range r[TRACE_MAX_RANGES];
    unsigned n = trace_ecall_outputs(cpu, act, r);
    for (unsigned i = 0; i < n; i++) {
        if (!mark_written(t, r[i].a, r[i].n)) return false;
        if (t->acc && r[i].n)
            trace_acc_add(t->acc, r[i].a, r[i].n,
                          TRACE_CLK_INC * (cpu->instret - 1) + TRACE_SLOT_WRITE);
    }
    t->z.input = NULL;
    t->z.input_len = t->z.input_pos = 0;
    t->z.host_feed = NULL;
    return true;
}

/* Linux profile: kernel-side bytes land in the scratch memory as writes of the chunk. */
static bool kernel_bytes(rp_thread *t, uint64_t a, uint64_t n, const uint64_t *words)
{
    for (uint64_t pg = a & ~(uint64_t)(RV_PAGE_SIZE - 1); pg < a + n; pg += RV_PAGE_SIZE)
        map_page(t, pg);
    if (!mark_written(t, a, n)) return false;
    if (!rv_mem_write(t->mem, a, words, n))
        return fail(t, "kernel write to 0x%llx+%llu cannot be placed", a, n);
    return true;
}

/* A range the kernel side zeroed (a new mapping) or unmapped: what the chunk knew there is now
   zero, written by the chunk; words it touches later start out so (went). */
static bool kernel_zero(rp_thread *t, uint64_t a, uint64_t n)
{
    if (t->nzr == t->zrcap) {
        size_t c = t->zrcap ? 2 * t->zrcap : 16;
        void *p = realloc(t->zr, c * sizeof *t->zr);
        if (!p) return fail(t, "out of memory%.0llu%.0llu", 0, 0);
        t->zr = p;
        t->zrcap = c;
    }
    t->zr[t->nzr][0] = a;
    t->zr[t->nzr++][1] = n;
    static const uint64_t zero;
    for (size_t i = 0; i < t->cm.n; i++) {
        trace_went *e = &t->cm.e[t->cm.used[i]];
        if (e->addr - a >= n) continue;
        e->known = e->wr = 0xff;
        if (!rv_mem_write(t->mem, e->addr, &zero, 8)) {
            /* the range was unmapped, not zeroed: nothing to write */
        }
    }
    return true;
}

bool trace_linux_take_kernel(rp_thread *t)
{
    if (t->pos >= t->n) return fail(t, "read log exhausted at kernel writes%.0llu%.0llu", 0, 0);
    uint64_t m = t->log[t->pos++];
    t->kn = m;
    for (uint64_t i = 0; i < m; i++) {
        if (t->n - t->pos < 3)
            return fail(t, "kernel write record %llu of %llu runs past the read log", i, m);
        uint64_t kind = t->log[t->pos], a = t->log[t->pos + 1], n = t->log[t->pos + 2];
        if (!i) memcpy(t->k0, t->log + t->pos, sizeof t->k0);
        t->pos += 3;
        if (a + n < a || !n || (kind != TRACE_KW_BYTES && kind != TRACE_KW_ZERO))
            return fail(t, "bad kernel write record (kind %llu, length %llu)", kind, n);
        if (kind == TRACE_KW_ZERO) {
            if (!kernel_zero(t, a, n)) return false;
            continue;
        }
        uint64_t nw = n / 8 + (n % 8 != 0);
        if (nw > t->n - t->pos)
            return fail(t, "kernel write of %llu bytes runs past the read log%.0llu", n, 0);
        if (!kernel_bytes(t, a, n, t->log + t->pos)) return false;
        t->pos += nw;
    }
    return true;
}

bool trace_linux_event(rp_thread *t, rp_tev_kind kind, uint64_t tid, const rv_hart *h)
{
    if (t->ntev == t->tevcap) {
        size_t c = t->tevcap ? 2 * t->tevcap : 8;
        rp_tev *p = realloc(t->tev, c * sizeof *p);
        if (!p) return fail(t, "out of memory%.0llu%.0llu", 0, 0);
        t->tev = p;
        t->tevcap = c;
    }
    rp_tev *e = &t->tev[t->ntev++];
    e->kind = kind;
    e->tid = tid;
    e->pc = h->pc;
    memcpy(e->x, h->x + 1, sizeof e->x);
    memcpy(e->f, h->f, 32 * 8);
    e->f[32] = h->fcsr;
    return true;
}

/* Linux profile: the syscall's effect from the log (trace_linux_effect's words, then for a
   thread switch the id of the thread switched to, then the kernel-side memory records). A syscall
   that lets the same thread continue changes only a0 (rt_sigreturn: every register, from the signal
   frame). */
/* rt_sigreturn: the ucontext words it reads (count, words) are taken like loads; the state
   they hold is the one the syscall's record must restore. */
static bool sigreturn_state(rp_thread *t, rv_cpu *cpu, rv_hart *h)
{
    uint64_t a = rvs_sigreturn_addr(cpu->h.x[2]), w0 = trace_w0(a);
    uint64_t nw = (trace_w1(a, RVS_SIGRETURN_LEN) - w0) / 8 + 1;
    if (t->pos >= t->n || t->log[t->pos] != nw)
        return fail(t, "rt_sigreturn at 0x%llx: its ucontext is not in the log%.0llu", cpu->h.pc,
                    0);
    t->pos++;
    for (uint64_t k = 0; k < nw; k++)
        if (!take_word(t, w0 + 8 * k)) return false;
    uint8_t uc[RVS_SIGRETURN_LEN];
    if (!rv_mem_read(t->mem, a, uc, sizeof uc))
        return fail(t, "rt_sigreturn's ucontext at 0x%llx is not mapped%.0llu", a, 0);
    *h = cpu->h;
    rvs_sigreturn_state(uc, h);
    return true;
}

static rv_env_action linux_ecall(rv_cpu *cpu)
{
    rp_thread *t = cur_rp;
    rv_hart sr;
    bool sigret = cpu->h.x[17] == RVS_NR_RT_SIGRETURN;
    if (sigret && !sigreturn_state(t, cpu, &sr)) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, 0);
    if (t->pos >= t->n) {
        fail(t, "read log exhausted at a syscall%.0llu%.0llu", 0, 0);
        return rv_cpu_trap(cpu, RV_CAUSE_ECALL, 0);
    }
    uint64_t act = t->log[t->pos++];
    size_t need = act == RV_ENV_EXIT   ? 1
                  : act == RV_ENV_TRAP ? 2
                                       : 1 + TRACE_NREGS + 33 * t->fregs + (act == RV_ENV_STOP);
    if (act > RV_ENV_STOP || need > t->n - t->pos ||
        (t->fregs && act != RV_ENV_EXIT && act != RV_ENV_TRAP &&
         t->log[t->pos + TRACE_NREGS + 33] > 0xff)) { /* fcsr has 8 bits */
        fail(t, "bad syscall record (action %llu)%.0llu", act, 0);
        return rv_cpu_trap(cpu, RV_CAUSE_ECALL, 0);
    }
    const uint64_t *w = t->log + t->pos;
    t->pos += need;
    if (act == RV_ENV_EXIT) return rv_cpu_exit(cpu, (int64_t)w[0]);
    if (act == RV_ENV_TRAP) return rv_cpu_trap(cpu, (rv_cause)w[0], w[1]);
    if (act == RV_ENV_CONTINUE && cpu->h.x[17] != RVS_NR_RT_SIGRETURN) {
        bool same = w[0] == cpu->h.pc;
        for (int i = 1; i <= TRACE_NREGS && same; i++)
            same = i == 10 || w[i] == cpu->h.x[i];
        if (same && t->fregs)
            same = !memcmp(cpu->h.f, w + 1 + TRACE_NREGS, 32 * 8) &&
                   cpu->h.fcsr == w[1 + TRACE_NREGS + 32];
        if (!same) {
            fail(t, "syscall %llu's record changes registers other than a0 (at pc 0x%llx)",
                 cpu->h.x[17], cpu->h.pc);
            return rv_cpu_trap(cpu, RV_CAUSE_ECALL, 0);
        }
    }
    uint64_t nr = cpu->h.x[17], arg[2] = {cpu->h.x[10], cpu->h.x[11]};
    if (sigret && (w[0] != sr.pc || memcmp(w + 1, sr.x + 1, TRACE_NREGS * 8) ||
                   (t->fregs && (memcmp(w + 1 + TRACE_NREGS, sr.f, 32 * 8) ||
                                 w[1 + TRACE_NREGS + 32] != sr.fcsr)))) {
        fail(t, "rt_sigreturn at 0x%llx restores registers its ucontext does not hold%.0llu",
             cpu->h.pc, 0);
        return rv_cpu_trap(cpu, RV_CAUSE_ECALL, 0);
    }
    if (sigret && act == RV_ENV_STOP && w[need - 1] != t->tid) {
        fail(t, "rt_sigreturn switches from thread %llu to %llu", t->tid, w[need - 1]);
        return rv_cpu_trap(cpu, RV_CAUSE_ECALL, 0);
    }
    if (act == RV_ENV_STOP && !sigret && !trace_linux_event(t, RP_TEV_BLOCK, t->tid, &cpu->h))
        return rv_cpu_trap(cpu, RV_CAUSE_ECALL, 0);
    cpu->h.pc = w[0];
    memcpy(cpu->h.x + 1, w + 1, TRACE_NREGS * 8);
    if (t->fregs) {
        memcpy(cpu->h.f, w + 1 + TRACE_NREGS, 32 * 8);
        cpu->h.fcsr = (uint32_t)w[1 + TRACE_NREGS + 32];
    }
    bool ev = true;
    if (act == RV_ENV_STOP && !sigret) {
        t->tid = w[need - 1];
        ev = trace_linux_event(t, RP_TEV_IN, t->tid, &cpu->h);
    } else if ((nr == NR_CLONE || nr == NR_CLONE3) && (int64_t)cpu->h.x[10] > 0) {
        ev = trace_linux_event(t, RP_TEV_CLONE, cpu->h.x[10], &cpu->h);
    }
    if (!ev || !trace_linux_take_kernel(t)) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, 0);
    if (act == RV_ENV_CONTINUE && !kernel_matches(t, nr, arg, cpu->h.x[10])) {
        fail(t, "syscall %llu's kernel writes do not match its arguments and result (a0 0x%llx)",
             nr, cpu->h.x[10]);
        return rv_cpu_trap(cpu, RV_CAUSE_ECALL, 0);
    }
    return (rv_env_action)act;
}

const rv_env trace_linux_replay_env = {.ecall = linux_ecall};

/* A chunk that continues must end at its first block start at or after the threshold. */
static bool block_hook(rp_thread *t, uint64_t step)
{
    if (step == t->limit) {
        t->ended_at_block = true;
        return true;
    }
    if (t->more && step >= t->cut && step < t->limit && !t->cpu.h.resv_valid)
        return fail(t,
                    "the chunk should have ended at step %llu (block start after 2^k steps)%.0llu",
                    step, 0);
    return true;
}

/* The hooks use the body's hook interface only (RV_BODY_*, src/rv/interp_body.h). A replay
   failure stops the run as a load fault; the reason is in the thread (fail). */
#define RP_FAIL() RV_BODY_TRAP_AFTER(RV_CAUSE_LOAD_FAULT, 0)
/* TRACE_F_PREV_CLK: the access's word(s) at the clock of this instruction (counted already) */
#define RP_ACCESS(a, size)                                                                         \
    do {                                                                                           \
        if (cur_rp->acc)                                                                           \
            trace_acc_add(cur_rp->acc, (a), (size),                                                \
                          TRACE_CLK_INC *(RV_BODY_STEP() - 1) + TRACE_SLOT_MEM);                   \
    } while (0)
#define RV_HOOK_LOAD(a, size)                                                                      \
    do {                                                                                           \
        RP_ACCESS(a, size);                                                                        \
        if (RV_UNLIKELY(!take_access(cur_rp, (a), (size)))) RV_BODY_TRAP(RV_CAUSE_LOAD_FAULT, 0);  \
    } while (0)
#define RV_HOOK_STORE(a, size)                                                                     \
    do {                                                                                           \
        RP_ACCESS(a, size);                                                                        \
        if (RV_UNLIKELY(!store_hook(cur_rp, (a), (size)))) RV_BODY_TRAP(RV_CAUSE_LOAD_FAULT, 0);   \
    } while (0)
#define RV_HOOK_BLOCK(npc)                                                                         \
    do {                                                                                           \
        if (RV_UNLIKELY(!block_hook(cur_rp, RV_BODY_STEP()))) RP_FAIL();                           \
    } while (0)
#define RV_HOOK_ECALL_PRE()                                                                        \
    do {                                                                                           \
        if (RV_UNLIKELY(!ecall_pre(cur_rp, RV_BODY_CPU))) RP_FAIL();                               \
    } while (0)
#define RV_HOOK_ECALL_POST(act_)                                                                   \
    do {                                                                                           \
        if (RV_UNLIKELY(!ecall_post(cur_rp, RV_BODY_CPU, (act_)))) RP_FAIL();                      \
    } while (0)

#define RV_BODY_NAME  run_replay
#define RV_BODY_STATS 0
#include "rv/interp_body.h"
#undef RV_BODY_NAME
#undef RV_BODY_STATS
#define RV_BODY_NAME  run_replay_stats
#define RV_BODY_STATS 1
#include "rv/interp_body.h"

rv_result trace_replay_run(rp_thread *t)
{
    rv_cpu *cpu = &t->cpu;
    cpu->h.x[0] = 0;
    cpu->call_csr = 0;
    cur_rp = t;
    rv_result r = cpu->stats.mix ? run_replay_stats(cpu) : run_replay(cpu);
    cur_rp = NULL;
    return r;
}
