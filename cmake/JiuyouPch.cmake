# A precompiled GoogleTest header for the test executables (JIUYOU_PCH).
#
#   jiuyou_use_pch(<target>)
#
# <gtest/gtest.h> and the standard headers it pulls in are a large part of each
# test file's compile time. The header is compiled once per build, in a host
# target built with the test executables' flags, and reused by all of them.
# Only a source file whose first preprocessor line is `#include <gtest/gtest.h>`
# uses it, so the precompiled header is exactly what that file would read first
# and cannot change its meaning (name lookup, overloads); the others, e.g. tests
# that include the header under test first to check it stands alone, compile as
# before.
#
# ON by default in sanitizer builds (the asan preset; CI builds it from scratch).
# OFF in unity builds (JIUYOU_UNITY: a batch reads <gtest/gtest.h> once anyway),
# OFF with ccache, which does not cache files compiled against a precompiled
# header, and in release builds (-O3 -Werror, not verified with it yet).
if(JIUYOU_SANITIZE AND NOT JIUYOU_UNITY AND NOT CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache")
  set(jiuyou_pch_default ON)
else()
  set(jiuyou_pch_default OFF)
endif()
option(JIUYOU_PCH "Precompile <gtest/gtest.h> for the test executables" ${jiuyou_pch_default})

function(jiuyou_use_pch target)
  if(NOT JIUYOU_PCH)
    return()
  endif()
  if(NOT TARGET jiuyou_pch_gtest)
    add_library(jiuyou_pch_gtest STATIC ${PROJECT_SOURCE_DIR}/cmake/pch/empty.cpp)
    target_link_libraries(jiuyou_pch_gtest PRIVATE jiuyou_flags jiuyou_test_support GTest::gtest)
    target_compile_definitions(jiuyou_pch_gtest PRIVATE JIUYOU_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    target_precompile_headers(jiuyou_pch_gtest PRIVATE ${PROJECT_SOURCE_DIR}/cmake/pch/gtest.hpp)
  endif()
  target_precompile_headers(${target} REUSE_FROM jiuyou_pch_gtest)
  get_target_property(srcs ${target} SOURCES)
  foreach(src ${srcs})
    file(STRINGS ${src} first REGEX "^[ \t]*#" LIMIT_COUNT 1)
    if(NOT first MATCHES "^#include <gtest/gtest\\.h>")
      set_source_files_properties(${src} PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
    endif()
  endforeach()
endfunction()
