# stateless_guest_prof: pc profile of a zkVM guest run, for bench/stateless_guest --profile
# (docs/headline.md).
add_executable(stateless_guest_prof ${CMAKE_SOURCE_DIR}/bench/stateless_guest_prof.c)
target_link_libraries(stateless_guest_prof PRIVATE rivet_lib)
