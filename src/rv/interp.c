/* The interpreter: the body in interp_body.h instantiated twice, plain and counting the
   instruction mix, plus CPU set-up. */
#include "rv/rv_internal.h"

const char *rv_cause_str(rv_cause c)
{
    switch (c) {
#define X(name, code, text)                                                                        \
    case RV_CAUSE_##name: return text;
        RV_CAUSE_LIST(X)
#undef X
    }
    return "unknown trap";
}

void rv_cpu_init(rv_cpu *cpu, rv_mem *mem, int xlen, unsigned ext)
{
    memset(cpu, 0, sizeof *cpu);
    cpu->xlen = xlen == 32 ? 32 : 64;
    cpu->ext = ext | RV_EXT_I;
    cpu->limit = UINT64_MAX;
    cpu->mem = mem;
}

rv_env_action rv_cpu_exit(rv_cpu *cpu, int64_t code)
{
    cpu->exit_code = code;
    return RV_ENV_EXIT;
}

rv_env_action rv_cpu_trap(rv_cpu *cpu, rv_cause cause, uint64_t tval)
{
    cpu->trap_cause = cause;
    cpu->trap_tval = tval;
    return RV_ENV_TRAP;
}

#define RV_BODY_NAME  run_plain
#define RV_BODY_STATS 0
#include "rv/interp_body.h"
#undef RV_BODY_NAME
#undef RV_BODY_STATS

#define RV_BODY_NAME  run_stats
#define RV_BODY_STATS 1
#include "rv/interp_body.h"
#undef RV_BODY_NAME
#undef RV_BODY_STATS

rv_result rv_run(rv_cpu *cpu)
{
    cpu->h.x[0] = 0;
    return cpu->stats.mix ? run_stats(cpu) : run_plain(cpu);
}
