# bench_hybrid_frame: the cost of entering a RISC-V contract (bench/hybrid/frame.c).
add_executable(bench_hybrid_frame ${CMAKE_SOURCE_DIR}/bench/hybrid/frame.c)
target_link_libraries(bench_hybrid_frame PRIVATE rivet_lib)
add_test(NAME bench.hybrid_frame_smoke COMMAND bench_hybrid_frame --calls 1000 --runs 3)
set_tests_properties(bench.hybrid_frame_smoke PROPERTIES LABELS bench)
# bench_hybrid_calls: one call on a pre-state, in-process (bench/hybrid/calls.c; the ERC20 rows of
# bench/hybrid/kernels.py).
add_executable(bench_hybrid_calls ${CMAKE_SOURCE_DIR}/bench/hybrid/calls.c)
target_link_libraries(bench_hybrid_calls PRIVATE rivet_lib)
add_test(NAME bench.hybrid_calls_smoke
         COMMAND bench_hybrid_calls --code 0x6001600055 --calls 10 --runs 1)
set_tests_properties(bench.hybrid_calls_smoke PROPERTIES LABELS bench
                     PASS_REGULAR_EXPRESSION "\"gas_used\":22106,\"status\":\"success\"")
