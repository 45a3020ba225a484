#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "gis/plan/cflp.hpp"
#include "gis/plan/orlib.hpp"
#include "plan/orlib_data.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::plan {
namespace {

FacilityInstance make(std::vector<double> demand, std::vector<double> fixed, std::vector<double> cap,
                      const std::vector<double>& cost_client_major) {
  FacilityInstance inst;
  const auto n = static_cast<int32_t>(demand.size());
  const auto m = static_cast<int32_t>(fixed.size());
  inst.demand = std::move(demand);
  inst.fixed_cost = std::move(fixed);
  inst.capacity = std::move(cap);
  inst.cost = *CostMatrix::dense(n, m, cost_client_major);
  return inst;
}

// Two facilities of capacity 10 and 12, three clients of demand 6 (18 in all):
// both must open; the cheap facility 0 takes 10 units, facility 1 the rest.
// Costs (all demand): client k costs 6 at f0 and 12 at f1.
// Multi-source optimum: fixed 100 + 100; f0 serves 10 units, f1 8 units:
// allocation = 10/6*6 + 8/6*12 = 10 + 16 = 26 -> 226.
// Single-source: f0 can take only one client (6 <= 10 < 12), f1 the other two: 6 + 12 + 12 = 30 -> 230.
FacilityInstance split_instance() {
  return make({6, 6, 6}, {100, 100}, {10, 12}, {6, 12, 6, 12, 6, 12});
}

// Regression: LEMON's NetworkSimplex with double costs cycled for ever on this transportation
// problem (two villages, a 500 m grid of sites whose distances tie, a costly "unplaced" slot):
// rounding left a reduced cost of about -1e-10 that no pivot removed. The min-cost flow now runs
// on integer costs. Capacities do not bind, so the optimum sends each village to its nearest open site.
TEST(Cflp, TransportWithTiedRealCostsTerminatesAtTheOptimum) {
  std::vector<std::pair<double, double>> sites;
  for (double x = -2750; x < 9000; x += 500)
    for (double y = -1750; y < 4000; y += 500) sites.emplace_back(x, y);
  const std::vector<int32_t> open_sites = {6,   7,   9,   10,  23,  25,  27,  39,  41,  42,  46,  48,  53,  56,  76,  77,
                                           82,  87,  88,  90,  93,  94,  100, 102, 103, 107, 113, 115, 119, 129, 132, 145,
                                           147, 149, 154, 157, 166, 176, 179, 186, 193, 195, 196, 204, 214, 217, 224, 234,
                                           236, 237, 243, 244, 246, 261, 263, 264, 267, 269, 277, 285, 286};
  const double vx[2] = {0, 3000}, vy[2] = {1000, 1000}, hh[2] = {40, 30};
  const auto m = static_cast<int32_t>(sites.size());
  FacilityInstance inst;
  inst.demand = {hh[0], hh[1]};
  inst.fixed_cost.assign(static_cast<size_t>(m) + 1, 0.0);
  inst.capacity.assign(static_cast<size_t>(m) + 1, 70.0);
  std::vector<CostEntry> entries;
  double expected = 0;
  for (int32_t j = 0; j < 2; ++j) {
    double nearest = 1e300;
    for (int32_t i = 0; i < m; ++i) {
      const double km = std::hypot(sites[static_cast<size_t>(i)].first - vx[j], sites[static_cast<size_t>(i)].second - vy[j]) * 1.4 / 1000.0;
      if (km > 20) continue;
      entries.push_back(CostEntry{j, i, hh[j] * km * 20000.0});
      if (std::find(open_sites.begin(), open_sites.end(), i) != open_sites.end()) nearest = std::min(nearest, hh[j] * km * 20000.0);
    }
    entries.push_back(CostEntry{j, m, hh[j] * 1e6});  // the unplaced slot
    expected += nearest;
  }
  inst.cost = *CostMatrix::sparse(2, m + 1, std::move(entries));
  std::vector<int32_t> open = open_sites;
  open.push_back(m);
  auto sol = allocate_to_open(inst, open, false);
  ASSERT_TRUE(sol) << sol.error().to_string();
  EXPECT_NEAR(sol->objective, expected, 1e-6 * expected);
  for (const auto& a : sol->allocations) EXPECT_NE(a.facility, m);
}

TEST(Cflp, SplitDemandHandMadeOptimum) {
  auto inst = split_instance();
  CflpParams params;
  auto heur = solve_cflp_heuristic(inst, params);
  ASSERT_TRUE(heur) << heur.error().to_string();
  EXPECT_NEAR(heur->objective, 226.0, 1e-9);
  EXPECT_LE(heur->lower_bound, 226.0 + 1e-9);
  const auto feas = check_feasibility(inst, *heur);
  EXPECT_LE(feas.max_capacity_excess, 1e-9);
  EXPECT_LE(feas.max_share_error, 1e-9);
  auto exact = solve_cflp_exact(inst, params);
  ASSERT_TRUE(exact) << exact.error().to_string();
  EXPECT_NEAR(exact->objective, 226.0, 1e-9);
  EXPECT_TRUE(exact->proven_optimal);
  EXPECT_NEAR(exact->lower_bound, 226.0, 1e-6);
}

// A stop request is ErrorCode::cancelled from the solver itself (exit 130), naming the stage.
TEST(Cflp, StopRequestIsCancelledFromTheSolver) {
  const auto inst = split_instance();
  const ProgressFn stop = [](double, std::string_view) { return false; };
  auto heur = solve_cflp_heuristic(inst, CflpParams{}, stop);
  ASSERT_FALSE(heur);
  EXPECT_EQ(heur.error().code, ErrorCode::cancelled);
  EXPECT_NE(heur.error().message.find("cflp lagrangian relaxation"), std::string::npos) << heur.error().message;
  auto exact = solve_cflp_exact(inst, CflpParams{}, stop);
  ASSERT_FALSE(exact);
  EXPECT_EQ(exact.error().code, ErrorCode::cancelled);
}

TEST(Cflp, SingleSourceKeepsClientsWhole) {
  auto inst = split_instance();
  CflpParams params;
  params.single_source = true;
  auto heur = solve_cflp_heuristic(inst, params);
  ASSERT_TRUE(heur) << heur.error().to_string();
  EXPECT_NEAR(heur->objective, 230.0, 1e-9);
  for (const auto& a : heur->allocations) EXPECT_EQ(a.share, 1.0);
  EXPECT_EQ(heur->allocations.size(), 3U);
  auto exact = solve_cflp_exact(inst, params);
  ASSERT_TRUE(exact) << exact.error().to_string();
  EXPECT_NEAR(exact->objective, 230.0, 1e-9);
  EXPECT_TRUE(exact->proven_optimal);
  EXPECT_LE(check_feasibility(inst, *exact).max_capacity_excess, 1e-9);
}

TEST(Cflp, AtMostKFacilities) {
  // Four clients at the corners of a square, a facility at each, cheap to open:
  // unrestricted, all four open (cost 4 * 1); with K = 2, two open and the
  // other two clients travel (cost 2 * 1 + 2 * 10).
  std::vector<double> c(16, 10.0);
  for (int k = 0; k < 4; ++k) c[static_cast<size_t>(k) * 4 + k] = 0.0;
  auto inst = make({1, 1, 1, 1}, {1, 1, 1, 1}, {k_unlimited, k_unlimited, k_unlimited, k_unlimited}, c);
  CflpParams params;
  auto free = solve_cflp_heuristic(inst, params);
  ASSERT_TRUE(free);
  EXPECT_NEAR(free->objective, 4.0, 1e-9);
  EXPECT_EQ(free->open.size(), 4U);
  params.max_open = 2;
  auto heur = solve_cflp_heuristic(inst, params);
  ASSERT_TRUE(heur) << heur.error().to_string();
  EXPECT_NEAR(heur->objective, 22.0, 1e-9);
  EXPECT_LE(heur->open.size(), 2U);
  EXPECT_LE(heur->lower_bound, 22.0 + 1e-9);
  auto exact = solve_cflp_exact(inst, params);
  ASSERT_TRUE(exact) << exact.error().to_string();
  EXPECT_NEAR(exact->objective, 22.0, 1e-9);
  EXPECT_LE(exact->open.size(), 2U);
}

TEST(Cflp, NotEnoughCapacityIsASolverError) {
  auto inst = make({6, 6}, {1, 1}, {5, 5}, {1, 1, 1, 1});
  auto r = solve_cflp_heuristic(inst, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::solver);
  EXPECT_NE(r.error().message.find("exceeds the capacity"), std::string::npos) << r.error().message;
  CflpParams k1;
  k1.max_open = 1;
  auto big = make({6, 6}, {1, 1}, {10, 10}, {1, 1, 1, 1});
  auto rk = solve_cflp_heuristic(big, k1);
  ASSERT_FALSE(rk);
  EXPECT_FALSE(rk.error().hint.empty());
  auto alloc = allocate_to_open(big, {0}, false);
  ASSERT_FALSE(alloc);
  EXPECT_EQ(alloc.error().code, ErrorCode::solver);
}

TEST(Cflp, SparseCandidateLists) {
  // Client 1 can only go to facility 1, whose capacity is 4 (its demand is 3).
  auto cm = CostMatrix::sparse(3, 2, {{0, 0, 1}, {0, 1, 5}, {1, 1, 2}, {2, 0, 3}, {2, 1, 1}});
  ASSERT_TRUE(cm);
  FacilityInstance inst;
  inst.demand = {2, 3, 2};
  inst.fixed_cost = {10, 10};
  inst.capacity = {10, 4};
  inst.cost = *cm;
  auto heur = solve_cflp_heuristic(inst, {});
  ASSERT_TRUE(heur) << heur.error().to_string();
  auto exact = solve_cflp_exact(inst, {});
  ASSERT_TRUE(exact) << exact.error().to_string();
  // Open only 1: client 0 and 2 need 4 more units, only 1 left: must open 0 too.
  // Both open: client 0 -> 0 (1), client 1 -> 1 (2), client 2 -> half at 1 (0.5), half at 0 (1.5) = 25.
  EXPECT_NEAR(exact->objective, 25.0, 1e-9);
  EXPECT_NEAR(heur->objective, 25.0, 1e-9);
  for (const auto& a : exact->allocations) EXPECT_TRUE(std::isfinite(inst.cost.cost(a.client, a.facility)));
}

TEST(Cflp, RandomInstancesHeuristicCloseToCbcAndBoundsValid) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 6; ++trial) {
    const int32_t m = 6 + trial;
    const int32_t n = 20;
    std::vector<double> demand(static_cast<size_t>(n)), fixed(static_cast<size_t>(m)), cap(static_cast<size_t>(m)), c;
    double total = 0.0;
    for (auto& d : demand) total += (d = 1.0 + static_cast<double>(rng() % 20));
    for (int32_t i = 0; i < m; ++i) {
      fixed[i] = 50.0 + static_cast<double>(rng() % 200);
      cap[i] = std::ceil(total / 3.0) + static_cast<double>(rng() % 20);
    }
    for (int32_t j = 0; j < n; ++j)
      for (int32_t i = 0; i < m; ++i) c.push_back(demand[j] * static_cast<double>(1 + rng() % 30));
    auto inst = make(demand, fixed, cap, c);
    for (bool single : {false, true}) {
      CflpParams params;
      params.single_source = single;
      auto exact = solve_cflp_exact(inst, params);
      ASSERT_TRUE(exact) << exact.error().to_string();
      ASSERT_TRUE(exact->proven_optimal);
      auto heur = solve_cflp_heuristic(inst, params);
      ASSERT_TRUE(heur) << heur.error().to_string();
      EXPECT_GE(heur->objective, exact->objective - 1e-6) << trial;
      EXPECT_LE(heur->objective, exact->objective * 1.05) << trial << (single ? " single" : " multi");
      EXPECT_LE(heur->lower_bound, exact->objective + 1e-6) << trial;
      const auto feas = check_feasibility(inst, *heur);
      EXPECT_LE(feas.max_capacity_excess, 1e-6);
      EXPECT_LE(feas.max_share_error, 1e-9);
    }
  }
}

// Villages and sites scattered over 60 x 40 km; each village may go to its 40 nearest sites
// (the relocation planner's shape, as in bench/relocate_bench.cpp, smaller).
FacilityInstance scattered_instance(int32_t n, int32_t m, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> ux(0, 60000), uy(0, 40000), u01(0, 1);
  std::vector<std::pair<double, double>> site(static_cast<size_t>(m));
  for (auto& q : site) q = {ux(rng), uy(rng)};
  FacilityInstance inst;
  std::vector<CostEntry> entries;
  std::vector<std::pair<double, int32_t>> near;
  for (int32_t j = 0; j < n; ++j) {
    const double x = ux(rng), y = uy(rng);
    inst.demand.push_back(5.0 + static_cast<double>(rng() % 76));
    near.clear();
    for (int32_t i = 0; i < m; ++i) near.emplace_back(std::hypot(site[static_cast<size_t>(i)].first - x, site[static_cast<size_t>(i)].second - y), i);
    std::partial_sort(near.begin(), near.begin() + 40, near.end());
    for (int k = 0; k < 40; ++k) entries.push_back(CostEntry{j, near[static_cast<size_t>(k)].second, inst.demand.back() * near[static_cast<size_t>(k)].first * 26.0});
  }
  for (int32_t i = 0; i < m; ++i) {
    inst.capacity.push_back(100.0 + static_cast<double>(rng() % 1101));
    inst.fixed_cost.push_back(2e6 + std::floor(3e6 * u01(rng) * u01(rng)));
  }
  inst.cost = *CostMatrix::sparse(n, m, std::move(entries));
  return inst;
}

// Exact mode keeps a wall-clock limit in every phase, and reports only valid bounds.
TEST(CflpExact, TimeLimitHoldsAndTheBoundIsValid) {
  const auto inst = scattered_instance(1000, 2000, 5);
  CflpParams params;
  params.time_limit_s = 3;
  CflpMipReport rep;
  auto sol = solve_cflp_exact(inst, params, {}, &rep);
  ASSERT_TRUE(sol) << sol.error().to_string();
  std::printf("status %s, %.2f s (warm %.2f, build %.2f, LP %.2f), nodes %lld\n", rep.status.c_str(), rep.seconds, rep.warm_seconds,
              rep.build_seconds, rep.root_lp_seconds, static_cast<long long>(rep.nodes));
  EXPECT_LT(rep.seconds, params.time_limit_s + 10.0);  // slack for a phase CBC cannot interrupt (and sanitizers)
  EXPECT_FALSE(rep.status.empty());
  EXPECT_LE(sol->lower_bound, sol->objective);
  EXPECT_GT(sol->lower_bound, 0.0);
  ASSERT_TRUE(rep.has_incumbent);  // the warm start at least
  EXPECT_NEAR(rep.incumbent, sol->objective, 1e-6 * sol->objective);
  if (rep.has_bound) {
    EXPECT_LE(rep.bound, rep.incumbent + 1e-6);
    EXPECT_LE(rep.bound, sol->lower_bound + 1e-6);
  }
  if (rep.root_lp_solved) {
    EXPECT_GE(rep.bound, rep.root_lp_value - 1e-6 * rep.root_lp_value);
  }
  const auto feas = check_feasibility(inst, *sol);
  EXPECT_LE(feas.max_capacity_excess, 1e-6);
  EXPECT_LE(feas.max_share_error, 1e-9);
}

// A limit shorter than the root LP: no CBC search and no LP bound, the warm start and its
// Lagrangian bound are returned, quickly.
TEST(CflpExact, LimitInsideTheRootLpReturnsTheWarmStartWithoutAnLpBound) {
  const auto inst = scattered_instance(1000, 2000, 6);
  CflpParams params;
  params.time_limit_s = 0.05;
  CflpMipReport rep;
  auto sol = solve_cflp_exact(inst, params, {}, &rep);
  ASSERT_TRUE(sol) << sol.error().to_string();
  EXPECT_LT(rep.seconds, 10.0);  // the warm start overruns such a limit (its Lagrangian iterations do not stop)
  EXPECT_FALSE(sol->proven_optimal);
  EXPECT_LE(sol->lower_bound, sol->objective);
  if (!rep.root_lp_solved) {
    EXPECT_FALSE(rep.has_bound);
    EXPECT_NE(rep.status.find("root LP"), std::string::npos) << rep.status;
  }
  // Without the warm start and without time for CBC, there is nothing to return: an error.
  params.mip_warm_start = false;
  auto cold = solve_cflp_exact(inst, params, {}, &rep);
  if (!rep.root_lp_solved) {
    EXPECT_FALSE(cold);
  }
}

// The OR-Library cap set (multi-source): CBC reproduces the published optima
// to 1e-3; the heuristic is within 2 % and its bound never above the optimum.
TEST(CflpOrlib, ExactReproducesPublishedOptimaAndHeuristicIsClose) {
  JIUYOU_REQUIRE_SHARED("testdata/orlib-cap/optima.txt");
  const auto dir = test::shared_dir() / "testdata/orlib-cap";
  const auto optima = test::read_optima(dir / "optima.txt");
  std::printf("%-8s %14s %14s %8s %14s %7s %7s %8s\n", "instance", "optimum", "heuristic", "gap%", "bound",
              "hgap%", "h_s", "cbc_s");
  for (const auto& name : test::cap_instances()) {
    auto inst = read_orlib_cap(dir / (name + ".txt"));
    ASSERT_TRUE(inst) << inst.error().to_string();
    ASSERT_TRUE(optima.count(name)) << name;
    const double opt = optima.at(name);
    auto heur = solve_cflp_heuristic(*inst, {});
    ASSERT_TRUE(heur) << heur.error().to_string();
    auto exact = solve_cflp_exact(*inst, {});
    ASSERT_TRUE(exact) << exact.error().to_string();
    std::printf("%-8s %14.3f %14.3f %8.3f %14.3f %7.3f %7.3f %8.3f\n", name.c_str(), opt, heur->objective,
                100.0 * (heur->objective - opt) / opt, heur->lower_bound, 100.0 * heur->gap(), heur->seconds,
                exact->seconds);
    EXPECT_NEAR(exact->objective, opt, 1e-3) << name;
    EXPECT_TRUE(exact->proven_optimal) << name;
    EXPECT_LE(heur->objective, opt * 1.02) << name;
    EXPECT_GE(heur->objective, opt - 1e-3) << name;
    EXPECT_LE(heur->lower_bound, opt + 1e-3) << name;
    EXPECT_LT(heur->gap(), 0.02) << name;
    const auto feas = check_feasibility(*inst, *exact);
    EXPECT_LE(feas.max_capacity_excess, 1e-6) << name;
    EXPECT_LE(feas.max_share_error, 1e-9) << name;
  }
}

}  // namespace
}  // namespace jiuyou::plan
