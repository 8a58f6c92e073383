# The ZisK guests built by ZisK's own toolchain (../shared/guests/vendor): zisk.<case>[.aot]
# runs `rivet exec --profile zisk` and checks the vendor-documented result (tests/zisk/check.py);
# zisk.<case>.trace writes the minimal trace under both engines, requires them identical and
# replays it. Label vendor; the reth block runs are slow (seconds to minutes, the --aot ones
# translate megabytes of code).
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  set(ZISK_VENDOR "${RIVET_FIXTURES}/../guests/vendor")
  foreach(case diagnostic rsp-20852412 reth-np-24628607 reth-np-24628608 reth-24628607
               reth-24628608)
    foreach(engine interp aot trace)
      set(name zisk.${case})
      set(extra "")
      if(engine STREQUAL "aot")
        set(name ${name}.aot)
        set(extra --aot)
      elseif(engine STREQUAL "trace")
        if(case MATCHES "^reth-np") # 0.45-0.65 G steps: 1-1.6 GB of trace per engine
          continue()
        endif()
        set(name ${name}.trace)
        set(extra --trace ${CMAKE_BINARY_DIR}/zisk-traces)
      endif()
      add_test(NAME ${name}
               COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/zisk/check.py
                       $<TARGET_FILE:rivet> ${ZISK_VENDOR} ${case} ${extra})
      set(labels vendor)
      if(NOT case STREQUAL "diagnostic" AND NOT (case STREQUAL "rsp-20852412" AND engine STREQUAL "interp"))
        list(APPEND labels slow)
      endif()
      set_tests_properties(${name} PROPERTIES LABELS "${labels}" SKIP_RETURN_CODE 77)
    endforeach()
  endforeach()
endif()
