# Unity builds of the test executables (JIUYOU_UNITY, opt-in; not yet on in any preset).
#
#   jiuyou_use_unity(<target>)
#
# A test file spends most of its compile time reading the same headers
# (GoogleTest, the standard library, the model). In a unity build CMake
# compiles all the files of a test executable as one generated file that
# #includes them (JIUYOU_UNITY_BATCH 0; N: batches of N files), so those
# headers are read once per executable instead of once per file. Meant for
# CI's clean builds; the ci and asan presets do not set it yet (docs/ci.md:
# name clashes left in six areas, no timed build). For day-to-day work
# (incremental, ccache) it stays OFF: a change to one test file would rebuild
# its whole executable.
#
# The files of an area share one translation unit, so two test files of one
# area must not define the same name at namespace scope, anonymous namespaces
# and `static` included (docs/ci.md, "Adding tests"). With one unit per area a
# clash shows at once, whatever the order of the files. A file that cannot be
# merged is built alone with
#   set_source_files_properties(<file> PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
option(JIUYOU_UNITY "Unity builds (batches of files in one translation unit) of the test executables" OFF)
set(JIUYOU_UNITY_BATCH 0 CACHE STRING "Test files per unity batch (JIUYOU_UNITY); 0: all files of an executable in one")

function(jiuyou_use_unity target)
  if(NOT JIUYOU_UNITY)
    return()
  endif()
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${JIUYOU_UNITY_BATCH})
  # Each file is #included into the generated one, so GCC takes it for a header
  # and warns about any class holding a type from the file's anonymous
  # namespace; that warning is meant for real headers (it stays on for them
  # in the normal build).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-subobject-linkage)
  endif()
endfunction()
