# riscv64 Linux guests from ${RIVET_GUESTS} (../shared/guests) for the Linux ABI, built when the
# toolchains are installed (scripts/setup.sh installs them). The static glibc programs and
# kernels (NAME.linux.elf) come from cmake/guests.cmake; this file adds the Go programs, built
# with Go 1.23 (bookworm-backports: golang-1.23-go): target rivet_guests_linux (part of ALL).
# Tests: label rvsys (C and Go guests vs qemu-riscv64, kernels, determinism) and label slow (Go
# standard-library test binaries, built on first run).
set(GUEST_OUT "${CMAKE_BINARY_DIR}/guests")
file(MAKE_DIRECTORY "${GUEST_OUT}")
file(WRITE "${GUEST_OUT}/data.txt" "rivet fileio input: the quick brown fox jumps over the lazy dog\n")
# A synthetic witness for evmish (1000 branch-sized nodes, a SHA-256 chain).
if(NOT EXISTS "${GUEST_OUT}/witness.json")
  set(seed "rivet")
  set(nodes "")
  foreach(i RANGE 1 1000)
    string(SHA256 seed "${seed}")
    string(REPEAT "${seed}" 17 node)
    string(SUBSTRING "${node}" 0 1064 node)
    list(APPEND nodes "\"${node}\"")
  endforeach()
  list(JOIN nodes "," nodes)
  file(WRITE "${GUEST_OUT}/witness.json" "{\"nodes\":[${nodes}]}\n")
endif()
find_program(RIVET_GO go PATHS /usr/lib/go-1.23/bin NO_DEFAULT_PATH)
if(NOT RIVET_GO)
  find_program(RIVET_GO go)
endif()
set(guest_bins)

set(GO_ENV ${CMAKE_COMMAND} -E env GOCACHE=${CMAKE_BINARY_DIR}/gocache GOPROXY=off
    GOTOOLCHAIN=local CGO_ENABLED=0 GOOS=linux GOARCH=riscv64 GOFLAGS=-trimpath)
set(RIVET_GO_OK OFF)
if(RIVET_GO AND EXISTS "${RIVET_GUESTS}/linux-go")
  execute_process(COMMAND ${RIVET_GO} env GOVERSION OUTPUT_VARIABLE go_ver
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(go_ver MATCHES "^go1\\.(2[1-9]|[3-9][0-9])")
    set(RIVET_GO_OK ON)
  endif()
endif()
if(RIVET_GO_OK)
  foreach(p hello crypto conc)
    file(GLOB go_src "${RIVET_GUESTS}/linux-go/${p}/*")
    add_custom_command(OUTPUT "${GUEST_OUT}/go-${p}"
      COMMAND ${GO_ENV} ${RIVET_GO} build -o "${GUEST_OUT}/go-${p}" .
      WORKING_DIRECTORY "${RIVET_GUESTS}/linux-go/${p}" DEPENDS ${go_src} VERBATIM)
    list(APPEND guest_bins "${GUEST_OUT}/go-${p}")
  endforeach()
  file(GLOB sig_src "${CMAKE_SOURCE_DIR}/tests/rvsys/gosig/*")
  add_custom_command(OUTPUT "${GUEST_OUT}/go-signals"
    COMMAND ${GO_ENV} ${RIVET_GO} build -o "${GUEST_OUT}/go-signals" .
    WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}/tests/rvsys/gosig" DEPENDS ${sig_src} VERBATIM)
  list(APPEND guest_bins "${GUEST_OUT}/go-signals")
  if(EXISTS /usr/share/gocode/src/golang.org/x/crypto/sha3)
    add_custom_command(OUTPUT "${GUEST_OUT}/go-evmish"
      COMMAND ${GO_ENV} GO111MODULE=off GOPATH=/usr/share/gocode
              ${RIVET_GO} build -o "${GUEST_OUT}/go-evmish" .
      WORKING_DIRECTORY "${RIVET_GUESTS}/linux-go/evmish"
      DEPENDS "${RIVET_GUESTS}/linux-go/evmish/main.go" VERBATIM)
    list(APPEND guest_bins "${GUEST_OUT}/go-evmish")
  endif()
endif()
add_custom_target(rivet_guests_linux ALL DEPENDS ${guest_bins})

set(GT "${CMAKE_SOURCE_DIR}/tests/rvsys/guest_test.sh")
function(rivet_guest_test name)
  add_test(NAME rvsys.${name} COMMAND ${GT} ${ARGN})
  set_tests_properties(rvsys.${name} PROPERTIES LABELS rvsys SKIP_RETURN_CODE 77)
endfunction()
set(R $<TARGET_FILE:rivet>)
foreach(p hello fileio threads)
  set(extra)
  if(p STREQUAL fileio)
    set(extra data.txt)
  endif()
  rivet_guest_test(c.${p} compare ${R} ${GUEST_OUT} ${GUEST_OUT}/${p}.linux.elf ${extra})
endforeach()
foreach(p hello crypto conc evmish signals)
  rivet_guest_test(go.${p} compare ${R} ${GUEST_OUT} ${GUEST_OUT}/go-${p})
endforeach()
rivet_guest_test(go.evmish-file compare ${R} ${GUEST_OUT} ${GUEST_OUT}/go-evmish witness.json)
# Expected lines from ../shared/guests/README.md.
set(kline_sha256 "sha256_digest_hi=0x0cb14adfb5157b98")
set(kline_sieve "sieve_acc=0x5d7de9ba00f31584")
set(kline_bigmul "bigmul_hash=0x459f926b89642b66")
set(kline_keccak "keccak_s0=0x976ad09b66c93a2c")
foreach(k sha256 sieve bigmul keccak)
  rivet_guest_test(kernel.${k} expect ${R} ${GUEST_OUT} "${kline_${k}}" ${GUEST_OUT}/${k}.linux.elf)
endforeach()
rivet_guest_test(determinism.c-threads determinism ${R} ${GUEST_OUT} ${GUEST_OUT}/threads.linux.elf)
rivet_guest_test(determinism.go-conc determinism ${R} ${GUEST_OUT} ${GUEST_OUT}/go-conc)
# Over ~10 s on 2 cores (the kernels' 10^8-10^9 instructions, go-conc's scheduler runs): label
# slow, left out of the quick run (`ctest -LE slow`), run by scripts/test.sh and CI.
set_property(TEST rvsys.go.conc rvsys.determinism.go-conc rvsys.kernel.sha256 rvsys.kernel.sieve
                  rvsys.kernel.bigmul rvsys.kernel.keccak APPEND PROPERTY LABELS slow)

# Go standard-library tests: `go test -c` for riscv64, run in the package's source folder.
set(GOTEST_PKGS sort strings strconv math/big encoding/json crypto/sha256)
foreach(pkg ${GOTEST_PKGS})
  string(REPLACE "/" "_" tname ${pkg})
  add_test(NAME slow.gotest.${tname}
           COMMAND ${CMAKE_SOURCE_DIR}/tests/rvsys/gotest.sh ${R} "${RIVET_GO}" ${pkg}
                   ${CMAKE_BINARY_DIR}/gocache ${GUEST_OUT})
  set_tests_properties(slow.gotest.${tname} PROPERTIES LABELS slow SKIP_RETURN_CODE 77
                       TIMEOUT 1800)
endforeach()
