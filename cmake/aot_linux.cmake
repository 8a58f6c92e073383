# The translator under the Linux ABI (tests/aot/linux.sh): interpreter vs `--aot` on the static
# glibc and Go guests of cmake/guests_linux.cmake (same output, exit code, step count, syscall
# census, and the same result at an odd step limit; byte-identical Linux-profile traces that
# `rivet replay` accepts, and random flipped words rejected at their chunk). Skipped when a
# guest was not built. Label "aot"; all but c.hello also "slow" (each translates and assembles a
# whole glibc or Go binary, 20 s and more on 2 cores): c.hello stays in the quick run.
set(AOT_LT "${CMAKE_SOURCE_DIR}/tests/aot/linux.sh")
set(R_G $<TARGET_FILE:rivet> ${GUEST_OUT})
function(rivet_aot_linux_test name labels)
  add_test(NAME aot.linux.${name} COMMAND ${AOT_LT} ${ARGN})
  set_tests_properties(aot.linux.${name} PROPERTIES LABELS "${labels}" SKIP_RETURN_CODE 77
                       TIMEOUT 900)
endfunction()
# Flips are sampled: a few per run, seeded and rotated daily by tests/trace/flip.py (RIVET_SEED
# replays a run), so successive runs cover different words at the cost of a few.
set(T12 --trace --flips 4)          # 2^12-step chunks, 4 random flips
set(T18 --trace --chunk-log2 18 --flips 2) # the long runs: default chunks, 2 flips
rivet_aot_linux_test(c.hello aot ${T12} ${R_G} ${GUEST_OUT}/hello.linux.elf)
rivet_aot_linux_test(c.auxdump "aot;slow" ${T12} ${R_G} ${GUEST_OUT}/auxdump.linux.elf one two)
rivet_aot_linux_test(c.fileio "aot;slow" ${T12} ${R_G} ${GUEST_OUT}/fileio.linux.elf data.txt)
rivet_aot_linux_test(c.threads "aot;slow" ${T12} ${R_G} ${GUEST_OUT}/threads.linux.elf)
rivet_aot_linux_test(go.hello "aot;slow" ${T12} ${R_G} ${GUEST_OUT}/go-hello)
rivet_aot_linux_test(go.crypto "aot;slow" ${T12} ${R_G} ${GUEST_OUT}/go-crypto)
rivet_aot_linux_test(go.signals "aot;slow" ${T12} ${R_G} ${GUEST_OUT}/go-signals)
rivet_aot_linux_test(go.conc "aot;slow" ${T18} ${R_G} ${GUEST_OUT}/go-conc)
rivet_aot_linux_test(go.evmish "aot;slow" ${T18} ${R_G} ${GUEST_OUT}/go-evmish witness.json)
foreach(k sha256 sieve bigmul keccak)
  rivet_aot_linux_test(kernel.${k} "aot;slow" ${T18} ${R_G} ${GUEST_OUT}/${k}.linux.elf)
endforeach()
# --limit: the translation stops at exactly the interpreter's step (mid-block), trace included.
add_test(NAME aot.zkvm.limit
         COMMAND ${CMAKE_SOURCE_DIR}/tests/aot/limit.sh $<TARGET_FILE:rivet>
                 ${CMAKE_BINARY_DIR}/guests/sha256.zkvm.rv64c.elf 1000 262145 1000003)
set_tests_properties(aot.zkvm.limit PROPERTIES LABELS aot SKIP_RETURN_CODE 77 TIMEOUT 600)
# --profile under --abi linux: one profile that covers the glibc binary, two that trap on it.
add_test(NAME aot.linux.profile
         COMMAND ${CMAKE_SOURCE_DIR}/tests/aot/linux_profile.sh $<TARGET_FILE:rivet>
                 ${GUEST_OUT}/hello.linux.elf)
set_tests_properties(aot.linux.profile PROPERTIES LABELS "aot;slow" SKIP_RETURN_CODE 77 TIMEOUT 600)
