/* The translator's runtime: the context, the functions the trampolines call (one interpreter
   step, a chunk cut or the step limit at a block start, a jump outside the translation), and the
   run loop with memory faults turned into a trap result. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <ucontext.h>

#include "aot/aot_internal.h"

static _Thread_local aot_ctx *cur_ctx;

static void to_cpu(aot_ctx *c)
{
    memcpy(c->cpu->h.x + 1, c->x + 1, 31 * sizeof(uint64_t));
    c->cpu->h.pc = c->pc;
    c->cpu->instret = c->cut_at - c->left;
}

/* True when the step limit is so close that translated code, which checks the count only at
   block ends (at most maxseg steps apart), could pass it: the interpreter runs the rest, so the
   run stops exactly at the limit, as rv_run does (a scheduler's time slice ends there). */
static bool near_limit(const aot_ctx *c)
{
    uint64_t s = c->cpu->instret, lim = c->cpu->limit;
    return lim <= s || lim - s <= c->maxseg + 1;
}

/* Sets the next cut point (trace chunk threshold, or maxseg + 1 steps before the step limit)
   and the trace room. */
static void recompute(aot_ctx *c)
{
    uint64_t steps = c->cpu->instret, cut = UINT64_MAX, lim = c->cpu->limit;
    if (c->tw) {
        cut = trace_writer_next_cut(c->tw);
        if (cut < steps) cut = steps;
    }
    if (near_limit(c))
        cut = steps;
    else if (lim - c->maxseg - 1 < cut)
        cut = lim - c->maxseg - 1;
    if (cut - steps > ((uint64_t)1 << 62)) cut = steps + ((uint64_t)1 << 62);
    c->cut_at = cut;
    c->left = cut - steps;
    if (c->tw) {
        uint64_t **cur = trace_writer_cursor(c->tw, 2 * (c->left + c->maxseg) + 64);
        c->tp = (uint64_t)(uintptr_t)*cur;
    }
}

static void set_cursor(aot_ctx *c)
{
    if (c->tw) *trace_writer_cursor(c->tw, 0) = (uint64_t *)(uintptr_t)c->tp;
}

/* Runs the interpreter (writing the trace, if any) from the context's state: one step, or up
   to cpu->limit. The context is reloaded from the CPU afterwards. */
static rv_result interp(aot_ctx *c, bool one)
{
    rv_cpu *cpu = c->cpu;
    to_cpu(c);
    set_cursor(c);
    uint64_t lim = cpu->limit;
    if (one) cpu->limit = cpu->instret + 1;
    rv_result r = c->tw ? trace_run(cpu, c->tw) : rv_run(cpu);
    c->stepped += cpu->instret - (c->cut_at - c->left);
    cpu->limit = lim;
    memcpy(c->x + 1, cpu->h.x + 1, 31 * sizeof(uint64_t));
    c->pc = cpu->h.pc;
    if (c->tw) c->tp = (uint64_t)(uintptr_t)*trace_writer_cursor(c->tw, 0);
    return r;
}

/* The interpreter runs to the step limit (or an earlier stop); leaves the run. */
static int to_limit(aot_ctx *c)
{
    c->result = interp(c, false);
    return 2;
}

int aot_rt_step(aot_ctx *c)
{
    rv_result r = interp(c, true);
    if (r.stop != RV_STOP_LIMIT) {
        c->result = r;
        return 2;
    }
    recompute(c);
    if (near_limit(c)) return to_limit(c);
    return c->pc == c->next ? 0 : 1;
}

int aot_rt_cut(aot_ctx *c)
{
    rv_cpu *cpu = c->cpu;
    to_cpu(c);
    uint64_t steps = cpu->instret;
    set_cursor(c); /* recompute takes the cursor back from the writer */
    if (c->tw && steps >= trace_writer_next_cut(c->tw) && !cpu->h.resv_valid)
        trace_writer_cut(c->tw, cpu, steps, c->pc);
    recompute(c);
    if (near_limit(c)) return to_limit(c);
    return 0;
}

int aot_rt_bad(aot_ctx *c)
{
    rv_cpu *cpu = c->cpu;
    to_cpu(c);
    uint64_t pc = c->pc;
    if (!(pc & 1) && (rv_mem_prot(cpu->mem, pc) & RV_PROT_X)) { /* untranslated code */
        rv_result r = interp(c, true);
        if (r.stop != RV_STOP_LIMIT) {
            c->result = r;
            return 2;
        }
        recompute(c);
        return near_limit(c) ? to_limit(c) : 1;
    }
    rv_cause cause = (pc & 1) || ((pc & 2) && !(cpu->ext & RV_EXT_C)) ? RV_CAUSE_INSN_MISALIGNED
                                                                      : RV_CAUSE_INSN_FAULT;
    cpu->trap_cause = cause;
    cpu->trap_tval = pc;
    c->result = (rv_result){
        .stop = RV_STOP_TRAP, .cause = cause, .pc = pc, .tval = pc, .instret = cpu->instret};
    return 2;
}

/* ucontext register slots of the host registers in AOT_HOST_REGS order. */
static const int greg_of_host[] = {REG_RBX, REG_R12, REG_R13, REG_RSI, REG_RDI,
                                   REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R15};

/* A guest access faulted in translated code: find the load or store from the host pc (fault
   map), recover the pinned registers, the step count and the trace cursor from the host
   registers, and leave with the same trap result the interpreter gives. */
static void on_fault(int sig, siginfo_t *si, void *ucv)
{
    aot_ctx *c = cur_ctx;
    if (!c) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    const aot_program *p = c->prog;
    const greg_t *g = ((ucontext_t *)ucv)->uc_mcontext.gregs;
    uint64_t rip = (uint64_t)g[REG_RIP];
    size_t lo = 0, hi = p->nfault;
    while (lo < hi) { /* first entry above rip */
        size_t mid = (lo + hi) / 2;
        if (p->faults[mid].addr <= rip)
            lo = mid + 1;
        else
            hi = mid;
    }
    const aot_fault *f = lo && lo < p->nfault ? &p->faults[lo - 1] : NULL;
    c->result = (rv_result){.stop = RV_STOP_TRAP,
                            .cause = RV_CAUSE_LOAD_FAULT,
                            .tval = (uint64_t)(uintptr_t)si->si_addr,
                            .instret = c->cpu->instret};
    if (f) {
        for (int r = 1; r < 32; r++)
            if (p->host_of[r] >= 0) c->x[r] = (uint64_t)g[greg_of_host[p->host_of[r]]];
        c->left = (uint64_t)g[REG_R14];
        if (c->tw) c->tp = (uint64_t)g[REG_R15];
        c->result.pc = f->pc;
        c->result.cause = (f->info >> 32) ? RV_CAUSE_STORE_FAULT : RV_CAUSE_LOAD_FAULT;
        c->result.instret = c->cut_at - c->left + (uint32_t)f->info;
    }
    siglongjmp(c->jb, 1);
}

rv_result aot_run(aot_program *p, rv_cpu *cpu, trace_writer *tw)
{
    rv_result r = {.stop = RV_STOP_TRAP, .cause = RV_CAUSE_ILLEGAL, .pc = cpu->h.pc};
    aot_ctx *c = calloc(1, sizeof *c);
    if (!c || !p->enter || (tw && !p->opts.trace)) {
        free(c);
        return r;
    }
    c->cpu = cpu;
    c->prog = p;
    c->tw = tw;
    c->maxseg = p->maxseg;
    c->fn_step = (void *)aot_rt_step;
    c->fn_cut = (void *)aot_rt_cut;
    c->fn_bad = (void *)aot_rt_bad;
    memcpy(c->x + 1, cpu->h.x + 1, 31 * sizeof(uint64_t));
    c->pc = cpu->h.pc;
    recompute(c);
    struct sigaction sa, old_segv, old_bus;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &old_segv);
    sigaction(SIGBUS, &sa, &old_bus);
    cur_ctx = c;
    if (near_limit(c))
        to_limit(c);
    else if (!sigsetjmp(c->jb, 1))
        p->enter(c);
    memcpy(cpu->h.x + 1, c->x + 1, 31 * sizeof(uint64_t));
    cur_ctx = NULL;
    sigaction(SIGSEGV, &old_segv, NULL);
    sigaction(SIGBUS, &old_bus, NULL);
    if (tw) set_cursor(c);
    r = c->result;
    p->info.stepped += c->stepped;
    cpu->instret = r.instret;
    if (r.stop == RV_STOP_LIMIT || r.stop == RV_STOP_TRAP) cpu->h.pc = r.pc;
    if (r.stop == RV_STOP_TRAP) {
        cpu->trap_cause = r.cause;
        cpu->trap_tval = r.tval;
    }
    free(c);
    return r;
}
