#pragma once
// One `jiuyou invest` run shared by the tests of a suite (a run takes seconds): the suite derives from
// InvestOnce<Suite> and gives `static app::InvestJob job(const fs::path& out_dir)`. One folder per process:
// ctest runs each test of a suite in its own process, in parallel.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <unistd.h>

#include "gis/app/invest_job.hpp"

namespace jiuyou::test {

template <class Suite>
class InvestOnce : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_suite();
    dir = new std::filesystem::path(std::filesystem::path(JIUYOU_TEST_TMP) / (std::string(info->name()) + "." + std::to_string(getpid())));
    std::filesystem::remove_all(*dir);
    std::filesystem::create_directories(*dir);
    auto r = app::run_invest(Suite::job(*dir / "plan"));
    ASSERT_TRUE(r) << r.error().to_string();
    run = new app::InvestRun(std::move(*r));
  }
  static void TearDownTestSuite() {
    delete run;
    run = nullptr;
    if (dir != nullptr) std::filesystem::remove_all(*dir);
    delete dir;
    dir = nullptr;
  }
  static inline app::InvestRun* run = nullptr;
  static inline std::filesystem::path* dir = nullptr;
};

}  // namespace jiuyou::test
