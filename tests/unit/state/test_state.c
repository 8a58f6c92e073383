/* State journal: checkpoints and reverts restore every kind of change; end-of-tx cleanup (which
   walks the journal); change tracking. */
#include "test.h"

#include "rivet/state.h"

static const evm_addr A = {{0xaa}}, B = {{0xbb}};

static void test_revert(void **unused)
{
    state s;
    state_init(&s);
    state_account *a = state_get(&s, &A, true);
    a->exists = true;
    a->balance = u256_from_u64(100);
    assert_int_equal(state_put_storage(a, u256_from_u64(1), u256_from_u64(7)), RIVET_OK);

    size_t cp = state_checkpoint(&s);
    state_set_balance(&s, a, u256_from_u64(5));
    state_set_nonce(&s, a, 9);
    evm_slot_change c = state_set_storage(&s, a, u256_from_u64(1), u256_from_u64(8));
    assert_true(u256_eq(c.original, u256_from_u64(7)) && u256_eq(c.current, u256_from_u64(7)));
    c = state_set_storage(&s, a, u256_from_u64(1), u256_from_u64(9));
    assert_true(u256_eq(c.original, u256_from_u64(7)) && u256_eq(c.current, u256_from_u64(8)));
    state_set_transient(&s, a, U256_ZERO, u256_from_u64(3));
    assert_true(state_warm_account(&s, a));
    assert_false(state_warm_account(&s, a));
    assert_true(state_warm_slot(&s, a, u256_from_u64(2)));
    static const uint8_t code[] = {0x60, 0x00};
    assert_int_equal(state_set_code(&s, a, code, sizeof code), RIVET_OK);
    state_account *b = state_get(&s, &B, true);
    state_add_balance(&s, b, u256_from_u64(1));
    assert_true(b->exists);
    assert_int_equal(state_add_log(&s, &A, code, 2, NULL, 0), RIVET_OK);

    state_revert(&s, cp);
    assert_true(u256_eq(a->balance, u256_from_u64(100)));
    assert_int_equal(a->nonce, 0);
    assert_true(u256_eq(state_get_storage(a, u256_from_u64(1)), u256_from_u64(7)));
    assert_true(u256_is_zero(state_get_transient(a, U256_ZERO)));
    assert_false(a->warm);
    assert_true(state_warm_slot(&s, a, u256_from_u64(2))); /* cold again after the revert */
    assert_int_equal(a->code_len, 0);
    assert_false(b->exists);
    assert_false(b->touched);
    assert_int_equal(s.nlogs, 0);
    state_free(&s);
}

static void test_finalize(void **unused)
{
    state s;
    state_init(&s);
    state_account *a = state_get(&s, &A, true), *b = state_get(&s, &B, true);
    a->exists = b->exists = true; /* both empty */
    state_touch(&s, a);           /* EIP-161: touched and empty -> removed */
    state_set_transient(&s, b, U256_ZERO, u256_from_u64(1));
    state_finalize_tx(&s);
    assert_false(a->exists);
    assert_true(b->exists);
    assert_true(u256_is_zero(state_get_transient(b, U256_ZERO)));
    /* the empty state's root is keccak(rlp("")) */
    state empty;
    state_init(&empty);
    evm_hash root;
    assert_int_equal(state_root(&empty, &root, NULL), RIVET_OK);
    assert_hex_equal(root.b, 32,
                     "56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
    state_free(&empty);
    state_free(&s);
}

/* The end of a transaction resets what the transaction set (original values, warm flags) and
   nothing else needs it: a slot written, then the next transaction sees it as original and cold. */
static void test_finalize_slots(void **unused)
{
    state s;
    state_init(&s);
    state_account *a = state_get(&s, &A, true);
    a->exists = true;
    a->balance = u256_from_u64(1);
    for (unsigned k = 0; k < 300; k++) /* a table that grows while the journal points into it */
        state_set_storage(&s, a, u256_from_u64(k), u256_from_u64(k + 1));
    state_finalize_tx(&s);
    evm_slot_change c = state_set_storage(&s, a, u256_from_u64(7), u256_from_u64(0));
    assert_true(c.cold);
    assert_true(u256_eq(c.original, u256_from_u64(8)) && u256_eq(c.current, u256_from_u64(8)));
    assert_false(a->warm);
    state_free(&s);
}

/* state_track_changes: finished transactions' changed accounts (once each) and written slots;
   what a revert undid is not listed; a removed account is `wiped`; clearing resets the flags. */
static void test_track_changes(void **unused)
{
    state s;
    state_init(&s);
    state_account *a = state_get(&s, &A, true), *b = state_get(&s, &B, true);
    a->exists = b->exists = true;
    a->balance = b->balance = u256_from_u64(10);
    state_set_storage(&s, a, u256_from_u64(1), u256_from_u64(2)); /* untracked yet */
    state_finalize_tx(&s);
    state_track_changes(&s, true);
    assert_int_equal(s.nchg, 0);

    state_set_storage(&s, a, u256_from_u64(3), u256_from_u64(4));
    state_set_balance(&s, a, u256_from_u64(9));
    size_t cp = state_checkpoint(&s);
    state_set_balance(&s, b, u256_from_u64(1));
    state_set_storage(&s, a, u256_from_u64(5), u256_from_u64(6));
    state_revert(&s, cp);
    assert_true(state_warm_account(&s, b)); /* warming is not a change */
    state_finalize_tx(&s);
    assert_int_equal(s.nchg, 1);
    assert_ptr_equal(s.chg[0], a);
    assert_true(a->changed && !a->wiped && !b->changed);
    assert_int_equal(s.nchg_slot, 1);
    assert_true(s.chg_slot[0].a == a && u256_eq(s.chg_slot[0].key, u256_from_u64(3)));

    state_set_nonce(&s, a, 1); /* a second transaction: a is listed once */
    state_mark_destructed(&s, b);
    state_finalize_tx(&s);
    assert_int_equal(s.nchg, 2);
    assert_ptr_equal(s.chg[1], b);
    assert_true(b->wiped && !b->exists && !a->wiped);

    state_changes_clear(&s);
    assert_int_equal(s.nchg + s.nchg_slot, 0);
    assert_false(a->changed || b->changed || b->wiped);
    state_track_changes(&s, false);
    state_set_balance(&s, a, u256_from_u64(3));
    state_finalize_tx(&s);
    assert_int_equal(s.nchg, 0);
    state_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_revert),
        cmocka_unit_test(test_finalize),
        cmocka_unit_test(test_finalize_slots),
        cmocka_unit_test(test_track_changes),
    };
    return test_main(tests);
}
