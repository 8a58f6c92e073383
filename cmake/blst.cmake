# blst (BLS12-381) for the BLS12-381 and KZG precompiles. No Debian package ships it; the npm
# package c-kzg carries blst's sources (deps/blst). At configure time: `npm pack` the pinned
# version into the build tree, check its sha512 against the npm integrity string, extract
# deps/blst and build its two translation units as a static library. The sources are never
# committed. Without npm or the network, configure still succeeds and the BLS12-381/KZG
# precompiles report "unsupported" (RIVET_HAVE_BLST=0).
set(RIVET_CKZG_VERSION 4.1.0)
# npm dist.integrity "sha512-eliOBB2GKoT5Nk4LwN418O8kWfXCwepHj3kd6z0zKrzIdJbry0Y8IDPYzE5Dxw/
# fs386PGO6zQRqy8LSVtR5tQ==", as hex:
set(RIVET_CKZG_SHA512
    7a588e041d862a84f9364e0bc0de35f0ef2459f5c2c1ea478f791deb3d332abcc87496ebcb463c2033d8cc4e43c70fdfb37f3a3c63bacd046acbc2d256d479b5)
option(RIVET_BLST "Fetch blst (npm c-kzg) at configure time for BLS12-381 and KZG" ON)

set(ckzg_dir "${CMAKE_BINARY_DIR}/_deps/c-kzg")
set(ckzg_tgz "${ckzg_dir}/c-kzg-${RIVET_CKZG_VERSION}.tgz")
set(blst_dir "${ckzg_dir}/package/deps/blst")
set(blst_reason "")

function(rivet_blst_fetch)
  find_program(NPM npm)
  if(NOT NPM)
    set(blst_reason "npm not found" PARENT_SCOPE)
    return()
  endif()
  file(MAKE_DIRECTORY "${ckzg_dir}")
  if(NOT EXISTS "${ckzg_tgz}")
    message(STATUS "blst: npm pack c-kzg@${RIVET_CKZG_VERSION}")
    # --prefer-offline: npm's own cache serves repeated configures; bounded retries keep an
    # offline configure short
    execute_process(COMMAND ${NPM} pack c-kzg@${RIVET_CKZG_VERSION} --loglevel=error --prefer-offline
                            --fetch-retries=1 --fetch-timeout=60000
                    WORKING_DIRECTORY "${ckzg_dir}" RESULT_VARIABLE rc OUTPUT_QUIET
                    ERROR_VARIABLE err TIMEOUT 180)
    if(NOT rc EQUAL 0 OR NOT EXISTS "${ckzg_tgz}")
      file(REMOVE "${ckzg_tgz}")
      string(REGEX REPLACE "\n.*" "" err "${err}") # first line is enough
      set(blst_reason "npm pack failed (${rc}): ${err}" PARENT_SCOPE)
      return()
    endif()
  endif()
  file(SHA512 "${ckzg_tgz}" got)
  if(NOT got STREQUAL RIVET_CKZG_SHA512)
    file(REMOVE "${ckzg_tgz}")
    set(blst_reason "c-kzg-${RIVET_CKZG_VERSION}.tgz sha512 mismatch (${got})" PARENT_SCOPE)
    return()
  endif()
  if(NOT EXISTS "${blst_dir}/src/server.c")
    file(ARCHIVE_EXTRACT INPUT "${ckzg_tgz}" DESTINATION "${ckzg_dir}"
         PATTERNS package/deps/blst/src package/deps/blst/build package/deps/blst/bindings
                  package/deps/blst/LICENSE)
  endif()
  if(NOT EXISTS "${blst_dir}/src/server.c" OR NOT EXISTS "${blst_dir}/build/assembly.S")
    set(blst_reason "c-kzg tarball lacks deps/blst" PARENT_SCOPE)
  endif()
endfunction()

if(RIVET_BLST)
  rivet_blst_fetch()
else()
  set(blst_reason "RIVET_BLST=OFF")
endif()

if(RIVET_BLST AND blst_reason STREQUAL "")
  add_library(blst STATIC "${blst_dir}/src/server.c" "${blst_dir}/build/assembly.S")
  target_compile_definitions(blst PRIVATE __BLST_PORTABLE__)
  target_compile_options(blst PRIVATE -O2 -fno-builtin -fPIC -w)
  target_include_directories(blst SYSTEM PUBLIC "${blst_dir}/bindings")
  target_link_libraries(rivet_crypto PUBLIC blst)
  target_compile_definitions(rivet_crypto PRIVATE RIVET_HAVE_BLST=1)
  message(STATUS "blst: built from c-kzg ${RIVET_CKZG_VERSION} (sha512 verified)")
else()
  target_compile_definitions(rivet_crypto PRIVATE RIVET_HAVE_BLST=0)
  message(WARNING "blst unavailable (${blst_reason}): the BLS12-381 (0x0b-0x11) and KZG (0x0a) "
                  "precompiles will report 'unsupported'")
endif()
