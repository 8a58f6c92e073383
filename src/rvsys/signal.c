/* Signal delivery, the Linux riscv64 way: a struct rt_sigframe (siginfo, then a ucontext with
   the interrupted registers in uc_mcontext) is pushed on the thread's stack, or on its
   alternate stack for SA_ONSTACK handlers; the handler runs with a0 = signal, a1 = &siginfo,
   a2 = &ucontext and ra = a trampoline page of ours holding `li a7, 139; ecall`
   (rt_sigreturn), which restores the registers from the (possibly edited) ucontext.
   Signals are delivered when their thread is about to run (at a syscall return that switches,
   at the start of its time slice) and at once for faults (SIGSEGV, SIGBUS, SIGILL, SIGTRAP).
   A signal for a waiting thread ends the wait (EINTR, or a re-run of reads). There is no
   vDSO and no SA_RESTORER (riscv has none). */
#include "rvsys/rvs_internal.h"

enum {
    SA_SIGINFO = 4,
    SA_ONSTACK = 0x08000000,
    SA_NODEFER = 0x40000000,
    SA_RESETHAND = (int)0x80000000u,
    SIG_DFL = 0,
    SIG_IGN = 1,
    FRAME_INFO = 0, /* siginfo, 128 bytes */
    FRAME_UC = 128, /* ucontext */
    UC_STACK = 16,
    UC_SIGMASK = 40,
    UC_MCONTEXT = 176,
    MC_REGS = 0,
    MC_FP = 256, /* f[32] (as the Q layout: 64 slots), fcsr after 64 slots */
    FRAME_SIZE = FRAME_UC + UC_MCONTEXT + 256 + 528,
};
_Static_assert(RVS_SIGRETURN_LEN == UC_MCONTEXT + 256 + 528, "the ucontext rt_sigreturn reads");

/* Signals whose default action is to do nothing. */
static bool default_ignored(int sig)
{
    return sig == 17 || sig == 23 || sig == 28; /* SIGCHLD, SIGURG, SIGWINCH */
}

static uint64_t bit(int sig)
{
    return 1ull << (sig - 1);
}

/* Queues sig for thread t, or applies the default action. Returns false when the process
   ended (a fatal default action). */
bool rvs_signal_send(rvs_linux *L, rv_cpu *cpu, rvs_thread *t, int sig)
{
    uint64_t h = L->sig[sig].handler;
    if (h == SIG_IGN || (h == SIG_DFL && default_ignored(sig))) return true;
    if (h == SIG_DFL) {
        L->exited = true;
        L->exit_code = 128 + sig;
        rv_cpu_exit(cpu, L->exit_code);
        return false;
    }
    t->pending |= bit(sig);
    /* an unblocked signal interrupts a wait: futex, sleep and epoll waits fail with EINTR;
       reads and restarting polls run again after the handler (SA_RESTART behaviour) */
    if (!(t->sigmask & bit(sig)) && t->state != RVS_T_RUN && t->state != RVS_T_DEAD) {
        bool rerun = t->state == RVS_T_READ || t->restart;
        if (!rerun) t->h.x[10] = (uint64_t)-EINTR;
        t->state = RVS_T_RUN;
        t->deadline = UINT64_MAX;
        t->restart = false;
    }
    return true;
}

/* Pushes the frame for sig on the running thread (registers in cpu->h) and enters the
   handler. info: si_code and the union's first 8 bytes (si_addr, or si_pid/si_uid). */
static bool enter_handler(rvs_linux *L, rv_cpu *cpu, int sig, int32_t code, uint64_t word)
{
    rvs_thread *t = rvs_cur(L);
    rvs_sigact *act = &L->sig[sig];
    uint64_t sp = cpu->h.x[2];
    bool on_alt = t->alt_size && sp > t->alt_sp && sp <= t->alt_sp + t->alt_size;
    if ((act->flags & SA_ONSTACK) && t->alt_size && !on_alt) sp = t->alt_sp + t->alt_size;
    uint64_t frame = (sp - FRAME_SIZE) & ~(uint64_t)15;
    uint8_t f[FRAME_SIZE];
    memset(f, 0, sizeof f);
    int32_t info[3] = {sig, 0, code};
    memcpy(f + FRAME_INFO, info, sizeof info);
    memcpy(f + FRAME_INFO + 16, &word, 8);
    uint8_t *uc = f + FRAME_UC;
    uint64_t stk[3] = {t->alt_sp, on_alt ? 1u : t->alt_size ? 0u : 2u, t->alt_size};
    memcpy(uc + UC_STACK, stk, sizeof stk);
    memcpy(uc + UC_SIGMASK, &t->sigmask, 8);
    uint8_t *mc = uc + UC_MCONTEXT;
    memcpy(mc + MC_REGS, &cpu->h.pc, 8);
    memcpy(mc + MC_REGS + 8, &cpu->h.x[1], 31 * 8);
    memcpy(mc + MC_FP, cpu->h.f, 32 * 8);
    memcpy(mc + MC_FP + 64 * 8, &cpu->h.fcsr, 4);
    if (!rvs_put(L, frame, f, sizeof f)) return false;
    if (!(act->flags & SA_NODEFER)) t->sigmask |= bit(sig);
    t->sigmask |= act->mask;
    cpu->h.x[10] = (uint64_t)sig;
    cpu->h.x[11] = frame + FRAME_INFO;
    cpu->h.x[12] = frame + FRAME_UC;
    cpu->h.x[2] = frame;
    cpu->h.x[1] = L->sigreturn_pc;
    cpu->h.pc = act->handler;
    cpu->h.resv_valid = false;
    if (act->flags & SA_RESETHAND) act->handler = SIG_DFL;
    rvs_note(L, RVS_NR_rt_sigreturn, "delivered sig %d", sig);
    return true;
}

void rvs_signal_deliver(rvs_linux *L, rv_cpu *cpu)
{
    rvs_thread *t = rvs_cur(L);
    uint64_t ready = t->pending & ~t->sigmask;
    if (!ready || t->state != RVS_T_RUN) return;
    int sig = __builtin_ctzll(ready) + 1;
    t->pending &= ~bit(sig);
    uint64_t h = L->sig[sig].handler;
    if (h == SIG_IGN || h == SIG_DFL) return; /* changed since it was queued */
    uint32_t pid_uid[2] = {1000, 0};
    uint64_t word;
    memcpy(&word, pid_uid, 8);
    if (!enter_handler(L, cpu, sig, -6 /* SI_TKILL */, word)) {
        L->exited = true;
        L->exit_code = 128 + 11;
        rv_cpu_exit(cpu, L->exit_code);
    }
}

bool rvs_signal_fault(rvs_linux *L, rv_cpu *cpu, const rv_result *r)
{
    int sig, code;
    switch (r->cause) {
    case RV_CAUSE_LOAD_FAULT:
    case RV_CAUSE_STORE_FAULT:
    case RV_CAUSE_INSN_FAULT:
        sig = 11;
        code = rv_mem_ptr(L->mem, r->tval, 1, 0) ? 2 : 1; /* SEGV_ACCERR : SEGV_MAPERR */
        break;
    case RV_CAUSE_LOAD_MISALIGNED:
    case RV_CAUSE_STORE_MISALIGNED:
    case RV_CAUSE_INSN_MISALIGNED:
        sig = 7;
        code = 1;
        break; /* SIGBUS, BUS_ADRALN */
    case RV_CAUSE_ILLEGAL:
        sig = 4;
        code = 1;
        break; /* SIGILL, ILL_ILLOPC */
    case RV_CAUSE_BREAKPOINT:
        sig = 5;
        code = 1;
        break; /* SIGTRAP, TRAP_BRKPT */
    default: return false;
    }
    uint64_t h = L->sig[sig].handler;
    if (h == SIG_DFL || h == SIG_IGN || (rvs_cur(L)->sigmask & bit(sig))) return false;
    cpu->h.pc = r->pc;
    rvs_note(L, RVS_NR_rt_sigreturn, "fault sig %d", sig);
    return enter_handler(L, cpu, sig, code, sig == 11 || sig == 7 ? r->tval : r->pc);
}

uint64_t rvs_sigreturn_addr(uint64_t sp)
{
    return sp + FRAME_UC;
}

void rvs_sigreturn_state(const uint8_t uc[RVS_SIGRETURN_LEN], rv_hart *h)
{
    const uint8_t *mc = uc + UC_MCONTEXT;
    memcpy(&h->pc, mc + MC_REGS, 8);
    memcpy(&h->x[1], mc + MC_REGS + 8, 31 * 8);
    memcpy(h->f, mc + MC_FP, 32 * 8);
    memcpy(&h->fcsr, mc + MC_FP + 64 * 8, 4);
}

int64_t sys_rt_sigreturn(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_thread *t = rvs_cur(L);
    uint8_t uc[RVS_SIGRETURN_LEN];
    if (!rvs_get(L, rvs_sigreturn_addr(cpu->h.x[2]), uc, sizeof uc)) {
        L->exited = true;
        L->exit_code = 128 + 11;
        rv_cpu_exit(cpu, L->exit_code);
        return 0;
    }
    rvs_sigreturn_state(uc, &cpu->h);
    memcpy(&t->sigmask, uc + UC_SIGMASK, 8);
    t->sigmask &= ~(bit(9) | bit(19));
    cpu->h.resv_valid = false;
    return RVS_SWITCHED; /* registers replaced: do not write a0 */
}
