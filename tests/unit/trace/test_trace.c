#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rivet/aot.h"
#include "rivet/bytes.h"
#include "rivet/rv_zkvm.h"
#include "rivet/trace.h"
#include "unit/trace/tiny_elf.h"
#include "trace/trace_internal.h"

/* A tiny RV64IM guest, encoded here: a loop of byte, halfword (crossing a word), doubleword and
   misaligned word accesses on a stack buffer, then write(1, 8 bytes of the result) and exit. */
enum { ZERO, RA, SP, T0 = 5, T1, T2, S0 = 8, A0 = 10, A1, A2, A7 = 17, T3 = 28, T4 };
enum { ITER = 100 };

static uint32_t r_type(unsigned f7, unsigned rs2, unsigned rs1, unsigned f3, unsigned rd)
{
    return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x33;
}
static uint32_t i_type(unsigned opc, int imm, unsigned rs1, unsigned f3, unsigned rd)
{
    return (uint32_t)(imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}
static uint32_t s_type(int imm, unsigned rs2, unsigned rs1, unsigned f3)
{
    uint32_t u = (uint32_t)imm & 0xfff;
    return (u >> 5) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 31) << 7 | 0x23;
}
static uint32_t b_type(int off, unsigned rs2, unsigned rs1, unsigned f3)
{
    uint32_t u = (uint32_t)off;
    return ((u >> 12) & 1) << 31 | ((u >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
           ((u >> 1) & 0xf) << 8 | ((u >> 11) & 1) << 7 | 0x63;
}
#define ADDI(rd, rs, imm) i_type(0x13, imm, rs, 0, rd)

static size_t program(uint32_t *c, bool fault)
{
    size_t n = 0;
    c[n++] = ADDI(S0, SP, -512);
    c[n++] = ADDI(T0, ZERO, ITER);
    c[n++] = ADDI(T1, ZERO, 7);
    size_t loop = n;
    c[n++] = s_type(0, T0, S0, 0);                   /* sb t0, 0(s0) */
    c[n++] = s_type(7, T0, S0, 1);                   /* sh t0, 7(s0): crosses a word */
    c[n++] = s_type(8, T1, S0, 3);                   /* sd t1, 8(s0) */
    c[n++] = i_type(0x03, 8, S0, 3, T2);             /* ld t2, 8(s0) */
    c[n++] = i_type(0x03, 5, S0, 2, T3);             /* lw t3, 5(s0): misaligned, crossing */
    c[n++] = i_type(0x03, 0, S0, 4, T4);             /* lbu t4, 0(s0) */
    c[n++] = r_type(0, T2, T1, 0, T1);               /* add t1, t1, t2 */
    c[n++] = r_type(0, T3, T1, 0, T1);               /* add t1, t1, t3 */
    c[n++] = r_type(0, T4, T1, 4, T1);               /* xor t1, t1, t4 */
    c[n++] = r_type(1, T0, T1, 0, T1);               /* mul t1, t1, t0 */
    c[n++] = ADDI(T0, T0, -1);                       /* addi t0, t0, -1 */
    c[n] = b_type((int)(loop - n) * 4, ZERO, T0, 1); /* bnez t0, loop */
    n++;
    c[n++] = s_type(16, T1, S0, 3); /* sd t1, 16(s0) */
    c[n++] = ADDI(A1, S0, 16);
    c[n++] = ADDI(A0, ZERO, 1);
    c[n++] = ADDI(A2, ZERO, 8);
    c[n++] = ADDI(A7, ZERO, 64);
    c[n++] = 0x73; /* ecall: write */
    if (fault) {
        c[n++] = s_type(8, T1, ZERO, 3); /* sd t1, 8(zero): unmapped, a store fault */
        return n;
    }
    c[n++] = ADDI(A0, ZERO, 0);
    c[n++] = ADDI(A7, ZERO, 93);
    c[n++] = 0x73; /* ecall: exit */
    return n;
}

/* The same computation in C, over a byte model of the buffer. */
static uint64_t model(void)
{
    uint8_t m[24] = {0};
    uint64_t t0 = ITER, t1 = 7;
    while (t0) {
        m[0] = (uint8_t)t0;
        m[7] = (uint8_t)t0;
        m[8] = (uint8_t)(t0 >> 8);
        for (int i = 0; i < 8; i++)
            m[8 + i] = (uint8_t)(t1 >> (8 * i));
        uint64_t t2 = 0;
        for (int i = 0; i < 8; i++)
            t2 |= (uint64_t)m[8 + i] << (8 * i);
        uint32_t w =
            (uint32_t)m[5] | (uint32_t)m[6] << 8 | (uint32_t)m[7] << 16 | (uint32_t)m[8] << 24;
        uint64_t t3 = (uint64_t)(int64_t)(int32_t)w, t4 = m[0];
        t1 = ((t1 + t2 + t3) ^ t4) * t0;
        t0--;
    }
    return t1;
}

static size_t make_elf(uint8_t *e, bool fault)
{
    uint32_t code[64];
    return make_elf_code(e, code, program(code, fault));
}

typedef struct run {
    rv_result r;
    uint8_t out[64];
    size_t outlen;
} run;

/* Runs the guest (interpreter or AOT), with a trace when path is set. */
static void run_guest_opts(const uint8_t *elf, size_t len, bool aot, const char *path,
                           const trace_opts *o, run *res);
static void run_guest(const uint8_t *elf, size_t len, bool aot, const char *path, unsigned log2,
                      bool zstd, run *res)
{
    trace_opts o = {.chunk_log2 = log2, .zstd = zstd};
    run_guest_opts(elf, len, aot, path, &o, res);
}

static void run_guest_opts(const uint8_t *elf, size_t len, bool aot, const char *path,
                           const trace_opts *o, run *res)
{
    rivet_diag d;
    rv_mem *mem = rv_mem_new();
    rv_cpu cpu;
    rv_zkvm z;
    memset(&z, 0, sizeof z);
    rv_cpu_init(&cpu, mem, 64, RV_EXT_GC);
    assert_int_equal(rv_zkvm_setup(&cpu, &z, elf, len, &d), RIVET_OK);
    trace_writer *tw = NULL;
    if (path) {
        assert_int_equal(trace_writer_open(&tw, path, 64, o, &d), RIVET_OK);
        trace_writer_begin(tw, &cpu);
    }
    if (aot) {
        aot_program *p;
        aot_opts ao = {.trace = path != NULL};
        rivet_status st = aot_translate(&p, &cpu, &ao, &d);
        assert_int_equal(st, RIVET_OK);
        assert_int_equal(aot_load(p, &d), RIVET_OK);
        res->r = aot_run(p, &cpu, tw);
        aot_free(p);
    } else {
        res->r = tw ? trace_run(&cpu, tw) : rv_run(&cpu);
    }
    if (tw) {
        assert_int_equal(trace_writer_finish(tw, &res->r, &d), RIVET_OK);
        trace_writer_free(tw);
    }
    assert_true(z.output.n <= sizeof res->out);
    memcpy(res->out, z.output.p, z.output.n);
    res->outlen = z.output.n;
    rv_zkvm_free(&z);
    rv_mem_free(mem);
}

/* The translator needs the guest's addresses free in this process (not so under ASan, whose
   shadow memory covers 0x7fff8000..0x10007fff8000). */
static bool aot_host_ok(void)
{
    void *want = (void *)(uintptr_t)0x80000000u;
    void *p = mmap(want, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != MAP_FAILED) munmap(p, 4096);
    return p == want;
}

static char *tmp_path(void)
{
    char *p = strdup("/tmp/rivet-trace-test-XXXXXX");
    int fd = mkstemp(p);
    assert_true(fd >= 0);
    close(fd);
    return p;
}

static uint8_t *slurp(const char *path, size_t *len)
{
    uint8_t *b;
    rivet_diag d;
    assert_int_equal(file_read_all(path, &b, len, &d), RIVET_OK);
    return b;
}

static void check_output(const run *r)
{
    uint64_t want = model(), got = 0;
    assert_int_equal(r->r.stop, RV_STOP_EXIT);
    assert_int_equal(r->r.exit_code, 0);
    assert_int_equal(r->outlen, 8);
    memcpy(&got, r->out, 8);
    assert_true(got == want);
}

static trace_replay_report replay(const uint8_t *tr, size_t n, const uint8_t *elf, size_t elen,
                                  unsigned threads)
{
    trace_replay_opts o = {.threads = threads};
    trace_replay_report rep;
    rivet_diag d;
    assert_int_equal(trace_replay(tr, n, elf, elen, &o, &rep, &d), RIVET_OK);
    return rep;
}

static void trace_replays_and_matches_model(void **state)
{
    uint8_t elf[1024];
    size_t elen = make_elf(elf, false);
    char *path = tmp_path();
    run r;
    run_guest(elf, elen, false, path, 4, false, &r);
    check_output(&r);
    size_t n;
    uint8_t *tr = slurp(path, &n);
    for (unsigned th = 1; th <= 3; th++) {
        trace_replay_report rep = replay(tr, n, elf, elen, th);
        assert_true(rep.ok);
        assert_true(rep.chunks > 50); /* 2^4-step chunks */
        assert_int_equal(rep.steps, r.r.instret);
        assert_int_equal(rep.end, TRACE_END_EXIT);
        assert_int_equal(rep.output_len, 8); /* the replay reproduces the output */
        assert_memory_equal(rep.output, r.out, 8);
        free(rep.output);
    }
    free(tr);
    unlink(path);
    free(path);
}

/* Every word of every chunk's read log, flipped alone, is rejected at that chunk; so is a
   flipped start register. */
static void every_flipped_word_is_rejected_at_its_chunk(void **state)
{
    uint8_t elf[1024];
    size_t elen = make_elf(elf, false);
    char *path = tmp_path();
    run r;
    run_guest(elf, elen, false, path, 5, false, &r);
    size_t n, *off;
    uint8_t *tr = slurp(path, &n);
    rivet_diag d;
    size_t nc = trace_index(tr, n, &off, &d);
    assert_true(nc > 10);
    unsigned tested = 0;
    for (size_t k = 0; k < nc; k++) {
        size_t h = 3 + TRACE_NREGS;
        uint64_t nreads;
        memcpy(&nreads, tr + off[k] + (h + 1) * 8, 8);
        for (uint64_t i = 0; i <= nreads; i++) {
            /* i < nreads: a log word; i == nreads: start register x5 (chunks after the first) */
            size_t w = i < nreads ? off[k] + (h + 2 + i) * 8 : off[k] + (3 + 4) * 8;
            if (i == nreads && k == 0) continue;
            tr[w + (i % 8)] ^= (uint8_t)(1u << (i % 7));
            trace_replay_report rep = replay(tr, n, elf, elen, 2);
            tr[w + (i % 8)] ^= (uint8_t)(1u << (i % 7));
            assert_false(rep.ok);
            if (rep.bad_chunk != k)
                fprintf(stderr, "chunk %zu word %llu: %s\n", k, (unsigned long long)i, rep.why);
            assert_int_equal(rep.bad_chunk, k);
            free(rep.output);
            tested++;
        }
    }
    assert_true(tested > 600);
    free(off);
    free(tr);
    unlink(path);
    free(path);
}

static void zstd_trace_replays(void **state)
{
    uint8_t elf[1024];
    size_t elen = make_elf(elf, false);
    char *plain = tmp_path(), *packed = tmp_path();
    run a, b;
    run_guest(elf, elen, false, plain, 6, false, &a);
    run_guest(elf, elen, false, packed, 6, true, &b);
    size_t n1, n2;
    uint8_t *t1 = slurp(plain, &n1), *t2 = slurp(packed, &n2);
    trace_replay_report r1 = replay(t1, n1, elf, elen, 1), r2 = replay(t2, n2, elf, elen, 2);
    assert_true(r1.ok && r2.ok);
    assert_int_equal(r1.chunks, r2.chunks);
    assert_int_equal(r1.reads, r2.reads);
    assert_int_equal(r1.steps, r2.steps);
    free(r1.output);
    free(r2.output);
    /* a truncated stream is a clean error */
    size_t *off;
    rivet_diag d;
    assert_int_equal(trace_index(t2, n2 - 3, &off, &d), 0);
    assert_int_equal(trace_index(t1, n1 - 8, &off, &d), 0);
    free(t1);
    free(t2);
    unlink(plain);
    unlink(packed);
    free(plain);
    free(packed);
}

/* The translated program gives the same output and step count and a byte-identical trace. */
static void aot_matches_interpreter(void **state)
{
    if (!aot_host_ok()) skip();
    uint8_t elf[1024];
    size_t elen = make_elf(elf, false);
    run i, a;
    run_guest(elf, elen, false, NULL, 0, false, &i);
    run_guest(elf, elen, true, NULL, 0, false, &a);
    check_output(&a);
    assert_int_equal(a.r.instret, i.r.instret);
    for (unsigned log2 = 4; log2 <= 8; log2 += 2) {
        char *p1 = tmp_path(), *p2 = tmp_path();
        run_guest(elf, elen, false, p1, log2, false, &i);
        run_guest(elf, elen, true, p2, log2, false, &a);
        size_t n1, n2;
        uint8_t *t1 = slurp(p1, &n1), *t2 = slurp(p2, &n2);
        assert_int_equal(n1, n2);
        assert_memory_equal(t1, t2, n1);
        free(t1);
        free(t2);
        unlink(p1);
        unlink(p2);
        free(p1);
        free(p2);
    }
}

/* A guest memory fault inside translated code gives the interpreter's trap result (cause, pc,
   address, step count) and trace, which the replay accepts. */
static void aot_fault_matches_interpreter(void **state)
{
    if (!aot_host_ok()) skip();
    uint8_t elf[1024];
    size_t elen = make_elf(elf, true);
    char *p1 = tmp_path(), *p2 = tmp_path();
    run i, a;
    run_guest(elf, elen, false, p1, 5, false, &i);
    run_guest(elf, elen, true, p2, 5, false, &a);
    assert_int_equal(i.r.stop, RV_STOP_TRAP);
    assert_int_equal(i.r.cause, RV_CAUSE_STORE_FAULT);
    assert_int_equal(a.r.stop, i.r.stop);
    assert_int_equal(a.r.cause, i.r.cause);
    assert_int_equal(a.r.pc, i.r.pc);
    assert_int_equal(a.r.tval, 8);
    assert_int_equal(a.r.tval, i.r.tval);
    assert_int_equal(a.r.instret, i.r.instret);
    size_t n1, n2;
    uint8_t *t1 = slurp(p1, &n1), *t2 = slurp(p2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(t1, t2, n1);
    trace_replay_report rep = replay(t2, n2, elf, elen, 2);
    assert_true(rep.ok);
    assert_int_equal(rep.end, TRACE_END_TRAP);
    free(rep.output);
    free(t1);
    free(t2);
    unlink(p1);
    unlink(p2);
    free(p1);
    free(p2);
}

/* ---------------------------------------------------------------- SP1 previous-access clocks */

/* The clock table alone: accesses (word, clk) in order; each extra is the clock of the word's
   previous access (0 = never); an access at the clock of the word's last access is the same
   access (no extra). Expected values worked out by hand. */
static void clock_table_by_hand(void **state)
{
    trace_clk t;
    assert_true(trace_clk_init(&t));
    uint64_t acc[][2] = {
        {0x1000, 9},  {0x1000, 17}, {0x1008, 17}, {0x1000, 17}, /* same access: no extra */
        {0x2ff8, 25}, {0x3000, 25}, {0x1008, 33}, {0x2ff8, 41},
    };
    trace_acc a = {.p = &acc[0][0], .n = 8};
    uint64_t out[8];
    size_t n = trace_clk_pass(&t, &a, out);
    const uint64_t want[] = {0, 9, 0, 0, 0, 17, 25};
    assert_int_equal(n, 7);
    assert_memory_equal(out, want, sizeof want);
    /* many pages (the table grows), then every one again: the extras are the first clocks */
    uint64_t many[2000][2], out2[2000];
    for (size_t i = 0; i < 1000; i++) {
        many[i][0] = 0x100000 + i * 4096;
        many[i][1] = 100 + i;
        many[1000 + i][0] = many[i][0];
        many[1000 + i][1] = 5000 + i;
    }
    trace_acc b = {.p = &many[0][0], .n = 2000};
    assert_int_equal(trace_clk_pass(&t, &b, out2), 2000);
    for (size_t i = 0; i < 1000; i++) {
        assert_int_equal(out2[i], 0);
        assert_int_equal(out2[1000 + i], 100 + i);
    }
    /* the check variant: the next access of 0x1000 follows its clock 17 */
    uint64_t one[1][2] = {{0x1000, 57}}, w17 = 17, w9 = 9;
    trace_acc c = {.p = &one[0][0], .n = 1};
    char why[256];
    trace_clk u;
    assert_true(trace_clk_init(&u));
    assert_true(trace_clk_check(&u, &a, want, 7, why, sizeof why));
    assert_false(trace_clk_check(&u, &c, &w9, 1, why, sizeof why));
    assert_true(trace_clk_check(&t, &c, &w17, 1, why, sizeof why));
    trace_clk_free(&u);
    trace_clk_free(&t);
}

/* A program whose clocks are worked out by hand (RV64IMA; clk = 8 * step + 1 for an
   instruction's access and an ecall's reads):
     step 0  addi s0, sp, -64
     step 1  sd zero, 0(s0)       W0 at 9            extra 0
     step 2  sb t0, 3(s0)         W0 at 17           extra 9
     step 3  ld t1, 0(s0)         W0 at 25           extra 17
     step 4  lw t2, 6(s0)         W0, W1 at 33       extras 25, 0 (misaligned, two words)
     step 5  sd t1, 8(s0)         W1 at 41           extra 33
     step 6  amoadd.d t3,t1,(s0)  W0 at 49           extra 33 (read and write: one access)
     step 7  addi t0, zero, 20; steps 8..47 a 20-iteration loop (the chunks end in it)
     steps 48..51 a1 = s0, a0 = 1, a2 = 16, a7 = 64
     step 52 ecall write(1, s0, 16) reads W0, W1 at 417   extras 49, 41 (a later chunk)
     steps 53..55 exit(0) */
static const uint64_t clk_want[] = {0, 9, 17, 25, 0, 33, 33, 49, 41};

static size_t clk_program(uint32_t *c)
{
    size_t n = 0;
    c[n++] = ADDI(S0, SP, -64);
    c[n++] = s_type(0, ZERO, S0, 3);
    c[n++] = s_type(3, T0, S0, 0);
    c[n++] = i_type(0x03, 0, S0, 3, T1);
    c[n++] = i_type(0x03, 6, S0, 2, T2);
    c[n++] = s_type(8, T1, S0, 3);
    c[n++] = (uint32_t)T1 << 20 | (uint32_t)S0 << 15 | 3u << 12 | (uint32_t)T3 << 7 | 0x2f;
    c[n++] = ADDI(T0, ZERO, 20);
    c[n++] = ADDI(T0, T0, -1);
    c[n++] = b_type(-4, ZERO, T0, 1); /* bnez t0, -4 */
    c[n++] = ADDI(A1, S0, 0);
    c[n++] = ADDI(A0, ZERO, 1);
    c[n++] = ADDI(A2, ZERO, 16);
    c[n++] = ADDI(A7, ZERO, 64);
    c[n++] = 0x73;
    c[n++] = ADDI(A0, ZERO, 0);
    c[n++] = ADDI(A7, ZERO, 93);
    c[n++] = 0x73;
    return n;
}

/* The extras of every chunk, concatenated (at most cap); the chunk of the last one in *last. */
static size_t all_extras(const uint8_t *tr, size_t n, uint64_t *out, size_t cap, size_t *last)
{
    size_t *off, got = 0;
    rivet_diag d;
    size_t nc = trace_index(tr, n, &off, &d);
    assert_true(nc > 1);
    for (size_t k = 0; k < nc; k++) {
        trace_chunk c;
        assert_true(trace_chunk_parse(tr + off[k], off[k + 1] - off[k], TRACE_F_PREV_CLK, &c, &d));
        for (uint64_t i = 0; i < c.nextras && got < cap; i++)
            out[got++] = c.extras[i];
        if (c.nextras) *last = k;
    }
    free(off);
    return got;
}

static void prev_clk_extras_by_hand(void **state)
{
    uint32_t code[32];
    uint8_t elf[1024];
    size_t elen = make_elf_code(elf, code, clk_program(code));
    char *p1 = tmp_path(), *p2 = tmp_path(), *p3 = tmp_path();
    trace_opts o = {.chunk_log2 = 4, .prev_clk = true, .elf = elf, .elf_len = elen};
    run i;
    run_guest_opts(elf, elen, false, p1, &o, &i);
    assert_int_equal(i.r.stop, RV_STOP_EXIT);
    assert_int_equal(i.r.instret, 56);
    size_t n1, last = 0;
    uint8_t *t1 = slurp(p1, &n1);
    assert_int_equal(t1[10] | t1[11] << 8, TRACE_F_PREV_CLK);
    uint64_t ex[16];
    assert_int_equal(all_extras(t1, n1, ex, 16, &last), 9);
    assert_memory_equal(ex, clk_want, sizeof clk_want);
    assert_true(last > 0); /* the ecall's extras point back into chunk 0 */
    trace_replay_report rep = replay(t1, n1, elf, elen, 2);
    assert_true(rep.ok);
    free(rep.output);
    /* every extras word, flipped alone, is rejected at its chunk */
    size_t *off;
    rivet_diag d;
    size_t nc = trace_index(t1, n1, &off, &d), flipped = 0;
    for (size_t k = 0; k < nc; k++) {
        trace_chunk c;
        assert_true(trace_chunk_parse(t1 + off[k], off[k + 1] - off[k], TRACE_F_PREV_CLK, &c, &d));
        size_t at = off[k] + (size_t)((const uint8_t *)c.extras - (t1 + off[k]));
        for (uint64_t j = 0; j < c.nextras; j++, flipped++) {
            t1[at + 8 * j + j % 8] ^= 4;
            rep = replay(t1, n1, elf, elen, 2);
            t1[at + 8 * j + j % 8] ^= 4;
            assert_false(rep.ok);
            assert_int_equal(rep.bad_chunk, k);
            free(rep.output);
        }
    }
    assert_int_equal(flipped, 9);
    free(off);
    /* compressed: the same extras, accepted */
    o.zstd = true;
    run z;
    run_guest_opts(elf, elen, false, p3, &o, &z);
    size_t n3;
    uint8_t *t3 = slurp(p3, &n3);
    rep = replay(t3, n3, elf, elen, 1);
    assert_true(rep.ok);
    free(rep.output);
    /* the translated run writes the same bytes */
    if (aot_host_ok()) {
        o.zstd = false;
        run a;
        run_guest_opts(elf, elen, true, p2, &o, &a);
        size_t n2;
        uint8_t *t2 = slurp(p2, &n2);
        assert_int_equal(n1, n2);
        assert_memory_equal(t1, t2, n1);
        free(t2);
    }
    free(t1);
    free(t3);
    unlink(p1);
    unlink(p2);
    unlink(p3);
    free(p1);
    free(p2);
    free(p3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trace_replays_and_matches_model),
        cmocka_unit_test(every_flipped_word_is_rejected_at_its_chunk),
        cmocka_unit_test(zstd_trace_replays),
        cmocka_unit_test(aot_matches_interpreter),
        cmocka_unit_test(aot_fault_matches_interpreter),
        cmocka_unit_test(clock_table_by_hand),
        cmocka_unit_test(prev_clk_extras_by_hand),
    };
    return test_main(tests);
}
