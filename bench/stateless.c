/* Stateless validation timing on the Hoodi block (geth witness): time per phase, averaged over
   N runs. Phases: decoding (block RLP, witness RLP walk), witness build (nodes and codes hashed
   into their stores, ancestor link), header/body rules, execution over the witness-backed state
   (trie reads included), post-state root (partial tries updated and rehashed).
   usage: bench_stateless [--runs N] [DIR-WITH-block.rlp-AND-witness.rlp] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rivet/bytes.h"
#include "rivet/rlp.h"
#include "rivet/stateless.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

enum { P_DECODE, P_WITNESS, P_RULES, P_EXEC, P_ROOT, P_COUNT };
static const char *const phase_name[P_COUNT] = {
    "decode (block + witness RLP)", "witness build (hash nodes/codes, link)",
    "header/body/tx rules", "execution", "post-state root"};

static evm_hash bh(void *ctx, uint64_t n)
{
    evm_hash r = {{0}};
    wit_blockhash(ctx, n, r.b);
    return r;
}

/* One validation, phase times added to t[]; returns 1 when the block is valid with the
   header's state root. */
static int run(const uint8_t *braw, size_t blen, const uint8_t *wraw, size_t wlen,
               const chain_config *c, double t[P_COUNT])
{
    double t0 = now_s();
    blk b;
    rlp_item it;
    size_t nitems = 0;
    if (blk_decode(braw, blen, &b, NULL) != BLK_ERR_OK) return 0;
    if (rlp_decode(wraw, wlen, &it, NULL) != RIVET_OK ||
        rlp_list_count(&it, &nitems, NULL) != RIVET_OK || nitems != 4)
        return 0;
    double t1 = now_s();
    wit w;
    int ok = wit_from_rlp(&w, wraw, wlen, NULL) == RIVET_OK;
    ok = ok && wit_link(&w, &b.header, NULL) == RIVET_OK;
    double t2 = now_s();
    bexec_out o;
    if (ok) bexec_check(&b, wit_parent(&w), c, &o, NULL);
    ok = ok && bexec_ok(&o);
    double t3 = now_s(), t4 = t3, t5 = t3;
    if (ok) {
        sl_backend *be =
            sl_backend_new(wit_parent(&w)->state_root, trie_memstore_store(w.nodes), w.codes);
        sl_backend_set_lenient(be, true);
        state s;
        state_init_backed(&s, sl_backend_state(be));
        bexec_env env = {.cfg = c, .block_hash = bh, .ctx = &w};
        ok = bexec_apply(&s, &b, &env, &o, NULL) == RIVET_OK && bexec_ok(&o);
        t4 = now_s();
        uint8_t root[32];
        ok = ok && sl_backend_root(be, &s, root, NULL) == RIVET_OK &&
             memcmp(root, b.header.state_root, 32) == 0;
        t5 = now_s();
        state_free(&s);
        sl_backend_free(be);
    }
    if (w.nodes) wit_free(&w);
    blk_free(&b);
    t[P_DECODE] += t1 - t0;
    t[P_WITNESS] += t2 - t1;
    t[P_RULES] += t3 - t2;
    t[P_EXEC] += t4 - t3;
    t[P_ROOT] += t5 - t4;
    return ok;
}

int main(int argc, char **argv)
{
    const char *dir = RIVET_BENCH_HOODI;
    int runs = 200;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = atoi(argv[++i]);
        else
            dir = argv[i];
    }
    char p[4096];
    uint8_t *braw, *wraw;
    size_t blen, wlen;
    snprintf(p, sizeof p, "%s/block.rlp", dir);
    if (file_read_all(p, &braw, &blen, NULL) != RIVET_OK) {
        fprintf(stderr, "bench_stateless: cannot read %s: skipped, not passed\n", p);
        return 77; /* ctest: skipped (bench/stateless.cmake) */
    }
    snprintf(p, sizeof p, "%s/witness.rlp", dir);
    if (file_read_all(p, &wraw, &wlen, NULL) != RIVET_OK) {
        fprintf(stderr, "bench_stateless: cannot read %s\n", p);
        free(braw);
        return 1;
    }
    const chain_config *c = chain_by_name("hoodi");
    double t[P_COUNT] = {0}, total = 0;
    int ok = 1;
    for (int i = 0; i < runs && ok; i++)
        ok = run(braw, blen, wraw, wlen, c, t);
    if (!ok) {
        fprintf(stderr, "bench_stateless: the block did not validate\n");
        return 1;
    }
    printf("| phase | µs per block |\n|---|---:|\n");
    for (int i = 0; i < P_COUNT; i++) {
        printf("| %s | %.1f |\n", phase_name[i], t[i] / runs * 1e6);
        total += t[i];
    }
    printf("| **total** | **%.1f** |\n", total / runs * 1e6);
    printf("(%d runs; block %zu bytes, witness %zu bytes)\n", runs, blen, wlen);
    free(braw);
    free(wraw);
    return 0;
}
