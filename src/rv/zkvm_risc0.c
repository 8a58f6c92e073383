/* RISC Zero's user-mode ecalls (RV_ZKVM_RISC0_CALLS; risc0/zkvm/platform/src/syscall.rs): id in
   t0; SOFTWARE host calls name their number in t6 (a0 = the buffer the host fills, a1 = its
   length in words, a3.. = arguments) and get the reply in a0, a1. fds: 0 stdin, 1 stdout,
   2 stderr, 3 journal (the public values). */
#include <string.h>

#include "rivet/crypto.h"
#include "rv/rv_internal.h"
#include "rv/zkvm_internal.h"

enum { SHA_MAX_BLOCKS = 1000, KECCAK_WORDS = 50, FD_JOURNAL = 3, HALT_TERMINATE = 0 };

static void bswap8(uint32_t *v)
{
    for (int i = 0; i < 8; i++)
        v[i] = __builtin_bswap32(v[i]);
}

static rv_env_action reply(rv_cpu *cpu, uint64_t a0, uint64_t a1)
{
    cpu->h.x[RV_A0] = (uint64_t)(int64_t)(int32_t)a0;
    cpu->h.x[RV_A1] = (uint64_t)(int64_t)(int32_t)a1;
    return RV_ENV_CONTINUE;
}

unsigned rv_zkvm_in_risc0_halt(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    (void)cpu;
    if ((x[RV_A0] & 0xff) != HALT_TERMINATE) return 0;
    r[0] = (rv_zkvm_range){x[RV_A1], 32};
    return 1;
}

/* TERMINATE: the exit code in a0 bits 8..15, the output digest (8 words) at a1. PAUSE and
   SPLIT (continuations) are not supported: an ecall trap. */
rv_env_action rv_zkvm_run_risc0_halt(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    if ((x[RV_A0] & 0xff) != HALT_TERMINATE) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, x[RV_A0]);
    if (!rv_zkvm_get32(cpu, x[RV_A1], z->digest, 8, 4)) return rv_zkvm_fault(cpu, false, x[RV_A1]);
    z->have_digest = true;
    return rv_cpu_exit(cpu, (int64_t)(x[RV_A0] >> 8 & 0xff));
}

rv_env_action rv_zkvm_run_risc0_input(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    (void)z;
    if (x[RV_A0] > 7) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, x[RV_A0]);
    cpu->h.x[RV_A0] = 0; /* the input digest: none is given */
    return RV_ENV_CONTINUE;
}

unsigned rv_zkvm_in_risc0_sha(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    (void)cpu;
    uint64_t n = x[RV_A4];
    if (n > SHA_MAX_BLOCKS) return 0;
    r[0] = (rv_zkvm_range){x[RV_A1], 32};
    if (!n) return 1;
    r[1] = (rv_zkvm_range){x[RV_A2], 64 * (n - 1) + 32};
    r[2] = (rv_zkvm_range){x[RV_A3], 64 * (n - 1) + 32};
    return 3;
}

/* The states are 8 big-endian u32 (the digest's bytes); block i is the 32 bytes at a2 + 64i
   followed by the 32 bytes at a3 + 64i. */
rv_env_action rv_zkvm_run_risc0_sha(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    uint64_t out = x[RV_A0], in = x[RV_A1], n = x[RV_A4];
    uint32_t h[8];
    uint8_t blk[64];
    if (n > SHA_MAX_BLOCKS) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, n);
    if (!rv_zkvm_get32(cpu, in, h, 8, 4)) return rv_zkvm_fault(cpu, false, in);
    bswap8(h);
    for (uint64_t i = 0; i < n; i++) {
        if (!rv_mem_read_guest(cpu->mem, x[RV_A2] + 64 * i, blk, 32))
            return rv_zkvm_fault(cpu, false, x[RV_A2] + 64 * i);
        if (!rv_mem_read_guest(cpu->mem, x[RV_A3] + 64 * i, blk + 32, 32))
            return rv_zkvm_fault(cpu, false, x[RV_A3] + 64 * i);
        crypto_sha256_compress(h, blk);
    }
    bswap8(h);
    if (!rv_zkvm_put32(cpu, out, h, 8, 4)) return rv_zkvm_fault(cpu, true, out);
    return rv_zkvm_wrote(z, out, 32);
}

rv_env_action rv_zkvm_run_risc0_sw_zero(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    (void)z, (void)x;
    return reply(cpu, 0, 0);
}

rv_env_action rv_zkvm_run_risc0_cyclecount(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    (void)z, (void)x;
    return reply(cpu, (uint32_t)cpu->instret, (uint32_t)(cpu->instret >> 32));
}

rv_env_action rv_zkvm_run_risc0_getenv(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    (void)z, (void)x;
    return reply(cpu, UINT32_MAX, 0);
}

unsigned rv_zkvm_in_risc0_keccak(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    (void)cpu;
    if (x[RV_A3] != 0 || x[RV_A1] != KECCAK_WORDS) return 0;
    r[0] = (rv_zkvm_range){x[RV_A4], 200};
    return 1;
}

rv_env_action rv_zkvm_run_risc0_keccak(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    if (x[RV_A3] != 0 || x[RV_A1] != KECCAK_WORDS)
        return rv_cpu_trap(cpu, RV_CAUSE_ECALL, x[RV_A3]);
    rv_env_action act = rv_zkvm_keccakf_at(cpu, x[RV_A4], x[RV_A0]);
    if (act != RV_ENV_CONTINUE) return act;
    rv_zkvm_wrote(z, x[RV_A0], 200);
    return reply(cpu, 0, 0);
}

unsigned rv_zkvm_in_risc0_log(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    (void)cpu;
    r[0] = (rv_zkvm_range){x[RV_A3], x[RV_A4]};
    return 1;
}

static rv_env_action log_msg(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    int64_t res;
    return rv_zkvm_write_fd(cpu, z, 2, x[RV_A3], x[RV_A4], &res);
}

rv_env_action rv_zkvm_run_risc0_log(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    rv_env_action act = log_msg(cpu, z, x);
    return act == RV_ENV_CONTINUE ? reply(cpu, 0, 0) : act;
}

rv_env_action rv_zkvm_run_risc0_panic(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    rv_env_action act = log_msg(cpu, z, x);
    return act == RV_ENV_CONTINUE ? rv_cpu_trap(cpu, RV_CAUSE_ECALL, x[RV_T6]) : act;
}

/* Deterministic "random" words: SHA-256 of a 64-bit counter, 32 bytes per step. */
rv_env_action rv_zkvm_run_risc0_random(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    uint64_t a = x[RV_A0], n = 4 * x[RV_A1];
    if (n > (1u << 20)) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, n);
    for (uint64_t done = 0; done < n; done += 32) {
        uint8_t h[32], ctr[8];
        for (int i = 0; i < 8; i++)
            ctr[i] = (uint8_t)(z->rng >> (8 * i));
        z->rng++;
        crypto_sha256(h, ctr, 8);
        size_t k = n - done < 32 ? (size_t)(n - done) : 32;
        if (!rv_mem_write_guest(cpu->mem, a + done, h, k))
            return rv_zkvm_fault(cpu, true, a + done);
    }
    rv_zkvm_wrote(z, a, n);
    return reply(cpu, 0, 0);
}

/* Read: fd a3 (0 = stdin: the --input buffers, one stream), a4 bytes wanted; the first 4*a1
   bytes go to the buffer at a0, the rest (under a word) packed into a1; a0 = bytes read. */
rv_env_action rv_zkvm_run_risc0_read(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    uint64_t buf = x[RV_A0], words = x[RV_A1], want = x[RV_A4];
    if (x[RV_A3] != 0) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, x[RV_A3]);
    if (want > 4 * words + 3 || want > (1u << 24)) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, want);
    uint8_t tmp[4096];
    uint64_t got = 0, k;
    rivet_buf all = {0};
    do {
        size_t ask = want - got < sizeof tmp ? (size_t)(want - got) : sizeof tmp;
        k = z->host_feed ? 0 : rv_zkvm_stream_read(z, tmp, ask);
        if (k && buf_append(&all, tmp, k)) break;
        got += k;
    } while (k && got < want);
    uint64_t n = all.n;
    const uint8_t *b = NULL;
    bool ok = rv_zkvm_host_u64(z, &n) && n <= want && (b = rv_zkvm_host_bytes(z, all.p, n));
    uint64_t head = n < 4 * words ? n : 4 * words, tail = 0;
    if (ok && head && !rv_mem_write_guest(cpu->mem, buf, b, head)) {
        buf_free(&all);
        return rv_zkvm_fault(cpu, true, buf);
    }
    for (uint64_t i = head; ok && i < n; i++)
        tail |= (uint64_t)b[i] << (8 * (i - head));
    buf_free(&all);
    if (!ok) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, 12);
    rv_zkvm_wrote(z, buf, head);
    return reply(cpu, n, tail);
}

unsigned rv_zkvm_in_risc0_write(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    (void)cpu;
    if (x[RV_A3] < 1 || x[RV_A3] > FD_JOURNAL) return 0;
    r[0] = (rv_zkvm_range){x[RV_A4], x[RV_A5]};
    return 1;
}

rv_env_action rv_zkvm_run_risc0_write(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    int64_t res;
    rv_env_action act;
    if (x[RV_A3] == FD_JOURNAL) {
        if (x[RV_A5] > RV_ZKVM_OUTPUT_MAX - z->public_values.n)
            return rv_cpu_trap(cpu, RV_CAUSE_ECALL, FD_JOURNAL);
        if (!rv_zkvm_append(cpu, &z->public_values, x[RV_A4], x[RV_A5]))
            return rv_zkvm_fault(cpu, false, x[RV_A4]);
        act = RV_ENV_CONTINUE;
    } else {
        act = rv_zkvm_write_fd(cpu, z, x[RV_A3], x[RV_A4], x[RV_A5], &res);
        if (act == RV_ENV_CONTINUE && res < 0) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, x[RV_A3]);
    }
    return act == RV_ENV_CONTINUE ? reply(cpu, 0, 0) : act;
}
