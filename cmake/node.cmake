# The development node (src/node): libevent's evhttp for HTTP, LMDB for the data dir.
pkg_check_modules(LIBEVENT REQUIRED IMPORTED_TARGET libevent)
find_path(LMDB_INCLUDE lmdb.h REQUIRED)
find_library(LMDB_LIB lmdb REQUIRED)
target_link_libraries(rivet_lib PUBLIC PkgConfig::LIBEVENT ${LMDB_LIB})
target_include_directories(rivet_lib PRIVATE ${LMDB_INCLUDE})
