/* A small blocking JSON-RPC 2.0 client over HTTP/1.1 (plain TCP, `http://host:port/path`), for
   the tools that talk to a node (`rivet deploy`). */
#ifndef RIVET_TOOLS_RPC_CLIENT_H
#define RIVET_TOOLS_RPC_CLIENT_H

#include <jansson.h>
#include <stddef.h>

/* Calls method with params (stolen; NULL: []). Returns the result (a new reference; JSON null
   is a result) or NULL with err naming what failed: the connection, the HTTP status, the
   reply, or the node's error ("code: message", plus its data when it has some). */
json_t *rpc_call(const char *url, const char *method, json_t *params, char *err, size_t cap);

#endif
