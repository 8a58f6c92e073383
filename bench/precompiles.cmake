# bench_precompiles: time per call of each precompile (docs/performance.md (section Precompiles)).
add_executable(bench_precompiles ${CMAKE_SOURCE_DIR}/bench/precompiles.c)
target_link_libraries(bench_precompiles PRIVATE rivet_lib)
target_compile_definitions(bench_precompiles
                           PRIVATE RIVET_BENCH_VECTORS="${RIVET_FIXTURES}/precompiles/geth")
add_test(NAME bench.precompiles_smoke COMMAND bench_precompiles --quick)
set_tests_properties(bench.precompiles_smoke PROPERTIES LABELS bench SKIP_RETURN_CODE 77)
