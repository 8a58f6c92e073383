# Fixture suites: rivet_fixture_suite(NAME SUBDIR-OF-FIXTURES [extra rivet fixtures args])
rivet_fixture_suite(state ethereum-tests/eest/state_tests)
rivet_fixture_suite(evm_benchmarks evm-benchmarks/benchmarks)
