# Fixture suites: rivet_fixture_suite(NAME SUBDIR-OF-FIXTURES [extra rivet fixtures args])
rivet_fixture_suite(rlp ethereum-tests/legacy/RLPTests)
rivet_fixture_suite(tx ethereum-tests/legacy/TransactionTests)
rivet_fixture_suite(trie ethereum-tests/legacy/TrieTests)
rivet_fixture_suite(precompiles precompiles/geth)
rivet_fixture_suite(state ethereum-tests/eest/state_tests)
rivet_fixture_suite(evm_benchmarks evm-benchmarks/benchmarks)
rivet_fixture_suite(zkevm_witness stateless/eest-zkevm-v0.3.3-amsterdam)
rivet_fixture_suite(blockchain ethereum-tests/eest/blockchain_tests)
rivet_fixture_suite(blockchain_legacy ethereum-tests/legacy/BlockchainTests)

# Under ASan (CI, `ctest --preset asan`: label asan): the small suites whole and a sample of the
# large ones, one fork's folder each.
set_property(TEST fixtures.rlp fixtures.tx fixtures.trie fixtures.precompiles fixtures.zkevm_witness
             APPEND PROPERTY LABELS asan)
if(RIVET_SANITIZE)
  rivet_fixture_suite(sample.state_cancun ethereum-tests/eest/state_tests/cancun)
  rivet_fixture_suite(sample.blockchain_prague ethereum-tests/eest/blockchain_tests/prague)
  set_property(TEST fixtures.sample.state_cancun fixtures.sample.blockchain_prague
               APPEND PROPERTY LABELS asan)
endif()
