# bench_stateless: time per phase of stateless validation of the Hoodi block.
add_executable(bench_stateless ${CMAKE_SOURCE_DIR}/bench/stateless.c)
target_link_libraries(bench_stateless PRIVATE rivet_lib)
target_compile_definitions(
  bench_stateless PRIVATE RIVET_BENCH_HOODI="${RIVET_FIXTURES}/stateless/geth-keeper-hoodi-1151683")
add_test(NAME bench.stateless_smoke COMMAND bench_stateless --runs 3)
set_tests_properties(bench.stateless_smoke PROPERTIES LABELS bench SKIP_RETURN_CODE 77)
