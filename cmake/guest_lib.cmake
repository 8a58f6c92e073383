# The guest side of rivet (cross build with cmake/riscv64.cmake; docs/guest.md): the library
# layers a zkVM guest needs, built twice from the same sources with the zkvm crypto backend,
#   - linux: static glibc, portable crypto only (runs under qemu-riscv64 or a Linux ABI),
#   - zkvm:  freestanding with guest/libc, accelerator ecalls (RIVET_ZKVM_ACCEL=1), linked at
#            the zkVM profile's addresses (guest/zkvm.ld) for `rivet exec --abi zkvm`,
# and the guest programs of guest/ in both flavours.
set(CMAKE_C_STANDARD 11)
set(CMAKE_C_STANDARD_REQUIRED ON)
set(CMAKE_C_EXTENSIONS ON)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
add_compile_options(-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
                    -Wno-unused-parameter -fno-strict-aliasing)
# blst comes from a host build's configure step (cmake/blst.cmake fetches and checks it).
set(blst_default "")
foreach(b dev release)
  set(d "${CMAKE_SOURCE_DIR}/build/${b}/_deps/c-kzg/package/deps/blst")
  if(NOT blst_default AND EXISTS "${d}/src/server.c")
    set(blst_default "${d}")
  endif()
endforeach()
set(RIVET_BLST_DIR "${blst_default}" CACHE PATH "blst sources (deps/blst of c-kzg) for BLS12-381")

if(RIVET_CRYPTO AND NOT RIVET_CRYPTO STREQUAL "zkvm")
  message(FATAL_ERROR "guest builds use the zkvm crypto backend (RIVET_CRYPTO=${RIVET_CRYPTO})")
endif()
# The guest library is the hybrid layer (RISC-V contracts, for `--hybrid` inputs) and every
# layer below it (exec ... base, and rv for its decoder), read from the rivet_layer table
# (CMakeLists.txt), with crypto's zkvm backend folder.
set(RIVET_CRYPTO zkvm)
set(RIVET_LAYERS_RECORD_ONLY ON)
include(${CMAKE_SOURCE_DIR}/cmake/layers.cmake)
rivet_layer_table()
set(GUEST_TOP hybrid)
get_property(GUEST_LAYERS GLOBAL PROPERTY RIVET_LAYER_${GUEST_TOP}_BELOW)
list(APPEND GUEST_LAYERS ${GUEST_TOP})
set(GUEST_LIB_SRC)
foreach(layer ${GUEST_LAYERS})
  get_property(dirs GLOBAL PROPERTY RIVET_LAYER_${layer}_DIRS)
  foreach(dir ${dirs})
    file(GLOB layer_src CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/src/${dir}/*.c")
    list(APPEND GUEST_LIB_SRC ${layer_src})
  endforeach()
endforeach()
list(REMOVE_DUPLICATES GUEST_LIB_SRC)
# Files built on host-only libraries (JSON formats on jansson, LMDB, libevent, the host crypto
# libraries), directly or through a private header of their layer (src/rv's zkvm_zisk_int.h
# includes GMP), stay out of the guest; the guest build must never break the host build.
set(host_only_re "#include <(jansson|lmdb|event2/|openssl/|gmp|nettle/|secp256k1|zstd)")
foreach(f ${GUEST_LIB_SRC})
  file(STRINGS "${f}" host_only REGEX "${host_only_re}")
  file(STRINGS "${f}" local_inc REGEX "^#include \"[a-z0-9_]+/[a-z0-9_]+\\.h\"")
  foreach(inc ${local_inc})
    string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" h "${inc}")
    if(EXISTS "${CMAKE_SOURCE_DIR}/src/${h}")
      file(STRINGS "${CMAKE_SOURCE_DIR}/src/${h}" h_host REGEX "${host_only_re}")
      list(APPEND host_only ${h_host})
    endif()
  endforeach()
  if(host_only)
    list(REMOVE_ITEM GUEST_LIB_SRC "${f}")
  endif()
endforeach()
file(GLOB GUEST_LIBC_SRC CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/guest/libc/*.c")
set(GUEST_LD "${CMAKE_SOURCE_DIR}/guest/zkvm.ld")

# The zkVM flavour: RV64IM code in practice (no float, no atomics, no compressed instructions
# in our code; IMAFD is named because the only cross glibc headers are for the lp64d ABI).
set(ZKVM_ARCH -march=rv64imafd -mabi=lp64d)
# Not -ffreestanding: it would turn off the builtin memcpy/memset that the library's small
# fixed-size copies rely on; guest/libc provides the hosted functions the compiler may call.
set(ZKVM_CFLAGS ${ZKVM_ARCH} -fno-stack-protector -fno-pie -mcmodel=medany
                -fno-asynchronous-unwind-tables)
set(ZKVM_LDFLAGS ${ZKVM_ARCH} -nostdlib -nostartfiles -static -no-pie -Wl,-T,${GUEST_LD}
                 -Wl,--gc-sections -Wl,--build-id=none)

set(have_blst OFF)
if(RIVET_BLST_DIR AND EXISTS "${RIVET_BLST_DIR}/src/server.c")
  set(have_blst ON)
endif()

foreach(flavour linux zkvm)
  set(lib rivet_guest_${flavour})
  add_library(${lib} STATIC ${GUEST_LIB_SRC})
  target_include_directories(${lib} PUBLIC include PRIVATE src)
  target_compile_definitions(${lib} PUBLIC RIVET_VERSION="${PROJECT_VERSION}")
  target_compile_options(${lib} PRIVATE -ffunction-sections -fdata-sections)
  # src/rv without mmap (guest memory from malloc) and without threads (the decoder's table is
  # built under a flag), in both flavours so that both run the same code (src/rv/mem_host.c).
  target_compile_definitions(${lib} PRIVATE RIVET_RV_NO_MMAP=1 RIVET_RV_NO_THREADS=1)
  if(flavour STREQUAL zkvm)
    target_compile_options(${lib} PRIVATE ${ZKVM_CFLAGS})
    target_compile_definitions(${lib} PRIVATE RIVET_ZKVM_ACCEL=1)
  endif()
  if(have_blst)
    add_library(blst_${flavour} STATIC "${RIVET_BLST_DIR}/src/server.c")
    target_compile_definitions(blst_${flavour} PRIVATE __BLST_NO_ASM__)
    target_compile_options(blst_${flavour} PRIVATE -O2 -fno-builtin -w -ffunction-sections
                                                   -fdata-sections)
    if(flavour STREQUAL zkvm)
      target_compile_options(blst_${flavour} PRIVATE ${ZKVM_CFLAGS})
    endif()
    target_include_directories(blst_${flavour} SYSTEM PUBLIC "${RIVET_BLST_DIR}/bindings")
    target_link_libraries(${lib} PUBLIC blst_${flavour})
    target_compile_definitions(${lib} PRIVATE RIVET_HAVE_BLST=1)
  else()
    target_compile_definitions(${lib} PRIVATE RIVET_HAVE_BLST=0)
  endif()
endforeach()
if(NOT have_blst)
  message(WARNING "guest: RIVET_BLST_DIR unset or without src/server.c: BLS12-381 and KZG "
                  "report 'unsupported' in the guests")
endif()

# The zkVM flavour's C library (guest/libc): start-up, memory, strings, formatting.
add_library(guest_libc STATIC ${GUEST_LIBC_SRC})
target_compile_options(guest_libc PRIVATE ${ZKVM_CFLAGS} -ffreestanding -ffunction-sections
                                          -fdata-sections)
target_include_directories(guest_libc PRIVATE include guest)

# Guest programs: guest/<name>/*.c, one ELF per flavour.
function(rivet_guest name)
  file(GLOB src CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/guest/${name}/*.c")
  add_executable(${name}.linux ${src} "${CMAKE_SOURCE_DIR}/guest/io_linux.c")
  target_include_directories(${name}.linux PRIVATE guest)
  target_link_libraries(${name}.linux PRIVATE rivet_guest_linux)
  target_link_options(${name}.linux PRIVATE -static)
  set_target_properties(${name}.linux PROPERTIES SUFFIX .elf)
  add_executable(${name}.zkvm ${src} "${CMAKE_SOURCE_DIR}/guest/io_zkvm.c")
  target_include_directories(${name}.zkvm PRIVATE guest)
  target_compile_options(${name}.zkvm PRIVATE ${ZKVM_CFLAGS})
  target_link_options(${name}.zkvm PRIVATE ${ZKVM_LDFLAGS})
  target_link_libraries(${name}.zkvm PRIVATE rivet_guest_zkvm guest_libc gcc)
  set_target_properties(${name}.zkvm PROPERTIES SUFFIX .elf LINK_DEPENDS "${GUEST_LD}")
endfunction()
rivet_guest(stateless)
rivet_guest(exerciser)
