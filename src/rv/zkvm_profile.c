/* The target zkVM profiles (RV_ZKVM_PROFILE_LIST) and the dispatch of the vendors' calls
   (RV_ZKVM_VCALL_LIST): which call the CPU is making, what it reads (the trace logs it), its
   handler, what it wrote (the replay marks it). docs/universal-translator.md. */
#include <string.h>

#include "rivet/crypto.h"
#include "rv/rv_internal.h"
#include "rv/zkvm_internal.h"

static const rv_zkvm_profile profiles[] = {
#define X(id, name, fam, xlen, ext, map, text, cost, extra, what)                                  \
    {name, what, RV_ZKVM_FAM_##fam, xlen, ext, text, cost, RV_ZKVM_EXTRA_##extra},
    RV_ZKVM_PROFILE_LIST(X)
#undef X
};

typedef rivet_status (*map_fn)(rv_cpu *, rv_zkvm *, const uint8_t *, size_t, rivet_diag *);
static const map_fn maps[] = {
#define X(id, name, fam, xlen, ext, map, text, cost, extra, what) rv_zkvm_map_##map,
    RV_ZKVM_PROFILE_LIST(X)
#undef X
};

typedef void (*fin_fn)(rv_cpu *, rv_zkvm *);
static const fin_fn fins[] = {
#define X(id, name, fam, xlen, ext, map, text, cost, extra, what) rv_zkvm_fin_##map,
    RV_ZKVM_PROFILE_LIST(X)
#undef X
};

void rv_zkvm_finish(rv_cpu *cpu, rv_zkvm *z)
{
    if (z->abi < RV_ZKVM_ABI_COUNT) fins[z->abi](cpu, z);
}

static const rv_zkvm_mech fam_mech[] = {
#define X(id, mech) RV_ZKVM_MECH_##mech,
    RV_ZKVM_FAMILY_LIST(X)
#undef X
};

const rv_zkvm_profile *rv_zkvm_profile_at(unsigned i)
{
    return i < RV_ZKVM_ABI_COUNT ? &profiles[i] : NULL;
}

const rv_zkvm_profile *rv_zkvm_profile_find(const char *name)
{
    for (unsigned i = 0; i < RV_ZKVM_ABI_COUNT; i++)
        if (!strcmp(profiles[i].name, name)) return &profiles[i];
    return NULL;
}

unsigned rv_zkvm_abi_ext(rv_zkvm_abi abi)
{
    return abi < RV_ZKVM_ABI_COUNT ? profiles[abi].ext : RV_EXT_GC;
}

int rv_zkvm_profile_xlen(rv_zkvm_abi abi, int elf_xlen)
{
    if (abi >= RV_ZKVM_ABI_COUNT) return 0;
    int x = profiles[abi].xlen;
    return !x || x == elf_xlen ? elf_xlen : 0;
}

bool rv_zkvm_rivet_io(rv_zkvm_abi abi)
{
    return abi >= RV_ZKVM_ABI_COUNT || maps[abi] == rv_zkvm_map_rivet;
}

rivet_status rv_zkvm_map(rv_cpu *cpu, rv_zkvm *z, const uint8_t *elf, size_t len, rivet_diag *d)
{
    if (z->abi >= RV_ZKVM_ABI_COUNT)
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "unknown zkVM profile %u", z->abi);
    return maps[z->abi](cpu, z, elf, len, d);
}

static const struct {
    rv_zkvm_family fam;
    uint32_t num, sub;
    bool host;
    const char *name;
} vcalls[] = {
#define X(id, fam, num, sub, vname, run, in, host, args) {RV_ZKVM_FAM_##fam, num, sub, host, #id},
    RV_ZKVM_VCALL_LIST(X)
#undef X
};

const char *rv_zkvm_vcall_name(unsigned i)
{
    return i < RV_ZKVM_V_COUNT ? vcalls[i].name : "?";
}

bool rv_zkvm_vcall_host(int v)
{
    return v >= 0 && v < RV_ZKVM_V_COUNT && vcalls[v].host;
}

/* The number a custom instruction selects: Airbender's spin is its bits (0x6f); OpenVM custom-0
   is funct3 << 12, plus the imm selector for HINT (funct3 1) and PHANTOM (funct3 3). */
static uint64_t custom_key(uint32_t insn)
{
    if ((insn & 0x7f) != 0x0b) return insn;
    uint32_t f3 = insn >> 12 & 7, imm = insn >> 20;
    return f3 << 12 | (f3 == 1 || f3 == 3 ? imm : 0);
}

int rv_zkvm_vcall_of(const rv_cpu *cpu, const rv_zkvm *z)
{
    if (z->abi >= RV_ZKVM_ABI_COUNT) return -1;
    rv_zkvm_family fam = profiles[z->abi].family;
    rv_zkvm_mech mech = fam_mech[fam];
    uint64_t num;
    if (cpu->call_insn) {
        num = custom_key(cpu->call_insn);
    } else if (cpu->call_csr) {
        if (mech != RV_ZKVM_MECH_CSR) return -1;
        num = cpu->call_csr;
    } else {
        if (rv_zkvm_rivet_io(z->abi) && rv_zkvm_is_rivet(rv_zkvm_arg(cpu, RV_A7))) return -1;
        if (mech == RV_ZKVM_MECH_ECALL_T0)
            num = rv_zkvm_arg(cpu, RV_T0);
        else if (mech == RV_ZKVM_MECH_CSR) /* a CSR family's ecalls: a7 (ZisK's exit, 93) */
            num = rv_zkvm_arg(cpu, RV_A7);
        else
            return -1;
    }
    for (int v = 0; v < RV_ZKVM_V_COUNT; v++) {
        if (vcalls[v].fam != fam) continue;
        if (fam == RV_ZKVM_FAM_ZISKV) { /* sub: the end of a number range */
            if (num >= vcalls[v].num && num <= (vcalls[v].sub ? vcalls[v].sub : vcalls[v].num))
                return v;
        } else if (vcalls[v].num == num &&
                   (!vcalls[v].sub || rv_zkvm_arg(cpu, RV_T6) == vcalls[v].sub)) {
            return v;
        }
    }
    return -1;
}

static void args(const rv_cpu *cpu, uint64_t x[32])
{
    for (int i = 0; i < 32; i++)
        x[i] = rv_zkvm_arg(cpu, i);
    x[0] = cpu->call_csr ? cpu->call_src : cpu->call_insn ? 0 : x[RV_A0];
}

unsigned rv_zkvm_in_none(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    (void)cpu, (void)x, (void)r;
    return 0;
}

unsigned rv_zkvm_vcall_inputs(const rv_cpu *cpu, int v, rv_zkvm_range r[RV_ZKVM_MAX_RANGES])
{
    uint64_t x[32];
    args(cpu, x);
    switch (v) {
#define X(id, fam, num, sub, vname, run, in, host, args)                                           \
    case RV_ZKVM_V_##id: return rv_zkvm_in_##in(cpu, x, r);
        RV_ZKVM_VCALL_LIST(X)
#undef X
    default: return 0;
    }
}

rv_env_action rv_zkvm_wrote(rv_zkvm *z, uint64_t a, uint64_t n)
{
    if (z->nout < RV_ZKVM_MAX_OUT) z->out[z->nout++] = (rv_zkvm_range){a, n};
    return RV_ENV_CONTINUE;
}

rv_env_action rv_zkvm_vcall(rv_cpu *cpu, rv_zkvm *z, int v)
{
    uint64_t x[32];
    args(cpu, x);
    z->vcall = v;
    z->nout = 0;
    z->vcalls[v]++;
    switch (v) {
#define X(id, fam, num, sub, vname, run, in, host, args)                                           \
    case RV_ZKVM_V_##id: return rv_zkvm_run_##run(cpu, z, x);
        RV_ZKVM_VCALL_LIST(X)
#undef X
    default: return rv_cpu_trap(cpu, RV_CAUSE_ECALL, x[RV_T0]);
    }
}

rv_env_action rv_zkvm_csr(rv_cpu *cpu)
{
    rv_zkvm *z = cpu->env_ctx;
    z->vcall = -1;
    int v = rv_zkvm_vcall_of(cpu, z);
    return v < 0 ? rv_cpu_trap(cpu, RV_CAUSE_ILLEGAL, 0) : rv_zkvm_vcall(cpu, z, v);
}

rv_env_action rv_zkvm_custom(rv_cpu *cpu)
{
    rv_zkvm *z = cpu->env_ctx;
    z->vcall = -1;
    int v = rv_zkvm_vcall_of(cpu, z);
    return v < 0 ? rv_cpu_trap(cpu, RV_CAUSE_ILLEGAL, cpu->call_insn) : rv_zkvm_vcall(cpu, z, v);
}

/* ---------------------------------------------------------------- shared handlers */

bool rv_zkvm_get32(rv_cpu *cpu, uint64_t a, uint32_t *v, int n, int w)
{
    uint8_t b[64 * 8];
    if (!rv_mem_read_guest(cpu->mem, a, b, (size_t)(n * w))) return false;
    for (int i = 0; i < n; i++)
        v[i] = (uint32_t)b[w * i] | (uint32_t)b[w * i + 1] << 8 | (uint32_t)b[w * i + 2] << 16 |
               (uint32_t)b[w * i + 3] << 24;
    return true;
}

bool rv_zkvm_put32(rv_cpu *cpu, uint64_t a, const uint32_t *v, int n, int w)
{
    uint8_t b[64 * 8] = {0};
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 4; k++)
            b[w * i + k] = (uint8_t)(v[i] >> (8 * k));
    return rv_mem_write_guest(cpu->mem, a, b, (size_t)(n * w));
}

bool rv_zkvm_append(rv_cpu *cpu, rivet_buf *buf, uint64_t a, uint64_t n)
{
    uint8_t chunk[4096];
    for (uint64_t done = 0; done < n;) {
        size_t k = n - done < sizeof chunk ? (size_t)(n - done) : sizeof chunk;
        if (!rv_mem_read_guest(cpu->mem, a + done, chunk, k) || buf_append(buf, chunk, k))
            return false;
        done += k;
    }
    return true;
}

unsigned rv_zkvm_in_p200(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    (void)cpu;
    r[0] = (rv_zkvm_range){x[0], 200};
    return 1;
}

rv_env_action rv_zkvm_run_keccakf(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    rv_env_action act = rv_zkvm_keccakf_at(cpu, x[0], x[0]);
    if (act == RV_ENV_CONTINUE) rv_zkvm_wrote(z, x[0], 200);
    return act;
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

unsigned rv_zkvm_in_zisk_sha256f(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    uint64_t p = x[0];
    r[0] = (rv_zkvm_range){p, 16};
    r[1] = (rv_zkvm_range){peek64(cpu, p), 32};
    r[2] = (rv_zkvm_range){peek64(cpu, p + 8), 64};
    return 3;
}

/* ZisK sha256f: p = {u64 state, u64 input}; the state is 8 u32 (H0..H7, little-endian), the
   input one 64-byte block. */
rv_env_action rv_zkvm_run_zisk_sha256f(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    uint64_t p = x[0], sa = peek64(cpu, p), ia = peek64(cpu, p + 8);
    uint32_t h[8];
    uint8_t blk[64];
    if (!rv_mem_read_guest(cpu->mem, p, blk, 16)) return rv_zkvm_fault(cpu, false, p);
    if (!rv_zkvm_get32(cpu, sa, h, 8, 4)) return rv_zkvm_fault(cpu, false, sa);
    if (!rv_mem_read_guest(cpu->mem, ia, blk, 64)) return rv_zkvm_fault(cpu, false, ia);
    crypto_sha256_compress(h, blk);
    if (!rv_zkvm_put32(cpu, sa, h, 8, 4)) return rv_zkvm_fault(cpu, true, sa);
    return rv_zkvm_wrote(z, sa, 32);
}
