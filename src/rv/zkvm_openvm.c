/* OpenVM's custom-0 system instructions (opcode 0x0b, I-type; extensions/rv32im/guest/src/
   lib.rs, io.rs) and ZKsync Airbender's word oracle (CSR 0x7c0) and finish (`j .` with the
   result in x10..x17; riscv_common/src/lib.rs). */
#include "rv/rv_internal.h"
#include "rv/zkvm_internal.h"

static unsigned f_rd(const rv_cpu *cpu)
{
    return cpu->call_insn >> 7 & 31;
}
static unsigned f_rs1(const rv_cpu *cpu)
{
    return cpu->call_insn >> 15 & 31;
}
static int32_t f_imm(const rv_cpu *cpu)
{
    return (int32_t)cpu->call_insn >> 20;
}

rv_env_action rv_zkvm_run_openvm_terminate(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    (void)z, (void)x;
    return rv_cpu_exit(cpu, (int64_t)(cpu->call_insn >> 20 & 0xff));
}

/* HINT_STOREW (imm 0): the next word of the hint stream to [rd]; HINT_BUFFER (imm 1): rs1
   words to [rd]. Past the stream's end the words are zero. */
rv_env_action rv_zkvm_run_openvm_hint(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    uint64_t dst = x[f_rd(cpu)], n = (cpu->call_insn >> 20 & 0xfff) == 1 ? 4 * x[f_rs1(cpu)] : 4;
    if (n > (1u << 24) || dst % 4) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, cpu->call_insn);
    rivet_buf live = {0};
    for (uint64_t i = 0; i < n; i++) {
        uint8_t b = z->hint_pos < z->hint.n ? z->hint.p[z->hint_pos] : 0;
        z->hint_pos++;
        if (buf_push(&live, b)) {
            buf_free(&live);
            return rv_cpu_trap(cpu, RV_CAUSE_ECALL, cpu->call_insn);
        }
    }
    const uint8_t *b = rv_zkvm_host_bytes(z, live.p, n);
    bool ok = b && rv_mem_write_guest(cpu->mem, dst, b, n);
    buf_free(&live);
    if (!b) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, cpu->call_insn);
    if (!ok) return rv_zkvm_fault(cpu, true, dst);
    return rv_zkvm_wrote(z, dst, n);
}

/* REVEAL: the u32 in rs1 at byte offset rd + imm of the public values. */
rv_env_action rv_zkvm_run_openvm_reveal(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    uint64_t off = (uint32_t)(x[f_rd(cpu)] + (uint64_t)(int64_t)f_imm(cpu));
    uint32_t v = (uint32_t)x[f_rs1(cpu)];
    if (off > RV_ZKVM_OUTPUT_MAX - 4) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, off);
    while (z->public_values.n < off + 4)
        if (buf_push(&z->public_values, 0)) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, off);
    for (int k = 0; k < 4; k++)
        z->public_values.p[off + (uint64_t)k] = (uint8_t)(v >> (8 * k));
    return RV_ENV_CONTINUE;
}

/* PHANTOM HintInput: the next --input buffer becomes the hint stream, its length (u32 LE)
   first, the bytes padded to a word. */
rv_env_action rv_zkvm_run_openvm_hint_input(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    (void)x;
    const uint8_t *p = NULL;
    size_t n = 0;
    z->hint.n = z->hint_pos = 0;
    if (!rv_zkvm_queue_front(z, &p, &n)) return RV_ENV_CONTINUE; /* nothing: an empty stream */
    uint8_t len[4] = {(uint8_t)n, (uint8_t)(n >> 8), (uint8_t)(n >> 16), (uint8_t)(n >> 24)};
    static const uint8_t zero[4];
    if (buf_append(&z->hint, len, 4) || buf_append(&z->hint, p, n) ||
        buf_append(&z->hint, zero, (4 - n % 4) % 4))
        return rv_cpu_trap(cpu, RV_CAUSE_ECALL, cpu->call_insn);
    rv_zkvm_queue_pop(z);
    return RV_ENV_CONTINUE;
}

unsigned rv_zkvm_in_openvm_print(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    r[0] = (rv_zkvm_range){x[f_rd(cpu)], x[f_rs1(cpu)]};
    return 1;
}

rv_env_action rv_zkvm_run_openvm_print(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    int64_t res;
    return rv_zkvm_write_fd(cpu, z, 1, x[f_rd(cpu)], x[f_rs1(cpu)], &res);
}

/* csrrw rd, 0x7c0, rs: rd = the next input word (the --input buffers as one stream, 0 past its
   end); a non-zero rs is a word for the host, which nothing reads here. */
rv_env_action rv_zkvm_run_airbender_csr(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    (void)x;
    uint8_t b[4] = {0};
    uint64_t v = 0;
    if (!z->host_feed) rv_zkvm_stream_read(z, b, 4);
    v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    if (!rv_zkvm_host_u64(z, &v)) return rv_cpu_trap(cpu, RV_CAUSE_ILLEGAL, 0x7c0);
    cpu->call_ret = (uint64_t)(int64_t)(int32_t)v;
    return RV_ENV_CONTINUE;
}

/* The final `j .`: x10..x17 are the result, kept as the public values (8 LE u32); exit 0. */
rv_env_action rv_zkvm_run_airbender_finish(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    z->public_values.n = 0;
    for (int r = 10; r <= 17; r++)
        for (int k = 0; k < 4; k++)
            if (buf_push(&z->public_values, (uint8_t)(x[r] >> (8 * k))))
                return rv_cpu_trap(cpu, RV_CAUSE_ECALL, 0);
    return rv_cpu_exit(cpu, 0);
}
