# geth's own stateless validator (core.ExecuteStateless) as an unmodified riscv64 Linux guest
# (guest/geth, docs/geth-guest.md): target rivet_guest_geth (part of ALL) builds
# ${GUEST_OUT}/geth-stateless with a Go >= the go.mod's (the machine's /usr/local/go); go fetches
# go-ethereum and its dependencies through the module proxy (GOPROXY as configured, by default
# proxy.golang.org), checked against guest/geth/go.sum. Without such a Go the target is empty and
# the geth.* tests are skipped (77).
set(GETH_SRC "${CMAKE_SOURCE_DIR}/guest/geth")
set(GETH_ELF "${GUEST_OUT}/geth-stateless")
file(STRINGS "${GETH_SRC}/go.mod" geth_go_line REGEX "^go [0-9]")
string(REGEX REPLACE "^go ([0-9]+)\\.([0-9]+).*" "\\2" geth_go_minor "${geth_go_line}")
set(RIVET_GO_GETH "")
foreach(cand /usr/local/go/bin/go go)
  if(cand STREQUAL "go")
    find_program(cand_path go)
  else()
    set(cand_path "${cand}")
  endif()
  if(cand_path AND EXISTS "${cand_path}" AND NOT RIVET_GO_GETH)
    execute_process(COMMAND ${cand_path} env GOVERSION OUTPUT_VARIABLE v
                    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(v MATCHES "^go1\\.([0-9]+)" AND CMAKE_MATCH_1 GREATER_EQUAL geth_go_minor)
      set(RIVET_GO_GETH "${cand_path}")
      set(RIVET_GO_GETH_VERSION "${v}")
    endif()
  endif()
  unset(cand_path CACHE)
endforeach()
if(RIVET_GO_GETH)
  message(STATUS "geth guest: ${RIVET_GO_GETH} (${RIVET_GO_GETH_VERSION})")
  # GOFLAGS replaces the machine's: -trimpath and no VCS stamp, so the binary depends only on
  # the sources, go.sum and the Go version. The build cache is Go's default (shared by build
  # trees: the asan and release builds compile go-ethereum once).
  set(geth_home_env)
  if("$ENV{HOME}" STREQUAL "")  # no HOME: module and build caches in the build tree
    set(geth_home_env GOPATH=${CMAKE_BINARY_DIR}/gopath GOCACHE=${CMAKE_BINARY_DIR}/gocache)
  endif()
  add_custom_command(OUTPUT "${GETH_ELF}"
    COMMAND ${CMAKE_COMMAND} -E env GOTOOLCHAIN=local CGO_ENABLED=0 GOOS=linux GOARCH=riscv64
            "GOFLAGS=-trimpath -buildvcs=false -mod=readonly" ${geth_home_env}
            ${RIVET_GO_GETH} build -o "${GETH_ELF}" .
    WORKING_DIRECTORY "${GETH_SRC}"
    DEPENDS "${GETH_SRC}/main.go" "${GETH_SRC}/go.mod" "${GETH_SRC}/go.sum" VERBATIM)
  add_custom_target(rivet_guest_geth ALL DEPENDS "${GETH_ELF}")
else()
  message(STATUS "geth guest: no Go >= 1.${geth_go_minor}; guest/geth not built")
  add_custom_target(rivet_guest_geth)
endif()

# linux_guest_prof: pc profile of a Linux-ABI guest run (bench/geth_guest --profile).
add_executable(linux_guest_prof ${CMAKE_SOURCE_DIR}/bench/linux_guest_prof.c)
target_link_libraries(linux_guest_prof PRIVATE rivet_lib)

# Tests (guest/geth/check.py, tests/aot/linux.sh): the guest's verdict and roots equal
# `rivet stateless` and the fixtures', two runs are byte-identical, qemu-riscv64 (the oracle)
# prints the same. geth.hoodi: Hoodi 1151683 and keeper's payload on stdin. geth.blocks.N: 60
# blockchain-test blocks spread over every valid one (witnesses from `rivet witness`), in three
# parts. geth.trace: the Hoodi run under --aot and --trace (byte-identical traces, replay, flips).
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  set(GETH_CHECK ${Python3_EXECUTABLE} ${GETH_SRC}/check.py)
  add_test(NAME geth.hoodi COMMAND ${GETH_CHECK} hoodi $<TARGET_FILE:rivet> ${GETH_ELF}
                                   ${RIVET_FIXTURES} ${CMAKE_BINARY_DIR}/geth-runs/hoodi)
  set_tests_properties(geth.hoodi PROPERTIES LABELS "geth" SKIP_RETURN_CODE 77 TIMEOUT 600)
  foreach(i 0 1 2)
    add_test(NAME geth.blocks.${i}
             COMMAND ${GETH_CHECK} blocks $<TARGET_FILE:rivet> ${GETH_ELF} ${RIVET_FIXTURES}
                     ${CMAKE_BINARY_DIR}/geth-runs/blocks-${i} --sample 60 --shard ${i}/3)
    set_tests_properties(geth.blocks.${i} PROPERTIES LABELS "geth;slow" SKIP_RETURN_CODE 77
                                                     TIMEOUT 1200)
  endforeach()
endif()
set(GETH_HOODI_DIR "${CMAKE_BINARY_DIR}/geth-runs/hoodi-files")
if(EXISTS "${RIVET_FIXTURES}/stateless/geth-keeper-hoodi-1151683/block.rlp")
  file(COPY "${RIVET_FIXTURES}/stateless/geth-keeper-hoodi-1151683/block.rlp"
            "${RIVET_FIXTURES}/stateless/geth-keeper-hoodi-1151683/witness.rlp"
       DESTINATION "${GETH_HOODI_DIR}" NO_SOURCE_PERMISSIONS)
  add_test(NAME geth.trace
           COMMAND ${CMAKE_SOURCE_DIR}/tests/aot/linux.sh --trace --chunk-log2 18 --flips 3
                   $<TARGET_FILE:rivet> ${GETH_HOODI_DIR} ${GETH_ELF} --chain hoodi block.rlp
                   witness.rlp)
  set_tests_properties(geth.trace PROPERTIES LABELS "geth;aot;slow" SKIP_RETURN_CODE 77
                                             TIMEOUT 2400)
endif()
