/* The node's incremental state root (node_root.c, fed by the state layer's change lists) against
   the state layer's state_root, which rebuilds every trie from the whole state: after each step
   of a sequence that writes, overwrites and zeroes slots, deploys, destroys a contract in its
   creation transaction, removes an empty account that has storage (a wiped account), edits state
   (anvil_set*) and reverts to a snapshot (the cache starts over), both roots must agree, and a
   mined block's header must carry it. */
#include "test.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node/node_impl.h"
#include "node_rpc_call.h"

/* runtime: SSTORE(calldata[0:32], calldata[32:64]); init: return the 8 runtime bytes */
#define STORE_INIT "0x6008600c60003960086000f36020356000355500"
/* init: SSTORE(0, 1), then SELFDESTRUCT to 0 in the creation transaction (EIP-6780: removed) */
#define DESTRUCT_INIT "0x60016000556000ff"
#define DEV0          "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"
#define DEV1          "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"

/* Both roots agree; after a block (not an edit) the head carries them. */
static void check_roots(node_chain *c, bool block)
{
    uint8_t inc[32];
    evm_hash full;
    rivet_diag d;
    rivet_diag_clear(&d);
    assert_int_equal(node_state_root(c, inc, &d), RIVET_OK);
    assert_int_equal(state_root(&c->s, &full, &d), RIVET_OK);
    assert_memory_equal(inc, full.b, 32);
    if (block) assert_memory_equal(node_head(c)->state_root, full.b, 32);
}

static void send(node_chain *c, const char *to, const char *data)
{
    char p[1024];
    snprintf(p, sizeof p, "[{\"from\":\"" DEV0 "\",%s%s%s\"gas\":\"0x100000\",\"data\":\"%s\"}]",
             to ? "\"to\":\"" : "", to ? to : "", to ? "\"," : "", data);
    json_decref(rpc(c, "eth_sendTransaction", p));
    check_roots(c, true);
}

static void store(node_chain *c, const char *to, unsigned key, unsigned val)
{
    char data[160];
    snprintf(data, sizeof data, "0x%064x%064x", key, val);
    send(c, to, data);
}

static void test_incremental_root(void **st)
{
    (void)st;
    node_config cfg;
    node_config_default(&cfg);
    cfg.timestamp = 1700000000;
    cfg.quiet = true;
    node_chain *c = NULL;
    assert_int_equal(node_open(&c, &cfg, NULL), RIVET_OK);
    check_roots(c, true);
    send(c, NULL, STORE_INIT); /* nonce 0: the contract below */
    const char *k = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    for (unsigned i = 1; i <= 40; i++)
        store(c, k, i, i * 7); /* a storage trie of 40 slots */
    store(c, k, 3, 99);        /* overwrite */
    store(c, k, 5, 0);         /* delete */
    store(c, k, 6, 0);
    send(c, NULL, DESTRUCT_INIT); /* created, written and removed in one transaction */
    json_t *snap = rpc(c, "evm_snapshot", "[]");
    char params[256];
    snprintf(params, sizeof params, "[\"%s\",\"0x%064x\",\"0x%064x\"]", k, 7, 0);
    json_decref(rpc(c, "anvil_setStorageAt", params)); /* an edit zeroes a slot */
    check_roots(c, false);
    json_decref(rpc(c, "anvil_setCode",
                    "[\"0x1000000000000000000000000000000000000001\","
                    "\"0x6000\"]"));
    json_decref(rpc(c, "anvil_setBalance", "[\"" DEV1 "\",\"0x1\"]"));
    check_roots(c, false);
    store(c, k, 41, 1); /* a block after edits */
    /* an empty account with storage (an edit made it), touched: removed with its storage
       (EIP-161), then funded again: its storage must be empty */
    const char *x = "0x000000000000000000000000000000000000beef";
    snprintf(params, sizeof params, "[\"%s\",\"0x%064x\",\"0x%064x\"]", x, 1, 5);
    json_decref(rpc(c, "anvil_setStorageAt", params));
    check_roots(c, false);
    send(c, x, "0x");
    snprintf(params, sizeof params, "[\"%s\",\"0x1\"]", x);
    json_decref(rpc(c, "anvil_setBalance", params));
    check_roots(c, false);
    char *id = json_dumps(json_object_get(snap, "result"), JSON_ENCODE_ANY);
    snprintf(params, sizeof params, "[%s]", id);
    free(id);
    json_decref(rpc(c, "evm_revert", params)); /* replay: the cache starts over */
    check_roots(c, true);
    store(c, k, 42, 2);
    store(c, k, 1, 0);
    json_decref(snap);
    node_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_incremental_root),
    };
    return test_main(tests);
}
