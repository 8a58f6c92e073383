/* u256 conversions: big-endian bytes, hex and decimal text. */
#include "rivet/u256.h"

#include <string.h>

u256 u256_from_be(const uint8_t *p, size_t len)
{
    u256 r = U256_ZERO;
    if (len > 32) {
        p += len - 32;
        len = 32;
    }
    for (size_t i = 0; i < len; i++) {
        size_t bit = 8 * (len - 1 - i);
        r.w[bit / 64] |= (uint64_t)p[i] << (bit % 64);
    }
    return r;
}

void u256_to_be(uint8_t out[32], u256 a)
{
    for (int i = 0; i < 32; i++)
        out[31 - i] = (uint8_t)(a.w[i / 8] >> (8 * (i % 8)));
}

rivet_status u256_from_str(u256 *out, const char *s, size_t len, rivet_diag *d)
{
    u256 r = U256_ZERO;
    if (len == 0) return rivet_fail(d, RIVET_EINPUT, 0, "number: empty");
    if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        if (len == 2) return rivet_fail(d, RIVET_EINPUT, 2, "number: no digits after 0x");
        for (size_t i = 2; i < len; i++) {
            char c = s[i];
            unsigned v;
            if (c >= '0' && c <= '9')
                v = (unsigned)(c - '0');
            else if (c >= 'a' && c <= 'f')
                v = (unsigned)(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v = (unsigned)(c - 'A' + 10);
            else
                return rivet_fail(d, RIVET_EINPUT, i, "number: bad hex digit '%c' at %zu", c, i);
            if (r.w[3] >> 60) return rivet_fail(d, RIVET_ERANGE, i, "number: exceeds 256 bits");
            r = u256_shl_n(r, 4);
            r.w[0] |= v;
        }
    } else {
        for (size_t i = 0; i < len; i++) {
            char c = s[i];
            if (c < '0' || c > '9')
                return rivet_fail(d, RIVET_EINPUT, i, "number: bad decimal digit '%c' at %zu", c,
                                  i);
            /* r = r * 10 + digit, detecting overflow */
            unsigned __int128 carry = (unsigned)(c - '0');
            for (int k = 0; k < 4; k++) {
                carry += (unsigned __int128)r.w[k] * 10;
                r.w[k] = (uint64_t)carry;
                carry >>= 64;
            }
            if (carry) return rivet_fail(d, RIVET_ERANGE, i, "number: exceeds 256 bits");
        }
    }
    *out = r;
    return RIVET_OK;
}

char *u256_to_hex(char out[67], u256 a)
{
    static const char digits[] = "0123456789abcdef";
    char tmp[64];
    int n = 0;
    while (!u256_is_zero(a)) {
        tmp[n++] = digits[a.w[0] & 15];
        a = u256_shr_n(a, 4);
    }
    char *o = out;
    *o++ = '0';
    *o++ = 'x';
    if (n == 0) *o++ = '0';
    while (n)
        *o++ = tmp[--n];
    *o = 0;
    return out;
}

char *u256_to_dec(char out[79], u256 a)
{
    char tmp[79];
    int n = 0;
    do {
        /* divide by 10, limb by limb from the top */
        unsigned __int128 rem = 0;
        for (int k = 3; k >= 0; k--) {
            unsigned __int128 cur = rem << 64 | a.w[k];
            a.w[k] = (uint64_t)(cur / 10);
            rem = cur % 10;
        }
        tmp[n++] = (char)('0' + (int)rem);
    } while (!u256_is_zero(a));
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = 0;
    return out;
}
