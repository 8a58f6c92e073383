# Guest programs built for RISC-V from ${RIVET_GUESTS} (see its README):
#   - the four kernels freestanding for the zkVM profile with clang-14 (RV64IM, RV64IMAC and
#     RV32IM),
#   - the kernels and the linux-c programs as static glibc binaries with the cross gcc,
#   - the kernels natively (for bench/rv's time ratio).
# Each part is skipped cleanly when its compiler or the guests folder is absent. The kernel
# checks run about 1 G instructions each, so they are registered in optimised builds only
# (label "slow").
set(GUEST_OUT "${CMAKE_BINARY_DIR}/guests")
set(RV_KERNELS sha256 sieve bigmul keccak)
set(RV_KERNEL_EXPECT_sha256 "sha256_digest_hi=0x0cb14adfb5157b98")
set(RV_KERNEL_EXPECT_sieve "sieve_acc=0x5d7de9ba00f31584")
set(RV_KERNEL_EXPECT_bigmul "bigmul_hash=0x459f926b89642b66")
set(RV_KERNEL_EXPECT_keccak "keccak_s0=0x976ad09b66c93a2c")

set(KDIR "${RIVET_GUESTS}/kernels")
if(NOT EXISTS "${KDIR}/rt.h")
  message(STATUS "guests: ${KDIR} absent, RISC-V guests not built")
  return()
endif()
file(MAKE_DIRECTORY "${GUEST_OUT}")
find_program(GUEST_CLANG NAMES clang-14 clang)
find_program(GUEST_LLD NAMES ld.lld-14 ld.lld)
find_program(GUEST_GCC NAMES riscv64-linux-gnu-gcc)
set(GUEST_FILES)
set(RV_GUEST_ELFS)

if(GUEST_CLANG AND GUEST_LLD)
  foreach(k ${RV_KERNELS})
    foreach(variant rv64 rv64c rv32)
      if(variant STREQUAL rv64)
        set(flags --target=riscv64-unknown-elf -march=rv64im -mabi=lp64)
      elseif(variant STREQUAL rv64c) # compressed instructions too
        set(flags --target=riscv64-unknown-elf -march=rv64imac -mabi=lp64)
      else()
        set(flags --target=riscv32-unknown-elf -march=rv32im -mabi=ilp32)
      endif()
      set(out "${GUEST_OUT}/${k}.zkvm.${variant}.elf")
      add_custom_command(OUTPUT "${out}"
        COMMAND ${GUEST_CLANG} ${flags} -mcmodel=medany -ffreestanding -nostdlib -fuse-ld=lld
                -T "${KDIR}/zkvm.ld" -DFREESTANDING -O2 -o "${out}" "${KDIR}/bench_${k}.c"
        DEPENDS "${KDIR}/bench_${k}.c" "${KDIR}/rt.h" "${KDIR}/zkvm.ld"
        COMMENT "guest ${k} (zkvm, ${variant})" VERBATIM)
      list(APPEND GUEST_FILES "${out}")
      list(APPEND RV_GUEST_ELFS "${out}")
      if(CMAKE_BUILD_TYPE STREQUAL "Release")
        add_test(NAME rv.kernel.${k}.${variant}
                 COMMAND ${CMAKE_COMMAND} -DRIVET=$<TARGET_FILE:rivet> -DELF=${out}
                         "-DEXPECT=${RV_KERNEL_EXPECT_${k}}" -P ${CMAKE_SOURCE_DIR}/cmake/run_guest.cmake)
        set_tests_properties(rv.kernel.${k}.${variant} PROPERTIES LABELS "rv;slow"
                             SKIP_RETURN_CODE 77)
      endif()
    endforeach()
  endforeach()
  # Two kernels built for the SP1-like profile (RV64IM, the low memory map of
  # bench/trace/profiles/low.ld): the previous-access-clock trace checks (cmake/trace.cmake).
  foreach(k sha256 keccak)
    set(out "${GUEST_OUT}/${k}.sp1.rv64.elf")
    set(ld "${CMAKE_SOURCE_DIR}/bench/trace/profiles/low.ld")
    add_custom_command(OUTPUT "${out}"
      COMMAND ${GUEST_CLANG} --target=riscv64-unknown-elf -march=rv64im -mabi=lp64 -mcmodel=medany
              -ffreestanding -nostdlib -fuse-ld=lld -T "${ld}" -DFREESTANDING -O2 -o "${out}"
              "${KDIR}/bench_${k}.c"
      DEPENDS "${KDIR}/bench_${k}.c" "${KDIR}/rt.h" "${ld}" COMMENT "guest ${k} (sp1 profile)"
      VERBATIM)
    list(APPEND GUEST_FILES "${out}")
  endforeach()
  # Input and accelerator ecalls, checked against known vectors (runs in every build).
  set(out "${GUEST_OUT}/accel.zkvm.rv64c.elf")
  set(src "${CMAKE_SOURCE_DIR}/tests/rv/guest_accel.c")
  add_custom_command(OUTPUT "${out}"
    COMMAND ${GUEST_CLANG} --target=riscv64-unknown-elf -march=rv64imac -mabi=lp64 -mcmodel=medany
            -mno-relax -ffreestanding -nostdlib -fuse-ld=lld -T "${KDIR}/zkvm.ld" -O2
            -o "${out}" "${src}"
    DEPENDS "${src}" "${CMAKE_SOURCE_DIR}/tests/rv/guest_io.h" "${KDIR}/zkvm.ld"
    COMMENT "guest accel (zkvm)" VERBATIM)
  list(APPEND GUEST_FILES "${out}")
  add_test(NAME rv.zkvm.accel
           COMMAND ${CMAKE_COMMAND} -DRIVET=$<TARGET_FILE:rivet> -DELF=${out}
                   -DINPUT=${CMAKE_SOURCE_DIR}/tests/rv/guest_accel.input
                   -DEXPECT_FILE=${CMAKE_SOURCE_DIR}/tests/rv/guest_accel.expected
                   -P ${CMAKE_SOURCE_DIR}/cmake/run_guest.cmake)
  set_tests_properties(rv.zkvm.accel PROPERTIES LABELS "rv" SKIP_RETURN_CODE 77)
  # A static PIE (relocated by the loader).
  set(out "${GUEST_OUT}/pie.zkvm.rv64c.elf")
  set(src "${CMAKE_SOURCE_DIR}/tests/rv/guest_pie.c")
  add_custom_command(OUTPUT "${out}"
    COMMAND ${GUEST_CLANG} --target=riscv64-unknown-elf -march=rv64imac -mabi=lp64 -fPIE
            -ffreestanding -nostdlib -fuse-ld=lld -Wl,-pie -Wl,--no-dynamic-linker -O2
            -o "${out}" "${src}"
    DEPENDS "${src}" COMMENT "guest pie (zkvm, static PIE)" VERBATIM)
  list(APPEND GUEST_FILES "${out}")
  add_test(NAME rv.zkvm.pie
           COMMAND ${CMAKE_COMMAND} -DRIVET=$<TARGET_FILE:rivet> -DELF=${out}
                   -DEXPECT_FILE=${CMAKE_SOURCE_DIR}/tests/rv/guest_pie.expected
                   -P ${CMAKE_SOURCE_DIR}/cmake/run_guest.cmake)
  set_tests_properties(rv.zkvm.pie PROPERTIES LABELS "rv" SKIP_RETURN_CODE 77)
  # The target zkVMs' accelerator ABIs: one guest built per profile (its -march and linker
  # script, as bench/trace/profiles.py builds the kernels), reaching keccak-f and SHA-256 the
  # way that zkVM does; checked against hashlib and for rejection under the other profiles.
  set(src "${CMAKE_SOURCE_DIR}/tests/rv/guest_profile_accel.c")
  set(low_ld "${CMAKE_SOURCE_DIR}/bench/trace/profiles/low.ld")
  set(PROFILE_ACCEL_ELFS)
  foreach(prof rivet zisk sp1 risc0)
    if(prof STREQUAL "rivet")
      set(flags --target=riscv64-unknown-elf -march=rv64im -mabi=lp64 -T "${KDIR}/zkvm.ld")
    elseif(prof STREQUAL "zisk")
      set(flags --target=riscv64-unknown-elf -march=rv64ima -mabi=lp64 -T "${KDIR}/zkvm.ld")
    elseif(prof STREQUAL "sp1")
      set(flags --target=riscv64-unknown-elf -march=rv64im -mabi=lp64 -T "${low_ld}")
    else()
      set(flags --target=riscv32-unknown-elf -march=rv32im -mabi=ilp32 -T "${low_ld}")
    endif()
    string(TOUPPER ${prof} PROF)
    set(out "${GUEST_OUT}/profile_accel.${prof}.elf")
    add_custom_command(OUTPUT "${out}"
      COMMAND ${GUEST_CLANG} ${flags} -mcmodel=medany -mno-relax -ffreestanding -nostdlib
              -fuse-ld=lld -O2 -DPROFILE_${PROF} -o "${out}" "${src}"
      DEPENDS "${src}" "${CMAKE_SOURCE_DIR}/tests/rv/guest_io.h" "${KDIR}/zkvm.ld" "${low_ld}"
      COMMENT "guest profile_accel (${prof})"
      VERBATIM)
    list(APPEND GUEST_FILES "${out}")
    list(APPEND PROFILE_ACCEL_ELFS "${out}")
  endforeach()
  find_package(Python3 COMPONENTS Interpreter)
  if(Python3_FOUND)
    add_test(NAME rv.zkvm.profile_accel
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/rv/profile_accel.py
                     $<TARGET_FILE:rivet> ${GUEST_OUT})
    set_tests_properties(rv.zkvm.profile_accel PROPERTIES LABELS "rv" SKIP_RETURN_CODE 77)
  endif()
  # A jalr to a 2-mod-4 address under a profile without C: both engines trap at the jalr.
  set(out "${GUEST_OUT}/misaligned.sp1.elf")
  set(src "${CMAKE_SOURCE_DIR}/tests/aot/misaligned.S")
  set(ld "${CMAKE_SOURCE_DIR}/bench/trace/profiles/low.ld")
  add_custom_command(OUTPUT "${out}"
    COMMAND ${GUEST_CLANG} --target=riscv64-unknown-elf -march=rv64im -mabi=lp64 -mcmodel=medany
            -nostdlib -fuse-ld=lld -T "${ld}" -o "${out}" "${src}"
    DEPENDS "${src}" "${ld}" COMMENT "guest misaligned (sp1 profile)" VERBATIM)
  list(APPEND GUEST_FILES "${out}")
  add_test(NAME aot.sp1.misaligned
           COMMAND ${CMAKE_SOURCE_DIR}/tests/aot/same.sh $<TARGET_FILE:rivet> ${out}
                   "\"cause\":\"instruction address misaligned\",\"pc\":2099224" --profile sp1-like)
  set_tests_properties(aot.sp1.misaligned PROPERTIES LABELS "aot" SKIP_RETURN_CODE 77)
else()
  message(STATUS "guests: clang-14 or ld.lld absent, freestanding kernels not built")
endif()

if(GUEST_GCC)
  foreach(k ${RV_KERNELS})
    set(out "${GUEST_OUT}/${k}.linux.elf")
    add_custom_command(OUTPUT "${out}"
      COMMAND ${GUEST_GCC} -O2 -static -o "${out}" "${KDIR}/bench_${k}.c"
      DEPENDS "${KDIR}/bench_${k}.c" "${KDIR}/rt.h" COMMENT "guest ${k} (static glibc)" VERBATIM)
    list(APPEND GUEST_FILES "${out}")
    list(APPEND RV_GUEST_ELFS "${out}")
  endforeach()
  file(GLOB LINUX_C "${RIVET_GUESTS}/linux-c/*.c")
  foreach(src ${LINUX_C})
    get_filename_component(name ${src} NAME_WE)
    set(out "${GUEST_OUT}/${name}.linux.elf")
    add_custom_command(OUTPUT "${out}"
      COMMAND ${GUEST_GCC} -O2 -static -pthread -o "${out}" "${src}" -lm
      DEPENDS "${src}" COMMENT "guest ${name} (static glibc)" VERBATIM)
    list(APPEND GUEST_FILES "${out}")
    list(APPEND RV_GUEST_ELFS "${out}")
  endforeach()
else()
  message(STATUS "guests: riscv64-linux-gnu-gcc absent, static glibc guests not built")
endif()

foreach(k ${RV_KERNELS})
  set(out "${GUEST_OUT}/${k}.native")
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_C_COMPILER} -O2 -o "${out}" "${KDIR}/bench_${k}.c"
    DEPENDS "${KDIR}/bench_${k}.c" "${KDIR}/rt.h" COMMENT "kernel ${k} (native)" VERBATIM)
  list(APPEND GUEST_FILES "${out}")
endforeach()

add_custom_target(guests ALL DEPENDS ${GUEST_FILES})

# Differential tests against qemu-riscv64 / qemu-riscv32 (skipped when qemu or the cross gcc is
# absent).
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  add_test(NAME rv.difftest
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/rv/difftest.py
                   $<TARGET_FILE:rivet> --programs 100 --cases 40 --length 60 --seed 1)
  set_tests_properties(rv.difftest PROPERTIES LABELS "rv;difftest;slow" SKIP_RETURN_CODE 77)
  add_test(NAME rv.difftest32
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/rv/difftest.py
                   $<TARGET_FILE:rivet> --xlen 32 --programs 50 --cases 40 --length 60 --seed 1)
  set_tests_properties(rv.difftest32 PROPERTIES LABELS "rv;difftest;slow" SKIP_RETURN_CODE 77)
  add_test(NAME rv.disasm
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/rv/disasm_check.py
                   $<TARGET_FILE:rivet> ${RV_GUEST_ELFS})
  set_tests_properties(rv.disasm PROPERTIES LABELS "rv;slow" SKIP_RETURN_CODE 77)
endif()
