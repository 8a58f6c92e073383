#include "test.h"

#include <openssl/bn.h>
#include <secp256k1.h>
#include <stdlib.h>

#include "unit/rv/vendor_run.h"
#include "unit/trace/tiny_elf.h"

/* The vendor profiles' arithmetic calls against independent host libraries: SP1's secp256k1
   point operations against libsecp256k1, its 256-bit and field (BN254, BLS12-381) operations
   against OpenSSL's BN. rivet computes them with GMP. */

/* SP1 SECP256K1_ADD and _DOUBLE (GMP in rivet) against libsecp256k1: P = k1 G, Q = k2 G arrive
   as two hint buffers (affine x || y, little-endian) at 0x70000000 (the v6 stack region); the
   guest computes P + Q and 2Q and writes both to the public values, which must equal
   libsecp256k1's pubkey_combine(P, Q) and pubkey_combine(Q, Q). */
static void le_point(const secp256k1_context *c, const secp256k1_pubkey *k, uint8_t out[64])
{
    uint8_t ser[65];
    size_t n = sizeof ser;
    assert_true(secp256k1_ec_pubkey_serialize(c, ser, &n, k, SECP256K1_EC_UNCOMPRESSED));
    for (int i = 0; i < 32; i++) {
        out[i] = ser[32 - i];
        out[32 + i] = ser[64 - i];
    }
}

static void sp1_secp256k1(void **state)
{
    (void)state;
    secp256k1_context *c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    uint8_t k1[32] = {0}, k2[32] = {0}, p[64], q[64], sum[64], dbl[64];
    k1[31] = 7, k1[5] = 0x5a, k2[31] = 11, k2[0] = 0x3c;
    secp256k1_pubkey P, Q, S, D;
    assert_true(secp256k1_ec_pubkey_create(c, &P, k1));
    assert_true(secp256k1_ec_pubkey_create(c, &Q, k2));
    const secp256k1_pubkey *pq[2] = {&P, &Q}, *qq[2] = {&Q, &Q};
    assert_true(secp256k1_ec_pubkey_combine(c, &S, pq, 2));
    assert_true(secp256k1_ec_pubkey_combine(c, &D, qq, 2));
    le_point(c, &P, p), le_point(c, &Q, q), le_point(c, &S, sum), le_point(c, &D, dbl);
    secp256k1_context_destroy(c);
    uint32_t code[32];
    size_t n = 0;
    code[n++] = lui(A0, 0x70000); /* 0x70000000 */
    code[n++] = addi(A1, ZERO, 64);
    code[n++] = addi(T0, ZERO, 0xf1); /* HINT_READ P */
    code[n++] = 0x73;
    code[n++] = addi(A0, A0, 64);
    code[n++] = addi(T0, ZERO, 0xf1); /* HINT_READ Q */
    code[n++] = 0x73;
    code[n++] = addi(A1, A0, 0);   /* a1 = Q */
    code[n++] = addi(A0, A0, -64); /* a0 = P */
    code[n++] = lui(T0, 0x10);
    code[n++] = addi(T0, T0, 0x10a); /* SECP256K1_ADD: P = P + Q */
    code[n++] = 0x73;
    code[n++] = addi(A0, A1, 0);
    code[n++] = addi(T0, ZERO, 0x10b); /* SECP256K1_DOUBLE: Q = 2Q */
    code[n++] = 0x73;
    code[n++] = addi(A1, A0, -64);
    code[n++] = addi(A0, ZERO, 13);
    code[n++] = addi(A2, ZERO, 128);
    code[n++] = addi(T0, ZERO, 2); /* WRITE(13, P, 128) */
    code[n++] = 0x73;
    code[n++] = addi(A0, ZERO, 0);
    code[n++] = addi(T0, ZERO, 0); /* HALT 0 */
    code[n++] = 0x73;
    uint8_t elf[256];
    rv_zkvm_input in[2] = {{p, 64}, {q, 64}};
    run u;
    go(&u, RV_ZKVM_ABI_SP1, 64, elf, make_elf_code(elf, code, n), in, 2);
    assert_int_equal(u.r.stop, RV_STOP_EXIT);
    assert_int_equal(u.z.public_values.n, 128);
    assert_memory_equal(u.z.public_values.p, sum, 64);
    assert_memory_equal(u.z.public_values.p + 64, dbl, 64);
    done(&u);
}

/* x * y mod m (m = 0: mod 2^256) by OpenSSL's BN, little-endian 32-byte operands. */
static void bn_mulmod(uint8_t r[32], const uint8_t x[32], const uint8_t y[32], const uint8_t m[32])
{
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *a = BN_lebin2bn(x, 32, NULL), *b = BN_lebin2bn(y, 32, NULL);
    BIGNUM *n = BN_lebin2bn(m, 32, NULL), *out = BN_new();
    if (BN_is_zero(n)) {
        assert_true(BN_mul(out, a, b, ctx));
        assert_true(BN_mask_bits(out, 256));
    } else {
        assert_true(BN_mod_mul(out, a, b, n, ctx));
    }
    assert_true(BN_bn2lebinpad(out, r, 32) == 32);
    BN_free(a), BN_free(b), BN_free(n), BN_free(out);
    BN_CTX_free(ctx);
}

/* SP1 UINT256_MUL (rivet: GMP) against OpenSSL: x and y || m arrive as hint buffers at
   0x70000000 and 0x70000020; x = x * y mod m is written to the public values. */
static void sp1_uint256_mul(void **state)
{
    (void)state;
    for (int mod = 0; mod < 2; mod++) {
        uint8_t x[32], ym[64], want[32];
        for (int i = 0; i < 32; i++) {
            x[i] = (uint8_t)(7 * i + 1);
            ym[i] = (uint8_t)(13 * i + 5);
            ym[32 + i] = mod ? (uint8_t)(0xff - 3 * i) : 0;
        }
        bn_mulmod(want, x, ym, ym + 32);
        uint32_t code[24];
        size_t n = 0;
        code[n++] = lui(A0, 0x70000);
        code[n++] = addi(A1, ZERO, 32);
        code[n++] = addi(T0, ZERO, 0xf1); /* HINT_READ x */
        code[n++] = 0x73;
        code[n++] = addi(A0, A0, 32);
        code[n++] = addi(A1, ZERO, 64);
        code[n++] = addi(T0, ZERO, 0xf1); /* HINT_READ y || m */
        code[n++] = 0x73;
        code[n++] = addi(A1, A0, 0);
        code[n++] = addi(A0, A0, -32);
        code[n++] = lui(T0, 0x10);
        code[n++] = addi(T0, T0, 0x11d); /* UINT256_MUL */
        code[n++] = 0x73;
        code[n++] = addi(A1, A0, 0);
        code[n++] = addi(A0, ZERO, 13);
        code[n++] = addi(A2, ZERO, 32);
        code[n++] = addi(T0, ZERO, 2); /* WRITE(13, x, 32) */
        code[n++] = 0x73;
        code[n++] = addi(A0, ZERO, 0);
        code[n++] = addi(T0, ZERO, 0); /* HALT 0 */
        code[n++] = 0x73;
        uint8_t elf[256];
        rv_zkvm_input in[2] = {{x, 32}, {ym, 64}};
        run u;
        go(&u, RV_ZKVM_ABI_SP1, 64, elf, make_elf_code(elf, code, n), in, 2);
        assert_int_equal(u.r.stop, RV_STOP_EXIT);
        assert_int_equal(u.z.public_values.n, 32);
        assert_memory_equal(u.z.public_values.p, want, 32);
        done(&u);
    }
}

/* SP1's BN254 and BLS12-381 Fp / Fp2 add, sub, mul (ids 0x00010120..0x0001012b; rivet: GMP)
   against OpenSSL's BN on one pair of elements each (Fp2: u^2 = -1). */
static BIGNUM *elem(const uint8_t *le, size_t n, const BIGNUM *p, BN_CTX *ctx)
{
    BIGNUM *v = BN_lebin2bn(le, (int)n, NULL);
    assert_true(BN_nnmod(v, v, p, ctx));
    return v;
}

static void fp_expect(unsigned k, const uint8_t *x, const uint8_t *y, uint8_t *out, size_t n,
                      const BIGNUM *p, BN_CTX *ctx)
{
    int op = (int)(k % 3);
    bool fp2 = k % 6 >= 3;
    BIGNUM *a0 = elem(x, n, p, ctx), *b0 = elem(y, n, p, ctx), *r0 = BN_new(), *r1 = BN_new();
    BIGNUM *a1 = fp2 ? elem(x + n, n, p, ctx) : NULL, *b1 = fp2 ? elem(y + n, n, p, ctx) : NULL;
    BIGNUM *t = BN_new();
    if (op == 0 || op == 1) {
        assert_true(op ? BN_mod_sub(r0, a0, b0, p, ctx) : BN_mod_add(r0, a0, b0, p, ctx));
        if (fp2) assert_true(op ? BN_mod_sub(r1, a1, b1, p, ctx) : BN_mod_add(r1, a1, b1, p, ctx));
    } else if (!fp2) {
        assert_true(BN_mod_mul(r0, a0, b0, p, ctx));
    } else {
        assert_true(BN_mod_mul(r0, a0, b0, p, ctx) && BN_mod_mul(t, a1, b1, p, ctx) &&
                    BN_mod_sub(r0, r0, t, p, ctx));
        assert_true(BN_mod_mul(r1, a0, b1, p, ctx) && BN_mod_mul(t, a1, b0, p, ctx) &&
                    BN_mod_add(r1, r1, t, p, ctx));
    }
    assert_true(BN_bn2lebinpad(r0, out, (int)n) == (int)n);
    if (fp2) assert_true(BN_bn2lebinpad(r1, out + n, (int)n) == (int)n);
    BN_free(a0), BN_free(b0), BN_free(a1), BN_free(b1), BN_free(r0), BN_free(r1), BN_free(t);
}

static void sp1_fp_ops(void **state)
{
    (void)state;
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *bls = NULL, *bn = NULL;
    assert_true(BN_hex2bn(&bls, "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f624"
                                "1eabfffeb153ffffb9feffffffffaaab"));
    assert_true(BN_hex2bn(&bn, "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47"));
    for (unsigned k = 0; k < 12; k++) {
        size_t n = k < 6 ? 48 : 32, len = (k % 6 >= 3 ? 2 : 1) * n;
        const BIGNUM *p = k < 6 ? bls : bn;
        uint8_t x[96], y[96], want[96];
        for (size_t i = 0; i < len; i++) { /* canonical elements: the top byte kept small */
            x[i] = (uint8_t)(31 * i + k + 1);
            y[i] = (uint8_t)(17 * i + 3 * k + 2);
            if (i % n == n - 1) x[i] = 0x0a, y[i] = (uint8_t)(0x05 + k);
        }
        fp_expect(k, x, y, want, n, p, ctx);
        uint32_t code[24];
        size_t c = 0;
        code[c++] = lui(A0, 0x70000);
        code[c++] = addi(A1, ZERO, (int32_t)len);
        code[c++] = addi(T0, ZERO, 0xf1); /* HINT_READ x */
        code[c++] = 0x73;
        code[c++] = addi(A0, A0, 0x100);
        code[c++] = addi(T0, ZERO, 0xf1); /* HINT_READ y */
        code[c++] = 0x73;
        code[c++] = addi(A1, A0, 0);
        code[c++] = addi(A0, A0, -0x100);
        code[c++] = lui(T0, 0x10);
        code[c++] = addi(T0, T0, (int32_t)(0x120 + k));
        code[c++] = 0x73;
        code[c++] = addi(A1, A0, 0);
        code[c++] = addi(A0, ZERO, 13);
        code[c++] = addi(A2, ZERO, (int32_t)len);
        code[c++] = addi(T0, ZERO, 2); /* WRITE(13, x, len) */
        code[c++] = 0x73;
        code[c++] = addi(A0, ZERO, 0);
        code[c++] = addi(T0, ZERO, 0);
        code[c++] = 0x73;
        uint8_t elf[256];
        rv_zkvm_input in[2] = {{x, len}, {y, len}};
        run u;
        go(&u, RV_ZKVM_ABI_SP1, 64, elf, make_elf_code(elf, code, c), in, 2);
        assert_int_equal(u.r.stop, RV_STOP_EXIT);
        assert_int_equal(u.z.public_values.n, len);
        assert_memory_equal(u.z.public_values.p, want, len);
        done(&u);
    }
    BN_free(bls), BN_free(bn);
    BN_CTX_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sp1_secp256k1),
        cmocka_unit_test(sp1_uint256_mul),
        cmocka_unit_test(sp1_fp_ops),
    };
    return test_main(tests);
}
