/* rivet node: the dev keys against their addresses (libsecp256k1), the JSON-RPC envelope
   (batches, ids, error codes, notifications), reverts as code 3 with data, automine, and
   determinism (two nodes given the same requests make the same blocks). */
#include "test.h"

#include <jansson.h>
#include <stdlib.h>
#include <unistd.h>

#include "node/node_impl.h"
#include "rivet/trie.h"

static void test_dev_keys(void **st)
{
    (void)st;
    for (int i = 0; i < NODE_MAX_ACCOUNTS; i++) {
        uint8_t key[32];
        test_hex(key, 32, node_dev_keys[i]);
        evm_addr a;
        assert_int_equal(node_key_address(key, &a), RIVET_OK);
        assert_hex_equal(a.b, 20, node_dev_addrs[i]);
    }
}

static node_chain *open_node(void)
{
    node_config cfg;
    node_config_default(&cfg);
    cfg.timestamp = 1700000000;
    cfg.quiet = true;
    node_chain *c = NULL;
    assert_int_equal(node_open(&c, &cfg, NULL), RIVET_OK);
    return c;
}

/* The reply to body, parsed (NULL when nothing is sent). */
static json_t *rpc(node_chain *c, const char *body)
{
    rivet_buf out = {0};
    bool empty;
    assert_int_equal(node_rpc_handle(c, body, strlen(body), &out, &empty), RIVET_OK);
    json_t *j = empty ? NULL : json_loadb((const char *)out.p, out.n, 0, NULL);
    if (!empty) assert_non_null(j);
    buf_free(&out);
    return j;
}

static int err_code(json_t *r)
{
    return (int)json_integer_value(json_object_get(json_object_get(r, "error"), "code"));
}

static void test_envelope(void **st)
{
    (void)st;
    node_chain *c = open_node();
    json_t *r = rpc(c, "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"eth_chainId\"}");
    assert_string_equal(json_string_value(json_object_get(r, "result")), "0x7a69");
    assert_string_equal(json_string_value(json_object_get(r, "id")), "abc");
    json_decref(r);
    r = rpc(c, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"");
    assert_int_equal(err_code(r), -32700);
    assert_true(json_is_null(json_object_get(r, "id")));
    json_decref(r);
    r = rpc(c, "{\"jsonrpc\":\"1.0\",\"id\":2,\"method\":\"eth_chainId\"}");
    assert_int_equal(err_code(r), -32600);
    json_decref(r);
    r = rpc(c, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"eth_nope\"}");
    assert_int_equal(err_code(r), -32601);
    json_decref(r);
    r = rpc(c,
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"eth_getBalance\",\"params\":[\"0x12\"]}");
    assert_int_equal(err_code(r), -32602);
    json_decref(r);
    r = rpc(c, "[]");
    assert_int_equal(err_code(r), -32600);
    json_decref(r);
    r = rpc(c, "[1, {\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"net_version\"}, "
               "{\"jsonrpc\":\"2.0\",\"method\":\"eth_blockNumber\"}]");
    assert_int_equal(json_array_size(r), 2); /* the notification gets no reply */
    assert_int_equal(err_code(json_array_get(r, 0)), -32600);
    assert_string_equal(json_string_value(json_object_get(json_array_get(r, 1), "result")),
                        "31337");
    json_decref(r);
    assert_null(rpc(c, "{\"jsonrpc\":\"2.0\",\"method\":\"eth_blockNumber\"}"));
    node_close(c);
}

/* Code that reverts with Error("no"): store the ABI encoding in memory and REVERT. */
static const char *REVERT_CODE =
    "0x"
    "7f08c379a0000000000000000000000000000000000000000000000000000000006000527f00000020000000"
    "000000000000000000000000000000000000000000000000006020527f000000026e6f000000000000000000"
    "000000000000000000000000000000000060405260646000fd";

static void test_revert_and_mining(void **st)
{
    (void)st;
    node_chain *c = open_node();
    char body[1024];
    snprintf(body, sizeof body,
             "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"anvil_setCode\",\"params\":[\"0x%040x\","
             "\"%s\"]}",
             0x1234, REVERT_CODE);
    json_decref(rpc(c, body));
    json_t *r = rpc(c, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_call\",\"params\":[{\"to\":"
                       "\"0x0000000000000000000000000000000000001234\"},\"latest\"]}");
    json_t *e = json_object_get(r, "error");
    assert_int_equal(json_integer_value(json_object_get(e, "code")), 3);
    assert_string_equal(json_string_value(json_object_get(e, "message")), "execution reverted: no");
    assert_true(!strncmp(json_string_value(json_object_get(e, "data")), "0x08c379a0", 10));
    json_decref(r);
    r = rpc(c, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"eth_sendTransaction\",\"params\":[{"
               "\"from\":\"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266\",\"to\":"
               "\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\",\"value\":\"0x10\"}]}");
    assert_non_null(json_object_get(r, "result"));
    json_decref(r);
    r = rpc(c, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"eth_blockNumber\"}");
    assert_string_equal(json_string_value(json_object_get(r, "result")), "0x1");
    json_decref(r);
    r = rpc(
        c, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"rivet_checkWitness\",\"params\":[\"0x1\"]}");
    /* the block after a state edit is not provable from its parent's root */
    assert_true(json_is_false(json_object_get(json_object_get(r, "result"), "valid")));
    json_decref(r);
    node_close(c);
}

static void test_determinism(void **st)
{
    (void)st;
    const char *send =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_sendTransaction\",\"params\":[{"
        "\"from\":\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\",\"to\":"
        "\"0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc\",\"value\":\"0x1\"}]}";
    const char *head = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getBlockByNumber\","
                       "\"params\":[\"latest\",false]}";
    char hash[2][80];
    for (int k = 0; k < 2; k++) {
        node_chain *c = open_node();
        c->time_floor = 1800000000; /* both nodes' blocks at the same times */
        json_decref(rpc(c, send));
        json_t *r = rpc(c, head);
        snprintf(hash[k], sizeof hash[k], "%s",
                 json_string_value(json_object_get(json_object_get(r, "result"), "hash")));
        json_decref(r);
        r = rpc(c, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"rivet_checkWitness\",\"params\":["
                   "\"0x1\"]}");
        assert_true(json_is_true(json_object_get(json_object_get(r, "result"), "valid")));
        json_decref(r);
        node_close(c);
    }
    assert_string_equal(hash[0], hash[1]);
}

/* --dump-state then --load-state: the same chain (head hash), and it goes on mining. */
static void test_dump_load(void **st)
{
    (void)st;
    node_chain *c = open_node();
    json_decref(rpc(c, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"anvil_setBalance\",\"params\":["
                       "\"0x00000000000000000000000000000000000000aa\",\"0x10\"]}"));
    json_decref(
        rpc(c, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"anvil_mine\",\"params\":[\"0x3\"]}"));
    char path[] = "/tmp/rivet-node-dump-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(node_dump_state(c, path, NULL), RIVET_OK);
    const char *head = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getBlockByNumber\","
                       "\"params\":[\"latest\",false]}";
    json_t *a = rpc(c, head);
    node_config cfg;
    node_config_default(&cfg);
    cfg.quiet = true;
    cfg.load_state = path;
    node_chain *c2 = NULL;
    assert_int_equal(node_open(&c2, &cfg, NULL), RIVET_OK);
    json_t *b = rpc(c2, head);
    assert_string_equal(json_string_value(json_object_get(json_object_get(a, "result"), "hash")),
                        json_string_value(json_object_get(json_object_get(b, "result"), "hash")));
    json_t *bal = rpc(c2, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getBalance\",\"params\":["
                          "\"0x00000000000000000000000000000000000000aa\",\"latest\"]}");
    assert_string_equal(json_string_value(json_object_get(bal, "result")), "0x10");
    json_decref(a);
    json_decref(b);
    json_decref(bal);
    unlink(path);
    node_close(c);
    node_close(c2);
}

static void hexarg(json_t *v, uint8_t *out, size_t cap, size_t *n)
{
    const char *s = json_string_value(v);
    assert_non_null(s);
    assert_int_equal(hex_decode(out, cap, n, s, strlen(s), HEX_PREFIX, NULL), RIVET_OK);
}

/* Checks a proof array (hex nodes) of key against root; returns the proven value's length. */
static size_t verify(json_t *nodes, const uint8_t root[32], const uint8_t *key, size_t klen)
{
    trie_nodes p = {0};
    static uint8_t n[4096];
    for (size_t i = 0; i < json_array_size(nodes); i++) {
        size_t len;
        hexarg(json_array_get(nodes, i), n, sizeof n, &len);
        assert_int_equal(trie_nodes_add(&p, n, len), RIVET_OK);
    }
    rivet_buf v = {0};
    assert_int_equal(trie_verify_proof(root, key, klen, TRIE_SECURE, &p, &v, NULL), RIVET_OK);
    size_t got = v.n;
    buf_free(&v);
    trie_nodes_free(&p);
    return got;
}

/* eth_getProof: the account proof checks against the head's state root, the storage proof
   against the account's storage hash (trie_verify_proof, independent of how they were made). */
static void test_get_proof(void **st)
{
    (void)st;
    node_chain *c = open_node();
    json_decref(rpc(c,
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_sendTransaction\",\"params\":[{"
                    "\"from\":\"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266\",\"to\":"
                    "\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\",\"value\":\"0x1\"}]}"));
    json_t *b = rpc(c, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getBlockByNumber\","
                       "\"params\":[\"latest\",false]}");
    uint8_t root[32], sroot[32], addr[20];
    size_t n;
    hexarg(json_object_get(json_object_get(b, "result"), "stateRoot"), root, 32, &n);
    json_t *r = rpc(c, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_getProof\",\"params\":["
                       "\"0x0000f90827f1c53a10cb7a02335b175320002935\",[\"0x0\"],\"latest\"]}");
    json_t *res = json_object_get(r, "result");
    hexarg(json_object_get(res, "address"), addr, 20, &n);
    assert_true(verify(json_object_get(res, "accountProof"), root, addr, 20) > 0);
    hexarg(json_object_get(res, "storageHash"), sroot, 32, &n);
    json_t *sp = json_array_get(json_object_get(res, "storageProof"), 0);
    uint8_t key[32] = {0};
    /* slot 0 of the history contract holds the genesis hash (block 1's parent) */
    assert_true(verify(json_object_get(sp, "proof"), sroot, key, 32) > 0);
    assert_string_not_equal(json_string_value(json_object_get(sp, "value")), "0x0");
    json_decref(r);
    r = rpc(c, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"eth_getProof\",\"params\":["
               "\"0x00000000000000000000000000000000000000ee\",[],\"latest\"]}");
    res = json_object_get(r, "result");
    hexarg(json_object_get(res, "address"), addr, 20, &n);
    assert_int_equal(verify(json_object_get(res, "accountProof"), root, addr, 20), 0); /* absent */
    json_decref(r);
    json_decref(b);
    node_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dev_keys),          cmocka_unit_test(test_envelope),
        cmocka_unit_test(test_revert_and_mining), cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_dump_load),         cmocka_unit_test(test_get_proof),
    };
    return test_main(tests);
}
