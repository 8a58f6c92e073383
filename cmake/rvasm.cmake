# rivet asm against llvm-mc-14 (the oracle; tests skip, exit 77, when it is absent):
#   rvasm.corpus       the hand-written corpus tests/rvasm/corpus/*.s, each for its -march list:
#                      section bytes, relocations, symbols and e_flags identical to llvm-mc's
#   rvasm.table        every row of src/rv/isa.def with random operands, li of random
#                      constants, the compression matrix (tests/rvasm/gen_insns.py)
#   rvasm.guests.fast  a sample of the instructions of the small guest ELFs (< 20 s)
#   rvasm.guests       every instruction of every guest ELF, shared and built (label slow)
#   rvasm.exec         programs linked by rivet asm --format exec run under rivet exec
# The unit tests (tests/unit/rvasm) need no llvm and run under ASan in the asan preset.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_FOUND)
  return()
endif()
set(RVASM_TESTS "${CMAKE_SOURCE_DIR}/tests/rvasm")
file(GLOB RVASM_CORPUS CONFIGURE_DEPENDS "${RVASM_TESTS}/corpus/*.s")
add_test(NAME rvasm.corpus
         COMMAND ${Python3_EXECUTABLE} ${RVASM_TESTS}/elfcmp.py $<TARGET_FILE:rivet> ${RVASM_CORPUS})
add_test(NAME rvasm.table
         COMMAND ${Python3_EXECUTABLE} ${RVASM_TESTS}/gen_insns.py --check $<TARGET_FILE:rivet>
                 ${CMAKE_SOURCE_DIR}/src/rv/isa.def ${CMAKE_BINARY_DIR}/rvasm-table 40 1)
set(RVASM_SMALL_GUESTS "${RIVET_GUESTS}/vendor/openvm" "${RIVET_GUESTS}/vendor/risc0"
    "${RIVET_GUESTS}/vendor/sp1" "${RIVET_GUESTS}/vendor/zisk"
    "${CMAKE_BINARY_DIR}/guests/sha256.zkvm.rv64c.elf" "${CMAKE_BINARY_DIR}/guests/keccak.zkvm.rv32.elf"
    "${CMAKE_BINARY_DIR}/guests/hello.linux.elf")
add_test(NAME rvasm.guests.fast
         COMMAND ${Python3_EXECUTABLE} ${RVASM_TESTS}/guest_oracle.py $<TARGET_FILE:rivet>
                 --sample 4000 ${RVASM_SMALL_GUESTS})
add_test(NAME rvasm.guests
         COMMAND ${Python3_EXECUTABLE} ${RVASM_TESTS}/guest_oracle.py $<TARGET_FILE:rivet>
                 "${RIVET_GUESTS}/vendor" "${CMAKE_BINARY_DIR}/guests")
add_test(NAME rvasm.exec
         COMMAND ${Python3_EXECUTABLE} ${RVASM_TESTS}/exec_check.py $<TARGET_FILE:rivet>
                 ${RVASM_TESTS}/exec)
set_tests_properties(rvasm.corpus rvasm.table rvasm.guests.fast rvasm.guests rvasm.exec
                     PROPERTIES SKIP_RETURN_CODE 77)
set_tests_properties(rvasm.corpus rvasm.table rvasm.guests.fast rvasm.exec PROPERTIES LABELS "rvasm")
set_tests_properties(rvasm.guests PROPERTIES LABELS "rvasm;slow")
