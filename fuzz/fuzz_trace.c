/* libFuzzer harness for the trace reader and replayer: any input, taken as a trace of a tiny
   fixed program (a load, a byte store, exit), must be replayed or rejected with a reason, or
   fail with a diagnostic — never crash, hang or leak. */
#include <stdlib.h>
#include <string.h>

#include "rivet/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

/* ELF64 with one R+X segment at 0x80000000: ld t0,-8(sp); sb t0,-16(sp); exit(0). */
static size_t program(uint8_t *e)
{
    static const uint32_t code[] = {
        0xff8u << 20 | 2 << 15 | 3 << 12 | 5 << 7 | 0x03,                    /* ld t0, -8(sp) */
        (0xff0u >> 5) << 25 | 5 << 20 | 2 << 15 | (0xff0u & 31) << 7 | 0x23, /* sb t0, -16(sp) */
        0x00000513,                                                          /* li a0, 0 */
        93u << 20 | 17 << 7 | 0x13,                                          /* li a7, 93 */
        0x00000073,                                                          /* ecall */
    };
    size_t off = 64 + 56, size = off + sizeof code;
    memset(e, 0, off);
    memcpy(e,
           "\x7f"
           "ELF\x02\x01\x01",
           7);
    e[16] = 2;   /* ET_EXEC */
    e[18] = 243; /* EM_RISCV */
    e[20] = 1;
    put64(e + 24, 0x80000000u + off);
    put64(e + 32, 64);
    e[52] = 64;
    e[54] = 56;
    e[56] = 1;
    e[58] = 64;
    put32(e + 64, 1); /* PT_LOAD */
    put32(e + 68, 5); /* R+X */
    put64(e + 80, 0x80000000u);
    put64(e + 88, 0x80000000u);
    put64(e + 96, size);
    put64(e + 104, size);
    put64(e + 112, 0x1000);
    memcpy(e + off, code, sizeof code);
    return size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t elf[256];
    static size_t elen;
    if (!elen) elen = program(elf);
    uint8_t *copy = malloc(size ? size : 1); /* records are read as aligned words */
    if (!copy) return 0;
    memcpy(copy, data, size);
    trace_replay_opts o = {.threads = 1, .stats = size & 1};
    trace_replay_report rep;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (trace_replay(copy, size, elf, elen, &o, &rep, &d) == RIVET_OK) {
        if (!rep.ok && !rep.why[0]) abort(); /* a rejection must say why */
        free(rep.stats);
        free(rep.output);
    } else if (!d.msg[0]) {
        abort();
    }
    free(copy);
    return 0;
}
