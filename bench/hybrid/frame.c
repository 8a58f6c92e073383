/* bench_hybrid_frame: the cost of entering a RISC-V contract. Prints, per call, the time of
   (1) the RISC-V runner alone on a cached program (frame taken from the pool, registers set,
   one STOP, frame given back), (2) a whole CALL through the host into that contract, (3) the
   same CALL into EVM code that STOPs, and (4) an EVM -> RISC-V -> EVM round trip. Wall
   clock, median of --runs batches; run it under callgrind for instruction counts
   with --calls 1000. --json prints the same figures as one JSON object (scripts/reports.py). */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rivet/exec.h"
#include "rivet/hybrid.h"

#include "bench_time.h"

/* A container whose code is `li a7, 0; ecall` (STOP). */
static const uint8_t stop_rv[] = {0xef, 0x52, 1,    0,    8,    0,    0, 0, 0,    0, 0, 0,
                                  0,    0,    0,    0,    0,    0,    0, 0, 0,    0, 0, 0,
                                  0xff, 0xff, 0xff, 0xff, 0x93, 0x08, 0, 0, 0x73, 0, 0, 0};
static const evm_addr A_RV = {{0xa1}}, A_EVM = {{0xa2}}, A_CALLER = {{0xa3}},
                      A_RV_MIDDLE = {{0xa4}}, A_EVM_CALLER2 = {{0xa5}}, A_EVM_MIDDLE = {{0xa6}},
                      SENDER = {{0x10}};

/* EVM code: CALL(gas, to, 0, 0, 0, 0, 0); STOP */
static size_t evm_caller(uint8_t *out, const evm_addr *to)
{
    static const uint8_t head[] = {0x60, 0, 0x60, 0, 0x60, 0, 0x60, 0, 0x60, 0, 0x73};
    static const uint8_t tail[] = {0x5a, 0xf1, 0x50, 0x00};
    memcpy(out, head, sizeof head);
    memcpy(out + sizeof head, to->b, 20);
    memcpy(out + sizeof head + 20, tail, sizeof tail);
    return sizeof head + 20 + sizeof tail;
}

static uint32_t enc_i(int32_t imm, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op)
{
    return (uint32_t)(imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

/* A container that CALLs A_EVM (0xa2 00..) with 65536 gas, then STOPs. */
static size_t rv_middle(uint8_t *out)
{
    const uint32_t w[] = {
        0x7ff << 12 | 5 << 7 | 0x37,  /* lui t0, 0x7ff */
        enc_i(0xa2, 0, 0, 6, 0x13),   /* addi t1, zero, 0xa2 */
        (6u << 20 | 5u << 15 | 0x23), /* sb t1, 0(t0) */
        0x10 << 12 | 10 << 7 | 0x37,  /* lui a0, 0x10 */
        enc_i(0, 5, 0, 11, 0x13),     /* addi a1, t0, 0 */
        enc_i(0x40, 5, 0, 12, 0x13),  /* addi a2, t0, 0x40 */
        enc_i(0, 0, 0, 13, 0x13),     /* addi a3, zero, 0 */
        enc_i(0, 0, 0, 14, 0x13),     /* addi a4, zero, 0 */
        enc_i(0xf1, 0, 0, 17, 0x13),  /* addi a7, zero, CALL */
        0x73,                         /* ecall */
        enc_i(0, 0, 0, 17, 0x13),     /* addi a7, zero, STOP */
        0x73,                         /* ecall */
    };
    hy_container c = {0};
    c.code = (const uint8_t *)w;
    c.code_size = sizeof w;
    c.ctor_entry = HY_NO_ENTRY;
    uint8_t *b;
    size_t n;
    if (hy_container_build(&c, &b, &n) != RIVET_OK) abort();
    memcpy(out, b, n);
    free(b);
    return n;
}

static void put(state *s, const evm_addr *a, const uint8_t *code, size_t n)
{
    state_account *x = state_get(s, a, true);
    if (!x || state_put_code(s, x, code, n) != RIVET_OK) abort();
    x->exists = true;
    x->nonce = 1;
    state_warm_account(s, x);
}

typedef struct bench {
    const char *name;
    const evm_addr *to;
    const uint8_t *input;
    size_t input_len;
} bench;

int main(int argc, char **argv)
{
    long calls = 200000, runs = 7;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) json = true;
        if (i + 1 < argc && !strcmp(argv[i], "--calls"))
            calls = atol(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--runs"))
            runs = atol(argv[++i]);
    }
    state s;
    state_init(&s);
    const uint8_t stop_evm[] = {0x00};
    uint8_t code[128];
    put(&s, &A_RV, stop_rv, sizeof stop_rv);
    put(&s, &A_EVM, stop_evm, 1);
    put(&s, &A_CALLER, code, evm_caller(code, &A_RV_MIDDLE));
    put(&s, &A_RV_MIDDLE, code, rv_middle(code));
    put(&s, &A_EVM_CALLER2, code, evm_caller(code, &A_EVM_MIDDLE));
    put(&s, &A_EVM_MIDDLE, code, evm_caller(code, &A_EVM));
    hy_vm *vm = hy_vm_new(NULL);
    exec_host h;
    exec_host_init(&h, &s, FORK_OSAKA);
    h.vm = hy_vm_runner(vm);
    h.txc.gas_limit = 30000000;
    state_warm_account(&s, state_get(&s, &SENDER, true));
    const bench benches[] = {{"runner: RISC-V frame (cached program, STOP)", &A_RV, NULL, 0},
                             {"CALL into a RISC-V contract (STOP)", &A_RV, NULL, 0},
                             {"CALL into EVM code (STOP)", &A_EVM, NULL, 0},
                             {"EVM -> RISC-V -> EVM (three frames)", &A_CALLER, NULL, 0},
                             {"EVM -> EVM -> EVM (three frames)", &A_EVM_CALLER2, NULL, 0}};
    if (json)
        printf("{\"runs\": %ld, \"calls\": %ld, \"rows\": [", runs, calls);
    else
        printf("| what | ns per call (median of %ld x %ld) |\n|---|---:|\n", runs, calls);
    for (size_t b = 0; b < sizeof benches / sizeof *benches; b++) {
        double *t = calloc((size_t)runs, sizeof *t);
        evm_message m = {0};
        m.kind = EVM_CALL;
        m.gas = 1000000;
        m.sender = SENDER;
        m.recipient = m.code_address = *benches[b].to;
        for (long r = 0; r < runs; r++) {
            double t0 = now_ns();
            for (long i = 0; i < calls; i++) {
                evm_result res;
                if (b == 0)
                    h.vm->run(h.vm->ctx, &h.base, &m, stop_rv, sizeof stop_rv, &res);
                else
                    exec_message(&h, &m, &res);
                if (res.status != EVM_SUCCESS) {
                    fprintf(stderr, "bench %zu: %s\n", b, evm_status_str(res.status));
                    return 1;
                }
                free(res.output);
            }
            t[r] = (now_ns() - t0) / (double)calls;
        }
        bench_sort(t, (size_t)runs);
        if (json)
            printf("%s{\"what\": \"%s\", \"ns\": %.1f}", b ? ", " : "", benches[b].name,
                   t[runs / 2]);
        else
            printf("| %s | %.1f |\n", benches[b].name, t[runs / 2]);
        free(t);
    }
    hy_stats st = hy_vm_stats(vm);
    if (json)
        printf("], \"frames\": %" PRIu64 ", \"programs_decoded\": %" PRIu64
               ", \"cache_hits\": %" PRIu64 ", \"pages\": %" PRIu64 "}\n",
               st.frames, st.programs_decoded, st.cache_hits, st.pages);
    else
        printf("\nframes %" PRIu64 ", programs decoded %" PRIu64 ", cache hits %" PRIu64
               ", pages %" PRIu64 "\n",
               st.frames, st.programs_decoded, st.cache_hits, st.pages);
    hy_vm_free(vm);
    state_free(&s);
    return 0;
}
