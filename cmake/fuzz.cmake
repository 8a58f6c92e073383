# libFuzzer harnesses: fuzz/fuzz_<name>.c -> fuzz_<name>
# The library carries the coverage instrumentation libFuzzer steers by (the harness alone would
# give it almost no feedback; -fsanitize=fuzzer-no-link in CMakeLists.txt); its runtime comes with
# the sanitizers.
file(GLOB FUZZ_SRC CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/fuzz/fuzz_*.c")
foreach(src ${FUZZ_SRC})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE rivet_lib)
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
endforeach()
