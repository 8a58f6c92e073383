# Unit tests: every tests/unit/<layer>/test_*.c is one cmocka binary and one ctest entry.
file(GLOB_RECURSE UNIT_TESTS CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/unit/test_*.c")
foreach(src ${UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_include_directories(${name} PRIVATE src tests)
  target_link_libraries(${name} PRIVATE rivet_lib PkgConfig::CMOCKA)
  target_compile_definitions(${name} PRIVATE RIVET_FIXTURES="${RIVET_FIXTURES}"
                                             RIVET_GUESTS="${RIVET_GUESTS}")
  add_test(NAME unit.${name} COMMAND ${name})
  # a test that skips (tests/test.h) makes its binary exit 77: reported skipped, not passed
  set_tests_properties(unit.${name} PROPERTIES LABELS unit SKIP_RETURN_CODE 77)
endforeach()

# Fixture suites: run `rivet fixtures DIR`; skipped (not passed) when the folder is absent.
function(rivet_fixture_suite name subdir)
  set(dir "${RIVET_FIXTURES}/${subdir}")
  add_test(NAME fixtures.${name}
           COMMAND ${CMAKE_COMMAND} -DRIVET=$<TARGET_FILE:rivet> -DDIR=${dir}
                   "-DARGS=${ARGN}" -P ${CMAKE_SOURCE_DIR}/cmake/run_fixture.cmake)
  set_tests_properties(fixtures.${name} PROPERTIES LABELS fixtures
                       SKIP_REGULAR_EXPRESSION "suite skipped, not passed")
endfunction()
include(${CMAKE_SOURCE_DIR}/tests/fixtures.cmake OPTIONAL)
include(${CMAKE_SOURCE_DIR}/tests/node/node.cmake OPTIONAL)
include(${CMAKE_SOURCE_DIR}/tests/zisk/zisk.cmake OPTIONAL)

# The JSON input forms of the vendor mainnet blocks through `rivet stateless` (and the guest).
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  add_test(NAME stateless.formats
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/stateless_formats.py
                   $<TARGET_FILE:rivet> ${RIVET_FIXTURES}/.. ${CMAKE_BINARY_DIR}/formats
                   ${CMAKE_BINARY_DIR}/riscv64/stateless.zkvm.elf)
  set_tests_properties(stateless.formats PROPERTIES LABELS "fixtures" SKIP_RETURN_CODE 77)
endif()
