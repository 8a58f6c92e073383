/* What the zkVM profile's ecalls (docs/zkvm-abi.md) read from and write to guest memory: the
   trace logs the inputs, the replayer re-runs the real handler on them and marks the outputs. */
#include "rv/zkvm_internal.h"
#include "trace/trace_internal.h"

enum { A0 = 10, A1 = 11, A2 = 12, A3 = 13, A7 = 17 };

/* Argument registers as the handlers read them: XLEN bits wide. */
static void args(const rv_cpu *cpu, uint64_t x[18])
{
    for (int i = A0; i <= A7; i++)
        x[i] = cpu->xlen == 32 ? (uint32_t)cpu->h.x[i] : cpu->h.x[i];
}

/* The ABI the call follows: rivet's calls (-1), a vendor call (its RV_ZKVM_V_*), or a call the
   handler rejects (-2: nothing read or written). */
static int call_of(const rv_cpu *cpu)
{
    const rv_zkvm *z = cpu->env_ctx;
    bool port = cpu->call_csr || cpu->call_insn;
    if (!z || (z->abi == RV_ZKVM_ABI_RIVET && !port)) return -1;
    int v = rv_zkvm_vcall_of(cpu, z);
    if (v >= 0) return v;
    if (!rv_zkvm_rivet_io(z->abi)) return -2; /* a vendor's map: no rivet calls */
    return port || !rv_zkvm_is_io(rv_zkvm_arg(cpu, A7)) ? -2 : -1;
}

bool trace_ecall_vendor_host(const rv_cpu *cpu)
{
    return rv_zkvm_vcall_host(call_of(cpu));
}

unsigned trace_ecall_inputs(const rv_cpu *cpu, trace_range r[TRACE_MAX_RANGES])
{
    uint64_t x[18];
    int v = call_of(cpu);
    if (v >= 0) {
        rv_zkvm_range vr[RV_ZKVM_MAX_RANGES];
        unsigned n = rv_zkvm_vcall_inputs(cpu, v, vr);
        for (unsigned i = 0; i < n; i++)
            r[i] = (trace_range){vr[i].a, vr[i].n};
        return n;
    }
    if (v == -2) return 0;
    args(cpu, x);
    switch (x[A7]) {
    case RV_ZKVM_WRITE:
        if (x[A0] != 1 && x[A0] != 2) return 0;
        r[0] = (trace_range){x[A1], x[A2]};
        return 1;
    case RV_ZKVM_KECCAK256:
    case RV_ZKVM_SHA256: r[0] = (trace_range){x[A0], x[A1]}; return 1;
    case RV_ZKVM_KECCAKF: r[0] = (trace_range){x[A0], 200}; return 1;
    case RV_ZKVM_SECP256K1_ECRECOVER:
        r[0] = (trace_range){x[A0], 32};
        r[1] = (trace_range){x[A1], 64};
        return 2;
    case RV_ZKVM_SECP256K1_VERIFY:
        r[0] = (trace_range){x[A0], 32};
        r[1] = (trace_range){x[A1], 64};
        r[2] = (trace_range){x[A2], 64};
        return 3;
    default: return 0;
    }
}

bool trace_ecall_host_read(const rv_cpu *cpu)
{
    uint64_t x[18];
    if (call_of(cpu) != -1) return false;
    args(cpu, x);
    return x[A7] == RV_ZKVM_READ && x[A0] == 0;
}

/* Evaluated after the handler: a0 may hold its result, the other argument registers are
   unchanged. The host read's range is (a1, bytes delivered). */
unsigned trace_ecall_outputs(const rv_cpu *cpu, rv_env_action act, trace_range r[TRACE_MAX_RANGES])
{
    uint64_t x[18];
    if (act != RV_ENV_CONTINUE) return 0;
    const rv_zkvm *z = cpu->env_ctx;
    if (z && z->vcall >= 0) { /* a vendor call: what its handler recorded */
        for (unsigned i = 0; i < z->nout; i++)
            r[i] = (trace_range){z->out[i].a, z->out[i].n};
        return z->nout;
    }
    if (call_of(cpu) != -1) return 0;
    args(cpu, x);
    switch (x[A7]) {
    case RV_ZKVM_READ:
        if (x[A0] == 0 || x[A0] > x[A2]) return 0; /* nothing, or an error code */
        r[0] = (trace_range){x[A1], x[A0]};
        return 1;
    case RV_ZKVM_KECCAK256:
    case RV_ZKVM_SHA256: r[0] = (trace_range){x[A2], 32}; return 1;
    case RV_ZKVM_KECCAKF: r[0] = (trace_range){x[A0], 200}; return 1;
    case RV_ZKVM_SECP256K1_ECRECOVER:
        if (x[A0] != RV_ZKVM_SUCCESS) return 0;
        r[0] = (trace_range){x[A3], 64};
        return 1;
    default: return 0;
    }
}
