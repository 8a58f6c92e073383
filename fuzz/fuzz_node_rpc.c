/* libFuzzer: JSON-RPC request bodies into rivet node's envelope and dispatch (one in-memory
   chain, mining disabled so the chain stays small; dev methods that rewind are harmless). A
   bad body must never crash: every input gets a JSON-RPC reply or none (notifications). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/node.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static node_chain *c;
    if (!c) {
        node_config cfg;
        node_config_default(&cfg);
        cfg.timestamp = 1700000000;
        cfg.no_mining = true;
        cfg.quiet = true;
        if (node_open(&c, &cfg, NULL) != RIVET_OK) abort();
    }
    rivet_buf out = {0};
    bool empty;
    if (node_rpc_handle(c, (const char *)data, size, &out, &empty) != RIVET_OK) abort();
    if (!empty && (out.n == 0 || out.p[0] != (uint8_t)(out.p[0] == '[' ? '[' : '{'))) abort();
    buf_free(&out);
    return 0;
}
