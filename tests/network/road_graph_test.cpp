#include "gis/network/road_graph.hpp"
#include "support/table_builders.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <random>
#include <thread>
#include <utility>
#include <vector>

#include "gis/network/topology.hpp"

using namespace jiuyou;
using namespace jiuyou::network;

namespace {

using Pts = jiuyou::test::Points;
using jiuyou::test::add_line;

GeometryColumn lines(std::initializer_list<Pts> features) { return jiuyou::test::line_column(features); }

// Equal costs, unreachable included.
bool same_cost(double a, double b) { return a == b || std::abs(a - b) <= 1e-6; }

GraphSnap must_snap(const RoadGraph& graph, double x, double y, double max_m = 1e9) {
  const auto s = graph.snap(x, y, max_m);
  EXPECT_TRUE(s.has_value()) << x << "," << y;
  return s.value_or(GraphSnap{});
}

}  // namespace

TEST(RoadGraph, ShortestPathFollowsTheLNotTheStraightLine) {
  // An L from (0,0) to (300,0) to (300,400): the straight line is 500 m, the road 700 m.
  const auto g = lines({{{0, 0}, {300, 0}}, {{300, 0}, {300, 400}}});
  const auto graph = build_graph(g, {}, NodingParams{});
  EXPECT_EQ(graph.node_count(), 3u);
  EXPECT_EQ(graph.edge_count(), 2u);
  const auto a = must_snap(graph, 0, 0);
  const auto b = must_snap(graph, 300, 400);
  EXPECT_DOUBLE_EQ(graph.network_distance(a, b), 700.0);
  EXPECT_DOUBLE_EQ(graph.network_distance(b, a), 700.0);
}

TEST(RoadGraph, SnapProjectsOntoTheNearestEdge) {
  const auto g = lines({{{0, 0}, {100, 0}, {100, 100}}});
  const auto graph = build_graph(g, {}, NodingParams{});
  ASSERT_EQ(graph.edge_count(), 1u);  // no node at the interior vertex
  const auto s = must_snap(graph, 110, 30);
  EXPECT_EQ(s.edge, 0u);
  EXPECT_DOUBLE_EQ(s.point.x, 100.0);
  EXPECT_DOUBLE_EQ(s.point.y, 30.0);
  EXPECT_DOUBLE_EQ(s.distance_m, 10.0);
  EXPECT_DOUBLE_EQ(s.offset_m, 130.0);
  EXPECT_DOUBLE_EQ(s.cost_to_from, 130.0);
  EXPECT_DOUBLE_EQ(s.cost_to_to, 70.0);
  EXPECT_FALSE(graph.snap(110, 30, 9.9).has_value());
  // Two points on the same edge: the distance is along it.
  const auto t = must_snap(graph, 50, -5);
  EXPECT_DOUBLE_EQ(graph.network_distance(s, t), 80.0);
}

TEST(RoadGraph, CrossingSplitsEdgesAndTurnsThere) {
  // An X crossing at (50, 50): from (0,0) to (0,100) goes via the centre: 2 * 50 * sqrt(2).
  const auto g = lines({{{0, 0}, {100, 100}}, {{0, 100}, {100, 0}}});
  const auto graph = build_graph(g, {}, NodingParams{});
  EXPECT_EQ(graph.node_count(), 5u);
  EXPECT_EQ(graph.edge_count(), 4u);
  const auto a = must_snap(graph, 0, 0);
  const auto b = must_snap(graph, 0, 100);
  EXPECT_NEAR(graph.network_distance(a, b), 100 * std::sqrt(2.0), 1e-9);
  NodingParams overpass;
  overpass.node_crossings = false;
  const auto bridged = build_graph(g, {}, overpass);
  EXPECT_EQ(bridged.edge_count(), 2u);
  EXPECT_EQ(bridged.network_distance(must_snap(bridged, 0, 0), must_snap(bridged, 0, 100)), unreachable);
}

TEST(RoadGraph, TJunctionSplitsTheThroughRoad) {
  // A spur from (100, 80) ending 0.5 m short of the road y = 0.
  const auto g = lines({{{0, 0}, {200, 0}}, {{100, 80}, {100, 0.5}}});
  const auto graph = build_graph(g, {}, NodingParams{});
  EXPECT_EQ(graph.edge_count(), 3u);
  const auto a = must_snap(graph, 0, 0);
  const auto b = must_snap(graph, 100, 80);
  // 100 along the road, 79.5 up the spur; the 0.5 m gap is within tolerance and costs nothing.
  EXPECT_DOUBLE_EQ(graph.network_distance(a, b), 179.5);
}

TEST(RoadGraph, CostPerMetreWeightsEdges) {
  // Two routes from (0,0) to (200,0): the straight one is slow (cost 3 per m), the detour fast.
  const auto g = lines({{{0, 0}, {200, 0}}, {{0, 0}, {0, 100}, {200, 100}, {200, 0}}});
  const std::vector<double> cost_per_m{3.0, 1.0};
  const auto graph = build_graph(g, {}, NodingParams{}, cost_per_m);
  const auto a = must_snap(graph, -1, 0);
  const auto b = must_snap(graph, 201, 0);
  EXPECT_DOUBLE_EQ(graph.network_distance(a, b), 400.0);
  const auto plain = build_graph(g, {}, NodingParams{});
  EXPECT_DOUBLE_EQ(plain.network_distance(must_snap(plain, -1, 0), must_snap(plain, 201, 0)), 200.0);
}

TEST(RoadGraph, OneToManyAndMultiSource) {
  // A straight road 0..1000 along x, a separate road far away.
  const auto g = lines({{{0, 0}, {500, 0}}, {{500, 0}, {1000, 0}}, {{0, 5000}, {100, 5000}}});
  const auto graph = build_graph(g, {}, NodingParams{});
  const auto origin = must_snap(graph, 100, 10);
  const std::vector<GraphSnap> targets{must_snap(graph, 900, 0), must_snap(graph, 50, 0),
                                       must_snap(graph, 50, 5000)};
  const auto d = graph.distances(origin, targets);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_DOUBLE_EQ(d[0], 800.0);
  EXPECT_DOUBLE_EQ(d[1], 50.0);
  EXPECT_EQ(d[2], unreachable);
  // A cost limit leaves farther targets unreachable.
  const auto near = graph.distances(origin, targets, 500.0);
  EXPECT_EQ(near[0], unreachable);
  EXPECT_DOUBLE_EQ(near[1], 50.0);
  // Multi-source: node costs are from the nearest source.
  const std::vector<GraphSnap> sources{must_snap(graph, 0, 0), must_snap(graph, 1000, 0)};
  const auto per_node = graph.distances_from(sources);
  ASSERT_EQ(per_node.size(), graph.node_count());
  for (uint32_t n = 0; n < graph.node_count(); ++n) {
    const Vec2 p = graph.node(n);
    if (p.y == 0) {
      EXPECT_DOUBLE_EQ(per_node[n], std::min(p.x, 1000 - p.x));
    } else {
      EXPECT_EQ(per_node[n], unreachable);
    }
  }
}

TEST(RoadGraph, WorkspaceReuseGivesTheSameAnswers) {
  const auto g = lines({{{0, 0}, {300, 0}}, {{300, 0}, {300, 400}}, {{300, 400}, {0, 400}}});
  const auto graph = build_graph(g, {}, NodingParams{});
  GraphWorkspace ws;
  const auto a = must_snap(graph, 0, 0);
  const auto b = must_snap(graph, 0, 400);
  const auto c = must_snap(graph, 300, 200);
  for (int i = 0; i < 3; ++i) {
    EXPECT_DOUBLE_EQ(graph.network_distance(a, b, ws), 1000.0);
    EXPECT_DOUBLE_EQ(graph.network_distance(a, c, ws), 500.0);
    EXPECT_DOUBLE_EQ(graph.network_distance(c, c, ws), 0.0);
  }
}

TEST(RoadGraph, GridDistancesAreManhattanAndMatchTopology) {
  // n x n grid of long streets (each one feature) crossing each other: network
  // distance between crossings is the Manhattan distance.
  const int n = 15;
  GeometryColumn g;
  g.kind = GeometryKind::line;
  for (int i = 0; i < n; ++i) add_line(g, {{0, i * 100.0}, {(n - 1) * 100.0, i * 100.0}});
  for (int i = 0; i < n; ++i) add_line(g, {{i * 100.0, 0}, {i * 100.0, (n - 1) * 100.0}});
  const auto noded = node_lines(g, {}, NodingParams{});
  const auto graph = build_graph(g, noded);
  EXPECT_EQ(build_topology(g, noded).component_count, 1u);
  // Crossings of interior lines; the ends of the streets are on the border streets (T-junctions).
  EXPECT_EQ(graph.node_count(), static_cast<size_t>(n * n));
  EXPECT_EQ(graph.edge_count(), static_cast<size_t>(2 * n * (n - 1)));
  std::mt19937 rng(12);
  std::uniform_int_distribution<int> cell(0, n - 1);
  GraphWorkspace ws;
  for (int q = 0; q < 200; ++q) {
    const int ax = cell(rng), ay = cell(rng), bx = cell(rng), by = cell(rng);
    const auto a = must_snap(graph, ax * 100.0 + 3, ay * 100.0 + 40);
    const auto b = must_snap(graph, bx * 100.0 + 40, by * 100.0 + 3);
    // a sits on the vertical street x = ax*100 at y = ay*100 + 40; b on the horizontal y = by*100 at x = bx*100+40.
    const double direct = std::abs(a.point.x - b.point.x) + std::abs(a.point.y - b.point.y);
    const double d = graph.network_distance(a, b, ws);
    EXPECT_GE(d + 1e-9, direct);
    EXPECT_LE(d, direct + 200 + 1e-9);  // at most one detour around a block
  }
}

TEST(RoadGraph, RandomNetworkInvariants) {
  // Random polylines: distances are symmetric, obey the triangle inequality, are finite
  // exactly when the two features share a component, and the one-to-many and per-node
  // searches agree with the point-to-point one.
  std::mt19937 rng(21);
  std::uniform_real_distribution<double> pos(0, 3000), step(-200, 200);
  GeometryColumn g;
  g.kind = GeometryKind::line;
  for (int i = 0; i < 700; ++i) {
    double x = pos(rng), y = pos(rng);
    for (int v = 0; v < 3; ++v) {
      g.add_vertex(x, y);
      x += step(rng);
      y += step(rng);
    }
    g.close_ring();
    g.close_part();
    g.close_feature();
  }
  NodingParams p;
  p.tolerance_m = 2.0;
  const auto noded = node_lines(g, {}, p);
  const auto graph = build_graph(g, noded);
  const auto topo = build_topology(g, noded);
  ASSERT_GT(topo.component_count, 1u);
  std::vector<GraphSnap> pts;
  std::uniform_real_distribution<double> qpos(0, 3000);
  while (pts.size() < 30) {
    if (const auto s = graph.snap(qpos(rng), qpos(rng), 1e9)) pts.push_back(*s);
  }
  GraphWorkspace ws;
  std::vector<std::vector<double>> d(pts.size(), std::vector<double>(pts.size()));
  size_t finite = 0;
  for (size_t i = 0; i < pts.size(); ++i) {
    for (size_t j = 0; j < pts.size(); ++j) {
      d[i][j] = graph.network_distance(pts[i], pts[j], ws);
      const bool same = topo.component[graph.edge(pts[i].edge).feature] == topo.component[graph.edge(pts[j].edge).feature];
      EXPECT_EQ(d[i][j] < unreachable, same) << i << " " << j;
      finite += d[i][j] < unreachable && i != j;
    }
    EXPECT_DOUBLE_EQ(d[i][i], 0.0);
    const auto many = graph.distances(pts[i], pts, unreachable, ws);
    const auto per_node = graph.distances_from(std::span<const GraphSnap>(&pts[i], 1));
    for (size_t j = 0; j < pts.size(); ++j) {
      EXPECT_TRUE(same_cost(many[j], d[i][j])) << i << " " << j << ": " << many[j] << " vs " << d[i][j];
      const GraphEdge& e = graph.edge(pts[j].edge);
      double via = std::min(per_node[e.from] + pts[j].cost_to_from, per_node[e.to] + pts[j].cost_to_to);
      if (pts[i].edge == pts[j].edge) via = std::min(via, std::abs(pts[i].offset_m - pts[j].offset_m));
      EXPECT_TRUE(same_cost(via, d[i][j])) << i << " " << j << ": " << via << " vs " << d[i][j];
    }
  }
  EXPECT_GT(finite, 30u);  // enough connected pairs for the checks to mean something
  for (size_t i = 0; i < pts.size(); ++i)
    for (size_t j = 0; j < pts.size(); ++j) {
      if (d[i][j] < unreachable) {
        EXPECT_NEAR(d[i][j], d[j][i], 1e-6);
      }
      for (size_t k = 0; k < pts.size(); ++k)
        if (d[i][j] < unreachable && d[j][k] < unreachable) {
          EXPECT_LE(d[i][k], d[i][j] + d[j][k] + 1e-6);
        }
    }
}

TEST(RoadGraph, GaussKrugerCoordinatesWithZonePrefix) {
  // The same L and T-junction as above at CGCS2000 / GK zone 38 magnitudes (x ~ 38.5e6 m).
  const double x0 = 38'512'345.678, y0 = 3'301'234.567;
  const auto g = lines({{{x0, y0}, {x0 + 300, y0}},
                        {{x0 + 300, y0}, {x0 + 300, y0 + 400}},
                        {{x0 + 150, y0 + 90}, {x0 + 150, y0 + 0.7}}});
  const auto topo = build_topology(g, {}, NodingParams{});
  EXPECT_EQ(topo.component_count, 1u);
  EXPECT_EQ(topo.t_junctions, 1u);
  const auto graph = build_graph(g, {}, NodingParams{});
  const auto a = must_snap(graph, x0 + 150, y0 + 90);
  const auto b = must_snap(graph, x0 + 300, y0 + 400);
  EXPECT_NEAR(graph.network_distance(a, b), 89.3 + 150 + 400, 1e-6);
}

TEST(RoadGraph, ZeroToleranceJoinsOnlyExactlyMeetingLines) {
  const auto g = lines({{{0, 0}, {100, 0}}, {{100, 0}, {200, 0}}, {{200.001, 0}, {300, 0}}});
  NodingParams exact;
  exact.tolerance_m = 0;
  const auto topo = build_topology(g, {}, exact);
  EXPECT_EQ(topo.component, (std::vector<int32_t>{0, 0, 1}));
}

TEST(RoadGraph, BuildIsDeterministic) {
  std::mt19937 rng(31);
  std::uniform_real_distribution<double> pos(0, 1000), step(-100, 100);
  GeometryColumn g;
  g.kind = GeometryKind::line;
  for (int i = 0; i < 300; ++i) {
    const double x = pos(rng), y = pos(rng);
    add_line(g, {{x, y}, {x + step(rng), y + step(rng)}, {x + step(rng), y + step(rng)}});
  }
  const auto a = build_graph(g, {}, NodingParams{});
  const auto b = build_graph(g, {}, NodingParams{});
  ASSERT_EQ(a.node_count(), b.node_count());
  ASSERT_EQ(a.edge_count(), b.edge_count());
  for (uint32_t e = 0; e < a.edge_count(); ++e) {
    EXPECT_EQ(a.edge(e).from, b.edge(e).from);
    EXPECT_EQ(a.edge(e).to, b.edge(e).to);
    EXPECT_EQ(a.edge(e).length_m, b.edge(e).length_m);
  }
  // Edges cover the lines exactly: their lengths sum to the layer's length.
  double edges = 0, features = 0;
  for (uint32_t e = 0; e < a.edge_count(); ++e) edges += a.edge(e).length_m;
  for (size_t f = 0; f < g.feature_count(); ++f) features += feature_length(g, f);
  EXPECT_NEAR(edges, features, 1e-6);
}

TEST(RoadGraph, ShortestPathPolylineAlongTheL) {
  const auto g = lines({{{0, 0}, {300, 0}}, {{300, 0}, {300, 400}}, {{300, 400}, {0, 400}}});
  const auto graph = build_graph(g, {}, NodingParams{});
  const auto a = must_snap(graph, 100, -5);
  const auto b = must_snap(graph, 305, 250);
  const auto path = graph.shortest_path(a, b);
  EXPECT_DOUBLE_EQ(path.cost, 450.0);
  EXPECT_EQ(path.xy, (std::vector<double>{100, 0, 300, 0, 300, 250}));
  ASSERT_TRUE(path.edges.empty());  // from a's edge straight onto b's edge at their shared node
  // Backwards along one edge.
  const auto back = graph.shortest_path(must_snap(graph, 250, 401), must_snap(graph, 50, 399));
  EXPECT_DOUBLE_EQ(back.cost, 200.0);
  EXPECT_EQ(back.xy, (std::vector<double>{250, 400, 50, 400}));
  // Through a whole edge.
  const auto through = graph.shortest_path(a, must_snap(graph, 100, 401));
  EXPECT_DOUBLE_EQ(through.cost, 200 + 400 + 200);
  EXPECT_EQ(through.edges, std::vector<uint32_t>{1});
  EXPECT_EQ(through.xy, (std::vector<double>{100, 0, 300, 0, 300, 400, 100, 400}));
  // Not connected: unreachable and empty.
  const auto far = lines({{{0, 0}, {10, 0}}, {{100, 0}, {110, 0}}});
  const auto split = build_graph(far, {}, NodingParams{});
  const auto none = split.shortest_path(must_snap(split, 0, 0), must_snap(split, 110, 0));
  EXPECT_EQ(none.cost, unreachable);
  EXPECT_TRUE(none.xy.empty());
}

TEST(RoadGraph, ShortestPathLengthEqualsItsCostOnAGrid) {
  const int n = 10;
  GeometryColumn g;
  g.kind = GeometryKind::line;
  for (int i = 0; i < n; ++i) add_line(g, {{0, i * 100.0}, {(n - 1) * 50.0, i * 100.0 + 7}, {(n - 1) * 100.0, i * 100.0}});
  for (int i = 0; i < n; ++i) add_line(g, {{i * 100.0, 0}, {i * 100.0, (n - 1) * 100.0}});
  const auto graph = build_graph(g, {}, NodingParams{});
  std::mt19937 rng(41);
  std::uniform_real_distribution<double> pos(0, (n - 1) * 100.0);
  GraphWorkspace ws;
  for (int q = 0; q < 100; ++q) {
    const auto a = must_snap(graph, pos(rng), pos(rng));
    const auto b = must_snap(graph, pos(rng), pos(rng));
    const auto path = graph.shortest_path(a, b, ws);
    EXPECT_NEAR(path.cost, graph.network_distance(a, b, ws), 1e-9);
    double len = 0;
    for (size_t i = 2; i + 1 < path.xy.size(); i += 2) len += std::hypot(path.xy[i] - path.xy[i - 2], path.xy[i + 1] - path.xy[i - 1]);
    EXPECT_NEAR(len, path.cost, 1e-6) << "query " << q;
    ASSERT_GE(path.xy.size(), 2u);
    EXPECT_NEAR(path.xy[0], a.point.x, 1e-9);
    EXPECT_NEAR(path.xy[1], a.point.y, 1e-9);
    EXPECT_NEAR(path.xy[path.xy.size() - 2], b.point.x, 1e-9);
    EXPECT_NEAR(path.xy.back(), b.point.y, 1e-9);
  }
}

TEST(RoadGraph, ConcurrentQueriesAgreeWithSerialOnes) {
  // Const queries from several threads, each with its own workspace.
  const int n = 12;
  GeometryColumn g;
  g.kind = GeometryKind::line;
  for (int i = 0; i < n; ++i) add_line(g, {{0, i * 100.0}, {(n - 1) * 100.0, i * 100.0}});
  for (int i = 0; i < n; ++i) add_line(g, {{i * 100.0, 0}, {i * 100.0, (n - 1) * 100.0}});
  const auto graph = build_graph(g, {}, NodingParams{});
  std::vector<GraphSnap> pts;
  std::mt19937 rng(51);
  std::uniform_real_distribution<double> pos(0, (n - 1) * 100.0);
  for (int i = 0; i < 64; ++i) pts.push_back(must_snap(graph, pos(rng), pos(rng)));
  std::vector<double> serial(pts.size());
  for (size_t i = 0; i < pts.size(); ++i) serial[i] = graph.network_distance(pts[i], pts[(i * 7 + 3) % pts.size()]);
  std::vector<double> parallel(pts.size());
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      GraphWorkspace ws;
      for (size_t i = t; i < pts.size(); i += 4) parallel[i] = graph.network_distance(pts[i], pts[(i * 7 + 3) % pts.size()], ws);
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(parallel, serial);
}
