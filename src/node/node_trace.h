/* Shared by the trace methods (node_trace.c: struct logs; node_trace_call.c: callTracer): the
   EIP-3155 lines of one traced execution, decoded. */
#ifndef RIVET_NODE_TRACE_H
#define RIVET_NODE_TRACE_H

#include "node_impl.h"

/* One step: its line as JSON (pc, op, gas, gasCost, memSize, memory?, stack, depth, refund,
   opName), gas and static cost as numbers, depth (1: the top frame), opcode. A RISC-V frame's
   step is one of its ecalls (rv; docs/hybrid-abi.md, src/hybrid/hy_trace.c): its gasCost is
   exact, its stack holds the ecall's operands, and a call or create carries the line written
   when the child returned (ret: ok, gasUsed, output or address). */
typedef struct tstep {
    json_t *j;
    uint64_t gas, cost;
    int depth;
    uint8_t op;
    bool rv;
    json_t *ret;
} tstep;

/* The steps of EIP-3155 lines buf[0..len) (the summary line skipped); *n of them. */
tstep *node_steps_parse(const char *buf, size_t len, size_t *n);
void node_steps_free(tstep *s, size_t n);
/* The stack entry `back` from the top (0: the top) of a step, or NULL. */
json_t *node_stack_at(json_t *step, size_t back);

/* The transaction or call that was traced. */
typedef struct node_topcall {
    evm_addr from, to;
    bool create;
    u256 value;
    const uint8_t *input;
    size_t input_len;
    uint64_t gas_limit;
    uint64_t intrinsic; /* its intrinsic gas (0: unknown) */
} node_topcall;

/* geth's callTracer result: the top frame with its nested calls (and logs with with_log). */
json_t *node_call_frames(const tstep *s, size_t n, const node_topcall *top, const exec_result *er,
                         bool only_top, bool with_log);

#endif
