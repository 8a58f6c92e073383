/* ZisK's ABI (include/rivet/rv_zisk.h): every CSR-port accelerator, the fcall hints, the DMA
   markers and the CSR slots, run as guest instructions on the interpreter. Expected values
   come from tests/unit/rv/zisk_vectors.py (Python integers and hashlib), never from rivet. */
#include <string.h>

#include "test.h"

#include "rivet/rv_zisk.h"
#include "rvt.h"

#include "zisk_vectors.inc"

enum { T0 = 5, A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14 };
#define PAR  (DATA)          /* parameter block */
#define OPS  (DATA + 0x100)  /* operands, 0x100 apart */
#define OUTB (DATA + 0x1800) /* results stored by the fcall programs */

static const rv_env zisk_env = {.csr = rv_zisk_csr};

typedef struct zt {
    rvt t;
    rv_zisk z;
} zt;

static void zt_init(zt *m, rv_zisk_io io)
{
    rvt_init(&m->t);
    memset(&m->z, 0, sizeof m->z);
    m->z.io = io;
    m->t.cpu.env = &zisk_env;
    m->t.cpu.env_ctx = &m->z;
    m->t.cpu.ext = RV_EXT_I | RV_EXT_M | RV_EXT_A | RV_EXT_C | RV_EXT_ZICSR;
}

static void put(zt *m, uint64_t a, const uint64_t *w, size_t n)
{
    assert_true(rv_mem_write(m->t.mem, a, w, 8 * n));
}
static void expect(zt *m, uint64_t a, const uint64_t *w, size_t n)
{
    uint64_t got[64];
    assert_true(rv_mem_read(m->t.mem, a, got, 8 * n));
    for (size_t i = 0; i < n; i++)
        assert_int_equal(got[i], w[i]);
}
static uint32_t csrrs(unsigned rd, unsigned csr, unsigned rs1)
{
    return enc_i((int32_t)csr, rs1, 2, rd, 0x73);
}
static uint32_t csrrw(unsigned rd, unsigned csr, unsigned rs1)
{
    return enc_i((int32_t)csr, rs1, 1, rd, 0x73);
}
static uint32_t csrrwi(unsigned rd, unsigned csr, unsigned imm)
{
    return enc_i((int32_t)csr, imm, 5, rd, 0x73);
}
static uint32_t addi(unsigned rd, unsigned rs1, int32_t imm)
{
    return enc_i(imm, rs1, 0, rd, 0x13);
}
static uint32_t add(unsigned rd, unsigned rs1, unsigned rs2)
{
    return enc_r(0, rs2, rs1, 0, rd, 0x33);
}
static uint32_t sd(unsigned rs2, unsigned rs1, int32_t imm)
{
    return enc_s(imm, rs2, rs1, 3, 0x23);
}

/* Runs `csrs csr, a0` with a0 = PAR and checks it continued; returns rd's value (a1). */
static uint64_t port(zt *m, unsigned csr)
{
    m->t.cpu.h.x[A0] = PAR;
    rvt_emit(&m->t, csrrs(A1, csr, A0));
    rv_result r = rvt_run(&m->t, 1);
    assert_int_equal(r.stop, RV_STOP_LIMIT);
    return m->t.cpu.h.x[A1];
}

/* A block of k pointers to operands of n limbs each, taken from row (k operands). */
static void block(zt *m, const uint64_t *row, int k, int n)
{
    for (int i = 0; i < k; i++) {
        uint64_t p = OPS + 0x100 * (uint64_t)i;
        put(m, PAR + 8 * (uint64_t)i, &p, 1);
        put(m, p, row + i * n, (size_t)n);
    }
}

static void arith(void **state)
{
    zt m;
    zt_init(&m, RV_ZISK_IO_V015);
    for (size_t i = 0; i < sizeof v_arith256 / sizeof v_arith256[0]; i++) {
        block(&m, v_arith256[i], 5, 4);
        port(&m, 0x801);
        expect(&m, OPS + 0x300, v_arith256[i] + 12, 4);
        expect(&m, OPS + 0x400, v_arith256[i] + 16, 4);
    }
    for (size_t i = 0; i < sizeof v_arith256_mod / sizeof v_arith256_mod[0]; i++) {
        block(&m, v_arith256_mod[i], 5, 4);
        port(&m, 0x802);
        expect(&m, OPS + 0x400, v_arith256_mod[i] + 16, 4);
        block(&m, v_arith384_mod[i], 5, 6);
        port(&m, 0x80b);
        expect(&m, OPS + 0x400, v_arith384_mod[i] + 24, 6);
    }
    for (size_t i = 0; i < sizeof v_add256 / sizeof v_add256[0]; i++) {
        const uint64_t *v = v_add256[i];
        uint64_t ptr[4] = {OPS, OPS + 0x100, v[8], OPS + 0x200};
        put(&m, PAR, ptr, 4);
        put(&m, OPS, v, 4);
        put(&m, OPS + 0x100, v + 4, 4);
        assert_int_equal(port(&m, 0x811), v[13]); /* the carry comes back through csrrs */
        expect(&m, OPS + 0x200, v + 9, 4);
    }
    /* a zero modulus is undefined: a trap, not a crash */
    uint64_t zero[4] = {0};
    block(&m, v_arith256_mod[0], 5, 4);
    put(&m, OPS + 0x300, zero, 4);
    m.t.cpu.h.x[A0] = PAR;
    rvt_emit(&m.t, csrrs(0, 0x802, A0));
    assert_int_equal(rvt_run(&m.t, 1).cause, RV_CAUSE_ILLEGAL);
    /* bad pointers are access faults at the port's pc with the address, never host crashes */
    uint64_t bad = 0x7000000000ull;
    put(&m, PAR + 8, &bad, 1);
    m.t.cpu.h.x[A0] = PAR;
    uint64_t at = m.t.cpu.h.pc = m.t.end; /* past the trapped instruction */
    rvt_emit(&m.t, csrrs(0, 0x801, A0));
    rv_result r = rvt_run(&m.t, 1);
    assert_int_equal(r.stop, RV_STOP_TRAP);
    assert_int_equal(r.cause, RV_CAUSE_LOAD_FAULT);
    assert_int_equal(r.tval, bad);
    assert_int_equal(r.pc, at);
    m.t.cpu.h.x[A0] = bad; /* the block itself */
    m.t.cpu.h.pc = at = m.t.end;
    rvt_emit(&m.t, csrrs(0, 0x803, A0));
    r = rvt_run(&m.t, 1);
    assert_int_equal(r.cause, RV_CAUSE_LOAD_FAULT);
    assert_int_equal(r.pc, at);
    rvt_free(&m.t);
}

/* add: {p1*, p2*}, p1 += p2; dbl: p itself. */
static void curve(zt *m, unsigned csr_add, const uint64_t *add_v, size_t nadd, int n)
{
    for (size_t i = 0; i < nadd; i++) {
        const uint64_t *v = add_v + i * (size_t)(6 * n);
        uint64_t ptr[2] = {OPS, OPS + 0x100};
        put(m, PAR, ptr, 2);
        put(m, OPS, v, 2 * (size_t)n);
        put(m, OPS + 0x100, v + 2 * n, 2 * (size_t)n);
        port(m, csr_add);
        expect(m, OPS, v + 4 * n, 2 * (size_t)n);
    }
}
static void curve_dbl(zt *m, unsigned csr, const uint64_t *dbl_v, size_t ndbl, int n)
{
    for (size_t i = 0; i < ndbl; i++) {
        const uint64_t *v = dbl_v + i * (size_t)(4 * n);
        put(m, PAR, v, 2 * (size_t)n);
        port(m, csr);
        expect(m, PAR, v + 2 * n, 2 * (size_t)n);
    }
}
#define ROWS(v) (sizeof v / sizeof v[0])

static void curves(void **state)
{
    zt m;
    zt_init(&m, RV_ZISK_IO_V015);
    curve(&m, 0x803, v_secp256k1_add[0], ROWS(v_secp256k1_add), 4);
    curve_dbl(&m, 0x804, v_secp256k1_dbl[0], ROWS(v_secp256k1_dbl), 4);
    curve(&m, 0x817, v_secp256r1_add[0], ROWS(v_secp256r1_add), 4);
    curve_dbl(&m, 0x818, v_secp256r1_dbl[0], ROWS(v_secp256r1_dbl), 4);
    curve(&m, 0x806, v_bn254_add[0], ROWS(v_bn254_add), 4);
    curve_dbl(&m, 0x807, v_bn254_dbl[0], ROWS(v_bn254_dbl), 4);
    curve(&m, 0x80c, v_bls12_381_add[0], ROWS(v_bls12_381_add), 6);
    curve_dbl(&m, 0x80d, v_bls12_381_dbl[0], ROWS(v_bls12_381_dbl), 6);
    rvt_free(&m.t);
}

static void complex_ops(zt *m, unsigned csr0, const uint64_t *rows, size_t nrows, int n)
{
    for (size_t i = 0; i < nrows; i++)
        for (int op = 0; op < 3; op++) { /* add, sub, mul */
            const uint64_t *v = rows + i * (size_t)(10 * n);
            uint64_t ptr[2] = {OPS, OPS + 0x100};
            put(m, PAR, ptr, 2);
            put(m, OPS, v, 2 * (size_t)n);
            put(m, OPS + 0x100, v + 2 * n, 2 * (size_t)n);
            port(m, csr0 + (unsigned)op);
            expect(m, OPS, v + (4 + 2 * op) * n, 2 * (size_t)n);
        }
}

static void complex(void **state)
{
    zt m;
    zt_init(&m, RV_ZISK_IO_V015);
    complex_ops(&m, 0x808, v_bn254_complex[0], ROWS(v_bn254_complex), 4);
    complex_ops(&m, 0x80e, v_bls12_381_complex[0], ROWS(v_bls12_381_complex), 6);
    rvt_free(&m.t);
}

static void hashes(void **state)
{
    zt m;
    zt_init(&m, RV_ZISK_IO_V015);
    for (size_t i = 0; i < ROWS(v_sha256f); i++) {
        uint64_t ptr[2] = {OPS, OPS + 0x100};
        put(&m, PAR, ptr, 2);
        put(&m, OPS, v_sha256f[i], 4);
        put(&m, OPS + 0x100, v_sha256f[i] + 4, 8);
        port(&m, 0x805);
        expect(&m, OPS, v_sha256f[i] + 12, 4);
    }
    for (size_t i = 0; i < ROWS(v_keccakf); i++) {
        put(&m, PAR, v_keccakf[i], 25);
        port(&m, 0x800);
        expect(&m, PAR, v_keccakf[i] + 25, 4);
    }
    for (size_t i = 0; i < ROWS(v_blake2b); i++) { /* 12 rounds, then h ^ v_lo ^ v_hi */
        const uint64_t *v = v_blake2b[i];
        put(&m, OPS, v + 8, 16);
        put(&m, OPS + 0x100, v + 24, 16);
        for (uint64_t r = 0; r < 12; r++) {
            uint64_t blk[3] = {r, OPS, OPS + 0x100};
            put(&m, PAR, blk, 3);
            port(&m, 0x819);
        }
        uint64_t w[16];
        assert_true(rv_mem_read(m.t.mem, OPS, w, sizeof w));
        for (int k = 0; k < 8; k++)
            assert_int_equal(v[k] ^ w[k] ^ w[k + 8], v[40 + k]);
    }
    rvt_free(&m.t);
}

/* fcall id on parameter words p (one 0x8F0+k port per group of g words), then n results read
   through csrr 0xFFE and stored at OUTB. */
static void fcall(zt *m, unsigned id, const uint64_t *p, const unsigned *groups, int ng, unsigned n)
{
    static const unsigned port_of[] = {[1] = 0, [2] = 1, [4] = 2, [8] = 3, [12] = 4};
    uint64_t at = OPS + 0x400;
    size_t off = 0;
    m->t.cpu.h.x[A1] = OUTB;
    for (int i = 0; i < ng; i++) {
        if (groups[i] == 1) { /* the value itself */
            m->t.cpu.h.x[A2 + i] = p[off];
        } else {
            put(m, at, p + off, groups[i]);
            m->t.cpu.h.x[A2 + i] = at;
            at += 0x100;
        }
        rvt_emit(&m->t, csrrs(0, 0x8f0 + port_of[groups[i]], A2 + (unsigned)i));
        off += groups[i];
    }
    rvt_emit(&m->t, csrrwi(0, 0x8c0 + (id >> 5), id & 31));
    for (unsigned k = 0; k < n; k++) {
        rvt_emit(&m->t, csrrs(T0, 0xffe, 0));
        rvt_emit(&m->t, sd(T0, A1, (int32_t)(8 * k)));
    }
    rv_result r = rvt_run(&m->t, (uint64_t)ng + 1 + 2 * n);
    assert_int_equal(r.stop, RV_STOP_LIMIT);
}

static void hints(void **state)
{
    zt m;
    zt_init(&m, RV_ZISK_IO_V015);
    static const unsigned g4[] = {4}, g41[] = {4, 1}, g8[] = {8}, g44[] = {4, 4};
    for (size_t i = 0; i < ROWS(v_k1_inv); i++) {
        fcall(&m, 1, v_k1_inv[i], g4, 1, 4); /* fp inverse */
        expect(&m, OUTB, v_k1_inv[i] + 4, 4);
        fcall(&m, 2, v_k1_inv[i] + 8, g4, 1, 4); /* fn inverse */
        expect(&m, OUTB, v_k1_inv[i] + 12, 4);
    }
    for (size_t i = 0; i < ROWS(v_k1_sqrt); i++) {
        fcall(&m, 3, v_k1_sqrt[i], g41, 2, 5);
        expect(&m, OUTB, v_k1_sqrt[i] + 5, 5);
    }
    for (size_t i = 0; i < ROWS(v_bn254_fp2_inv); i++) {
        fcall(&m, 7, v_bn254_fp2_inv[i], g8, 1, 8);
        expect(&m, OUTB, v_bn254_fp2_inv[i] + 8, 8);
    }
    /* pairing line coefficients: BN254 (ids 8, 9) and BLS12-381 (ids 13, 14 up to v0.15) */
    for (size_t i = 0; i < ROWS(v_lines); i++) {
        const uint64_t *v = v_lines[i] + 1;
        unsigned n = (unsigned)v_lines[i][0], w = 2 * n;
        uint64_t par[48];
        for (int k = 0; k < 4; k++) /* x1, y1, x2, y2 as F_p^2 of 2n words */
            memcpy(par + k * w, v + 12 * k, 8 * w);
        unsigned g[4] = {w, w, w, w};
        fcall(&m, n == 4 ? 8 : 13, par, g, 4, 2 * w); /* add */
        expect(&m, OUTB, v + 48, w);
        expect(&m, OUTB + 8 * w, v + 60, w);
        fcall(&m, n == 4 ? 9 : 14, par, g, 2, 2 * w); /* dbl: x1, y1 */
        expect(&m, OUTB, v + 72, w);
        expect(&m, OUTB + 8 * w, v + 84, w);
    }
    /* the vendor's own BN254 add-line case (ziskos fcalls_impl/bn254/twist.rs, test_add_line) */
    static const uint64_t vp[32] = {
        0x66f0731159b54cd6, 0xb630013739a5a053, 0x31045e15f3a54bc2, 0x214275f5c7d57155,
        0xfaf80b929d13179a, 0xf63689aef8ecc6ff, 0x26ffe67c5b2f3a49, 0x04d4ad74230d1e83,
        0x46246b07a2ce41fd, 0x65cd5922607deeee, 0xe4ae145fac34c502, 0x1e977a2280041e87,
        0x20ca11200df6b3c4, 0x00bed9e88dfb7f8d, 0x735adb5c7981edda, 0x226adef094e4c626,
        0x4b70ada95bc43412, 0x38f6cc990d30c020, 0xca7d1f2becd3258a, 0x2f9041da70888180,
        0x8d940679d41b2409, 0xb28d0f4c5ea7672c, 0xaa05b19dfad3217a, 0x04ff3ef00c3f7d32,
        0x0cf3024d5172b33a, 0xb3f5b354255ea1ee, 0x70f37619880ce080, 0x0e35dfd0b8edaa9c,
        0xf0e610b9d6ba7228, 0x8d4202db12ceed20, 0xdab0c37f22e05f42, 0x172945c562cea2c7};
    static const uint64_t vl[16] = {
        0x70a3dd9659d4661d, 0x272dad27777b65c9, 0x0d3ed5d3d8417100, 0x28b3fb64bf5e0593,
        0x84591f2f3fcbbf52, 0x14fd5d4745900016, 0xf620661dd1c5db97, 0x0352e891aa056e3a,
        0x7ae5d34cb3796d62, 0x72e9885302380fda, 0x90ba3e6a5edbad26, 0x0da370e47b9854d6,
        0x337d5300e9a1f793, 0x8e74c5f9836fb364, 0x9207b0b313b312b5, 0x263c38b6fef528c5};
    static const unsigned g8x4[] = {8, 8, 8, 8};
    fcall(&m, 8, vp, g8x4, 4, 16);
    expect(&m, OUTB, vl, 16);
    /* msb_pos_256 (v0.15 id 4): the top limb of the two numbers and its highest bit */
    uint64_t xy[8] = {5, 0, 0x10, 0, 7, 0, 0x400, 0}, want[2] = {2, 10};
    fcall(&m, 4, xy, g44, 2, 2);
    expect(&m, OUTB, want, 2);
    rvt_free(&m.t);

    zt_init(&m, RV_ZISK_IO_V016); /* ids of v0.16+: ECDSA verify is 4, msb_pos_256 17 */
    static const unsigned g8444[] = {8, 4, 4, 4}, g1444[] = {1, 4, 4, 4};
    for (size_t i = 0; i < ROWS(v_k1_ecdsa); i++) {
        fcall(&m, 4, v_k1_ecdsa[i], g8444, 4, 8);
        expect(&m, OUTB, v_k1_ecdsa[i] + 20, 8);
    }
    for (size_t i = 0; i < ROWS(v_bigint_div); i++) { /* a = b q + r: lengths, then limbs */
        static const unsigned ones[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        const uint64_t *v = v_bigint_div[i];
        uint64_t par[12];
        memcpy(par, v, sizeof par);
        fcall(&m, 22, par, ones, 12, 14);
        expect(&m, OUTB, v + 12, 1 + (size_t)v[12]);
        expect(&m, OUTB + 8 * (1 + v[12]), v + 21, 1 + (size_t)v[21]);
    }
    /* bin_decomp (id 16): 0x2d in two limbs -> 6 bits, top first: 1 0 1 1 0 1 */
    static const unsigned g111[] = {1, 1, 1};
    uint64_t bd[3] = {2, 0x2d, 0}, bdw[7] = {6, 1, 0, 1, 1, 0, 1};
    fcall(&m, 16, bd, g111, 3, 7);
    expect(&m, OUTB, bdw, 7);
    uint64_t cxyz[13] = {3, 0, 0, 1, 0, 0, 0, 0x8000, 0, 0, 0, 0xff, 0}, want3[2] = {2, 15};
    fcall(&m, 17, cxyz, g1444, 4, 2);
    expect(&m, OUTB, want3, 2);
    rvt_free(&m.t);
}

/* memcpy, memcmp (difference of the first differing bytes) and memset through the DMA markers,
   whose operands ride on the next instruction; CSR slots: fcsr reads what was written. */
static void dma_and_slots(void **state)
{
    zt m;
    zt_init(&m, RV_ZISK_IO_V016);
    assert_int_equal(rv_mem_map(m.t.mem, RV_ZISK_CSR_ADDR, 0x8000, RV_PROT_R | RV_PROT_W, NULL),
                     RIVET_OK);
    uint8_t src[40], dst[40];
    for (int i = 0; i < 40; i++)
        src[i] = (uint8_t)(3 * i + 1);
    assert_true(rv_mem_write(m.t.mem, OPS, src, sizeof src));
    rv_cpu *c = &m.t.cpu;
    c->h.x[A0] = OPS + 0x100; /* dst */
    c->h.x[A1] = OPS;         /* src */
    c->h.x[A2] = 37;
    rvt_emit(&m.t, csrrs(0, 0x813, A1)); /* memcpy(a0, a1, a2) */
    rvt_emit(&m.t, add(0, A0, A2));
    rvt_emit(&m.t, csrrs(0, 0x814, A1)); /* a3 = memcmp(a0, a1, a2) */
    rvt_emit(&m.t, add(A3, A0, A2));
    rvt_emit(&m.t, addi(A4, 0, 1));      /* a visible instruction between */
    rvt_emit(&m.t, csrrs(0, 0x816, A0)); /* memset(a0, 0x5a, a2 = 37) */
    rvt_emit(&m.t, addi(0, A2, 0x5a));
    rvt_emit(&m.t, csrrs(0, 0x814, A1)); /* a3 = memcmp(a0, a1, 37): 0x5a - 1 */
    rvt_emit(&m.t, add(A3 + 2, A0, A2));
    rv_result r = rvt_run(&m.t, 5); /* the operand instructions are not run */
    assert_int_equal(r.stop, RV_STOP_LIMIT);
    assert_int_equal(c->h.pc, m.t.end);
    assert_true(rv_mem_read(m.t.mem, OPS + 0x100, dst, sizeof dst));
    for (int i = 0; i < 37; i++)
        assert_int_equal(dst[i], 0x5a);
    assert_int_equal(dst[37], 0);
    assert_int_equal(c->h.x[A3], 0);
    assert_int_equal(c->h.x[A4], 1);
    assert_int_equal(c->h.x[A3 + 2], (uint64_t)(0x5a - 1));
    /* fcsr as a slot: csrrw reads 0, then what was written; marchid reads its slot */
    c->h.x[A0] = 3;
    rvt_emit(&m.t, csrrw(A1, 0x003, A0));
    rvt_emit(&m.t, csrrs(A2, 0x003, 0));
    r = rvt_run(&m.t, 2);
    assert_int_equal(r.stop, RV_STOP_LIMIT);
    assert_int_equal(c->h.x[A1], 0);
    assert_int_equal(c->h.x[A2], 3);
    assert_int_equal(m.z.port_calls[RV_ZISK_P_DMA_MEMCMP], 2);
    rvt_free(&m.t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arith),  cmocka_unit_test(curves), cmocka_unit_test(complex),
        cmocka_unit_test(hashes), cmocka_unit_test(hints),  cmocka_unit_test(dma_and_slots),
    };
    return test_main(tests);
}
