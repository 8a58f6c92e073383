/* libFuzzer harness for the text parsers of the base layer: hex_decode (all flag
   combinations) and u256_from_str. Accepted input must round-trip; rejected input must be
   reported at a position inside it. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/bytes.h"
#include "rivet/u256.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_hex(const char *s, size_t len, unsigned flags)
{
    uint8_t *out = malloc(len / 2 + 1);
    char *txt = malloc(len + 2);
    size_t n = 0;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (hex_decode(out, len / 2 + 1, &n, s, len, flags, &d) == RIVET_OK) {
        size_t skip = (len >= 2 && s[0] == '0' && (s[1] | 0x20) == 'x') ? 2 : 0;
        size_t digits = len - skip;
        if (n != (digits + 1) / 2) abort();
        hex_encode(txt, out, n); /* lowercase, even: compare with the input's digits */
        const char *t = txt + (digits & 1);
        if ((digits & 1) && txt[0] != '0') abort();
        for (size_t i = 0; i < digits; i++)
            if (tolower((unsigned char)s[skip + i]) != t[i]) abort();
    } else if (d.code == RIVET_OK || (d.pos != RIVET_NOPOS && d.pos > len)) {
        abort();
    }
    free(out);
    free(txt);
}

static void check_u256(const char *s, size_t len)
{
    u256 v, back;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (u256_from_str(&v, s, len, &d) != RIVET_OK) {
        if (d.code == RIVET_OK || (d.pos != RIVET_NOPOS && d.pos > len)) abort();
        return;
    }
    char hex[67], dec[79];
    u256_to_hex(hex, v);
    u256_to_dec(dec, v);
    if (u256_from_str(&back, hex, strlen(hex), NULL) != RIVET_OK || !u256_eq(back, v)) abort();
    if (u256_from_str(&back, dec, strlen(dec), NULL) != RIVET_OK || !u256_eq(back, v)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    unsigned flags = data[0] & (HEX_PREFIX | HEX_PREFIX_OPT | HEX_ODD_OK);
    /* a private copy, so reads past the text are caught by ASan */
    char *s = malloc(size - 1 ? size - 1 : 1);
    memcpy(s, data + 1, size - 1);
    check_hex(s, size - 1, flags);
    check_u256(s, size - 1);
    free(s);
    return 0;
}
