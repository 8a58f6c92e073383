/* ZisK's CSR-port accelerators (`csrs 0x800+id, p`, include/rivet/rv_zisk.h RV_ZISK_PORT_LIST):
   the parameter blocks as ziskos lays them out (ziskos/entrypoint/src/syscalls/, one file per port,
   repr(C) structs of u64 pointers and values; numbers are little-endian u64 limbs), the arithmetic
   in GMP. A block or operand the guest cannot read or write is a load/store fault; an
   operation the vendor leaves undefined (a modulus of 0, adding a point to itself or its
   negation, doubling a point with y = 0) is an illegal-instruction trap at the port. */
#include "rivet/crypto.h"
#include "rv/rv_internal.h"
#include "rv/zkvm_zisk_int.h"

/* The curves' base fields (y^2 = x^3 + a x + b; a = 0 except secp256r1, a = -3). */
enum {
    F_SECP256K1 = RV_ZISK_M_K1P,
    F_SECP256R1 = RV_ZISK_M_R1P,
    F_BN254 = RV_ZISK_M_BN,
    F_BLS12_381 = RV_ZISK_M_BLS
};

static const __mpz_struct *field(int f)
{
    return rv_zisk_modulus(f);
}

/* n little-endian limbs of guest memory <-> an integer. */
static bool get_num(rv_cpu *cpu, uint64_t a, int n, mpz_t v)
{
    uint64_t l[12];
    if (!rv_mem_read_guest(cpu->mem, a, l, (size_t)n * 8)) return false;
    mpz_import(v, (size_t)n, -1, 8, -1, 0, l);
    return true;
}
/* Stores v mod 2^(64 n). */
static bool put_num(rv_cpu *cpu, uint64_t a, int n, const mpz_t v)
{
    uint64_t l[24] = {0};
    size_t cnt = 0;
    mpz_export(l, &cnt, -1, 8, -1, 0, v);
    return rv_mem_write_guest(cpu->mem, a, l, (size_t)n * 8);
}

bool rv_zisk_peek64(rv_cpu *cpu, uint64_t a, uint64_t *v)
{
    return rv_mem_read_guest(cpu->mem, a, v, 8);
}

typedef struct {
    mpz_t a, b, c, d, e, t;
} nums;

static void nums_init(nums *m)
{
    mpz_inits(m->a, m->b, m->c, m->d, m->e, m->t, NULL);
}
static void nums_clear(nums *m)
{
    mpz_clears(m->a, m->b, m->c, m->d, m->e, m->t, NULL);
}

/* The result of a port: continue, or the trap for a fault at a / an undefined operation. */
enum { R_OK, R_LOAD, R_STORE, R_UNDEF };

/* {a*, b*, c*, dl*, dh*} (ARITH256) or {a*, b*, c*, m*, d*} (ARITH256_MOD, ARITH384_MOD). */
static int arith(rv_cpu *cpu, uint64_t p, int n, bool mod, uint64_t *fa, nums *m)
{
    uint64_t ptr[5];
    for (int i = 0; i < 5; i++)
        if (!rv_zisk_peek64(cpu, p + 8 * (uint64_t)i, &ptr[i])) return *fa = p + 8 * i, R_LOAD;
    mpz_t *v[4] = {&m->a, &m->b, &m->c, &m->d};
    for (int i = 0; i < (mod ? 4 : 3); i++)
        if (!get_num(cpu, ptr[i], n, *v[i])) return *fa = ptr[i], R_LOAD;
    mpz_mul(m->e, m->a, m->b);
    mpz_add(m->e, m->e, m->c);
    if (mod) {
        if (!mpz_sgn(m->d)) return R_UNDEF;
        mpz_mod(m->e, m->e, m->d);
        return put_num(cpu, ptr[4], n, m->e) ? R_OK : (*fa = ptr[4], R_STORE);
    }
    mpz_tdiv_q_2exp(m->t, m->e, 64u * (unsigned)n);
    if (!put_num(cpu, ptr[3], n, m->e)) return *fa = ptr[3], R_STORE;
    return put_num(cpu, ptr[4], n, m->t) ? R_OK : (*fa = ptr[4], R_STORE);
}

/* {a*, b*, cin, c*}: c = a + b + cin mod 2^256, the carry returned. */
static int add256(rv_cpu *cpu, uint64_t p, uint64_t *fa, nums *m, uint64_t *ret)
{
    uint64_t ptr[4];
    for (int i = 0; i < 4; i++)
        if (!rv_zisk_peek64(cpu, p + 8 * (uint64_t)i, &ptr[i])) return *fa = p + 8 * i, R_LOAD;
    if (!get_num(cpu, ptr[0], 4, m->a)) return *fa = ptr[0], R_LOAD;
    if (!get_num(cpu, ptr[1], 4, m->b)) return *fa = ptr[1], R_LOAD;
    mpz_add(m->e, m->a, m->b);
    mpz_add_ui(m->e, m->e, ptr[2]);
    mpz_tdiv_q_2exp(m->t, m->e, 256);
    *ret = mpz_get_ui(m->t);
    return put_num(cpu, ptr[3], 4, m->e) ? R_OK : (*fa = ptr[3], R_STORE);
}

/* Affine point operations over F_p; (a, b) = point 1 (updated), (c, d) = point 2. */
static bool ec_op(nums *m, const mpz_t p, bool dbl, long curve_a)
{
    if (dbl) { /* lambda = (3 x^2 + a) / 2y */
        mpz_mul(m->t, m->a, m->a);
        mpz_mul_ui(m->t, m->t, 3);
        if (curve_a) mpz_sub_ui(m->t, m->t, (unsigned long)-curve_a);
        mpz_mul_2exp(m->e, m->b, 1);
        mpz_set(m->c, m->a); /* x2 = x1 in x3 = l^2 - x1 - x2 */
    } else {                 /* lambda = (y2 - y1) / (x2 - x1) */
        mpz_sub(m->t, m->d, m->b);
        mpz_sub(m->e, m->c, m->a);
    }
    mpz_mod(m->e, m->e, p);
    if (!mpz_sgn(m->e) || !mpz_invert(m->e, m->e, p)) return false;
    mpz_mul(m->t, m->t, m->e);
    mpz_mod(m->t, m->t, p); /* lambda */
    mpz_mul(m->e, m->t, m->t);
    mpz_sub(m->e, m->e, m->a);
    mpz_sub(m->e, m->e, m->c);
    mpz_mod(m->e, m->e, p); /* x3 */
    mpz_sub(m->d, m->a, m->e);
    mpz_mul(m->d, m->d, m->t);
    mpz_sub(m->d, m->d, m->b);
    mpz_mod(m->b, m->d, p); /* y3 */
    mpz_set(m->a, m->e);
    return true;
}

/* F_p^2 = F_p[i] / (i^2 + 1): (a + b i) op= (c + d i). */
static void fp2_op(nums *m, const mpz_t p, int op)
{
    if (op == 0) {
        mpz_add(m->a, m->a, m->c);
        mpz_add(m->b, m->b, m->d);
    } else if (op == 1) {
        mpz_sub(m->a, m->a, m->c);
        mpz_sub(m->b, m->b, m->d);
    } else {
        mpz_mul(m->e, m->a, m->c);
        mpz_submul(m->e, m->b, m->d);
        mpz_mul(m->t, m->a, m->d);
        mpz_addmul(m->t, m->b, m->c);
        mpz_swap(m->a, m->e);
        mpz_swap(m->b, m->t);
    }
    mpz_mod(m->a, m->a, p);
    mpz_mod(m->b, m->b, p);
}

/* Curve (kind 0: add, 1: dbl) or complex (kind 2 + op) operation on n-limb coordinates:
   add and complex take {p1*, p2*}, dbl the point itself. */
static int pair_op(rv_cpu *cpu, uint64_t p, int n, int f, int kind, uint64_t *fa, nums *m)
{
    uint64_t p1 = p, p2 = 0;
    if (kind != 1) {
        if (!rv_zisk_peek64(cpu, p, &p1)) return *fa = p, R_LOAD;
        if (!rv_zisk_peek64(cpu, p + 8, &p2)) return *fa = p + 8, R_LOAD;
    }
    uint64_t sz = 8 * (uint64_t)n;
    if (!get_num(cpu, p1, n, m->a) || !get_num(cpu, p1 + sz, n, m->b)) return *fa = p1, R_LOAD;
    if (kind != 1 && (!get_num(cpu, p2, n, m->c) || !get_num(cpu, p2 + sz, n, m->d)))
        return *fa = p2, R_LOAD;
    const __mpz_struct *fp = field(f);
    if (kind >= 2)
        fp2_op(m, fp, kind - 2);
    else if (!ec_op(m, fp, kind == 1, f == F_SECP256R1 ? -3 : 0))
        return R_UNDEF;
    if (!put_num(cpu, p1, n, m->a) || !put_num(cpu, p1 + sz, n, m->b)) return *fa = p1, R_STORE;
    return R_OK;
}

/* {state*, input*}: the state 8 u32 (little-endian words), the input one 64-byte block. */
static int sha256f(rv_cpu *cpu, uint64_t p, uint64_t *fa)
{
    uint64_t sa, ia;
    uint32_t h[8];
    uint8_t blk[64];
    if (!rv_zisk_peek64(cpu, p, &sa) || !rv_zisk_peek64(cpu, p + 8, &ia)) return *fa = p, R_LOAD;
    if (!rv_mem_read_guest(cpu->mem, sa, h, 32)) return *fa = sa, R_LOAD;
    if (!rv_mem_read_guest(cpu->mem, ia, blk, 64)) return *fa = ia, R_LOAD;
    crypto_sha256_compress(h, blk);
    return rv_mem_write_guest(cpu->mem, sa, h, 32) ? R_OK : (*fa = sa, R_STORE);
}

static int keccakf(rv_cpu *cpu, uint64_t p, uint64_t *fa)
{
    uint64_t st[25];
    if (!rv_mem_read_guest(cpu->mem, p, st, sizeof st)) return *fa = p, R_LOAD;
    crypto_keccakf(st);
    return rv_mem_write_guest(cpu->mem, p, st, sizeof st) ? R_OK : (*fa = p, R_STORE);
}

rv_env_action rv_zisk_port(rv_cpu *cpu, rv_zisk *z, unsigned port, uint64_t p)
{
    nums m;
    uint64_t fa = 0, ret = 0;
    int r;
    z->port_calls[port]++;
    nums_init(&m);
    switch (port) {
    case RV_ZISK_P_KECCAKF: r = keccakf(cpu, p, &fa); break;
    case RV_ZISK_P_SHA256F: r = sha256f(cpu, p, &fa); break;
    case RV_ZISK_P_ARITH256: r = arith(cpu, p, 4, false, &fa, &m); break;
    case RV_ZISK_P_ARITH256_MOD: r = arith(cpu, p, 4, true, &fa, &m); break;
    case RV_ZISK_P_ARITH384_MOD: r = arith(cpu, p, 6, true, &fa, &m); break;
    case RV_ZISK_P_ADD256: r = add256(cpu, p, &fa, &m, &ret); break;
    case RV_ZISK_P_SECP256K1_ADD: r = pair_op(cpu, p, 4, F_SECP256K1, 0, &fa, &m); break;
    case RV_ZISK_P_SECP256K1_DBL: r = pair_op(cpu, p, 4, F_SECP256K1, 1, &fa, &m); break;
    case RV_ZISK_P_SECP256R1_ADD: r = pair_op(cpu, p, 4, F_SECP256R1, 0, &fa, &m); break;
    case RV_ZISK_P_SECP256R1_DBL: r = pair_op(cpu, p, 4, F_SECP256R1, 1, &fa, &m); break;
    case RV_ZISK_P_BN254_CURVE_ADD: r = pair_op(cpu, p, 4, F_BN254, 0, &fa, &m); break;
    case RV_ZISK_P_BN254_CURVE_DBL: r = pair_op(cpu, p, 4, F_BN254, 1, &fa, &m); break;
    case RV_ZISK_P_BN254_COMPLEX_ADD: r = pair_op(cpu, p, 4, F_BN254, 2, &fa, &m); break;
    case RV_ZISK_P_BN254_COMPLEX_SUB: r = pair_op(cpu, p, 4, F_BN254, 3, &fa, &m); break;
    case RV_ZISK_P_BN254_COMPLEX_MUL: r = pair_op(cpu, p, 4, F_BN254, 4, &fa, &m); break;
    case RV_ZISK_P_BLS12_381_CURVE_ADD: r = pair_op(cpu, p, 6, F_BLS12_381, 0, &fa, &m); break;
    case RV_ZISK_P_BLS12_381_CURVE_DBL: r = pair_op(cpu, p, 6, F_BLS12_381, 1, &fa, &m); break;
    case RV_ZISK_P_BLS12_381_COMPLEX_ADD: r = pair_op(cpu, p, 6, F_BLS12_381, 2, &fa, &m); break;
    case RV_ZISK_P_BLS12_381_COMPLEX_SUB: r = pair_op(cpu, p, 6, F_BLS12_381, 3, &fa, &m); break;
    case RV_ZISK_P_BLS12_381_COMPLEX_MUL: r = pair_op(cpu, p, 6, F_BLS12_381, 4, &fa, &m); break;
    case RV_ZISK_P_BLAKE2B_ROUND: r = rv_zisk_blake2b_round(cpu, p, &fa) ? R_OK : R_LOAD; break;
    case RV_ZISK_P_PROFILE: r = R_OK; break;
    default: r = R_UNDEF; break; /* POSEIDON2: not implemented */
    }
    nums_clear(&m);
    switch (r) {
    case R_OK: cpu->call_ret = ret; return RV_ENV_CONTINUE;
    case R_LOAD: return rv_cpu_trap(cpu, RV_CAUSE_LOAD_FAULT, fa);
    case R_STORE: return rv_cpu_trap(cpu, RV_CAUSE_STORE_FAULT, fa);
    default: return rv_cpu_trap(cpu, RV_CAUSE_ILLEGAL, 0);
    }
}

/* Operand limbs and layout of each port: kind 0 arith (5 pointers; ARITH256 writes two), 1
   add256 ({a*, b*, cin, c*}), 2 curve add / complex ({p1*, p2*}), 3 curve dbl (the point), 4
   keccakf (25 lanes), 5 sha256f ({state*, input*}), 6 blake2b ({round, v*, m*}), 7 none. */
static void port_shape(unsigned port, int *kind, int *n)
{
    *n = 4;
    switch (port) {
    case RV_ZISK_P_ARITH256:
    case RV_ZISK_P_ARITH256_MOD: *kind = 0; return;
    case RV_ZISK_P_ARITH384_MOD: *kind = 0, *n = 6; return;
    case RV_ZISK_P_ADD256: *kind = 1; return;
    case RV_ZISK_P_SECP256K1_DBL:
    case RV_ZISK_P_SECP256R1_DBL:
    case RV_ZISK_P_BN254_CURVE_DBL: *kind = 3; return;
    case RV_ZISK_P_BLS12_381_CURVE_DBL: *kind = 3, *n = 6; return;
    case RV_ZISK_P_BLS12_381_CURVE_ADD:
    case RV_ZISK_P_BLS12_381_COMPLEX_ADD:
    case RV_ZISK_P_BLS12_381_COMPLEX_SUB:
    case RV_ZISK_P_BLS12_381_COMPLEX_MUL: *kind = 2, *n = 6; return;
    case RV_ZISK_P_KECCAKF: *kind = 4; return;
    case RV_ZISK_P_SHA256F: *kind = 5; return;
    case RV_ZISK_P_BLAKE2B_ROUND: *kind = 6; return;
    case RV_ZISK_P_SECP256K1_ADD:
    case RV_ZISK_P_SECP256R1_ADD:
    case RV_ZISK_P_BN254_CURVE_ADD:
    case RV_ZISK_P_BN254_COMPLEX_ADD:
    case RV_ZISK_P_BN254_COMPLEX_SUB:
    case RV_ZISK_P_BN254_COMPLEX_MUL: *kind = 2; return;
    default: *kind = 7; return;
    }
}

static uint64_t word_at(rv_cpu *cpu, uint64_t a)
{
    uint64_t v = 0;
    return rv_zisk_peek64(cpu, a, &v) ? v : 0;
}

void rv_zisk_port_ranges(rv_cpu *cpu, unsigned port, uint64_t p, uint64_t in[6][2], unsigned *nin,
                         uint64_t out[2][2], unsigned *nout)
{
    int kind, n;
    port_shape(port, &kind, &n);
    uint64_t sz = 8 * (uint64_t)n;
    unsigned i = 0, o = 0;
#define IN(a, len)  (in[i][0] = (a), in[i][1] = (len), i++)
#define OUT(a, len) (out[o][0] = (a), out[o][1] = (len), o++)
    switch (kind) {
    case 0:
        IN(p, 40);
        for (int k = 0; k < (port == RV_ZISK_P_ARITH256 ? 3 : 4); k++)
            IN(word_at(cpu, p + 8 * (uint64_t)k), sz);
        if (port == RV_ZISK_P_ARITH256) OUT(word_at(cpu, p + 24), sz);
        OUT(word_at(cpu, p + 32), sz);
        break;
    case 1:
        IN(p, 32);
        IN(word_at(cpu, p), 32);
        IN(word_at(cpu, p + 8), 32);
        OUT(word_at(cpu, p + 24), 32);
        break;
    case 2:
        IN(p, 16);
        IN(word_at(cpu, p), 2 * sz);
        IN(word_at(cpu, p + 8), 2 * sz);
        OUT(word_at(cpu, p), 2 * sz);
        break;
    case 3:
        IN(p, 2 * sz);
        OUT(p, 2 * sz);
        break;
    case 4:
        IN(p, 200);
        OUT(p, 200);
        break;
    case 5:
        IN(p, 16);
        IN(word_at(cpu, p), 32);
        IN(word_at(cpu, p + 8), 64);
        OUT(word_at(cpu, p), 32);
        break;
    case 6:
        IN(p, 24);
        IN(word_at(cpu, p + 8), 128);
        IN(word_at(cpu, p + 16), 128);
        OUT(word_at(cpu, p + 8), 128);
        break;
    default: break;
    }
#undef IN
#undef OUT
    *nin = i;
    *nout = o;
}
