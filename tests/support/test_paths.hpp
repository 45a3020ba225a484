#pragma once
// Where tests find the shared reference data (../shared beside the clone),
// the repo's own data, and a scratch directory. Tests that need ../shared skip
// with a message when it is absent (a user's fresh clone).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace jiuyou::test {

inline std::filesystem::path source_dir() { return std::filesystem::path(JIUYOU_SOURCE_DIR); }
// $JIUYOU_SHARED_DIR, else the folder `shared` beside the clone.
inline std::filesystem::path shared_dir() {
  if (const char* dir = std::getenv("JIUYOU_SHARED_DIR"); dir && *dir) return std::filesystem::path(dir);
  return source_dir().parent_path() / "shared";
}

// A fresh, empty scratch directory per test (named after suite and test).
inline std::filesystem::path scratch_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path p = std::filesystem::path(JIUYOU_TEST_TMP) /
                            (std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

// The jiuyou binary for end-to-end tests: $JIUYOU_BIN if set, else the one this build made.
inline std::string jiuyou_bin() {
  const char* b = std::getenv("JIUYOU_BIN");
  return b && *b ? b : JIUYOU_BIN_PATH;
}

}  // namespace jiuyou::test

// Skips the current test when a file under ../shared is missing.
#define JIUYOU_REQUIRE_SHARED(rel)                                                                    \
  do {                                                                                                \
    if (!std::filesystem::exists(::jiuyou::test::shared_dir() / (rel)))                               \
      GTEST_SKIP() << "needs " << (::jiuyou::test::shared_dir() / (rel)).string()                     \
                   << " (the shared reference data beside the clone; see README 'Tests')";           \
  } while (0)
