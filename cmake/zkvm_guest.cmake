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
