// A new road along a least-cost path over the DEM: the path's cost equals a
// brute-force shortest path (Bellman–Ford over every step) on the same cost
// grid on small random rasters; hazards are avoided, rivers crossed at a
// bridge cost, steep cells priced by their slope class; the road ends exactly
// on the qualifying road.
#include <gtest/gtest.h>

#include <random>

#include "gis/invest/terrain_path.hpp"
#include "support/table_builders.hpp"

namespace jiuyou::invest {
namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();

// Shortest path costs from start to every cell, relaxing every step until nothing changes.
std::vector<double> brute_force(const CostGrid& g, int start, double bridge) {
  const int n = g.width * g.height;
  std::vector<double> d(static_cast<size_t>(n), k_inf);
  d[static_cast<size_t>(start)] = 0;
  for (bool changed = true; changed;) {
    changed = false;
    for (int a = 0; a < n; ++a)
      for (int b = 0; b < n; ++b) {
        if (a == b || std::abs(a % g.width - b % g.width) > 1 || std::abs(a / g.width - b / g.width) > 1) continue;
        const double c = d[static_cast<size_t>(a)] + step_cost(g, a, b, bridge);
        if (c < d[static_cast<size_t>(b)] - 1e-9) d[static_cast<size_t>(b)] = c, changed = true;
      }
  }
  return d;
}

CostGrid random_grid(std::mt19937& rng, int w, int h) {
  CostGrid g;
  g.width = w;
  g.height = h;
  g.cell_m = 30;
  std::uniform_real_distribution<double> cost(100, 3000);
  std::bernoulli_distribution blocked(0.15), river(0.1), target(0.05);
  const size_t n = static_cast<size_t>(w * h);
  g.cost_per_m.resize(n);
  g.river.resize(n);
  g.target.resize(n);
  for (size_t c = 0; c < n; ++c) {
    g.cost_per_m[c] = blocked(rng) ? k_inf : cost(rng);
    g.river[c] = river(rng);
    g.target[c] = target(rng);
  }
  return g;
}

TEST(TerrainPath, EqualsBruteForceOnSmallRandomGrids) {
  std::mt19937 rng(13);
  int with_path = 0;
  for (int round = 0; round < 40; ++round) {
    const CostGrid g = random_grid(rng, 4 + round % 5, 3 + round % 4);
    const int start = static_cast<int>(rng() % static_cast<unsigned>(g.width * g.height));
    if (!std::isfinite(g.cost_per_m[static_cast<size_t>(start)])) continue;
    const double bridge = 5e4;
    const auto all = brute_force(g, start, bridge);
    double best = k_inf;
    for (size_t c = 0; c < all.size(); ++c)
      if (g.target[c]) best = std::min(best, all[c]);
    const GridPath p = least_cost_path(g, start, bridge);
    if (!std::isfinite(best)) {
      EXPECT_FALSE(std::isfinite(p.cost)) << "round " << round;
      continue;
    }
    ++with_path;
    ASSERT_TRUE(std::isfinite(p.cost)) << "round " << round;
    EXPECT_NEAR(p.cost, best, 1e-6 * best + 1e-9) << "round " << round;
    // The path is a chain of 8-neighbours from the start to a target, and its steps add up to its cost.
    ASSERT_FALSE(p.cells.empty());
    EXPECT_EQ(p.cells.front(), start);
    EXPECT_TRUE(g.target[static_cast<size_t>(p.cells.back())]);
    double sum = 0;
    for (size_t k = 1; k < p.cells.size(); ++k) {
      const int a = p.cells[k - 1], b = p.cells[k];
      EXPECT_LE(std::abs(a % g.width - b % g.width), 1);
      EXPECT_LE(std::abs(a / g.width - b / g.width), 1);
      sum += step_cost(g, a, b, bridge);
    }
    EXPECT_NEAR(sum, p.cost, 1e-6 * p.cost + 1e-9);
  }
  EXPECT_GT(with_path, 10);
}

// A flat 3 km square DEM (30 m cells), a paved trunk road along y = 2500.
struct Terrain {
  Raster dem;
  FeatureTable roads = test::make_table("roads", GeometryKind::line);
  std::vector<uint8_t> qualifying{1};
  FeatureTable hazards = test::make_table("hazards", GeometryKind::polygon);
  FeatureTable rivers = test::make_table("rivers", GeometryKind::line);
  Terrain() {
    dem.width = 100;
    dem.height = 100;
    dem.geotransform = {0, 30, 0, 3000, 0, -30};
    dem.values.assign(10000, 100.0F);
    test::add_line(roads, {{0, 2500}, {3000, 2500}});
  }
  TerrainInputs inputs() const {
    TerrainInputs in;
    in.dem = &dem;
    in.network = &roads;
    in.qualifying = &qualifying;
    in.avoid = {&hazards};
    in.rivers = {&rivers};
    return in;
  }
};

Build new_road() {
  Build b;
  b.item = "road";
  b.shape = Shape::line;
  b.cost_cny = 1.5e6;  // per km
  b.path.enabled = true;
  b.path.bridge_cny = 1.2e6;
  b.path.max_slope = 0.35;
  b.path.margin_m = 300;
  b.path.slope_classes = {{0.05, 1.0}, {0.15, 1.3}, {1e9, 1.6}};
  return b;
}

double max_x(const std::vector<Vec2>& line) {
  double m = -k_inf;
  for (const Vec2 p : line) m = std::max(m, p.x);
  return m;
}

TEST(TerrainRoute, FlatGroundGoesStraightAndEndsOnTheRoad) {
  const Terrain t;
  const auto r = terrain_route(t.inputs(), new_road(), {1500, 1000}, {1500, 2500});
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->line.front().x, 1500);
  EXPECT_DOUBLE_EQ(r->line.back().y, 2500) << "ends exactly on the road";
  EXPECT_NEAR(r->length_m, 1500, 40);
  EXPECT_NEAR(r->cost_cny, r->length_m * 1500, 1500 * 40);
  EXPECT_EQ(r->bridges, 0);
}

TEST(TerrainRoute, GoesAroundAHazardZoneAndPaysABridgeOverARiver) {
  Terrain t;
  test::add_square(t.hazards, 1000, 1400, 1900, 1800);  // across the straight way
  test::add_line(t.rivers, {{0, 2000}, {3000, 2000}});  // between the village and the road
  const auto r = terrain_route(t.inputs(), new_road(), {1500, 1000}, {1500, 2500});
  ASSERT_TRUE(r);
  for (const Vec2 p : r->line) EXPECT_FALSE(p.x > 1000 && p.x < 1900 && p.y > 1400 && p.y < 1800) << p.x << ", " << p.y;
  EXPECT_GT(max_x(r->line), 1900) << "around the east end of the zone (nearer)";
  EXPECT_EQ(r->bridges, 1);
  EXPECT_GT(r->cost_cny, r->length_m * 1500 + 1.2e6 - 1);
  EXPECT_GT(r->length_m, 1600);
}

TEST(TerrainRoute, SteepCellsCostTheirSlopeClassAndTooSteepAreImpassable) {
  Terrain t;
  // A ridge: 20 % slopes between x = 700 and 1100 (cost ×1.6), a 100 % cliff band elsewhere along y = 1700..1800.
  for (int row = 0; row < 100; ++row)
    for (int col = 0; col < 100; ++col) {
      const double y = 3000 - (row + 0.5) * 30;
      const double x = (col + 0.5) * 30;
      const bool gap = x > 700 && x < 1100;
      t.dem.values[static_cast<size_t>(row * 100 + col)] = static_cast<float>(y < 1700 ? 0.0 : y > 1800 ? 100 * (gap ? 0.2 : 1.0) : (y - 1700) * (gap ? 0.2 : 1.0));
    }
  const auto r = terrain_route(t.inputs(), new_road(), {500, 1000}, {500, 2500});
  ASSERT_TRUE(r);
  bool through_gap = false;
  for (const Vec2 p : r->line)
    if (p.y > 1700 && p.y < 1800) through_gap = through_gap || (p.x > 700 && p.x < 1100);
  EXPECT_TRUE(through_gap) << "the 100 % cliff is impassable: the road climbs through the gentler gap";
  EXPECT_GT(r->cost_cny, r->length_m * 1500) << "the 20 % climb costs its slope class";
}

TEST(TerrainRoute, NoQualifyingRoadReachableGivesNoRoute) {
  Terrain t;
  test::add_square(t.hazards, -100, 1900, 3100, 2100);  // a band across the whole window
  EXPECT_FALSE(terrain_route(t.inputs(), new_road(), {1500, 1000}, {1500, 2500}));
  TerrainInputs no_dem = t.inputs();
  no_dem.dem = nullptr;
  EXPECT_FALSE(terrain_route(no_dem, new_road(), {1500, 1000}, {1500, 2500}));
}

}  // namespace
}  // namespace jiuyou::invest
