# Compiler flags and small helpers shared by every component.

set(SHARDPROXY_WARNINGS -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers)

if(SHARDPROXY_ASAN)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
endif()

# Everything the sanitizer pass runs: unit tests and tests labelled asan (plus the binary).
add_custom_target(asan_suite)

# sp_library(NAME SOURCES... DEPS ...) : a component library with the house warnings.
function(sp_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_compile_options(${name} PRIVATE ${SHARDPROXY_WARNINGS})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# sp_test(NAME SOURCES... DEPS ...) : a GoogleTest binary registered with CTest.
# Unit tests carry the label "unit"; tests that start MariaDB pass LABELS integration.
function(sp_test name)
  if(NOT SHARDPROXY_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${SHARDPROXY_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_test(NAME ${name} COMMAND ${name})
  # The ASan pass (scripts/test.sh) builds only what it runs: target asan_suite.
  if(ARG_LABELS MATCHES "unit|asan")
    add_dependencies(asan_suite ${name})
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
                       ENVIRONMENT "SHARDPROXY_SOURCE_DIR=${PROJECT_SOURCE_DIR};SHARDPROXY_BINARY_DIR=${PROJECT_BINARY_DIR}")
endfunction()

# sp_benchmark(NAME SOURCES... DEPS ...) : a Google Benchmark binary (never run by CTest).
function(sp_benchmark name)
  if(NOT SHARDPROXY_BENCHMARKS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${SHARDPROXY_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark benchmark::benchmark_main)
endfunction()
