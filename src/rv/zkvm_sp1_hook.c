/* SP1's hooks: a WRITE to fd 20 (fp_sqrt) or 21 (fp_inv) asks the host for a field square
   root or inverse; the answer is pushed to the front of the input queue, buffer by buffer, for
   the guest to read and check (crates/core/executor hooks; input [u32 BE len || element ||
   modulus (|| nqr)], big-endian integers of len bytes). Computed with GMP. */
#include <gmp.h>
#include <stdlib.h>

#include "rv/rv_internal.h"
#include "rv/zkvm_internal.h"

enum { FD_FP_SQRT = 20, FD_FP_INV = 21, MAX_LEN = 512 };

static void to_be(uint8_t *out, size_t len, const mpz_t v)
{
    size_t n = 0;
    memset(out, 0, len);
    if (mpz_sizeinbase(v, 256) > len) return;
    mpz_export(out + len - (mpz_sgn(v) ? mpz_sizeinbase(v, 256) : 0), &n, 1, 1, 1, 0, v);
}

/* Tonelli-Shanks with the given non-residue z: r with r^2 = a (mod p), false if a is not a
   square. p odd prime. */
static bool sqrt_mod(mpz_t r, const mpz_t a, const mpz_t p, const mpz_t z)
{
    if (mpz_legendre(a, p) != 1) return false;
    mpz_t q, c, t, b, tmp;
    mpz_inits(q, c, t, b, tmp, NULL);
    mpz_sub_ui(q, p, 1);
    unsigned long s = mpz_scan1(q, 0);
    mpz_fdiv_q_2exp(q, q, s);
    mpz_powm(c, z, q, p);
    mpz_powm(t, a, q, p);
    mpz_add_ui(tmp, q, 1);
    mpz_fdiv_q_2exp(tmp, tmp, 1);
    mpz_powm(r, a, tmp, p);
    unsigned long m = s;
    while (mpz_cmp_ui(t, 1)) {
        unsigned long i = 0;
        mpz_set(tmp, t);
        while (mpz_cmp_ui(tmp, 1) && i < m) {
            mpz_mul(tmp, tmp, tmp);
            mpz_mod(tmp, tmp, p);
            i++;
        }
        if (i == m) break; /* cannot happen for a square */
        mpz_set(b, c);
        for (unsigned long k = 0; k + i + 1 < m; k++) {
            mpz_mul(b, b, b);
            mpz_mod(b, b, p);
        }
        m = i;
        mpz_mul(c, b, b), mpz_mod(c, c, p);
        mpz_mul(t, t, c), mpz_mod(t, t, p);
        mpz_mul(r, r, b), mpz_mod(r, r, p);
    }
    mpz_clears(q, c, t, b, tmp, NULL);
    return true;
}

bool rv_zkvm_sp1_hook(rv_zkvm *z, uint64_t fd, const uint8_t *buf, size_t n)
{
    if (n < 4) return false;
    size_t len = (size_t)buf[0] << 24 | (size_t)buf[1] << 16 | (size_t)buf[2] << 8 | buf[3];
    size_t parts = fd == FD_FP_SQRT ? 3 : 2;
    if (!len || len > MAX_LEN || n != 4 + parts * len) return false;
    mpz_t e, p, x, r;
    mpz_inits(e, p, x, r, NULL);
    mpz_import(e, len, 1, 1, 1, 0, buf + 4);
    mpz_import(p, len, 1, 1, 1, 0, buf + 4 + len);
    uint8_t out[MAX_LEN], status;
    bool ok = mpz_cmp_ui(p, 2) > 0 && mpz_odd_p(p) && mpz_cmp(e, p) < 0;
    if (ok && fd == FD_FP_INV) {
        ok = mpz_sgn(e) && mpz_invert(r, e, p);
        to_be(out, len, r);
        ok = ok && rv_zkvm_queue_push(z, out, len);
    } else if (ok) {
        mpz_import(x, len, 1, 1, 1, 0, buf + 4 + 2 * len); /* the non-residue */
        ok = mpz_cmp(x, p) < 0;
        status = 1;
        if (ok && mpz_sgn(e) && !sqrt_mod(r, e, p, x)) { /* the root of nqr * element */
            status = 0;
            mpz_mul(e, e, x);
            mpz_mod(e, e, p);
            ok = sqrt_mod(r, e, p, x);
        } else if (ok && !mpz_sgn(e)) {
            mpz_set_ui(r, 0);
        }
        to_be(out, len, r);
        ok = ok && rv_zkvm_queue_push(z, out, len) && rv_zkvm_queue_push(z, &status, 1);
    }
    mpz_clears(e, p, x, r, NULL);
    return ok;
}
