// Where 100万元 more buys nothing, the plan says the least budget (to 10万元) at
// which one more village becomes exit-ready, found by bisection with the
// plan's own solver (F3: it used to print the next frontier sample to the
// cent, 250万元 too high). The figure is checked by planning at it and 10万元 below.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gis/app/invest_job.hpp"
#include "support/test_paths.hpp"

namespace jiuyou {
namespace {

namespace fs = std::filesystem;

Result<app::InvestRun> plan(double budget, size_t auto_exact_projects, const fs::path& out) {
  app::InvestJob job;
  job.project = (test::source_dir() / "data/demo/project.toml").string();
  job.out_dir = out.string();
  job.years = {{2025, budget}};
  job.auto_exact_projects = auto_exact_projects;
  return app::run_invest(job);
}

std::string page(const app::InvestRun& run, const fs::path& out) {
  std::ifstream in(out / "invest.html");
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_FALSE(s.str().empty()) << run.ws.name;
  return s.str();
}

TEST(InvestNextStep, TheLeastBudgetForOneMoreVillageIsFoundToTenWan) {
  const fs::path d = test::scratch_dir();
  auto r = plan(1.8e7, 300, d / "at1800");
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_TRUE(r->exact);
  ASSERT_LE(r->next_value, r->plan.value) << "the demo's next 100万元 buys nothing at 1800万 (the case this test is about; with fibre counted, 2000万 buys a 17th village for 100万 more)";
  const auto& n = r->next_step;
  ASSERT_GT(n.budget, r->budget + 1e6);
  EXPECT_GT(n.value, r->plan.value);
  EXPECT_TRUE(n.proven);
  EXPECT_DOUBLE_EQ(n.precision, 1e5);
  EXPECT_DOUBLE_EQ(n.budget, std::round(n.budget / 1e5) * 1e5) << "a round figure";
  const std::string html = page(*r, d / "at1800");
  const std::string figure = "总投资约 " + std::to_string(static_cast<long long>(std::round(n.budget / 1e4))) + " 万元（精确到10万元）时可达到";
  EXPECT_NE(html.find(figure), std::string::npos) << figure;
  EXPECT_NE(html.find("再增加 100 万元不能使更多村达到出列条件"), std::string::npos);

  // The figure buys the village; 10万元 less does not.
  auto at = plan(n.budget, 300, d / "at-figure");
  ASSERT_TRUE(at) << at.error().to_string();
  EXPECT_GE(at->plan.value, n.value);
  auto below = plan(n.budget - 1e5, 300, d / "below-figure");
  ASSERT_TRUE(below) << below.error().to_string();
  EXPECT_LT(below->plan.value, n.value);
}

TEST(InvestNextStep, AHeuristicPlanDoesNotStateItAsFact) {
  const fs::path d = test::scratch_dir();
  auto r = plan(1.8e7, 0, d / "heuristic");  // no CBC: nothing is proven
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_FALSE(r->exact);
  const std::string html = page(*r, d / "heuristic");
  if (r->next_value > r->plan.value) GTEST_SKIP() << "the heuristic found more for 100万元 more; the sentence says so";
  if (!app::next_million_buys_nothing(*r)) {
    EXPECT_NE(html.find("按本方法，再增加 100 万元未找到"), std::string::npos);
    EXPECT_EQ(html.find("再增加 100 万元不能使更多村"), std::string::npos);
  }
  ASSERT_GT(r->next_step.budget, 0);
  // Unproven unless the LP bound at the last budget without more proves it.
  EXPECT_EQ(html.find("按本方法，总投资约 ") != std::string::npos, !r->next_step.proven);
  EXPECT_NE(html.find("万元（精确到10万元）时可达到"), std::string::npos);
}

}  // namespace
}  // namespace jiuyou
