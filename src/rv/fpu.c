/* F and D arithmetic (placeholder until the full implementation lands). */
#include "rv/rv_internal.h"

bool rv_fp_exec(rv_cpu *cpu, const rv_insn *in)
{
    (void)cpu;
    (void)in;
    return false;
}
