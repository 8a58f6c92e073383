/* Host modexp on GMP. */
#include "rivet/crypto.h"

#include <gmp.h>
#include <string.h>

crypto_err crypto_modexp(uint8_t *out, const uint8_t *base, size_t base_len, const uint8_t *exp,
                         size_t exp_len, const uint8_t *mod, size_t mod_len)
{
    mpz_t b, e, m, r;
    mpz_inits(b, e, m, r, NULL);
    mpz_import(m, mod_len, 1, 1, 1, 0, mod);
    memset(out, 0, mod_len);
    if (mpz_cmp_ui(m, 1) > 0) {
        mpz_import(b, base_len, 1, 1, 1, 0, base);
        mpz_import(e, exp_len, 1, 1, 1, 0, exp);
        mpz_powm(r, b, e, m);
        size_t n = (mpz_sizeinbase(r, 2) + 7) / 8;
        if (mpz_sgn(r)) mpz_export(out + mod_len - n, NULL, 1, 1, 1, 0, r);
    }
    mpz_clears(b, e, m, r, NULL);
    return CRYPTO_OK;
}
