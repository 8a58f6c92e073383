# The layers, enforced by the build (docs/architecture.md, docs/contributing.md "A layer").
#
# rivet_layer(NAME PREFIXES p_... [DIRS dir...] [HEADERS h...] [DEPS layer...] [LIBS target...])
#   declares one layer: a static library rivet_<NAME> built from src/<dir>/*.c (DIRS defaults to
#   NAME; an empty or missing folder gives an empty interface library), owning the public headers
#   include/rivet/<NAME>.h, include/rivet/<NAME>_*.h and the HEADERS listed, linking the layers
#   in DEPS (declared above it) and the external LIBS. Every global symbol it defines starts with
#   one of its PREFIXES (CTest layers.symbols, cmake/check_symbols.cmake).
# With RIVET_LAYERS_RECORD_ONLY set (cmake/guest_lib.cmake) it only records the layer's DIRS and
# DEPS closure (global properties RIVET_LAYER_<NAME>_DIRS and _BELOW) and defines no target.
# rivet_layers_done() then checks that every public header has exactly one owner and gives each
# layer its own include folder, ${CMAKE_BINARY_DIR}/layers/<NAME>/, holding links to the public
# headers (rivet/<h>.h) and source folders (<dir>/) of the layer and of the layers below it
# (DEPS, transitively), nothing else. A lower layer including an upper layer's header therefore
# fails with "No such file or directory", and the link check (one executable per layer, the
# whole layer archive plus its DEPS, no other code) fails on any call upward.
set_property(GLOBAL PROPERTY RIVET_LAYERS "")

function(rivet_layer name)
  cmake_parse_arguments(L "" "" "PREFIXES;DIRS;HEADERS;DEPS;LIBS" ${ARGN})
  if(NOT L_PREFIXES)
    message(FATAL_ERROR "rivet_layer(${name}): PREFIXES missing (the symbol prefixes it owns)")
  endif()
  if(NOT L_DIRS)
    set(L_DIRS ${name})
  endif()
  get_property(layers GLOBAL PROPERTY RIVET_LAYERS)
  set(below)
  foreach(dep ${L_DEPS})
    if(NOT dep IN_LIST layers)
      message(FATAL_ERROR "rivet_layer(${name}): DEPS ${dep} is not a layer declared above it")
    endif()
    get_property(dep_below GLOBAL PROPERTY RIVET_LAYER_${dep}_BELOW)
    list(APPEND below ${dep} ${dep_below})
  endforeach()
  list(REMOVE_DUPLICATES below)
  set_property(GLOBAL APPEND PROPERTY RIVET_LAYERS ${name})
  set_property(GLOBAL PROPERTY RIVET_LAYER_${name}_BELOW ${below})
  set_property(GLOBAL PROPERTY RIVET_LAYER_${name}_DIRS ${L_DIRS})
  set_property(GLOBAL PROPERTY RIVET_LAYER_${name}_HEADERS ${L_HEADERS})
  if(RIVET_LAYERS_RECORD_ONLY) # the guest build: the table's facts, no targets
    return()
  endif()

  set(srcs)
  foreach(dir ${L_DIRS})
    file(GLOB dir_src CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/src/${dir}/*.c")
    list(APPEND srcs ${dir_src})
    # A relative include would step around the include folder: refuse it.
    file(GLOB dir_all "${CMAKE_SOURCE_DIR}/src/${dir}/*.[ch]" "${CMAKE_SOURCE_DIR}/src/${dir}/*.def")
    foreach(f ${dir_all})
      file(STRINGS "${f}" rel REGEX "^[ \t]*#[ \t]*include[ \t]*\"\\.\\./")
      if(rel)
        message(FATAL_ERROR "${f}: ${rel}: include through the layer's folders, not ../")
      endif()
    endforeach()
  endforeach()
  set(lib rivet_${name})
  list(TRANSFORM L_DEPS PREPEND rivet_ OUTPUT_VARIABLE dep_libs)
  if(srcs)
    add_library(${lib} STATIC ${srcs})
    target_include_directories(${lib} PRIVATE "${CMAKE_BINARY_DIR}/layers/${name}")
    target_link_libraries(${lib} PUBLIC ${dep_libs} ${L_LIBS})
    string(REPLACE ";" "," prefixes "${L_PREFIXES}")
    add_test(NAME layers.symbols.${name}
             COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM} -DLIB=$<TARGET_FILE:${lib}>
                     -DPREFIXES=${prefixes} -P ${CMAKE_SOURCE_DIR}/cmake/check_symbols.cmake)
    set_tests_properties(layers.symbols.${name} PROPERTIES LABELS "unit;layers")
  else() # a planned layer whose folder is still empty
    add_library(${lib} INTERFACE)
    target_link_libraries(${lib} INTERFACE ${dep_libs} ${L_LIBS})
  endif()
endfunction()

# The owner of each include/rivet/*.h; fails on a header with none or two.
function(rivet_layer_headers)
  get_property(layers GLOBAL PROPERTY RIVET_LAYERS)
  file(GLOB headers RELATIVE "${CMAKE_SOURCE_DIR}/include/rivet" "${CMAKE_SOURCE_DIR}/include/rivet/*.h")
  foreach(h ${headers})
    string(REGEX REPLACE "\\.h$" "" stem "${h}")
    set(owner "")
    foreach(l ${layers})
      get_property(listed GLOBAL PROPERTY RIVET_LAYER_${l}_HEADERS)
      if(stem IN_LIST listed OR stem STREQUAL l OR stem MATCHES "^${l}_")
        if(owner)
          message(FATAL_ERROR "include/rivet/${h} is claimed by layers ${owner} and ${l}")
        endif()
        set(owner ${l})
      endif()
    endforeach()
    if(NOT owner)
      message(FATAL_ERROR "include/rivet/${h} belongs to no layer: name it <layer>.h or "
                          "<layer>_*.h, or list it in HEADERS of its rivet_layer() in CMakeLists.txt")
    endif()
    set_property(GLOBAL APPEND PROPERTY RIVET_LAYER_${owner}_OWNED ${h})
  endforeach()
endfunction()

function(rivet_layers_done)
  rivet_layer_headers()
  get_property(layers GLOBAL PROPERTY RIVET_LAYERS)
  file(CONFIGURE OUTPUT "${CMAKE_BINARY_DIR}/layers/link_check.c"
       CONTENT "int main(void) { return 0; }\n")
  foreach(l ${layers})
    set(inc "${CMAKE_BINARY_DIR}/layers/${l}")
    file(REMOVE_RECURSE "${inc}")
    file(MAKE_DIRECTORY "${inc}/rivet")
    get_property(below GLOBAL PROPERTY RIVET_LAYER_${l}_BELOW)
    foreach(v ${l} ${below})
      get_property(owned GLOBAL PROPERTY RIVET_LAYER_${v}_OWNED)
      foreach(h ${owned})
        file(CREATE_LINK "${CMAKE_SOURCE_DIR}/include/rivet/${h}" "${inc}/rivet/${h}" SYMBOLIC)
      endforeach()
      get_property(dirs GLOBAL PROPERTY RIVET_LAYER_${v}_DIRS)
      foreach(dir ${dirs})
        string(REGEX REPLACE "/.*" "" top "${dir}") # crypto/host -> crypto
        if(EXISTS "${CMAKE_SOURCE_DIR}/src/${top}" AND NOT EXISTS "${inc}/${top}")
          file(CREATE_LINK "${CMAKE_SOURCE_DIR}/src/${top}" "${inc}/${top}" SYMBOLIC)
        endif()
      endforeach()
    endforeach()
    # The link check: every object of the layer, resolved by its DEPS alone.
    if(TARGET rivet_${l})
      get_target_property(type rivet_${l} TYPE)
      if(type STREQUAL "STATIC_LIBRARY")
        add_executable(link_check_${l} "${CMAKE_BINARY_DIR}/layers/link_check.c")
        target_link_libraries(link_check_${l} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,rivet_${l}>")
        target_link_options(link_check_${l} PRIVATE -Wl,--no-undefined)
      endif()
    endif()
  endforeach()
endfunction()
