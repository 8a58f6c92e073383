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
foreach(t unit.test_rv_vendor unit.test_rv_vendor_ops) # traps on bad calls; the arithmetic
  if(TEST ${t})                                            # calls against host libraries
    set_property(TEST ${t} APPEND PROPERTY LABELS vendor)
  endif()
endforeach()
# SP1 v6's rsp client on a mainnet block (85 M steps; the AOT's as + ld take about a minute).
if(Python3_FOUND)
  add_test(NAME vendor.rsp_v6
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/vendor/rsp_v6.py
                   $<TARGET_FILE:rivet> "${RIVET_GUESTS}/vendor")
  set_tests_properties(vendor.rsp_v6 PROPERTIES LABELS "vendor;slow" SKIP_RETURN_CODE 77
                       TIMEOUT 1800)
endif()
