/* One JSON-RPC request to a node in process (node_rpc_handle), its reply parsed; a reply that is
   an error fails the test. For the node's unit tests. */
#ifndef RIVET_TEST_NODE_RPC_CALL_H
#define RIVET_TEST_NODE_RPC_CALL_H

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "node/node_impl.h"
#include "test.h"

static json_t *rpc(node_chain *c, const char *method, const char *params)
{
    char body[2048];
    snprintf(body, sizeof body, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\",\"params\":%s}",
             method, params);
    rivet_buf out = {0};
    bool empty;
    assert_int_equal(node_rpc_handle(c, body, strlen(body), &out, &empty), RIVET_OK);
    json_t *j = json_loadb((const char *)out.p, out.n, 0, NULL);
    if (!j || json_object_get(j, "error"))
        fail_msg("%s %s: %.*s", method, params, (int)out.n, (const char *)out.p);
    buf_free(&out);
    return j;
}

#endif
