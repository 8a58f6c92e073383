# Trace layer checks on the zkVM guests (built by cmake/guests.cmake): interpreter vs AOT
# (output, exit code, step count, byte-identical traces), replay, flipped-word rejection.
# About a minute per guest, so registered in optimised builds only (label "slow").
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND AND CMAKE_BUILD_TYPE STREQUAL "Release")
  set(TRACE_GUESTS "${CMAKE_BINARY_DIR}/guests/accel.zkvm.rv64c.elf"
                   "${CMAKE_BINARY_DIR}/guests/pie.zkvm.rv64c.elf")
  foreach(prof rivet zisk sp1 risc0) # the accelerator ABIs: traced under their --profile
    set(pname "${prof}-like") # rivet's map with the vendor's calls (RV_ZKVM_PROFILE_LIST)
    if(prof STREQUAL "rivet")
      set(pname rivet)
    endif()
    list(APPEND TRACE_GUESTS "--profile=${pname}"
                "${CMAKE_BINARY_DIR}/guests/profile_accel.${prof}.elf")
  endforeach()
  list(APPEND TRACE_GUESTS "--profile=")
  foreach(k sha256 sieve bigmul keccak)
    foreach(variant rv64 rv64c rv32)
      list(APPEND TRACE_GUESTS "${CMAKE_BINARY_DIR}/guests/${k}.zkvm.${variant}.elf")
    endforeach()
  endforeach()
  add_test(NAME trace.guests
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/trace/guests.py
                   $<TARGET_FILE:rivet> ${TRACE_GUESTS})
  set_tests_properties(trace.guests PROPERTIES LABELS "trace;slow" SKIP_RETURN_CODE 77
                       TIMEOUT 3600)
  # The sp1-like profile: its traces carry the previous-access clocks (checked by the replay).
  add_test(NAME trace.guests.sp1
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/trace/guests.py
                   $<TARGET_FILE:rivet> --profile sp1-like
                   "${CMAKE_BINARY_DIR}/guests/sha256.sp1.rv64.elf"
                   "${CMAKE_BINARY_DIR}/guests/keccak.sp1.rv64.elf")
  set_tests_properties(trace.guests.sp1 PROPERTIES LABELS "trace;slow" SKIP_RETURN_CODE 77
                       TIMEOUT 3600)
endif()
