// Spatial index and network speed on grid-like road networks.
//
//   bench_network                                   # all
//   bench_network --benchmark_filter=Nearest        # index queries only
//
// Data (fixed seeds): a jittered lattice of streets, every block side one
// feature of two segments with endpoints perturbed by up to 0.3 m (so the
// endpoint snapping does real work), 5 % of the sides missing, plus long
// straight "county roads" crossing the lattice (crossings to node). The
// large network has ~1M segments, the small one ~50k.
//
// Peers in the same run: GEOS 3.11's STRtree (GEOSSTRtree_nearest_generic_r
// with GEOSDistance_r) for nearest-feature queries, and GEOSNode_r (full
// noding of all lines) next to our noding + components on the small network.
#include <benchmark/benchmark.h>
#include <geos_c.h>

#include <cmath>
#include <random>
#include <vector>

#include "gis/index/line_index.hpp"
#include "gis/index/spatial_index.hpp"
#include "gis/network/road_graph.hpp"
#include "gis/network/topology.hpp"

namespace {

using namespace jiuyou;

struct Network {
  GeometryColumn lines;
  std::vector<uint8_t> trunk;
  BBox bounds;
};

// n x n lattice, spacing 100 m.
Network make_network(int n, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> jitter(-20, 20), wiggle(-10, 10), snap_noise(-0.2, 0.2), unit(0, 1);
  constexpr double spacing = 100;
  std::vector<Vec2> lattice(static_cast<size_t>(n) * n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i)
      lattice[static_cast<size_t>(j) * n + i] = {i * spacing + jitter(rng), j * spacing + jitter(rng)};
  Network net;
  net.lines.kind = GeometryKind::line;
  net.lines.reserve(2 * static_cast<size_t>(n) * n, 6 * static_cast<size_t>(n) * n);
  const auto side = [&](Vec2 a, Vec2 b) {
    if (unit(rng) < 0.05) return;
    net.lines.add_vertex(a.x + snap_noise(rng), a.y + snap_noise(rng));
    net.lines.add_vertex((a.x + b.x) / 2 + wiggle(rng), (a.y + b.y) / 2 + wiggle(rng));
    net.lines.add_vertex(b.x + snap_noise(rng), b.y + snap_noise(rng));
    net.lines.close_ring();
    net.lines.close_part();
    net.lines.close_feature();
    net.trunk.push_back(0);
  };
  for (int j = 0; j < n; ++j)
    for (int i = 0; i + 1 < n; ++i)
      side(lattice[static_cast<size_t>(j) * n + i], lattice[static_cast<size_t>(j) * n + i + 1]);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j + 1 < n; ++j)
      side(lattice[static_cast<size_t>(j) * n + i], lattice[static_cast<size_t>(j + 1) * n + i]);
  // County roads: straight diagonals every 40 lattice rows, one segment per ~250 m.
  const double extent = (n - 1) * spacing;
  for (int k = 0; k * 40 < n; ++k) {
    const double y0 = k * 40 * spacing + 50;
    const int segments = static_cast<int>(extent / 250);
    for (int s = 0; s <= segments; ++s) {
      const double t = static_cast<double>(s) / segments;
      net.lines.add_vertex(t * extent, y0 + t * 0.3 * extent);
    }
    net.lines.close_ring();
    net.lines.close_part();
    net.lines.close_feature();
    net.trunk.push_back(1);
  }
  net.bounds = net.lines.bbox();
  return net;
}

const Network& large_network() {
  static const Network net = make_network(500, 1);  // ~474k features, ~950k segments
  return net;
}
const Network& small_network() {
  static const Network net = make_network(115, 2);  // ~25k features, ~50k segments
  return net;
}

size_t segment_count(const GeometryColumn& g) {
  size_t s = 0;
  for (size_t r = 0; r + 1 < g.ring_offsets.size(); ++r) s += g.ring_offsets[r + 1] - g.ring_offsets[r] - 1;
  return s;
}

std::vector<Vec2> random_points(const BBox& b, size_t count, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> x(b.min_x, b.max_x), y(b.min_y, b.max_y);
  std::vector<Vec2> pts(count);
  for (auto& p : pts) p = {x(rng), y(rng)};
  return pts;
}

void set_network_counters(benchmark::State& state, const Network& net) {
  state.counters["features"] = static_cast<double>(net.lines.feature_count());
  state.counters["segments"] = static_cast<double>(segment_count(net.lines));
}

void run_topology(benchmark::State& state, const Network& net) {
  network::NetworkTopology topo;
  for (auto _ : state) {
    topo = network::build_topology(net.lines, {}, network::NodingParams{});
    benchmark::DoNotOptimize(topo.component_count);
  }
  set_network_counters(state, net);
  state.counters["components"] = static_cast<double>(topo.component_count);
  state.counters["crossings"] = static_cast<double>(topo.crossings);
  state.counters["t_junctions"] = static_cast<double>(topo.t_junctions);
  const auto flag = network::reaches(topo, net.trunk);
  size_t reaching = 0;
  for (size_t f = 0; f < net.trunk.size(); ++f)
    reaching += topo.component[f] >= 0 && flag[static_cast<size_t>(topo.component[f])] != 0;
  state.counters["features_reaching_trunk"] = static_cast<double>(reaching);
}

void BM_Topology_Large(benchmark::State& state) { run_topology(state, large_network()); }
BENCHMARK(BM_Topology_Large)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_Topology_Small(benchmark::State& state) { run_topology(state, small_network()); }
BENCHMARK(BM_Topology_Small)->Unit(benchmark::kMillisecond);

void BM_BuildGraph_Large(benchmark::State& state) {
  const Network& net = large_network();
  size_t nodes = 0, edges = 0;
  for (auto _ : state) {
    const auto graph = network::build_graph(net.lines, {}, network::NodingParams{});
    nodes = graph.node_count();
    edges = graph.edge_count();
    benchmark::DoNotOptimize(nodes);
  }
  set_network_counters(state, net);
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["edges"] = static_cast<double>(edges);
}
BENCHMARK(BM_BuildGraph_Large)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_LineIndexBuild_Large(benchmark::State& state) {
  const Network& net = large_network();
  for (auto _ : state) {
    index::LineIndex idx;
    idx.build(net.lines);
    benchmark::DoNotOptimize(idx.segment_count());
  }
  set_network_counters(state, net);
}
BENCHMARK(BM_LineIndexBuild_Large)->Unit(benchmark::kMillisecond)->Iterations(3);

constexpr size_t query_count = 100'000;

// Nearest road (segment level) to 100k random points, within 1 km.
void BM_LineIndexNearest_100k(benchmark::State& state) {
  const Network& net = large_network();
  index::LineIndex idx;
  idx.build(net.lines);
  const auto pts = random_points(net.bounds, query_count, 3);
  double sum = 0;
  for (auto _ : state) {
    sum = 0;
    for (const Vec2& p : pts) {
      const auto hit = idx.nearest(p.x, p.y, 1000);
      sum += hit ? hit->distance_m : 0;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.counters["queries_per_s"] = benchmark::Counter(static_cast<double>(query_count) * static_cast<double>(state.iterations()),
                                                       benchmark::Counter::kIsRate);
  state.counters["mean_distance_m"] = sum / query_count;
}
BENCHMARK(BM_LineIndexNearest_100k)->Unit(benchmark::kMillisecond);

// Nearest feature through the feature-level R-tree and exact point-feature distances.
void BM_SpatialIndexNearest_100k(benchmark::State& state) {
  const Network& net = large_network();
  index::SpatialIndex idx;
  idx.build_for(net.lines);
  const auto pts = random_points(net.bounds, query_count, 3);
  double sum = 0;
  for (auto _ : state) {
    sum = 0;
    for (const Vec2& p : pts) {
      const auto hit = idx.nearest(p.x, p.y, 1000, [&](uint32_t f) { return point_feature_distance(net.lines, f, p.x, p.y); });
      sum += hit ? hit->distance_m : 0;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.counters["queries_per_s"] = benchmark::Counter(static_cast<double>(query_count) * static_cast<double>(state.iterations()),
                                                       benchmark::Counter::kIsRate);
  state.counters["mean_distance_m"] = sum / query_count;
}
BENCHMARK(BM_SpatialIndexNearest_100k)->Unit(benchmark::kMillisecond);

// ---------------------------------------------------------------- GEOS peers

struct GeosLines {
  GEOSContextHandle_t ctx = nullptr;
  std::vector<GEOSGeometry*> geoms;
  GeosLines(const GeometryColumn& g) : ctx(GEOS_init_r()) {
    geoms.reserve(g.feature_count());
    for (size_t f = 0; f < g.feature_count(); ++f) {
      const uint32_t r = g.ring_begin(g.part_begin(f));
      const uint32_t v0 = g.vertex_begin(r), v1 = g.vertex_end(r);
      GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, v1 - v0, 2);
      for (uint32_t v = v0; v < v1; ++v) GEOSCoordSeq_setXY_r(ctx, seq, v - v0, g.xy[2 * v], g.xy[2 * v + 1]);
      geoms.push_back(GEOSGeom_createLineString_r(ctx, seq));
    }
  }
  ~GeosLines() {
    for (GEOSGeometry* geom : geoms) GEOSGeom_destroy_r(ctx, geom);
    GEOS_finish_r(ctx);
  }
  GeosLines(const GeosLines&) = delete;
  GeosLines& operator=(const GeosLines&) = delete;
};

int geos_distance(const void* item, const void* query, double* distance, void* userdata) {
  auto* ctx = static_cast<GEOSContextHandle_t>(userdata);
  return GEOSDistance_r(ctx, static_cast<const GEOSGeometry*>(item), static_cast<const GEOSGeometry*>(query), distance);
}

void BM_GeosStrtreeNearest_100k(benchmark::State& state) {
  const Network& net = large_network();
  GeosLines lines(net.lines);
  GEOSSTRtree* tree = GEOSSTRtree_create_r(lines.ctx, 10);
  for (GEOSGeometry* geom : lines.geoms) GEOSSTRtree_insert_r(lines.ctx, tree, geom, geom);
  const auto pts = random_points(net.bounds, query_count, 3);
  std::vector<GEOSGeometry*> query_geoms;
  query_geoms.reserve(pts.size());
  for (const Vec2& p : pts) query_geoms.push_back(GEOSGeom_createPointFromXY_r(lines.ctx, p.x, p.y));
  double sum = 0;
  for (auto _ : state) {
    sum = 0;
    for (GEOSGeometry* q : query_geoms) {
      const void* hit = GEOSSTRtree_nearest_generic_r(lines.ctx, tree, q, q, geos_distance, lines.ctx);
      double d = 0;
      if (hit) GEOSDistance_r(lines.ctx, static_cast<const GEOSGeometry*>(hit), q, &d);
      sum += d <= 1000 ? d : 0;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.counters["queries_per_s"] = benchmark::Counter(static_cast<double>(query_count) * static_cast<double>(state.iterations()),
                                                       benchmark::Counter::kIsRate);
  state.counters["mean_distance_m"] = sum / query_count;
  for (GEOSGeometry* q : query_geoms) GEOSGeom_destroy_r(lines.ctx, q);
  GEOSSTRtree_destroy_r(lines.ctx, tree);
}
BENCHMARK(BM_GeosStrtreeNearest_100k)->Unit(benchmark::kMillisecond);

// GEOS noding of the small network (all lines in one collection, fully noded), the
// nearest GEOS has to "find where the roads meet"; no components, no tolerance.
void BM_GeosNode_Small(benchmark::State& state) {
  const Network& net = small_network();
  GeosLines lines(net.lines);
  std::vector<GEOSGeometry*> clones;
  clones.reserve(lines.geoms.size());
  for (GEOSGeometry* geom : lines.geoms) clones.push_back(GEOSGeom_clone_r(lines.ctx, geom));
  GEOSGeometry* collection = GEOSGeom_createCollection_r(lines.ctx, GEOS_MULTILINESTRING, clones.data(),
                                                         static_cast<unsigned>(clones.size()));
  int parts = 0;
  for (auto _ : state) {
    GEOSGeometry* noded = GEOSNode_r(lines.ctx, collection);
    parts = noded ? GEOSGetNumGeometries_r(lines.ctx, noded) : -1;
    if (noded) GEOSGeom_destroy_r(lines.ctx, noded);
    benchmark::DoNotOptimize(parts);
  }
  set_network_counters(state, net);
  state.counters["noded_lines"] = parts;
  GEOSGeom_destroy_r(lines.ctx, collection);
}
BENCHMARK(BM_GeosNode_Small)->Unit(benchmark::kMillisecond);

// ---------------------------------------------------------------- routing

// Road distance from a village to 1,000 candidate sites (the relocation planner's one-to-many), within 20 km.
void BM_OneToMany_1000(benchmark::State& state) {
  const Network& net = large_network();
  const auto graph = network::build_graph(net.lines, {}, network::NodingParams{});
  const auto site_pts = random_points(net.bounds, 1000, 4);
  std::vector<network::GraphSnap> sites;
  for (const Vec2& p : site_pts)
    if (const auto s = graph.snap(p.x, p.y, 1000)) sites.push_back(*s);
  const auto origin_pts = random_points(net.bounds, 64, 5);
  std::vector<network::GraphSnap> origins;
  for (const Vec2& p : origin_pts)
    if (const auto s = graph.snap(p.x, p.y, 1000)) origins.push_back(*s);
  network::GraphWorkspace ws;
  size_t k = 0;
  double reached = 0;
  for (auto _ : state) {
    const auto d = graph.distances(origins[k++ % origins.size()], sites, 20'000, ws);
    for (const double v : d) reached += v < network::unreachable;
    benchmark::DoNotOptimize(d.data());
  }
  state.counters["graph_nodes"] = static_cast<double>(graph.node_count());
  state.counters["sites_reached_mean"] = reached / static_cast<double>(state.iterations());
}
BENCHMARK(BM_OneToMany_1000)->Unit(benchmark::kMillisecond);

// Point-to-point road distance between random nearby pairs (<= 3 km apart).
void BM_NetworkDistance_Local(benchmark::State& state) {
  const Network& net = large_network();
  const auto graph = network::build_graph(net.lines, {}, network::NodingParams{});
  std::mt19937_64 rng(6);
  std::uniform_real_distribution<double> off(-2000, 2000);
  const auto pts = random_points(net.bounds, 256, 7);
  std::vector<std::pair<network::GraphSnap, network::GraphSnap>> pairs;
  for (const Vec2& p : pts) {
    const auto a = graph.snap(p.x, p.y, 1000);
    const auto b = graph.snap(p.x + off(rng), p.y + off(rng), 1000);
    if (a && b) pairs.emplace_back(*a, *b);
  }
  network::GraphWorkspace ws;
  size_t k = 0;
  for (auto _ : state) {
    const auto& [a, b] = pairs[k++ % pairs.size()];
    benchmark::DoNotOptimize(graph.network_distance(a, b, ws));
  }
}
BENCHMARK(BM_NetworkDistance_Local)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
