#include "test.h"

#include <stdlib.h>
#include <unistd.h>

#include "rivet/rv_zkvm.h"
#include "rivet/trace.h"
#include "unit/rv/rvt.h"
#include "unit/trace/tiny_elf.h"

/* The target zkVMs' accelerator calls in the minimal trace (docs/trace-format.md): the inputs
   enter the read log as aligned words in the documented order (ZisK's sha256f parameter block,
   then the state and block it points to), the header names the ABI, the replay re-runs the calls
   and rejects a flipped input word, and a call of another ABI is rejected. */

enum { A0 = 10, A1, A2, A3, A4, A5, A7 = 17, T0 = 5, ZERO = 0 };
#define RAM 0xa0000000ull
/* Keccak-f[1600] of the all-zero state, lane 0 (the Keccak team's KeccakF-1600 test vector). */
#define KECCAKF_ZERO_LANE0 0xf1258f7940e1dde7ull

static uint32_t lui(unsigned rd, uint32_t imm20)
{
    return imm20 << 12 | rd << 7 | 0x37;
}
static uint32_t addi(unsigned rd, unsigned rs1, int32_t imm)
{
    return enc_i(imm, rs1, 0, rd, 0x13);
}
static uint32_t csrs(unsigned csr, unsigned rs1)
{
    return enc_i((int32_t)csr, rs1, 2, ZERO, 0x73);
}

/* ZisK: a0 = RAM = {state = RAM + 16, input = RAM + 48}; csrs 0x805, a0; a3 = RAM + 128 (25
   zero lanes); csrs 0x800, a3; exit with lane 0. SP1 (zisk false): t0 = KECCAK_PERMUTE,
   a0 = RAM + 128, ecall; exit with lane 0. */
static size_t program(uint32_t *c, bool zisk, bool cycle)
{
    size_t n = 0;
    c[n++] = lui(A0, 0x50000);
    c[n++] = enc_i(1, A0, 1, A0, 0x13); /* slli a0, a0, 1: 0xa0000000 */
    if (zisk) {
        c[n++] = addi(A1, A0, 16);
        c[n++] = addi(A2, A0, 48);
        c[n++] = enc_s(0, A1, A0, 3, 0x23); /* sd a1, 0(a0) */
        c[n++] = enc_s(8, A2, A0, 3, 0x23); /* sd a2, 8(a0) */
        c[n++] = csrs(0x805, A0);
        c[n++] = addi(A3, A0, 128);
        c[n++] = csrs(0x800, A3);
    } else {
        c[n++] = addi(A3, A0, 128);
        c[n++] = addi(A0, A3, 0);
        c[n++] = lui(T0, 0x10);
        c[n++] = addi(T0, T0, 0x109); /* 0x00010109 */
        c[n++] = 0x73;                /* ecall */
    }
    c[n++] = enc_i(0, A3, 3, A4, 0x03);                  /* ld a4, 0(a3) */
    if (cycle) c[n++] = enc_i(0xc00, ZERO, 2, A5, 0x73); /* csrr a5, cycle: Zicsr */
    c[n++] = addi(A0, A4, 0);
    c[n++] = addi(A7, ZERO, 93);
    c[n++] = 0x73;
    return n;
}

static size_t make_elf(uint8_t *e, bool zisk, bool cycle)
{
    uint32_t code[32];
    return make_elf_code(e, code, program(code, zisk, cycle));
}

/* Runs the program under abi writing a trace (chunks of 16 steps); returns the trace bytes. */
static uint8_t *traced(const uint8_t *elf, size_t elen, rv_zkvm_abi abi, rv_result *r, size_t *n)
{
    char path[] = "/tmp/rivet-trace-accel-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    rivet_diag d;
    rv_mem *mem = rv_mem_new();
    rv_cpu cpu;
    rv_zkvm z;
    memset(&z, 0, sizeof z);
    rv_cpu_init(&cpu, mem, 64, RV_EXT_GC);
    assert_int_equal(rv_zkvm_setup(&cpu, &z, elf, elen, &d), RIVET_OK);
    z.abi = abi;
    trace_writer *tw;
    trace_opts o = {.chunk_log2 = 4, .profile = trace_profile_of_abi(abi)};
    assert_int_equal(trace_writer_open(&tw, path, 64, &o, &d), RIVET_OK);
    trace_writer_begin(tw, &cpu);
    *r = trace_run(&cpu, tw);
    assert_int_equal(trace_writer_finish(tw, r, &d), RIVET_OK);
    trace_writer_free(tw);
    rv_zkvm_free(&z);
    rv_mem_free(mem);
    uint8_t *b;
    assert_int_equal(file_read_all(path, &b, n, &d), RIVET_OK);
    unlink(path);
    return b;
}

static trace_replay_report replay(const uint8_t *tr, size_t n, const uint8_t *elf, size_t elen)
{
    trace_replay_opts o = {.threads = 1};
    trace_replay_report rep;
    rivet_diag d;
    assert_int_equal(trace_replay(tr, n, elf, elen, &o, &rep, &d), RIVET_OK);
    free(rep.output);
    free(rep.stats);
    return rep;
}

/* Chunk 0's read log: after the 16-byte stream header, id, step, pc, x1..x31, n_steps. */
static uint64_t *reads(uint8_t *tr, uint64_t *count)
{
    size_t at = 16 + 8 * (3 + 31 + 1);
    memcpy(count, tr + at, 8);
    return (uint64_t *)(tr + at + 8);
}

static void check(bool zisk)
{
    uint8_t elf[512];
    size_t elen = make_elf(elf, zisk, false), n;
    rv_zkvm_abi abi = zisk ? RV_ZKVM_ABI_ZISK_LIKE : RV_ZKVM_ABI_SP1_LIKE;
    rv_result r;
    uint8_t *tr = traced(elf, elen, abi, &r, &n);
    assert_int_equal(r.stop, RV_STOP_EXIT);
    assert_int_equal(r.exit_code, (int32_t)(uint32_t)KECCAKF_ZERO_LANE0);
    assert_int_equal(tr[8], zisk ? 3 : 4); /* profile id: ZisK 3, SP1 4 */
    uint64_t count, *log = reads(tr, &count), k = 0;
    /* sha256f: the parameter block {state, input}, the state (4 words), the block (8 words) */
    if (zisk) {
        assert_int_equal(count, 2 + 4 + 8 + 25 + 1);
        assert_true(log[0] == RAM + 16 && log[1] == RAM + 48);
        for (k = 2; k < 14; k++)
            assert_true(log[k] == 0);
    } else {
        assert_int_equal(count, 25 + 1);
    }
    for (uint64_t i = 0; i < 25; i++) /* keccak-f: the 25 zero lanes */
        assert_true(log[k + i] == 0);
    assert_true(log[k + 25] == KECCAKF_ZERO_LANE0); /* ld a4: the permuted lane 0 */
    trace_replay_report rep = replay(tr, n, elf, elen);
    assert_true(rep.ok);
    assert_int_equal(rep.exit_code, r.exit_code);
    /* a flipped keccak-f input word, and (ZisK) a flipped pointer of the parameter block */
    log[k + 7] ^= 1ull << 40;
    rep = replay(tr, n, elf, elen);
    assert_false(rep.ok);
    assert_int_equal(rep.bad_chunk, 0);
    log[k + 7] ^= 1ull << 40;
    if (zisk) {
        log[1] ^= 8;
        rep = replay(tr, n, elf, elen);
        assert_false(rep.ok);
        log[1] ^= 8;
    }
    assert_true(replay(tr, n, elf, elen).ok);
    free(tr);
    /* another ABI: the CSR port is an illegal instruction, the t0 ecall an environment call */
    tr = traced(elf, elen, zisk ? RV_ZKVM_ABI_SP1_LIKE : RV_ZKVM_ABI_ZISK_LIKE, &r, &n);
    assert_int_equal(r.stop, RV_STOP_TRAP);
    assert_int_equal(r.cause, zisk ? RV_CAUSE_ILLEGAL : RV_CAUSE_ECALL);
    rep = replay(tr, n, elf, elen);
    assert_true(rep.ok);
    assert_int_equal(rep.end, TRACE_END_TRAP);
    free(tr);
}

/* The replay decodes with the ABI's ISA: a trace that claims SP1 but ran a Zicsr instruction
   (here: written by a CPU with every extension on) is rejected. */
static void replay_applies_the_isa(void **state)
{
    uint8_t elf[512];
    size_t elen = make_elf(elf, false, true), n;
    rv_result r;
    uint8_t *tr = traced(elf, elen, RV_ZKVM_ABI_SP1_LIKE, &r, &n);
    assert_int_equal(r.stop, RV_STOP_EXIT);
    trace_replay_report rep = replay(tr, n, elf, elen);
    assert_false(rep.ok);
    assert_non_null(strstr(rep.why, "illegal instruction"));
    free(tr);
    tr = traced(elf, elen, RV_ZKVM_ABI_RIVET, &r, &n); /* the SP1 ecall traps under rivet ABI */
    assert_int_equal(r.stop, RV_STOP_TRAP);
    assert_true(replay(tr, n, elf, elen).ok);
    free(tr);
}

static void zisk_ports_in_the_trace(void **state)
{
    check(true);
}

static void sp1_ecalls_in_the_trace(void **state)
{
    check(false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zisk_ports_in_the_trace),
        cmocka_unit_test(sp1_ecalls_in_the_trace),
        cmocka_unit_test(replay_applies_the_isa),
    };
    return test_main(tests);
}
