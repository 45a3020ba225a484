// The test executables' precompiled header (cmake/JiuyouPch.cmake): exactly the
// first include of the test files that use it, so it changes nothing but speed.
#include <gtest/gtest.h>
