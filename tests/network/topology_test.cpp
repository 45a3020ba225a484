#include "gis/network/topology.hpp"
#include "support/table_builders.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <random>
#include <utility>
#include <vector>

#include "gis/network/noding.hpp"

using namespace jiuyou;
using namespace jiuyou::network;

namespace {

using Pts = jiuyou::test::Points;
using jiuyou::test::add_line;

GeometryColumn street_lines(std::initializer_list<Pts> features) { return jiuyou::test::line_column(features); }

// An n x n grid of streets with spacing 100 m; each block side is one feature
// (so every street crossing is a shared endpoint). Returns the column; the
// features are horizontal sides first, row by row, then vertical sides.
GeometryColumn grid(int n) {
  GeometryColumn g;
  g.kind = GeometryKind::line;
  for (int r = 0; r < n; ++r)
    for (int c = 0; c + 1 < n; ++c) add_line(g, {{c * 100.0, r * 100.0}, {(c + 1) * 100.0, r * 100.0}});
  for (int c = 0; c < n; ++c)
    for (int r = 0; r + 1 < n; ++r) add_line(g, {{c * 100.0, r * 100.0}, {c * 100.0, (r + 1) * 100.0}});
  return g;
}

}  // namespace

TEST(Topology, SharedEndpointMakesOneComponent) {
  const auto g = street_lines({{{0, 0}, {100, 0}}, {{100, 0}, {100, 200}}});
  const auto topo = build_topology(g, {}, NodingParams{});
  EXPECT_EQ(topo.component_count, 1u);
  EXPECT_EQ(topo.component, (std::vector<int32_t>{0, 0}));
  EXPECT_EQ(topo.component_features, std::vector<uint32_t>{2});
  EXPECT_DOUBLE_EQ(topo.component_length_m[0], 300.0);
}

TEST(Topology, GapBeyondToleranceSplitsGapWithinJoins) {
  // 1.5 m gap between the end of one road and the start of the next.
  const auto g = street_lines({{{0, 0}, {100, 0}}, {{101.5, 0}, {200, 0}}});
  NodingParams p;
  p.tolerance_m = 1.0;
  const auto apart = build_topology(g, {}, p);
  EXPECT_EQ(apart.component_count, 2u);
  EXPECT_EQ(apart.component, (std::vector<int32_t>{0, 1}));
  p.tolerance_m = 2.0;
  const auto joined = build_topology(g, {}, p);
  EXPECT_EQ(joined.component_count, 1u);
  EXPECT_EQ(joined.endpoint_joins, 1u);
}

TEST(Topology, EndpointsAcrossGridCellBoundaryJoin) {
  // 0.8 m apart, straddling a cell boundary at x = 100 (cell = tolerance = 1 m) diagonally.
  const auto g = street_lines({{{0, 0}, {99.6, 99.6}}, {{100.2, 100.1}, {200, 200}}});
  const auto topo = build_topology(g, {}, NodingParams{});
  EXPECT_EQ(topo.component_count, 1u);
}

TEST(Topology, CrossingJoinsOnlyWhenNodingCrossings) {
  // An X: two roads crossing at (50, 50), no shared endpoints.
  const auto g = street_lines({{{0, 0}, {100, 100}}, {{0, 100}, {100, 0}}});
  NodingParams p;
  const auto crossed = build_topology(g, {}, p);
  EXPECT_EQ(crossed.component_count, 1u);
  EXPECT_EQ(crossed.crossings, 1u);
  p.node_crossings = false;  // e.g. an overpass
  const auto bridged = build_topology(g, {}, p);
  EXPECT_EQ(bridged.component_count, 2u);
}

TEST(Topology, SharedInteriorVertexIsOneCrossing) {
  // Two polylines through the same interior vertex (50, 50): found by four segment pairs, one node.
  const auto g = street_lines({{{0, 0}, {50, 50}, {100, 100}}, {{0, 100}, {50, 50}, {100, 0}}});
  NodedLines noded = node_lines(g, {}, NodingParams{});
  EXPECT_EQ(noded.crossings, 1u);
  EXPECT_EQ(build_topology(g, noded).component_count, 1u);
}

TEST(Topology, TJunctionJoinsWithinTolerance) {
  // A village road ending 0.6 m short of a county road's interior.
  const auto g = street_lines({{{0, 0}, {200, 0}}, {{100, 80}, {100, 0.6}}});
  NodingParams p;
  const auto topo = build_topology(g, {}, p);
  EXPECT_EQ(topo.component_count, 1u);
  EXPECT_EQ(topo.t_junctions, 1u);
  p.tolerance_m = 0.5;
  EXPECT_EQ(build_topology(g, {}, p).component_count, 2u);
  p.tolerance_m = 1.0;
  p.node_t_junctions = false;
  EXPECT_EQ(build_topology(g, {}, p).component_count, 2u);
}

TEST(Topology, ExcludedFeaturesAreIgnoredAndDoNotJoin) {
  // 0 -- 1 -- 2 in a chain; excluding the middle one leaves two components.
  const auto g = street_lines({{{0, 0}, {100, 0}}, {{100, 0}, {200, 0}}, {{200, 0}, {300, 0}}});
  const std::vector<uint8_t> include{1, 0, 1};
  const auto topo = build_topology(g, include, NodingParams{});
  EXPECT_EQ(topo.component, (std::vector<int32_t>{0, -1, 1}));
  EXPECT_EQ(topo.component_count, 2u);
}

TEST(Topology, NullGeometryIsExcluded) {
  GeometryColumn g = street_lines({{{0, 0}, {100, 0}}});
  g.add_null_feature();
  const auto topo = build_topology(g, {}, NodingParams{});
  EXPECT_EQ(topo.component, (std::vector<int32_t>{0, -1}));
}

TEST(Topology, DisconnectedPavedStretchDoesNotReachTrunk) {
  // Feature 0: county road (trunk). 1: a paved road joined to it. 2: a paved stretch 300 m away,
  // connected to nothing: its village is not served by 硬化的通村公路 even though paved road is near.
  const auto g = street_lines({{{0, 0}, {1000, 0}}, {{500, 0}, {500, 400}}, {{800, 300}, {800, 600}}});
  const auto topo = build_topology(g, {}, NodingParams{});
  ASSERT_EQ(topo.component_count, 2u);
  EXPECT_EQ(topo.component[0], topo.component[1]);
  EXPECT_NE(topo.component[2], topo.component[0]);
  const std::vector<uint8_t> trunk{1, 0, 0};
  const auto flag = reaches(topo, trunk);
  EXPECT_EQ(flag[static_cast<size_t>(topo.component[1])], 1);
  EXPECT_EQ(flag[static_cast<size_t>(topo.component[2])], 0);
  EXPECT_EQ(features_in_flagged_components(topo, flag), (std::vector<uint8_t>{1, 1, 0}));
}

TEST(Topology, ReachesTheCountySeatWithinDistance) {
  const auto g = street_lines({{{0, 0}, {100, 0}}, {{500, 0}, {600, 0}}});
  const auto topo = build_topology(g, {}, NodingParams{});
  ASSERT_EQ(topo.component_count, 2u);
  const std::vector<Vec2> seat{{650, 30}};  // 58.3 m from the end of feature 1
  ReachParams rp;
  rp.seats = seat;
  rp.seat_distance_m = 60;
  EXPECT_EQ(reaches(topo, g, rp), (std::vector<uint8_t>{0, 1}));
  rp.seat_distance_m = 50;
  EXPECT_EQ(reaches(topo, g, rp), (std::vector<uint8_t>{0, 0}));
  const std::vector<uint8_t> trunk{1, 0};
  rp.trunk_feature = trunk;
  EXPECT_EQ(reaches(topo, g, rp), (std::vector<uint8_t>{1, 0}));
}

TEST(Topology, ComponentsAreNumberedBySmallestFeature) {
  const auto g = street_lines({{{0, 0}, {10, 0}}, {{500, 0}, {510, 0}}, {{10, 0}, {20, 0}}, {{510, 0}, {520, 0}}});
  const auto topo = build_topology(g, {}, NodingParams{});
  EXPECT_EQ(topo.component, (std::vector<int32_t>{0, 1, 0, 1}));
}

TEST(Topology, GridIsOneComponentAndRemovingABridgeMakesTwo) {
  const int n = 12;
  const auto g = grid(n);
  EXPECT_EQ(build_topology(g, {}, NodingParams{}).component_count, 1u);

  // Keep only a spanning "comb": all vertical sides plus the bottom row. Every
  // bottom-row side is then a bridge; removing one splits the comb in two.
  const size_t horizontal = static_cast<size_t>(n) * (n - 1);
  std::vector<uint8_t> include(g.feature_count(), 0);
  for (size_t f = 0; f < static_cast<size_t>(n - 1); ++f) include[f] = 1;  // bottom row
  for (size_t f = horizontal; f < g.feature_count(); ++f) include[f] = 1;  // verticals
  EXPECT_EQ(build_topology(g, include, NodingParams{}).component_count, 1u);
  include[4] = 0;  // bottom side from x = 400 to 500
  const auto cut = build_topology(g, include, NodingParams{});
  EXPECT_EQ(cut.component_count, 2u);
  // Columns x <= 400 on one side, x >= 500 on the other.
  const size_t left_column = horizontal + 0;
  const size_t right_column = horizontal + 5 * static_cast<size_t>(n - 1);
  EXPECT_NE(cut.component[left_column], cut.component[right_column]);
  EXPECT_EQ(cut.component_features[0] + cut.component_features[1], static_cast<uint32_t>(n - 2 + n * (n - 1)));
}

TEST(Topology, LongStreetsCrossingMakeOneComponent) {
  // n horizontal and n vertical streets, each one feature crossing all the others.
  const int n = 20;
  GeometryColumn g;
  g.kind = GeometryKind::line;
  for (int i = 0; i < n; ++i) add_line(g, {{-50, i * 100.0}, {n * 100.0, i * 100.0}});
  for (int i = 0; i < n; ++i) add_line(g, {{i * 100.0, -50}, {i * 100.0, n * 100.0}});
  const auto topo = build_topology(g, {}, NodingParams{});
  EXPECT_EQ(topo.component_count, 1u);
  EXPECT_EQ(topo.crossings, static_cast<size_t>(n * n));
  NodingParams no_cross;
  no_cross.node_crossings = false;
  EXPECT_EQ(build_topology(g, {}, no_cross).component_count, static_cast<uint32_t>(2 * n));
}

TEST(Topology, RandomSegmentsMatchBruteForceComponents) {
  // Random short segments; brute force: join pairs that intersect or whose
  // endpoints lie within tolerance of the other segment; compare partitions.
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> pos(0, 2000), step(-120, 120);
  GeometryColumn g;
  g.kind = GeometryKind::line;
  const int count = 600;
  for (int i = 0; i < count; ++i) {
    const double x = pos(rng), y = pos(rng);
    add_line(g, {{x, y}, {x + step(rng), y + step(rng)}});
  }
  NodingParams p;
  p.tolerance_m = 3.0;
  const auto topo = build_topology(g, {}, p);

  UnionFind sets(count);
  const auto seg = [&](int f) { return std::pair{g.vertex(2 * f), g.vertex(2 * f + 1)}; };
  const auto cross = [](double ax, double ay, double bx, double by, double cx, double cy) {
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  };
  for (int i = 0; i < count; ++i) {
    for (int j = i + 1; j < count; ++j) {
      const auto [a, b] = seg(i);
      const auto [c, d] = seg(j);
      const double o1 = cross(a.x, a.y, b.x, b.y, c.x, c.y), o2 = cross(a.x, a.y, b.x, b.y, d.x, d.y);
      const double o3 = cross(c.x, c.y, d.x, d.y, a.x, a.y), o4 = cross(c.x, c.y, d.x, d.y, b.x, b.y);
      bool join = (o1 > 0) != (o2 > 0) && (o3 > 0) != (o4 > 0);
      for (const Vec2 e : {a, b})
        join = join || point_segment_distance2(e.x, e.y, c.x, c.y, d.x, d.y) <= p.tolerance_m * p.tolerance_m;
      for (const Vec2 e : {c, d})
        join = join || point_segment_distance2(e.x, e.y, a.x, a.y, b.x, b.y) <= p.tolerance_m * p.tolerance_m;
      if (join) sets.unite(static_cast<uint32_t>(i), static_cast<uint32_t>(j));
    }
  }
  size_t brute_components = 0;
  for (int i = 0; i < count; ++i) brute_components += sets.find(static_cast<uint32_t>(i)) == static_cast<uint32_t>(i);
  EXPECT_EQ(topo.component_count, brute_components);
  EXPECT_GT(brute_components, 50u);  // the data is neither all joined nor all apart
  EXPECT_LT(brute_components, 550u);
  for (int i = 0; i < count; ++i)
    for (int j = i + 1; j < count; ++j)
      ASSERT_EQ(topo.component[static_cast<size_t>(i)] == topo.component[static_cast<size_t>(j)],
                sets.find(static_cast<uint32_t>(i)) == sets.find(static_cast<uint32_t>(j)))
          << i << " " << j;
}
