/* --data-dir starts from the stored state (node_store_load.c), checked against the independent
   path: a node without a data dir that replays the same journal (a --dump-state file) by
   executing every block from genesis. After each restart both must agree on the head, the state
   root (the replayed node's through the state layer's state_root), every account (nonce,
   balance, code, non-zero slots), balances over RPC and every receipt and log. Sequences: blocks
   that write, overwrite, zero slots and destroy a contract; dev edits (anvil_set*) and a snapshot
   revert before the restart; a journal-only data dir (replayed, then migrated) and a rewind
   after the migration; a store whose state or receipts were damaged (the start falls back to
   replay). */
#include "test.h"

#include <jansson.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node/node_impl.h"
#include "node_rpc_call.h"

/* runtime: SSTORE(calldata[0:32], calldata[32:64]), LOG1(32 zero bytes, topic key); init: it */
#define STORE_INIT    "0x6010600c60003960106000f36020356000355560003560206000a100"
#define DESTRUCT_INIT "0x60016000556000ff" /* SSTORE(0,1), SELFDESTRUCT at creation */
#define DEV0          "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"
#define DEV1          "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"
#define CONTRACT      "0x5fbdb2315678afecb367f032d93f642f64180aa3" /* DEV0's nonce 0 */

static char g_dir[256], g_dump[300];

static void send(node_chain *c, const char *to, const char *data)
{
    char p[1024];
    snprintf(p, sizeof p, "[{\"from\":\"" DEV0 "\",%s%s%s\"gas\":\"0x100000\",\"data\":\"%s\"}]",
             to ? "\"to\":\"" : "", to ? to : "", to ? "\"," : "", data);
    json_decref(rpc(c, "eth_sendTransaction", p));
}

static void store(node_chain *c, unsigned key, unsigned val)
{
    char data[160];
    snprintf(data, sizeof data, "0x%064x%064x", key, val);
    send(c, CONTRACT, data);
}

static node_chain *open_node(const char *dir, const char *load)
{
    node_config cfg;
    node_config_default(&cfg);
    cfg.timestamp = 1700000000;
    cfg.quiet = true;
    cfg.data_dir = dir;
    cfg.load_state = load;
    node_chain *c = NULL;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (node_open(&c, &cfg, &d) != RIVET_OK) fail_msg("node_open: %s", d.msg);
    return c;
}

/* Every existing account of a is in b with the same fields and slots. */
static void same_accounts(state *a, state *b)
{
    for (size_t i = 0; i < a->cap; i++) {
        const state_account *x = a->acc[i];
        if (!x || !x->exists) continue;
        const state_account *y = state_get(b, &x->addr, false);
        assert_non_null(y);
        assert_true(y->exists);
        assert_int_equal(x->nonce, y->nonce);
        assert_true(u256_eq(x->balance, y->balance));
        assert_int_equal(x->code_len, y->code_len);
        if (x->code_len) assert_memory_equal(x->code, y->code, x->code_len);
        for (size_t k = 0; k < x->storage.cap; k++) {
            const state_slot *s = &x->storage.v[k];
            if (s->used) assert_true(u256_eq(s->cur, state_get_storage(y, s->key)));
        }
    }
}

static void same_receipts(node_chain *a, node_chain *b)
{
    assert_int_equal(a->nblocks, b->nblocks);
    for (size_t n = 0; n < a->nblocks; n++) {
        node_block *x = &a->blocks[n], *y = &b->blocks[n];
        assert_memory_equal(x->b.hash, y->b.hash, 32);
        assert_int_equal(x->b.ntx, y->b.ntx);
        assert_int_equal(x->nlogs, y->nlogs);
        for (size_t i = 0; i < x->b.ntx; i++) {
            const node_receipt *p = &x->rc[i], *q = &y->rc[i];
            assert_memory_equal(p->hash, q->hash, 32);
            assert_memory_equal(p->from.b, q->from.b, 20);
            assert_memory_equal(p->contract.b, q->contract.b, 20);
            assert_int_equal(p->gas_used, q->gas_used);
            assert_int_equal(p->cumulative_gas, q->cumulative_gas);
            assert_true(u256_eq(p->price, q->price));
            assert_int_equal(p->status, q->status);
            assert_int_equal(p->has_contract, q->has_contract);
            assert_int_equal(p->impersonated, q->impersonated);
            assert_int_equal(p->first_log, q->first_log);
            assert_int_equal(p->nlogs, q->nlogs);
        }
        for (size_t i = 0; i < x->nlogs; i++) {
            const node_log *p = &x->logs[i], *q = &y->logs[i];
            assert_memory_equal(p->addr.b, q->addr.b, 20);
            assert_int_equal(p->ntopics, q->ntopics);
            assert_memory_equal(p->topics, q->topics, sizeof p->topics);
            assert_int_equal(p->len, q->len);
            assert_memory_equal(p->data, q->data, p->len);
        }
    }
}

static void same_rpc(node_chain *a, node_chain *b, const char *method, const char *params)
{
    json_t *x = rpc(a, method, params), *y = rpc(b, method, params);
    assert_true(json_equal(json_object_get(x, "result"), json_object_get(y, "result")));
    json_decref(x);
    json_decref(y);
}

/* c against a node that replays c's journal from genesis, without a data dir. */
static void check_against_replay(node_chain *c)
{
    rivet_diag d;
    rivet_diag_clear(&d);
    assert_int_equal(node_dump_state(c, g_dump, &d), RIVET_OK);
    node_chain *r = open_node(NULL, g_dump);
    assert_int_equal(c->njournal, r->njournal);
    uint8_t inc[32];
    evm_hash full;
    assert_int_equal(node_state_root(c, inc, &d), RIVET_OK);
    assert_int_equal(state_root(&r->s, &full, &d), RIVET_OK);
    assert_memory_equal(inc, full.b, 32);
    same_accounts(&c->s, &r->s);
    same_accounts(&r->s, &c->s);
    same_receipts(c, r);
    same_rpc(c, r, "eth_getBalance", "[\"" DEV0 "\",\"latest\"]");
    same_rpc(c, r, "eth_getBalance", "[\"" DEV1 "\",\"latest\"]");
    same_rpc(c, r, "eth_getStorageAt", "[\"" CONTRACT "\",\"0x3\",\"latest\"]");
    same_rpc(c, r, "eth_getBlockByNumber", "[\"latest\",true]");
    node_close(r);
}

/* Closes c and opens the data dir again: loaded from the store when `loaded`, else replayed. */
static node_chain *restart(node_chain *c, bool loaded)
{
    node_close(c);
    c = open_node(g_dir, NULL);
    assert_int_equal(c->store_loaded, loaded);
    check_against_replay(c);
    return c;
}

static void setup_dir(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/rivet-persist-XXXXXX");
    assert_non_null(mkdtemp(g_dir));
    snprintf(g_dump, sizeof g_dump, "%s.json", g_dir);
}

static void remove_dir(void)
{
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", g_dir, g_dump);
    assert_int_equal(system(cmd), 0);
}

static void test_blocks_restart(void **st)
{
    (void)st;
    setup_dir();
    node_chain *c = open_node(g_dir, NULL);
    assert_false(c->store_loaded); /* a new dir */
    send(c, NULL, STORE_INIT);
    for (unsigned i = 1; i <= 20; i++)
        store(c, i, i * 7);
    c = restart(c, true);
    store(c, 3, 99); /* overwrite, delete after a restart */
    store(c, 5, 0);
    send(c, DEV1, "0x");
    send(c, NULL, DESTRUCT_INIT); /* created, written and removed in one transaction */
    c = restart(c, true);
    store(c, 6, 0);
    c = restart(c, true);
    /* an empty account with storage (an edit made it), touched: removed with its storage
       (EIP-161, a wiped account), then funded again: its stored slots must be gone */
    const char *x = "0x000000000000000000000000000000000000beef";
    char p[256];
    snprintf(p, sizeof p, "[\"%s\",\"0x%064x\",\"0x%064x\"]", x, 1, 5);
    json_decref(rpc(c, "anvil_setStorageAt", p));
    c = restart(c, true);
    send(c, x, "0x");
    snprintf(p, sizeof p, "[\"%s\",\"0x1\"]", x);
    json_decref(rpc(c, "anvil_setBalance", p));
    c = restart(c, true);
    /* the same in one block: removed by a touch, funded by the next transaction (wiped, yet
       existing when the block is written) */
    snprintf(p, sizeof p, "[\"%s\",\"0x%064x\",\"0x%064x\"]", x, 2, 6);
    json_decref(rpc(c, "anvil_setStorageAt", p));
    snprintf(p, sizeof p, "[\"%s\",\"0x0\"]", x);
    json_decref(rpc(c, "anvil_setBalance", p)); /* empty again, with a slot */
    json_decref(rpc(c, "evm_setAutomine", "[false]"));
    send(c, x, "0x");
    snprintf(p, sizeof p, "[{\"from\":\"" DEV0 "\",\"to\":\"%s\",\"value\":\"0x7\"}]", x);
    json_decref(rpc(c, "eth_sendTransaction", p));
    json_decref(rpc(c, "evm_mine", "[]"));
    assert_int_equal(c->blocks[c->nblocks - 1].b.ntx, 2);
    c = restart(c, true);
    node_close(c);
    remove_dir();
}

static void test_edits_revert_restart(void **st)
{
    (void)st;
    setup_dir();
    node_chain *c = open_node(g_dir, NULL);
    send(c, NULL, STORE_INIT);
    store(c, 1, 1);
    store(c, 2, 2);
    json_t *snap = rpc(c, "evm_snapshot", "[]");
    store(c, 3, 3);
    char p[256];
    snprintf(p, sizeof p, "[\"%s\",\"0x%064x\",\"0x%064x\"]", CONTRACT, 1, 0);
    json_decref(rpc(c, "anvil_setStorageAt", p));
    json_decref(
        rpc(c, "anvil_setCode", "[\"0x1000000000000000000000000000000000000001\",\"0x6000\"]"));
    c = restart(c, true); /* ends with an edit; the snapshot does not survive a restart */
    json_decref(snap);
    snap = rpc(c, "evm_snapshot", "[]");
    json_decref(rpc(c, "anvil_setBalance", "[\"" DEV1 "\",\"0x1\"]"));
    store(c, 4, 4);
    const char *x = "0x000000000000000000000000000000000000beef";
    snprintf(p, sizeof p, "[\"%s\",\"0x%064x\",\"0x%064x\"]", x, 1, 5);
    json_decref(rpc(c, "anvil_setStorageAt", p)); /* an empty account with storage, */
    send(c, x, "0x");                             /* touched: removed with its storage */
    char *id = json_dumps(json_object_get(snap, "result"), JSON_ENCODE_ANY);
    snprintf(p, sizeof p, "[%s]", id);
    free(id);
    json_decref(rpc(c, "evm_revert", p));
    json_decref(snap);
    c = restart(c, true);
    json_decref(rpc(c, "anvil_setNonce", "[\"" DEV1 "\",\"0x9\"]"));
    store(c, 5, 5); /* blocks after the revert take the reverted numbers */
    c = restart(c, true);
    json_decref(rpc(c, "anvil_reset", "[]")); /* back to genesis */
    store(c, 1, 1);                           /* no contract there: a plain call */
    c = restart(c, true);
    node_close(c);
    remove_dir();
}

/* Runs fn on the data dir's journal table in one write transaction. */
static void edit_store(void (*fn)(MDB_txn *t, MDB_dbi journal))
{
    MDB_env *env;
    MDB_txn *t;
    MDB_dbi journal;
    assert_int_equal(mdb_env_create(&env), 0);
    assert_int_equal(mdb_env_set_maxdbs(env, 8), 0);
    assert_int_equal(mdb_env_set_mapsize(env, (size_t)16 << 30), 0);
    assert_int_equal(mdb_env_open(env, g_dir, 0, 0644), 0);
    assert_int_equal(mdb_txn_begin(env, NULL, 0, &t), 0);
    assert_int_equal(mdb_dbi_open(t, "journal", 0, &journal), 0);
    fn(t, journal);
    assert_int_equal(mdb_txn_commit(t), 0);
    mdb_env_close(env);
}

static uint32_t u32at(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Every record back to the journal-only form (kind, payload) of older data dirs. */
static void drop_deltas(MDB_txn *t, MDB_dbi journal)
{
    for (uint64_t i = 0;; i++) {
        uint8_t key[8];
        be_store64(key, i);
        MDB_val k = {8, key}, v;
        if (mdb_get(t, journal, &k, &v) == MDB_NOTFOUND) break;
        const uint8_t *p = v.mv_data;
        assert_true(p[0] & 0x80);
        size_t n = u32at(p + 1);
        uint8_t *rec = malloc(n + 1);
        rec[0] = p[0] & 0x7f;
        memcpy(rec + 1, p + 5, n);
        MDB_val nv = {n + 1, rec};
        assert_int_equal(mdb_put(t, journal, &k, &nv, 0), 0);
        free(rec);
    }
}

/* Rewrites the last record through fn(record, length). */
static void edit_last(MDB_txn *t, MDB_dbi journal, size_t (*fn)(uint8_t *, size_t))
{
    MDB_cursor *cur;
    MDB_val k, v;
    assert_int_equal(mdb_cursor_open(t, journal, &cur), 0);
    assert_int_equal(mdb_cursor_get(cur, &k, &v, MDB_LAST), 0);
    mdb_cursor_close(cur);
    uint8_t *rec = malloc(v.mv_size), key[8];
    memcpy(rec, v.mv_data, v.mv_size);
    memcpy(key, k.mv_data, 8);
    MDB_val kv = {8, key}, nv = {fn(rec, v.mv_size), rec};
    assert_int_equal(mdb_put(t, journal, &kv, &nv, 0), 0);
    free(rec);
}

/* The low byte of the balance of the first changed account that has one (a block's sender). */
static size_t flip_balance(uint8_t *p, size_t n)
{
    size_t at = 5 + u32at(p + 1) + 32 + 1, count = u32at(p + at);
    at += 4;
    for (size_t i = 0; i < count; i++) {
        uint8_t flags = p[at + 20];
        at += 21;
        if (!(flags & 1)) continue;
        at += 1 + p[at]; /* the nonce */
        if (p[at]) {
            p[at + p[at]] ^= 1; /* the balance's last byte */
            return n;
        }
        at += 1 + (flags & 4 ? 32 : 0);
    }
    fail_msg("no balance in the last delta");
    return n;
}

static size_t truncate_end(uint8_t *p, size_t n)
{
    return n - 3; /* into the receipts */
}

static void damage_balance(MDB_txn *t, MDB_dbi journal)
{
    edit_last(t, journal, flip_balance);
}

static void damage_receipts(MDB_txn *t, MDB_dbi journal)
{
    edit_last(t, journal, truncate_end);
}

static void test_fallback_replay(void **st)
{
    (void)st;
    setup_dir();
    node_chain *c = open_node(g_dir, NULL);
    send(c, NULL, STORE_INIT);
    store(c, 1, 1);
    send(c, DEV1, "0x");
    node_close(c);
    void (*damage[])(MDB_txn *, MDB_dbi) = {drop_deltas, damage_balance, damage_receipts};
    for (size_t i = 0; i < sizeof damage / sizeof *damage; i++) {
        edit_store(damage[i]);
        c = open_node(g_dir, NULL);
        assert_false(c->store_loaded); /* replayed, the store rewritten */
        check_against_replay(c);
        store(c, 2, (unsigned)i);
        c = restart(c, true);
        node_close(c);
    }
    remove_dir();
}

static uint64_t g_seed = 0x9e3779b97f4a7c15ull;

static uint64_t next_rand(void)
{
    g_seed ^= g_seed << 13;
    g_seed ^= g_seed >> 7;
    g_seed ^= g_seed << 17;
    return g_seed;
}

/* A random bit flipped in the last record's delta, or the record cut inside it. */
static size_t mutate(uint8_t *p, size_t n)
{
    size_t start = 5 + u32at(p + 1), at = start + next_rand() % (n - start);
    if (next_rand() % 4 == 0) return at;
    p[at] ^= (uint8_t)(1u << next_rand() % 8);
    return n;
}

static void damage_random(MDB_txn *t, MDB_dbi journal)
{
    edit_last(t, journal, mutate);
}

/* Damaged deltas never crash a start: it loads (a flip the checks cannot see, e.g. in a log's
   data) or replays; either way the state and blocks equal the replayed node's, since every
   flip that reaches the state changes its root. */
static void test_damaged_deltas(void **st)
{
    (void)st;
    setup_dir();
    node_chain *c = open_node(g_dir, NULL);
    send(c, NULL, STORE_INIT);
    store(c, 1, 2);
    send(c, DEV1, "0x");
    json_decref(rpc(c, "anvil_setBalance", "[\"" DEV1 "\",\"0x5\"]"));
    store(c, 2, 3);
    node_close(c);
    unsigned replayed = 0;
    for (int i = 0; i < 60; i++) {
        edit_store(damage_random);
        c = open_node(g_dir, NULL);
        replayed += !c->store_loaded;
        rivet_diag d;
        rivet_diag_clear(&d);
        uint8_t inc[32];
        assert_int_equal(node_state_root(c, inc, &d), RIVET_OK);
        assert_memory_equal(inc, node_head(c)->state_root, 32);
        node_close(c);
    }
    assert_true(replayed > 30);
    remove_dir();
}

/* A migrated dir's entries have no state in their deltas but the last: a rewind that cuts the
   last one must give the new last entry the whole state (else the next start replays). */
static void test_rewind_after_migration(void **st)
{
    (void)st;
    setup_dir();
    node_chain *c = open_node(g_dir, NULL);
    send(c, NULL, STORE_INIT);
    for (unsigned i = 1; i <= 4; i++)
        store(c, i, i);
    node_close(c);
    edit_store(drop_deltas);
    c = open_node(g_dir, NULL);
    assert_false(c->store_loaded);
    rivet_diag d;
    rivet_diag_clear(&d);
    assert_int_equal(node_rewind(c, 3, &d), RIVET_OK); /* as evm_revert does */
    c = restart(c, true);
    store(c, 9, 9);
    c = restart(c, true);
    node_close(c);
    remove_dir();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks_restart),  cmocka_unit_test(test_edits_revert_restart),
        cmocka_unit_test(test_fallback_replay), cmocka_unit_test(test_rewind_after_migration),
        cmocka_unit_test(test_damaged_deltas),
    };
    return test_main(tests);
}
