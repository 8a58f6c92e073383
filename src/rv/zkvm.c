/* The zkVM profile: memory map, input/output, exit and accelerator ecalls (docs/zkvm-abi.md). */
#include <stdlib.h>

#include "rivet/crypto.h"
#include "rv/rv_internal.h"
#include "rv/zkvm_internal.h"

enum { A0 = 10, A1 = 11, A2 = 12, A3 = 13, A7 = 17, SP = 2 };

static const char *const call_names[] = {
#define X(name, nr, text) text,
    RV_ZKVM_ECALL_LIST(X)
#undef X
};

const char *rv_zkvm_call_name(unsigned i)
{
    return i < sizeof call_names / sizeof call_names[0] ? call_names[i] : "?";
}

void rv_zkvm_free(rv_zkvm *z)
{
    buf_free(&z->output);
    buf_free(&z->pushed);
    buf_free(&z->hint);
    buf_free(&z->host_log);
    buf_free(&z->public_values);
    rv_zkvm_zisk_free(z);
}

#define arg rv_zkvm_arg

/* Guest buffers are copied through host memory so faults become traps, never host crashes. */
static bool gread(rv_cpu *cpu, uint64_t a, void *p, size_t n)
{
    return rv_mem_read_guest(cpu->mem, a, p, n);
}

rv_env_action rv_zkvm_fault(rv_cpu *cpu, bool store, uint64_t a)
{
    return rv_cpu_trap(cpu, store ? RV_CAUSE_STORE_FAULT : RV_CAUSE_LOAD_FAULT, a);
}
#define fault rv_zkvm_fault

rv_env_action rv_zkvm_write_fd(rv_cpu *cpu, rv_zkvm *z, uint64_t fd, uint64_t a, uint64_t n,
                               int64_t *res)
{
    if (fd != 1 && fd != 2) {
        *res = -9; /* EBADF */
        return RV_ENV_CONTINUE;
    }
    if (fd == 1 && n > RV_ZKVM_OUTPUT_MAX - z->output.n) {
        *res = -27; /* EFBIG: the output is capped */
        return RV_ENV_CONTINUE;
    }
    uint8_t chunk[4096];
    for (uint64_t done = 0; done < n;) {
        size_t k = n - done < sizeof chunk ? (size_t)(n - done) : sizeof chunk;
        if (!gread(cpu, a + done, chunk, k)) return fault(cpu, false, a + done);
        if (fd == 1) {
            if (buf_append(&z->output, chunk, k)) return rv_cpu_trap(cpu, RV_CAUSE_STORE_FAULT, a);
            if (z->echo_out) fwrite(chunk, 1, k, z->echo_out);
        } else if (z->echo_err) {
            fwrite(chunk, 1, k, z->echo_err);
        }
        done += k;
    }
    *res = (int64_t)n;
    return RV_ENV_CONTINUE;
}

static rv_env_action do_write(rv_cpu *cpu, rv_zkvm *z)
{
    int64_t res;
    rv_env_action act = rv_zkvm_write_fd(cpu, z, arg(cpu, A0), arg(cpu, A1), arg(cpu, A2), &res);
    if (act == RV_ENV_CONTINUE) cpu->h.x[A0] = (uint64_t)res;
    return act;
}

static rv_env_action do_read(rv_cpu *cpu, rv_zkvm *z)
{
    uint64_t fd = arg(cpu, A0), a = arg(cpu, A1), n = arg(cpu, A2);
    if (fd != 0) {
        cpu->h.x[A0] = (uint64_t)-9;
        return RV_ENV_CONTINUE;
    }
    size_t avail = z->input_len - z->input_pos;
    size_t k = n < avail ? (size_t)n : avail;
    if (!rv_mem_write_guest(cpu->mem, a, z->input + z->input_pos, k)) return fault(cpu, true, a);
    z->input_pos += k;
    cpu->h.x[A0] = k;
    return RV_ENV_CONTINUE;
}

/* Hash accelerators: (data, len, out). */
static rv_env_action do_hash(rv_cpu *cpu, bool keccak)
{
    uint64_t a = arg(cpu, A0), n = arg(cpu, A1), out = arg(cpu, A2);
    uint8_t h[32];
    const void *p = n ? rv_mem_ptr(cpu->mem, a, n, RV_PROT_R) : "";
    if (!p) { /* spans regions: copy */
        uint8_t *tmp = n <= RV_ZKVM_INPUT_MAX ? malloc(n) : NULL;
        if (!tmp || !gread(cpu, a, tmp, n)) {
            free(tmp);
            return fault(cpu, false, a);
        }
        if (keccak)
            crypto_keccak256(h, tmp, n);
        else
            crypto_sha256(h, tmp, n);
        free(tmp);
    } else if (keccak) {
        crypto_keccak256(h, p, n);
    } else {
        crypto_sha256(h, p, n);
    }
    if (!rv_mem_write_guest(cpu->mem, out, h, 32)) return fault(cpu, true, out);
    return RV_ENV_CONTINUE;
}

rv_env_action rv_zkvm_keccakf_at(rv_cpu *cpu, uint64_t in, uint64_t out)
{
    uint64_t st[25];
    uint8_t b[200];
    if (!gread(cpu, in, b, sizeof b)) return fault(cpu, false, in);
    for (int i = 0; i < 25; i++) {
        st[i] = 0;
        for (int k = 7; k >= 0; k--)
            st[i] = st[i] << 8 | b[8 * i + k];
    }
    crypto_keccakf(st);
    for (int i = 0; i < 25; i++)
        for (int k = 0; k < 8; k++)
            b[8 * i + k] = (uint8_t)(st[i] >> (8 * k));
    if (!rv_mem_write_guest(cpu->mem, out, b, sizeof b)) return fault(cpu, true, out);
    return RV_ENV_CONTINUE;
}

static rv_env_action do_ecrecover(rv_cpu *cpu)
{
    uint64_t m = arg(cpu, A0), s = arg(cpu, A1), recid = arg(cpu, A2), out = arg(cpu, A3);
    uint8_t msg[32], sig[64], pub[64];
    if (!gread(cpu, m, msg, 32)) return fault(cpu, false, m);
    if (!gread(cpu, s, sig, 64)) return fault(cpu, false, s);
    if (recid > 3 || !crypto_secp256k1_recover(pub, msg, sig, (int)recid)) {
        cpu->h.x[A0] = (uint64_t)(int64_t)RV_ZKVM_ERROR;
        return RV_ENV_CONTINUE;
    }
    if (!rv_mem_write_guest(cpu->mem, out, pub, 64)) return fault(cpu, true, out);
    cpu->h.x[A0] = RV_ZKVM_SUCCESS;
    return RV_ENV_CONTINUE;
}

/* ECDSA verification as recovery: (r, s) is valid for key Q exactly when Q is one of the keys
   recovered with ids 0..3. Both low and high s are accepted, as in plain ECDSA. */
static rv_env_action do_verify(rv_cpu *cpu)
{
    uint64_t m = arg(cpu, A0), s = arg(cpu, A1), k = arg(cpu, A2);
    uint8_t msg[32], sig[64], key[64], pub[64];
    if (!gread(cpu, m, msg, 32)) return fault(cpu, false, m);
    if (!gread(cpu, s, sig, 64)) return fault(cpu, false, s);
    if (!gread(cpu, k, key, 64)) return fault(cpu, false, k);
    int64_t r = RV_ZKVM_VERIFY_FAILURE;
    for (int id = 0; id < 4; id++)
        if (crypto_secp256k1_recover(pub, msg, sig, id) && !memcmp(pub, key, 64))
            r = RV_ZKVM_SUCCESS;
    cpu->h.x[A0] = (uint64_t)r;
    return RV_ENV_CONTINUE;
}

/* A status in a0 for the accelerators that can fail. */
static rv_env_action status(rv_cpu *cpu, int64_t st)
{
    cpu->h.x[A0] = (uint64_t)st;
    return RV_ENV_CONTINUE;
}

/* zkvm_bn254_g1_add (a0 p1, a1 p2, a2 result) and zkvm_bn254_g1_mul (a0 point, a1 scalar, a2
   result): EIP-196 points (x || y, 32 bytes big-endian each); ZKVM_ERROR for a point off the
   curve or a coordinate not below the field modulus. */
static rv_env_action do_bn254_g1(rv_cpu *cpu, bool mul)
{
    uint64_t p = arg(cpu, A0), q = arg(cpu, A1), out = arg(cpu, A2);
    uint8_t a[64], b[64], r[64];
    if (!gread(cpu, p, a, 64)) return fault(cpu, false, p);
    if (!gread(cpu, q, b, mul ? 32 : 64)) return fault(cpu, false, q);
    crypto_err e = mul ? crypto_bn254_mul(r, a, b) : crypto_bn254_add(r, a, b);
    if (e != CRYPTO_OK) return status(cpu, RV_ZKVM_ERROR);
    if (!rv_mem_write_guest(cpu->mem, out, r, 64)) return fault(cpu, true, out);
    return status(cpu, RV_ZKVM_SUCCESS);
}

/* zkvm_bn254_pairing (a0 input, a1 length): EIP-197 pairs of 192 bytes; 0 when the product of
   the pairings is one, ZKVM_VERIFY_FAILURE when not, ZKVM_ERROR for a bad length or point. */
static rv_env_action do_bn254_pairing(rv_cpu *cpu)
{
    uint64_t p = arg(cpu, A0), n = arg(cpu, A1);
    if (n % 192 || n > RV_ZKVM_BN254_PAIRING_MAX) return status(cpu, RV_ZKVM_ERROR);
    uint8_t *in = malloc(n ? n : 1);
    if (!in) return status(cpu, RV_ZKVM_ERROR);
    if (!gread(cpu, p, in, n)) {
        free(in);
        return fault(cpu, false, p);
    }
    bool ok;
    crypto_err e = crypto_bn254_pairing_check(&ok, in, n / 192);
    free(in);
    if (e != CRYPTO_OK) return status(cpu, RV_ZKVM_ERROR);
    return status(cpu, ok ? RV_ZKVM_SUCCESS : RV_ZKVM_VERIFY_FAILURE);
}

static rv_env_action zkvm_ecall(rv_cpu *cpu)
{
    rv_zkvm *z = cpu->env_ctx;
    uint64_t nr = arg(cpu, A7);
    z->vcall = -1;
    if (!rv_zkvm_rivet_io(z->abi)) { /* the vendor's map: only the vendor's calls */
        int v = rv_zkvm_vcall_of(cpu, z);
        return v < 0 ? rv_cpu_trap(cpu, RV_CAUSE_ECALL, rv_zkvm_arg(cpu, 5))
                     : rv_zkvm_vcall(cpu, z, v);
    }
    if (z->abi != RV_ZKVM_ABI_RIVET && !rv_zkvm_is_io(nr)) { /* rivet's I/O and the vendor's */
        int v = rv_zkvm_vcall_of(cpu, z);
        return v < 0 ? rv_cpu_trap(cpu, RV_CAUSE_ECALL, nr) : rv_zkvm_vcall(cpu, z, v);
    }
    unsigned i = 0;
#define X(name, num, text)                                                                         \
    if (nr == num) z->calls[i]++;                                                                  \
    i++;
    RV_ZKVM_ECALL_LIST(X)
#undef X
    switch (nr) {
    case RV_ZKVM_READ: return do_read(cpu, z);
    case RV_ZKVM_WRITE: return do_write(cpu, z);
    case RV_ZKVM_EXIT:
    case RV_ZKVM_EXIT_GROUP: return rv_cpu_exit(cpu, (int64_t)(int32_t)arg(cpu, A0));
    case RV_ZKVM_KECCAK256: return do_hash(cpu, true);
    case RV_ZKVM_KECCAKF: return rv_zkvm_keccakf_at(cpu, arg(cpu, A0), arg(cpu, A0));
    case RV_ZKVM_SHA256: return do_hash(cpu, false);
    case RV_ZKVM_SECP256K1_ECRECOVER: return do_ecrecover(cpu);
    case RV_ZKVM_SECP256K1_VERIFY: return do_verify(cpu);
    case RV_ZKVM_BN254_G1_ADD: return do_bn254_g1(cpu, false);
    case RV_ZKVM_BN254_G1_MUL: return do_bn254_g1(cpu, true);
    case RV_ZKVM_BN254_PAIRING: return do_bn254_pairing(cpu);
    default: return rv_cpu_trap(cpu, RV_CAUSE_ECALL, nr);
    }
}

/* The footprints of the calls above: what each reads, and (after it ran, a0 holding its result)
   what it wrote. The trace logs the inputs; the replayer re-runs the handler and marks the
   outputs. */
unsigned rv_zkvm_call_inputs(const rv_cpu *cpu, rv_zkvm_range r[RV_ZKVM_MAX_RANGES])
{
    uint64_t a0 = arg(cpu, A0), a1 = arg(cpu, A1), a2 = arg(cpu, A2);
    switch (arg(cpu, A7)) {
    case RV_ZKVM_WRITE:
        if (a0 != 1 && a0 != 2) return 0;
        r[0] = (rv_zkvm_range){a1, a2};
        return 1;
    case RV_ZKVM_KECCAK256:
    case RV_ZKVM_SHA256: r[0] = (rv_zkvm_range){a0, a1}; return 1;
    case RV_ZKVM_KECCAKF: r[0] = (rv_zkvm_range){a0, 200}; return 1;
    case RV_ZKVM_SECP256K1_ECRECOVER:
        r[0] = (rv_zkvm_range){a0, 32};
        r[1] = (rv_zkvm_range){a1, 64};
        return 2;
    case RV_ZKVM_SECP256K1_VERIFY:
        r[0] = (rv_zkvm_range){a0, 32};
        r[1] = (rv_zkvm_range){a1, 64};
        r[2] = (rv_zkvm_range){a2, 64};
        return 3;
    case RV_ZKVM_BN254_G1_ADD:
    case RV_ZKVM_BN254_G1_MUL:
        r[0] = (rv_zkvm_range){a0, 64};
        r[1] = (rv_zkvm_range){a1, arg(cpu, A7) == RV_ZKVM_BN254_G1_MUL ? 32 : 64};
        return 2;
    case RV_ZKVM_BN254_PAIRING:
        if (a1 % 192 || a1 > RV_ZKVM_BN254_PAIRING_MAX) return 0;
        r[0] = (rv_zkvm_range){a0, a1};
        return 1;
    default: return 0;
    }
}

unsigned rv_zkvm_call_outputs(const rv_cpu *cpu, rv_zkvm_range r[RV_ZKVM_MAX_RANGES])
{
    uint64_t a0 = arg(cpu, A0), a1 = arg(cpu, A1), a2 = arg(cpu, A2);
    switch (arg(cpu, A7)) {
    case RV_ZKVM_READ: /* a0: the bytes delivered, or an error code */
        if (a0 == 0 || a0 > a2) return 0;
        r[0] = (rv_zkvm_range){a1, a0};
        return 1;
    case RV_ZKVM_KECCAK256:
    case RV_ZKVM_SHA256: r[0] = (rv_zkvm_range){a2, 32}; return 1;
    case RV_ZKVM_KECCAKF: r[0] = (rv_zkvm_range){a0, 200}; return 1;
    case RV_ZKVM_SECP256K1_ECRECOVER:
        if (a0 != RV_ZKVM_SUCCESS) return 0;
        r[0] = (rv_zkvm_range){arg(cpu, A3), 64};
        return 1;
    case RV_ZKVM_BN254_G1_ADD:
    case RV_ZKVM_BN254_G1_MUL:
        if (a0 != RV_ZKVM_SUCCESS) return 0;
        r[0] = (rv_zkvm_range){a2, 64};
        return 1;
    default: return 0;
    }
}

static const rv_env zkvm_env = {.ecall = zkvm_ecall, .csr = rv_zkvm_csr, .custom = rv_zkvm_custom};

/* ZisK's transpiler drops ebreak: a no-op there (a breakpoint trap elsewhere). */
static rv_env_action zkvm_ebreak_nop(rv_cpu *cpu)
{
    (void)cpu;
    return RV_ENV_CONTINUE;
}
static const rv_env zkvm_env_zisk = {
    .ecall = zkvm_ecall, .ebreak = zkvm_ebreak_nop, .csr = rv_zkvm_csr, .custom = rv_zkvm_custom};

rivet_status rv_zkvm_setup(rv_cpu *cpu, rv_zkvm *z, const uint8_t *elf, size_t len, rivet_diag *d)
{
    if (!rv_zkvm_profile_xlen(z->abi, cpu->xlen))
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "profile %s is RV%d, the program RV%d",
                          rv_zkvm_profile_at(z->abi) ? rv_zkvm_profile_at(z->abi)->name : "?",
                          rv_zkvm_profile_at(z->abi) ? rv_zkvm_profile_at(z->abi)->xlen : 0,
                          cpu->xlen);
    if (!rv_zkvm_rivet_io(z->abi)) cpu->ext = rv_zkvm_abi_ext(z->abi) | RV_EXT_I;
    rivet_status st = rv_zkvm_map(cpu, z, elf, len, d);
    if (st) return st;
    cpu->env = z->zisk ? &zkvm_env_zisk : &zkvm_env;
    cpu->env_ctx = z;
    z->vcall = -1;
    return RIVET_OK;
}
