// The budgeted coverage optimiser (gis/invest/optimise.hpp) against CBC's
// proven optimum on small random instances, its bound, the frontier and the years.
#include <gtest/gtest.h>

#include <random>

#include "gis/invest/optimise.hpp"

namespace jiuyou::invest {
namespace {

// Villages with 0..3 needs; each need fixed by its own project, and sometimes
// also by a neighbour's (shared roads); some villages blocked (a need nothing fixes).
Instance random_instance(unsigned seed, size_t villages) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> cost(1e5, 3e6);
  std::uniform_int_distribution<int> needs(0, 3), coin(0, 9);
  Instance inst;
  inst.needs.resize(villages);
  inst.weight.assign(villages, 1.0);
  for (size_t v = 0; v < villages; ++v) {
    if (coin(rng) == 0) { inst.needs[v] = {{}}; continue; }
    const int n = needs(rng);
    for (int k = 0; k < n; ++k) {
      inst.needs[v].push_back({static_cast<uint32_t>(inst.cost.size())});
      inst.cost.push_back(cost(rng));
    }
  }
  // Shared projects: a project also fixes a need of another village.
  for (size_t v = 0; v < villages; ++v)
    for (auto& alts : inst.needs[v])
      if (!alts.empty() && coin(rng) < 3) alts.push_back(static_cast<uint32_t>(rng() % inst.cost.size()));
  return inst;
}

TEST(Optimise, HeuristicWithinItsBoundAndCbcOptimumOnRandomInstances) {
  size_t equal = 0, runs = 0;
  for (unsigned seed = 1; seed <= 20; ++seed) {
    const Instance inst = random_instance(seed, 12 + seed % 28);
    if (inst.cost.empty()) continue;
    double all = 0;
    for (const double c : inst.cost) all += c;
    for (const double share : {0.1, 0.3, 0.6}) {
      const double budget = all * share;
      const Selection h = greedy(inst, budget);
      EXPECT_LE(h.cost, budget + 1e-6) << "seed " << seed;
      auto bound = lp_bound(inst, budget);
      ASSERT_TRUE(bound) << bound.error().to_string();
      auto exact = solve_exact(inst, budget, 30);
      ASSERT_TRUE(exact) << exact.error().to_string();
      ASSERT_TRUE(exact->proven) << "seed " << seed;
      EXPECT_LE(exact->best.cost, budget + 1e-6);
      EXPECT_LE(h.value, exact->best.value + 1e-9) << "seed " << seed;
      EXPECT_GE(*bound + 1e-6, exact->best.value) << "seed " << seed << ": the bound is valid";
      // The heuristic's own value is what evaluate() says of its projects.
      EXPECT_DOUBLE_EQ(evaluate(inst, h.chosen).value, h.value);
      equal += h.value == exact->best.value;
      ++runs;
    }
  }
  std::printf("heuristic == CBC optimum on %zu of %zu instances\n", equal, runs);
  EXPECT_GE(equal * 10, runs * 9) << "the heuristic reaches the optimum on at least 90 % of small instances";
}

TEST(Optimise, ASharedProjectIsPaidOnce) {
  Instance inst;
  inst.cost = {100, 60, 60};
  // Both villages need the shared road 0 (or their own 1 / 2), and nothing else.
  inst.needs = {{{0, 1}}, {{0, 2}}, {}};
  inst.weight = {1, 1, 1};
  const Selection s = greedy(inst, 100);
  EXPECT_DOUBLE_EQ(s.value, 3);  // both villages through road 0, plus the one ready already
  EXPECT_DOUBLE_EQ(s.cost, 100);
  auto e = solve_exact(inst, 100, 10);
  ASSERT_TRUE(e);
  EXPECT_DOUBLE_EQ(e->best.value, 3);
}

TEST(Optimise, FrontierIsMonotoneFromReadyToEveryReachableVillage) {
  const Instance inst = random_instance(7, 30);
  auto f = frontier(inst, 10);
  ASSERT_TRUE(f) << f.error().to_string();
  ASSERT_EQ(f->size(), 11u);
  size_t ready = 0, reachable = 0;
  for (const auto& n : inst.needs) {
    ready += n.empty();
    reachable += std::all_of(n.begin(), n.end(), [](const auto& a) { return !a.empty(); });
  }
  EXPECT_DOUBLE_EQ(f->front().budget, 0);
  EXPECT_DOUBLE_EQ(f->front().value, static_cast<double>(ready));
  EXPECT_DOUBLE_EQ(f->back().value, static_cast<double>(reachable));
  for (size_t i = 1; i < f->size(); ++i) {
    EXPECT_GE((*f)[i].value, (*f)[i - 1].value);
    EXPECT_GE((*f)[i].budget, (*f)[i - 1].budget);
    EXPECT_GE((*f)[i].bound + 1e-6, (*f)[i].value);
  }
}

TEST(Optimise, YearsKeepEveryCumulativeBudgetAndCarryOver) {
  const Instance inst = random_instance(11, 30);
  const std::vector<std::pair<int, double>> years{{2025, 3e6}, {2026, 1e6}, {2027, 4e6}};
  const Selection s = greedy(inst, 8e6);
  const Schedule sch = schedule(inst, s, years);
  double cum_budget = 0, cum_spent = 0;
  for (const auto& [y, b] : years) {
    cum_budget += b;
    for (size_t j = 0; j < inst.cost.size(); ++j) cum_spent += sch.project_year[j] == y ? inst.cost[j] : 0;
    EXPECT_LE(cum_spent, cum_budget + 1e-6) << "by " << y;
  }
  for (size_t j = 0; j < inst.cost.size(); ++j) EXPECT_EQ(sch.project_year[j] != 0, s.chosen[j] != 0);
  for (size_t v = 0; v < inst.needs.size(); ++v) {
    EXPECT_EQ(sch.village_year[v] != 0, s.covered[v] != 0);
    if (!s.covered[v]) continue;
    for (const auto& alts : inst.needs[v]) {  // its exit year is when its last need is first fixed
      int first = 9999;
      for (const uint32_t j : alts)
        if (s.chosen[j]) first = std::min(first, sch.project_year[j]);
      EXPECT_LE(first, sch.village_year[v]);
    }
  }
}

}  // namespace
}  // namespace jiuyou::invest
