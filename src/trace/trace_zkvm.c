/* What the zkVM profile's ecalls (docs/zkvm-abi.md) read from and write to guest memory: the
   trace logs the inputs, the replayer re-runs the real handler on them and marks the outputs. */
#include "rv/zkvm_internal.h"
#include "trace/trace_internal.h"

enum { A0 = 10, A7 = 17 };

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

/* Copies n ranges of the emulator's description. */
static unsigned ranges(const rv_zkvm_range *vr, unsigned n, trace_range r[TRACE_MAX_RANGES])
{
    for (unsigned i = 0; i < n; i++)
        r[i] = (trace_range){vr[i].a, vr[i].n};
    return n;
}

unsigned trace_ecall_inputs(const rv_cpu *cpu, trace_range r[TRACE_MAX_RANGES])
{
    rv_zkvm_range vr[RV_ZKVM_MAX_RANGES];
    int v = call_of(cpu);
    if (v >= 0) return ranges(vr, rv_zkvm_vcall_inputs(cpu, v, vr), r);
    return v == -2 ? 0 : ranges(vr, rv_zkvm_call_inputs(cpu, vr), r);
}

bool trace_ecall_host_read(const rv_cpu *cpu)
{
    return call_of(cpu) == -1 && rv_zkvm_arg(cpu, A7) == RV_ZKVM_READ && rv_zkvm_arg(cpu, A0) == 0;
}

/* Evaluated after the handler: a vendor call's outputs are what its handler recorded, rivet's
   the emulator's footprint of the call. */
unsigned trace_ecall_outputs(const rv_cpu *cpu, rv_env_action act, trace_range r[TRACE_MAX_RANGES])
{
    rv_zkvm_range vr[RV_ZKVM_MAX_RANGES];
    if (act != RV_ENV_CONTINUE) return 0;
    const rv_zkvm *z = cpu->env_ctx;
    if (z && z->vcall >= 0) return ranges(z->out, z->nout, r);
    return call_of(cpu) != -1 ? 0 : ranges(vr, rv_zkvm_call_outputs(cpu, vr), r);
}
