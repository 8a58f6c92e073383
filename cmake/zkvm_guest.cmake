# The zkvm crypto backend seen from the host build (docs/guest.md):
#   - its portable pieces (src/crypto/zkvm, minus the backend glue) as an object library linked
#     into test_backend, which cross-checks them against the host backend;
#   - the riscv64 guest build (cmake/guest_lib.cmake) as an external project with the cross
#     compiler, and ctest entries that run the guest under qemu-riscv64 and `rivet exec`.
set(ZK_DIR "${CMAKE_SOURCE_DIR}/src/crypto/zkvm")
if(RIVET_CRYPTO STREQUAL "host" AND TARGET test_backend)
  add_library(rivet_zk_portable OBJECT ${ZK_DIR}/hash.c ${ZK_DIR}/ripemd160.c ${ZK_DIR}/modexp.c
                                       ${ZK_DIR}/fp256.c ${ZK_DIR}/ecc.c)
  target_include_directories(rivet_zk_portable PRIVATE include src)
  target_link_libraries(test_backend PRIVATE rivet_zk_portable)
endif()

# The riscv64 guests, built by a nested cross configure of this source tree (preset riscv64's
# settings) when the cross compiler exists; blst comes from this build's fetch.
option(RIVET_GUEST_BUILD "Build the riscv64 guests (guest/) with riscv64-linux-gnu-gcc" ON)
find_program(RISCV64_GCC riscv64-linux-gnu-gcc)
set(GUEST_BIN "${CMAKE_BINARY_DIR}/riscv64")
if(RIVET_GUEST_BUILD AND RISCV64_GCC)
  include(ExternalProject)
  set(guest_blst "")
  if(TARGET blst)
    set(guest_blst "${blst_dir}")
  endif()
  ExternalProject_Add(riscv64_guests
    SOURCE_DIR "${CMAKE_SOURCE_DIR}"
    BINARY_DIR "${GUEST_BIN}"
    CMAKE_GENERATOR Ninja
    CMAKE_ARGS --toolchain "${CMAKE_SOURCE_DIR}/cmake/riscv64.cmake" -DCMAKE_BUILD_TYPE=Release
               "-DCMAKE_C_FLAGS_RELEASE=-O2 -DNDEBUG" -DRIVET_CRYPTO=zkvm
               "-DRIVET_BLST_DIR=${guest_blst}"
    BUILD_ALWAYS ON
    INSTALL_COMMAND ""
    USES_TERMINAL_BUILD ON)
else()
  message(STATUS "guest: riscv64-linux-gnu-gcc absent or RIVET_GUEST_BUILD=OFF, guests not built")
endif()

# The exerciser guest on the precompile vectors: qemu-riscv64 (static glibc) and rivet exec
# (zkVM profile) must agree byte for byte and match the fixtures. The validator guest on the
# Hoodi block and the zkEVM blocks: its verdicts and roots must equal `rivet stateless` and the
# fixtures' StatelessOutputs. Skipped (77) without the cross build, qemu or the fixtures.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  add_test(NAME guest.exerciser
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/guest/exerciser/check.py
                   $<TARGET_FILE:rivet> ${GUEST_BIN}/exerciser.linux.elf
                   ${GUEST_BIN}/exerciser.zkvm.elf ${RIVET_FIXTURES} vectors
                   ${CMAKE_BINARY_DIR}/guest-runs)
  add_test(NAME guest.stateless
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/guest/stateless/check.py
                   $<TARGET_FILE:rivet> ${GUEST_BIN}/stateless.linux.elf
                   ${GUEST_BIN}/stateless.zkvm.elf ${RIVET_FIXTURES}
                   ${CMAKE_BINARY_DIR}/guest-runs/stateless)
  # The validator guest with the hybrid layer on blocks of a hybrid chain (RISC-V and EVM
  # ERC20s from rivet node): both flavours = host --hybrid = the headers; mainnet rules refuse
  # the RISC-V blocks (guest/stateless/hybrid_check.py).
  add_test(NAME guest.hybrid
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/guest/stateless/hybrid_check.py
                   $<TARGET_FILE:rivet> ${GUEST_BIN}/stateless.linux.elf
                   ${GUEST_BIN}/stateless.zkvm.elf ${CMAKE_BINARY_DIR}/guest-runs/hybrid)
  set_tests_properties(guest.hybrid PROPERTIES LABELS "guest;hybrid" SKIP_RETURN_CODE 77)
  # The EVM interpreter in the exerciser guest on the evm-benchmarks (snailtracer etc.): gas,
  # status and output must equal `rivet evm` on the host.
  add_test(NAME guest.evm
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/bench/stateless_guest --evm
                   --build ${CMAKE_BINARY_DIR} --fixtures ${RIVET_FIXTURES})
  # bench/blockgen's mainnet-shaped blocks (made by rivet node; npm's ethers and solc): guest =
  # host, and rivet exec = qemu-riscv64 on the guest's output bytes.
  add_test(NAME guest.blockgen
           COMMAND ${CMAKE_SOURCE_DIR}/bench/blockgen/check.sh ${CMAKE_BINARY_DIR})
  set_tests_properties(guest.blockgen PROPERTIES LABELS "guest;node" SKIP_RETURN_CODE 77
                       TIMEOUT 600 RESOURCE_LOCK node_npm)
  # a minute or more each (whole guests under the emulator and qemu): label slow
  set_tests_properties(guest.exerciser guest.stateless guest.evm
                       PROPERTIES LABELS "guest;slow" SKIP_RETURN_CODE 77)
endif()
