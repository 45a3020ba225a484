// Fibre along roads on the demo county (hubei-2017, whose broadband item counts
// fibre within 500 m): every village failing broadband has a fibre candidate
// confirmed by the re-check (an alternative to the tower for the same need), laid
// along the roads or straight and saying which, priced per km; and `check --with invest.gpkg`
// passes the broadband of every village a chosen fibre project fixes.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <set>

#include "gis/app/check_job.hpp"
#include "gis/app/invest_job.hpp"
#include "support/test_paths.hpp"

namespace jiuyou {
namespace {

namespace fs = std::filesystem;

std::string demo() { return (test::source_dir() / "data/demo/project.toml").string(); }

bool is_fibre(const app::InvestRun& r, const invest::Project& p) { return r.costs.builds[p.build].into == "broadband_fiber"; }

TEST(FibreDemo, EveryBroadbandFailureHasAConfirmedFibreAndCheckWithPassesTheChosenOnes) {
  if (!fs::exists(demo())) GTEST_SKIP() << "no demo county at " << demo();
  const fs::path dir = fs::path(JIUYOU_TEST_TMP) / ("FibreDemo." + std::to_string(getpid()));
  fs::remove_all(dir);
  app::InvestJob job;
  job.project = demo();
  job.out_dir = (dir / "plan").string();
  job.years = {{2025, 8e6}, {2026, 8e6}, {2027, 4e6}};
  job.frontier_steps = 4;
  auto run = app::run_invest(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& rules = run->check.rules;
  size_t bb = rules.items.size();
  for (size_t i = 0; i < rules.items.size(); ++i)
    if (rules.items[i].id == "broadband") bb = i;
  ASSERT_LT(bb, rules.items.size());
  ASSERT_FALSE(rules.items[bb].fiber_filter.empty()) << "the shipped rule counts fibre";

  // Every broadband need of a buildable village has a fibre fixer (the tower being the other).
  const auto& c = run->candidates;
  size_t needs = 0;
  for (uint32_t k = 0; k < c.needs.size(); ++k) {
    if (c.needs[k].item != bb || c.villages[c.needs[k].village].reach != invest::Reach::buildable) continue;
    ++needs;
    size_t fibre = 0;
    for (const uint32_t j : c.fixers[k]) fibre += is_fibre(*run, c.projects[j]);
    EXPECT_GT(fibre, 0u) << "village " << c.needs[k].village << " has no confirmed fibre candidate";
  }
  EXPECT_GT(needs, 0u) << "the demo has villages failing broadband";
  for (const auto& p : c.projects) {
    if (!is_fibre(*run, p)) continue;
    EXPECT_TRUE(p.route_zh == "沿现有道路敷设光缆" || p.route_zh == "按直线距离×绕行系数估算") << p.route_zh;
    EXPECT_NEAR(p.cost_cny, p.size / 1000 * 30'000, 1e-6);
  }

  // The villages whose broadband a chosen fibre project fixes pass broadband in check --with.
  std::set<uint32_t> fixed_by_fibre;
  for (uint32_t j = 0; j < c.projects.size(); ++j)
    if (run->schedule.project_year[j] != 0 && is_fibre(*run, c.projects[j]))
      for (const uint32_t k : c.projects[j].needs) fixed_by_fibre.insert(c.needs[k].village);
  app::CheckJob check;
  check.project = demo();
  check.planned = (dir / "plan" / "invest.gpkg").string();
  check.out_dir = (dir / "check").string();
  auto with = app::run_check(check);
  ASSERT_TRUE(with) << with.error().to_string();
  for (const uint32_t v : fixed_by_fibre) {
    EXPECT_EQ(run->check.cell(v, bb).outcome, indicators::Outcome::fail) << "village " << v;
    EXPECT_EQ(with->result.cell(v, bb).outcome, indicators::Outcome::pass) << "village " << v << ": " << with->result.cell(v, bb).note;
  }
  RecordProperty("villages_fixed_by_chosen_fibre", static_cast<int>(fixed_by_fibre.size()));
  EXPECT_EQ(run->promised_not_passing, 0u);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace jiuyou
