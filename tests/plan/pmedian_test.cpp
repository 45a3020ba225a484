#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "gis/plan/orlib.hpp"
#include "gis/plan/pmedian.hpp"
#include "plan/orlib_data.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::plan {
namespace {

// Points on a line at the given positions; cost = weight * |x_i - x_j|.
FacilityInstance line_instance(const std::vector<double>& x, const std::vector<double>& w) {
  const auto n = static_cast<int32_t>(x.size());
  std::vector<double> c(x.size() * x.size());
  for (int32_t j = 0; j < n; ++j)
    for (int32_t i = 0; i < n; ++i) c[static_cast<size_t>(j) * n + i] = w[j] * std::abs(x[j] - x[i]);
  FacilityInstance inst;
  inst.demand = w;
  inst.fixed_cost.assign(x.size(), 0.0);
  inst.capacity.assign(x.size(), k_unlimited);
  inst.cost = *CostMatrix::dense(n, n, c);
  return inst;
}

// Exhaustive optimum for tiny instances.
double brute_force(const FacilityInstance& inst, int32_t p) {
  const int32_t m = inst.num_facilities();
  double best = std::numeric_limits<double>::infinity();
  for (uint32_t mask = 0; mask < (1U << m); ++mask) {
    if (__builtin_popcount(mask) != p) continue;
    std::vector<int32_t> open;
    for (int32_t i = 0; i < m; ++i)
      if (mask & (1U << i)) open.push_back(i);
    best = std::min(best, pmedian_cost(inst, open));
  }
  return best;
}

TEST(PMedian, TwoClustersOnALine) {
  // Two clusters {0,1,2} and {10,11,12}: medians at 1 and 11, cost 4.
  auto inst = line_instance({0, 1, 2, 10, 11, 12}, {1, 1, 1, 1, 1, 1});
  PMedianParams params;
  params.p = 2;
  auto sol = solve_pmedian(inst, params);
  ASSERT_TRUE(sol) << sol.error().to_string();
  EXPECT_EQ(sol->open, (std::vector<int32_t>{1, 4}));
  EXPECT_DOUBLE_EQ(sol->objective, 4.0);
  EXPECT_DOUBLE_EQ(sol->lower_bound, 4.0);
  EXPECT_TRUE(sol->proven_optimal);
  ASSERT_EQ(sol->allocations.size(), 6U);
  EXPECT_EQ(sol->allocations[0].facility, 1);
  EXPECT_EQ(sol->allocations[5].facility, 4);
}

TEST(PMedian, StopRequestIsCancelledFromTheSolver) {
  auto inst = line_instance({0, 1, 2, 10, 11, 12}, {1, 1, 1, 1, 1, 1});
  PMedianParams params;
  params.p = 2;
  auto sol = solve_pmedian(inst, params, [](double, std::string_view) { return false; });
  ASSERT_FALSE(sol);
  EXPECT_EQ(sol.error().code, ErrorCode::cancelled);
  EXPECT_NE(sol.error().message.find("p-median"), std::string::npos) << sol.error().message;
}

TEST(PMedian, WeightsPullTheMedian) {
  // A heavy client at 10 pulls the single median onto itself: cost 1*10 + 1*9 = 19.
  auto inst = line_instance({0, 1, 10}, {1, 1, 50});
  PMedianParams params;
  params.p = 1;
  auto sol = solve_pmedian(inst, params);
  ASSERT_TRUE(sol);
  EXPECT_EQ(sol->open, std::vector<int32_t>{2});
  EXPECT_DOUBLE_EQ(sol->objective, 19.0);
  EXPECT_LE(sol->lower_bound, 19.0);
}

TEST(PMedian, MatchesBruteForceOnRandomInstances) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 12; ++trial) {
    const int32_t n = 9 + trial % 4;
    std::vector<double> x(static_cast<size_t>(n)), y(static_cast<size_t>(n)), w(static_cast<size_t>(n));
    for (int32_t k = 0; k < n; ++k) {
      x[k] = static_cast<double>(rng() % 100);
      y[k] = static_cast<double>(rng() % 100);
      w[k] = 1.0 + static_cast<double>(rng() % 5);
    }
    std::vector<double> c(static_cast<size_t>(n) * n);
    for (int32_t j = 0; j < n; ++j)
      for (int32_t i = 0; i < n; ++i) c[static_cast<size_t>(j) * n + i] = w[j] * std::round(std::hypot(x[j] - x[i], y[j] - y[i]));
    FacilityInstance inst;
    inst.demand = w;
    inst.fixed_cost.assign(static_cast<size_t>(n), 0.0);
    inst.capacity.assign(static_cast<size_t>(n), k_unlimited);
    inst.cost = *CostMatrix::dense(n, n, c);
    for (int32_t p = 1; p <= 4; ++p) {
      PMedianParams params;
      params.p = p;
      params.seed = static_cast<uint64_t>(trial);
      auto sol = solve_pmedian(inst, params);
      ASSERT_TRUE(sol) << sol.error().to_string();
      const double opt = brute_force(inst, p);
      EXPECT_DOUBLE_EQ(sol->objective, opt) << "trial " << trial << " p " << p;
      EXPECT_LE(sol->lower_bound, opt + 1e-9) << "trial " << trial << " p " << p;
      EXPECT_EQ(static_cast<int32_t>(sol->open.size()), p);
    }
  }
}

TEST(PMedian, SparseCandidatesAreRespected) {
  // Client 2 may only use facility 2; with p = 1 the only feasible choice is {2}.
  auto cm = CostMatrix::sparse(3, 3, {{0, 0, 0}, {0, 2, 5}, {1, 1, 0}, {1, 2, 4}, {2, 2, 0}});
  ASSERT_TRUE(cm);
  FacilityInstance inst;
  inst.demand = {1, 1, 1};
  inst.fixed_cost = {0, 0, 0};
  inst.capacity.assign(3, k_unlimited);
  inst.cost = *cm;
  PMedianParams params;
  params.p = 1;
  auto sol = solve_pmedian(inst, params);
  ASSERT_TRUE(sol) << sol.error().to_string();
  EXPECT_EQ(sol->open, std::vector<int32_t>{2});
  EXPECT_DOUBLE_EQ(sol->objective, 9.0);
}

TEST(PMedian, RejectsBadP) {
  auto inst = line_instance({0, 1}, {1, 1});
  PMedianParams params;
  params.p = 3;
  auto sol = solve_pmedian(inst, params);
  ASSERT_FALSE(sol);
  EXPECT_EQ(sol.error().code, ErrorCode::input);
  params.p = 0;
  EXPECT_FALSE(solve_pmedian(inst, params));
}

TEST(PMedian, DeterministicForASeed) {
  JIUYOU_REQUIRE_SHARED("testdata/orlib-pmed/pmed4.txt");
  auto prob = read_orlib_pmedian(test::shared_dir() / "testdata/orlib-pmed/pmed4.txt");
  ASSERT_TRUE(prob);
  PMedianParams params;
  params.p = prob->p;
  params.seed = 42;
  auto a = solve_pmedian(prob->instance, params);
  auto b = solve_pmedian(prob->instance, params);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->open, b->open);
  EXPECT_EQ(a->objective, b->objective);
  EXPECT_EQ(a->lower_bound, b->lower_bound);
}

// The OR-Library reference: within 0.5 % of the published optimum on every
// instance, the bound never above it; prints the table.
TEST(PMedianOrlib, WithinHalfPercentOfPublishedOptima) {
  JIUYOU_REQUIRE_SHARED("testdata/orlib-pmed/optima.txt");
  const auto dir = test::shared_dir() / "testdata/orlib-pmed";
  const auto optima = test::read_optima(dir / "optima.txt");
  int hits = 0;
  int runs = 0;
  std::printf("%-8s %10s %10s %10s %8s %8s\n", "instance", "optimum", "found", "bound", "gap%", "time_s");
  for (const auto& name : test::pmed_instances()) {
    auto prob = read_orlib_pmedian(dir / (name + ".txt"));
    ASSERT_TRUE(prob) << prob.error().to_string();
    ASSERT_TRUE(optima.count(name)) << name;
    const double opt = optima.at(name);
    PMedianParams params;
    params.p = prob->p;
    auto sol = solve_pmedian(prob->instance, params);
    ASSERT_TRUE(sol) << sol.error().to_string();
    const double gap = (sol->objective - opt) / opt;
    std::printf("%-8s %10.0f %10.0f %10.0f %8.3f %8.3f\n", name.c_str(), opt, sol->objective, sol->lower_bound,
                100.0 * gap, sol->seconds);
    EXPECT_LE(gap, 0.005) << name;
    EXPECT_GE(sol->objective, opt - 1e-6) << name << ": better than the published optimum?";
    EXPECT_LE(sol->lower_bound, opt + 1e-6) << name;
    EXPECT_EQ(static_cast<int32_t>(sol->open.size()), prob->p);
    hits += sol->objective <= opt + 1e-6 ? 1 : 0;
    ++runs;
  }
  std::printf("published optimum reached on %d of %d%s\n", hits, runs,
              test::plan_quick() ? " (quick subset: JIUYOU_PLAN_QUICK=0 runs all 20)" : "");
  RecordProperty("optimum_hits", hits);
}

}  // namespace
}  // namespace jiuyou::plan
