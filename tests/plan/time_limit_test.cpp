#include <gtest/gtest.h>

#include <cmath>

#include "gis/plan/cflp.hpp"
#include "gis/plan/orlib.hpp"
#include "gis/plan/time_limit.hpp"
#include "gis/plan/tolerance.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::plan {
namespace {

TEST(TimeLimit, ZeroNegativeOrNotFiniteMeansNoLimit) {
  for (double s : {0.0, -1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    const TimeLimit t(s);
    EXPECT_FALSE(t.limited()) << s;
    EXPECT_FALSE(t.expired()) << s;
    EXPECT_TRUE(std::isinf(t.seconds_left())) << s;
    EXPECT_EQ(t.budget_seconds(), 0.0) << s;
    EXPECT_FALSE(t.share(0.5).limited()) << s;
  }
}

TEST(TimeLimit, ExpiresAndSharesNeverOutlastTheWhole) {
  const TimeLimit gone(1e-9);
  while (!gone.expired()) {
  }
  EXPECT_TRUE(gone.limited());
  EXPECT_LE(gone.seconds_left(), 0.0);
  EXPECT_TRUE(gone.share(0.5).expired());
  const TimeLimit hour(3600);
  EXPECT_FALSE(hour.expired());
  const TimeLimit part = hour.share(0.2);
  EXPECT_TRUE(part.limited());
  EXPECT_LE(part.budget_seconds(), 720.0 + 1e-6);
  EXPECT_GT(part.budget_seconds(), 700.0);
}

TEST(Tolerance, ImprovesAndFitsUseTheNamedTolerances) {
  EXPECT_TRUE(improves(99.0, 100.0));
  EXPECT_FALSE(improves(100.0 - 1e-12, 100.0));
  EXPECT_TRUE(fits(10.0 + 0.5 * k_feasibility_tol, 10.0));
  EXPECT_FALSE(fits(10.0 + 10 * k_feasibility_tol, 10.0));
  EXPECT_DOUBLE_EQ(objective_tol(0.5), k_relative_tol);
  EXPECT_DOUBLE_EQ(objective_tol(-1e6), 1e6 * k_relative_tol);
}

// CBC from a known plan with no time: the plan comes back, flagged as stopped and not proven.
TEST(CflpExactFrom, NoTimeForCbcReturnsTheGivenPlanNotProven) {
  JIUYOU_REQUIRE_SHARED("testdata/orlib-cap/cap71.txt");
  auto inst = read_orlib_cap(test::shared_dir() / "testdata/orlib-cap/cap71.txt");
  ASSERT_TRUE(inst) << inst.error().to_string();
  CflpParams p;
  p.lagrangian_iterations = 5;  // a weak plan, so that CBC would improve it given time
  p.local_search_starts = 1;
  auto warm = solve_cflp_heuristic(*inst, p);
  ASSERT_TRUE(warm) << warm.error().to_string();
  CflpParams none;
  none.time_limit_s = 1e-9;
  auto sol = solve_cflp_exact_from(*inst, *warm, none);
  ASSERT_TRUE(sol) << sol.error().to_string();
  EXPECT_LE(sol->objective, warm->objective + objective_tol(warm->objective));
  EXPECT_FALSE(sol->proven_optimal);
  EXPECT_TRUE(sol->stopped_by_time_limit);
  EXPECT_LE(sol->lower_bound, sol->objective);
  // With time, CBC proves the optimum (932615.75) from the same plan.
  CflpParams enough;
  enough.time_limit_s = 60;
  auto opt = solve_cflp_exact_from(*inst, *warm, enough);
  ASSERT_TRUE(opt) << opt.error().to_string();
  EXPECT_TRUE(opt->proven_optimal);
  EXPECT_FALSE(opt->stopped_by_time_limit);
  EXPECT_NEAR(opt->objective, 932615.75, 1e-3);
}

}  // namespace
}  // namespace jiuyou::plan
