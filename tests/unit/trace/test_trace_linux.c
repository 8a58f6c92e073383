#include "test.h"

#include <stdlib.h>
#include <string.h>

#include "rv/rv_internal.h"
#include "trace/trace_replay_chunk.h"

/* ---------------------------------------------------------------- rv_mem's watch hook */

typedef struct seen {
    uint64_t a[8], n[8];
    bool bytes[8];
    int k;
} seen;

static void watch(void *ctx, uint64_t a, uint64_t n, const void *bytes)
{
    seen *s = ctx;
    if (s->k < 8) s->a[s->k] = a, s->n[s->k] = n, s->bytes[s->k] = bytes != NULL;
    s->k++;
}

static void test_watch_sees_host_writes_only(void **state)
{
    (void)state;
    rv_mem *m = rv_mem_new();
    seen s = {0};
    assert_int_equal(rv_mem_map(m, 0x10000, 0x2000, RV_PROT_R | RV_PROT_W, NULL), RIVET_OK);
    m->watch = watch;
    m->watch_ctx = &s;
    uint32_t v = 0x11223344;
    assert_true(rv_mem_write_guest(m, 0x10ffe, &v, 4)); /* crosses a page: one record */
    assert_true(rv_mem_store_slow(m, 0x10100, 4, 7));   /* a guest store: not watched */
    assert_int_equal(rv_mem_map(m, 0x20000, 0x1000, RV_PROT_R, NULL), RIVET_OK);
    assert_int_equal(rv_mem_unmap(m, 0x11000, 0x1000, NULL), RIVET_OK);
    assert_false(rv_mem_write_guest(m, 0x11000, &v, 4)); /* unmapped now: fails, no record */
    assert_int_equal(s.k, 3);
    assert_true(s.a[0] == 0x10ffe && s.n[0] == 4 && s.bytes[0]);
    assert_true(s.a[1] == 0x20000 && s.n[1] == 0x1000 && !s.bytes[1]);
    assert_true(s.a[2] == 0x11000 && s.n[2] == 0x1000 && !s.bytes[2]);
    rv_mem_free(m);
}

/* ---------------------------------------------------------------- whole-process pages */

static void test_gmem_zero_ranges(void **state)
{
    (void)state;
    trace_gmem g = {0};
    uint8_t *p = trace_gmem_page(&g, 0x5000);
    assert_non_null(p);
    for (int i = 0; i < 4096; i++)
        assert_int_equal(p[i], 0);
    memset(p, 0xab, 4096);
    uint8_t *q = trace_gmem_page(&g, 0x6000);
    memset(q, 0xcd, 4096);
    assert_ptr_equal(trace_gmem_page(&g, 0x5fff), p);
    trace_gmem_zero(&g, 0x5ff0, 0x20); /* the last 16 bytes of one page, 16 of the next */
    assert_int_equal(p[0xfef], 0xab);
    assert_int_equal(p[0xff0], 0);
    assert_int_equal(q[0xf], 0);
    assert_int_equal(q[0x10], 0xcd);
    for (uint64_t a = 0x100000; a < 0x100000 + 3000 * 4096; a += 4096)
        memset(trace_gmem_page(&g, a), 0x77, 4096);
    trace_gmem_zero(&g, 0, 1ull << 40); /* far more pages than the table: walks it */
    assert_int_equal(trace_gmem_page(&g, 0x100000 + 1234 * 4096)[5], 0);
    assert_int_equal(p[0], 0);
    trace_gmem_free(&g);
}

/* ---------------------------------------------------------------- thread bookkeeping */

static rp_tev ev(rp_tev_kind kind, uint64_t tid, uint64_t pc)
{
    rp_tev e;
    memset(&e, 0, sizeof e);
    e.kind = kind;
    e.tid = tid;
    e.pc = pc;
    for (int i = 0; i < TRACE_NREGS; i++)
        e.x[i] = 0x100 + (uint64_t)i; /* x_{i+1} */
    return e;
}

static bool apply(rp_threads *T, rp_tev e)
{
    char why[200];
    return trace_threads_apply(T, &e, why, sizeof why);
}

static void test_threads_resume_rules(void **state)
{
    (void)state;
    rp_threads T = {.sigret_pc = 0x3ffffff000};
    assert_true(apply(&T, ev(RP_TEV_IN, 1000, 0x1000)));  /* the main thread: loader state */
    assert_false(apply(&T, ev(RP_TEV_IN, 1001, 0x2000))); /* never cloned */

    rp_tev c = ev(RP_TEV_CLONE, 1001, 0x1234); /* parent after clone: a0 = child tid */
    c.x[9] = 1001;
    assert_true(apply(&T, c));
    assert_false(apply(&T, c)); /* the same tid twice */

    assert_true(apply(&T, ev(RP_TEV_SLICE, 1000, 0x1500)));
    rp_tev child = ev(RP_TEV_IN, 1001, 0x1234);
    child.x[9] = 1; /* a0 must be 0 in the child */
    assert_false(apply(&T, child));
    child.x[9] = 0;
    child.x[1] = 0x7000; /* sp */
    child.x[3] = 0x8000; /* tp */
    assert_true(apply(&T, child));

    /* the child blocks in a syscall: back with another a0 and the pc rewound, not x5 */
    assert_true(apply(&T, ev(RP_TEV_BLOCK, 1001, 0x1240)));
    rp_tev back = ev(RP_TEV_IN, 1000, 0x1500); /* main resumes exactly after its slice */
    assert_true(apply(&T, back));
    assert_true(apply(&T, ev(RP_TEV_SLICE, 1000, 0x1600)));
    rp_tev r = ev(RP_TEV_IN, 1001, 0x123c);
    r.x[9] = 0xfffffffffffffffc;
    r.x[4] = 0xdead; /* x5 */
    assert_false(apply(&T, r));
    r.x[4] = 0x104;
    assert_true(apply(&T, r));
    assert_false(apply(&T, ev(RP_TEV_IN, 1001, 0x123c))); /* it runs already */

    /* main, switched out after a slice, enters a signal handler */
    rp_tev sig = ev(RP_TEV_IN, 1000, 0x9000);
    sig.x[0] = T.sigret_pc;
    sig.x[1] = 0x6000;
    sig.x[9] = 23;
    sig.x[10] = 0x6010;
    sig.x[11] = 0x6090;
    sig.x[6] = 1; /* x7 is not a handler argument */
    assert_false(apply(&T, sig));
    sig.x[6] = 0x106;
    assert_true(apply(&T, sig));
    trace_threads_free(&T);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_watch_sees_host_writes_only),
        cmocka_unit_test(test_gmem_zero_ranges),
        cmocka_unit_test(test_threads_resume_rules),
    };
    return test_main(tests);
}
