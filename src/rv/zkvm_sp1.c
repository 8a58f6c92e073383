/* SP1's syscalls (RV_ZKVM_SP1_CALLS; crates/core/executor/src/syscall_code.rs): id in t0,
   arguments in a0, a1 (a2), the result back in t0. v4/v5 guests are RV32IM, v6 RV64IM: words
   in memory are XLEN wide (SHA's schedule and state hold u32 values in their low half). */
#include <stdint.h>

#include "rivet/crypto.h"
#include "rv/rv_internal.h"
#include "rv/zkvm_internal.h"

enum {
    FD_STDOUT = 1,
    FD_STDERR = 2,
    FD_PUBLIC_VALUES = 13,
    FD_HINT = 14,
    FD_FP_SQRT = 20,
    FD_FP_INV = 21
};

static int wbytes(const rv_cpu *cpu)
{
    return cpu->xlen / 8;
}

rv_env_action rv_zkvm_run_sp1_halt(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    (void)z;
    return rv_cpu_exit(cpu, (int64_t)(int32_t)x[RV_A0]);
}

unsigned rv_zkvm_in_sp1_write(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    (void)cpu;
    uint64_t fd = x[RV_A0];
    if (fd != FD_STDOUT && fd != FD_STDERR && fd != FD_PUBLIC_VALUES && fd != FD_HINT &&
        fd != FD_FP_SQRT && fd != FD_FP_INV)
        return 0;
    r[0] = (rv_zkvm_range){x[RV_A1], x[RV_A2]};
    return 1;
}

rv_env_action rv_zkvm_run_sp1_write(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    uint64_t fd = x[RV_A0], a = x[RV_A1], n = x[RV_A2];
    int64_t res;
    switch (fd) {
    case FD_STDOUT:
    case FD_STDERR: return rv_zkvm_write_fd(cpu, z, fd, a, n, &res); /* no result register */
    case FD_PUBLIC_VALUES:
        if (n > RV_ZKVM_OUTPUT_MAX - z->public_values.n)
            return rv_cpu_trap(cpu, RV_CAUSE_ECALL, fd);
        if (!rv_zkvm_append(cpu, &z->public_values, a, n)) return rv_zkvm_fault(cpu, false, a);
        return RV_ENV_CONTINUE;
    case FD_HINT:
    case FD_FP_SQRT:
    case FD_FP_INV: {
        rivet_buf b = {0};
        if (n > RV_ZKVM_INPUT_MAX || !rv_zkvm_append(cpu, &b, a, n)) {
            buf_free(&b);
            return rv_zkvm_fault(cpu, false, a);
        }
        const uint8_t *p = b.p ? b.p : (const uint8_t *)"";
        bool ok = fd == FD_HINT ? rv_zkvm_queue_push(z, p, n) : rv_zkvm_sp1_hook(z, fd, p, n);
        buf_free(&b);
        return ok ? RV_ENV_CONTINUE : rv_cpu_trap(cpu, RV_CAUSE_ECALL, fd);
    }
    default: return rv_cpu_trap(cpu, RV_CAUSE_ECALL, fd); /* hooks 15..19 are not run */
    }
}

/* ENTER_UNCONSTRAINED: the executor saves the state and returns 1, the guest runs the block
   (computing hints); EXIT_UNCONSTRAINED restores the state and returns 0 from ENTER, so the
   block is not part of the proven run. rivet restores the registers and pc; the block's memory
   writes stay (SP1 rolls them back: a difference only for a guest that reads, after the block,
   memory the block wrote, which its guests do not do). */
rv_env_action rv_zkvm_run_sp1_enter(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    (void)x;
    /* a nested ENTER (which SP1 refuses) saves again: a replayed chunk cannot tell one from a
       block whose EXIT another chunk ran */
    for (int i = 0; i < 32; i++)
        z->saved[i] = cpu->h.x[i];
    z->saved[32] = cpu->h.pc;
    z->unconstrained = true;
    cpu->h.x[RV_T0] = 1;
    return RV_ENV_CONTINUE;
}

/* The saved state is a host value: a replayed chunk that starts inside the block has not seen
   the ENTER, so the trace logs it. */
rv_env_action rv_zkvm_run_sp1_exit(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    (void)x;
    uint8_t live[33 * 8];
    for (int i = 0; i < 33; i++)
        for (int k = 0; k < 8; k++)
            live[8 * i + k] = (uint8_t)(z->saved[i] >> (8 * k));
    bool was = z->unconstrained;
    uint64_t flag = was;
    if (!rv_zkvm_host_u64(z, &flag)) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, 0x04);
    if (!flag) return RV_ENV_CONTINUE; /* not in unconstrained mode: nothing to restore */
    const uint8_t *b = rv_zkvm_host_bytes(z, live, sizeof live);
    if (!b) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, 0x04);
    uint64_t v[33];
    for (int i = 0; i < 33; i++) {
        v[i] = 0;
        for (int k = 7; k >= 0; k--)
            v[i] = v[i] << 8 | b[8 * i + k];
    }
    for (int i = 1; i < 32; i++)
        cpu->h.x[i] = v[i];
    cpu->h.pc = v[32];
    cpu->h.x[RV_T0] = 0;
    z->unconstrained = false;
    return RV_ENV_CONTINUE;
}

unsigned rv_zkvm_in_sp1_sha_extend(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    r[0] = (rv_zkvm_range){x[RV_A0], 16 * (uint64_t)wbytes(cpu)};
    return 1;
}

rv_env_action rv_zkvm_run_sp1_sha_extend(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    int w = wbytes(cpu);
    uint64_t wa = x[RV_A0];
    uint32_t v[64];
    if (!rv_zkvm_get32(cpu, wa, v, 16, w)) return rv_zkvm_fault(cpu, false, wa);
    crypto_sha256_schedule(v);
    if (!rv_zkvm_put32(cpu, wa + 16 * (uint64_t)w, v + 16, 48, w))
        return rv_zkvm_fault(cpu, true, wa);
    return rv_zkvm_wrote(z, wa + 16 * (uint64_t)w, 48 * (uint64_t)w);
}

unsigned rv_zkvm_in_sp1_sha_compress(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    uint64_t w = (uint64_t)wbytes(cpu);
    r[0] = (rv_zkvm_range){x[RV_A0], 64 * w};
    r[1] = (rv_zkvm_range){x[RV_A1], 8 * w};
    return 2;
}

rv_env_action rv_zkvm_run_sp1_sha_compress(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    int w = wbytes(cpu);
    uint64_t wa = x[RV_A0], ha = x[RV_A1];
    uint32_t v[64], h[8];
    if (!rv_zkvm_get32(cpu, wa, v, 64, w)) return rv_zkvm_fault(cpu, false, wa);
    if (!rv_zkvm_get32(cpu, ha, h, 8, w)) return rv_zkvm_fault(cpu, false, ha);
    crypto_sha256_rounds(h, v);
    if (!rv_zkvm_put32(cpu, ha, h, 8, w)) return rv_zkvm_fault(cpu, true, ha);
    return rv_zkvm_wrote(z, ha, 8 * (uint64_t)w);
}

rv_env_action rv_zkvm_run_sp1_commit(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    uint64_t i = x[RV_A0];
    if (i > 7) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, x[RV_T0]);
    if (x[RV_T0] == 0x10) {
        z->digest[i] = (uint32_t)x[RV_A1];
        z->have_digest = true;
    } else {
        z->deferred[i] = (uint32_t)x[RV_A1];
    }
    return RV_ENV_CONTINUE;
}

static uint64_t none(const rv_cpu *cpu)
{
    return cpu->xlen == 32 ? UINT32_MAX : UINT64_MAX;
}

rv_env_action rv_zkvm_run_sp1_hint_len(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    (void)x;
    const uint8_t *p;
    size_t n;
    uint64_t len = rv_zkvm_queue_front(z, &p, &n) ? n : none(cpu);
    if (!rv_zkvm_host_u64(z, &len)) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, 0xf0);
    cpu->h.x[RV_T0] = cpu->xlen == 32 ? (uint64_t)(int64_t)(int32_t)len : len;
    return RV_ENV_CONTINUE;
}

rv_env_action rv_zkvm_run_sp1_hint_read(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    const uint8_t *p = NULL;
    size_t n = 0;
    uint64_t dst = x[RV_A0], want = x[RV_A1];
    uint64_t len = rv_zkvm_queue_front(z, &p, &n) ? n : none(cpu);
    if (!rv_zkvm_host_u64(z, &len) || len == none(cpu) || len != want ||
        dst % (uint64_t)wbytes(cpu))
        return rv_cpu_trap(cpu, RV_CAUSE_ECALL, 0xf1); /* no buffer, wrong length or alignment */
    const uint8_t *b = rv_zkvm_host_bytes(z, p, (size_t)len);
    if (!b) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, 0xf1);
    if (len && !rv_mem_write_guest(cpu->mem, dst, b, (size_t)len))
        return rv_zkvm_fault(cpu, true, dst);
    rv_zkvm_queue_pop(z);
    return rv_zkvm_wrote(z, dst, len);
}
