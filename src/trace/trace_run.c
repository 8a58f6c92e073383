/* The interpreter's trace instantiation: the one interpreter body (src/rv/interp_body.h) with
   hooks that log every read, cut chunks at block starts and log ecall inputs. */
#include "trace/trace_internal.h"

static _Thread_local trace_writer *cur_tw;

/* The hooks use the body's hook interface only (RV_BODY_*, src/rv/interp_body.h). */
#define RV_HOOK_LOAD(a, size) trace_log_access(cur_tw, RV_BODY_MEM, (a), (size))
#define RV_HOOK_STORE(a, size)                                                                     \
    do {                                                                                           \
        if (trace_store_logged((a), (size))) trace_log_access(cur_tw, RV_BODY_MEM, (a), (size));   \
    } while (0)
#define RV_HOOK_BLOCK(npc)                                                                         \
    do {                                                                                           \
        uint64_t s_ = RV_BODY_STEP();                                                              \
        if (RV_UNLIKELY(s_ >= cur_tw->next_cut) && !RV_BODY_CPU->h.resv_valid)                     \
            trace_writer_cut(cur_tw, RV_BODY_CPU, s_, (npc));                                      \
    } while (0)
#define RV_HOOK_ECALL_PRE()      trace_writer_ecall_pre(cur_tw, RV_BODY_CPU)
#define RV_HOOK_ECALL_POST(act_) trace_writer_ecall_post(cur_tw, RV_BODY_CPU, (act_))
#define RV_BODY_NAME             run_trace
#define RV_BODY_STATS            0
#include "rv/interp_body.h"

rv_result trace_run(rv_cpu *cpu, trace_writer *tw)
{
    cpu->h.x[0] = 0;
    cur_tw = tw;
    rv_result r = run_trace(cpu);
    cur_tw = NULL;
    return r;
}
