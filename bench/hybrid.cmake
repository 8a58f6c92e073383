# bench_hybrid_frame: the cost of entering a RISC-V contract (bench/hybrid/frame.c).
add_executable(bench_hybrid_frame ${CMAKE_SOURCE_DIR}/bench/hybrid/frame.c)
target_link_libraries(bench_hybrid_frame PRIVATE rivet_lib)
add_test(NAME bench.hybrid_frame_smoke COMMAND bench_hybrid_frame --calls 1000 --runs 3)
set_tests_properties(bench.hybrid_frame_smoke PROPERTIES LABELS bench)
