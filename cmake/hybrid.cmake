# Hybrid execution (src/hybrid): the state tests whose expected post-states come from EVM twins
# (tests/hybrid/make.py), the twins themselves, mainnet rules rejecting the containers, the
# ecall coverage, and the containers rebuilt from their C sources.
set(HY_TESTS ${CMAKE_SOURCE_DIR}/tests/hybrid)
add_test(NAME hybrid.statetest COMMAND rivet statetest --hybrid ${HY_TESTS})
add_test(NAME hybrid.twins COMMAND rivet statetest ${CMAKE_SOURCE_DIR}/tests/hybrid-twins)
add_test(NAME hybrid.mainnet_rules COMMAND rivet statetest ${HY_TESTS})
set_tests_properties(hybrid.mainnet_rules PROPERTIES PASS_REGULAR_EXPRESSION
                     "[0-9]+ passed, [1-9][0-9]* failed")
add_test(NAME hybrid.ecall_coverage COMMAND python3 ${HY_TESTS}/coverage.py $<TARGET_FILE:rivet>)
set_tests_properties(hybrid.statetest hybrid.twins hybrid.mainnet_rules hybrid.ecall_coverage
                     PROPERTIES LABELS "unit;hybrid")
find_program(RIVET_RV_GCC riscv64-linux-gnu-gcc)
if(RIVET_RV_GCC)
  add_test(NAME hybrid.containers COMMAND python3 ${HY_TESTS}/make.py $<TARGET_FILE:rivet> --check)
  set_tests_properties(hybrid.containers PROPERTIES LABELS hybrid)
endif()
add_test(NAME hybrid.abi_docs COMMAND python3 ${HY_TESTS}/abi_docs.py $<TARGET_FILE:rivet>)
set_tests_properties(hybrid.abi_docs PROPERTIES LABELS "unit;hybrid")
# The twins' expected results on an EVM independent of rivet's (@ethereumjs/vm, pinned in
# tests/hybrid-twins/ethjs/package-lock.json).
add_test(NAME hybrid.twins_ethereumjs COMMAND ${HY_TESTS}-twins/ethjs/run.sh)
set_tests_properties(hybrid.twins_ethereumjs PROPERTIES LABELS "hybrid;slow" SKIP_RETURN_CODE 77)
