# Runs one fixture suite. When its data folder is absent it stops with the message that the
# suite's SKIP_REGULAR_EXPRESSION (cmake/tests.cmake) matches: CTest reports it skipped, not
# passed (cmake -P cannot exit 77 before CMake 3.29).
if(NOT EXISTS "${DIR}")
  message("fixture folder absent: ${DIR}\nsuite skipped, not passed")
  message(FATAL_ERROR "no fixtures")
endif()
separate_arguments(extra UNIX_COMMAND "${ARGS}")
execute_process(COMMAND ${RIVET} fixtures ${extra} ${DIR} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "rivet fixtures ${DIR}: exit ${rc}")
endif()
