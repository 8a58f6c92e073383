# Fixture suites: rivet_fixture_suite(NAME SUBDIR-OF-FIXTURES [extra rivet fixtures args])
rivet_fixture_suite(precompiles precompiles/geth)
