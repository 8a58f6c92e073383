# Fixture suites: rivet_fixture_suite(NAME SUBDIR-OF-FIXTURES [extra rivet fixtures args])
rivet_fixture_suite(rlp ethereum-tests/legacy/RLPTests)
rivet_fixture_suite(tx ethereum-tests/legacy/TransactionTests)
rivet_fixture_suite(trie ethereum-tests/legacy/TrieTests)
