/* The target zkVMs' accelerator ABIs (docs/zkvm-abi.md, "Profiles"): ZisK's CSR precompile
   ports, SP1's and RISC Zero's ecalls with the id in t0. One table (RV_ZKVM_VCALL_LIST) names
   the calls; per call, what it reads (the trace logs it), what it does (rivet's keccak-f and
   SHA-256 code) and what it writes (the replay marks it). */
#include "rivet/crypto.h"
#include "rv/rv_internal.h"
#include "rv/zkvm_internal.h"

enum { T0 = 5, T6 = 31, A0 = 10, A1, A2, A3, A4, A5, A7 = 17 };
enum { RISC0_SHA_MAX_BLOCKS = 1000, RISC0_KECCAK_WORDS = 50, RISC0_WRITE = 16 };

static const rv_zkvm_mech abi_mech[] = {
#define X(id, name, mech, ext) RV_ZKVM_MECH_##mech,
    RV_ZKVM_ABI_LIST(X)
#undef X
};

unsigned rv_zkvm_abi_ext(rv_zkvm_abi abi)
{
    static const unsigned ext[] = {
#define X(id, name, mech, ext) RV_ZKVM_EXT_##id,
        RV_ZKVM_ABI_LIST(X)
#undef X
    };
    return abi < RV_ZKVM_ABI_COUNT ? ext[abi] : RV_EXT_GC;
}

static const struct {
    rv_zkvm_abi abi;
    uint32_t num, sub;
    const char *name;
} vcalls[] = {
#define X(id, abi, num, sub, vname, args) {RV_ZKVM_ABI_##abi, num, sub, #id},
    RV_ZKVM_VCALL_LIST(X)
#undef X
};

const char *rv_zkvm_vcall_name(unsigned i)
{
    return i < RV_ZKVM_V_COUNT ? vcalls[i].name : "?";
}

int rv_zkvm_vcall_of(const rv_cpu *cpu, const rv_zkvm *z)
{
    rv_zkvm_mech mech = abi_mech[z->abi];
    uint64_t num;
    if (cpu->call_csr) {
        if (mech != RV_ZKVM_MECH_CSR) return -1;
        num = cpu->call_csr;
    } else {
        if (mech != RV_ZKVM_MECH_ECALL_T0 || rv_zkvm_is_rivet(rv_zkvm_arg(cpu, A7))) return -1;
        num = rv_zkvm_arg(cpu, T0);
    }
    for (int v = 0; v < RV_ZKVM_V_COUNT; v++)
        if (vcalls[v].abi == z->abi && vcalls[v].num == num &&
            (!vcalls[v].sub || rv_zkvm_arg(cpu, T6) == vcalls[v].sub))
            return v;
    return -1;
}

/* The pointer operand: the CSR's source register for ports, else a0. */
static uint64_t ptr(const rv_cpu *cpu)
{
    return cpu->call_csr ? cpu->call_src : rv_zkvm_arg(cpu, A0);
}

/* A little-endian u64 of guest memory (ZisK's parameter block); 0 when unreadable. */
static uint64_t peek64(const rv_cpu *cpu, uint64_t a)
{
    uint8_t b[8] = {0};
    uint64_t v = 0;
    if (rv_mem_read_guest(cpu->mem, a, b, 8))
        for (int k = 7; k >= 0; k--)
            v = v << 8 | b[k];
    return v;
}

unsigned rv_zkvm_vcall_inputs(const rv_cpu *cpu, int v, rv_zkvm_range r[RV_ZKVM_MAX_RANGES])
{
    uint64_t x[32];
    for (int i = 0; i < 32; i++)
        x[i] = rv_zkvm_arg(cpu, i);
    uint64_t p = ptr(cpu);
    switch (v) {
    case RV_ZKVM_V_ZISK_KECCAKF:
    case RV_ZKVM_V_SP1_KECCAK_PERMUTE: r[0] = (rv_zkvm_range){p, 200}; return 1;
    case RV_ZKVM_V_ZISK_SHA256F:
        r[0] = (rv_zkvm_range){p, 16};
        r[1] = (rv_zkvm_range){peek64(cpu, p), 32};
        r[2] = (rv_zkvm_range){peek64(cpu, p + 8), 64};
        return 3;
    case RV_ZKVM_V_SP1_WRITE:
        if (x[A0] != 1 && x[A0] != 2) return 0;
        r[0] = (rv_zkvm_range){x[A1], x[A2]};
        return 1;
    case RV_ZKVM_V_SP1_SHA_EXTEND: r[0] = (rv_zkvm_range){x[A0], 16 * 8}; return 1;
    case RV_ZKVM_V_SP1_SHA_COMPRESS:
        r[0] = (rv_zkvm_range){x[A0], 64 * 8};
        r[1] = (rv_zkvm_range){x[A1], 8 * 8};
        return 2;
    case RV_ZKVM_V_RISC0_SHA: {
        uint64_t n = x[A4];
        if (n > RISC0_SHA_MAX_BLOCKS) return 0;
        r[0] = (rv_zkvm_range){x[A1], 32};
        if (!n) return 1;
        r[1] = (rv_zkvm_range){x[A2], 64 * (n - 1) + 32};
        r[2] = (rv_zkvm_range){x[A3], 64 * (n - 1) + 32};
        return 3;
    }
    case RV_ZKVM_V_RISC0_KECCAK:
        if (x[A3] != 0 || x[A1] != RISC0_KECCAK_WORDS) return 0;
        r[0] = (rv_zkvm_range){x[A4], 200};
        return 1;
    case RV_ZKVM_V_RISC0_WRITE:
        if (x[A3] != 1 && x[A3] != 2) return 0;
        r[0] = (rv_zkvm_range){x[A4], x[A5]};
        return 1;
    default: return 0; /* the halts read nothing */
    }
}

static void wrote(rv_zkvm *z, uint64_t a, uint64_t n)
{
    z->out[z->nout++] = (rv_zkvm_range){a, n};
}

/* Guest words of w bytes each (4 or 8) <-> u32 values: the low 32 bits, little-endian. */
static bool get32(rv_cpu *cpu, uint64_t a, uint32_t *v, int n, int w)
{
    uint8_t b[64 * 8];
    if (!rv_mem_read_guest(cpu->mem, a, b, (size_t)(n * w))) return false;
    for (int i = 0; i < n; i++)
        v[i] = (uint32_t)b[w * i] | (uint32_t)b[w * i + 1] << 8 | (uint32_t)b[w * i + 2] << 16 |
               (uint32_t)b[w * i + 3] << 24;
    return true;
}
static bool put32(rv_cpu *cpu, uint64_t a, const uint32_t *v, int n, int w)
{
    uint8_t b[64 * 8] = {0};
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 4; k++)
            b[w * i + k] = (uint8_t)(v[i] >> (8 * k));
    return rv_mem_write_guest(cpu->mem, a, b, (size_t)(n * w));
}
static void bswap8(uint32_t *v)
{
    for (int i = 0; i < 8; i++)
        v[i] = __builtin_bswap32(v[i]);
}

/* ZisK sha256f: p = {u64 state, u64 input}; the state is 8 u32 (H0..H7, little-endian), the
   input one 64-byte block. */
static rv_env_action zisk_sha256f(rv_cpu *cpu, rv_zkvm *z, uint64_t p)
{
    uint64_t sa = peek64(cpu, p), ia = peek64(cpu, p + 8);
    uint32_t h[8];
    uint8_t blk[64];
    if (!rv_mem_read_guest(cpu->mem, p, blk, 16)) return rv_zkvm_fault(cpu, false, p);
    if (!get32(cpu, sa, h, 8, 4)) return rv_zkvm_fault(cpu, false, sa);
    if (!rv_mem_read_guest(cpu->mem, ia, blk, 64)) return rv_zkvm_fault(cpu, false, ia);
    crypto_sha256_compress(h, blk);
    if (!put32(cpu, sa, h, 8, 4)) return rv_zkvm_fault(cpu, true, sa);
    wrote(z, sa, 32);
    return RV_ENV_CONTINUE;
}

/* SP1: the schedule and the state are u32 values in the low half of u64 slots. */
static rv_env_action sp1_sha(rv_cpu *cpu, rv_zkvm *z, bool extend, uint64_t wa, uint64_t ha)
{
    uint32_t w[64], h[8];
    if (!get32(cpu, wa, w, extend ? 16 : 64, 8)) return rv_zkvm_fault(cpu, false, wa);
    if (extend) {
        crypto_sha256_schedule(w);
        if (!put32(cpu, wa + 16 * 8, w + 16, 48, 8)) return rv_zkvm_fault(cpu, true, wa);
        wrote(z, wa + 16 * 8, 48 * 8);
        return RV_ENV_CONTINUE;
    }
    if (!get32(cpu, ha, h, 8, 8)) return rv_zkvm_fault(cpu, false, ha);
    crypto_sha256_rounds(h, w);
    if (!put32(cpu, ha, h, 8, 8)) return rv_zkvm_fault(cpu, true, ha);
    wrote(z, ha, 8 * 8);
    return RV_ENV_CONTINUE;
}

/* RISC Zero SHA: the states are 8 big-endian u32 (the digest's bytes); block i is the 32 bytes
   at b1 + 64i followed by the 32 bytes at b2 + 64i. */
static rv_env_action risc0_sha(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    uint64_t out = x[A0], in = x[A1], n = x[A4];
    uint32_t h[8];
    uint8_t blk[64];
    if (n > RISC0_SHA_MAX_BLOCKS) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, n);
    if (!get32(cpu, in, h, 8, 4)) return rv_zkvm_fault(cpu, false, in);
    bswap8(h);
    for (uint64_t i = 0; i < n; i++) {
        if (!rv_mem_read_guest(cpu->mem, x[A2] + 64 * i, blk, 32))
            return rv_zkvm_fault(cpu, false, x[A2] + 64 * i);
        if (!rv_mem_read_guest(cpu->mem, x[A3] + 64 * i, blk + 32, 32))
            return rv_zkvm_fault(cpu, false, x[A3] + 64 * i);
        crypto_sha256_compress(h, blk);
    }
    bswap8(h);
    if (!put32(cpu, out, h, 8, 4)) return rv_zkvm_fault(cpu, true, out);
    wrote(z, out, 32);
    return RV_ENV_CONTINUE;
}

rv_env_action rv_zkvm_vcall(rv_cpu *cpu, rv_zkvm *z, int v)
{
    uint64_t x[32];
    for (int i = 0; i < 32; i++)
        x[i] = rv_zkvm_arg(cpu, i);
    uint64_t p = ptr(cpu);
    int64_t res;
    rv_env_action act;
    z->vcall = v;
    z->nout = 0;
    z->vcalls[v]++;
    switch (v) {
    case RV_ZKVM_V_ZISK_KECCAKF:
    case RV_ZKVM_V_SP1_KECCAK_PERMUTE:
        act = rv_zkvm_keccakf_at(cpu, p, p);
        if (act == RV_ENV_CONTINUE) wrote(z, p, 200);
        return act;
    case RV_ZKVM_V_ZISK_SHA256F: return zisk_sha256f(cpu, z, p);
    case RV_ZKVM_V_SP1_HALT: return rv_cpu_exit(cpu, (int64_t)(int32_t)x[A0]);
    case RV_ZKVM_V_SP1_WRITE: /* a0 is an input only: the result is dropped */
        return rv_zkvm_write_fd(cpu, z, x[A0], x[A1], x[A2], &res);
    case RV_ZKVM_V_SP1_SHA_EXTEND: return sp1_sha(cpu, z, true, x[A0], 0);
    case RV_ZKVM_V_SP1_SHA_COMPRESS: return sp1_sha(cpu, z, false, x[A0], x[A1]);
    case RV_ZKVM_V_RISC0_HALT:
        if ((x[A0] & 0xff) != 0) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, x[A0]); /* not TERMINATE */
        return rv_cpu_exit(cpu, (int64_t)(x[A0] >> 8 & 0xff));
    case RV_ZKVM_V_RISC0_SHA: return risc0_sha(cpu, z, x);
    case RV_ZKVM_V_RISC0_KECCAK:
        if (x[A3] != 0 || x[A1] != RISC0_KECCAK_WORDS)
            return rv_cpu_trap(cpu, RV_CAUSE_ECALL, x[A3]);
        act = rv_zkvm_keccakf_at(cpu, x[A4], x[A0]);
        if (act != RV_ENV_CONTINUE) return act;
        wrote(z, x[A0], 200);
        cpu->h.x[A0] = cpu->h.x[A1] = 0; /* the host's (a0, a1) reply */
        return act;
    case RV_ZKVM_V_RISC0_WRITE:
        act = rv_zkvm_write_fd(cpu, z, x[A3], x[A4], x[A5], &res);
        if (act == RV_ENV_CONTINUE) cpu->h.x[A0] = cpu->h.x[A1] = 0;
        return act;
    default: return rv_cpu_trap(cpu, RV_CAUSE_ECALL, x[T0]);
    }
}

rv_env_action rv_zkvm_csr(rv_cpu *cpu)
{
    rv_zkvm *z = cpu->env_ctx;
    z->vcall = -1;
    int v = rv_zkvm_vcall_of(cpu, z);
    return v < 0 ? rv_cpu_trap(cpu, RV_CAUSE_ILLEGAL, 0) : rv_zkvm_vcall(cpu, z, v);
}
