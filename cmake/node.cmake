# The development node's libraries (src/node, rivet_layer(node ... LIBS)): libevent's evhttp for
# HTTP and WebSocket, LMDB for the data dir, zlib for anvil's gzip state dumps.
pkg_check_modules(LIBEVENT REQUIRED IMPORTED_TARGET libevent)
find_path(LMDB_INCLUDE lmdb.h REQUIRED)
find_library(LMDB_LIB lmdb REQUIRED)
pkg_check_modules(ZLIB REQUIRED IMPORTED_TARGET zlib)
