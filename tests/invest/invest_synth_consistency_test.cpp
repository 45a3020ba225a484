// The plan agrees with the check on random synthetic counties, not only on the
// demo (issue #13, item 5): for several seeds, `invest` on a generated county,
// then `check --with invest.gpkg --until Y` for each plan year Y. The villages
// the plan says are exit-ready by Y are exactly those passing, and no village
// outside them changes its verdict.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "gis/app/check_job.hpp"
#include "gis/app/invest_job.hpp"
#include "gis/synth/synth_county.hpp"

namespace jiuyou {
namespace {

namespace fs = std::filesystem;

struct Agreement {
  size_t exit_ready = 0;  // villages the plan makes exit-ready by the year (besides those ready now)
  size_t changed = 0;     // villages whose verdict the plan changed
};

// Checks one year's re-check against the plan; returns the counts for the caller's sanity checks.
Agreement compare_year(const app::InvestRun& run, const indicators::CheckResult& with, int until, uint64_t seed) {
  Agreement a;
  for (size_t v = 0; v < with.village_count; ++v) {
    const bool exit_by = run.exit_year[v] != 0 && run.exit_year[v] <= until;
    const bool passes = with.verdict[v] == indicators::Outcome::pass;
    EXPECT_EQ(passes, exit_by) << "seed " << seed << " village " << v << " until " << until << ": the plan says "
                               << (exit_by ? "exit-ready" : "not exit-ready");
    const bool changed = with.verdict[v] != run.check.verdict[v];
    if (changed) {
      ++a.changed;
      EXPECT_TRUE(exit_by) << "seed " << seed << " village " << v << " until " << until
                           << ": a verdict changed for a village the plan does not make exit-ready";
    }
    if (exit_by && run.check.verdict[v] != indicators::Outcome::pass) ++a.exit_ready;
  }
  return a;
}

class InvestSynthConsistency : public ::testing::TestWithParam<uint64_t> {};

TEST_P(InvestSynthConsistency, CheckWithThePlanPassesExactlyThePlannedVillagesEachYear) {
  const uint64_t seed = GetParam();
  const fs::path dir = fs::path(JIUYOU_TEST_TMP) / ("InvestSynth." + std::to_string(getpid()) + "." + std::to_string(seed));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto params = synth::scaled_params(150);
  params.seed = seed;
  auto county = synth::synth_county(params);
  ASSERT_TRUE(county) << county.error().to_string();
  ASSERT_TRUE(synth::write_synth_county((dir / "county").string(), *county));

  app::InvestJob job;
  job.project = (dir / "county" / "project.toml").string();
  job.out_dir = (dir / "plan").string();
  // Enough for part of the county's needs each year, so the years differ and money carries over.
  job.years = {{2025, 5e6}, {2026, 5e6}, {2027, 5e6}};
  job.frontier_steps = 4;
  auto run = app::run_invest(job);
  ASSERT_TRUE(run) << run.error().to_string();
  EXPECT_EQ(run->promised_not_passing, 0u) << "seed " << seed;
  EXPECT_LE(run->plan.cost, 1.5e7 + 1) << "seed " << seed;

  size_t last_ready = 0;
  for (const auto& [until, budget] : job.years) {
    app::CheckJob check;
    check.project = job.project;
    check.planned = (dir / "plan" / "invest.gpkg").string();
    check.until = until;
    check.out_dir = (dir / ("check" + std::to_string(until))).string();
    auto with = app::run_check(check);
    ASSERT_TRUE(with) << "seed " << seed << " until " << until << ": " << with.error().to_string();
    const Agreement a = compare_year(*run, with->result, until, seed);
    EXPECT_GE(a.exit_ready, last_ready) << "seed " << seed << ": exit-ready villages never fall from one year to the next";
    last_ready = a.exit_ready;
  }
  EXPECT_GT(last_ready, 0u) << "seed " << seed << ": the plan makes some village exit-ready, else the test proves nothing";
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Seeds, InvestSynthConsistency, ::testing::Values(uint64_t{3}, uint64_t{17}, uint64_t{2026}));

}  // namespace
}  // namespace jiuyou
