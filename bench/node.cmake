# bench_node_loadgen: the JSON-RPC load generator bench/node/bench.mjs drives both nodes with.
add_executable(bench_node_loadgen ${CMAKE_SOURCE_DIR}/bench/node/loadgen.c)
