/* Byte buffers and hex. Parsers take (pointer, length) and never read past it. */
#ifndef RIVET_BYTES_H
#define RIVET_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include "rivet/status.h"

/* A growable byte buffer owned by its user. */
typedef struct rivet_buf {
    uint8_t *p;
    size_t n, cap;
} rivet_buf;

RIVET_MUST_USE rivet_status buf_reserve(rivet_buf *b, size_t extra);
RIVET_MUST_USE rivet_status buf_append(rivet_buf *b, const void *data, size_t len);
RIVET_MUST_USE rivet_status buf_push(rivet_buf *b, uint8_t byte);
void buf_free(rivet_buf *b);

/* Hex flags: HEX_PREFIX requires "0x", HEX_PREFIX_OPT allows it, HEX_ODD_OK accepts odd digit
   counts (as quantities, left-padded with a zero nibble). */
enum { HEX_PREFIX = 1, HEX_PREFIX_OPT = 2, HEX_ODD_OK = 4 };

/* Decodes hex text s[0..len) into out (capacity cap). *outlen gets the byte count. Errors name
   the offending character position. */
RIVET_MUST_USE rivet_status hex_decode(uint8_t *out, size_t cap, size_t *outlen, const char *s,
                                       size_t len, unsigned flags, rivet_diag *d);
/* Decodes into a freshly malloc'd buffer. */
RIVET_MUST_USE rivet_status hex_decode_alloc(uint8_t **out, size_t *outlen, const char *s,
                                             size_t len, unsigned flags, rivet_diag *d);
/* Writes 2*len lowercase digits plus NUL to out (no prefix). Returns out. */
char *hex_encode(char *out, const uint8_t *in, size_t len);
/* malloc'd "0x..." string. */
char *hex_encode_alloc(const uint8_t *in, size_t len, int prefix);

/* Reads a whole file into a malloc'd buffer (NUL-terminated; *len excludes the NUL). */
RIVET_MUST_USE rivet_status file_read_all(const char *path, uint8_t **data, size_t *len,
                                          rivet_diag *d);

/* Big-endian helpers. */
static inline uint64_t be_load64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | p[i];
    return v;
}
static inline void be_store64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}

#endif
