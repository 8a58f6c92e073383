# The zkVM vendors' own binaries (${RIVET_GUESTS}/vendor, issue 17) under their profiles:
# documented results under the interpreter and --aot, identical traces that replay
# (tests/vendor/vendor.py; docs/universal-translator.md). A few seconds: not "slow".
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  add_test(NAME vendor.binaries
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/vendor/vendor.py
                   $<TARGET_FILE:rivet> "${RIVET_GUESTS}/vendor")
  set_tests_properties(vendor.binaries PROPERTIES LABELS "vendor" SKIP_RETURN_CODE 77
                       TIMEOUT 600)
endif()
if(TEST unit.test_rv_vendor) # the trap results on bad calls (tests/unit/rv/test_rv_vendor.c)
  set_property(TEST unit.test_rv_vendor APPEND PROPERTY LABELS vendor)
endif()
