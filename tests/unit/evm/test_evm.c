/* Interpreter robustness: malformed code, truncated PUSH, absurd memory offsets, deep calls.
   Expected values come from the EVM rules (gas schedule, depth limit), not from our output. */
#include "test.h"

#include <stdlib.h>

#include "rivet/exec.h"

static const evm_addr sender = {{0x10}}, target = {{0x20}};

typedef struct run {
    state s;
    evm_result r;
} run;

/* Calls `hex` code at `target` with `gas` under Osaka, as the top frame of a transaction. */
static void run_code(run *x, const char *hex, int64_t gas)
{
    uint8_t code[4096];
    size_t n = test_hex(code, sizeof code, hex);
    state_init(&x->s);
    state_account *a = state_get(&x->s, &target, true);
    assert_int_equal(state_put_code(&x->s, a, code, n), RIVET_OK);
    a->exists = true;
    a->nonce = 1;
    exec_host h;
    exec_host_init(&h, &x->s, FORK_OSAKA);
    state_warm_account(&x->s, a);
    evm_message m = {0};
    m.kind = EVM_CALL;
    m.gas = gas;
    m.sender = sender;
    m.recipient = m.code_address = target;
    exec_message(&h, &m, &x->r);
}

static void done(run *x)
{
    free(x->r.output);
    state_free(&x->s);
}

static void expect(const char *hex, int64_t gas, evm_status st, int64_t used)
{
    run x;
    run_code(&x, hex, gas);
    assert_int_equal(x.r.status, st);
    assert_int_equal(gas - x.r.gas_left, used);
    done(&x);
}

static void test_truncated_push(void **unused)
{
    expect("7f", 100, EVM_SUCCESS, 3);       /* PUSH32 with no immediate bytes */
    expect("6001617f", 100, EVM_SUCCESS, 6); /* PUSH2 with one byte */
    /* a JUMPDEST byte inside a truncated PUSH is still push data */
    expect("600356605b", 100, EVM_BAD_JUMP, 100);
}

static void test_malformed(void **unused)
{
    expect("0c", 1000, EVM_UNDEFINED, 1000);            /* undefined opcode */
    expect("fe", 1000, EVM_INVALID, 1000);              /* INVALID */
    expect("01", 1000, EVM_STACK_UNDERFLOW, 1000);      /* ADD on an empty stack */
    expect("600356", 1000, EVM_BAD_JUMP, 1000);         /* JUMP to a non-JUMPDEST */
    expect("6004566000", 1000, EVM_BAD_JUMP, 1000);     /* JUMP past the code end */
    expect("6003566100005b", 1000, EVM_BAD_JUMP, 1000); /* 0x5b inside PUSH2 data */
    expect("6004565b5b", 1000, EVM_SUCCESS, 3 + 8 + 1); /* valid jump, then end of code */
    /* 1025 PUSH0s overflow the stack: STACK_OVERFLOW */
    char *many = malloc(2 * 1025 + 1);
    for (int i = 0; i < 1025; i++)
        memcpy(many + 2 * i, "5f", 2);
    many[2 * 1025] = 0;
    {
        uint8_t code[1025];
        size_t n = test_hex(code, sizeof code, many);
        assert_int_equal(n, 1025);
    }
    expect(many, 100000, EVM_STACK_OVERFLOW, 100000);
    free(many);
    expect("5f5f", 3, EVM_OUT_OF_GAS, 3); /* 2 + 2 > 3 */
}

static void test_memory_offsets(void **unused)
{
    /* MLOAD at 2^64: out of gas, nothing allocated */
    expect("6801000000000000000051", 1000000, EVM_OUT_OF_GAS, 1000000);
    /* MSTORE at 0xffffffff: 2^27 words cost far more than the gas */
    expect("600063ffffffff52", 1000000000, EVM_OUT_OF_GAS, 1000000000);
    /* CALLDATACOPY of 2^255 bytes */
    expect("7f8000000000000000000000000000000000000000000000000000000000"
           "0000006000600037",
           1000000, EVM_OUT_OF_GAS, 1000000);
    /* RETURN with a huge offset and zero size costs nothing */
    expect("60007fffffffffffffffffffffffffffffffffffffffffffffffffffffff"
           "fffffffffff3",
           100, EVM_SUCCESS, 6);
    /* MSTORE8 at 31: one word, 3 + 3 + 3 + 3 (memory) */
    expect("6001601f53", 100, EVM_SUCCESS, 12);
    /* RETURNDATACOPY beyond the (empty) return data fails */
    expect("6001600060003e", 1000, EVM_RETURNDATA_OOB, 1000);
}

static void test_deep_calls(void **unused)
{
    /* slot0 += 1; CALL(gas, address, 0, 0, 0, 0, 0) */
    run x;
    run_code(&x, "60005460010160005560006000600060006000305af100", INT64_MAX / 2);
    assert_int_equal(x.r.status, EVM_SUCCESS);
    state_account *a = state_get(&x.s, &target, false);
    u256 v = state_get_storage(a, U256_ZERO);
    /* frames at depths 0..1024 run; the call from depth 1024 fails */
    assert_true(u256_eq(v, u256_from_u64(1025)));
    done(&x);
}

static void test_deep_creates(void **unused)
{
    /* CODECOPY(0, 0, CODESIZE); POP(CREATE(0, 0, CODESIZE)): every initcode creates the next */
    run x;
    run_code(&x, "385f5f39385f5ff050", INT64_MAX / 2);
    assert_int_equal(x.r.status, EVM_SUCCESS);
    size_t created = 0, nonce1 = 0;
    for (size_t i = 0; i < x.s.cap; i++) {
        state_account *a = x.s.acc[i];
        if (!a || !a->exists || memcmp(a->addr.b, target.b, 20) == 0) continue;
        created++;
        nonce1 += a->nonce == 1;
    }
    /* frames at depths 1..1024 are creates; only the deepest one's CREATE fails (depth
       limit, before its nonce would be incremented) */
    assert_int_equal(created, 1024);
    assert_int_equal(nonce1, 1);
    done(&x);
}

/* EIP-3529's SSTORE table (warm slot 0): code, gas used, refund, original value. */
static void test_sstore_eip3529(void **unused)
{
    static const struct {
        const char *code;
        int64_t used, refund;
        uint64_t original;
    } cases[] = {
        {"60006000556000600055", 212, 0, 0},
        {"60006000556001600055", 20112, 0, 0},
        {"60016000556000600055", 20112, 19900, 0},
        {"60016000556002600055", 20112, 0, 0},
        {"60016000556001600055", 20112, 0, 0},
        {"60006000556000600055", 3012, 4800, 1},
        {"60006000556001600055", 3012, 2800, 1},
        {"60006000556002600055", 3012, 0, 1},
        {"60026000556000600055", 3012, 4800, 1},
        {"60026000556003600055", 3012, 0, 1},
        {"60026000556001600055", 3012, 2800, 1},
        {"60026000556002600055", 3012, 0, 1},
        {"60016000556000600055", 3012, 4800, 1},
        {"60016000556002600055", 3012, 0, 1},
        {"60016000556001600055", 212, 0, 1},
        {"600160005560006000556001600055", 40118, 19900, 0},
        {"600060005560016000556000600055", 5918, 7600, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t code[64];
        size_t n = test_hex(code, sizeof code, cases[i].code);
        state s;
        state_init(&s);
        state_account *a = state_get(&s, &target, true);
        assert_int_equal(state_put_code(&s, a, code, n), RIVET_OK);
        a->exists = true;
        a->nonce = 1;
        if (cases[i].original)
            assert_int_equal(state_put_storage(a, U256_ZERO, u256_from_u64(cases[i].original)),
                             RIVET_OK);
        exec_host h;
        exec_host_init(&h, &s, FORK_LONDON);
        state_warm_account(&s, a);
        state_warm_slot(&s, a, U256_ZERO);
        evm_message m = {0};
        m.kind = EVM_CALL;
        m.gas = 100000;
        m.sender = sender;
        m.recipient = m.code_address = target;
        evm_result r;
        exec_message(&h, &m, &r);
        assert_int_equal(r.status, EVM_SUCCESS);
        assert_int_equal(m.gas - r.gas_left, cases[i].used);
        assert_int_equal(r.gas_refund, cases[i].refund);
        free(r.output);
        state_free(&s);
    }
}

/* EIP-8037 (Amsterdam) SSTORE and EIP-7843 SLOTNUM, on a cold slot of an empty storage, with
   `reservoir` state gas handed to the frame: a slot set from zero costs 2100 (cold) + 2900
   regular and 32 * 1174 = 37568 state gas (from the reservoir first, then from regular gas);
   resetting it to zero in the same transaction gives the state gas back to the reservoir and
   refunds 2800. */
static void test_amsterdam_state_gas(void **unused)
{
    static const struct {
        const char *code;
        int64_t gas, reservoir, used, state_left, state_used, refund;
    } cases[] = {
        {"6001600055", 100000, 0, 6 + 5000 + 37568, 0, 37568, 0},         /* spills into gas */
        {"6001600055", 100000, 50000, 6 + 5000, 50000 - 37568, 37568, 0}, /* from the reservoir */
        {"6001600055", 100000, 20000, 6 + 5000 + 17568, 0, 37568, 0},     /* part from each */
        {"6001600055600060005500", 100000, 0, 6 + 5000 + 37568 + 106, 37568, 0,
         2800},                                                       /* set, reset */
        {"4b60005500", 100000, 0, 2 + 3 + 5000 + 37568, 0, 37568, 0}, /* SLOTNUM, SSTORE */
        /* the regular gas left after 5006 cannot cover the state gas: out of gas, all of it
           consumed, no state gas charged */
        {"6001600055", 5006 + 2300, 0, 5006 + 2300, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t code[64];
        size_t n = test_hex(code, sizeof code, cases[i].code);
        state s;
        state_init(&s);
        state_account *a = state_get(&s, &target, true);
        assert_int_equal(state_put_code(&s, a, code, n), RIVET_OK);
        a->exists = true;
        a->nonce = 1;
        exec_host h;
        exec_host_init(&h, &s, FORK_AMSTERDAM);
        h.txc.slot_number = 0x1234;
        state_warm_account(&s, a);
        evm_message m = {0};
        m.kind = EVM_CALL;
        m.gas = cases[i].gas;
        m.state_gas = cases[i].reservoir;
        m.sender = sender;
        m.recipient = m.code_address = target;
        evm_result r;
        exec_message(&h, &m, &r);
        assert_int_equal(r.status, m.gas == 100000 ? EVM_SUCCESS : EVM_OUT_OF_GAS);
        assert_int_equal(m.gas - r.gas_left, cases[i].used);
        assert_int_equal(r.state_gas_left, cases[i].state_left);
        assert_int_equal(r.state_gas_used, cases[i].state_used);
        assert_int_equal(r.gas_refund, cases[i].refund);
        if (code[0] == EVM_OP_SLOTNUM)
            assert_true(u256_eq(state_get_storage(a, U256_ZERO), u256_from_u64(0x1234)));
        free(r.output);
        state_free(&s);
    }
    /* not an opcode before Amsterdam */
    expect("4b", 1000, EVM_UNDEFINED, 1000);
}

/* The analysis cache (evm_host.code_cache) must never judge code by a stale analysis: the same
   buffer rewritten with code of the same length, where the JUMP target has become PUSH data,
   must fail as the jump rules say. */
static void test_code_cache(void **unused)
{
    uint8_t code[70] = {0};
    /* PUSH1 4, JUMP, STOP, JUMPDEST, STOP: 3 + 8 + 1 gas */
    static const uint8_t good[] = {0x60, 0x04, 0x56, 0x00, 0x5b, 0x00};
    /* PUSH1 4, JUMP, PUSH2 5b00: the target is push data */
    static const uint8_t bad[] = {0x60, 0x04, 0x56, 0x61, 0x5b, 0x00};
    state s;
    state_init(&s);
    exec_host h;
    exec_host_init(&h, &s, FORK_OSAKA);
    h.base.code_cache = evm_code_cache_new();
    assert_non_null(h.base.code_cache);
    evm_message m = {0};
    m.kind = EVM_CALL;
    m.gas = 100;
    m.sender = sender;
    m.recipient = m.code_address = target;
    const uint8_t *seq[] = {good, bad, good, bad};
    const evm_status want[] = {EVM_SUCCESS, EVM_BAD_JUMP, EVM_SUCCESS, EVM_BAD_JUMP};
    for (int i = 0; i < 4; i++) {
        memcpy(code, seq[i], sizeof good);
        for (int again = 0; again < 2; again++) {
            evm_result r;
            evm_execute(&h.base, &m, code, sizeof code, &r);
            assert_int_equal(r.status, want[i]);
            assert_int_equal(100 - r.gas_left, want[i] == EVM_SUCCESS ? 12 : 100);
            free(r.output);
        }
    }
    evm_code_cache_free(h.base.code_cache);
    state_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_truncated_push),      cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_memory_offsets),      cmocka_unit_test(test_deep_calls),
        cmocka_unit_test(test_deep_creates),        cmocka_unit_test(test_sstore_eip3529),
        cmocka_unit_test(test_amsterdam_state_gas), cmocka_unit_test(test_code_cache),
    };
    return test_main(tests);
}
