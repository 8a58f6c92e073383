/* The Linux ABI profile of the minimal trace (docs/trace-format.md, "Linux guests"): a syscall's
   effect is host-chosen, so the log holds what the CPU sees after it (action, pc, registers);
   memory the handler wrote enters the log as ordinary load words when the guest reads it. */
#include "trace/trace_internal.h"

size_t trace_linux_effect(const rv_cpu *cpu, rv_env_action act, unsigned flags, uint64_t *out)
{
    uint64_t w[2 + TRACE_NREGS + TRACE_NFREGS];
    size_t n = 0;
    w[n++] = (uint64_t)act;
    switch (act) {
    case RV_ENV_CONTINUE:
    case RV_ENV_STOP:
        w[n++] = cpu->h.pc;
        memcpy(w + n, cpu->h.x + 1, TRACE_NREGS * 8);
        n += TRACE_NREGS;
        if (flags & TRACE_F_FREGS) {
            memcpy(w + n, cpu->h.f, 32 * 8);
            n += 32;
            w[n++] = cpu->h.fcsr;
        }
        break;
    case RV_ENV_EXIT: w[n++] = (uint64_t)cpu->exit_code; break;
    case RV_ENV_TRAP:
        w[n++] = cpu->trap_cause;
        w[n++] = cpu->trap_tval;
        break;
    }
    if (out) memcpy(out, w, n * 8);
    return n;
}
