// The exact solvers against independent ones: brute force on tiny instances,
// GLPK's simplex on the same LP for larger ones (transportation LPs have
// integral optima, so the objectives must be equal).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "gis/pair/assignment.hpp"
#include "gis/pair/planner.hpp"
#include "gis/pair/transport.hpp"

namespace jiuyou::pair {
namespace {

std::vector<int64_t> random_costs(size_t n, uint32_t seed, int64_t max_cost) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int64_t> d(0, max_cost);
  std::vector<int64_t> c(n * n);
  for (auto& v : c) v = d(rng);
  return c;
}

int64_t brute_force_assignment(const std::vector<int64_t>& c, size_t n) {
  std::vector<size_t> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  int64_t best = INT64_MAX;
  do {
    int64_t s = 0;
    for (size_t i = 0; i < n; ++i) s += c[i * n + perm[i]];
    best = std::min(best, s);
  } while (std::next_permutation(perm.begin(), perm.end()));
  return best;
}

void expect_permutation(const AssignmentResult& r, size_t n) {
  ASSERT_EQ(r.col_of_row.size(), n);
  std::vector<int> seen(n, 0);
  for (const int32_t j : r.col_of_row) {
    ASSERT_GE(j, 0);
    ASSERT_LT(static_cast<size_t>(j), n);
    ++seen[static_cast<size_t>(j)];
  }
  for (const int s : seen) EXPECT_EQ(s, 1);
}

TEST(Assignment, HandWorkedThreeByThree) {
  // Rows take columns 1, 0, 2: 1 + 2 + 2 = 5; every other permutation costs more.
  const std::vector<int64_t> c = {4, 1, 3,  //
                                  2, 0, 5,  //
                                  3, 2, 2};
  auto r = solve_assignment(c, 3);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cost, 5);
  EXPECT_EQ(r->col_of_row, (std::vector<int32_t>{1, 0, 2}));
}

TEST(Assignment, EmptyAndSingle) {
  auto e = solve_assignment({}, 0);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->cost, 0);
  const std::vector<int64_t> one = {7};
  auto s = solve_assignment(one, 1);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->cost, 7);
  EXPECT_EQ(s->col_of_row, std::vector<int32_t>{0});
}

TEST(Assignment, MatchesBruteForceOnSmallRandomInstances) {
  for (size_t n = 2; n <= 7; ++n) {
    for (uint32_t seed = 1; seed <= 20; ++seed) {
      // Few distinct values make many ties, the hard case for the row reduction.
      const auto c = random_costs(n, seed * 31 + static_cast<uint32_t>(n), seed % 2 == 0 ? 3 : 1000);
      auto r = solve_assignment(c, n);
      ASSERT_TRUE(r);
      expect_permutation(*r, n);
      EXPECT_EQ(r->cost, brute_force_assignment(c, n)) << "n " << n << " seed " << seed;
    }
  }
}

TEST(Assignment, PaddedWithPenaltyColumnsMatchesBruteForce) {
  // The planner's shape: real columns, then dummy columns all at the penalty (many ties).
  // This once found a wrong dual update when the free column turned up mid-scan.
  for (uint32_t seed = 1; seed <= 600; ++seed) {
    std::mt19937 rng(seed);
    const size_t n = 3 + seed % 6;
    const size_t real = 1 + rng() % n;
    const int64_t penalty = 1000;
    std::vector<int64_t> c(n * n);
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j) c[i * n + j] = j < real ? std::min<int64_t>(penalty, rng() % (seed % 3 == 0 ? 4 : 1500)) : penalty;
    auto r = solve_assignment(c, n);
    ASSERT_TRUE(r);
    expect_permutation(*r, n);
    ASSERT_EQ(r->cost, brute_force_assignment(c, n)) << "seed " << seed;
  }
}

TEST(Assignment, MatchesGlpkLpOnRandomInstances) {
  for (const size_t n : {10, 40, 120}) {
    for (uint32_t seed = 1; seed <= 3; ++seed) {
      const auto c = random_costs(n, seed * 7919 + static_cast<uint32_t>(n), seed == 3 ? 10 : 1000000);
      auto r = solve_assignment(c, n);
      ASSERT_TRUE(r);
      expect_permutation(*r, n);
      auto lp = assignment_cost_glpk(c, n);
      ASSERT_TRUE(lp) << lp.error().to_string();
      EXPECT_EQ(r->cost, *lp) << "n " << n << " seed " << seed;
    }
  }
}

// The planner's dense shape: distance (m) + need/capacity mismatch between random points, clamped at a penalty.
std::vector<int64_t> geometric_costs(size_t n, uint32_t seed, int64_t penalty) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> xy(0, 400000.0), index(0.3, 2.0);
  std::vector<double> hx(n), hy(n), hi(n), rx(n), ry(n), ri(n);
  for (size_t i = 0; i < n; ++i) {
    hx[i] = xy(rng);
    hy[i] = xy(rng);
    hi[i] = index(rng);
    rx[i] = xy(rng);
    ry[i] = xy(rng);
    ri[i] = index(rng);
  }
  std::vector<int64_t> c(n * n);
  for (size_t r = 0; r < n; ++r)
    for (size_t h = 0; h < n; ++h)
      c[r * n + h] = std::min<int64_t>(penalty, std::llround(std::hypot(hx[h] - rx[r], hy[h] - ry[r]) + 100000.0 * std::fabs(hi[h] - ri[r])));
  return c;
}

TEST(Assignment, SparseAugmentationWithFewCandidatesMatchesBruteForce) {
  // One to three candidate columns a row: the whole-matrix check must add the missing ones (more rounds), or
  // a free row reaches no free column and gets every column. Both must give the optimum, and both must occur.
  int more_rounds = 0;
  size_t widened = 0;
  for (size_t n = 4; n <= 8; ++n) {
    for (uint32_t seed = 1; seed <= 40; ++seed) {
      const auto c = random_costs(n, seed * 131 + static_cast<uint32_t>(n), seed % 3 == 0 ? 4 : 1000);
      const int64_t best = brute_force_assignment(c, n);
      for (const size_t k : {size_t{1}, size_t{2}, size_t{3}}) {
        auto r = solve_assignment(c, n, {k});
        ASSERT_TRUE(r);
        expect_permutation(*r, n);
        ASSERT_EQ(r->cost, best) << "n " << n << " seed " << seed << " candidates " << k;
        more_rounds += r->sparse_rounds > 1;
        widened += r->rows_widened;
        EXPECT_FALSE(r->dense_fallback);
      }
    }
  }
  // Larger geometric instances with few candidates: the check adds columns over several rounds.
  for (const size_t n : {40, 90}) {
    for (uint32_t seed = 1; seed <= 4; ++seed) {
      const auto c = geometric_costs(n, seed * 7 + static_cast<uint32_t>(n), int64_t{1} << 40);
      auto dense = solve_assignment(c, n, {0});
      ASSERT_TRUE(dense);
      for (const size_t k : {size_t{2}, size_t{3}, size_t{5}}) {
        auto r = solve_assignment(c, n, {k});
        ASSERT_TRUE(r);
        expect_permutation(*r, n);
        ASSERT_EQ(r->cost, dense->cost) << "n " << n << " seed " << seed << " candidates " << k;
        more_rounds += r->sparse_rounds > 1;
        widened += r->rows_widened;
        EXPECT_FALSE(r->dense_fallback);
      }
    }
  }
  EXPECT_GT(more_rounds, 0) << "the check never had to add a column";
  EXPECT_GT(widened, 0u) << "no free row ever had to be widened";
}

TEST(Assignment, SparseAndDenseAgreeOnGeometricCostsAndWithGlpk) {
  for (const size_t n : {60, 150, 400}) {
    for (uint32_t seed = 1; seed <= 2; ++seed) {
      // seed 2: a low penalty clamps many costs (ties), as the planner's matrix does.
      const auto c = geometric_costs(n, seed * 17 + static_cast<uint32_t>(n), seed == 2 ? 150000 : int64_t{1} << 40);
      auto sparse = solve_assignment(c, n);
      auto dense = solve_assignment(c, n, {0});
      ASSERT_TRUE(sparse);
      ASSERT_TRUE(dense);
      expect_permutation(*sparse, n);
      EXPECT_EQ(dense->sparse_rounds, 0);
      EXPECT_EQ(sparse->cost, dense->cost) << "n " << n << " seed " << seed;
      if (n <= 150) {
        auto lp = assignment_cost_glpk(c, n);
        ASSERT_TRUE(lp) << lp.error().to_string();
        EXPECT_EQ(sparse->cost, *lp) << "n " << n << " seed " << seed;
      }
    }
  }
}

TEST(Assignment, WideCostsUseSixtyFourBitStorage) {
  // Costs beyond ±2^30 cannot be narrowed to 32 bits: same answer through the 64-bit matrix.
  for (uint32_t seed = 1; seed <= 30; ++seed) {
    const size_t n = 5 + seed % 3;
    auto c = random_costs(n, seed, 1000);
    for (auto& v : c) v = v * (int64_t{1} << 35) - (int64_t{1} << 44);
    auto r = solve_assignment(c, n, {2});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->cost, brute_force_assignment(c, n)) << "seed " << seed;
  }
}

TEST(Assignment, RejectsCostsThatCouldOverflow) {
  const std::vector<int64_t> c = {0, int64_t{1} << 52, 1, 2};
  auto r = solve_assignment(c, 2);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::input);
}

TransportProblem random_transport(size_t n_src, size_t n_dst, double density, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int64_t> supply(0, 4), demand(0, 3), cost(0, 100000), cap(1, 3);
  std::bernoulli_distribution arc(density);
  TransportProblem p;
  for (size_t h = 0; h < n_src; ++h) p.supply.push_back(supply(rng));
  for (size_t r = 0; r < n_dst; ++r) {
    p.demand.push_back(demand(rng));
    p.shortage_cost.push_back(60000 + cost(rng) / 2);
  }
  for (uint32_t h = 0; h < n_src; ++h)
    for (uint32_t r = 0; r < n_dst; ++r)
      if (arc(rng)) p.arcs.push_back({h, r, cost(rng), cap(rng)});
  return p;
}

void expect_feasible(const TransportProblem& p, const TransportSolution& s) {
  ASSERT_EQ(s.flow.size(), p.arcs.size());
  std::vector<int64_t> out(p.supply.size(), 0), in(p.demand.size(), 0);
  int64_t cost = 0;
  for (size_t a = 0; a < p.arcs.size(); ++a) {
    EXPECT_GE(s.flow[a], 0);
    EXPECT_LE(s.flow[a], p.arcs[a].capacity);
    out[p.arcs[a].from] += s.flow[a];
    in[p.arcs[a].to] += s.flow[a];
    cost += s.flow[a] * p.arcs[a].cost;
  }
  for (size_t h = 0; h < p.supply.size(); ++h) EXPECT_LE(out[h], p.supply[h]);
  for (size_t r = 0; r < p.demand.size(); ++r) {
    EXPECT_EQ(in[r] + s.unmet[r], p.demand[r]);
    cost += s.unmet[r] * p.shortage_cost[r];
  }
  EXPECT_EQ(cost, s.cost);
}

TEST(Transport, NetworkSimplexMatchesGlpkOnRandomInstances) {
  const struct {
    size_t src, dst;
    double density;
  } sizes[] = {{1, 1, 1.0}, {3, 5, 0.8}, {12, 9, 0.5}, {40, 60, 0.3}, {150, 120, 0.1}};
  for (const auto& sz : sizes) {
    for (uint32_t seed = 1; seed <= 4; ++seed) {
      const auto p = random_transport(sz.src, sz.dst, sz.density, seed * 1009 + static_cast<uint32_t>(sz.src));
      auto ns = solve_transport(p);
      ASSERT_TRUE(ns) << ns.error().to_string();
      expect_feasible(p, *ns);
      auto lp = solve_transport_glpk(p);
      ASSERT_TRUE(lp) << lp.error().to_string();
      expect_feasible(p, *lp);
      EXPECT_EQ(ns->cost, lp->cost) << sz.src << "x" << sz.dst << " seed " << seed;
    }
  }
}

TEST(Transport, ShortageGoesThroughThePenaltyWhenCapacityIsShort) {
  // One helper with 1 partner, two helped units wanting one each: one is left out.
  TransportProblem p;
  p.supply = {1};
  p.demand = {1, 1};
  p.shortage_cost = {1000, 1000};
  p.arcs = {{0, 0, 10, 1}, {0, 1, 20, 1}};
  auto s = solve_transport(p);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->cost, 10 + 1000);
  EXPECT_EQ(s->unmet, (std::vector<int64_t>{0, 1}));
}

TEST(Transport, RejectsMalformedProblems) {
  TransportProblem p;
  p.supply = {1};
  p.demand = {1};
  p.shortage_cost = {1};
  p.arcs = {{0, 3, 1, 1}};
  auto s = solve_transport(p);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::internal);
  p.arcs = {{0, 0, 1, 1}};
  p.supply = {-1};
  s = solve_transport(p);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::input);
}

TEST(KNearest, GridSearchEqualsBruteForce) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> u(0, 500);
  std::vector<Vec2> sites(3000), queries(400);
  for (auto& s : sites) s = {u(rng), u(rng) * 0.6};
  for (auto& q : queries) q = {u(rng) * 1.2 - 50, u(rng) * 0.8};  // some outside the sites' box
  const auto grid = k_nearest(sites, queries, 12);
  ASSERT_EQ(grid.size(), queries.size());
  for (size_t q = 0; q < queries.size(); ++q) {
    std::vector<std::pair<double, uint32_t>> all;
    for (uint32_t s = 0; s < sites.size(); ++s) {
      const double dx = sites[s].x - queries[q].x, dy = sites[s].y - queries[q].y;
      all.emplace_back(dx * dx + dy * dy, s);
    }
    std::sort(all.begin(), all.end());
    ASSERT_EQ(grid[q].size(), 12u);
    for (size_t i = 0; i < 12; ++i) EXPECT_EQ(grid[q][i], all[i].second) << "query " << q << " rank " << i;
  }
}

}  // namespace
}  // namespace jiuyou::pair
