/* bench_hybrid_calls: one contract call measured in-process, on a pre-state. As `rivet evm`
   (sender 0x10.., contract at 0x20..), plus storage slots for the contract, and the state put
   back (journal checkpoint and revert, which also forgets the warm accounts and slots) after
   every call, so each call sees the same cold pre-state. Prints one JSON object: output,
   gas_used, status, ns (median per call of --runs batches of --calls) and, with --hybrid,
   riscv_instructions per call. Used by
   bench/hybrid/kernels.py for the rows that need a pre-state (ERC20 transfer, approve,
   transferFrom).
   usage: bench_hybrid_calls --code HEX --input HEX [--hybrid] [--slot KEY=VALUE]...
                             [--calls N] [--runs N] */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rivet/bytes.h"
#include "rivet/exec.h"
#include "rivet/hybrid.h"

#include "bench_time.h"

static uint8_t *hex(const char *s, size_t *n)
{
    uint8_t *p = NULL;
    if (hex_decode_alloc(&p, n, s, strlen(s), HEX_PREFIX_OPT, NULL) != RIVET_OK) {
        fprintf(stderr, "bench_hybrid_calls: bad hex '%.40s'\n", s);
        exit(2);
    }
    return p;
}

static u256 word(const char *s)
{
    size_t n;
    uint8_t *p = hex(s, &n);
    u256 v = u256_from_be(p, n);
    free(p);
    return v;
}

int main(int argc, char **argv)
{
    static const evm_addr sender = {{0x10}}, target = {{0x20}};
    const char *code_hex = NULL, *input_hex = "0x";
    long calls = 2000, runs = 7;
    bool hybrid = false;
    state s;
    state_init(&s);
    state_account *a = state_get(&s, &target, true), *from = state_get(&s, &sender, true);
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--hybrid")) {
            hybrid = true;
        } else if (v && !strcmp(argv[i], "--code")) {
            code_hex = argv[++i];
        } else if (v && !strcmp(argv[i], "--input")) {
            input_hex = argv[++i];
        } else if (v && !strcmp(argv[i], "--calls")) {
            calls = atol(argv[++i]);
        } else if (v && !strcmp(argv[i], "--runs")) {
            runs = atol(argv[++i]);
        } else if (v && !strcmp(argv[i], "--slot") && strchr(v, '=')) {
            char key[80];
            snprintf(key, sizeof key, "%.*s", (int)(strchr(v, '=') - v), v);
            if (state_put_storage(a, word(key), word(strchr(v, '=') + 1)) != RIVET_OK) return 1;
            i++;
        } else {
            fprintf(stderr, "usage: bench_hybrid_calls --code HEX --input HEX [--hybrid] "
                            "[--slot KEY=VALUE]... [--calls N] [--runs N]\n");
            return 2;
        }
    }
    if (!code_hex || calls < 1 || runs < 1) return 2;
    size_t clen, ilen;
    uint8_t *code = hex(code_hex, &clen), *input = hex(input_hex, &ilen);
    if (state_put_code(&s, a, code, clen) != RIVET_OK) return 1;
    a->exists = true;
    a->nonce = 1;
    hy_vm *vm = hybrid ? hy_vm_new(NULL) : NULL;
    exec_host h;
    exec_host_init(&h, &s, FORK_OSAKA);
    h.txc.origin = sender;
    h.txc.gas_limit = 30000000;
    h.txc.chain_id = u256_from_u64(1);
    h.vm = vm ? hy_vm_runner(vm) : NULL;
    evm_message m = {0};
    m.kind = EVM_CALL;
    m.gas = 30000000;
    m.sender = sender;
    m.recipient = m.code_address = target;
    m.input = input;
    m.input_size = ilen;
    double *t = calloc((size_t)runs, sizeof *t);
    int64_t gas_left = -1;
    evm_result r = {0};
    for (long k = 0; k < runs; k++) {
        double t0 = now_ns();
        for (long i = 0; i < calls; i++) {
            size_t cp = state_checkpoint(&s);
            state_warm_account(&s, from);
            state_warm_account(&s, a);
            free(r.output);
            exec_message(&h, &m, &r);
            if (gas_left >= 0 && r.gas_left != gas_left) {
                fprintf(stderr, "bench_hybrid_calls: gas differs between calls\n");
                return 1;
            }
            gas_left = r.gas_left;
            state_revert(&s, cp);
        }
        t[k] = (now_ns() - t0) / (double)calls;
    }
    bench_sort(t, (size_t)runs);
    char *out = hex_encode_alloc(r.output, r.output_size, 1);
    uint64_t insns = vm ? hy_vm_stats(vm).instructions / (uint64_t)(calls * runs) : 0;
    printf("{\"output\":\"%s\",\"gas_used\":%" PRId64
           ",\"status\":\"%s\",\"ns\":%.1f,\"riscv_instructions\":%" PRIu64 "}\n",
           out, m.gas - gas_left, evm_status_str(r.status), t[runs / 2], insns);
    free(out);
    free(r.output);
    free(t);
    free(code);
    free(input);
    if (vm) hy_vm_free(vm);
    state_free(&s);
    return 0;
}
