/* Traces of RISC-V frames (src/hybrid/hy_trace.c): one EIP-3155-style line per ecall with the
   operands as the EVM's stack would hold them, the ecall's gas cost, its result, and for a call
   the forwarded gas, the input and the outcome line. Expected gas figures are the EIPs' (2929,
   2200, the yellow paper's LOG and identity-precompile costs), written here by hand; a traced
   run must use the same gas as an untraced one. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

#include "unit/hybrid/rv_enc.h"
#include "rivet/exec.h"

enum { PA = 0x7ff000, PB = 0x7ff100, GAS = 1000000 };
#define SB(rs2, rs1, off) enc_s((off), (rs2), (rs1), 0)

/* SSTORE(0 -> 0x2a), SLOAD, LOG1, STATICCALL of the identity precompile, RETURN. */
static uint8_t *program(size_t *n)
{
    static prog p;
    p.n = 0;
    li2(&p, S2, PA);
    emit(&p, SD(ZERO, S2, 0)); /* touch the pages the pointers use */
    li2(&p, S3, PB);
    emit(&p, ADDI(A1, ZERO, 0x2a));
    emit(&p, SB(A1, S3, 31)); /* word at PB = 0x2a */
    emit(&p, ADDI(A1, ZERO, 4));
    emit(&p, SB(A1, S2, 0x80 + 19)); /* address 0x..04 at PA+0x80 */
    emit(&p, ADDI(A0, S2, 0));
    emit(&p, ADDI(A1, S3, 0));
    ecall_n(&p, HY_EC_SSTORE); /* slot 0 = 0x2a */
    emit(&p, ADDI(A0, S2, 0));
    emit(&p, ADDI(A1, S2, 0x40));
    ecall_n(&p, HY_EC_SLOAD); /* PA+0x40 = slot 0 */
    emit(&p, ADDI(A0, S3, 0));
    emit(&p, ADDI(A1, ZERO, 32));
    emit(&p, ADDI(A2, S2, 0x40));
    ecall_n(&p, HY_EC_LOG1); /* data PB[0..32), topic: the loaded word */
    li2(&p, A0, 100000);
    emit(&p, ADDI(A1, S2, 0x80));
    emit(&p, ADDI(A2, S3, 0));
    emit(&p, ADDI(A3, ZERO, 32));
    ecall_n(&p, HY_EC_STATICCALL); /* identity(PB[0..32)) */
    emit(&p, ADDI(A0, S3, 0));
    emit(&p, ADDI(A1, ZERO, 32));
    ecall_n(&p, HY_EC_RETURN);
    return pack(&p, n);
}

static evm_result run(const uint8_t *c, size_t n, FILE *out)
{
    hy_vm *vm = hy_vm_new(&(hy_options){.trace_ecalls = out != NULL});
    evm_tracer tr = {.out = out};
    evm_result r;
    assert_int_equal(
        exec_call_code_vm(FORK_OSAKA, hy_vm_runner(vm), c, n, NULL, 0, GAS, out ? &tr : NULL, &r),
        RIVET_OK);
    hy_vm_free(vm);
    return r;
}

/* The line holding `op` (the k-th such), or fail. */
static const char *line(const char *all, const char *op, int k)
{
    const char *p = all;
    for (; (p = strstr(p, op)); p++)
        if (k-- == 0) break;
    if (!p) fail_msg("no line with %s in:\n%s", op, all);
    while (p > all && p[-1] != '\n')
        p--;
    return p;
}

static void has(const char *ln, const char *want)
{
    const char *end = strchr(ln, '\n');
    size_t len = end ? (size_t)(end - ln) : strlen(ln);
    char *l = strndup(ln, len);
    if (!strstr(l, want)) fail_msg("expected %s in %s", want, l);
    free(l);
}

#define W2A "\"0x000000000000000000000000000000000000000000000000000000000000002a\""

static void test_ecall_lines(void **st)
{
    (void)st;
    size_t n;
    uint8_t *c = program(&n);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    evm_result traced = run(c, n, f);
    fclose(f);
    evm_result plain = run(c, n, NULL);
    assert_int_equal(traced.status, EVM_SUCCESS);
    assert_int_equal(plain.status, EVM_SUCCESS);
    assert_int_equal(traced.gas_left, plain.gas_left); /* tracing reads memory for free */
    const char *l = line(buf, "\"opName\":\"SSTORE\"", 0);
    has(l, "\"gasCost\":\"0x5654\"");       /* 22100: cold slot 2100 + 0 -> nonzero 20000 */
    has(l, "\"stack\":[\"0x2a\",\"0x0\"]"); /* value, key (the key on top, last) */
    has(l, "\"depth\":1");
    l = line(buf, "\"opName\":\"SLOAD\"", 0);
    has(l, "\"gasCost\":\"0x64\""); /* warm: 100 */
    has(l, "\"stack\":[\"0x0\"]");
    has(l, "\"result\":\"0x2a\"");
    l = line(buf, "\"opName\":\"LOG1\"", 0);
    has(l, "\"gasCost\":\"0x3ee\""); /* 375 + 375 per topic + 8 * 32 bytes = 1006 */
    char want[96];
    snprintf(want, sizeof want, "\"stack\":[\"0x2a\",\"0x20\",\"0x%x\"]", PB);
    has(l, want);
    has(l, "\"data\":" W2A);
    l = line(buf, "\"opName\":\"STATICCALL\"", 0);
    has(l, "\"callGas\":\"0x186a0\""); /* the 100000 asked for */
    /* a warm account access (100: a precompile is warm from the start, EIP-2929) + the
       forwarded 100000 */
    has(l, "\"gasCost\":\"0x18704\"");
    has(l, "\"input\":" W2A);
    l = line(buf, "\"opName\":\"STATICCALL\"", 1); /* the outcome, after the child */
    has(l, "\"ret\":true");
    has(l, "\"ok\":1");
    has(l, "\"gasUsed\":\"0x12\""); /* identity: 15 + 3 per word */
    has(l, "\"output\":" W2A);
    l = line(buf, "\"opName\":\"RETURN\"", 0);
    has(l, "\"output\":" W2A);
    /* in order, each line starting with the marker the tools look for */
    assert_true(line(buf, "SSTORE", 0) < line(buf, "SLOAD", 0));
    assert_true(line(buf, "SLOAD", 0) < line(buf, "LOG1", 0));
    assert_true(line(buf, "LOG1", 0) < line(buf, "RETURN", 0));
    for (const char *p = buf; *p; p = strchr(p, '\n') + 1)
        if (strncmp(p, "{\"vm\":\"riscv\",", 14)) fail_msg("line: %.60s", p);
    /* the instruction counts grow */
    const char *i1 = strstr(line(buf, "SLOAD", 0), "\"insns\":"),
               *i2 = strstr(line(buf, "LOG1", 0), "\"insns\":");
    assert_true(atoi(i1 + 8) > 0 && atoi(i2 + 8) > atoi(i1 + 8));
    free(traced.output);
    free(plain.output);
    free(buf);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ecall_lines),
    };
    return test_main(tests);
}
