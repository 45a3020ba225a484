#include "gis/invest/upgrade_routes.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

#include "gis/indicators/check.hpp"
#include "gis/indicators/expression.hpp"
#include "gis/network/topology.hpp"

namespace jiuyou::invest {
namespace {

constexpr uint64_t k_access_key = uint64_t{1} << 63;

// Per feature: the filter TRUE (yes) or not; nullopt when the table lacks a field it reads.
std::optional<std::vector<uint8_t>> mask_of(const FeatureTable& t, const std::string& filter) {
  std::vector<uint8_t> m(t.size(), 1);
  if (filter.empty()) return m;
  auto e = indicators::Expression::parse(filter);
  if (!e || !e->bind(t)) return std::nullopt;
  for (size_t f = 0; f < t.size(); ++f) m[f] = e->test(f) == indicators::Truth::yes;
  return m;
}

// The features that qualify as the check sees them: filter TRUE and, when the
// item requires connection, in a component of such features holding a trunk feature.
std::optional<std::vector<uint8_t>> qualifying(const FeatureTable& t, const indicators::Item& item, const std::vector<uint8_t>& yes) {
  if (!item.require_connected) return yes;
  if (item.trunk_filter.empty()) return std::nullopt;  // anchors only: the check's anchors are not read here
  auto trunk = mask_of(t, item.trunk_filter);
  if (!trunk) return std::nullopt;
  for (size_t f = 0; f < t.size(); ++f) (*trunk)[f] = (*trunk)[f] && yes[f];
  network::NodingParams np;
  np.tolerance_m = item.tolerance_m;
  const auto topo = network::build_topology(t.geometry, yes, np);
  return network::features_in_flagged_components(topo, network::reaches(topo, *trunk));
}

void push_point(std::vector<Vec2>& line, Vec2 p) {
  if (line.empty() || line.back().x != p.x || line.back().y != p.y) line.push_back(p);
}

}  // namespace

// The item's filter TRUE and its exclude_filter not (an expressway is neither the village's road nor a way to it).
std::optional<std::vector<uint8_t>> item_mask(const FeatureTable& t, const indicators::Item& item) {
  auto m = mask_of(t, item.filter);
  if (!m) return m;
  const std::vector<uint8_t> excluded = indicators::excluded_features(item, t);
  for (size_t f = 0; f < excluded.size(); ++f) (*m)[f] = (*m)[f] && !excluded[f];
  return m;
}

std::optional<std::vector<uint8_t>> qualifying_features(const FeatureTable& lines, const indicators::Item& item) {
  const auto yes = item_mask(lines, item);
  if (!yes) return std::nullopt;
  return qualifying(lines, item, *yes);
}

double mean_slope(const GeometryColumn& g, size_t f, const Raster* dem) {
  if (dem == nullptr || g.is_empty(f)) return 0;
  double rise = 0, run = 0;
  for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p)
    for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r)
      for (uint32_t v = g.vertex_begin(r); v + 1 < g.vertex_end(r); ++v) {
        const Vec2 a = g.vertex(v), b = g.vertex(v + 1);
        const auto za = dem->cell_value(a.x, a.y), zb = dem->cell_value(b.x, b.y);
        if (!za || !zb) return 0;
        rise += std::abs(*zb - *za);
        run += std::hypot(b.x - a.x, b.y - a.y);
      }
  return run > 0 ? rise / run : 0;
}

Result<UpgradeRouter> UpgradeRouter::make(const FeatureTable& lines, const indicators::Item& item, const Build& build, const Raster* dem) {
  UpgradeRouter r;
  r.m_reach_m = item.max_distance_m;
  const Column* by = lines.column(build.by_field);
  const auto yes = item_mask(lines, item);
  if (lines.geometry.kind != GeometryKind::line || by == nullptr || !yes) return r;
  const auto ok = qualifying(lines, item, *yes);
  if (!ok) return r;
  r.m_cost_per_m.assign(lines.size(), -1.0);
  std::vector<uint8_t> include(lines.size(), 0);
  const std::vector<uint8_t> excluded = indicators::excluded_features(item, lines);  // no way to upgrade along, nor to travel
  for (size_t f = 0; f < lines.size(); ++f) {
    if (!excluded.empty() && excluded[f]) continue;
    const double factor = (*yes)[f] ? 0.0 : by->is_null(f) ? 0.0 : build.factor_of(by->as_text(f));
    if (!(*yes)[f] && factor <= 0) continue;
    include[f] = 1;
    r.m_cost_per_m[f] = (*yes)[f] ? 0.0 : build.cost_cny / 1000 * factor * build.slope_factor(mean_slope(lines.geometry, f, dem));
  }
  std::vector<double> graph_cost(lines.size());
  for (size_t f = 0; f < lines.size(); ++f) graph_cost[f] = std::max(0.0, r.m_cost_per_m[f]);
  network::NodingParams np;
  np.tolerance_m = item.tolerance_m;
  r.m_graph = network::build_graph(lines.geometry, include, np, graph_cost);
  r.m_target_node.assign(r.m_graph.node_count(), 0);
  for (uint32_t e = 0; e < r.m_graph.edge_count(); ++e) {
    const auto& edge = r.m_graph.edge(e);
    if (!(*ok)[edge.feature]) continue;
    r.m_target_node[edge.from] = 1;
    r.m_target_node[edge.to] = 1;
  }
  r.m_usable = true;
  return r;
}

// Dijkstra from both ends of the access edge until a node on a qualifying feature is settled.
std::optional<UpgradeRouter::Reached> UpgradeRouter::search(const network::GraphSnap& start) const {
  constexpr uint32_t none = UINT32_MAX;
  std::vector<double> cost(m_graph.node_count(), network::unreachable);
  std::vector<uint32_t> pred(m_graph.node_count(), none);
  using Entry = std::pair<double, uint32_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  const auto& se = m_graph.edge(start.edge);
  const auto seed = [&](uint32_t n, double c) {
    if (c < cost[n]) cost[n] = c, heap.emplace(c, n);
  };
  seed(se.from, start.cost_to_from);
  seed(se.to, start.cost_to_to);
  while (!heap.empty()) {
    const auto [c, n] = heap.top();
    heap.pop();
    if (c > cost[n]) continue;
    if (m_target_node[n]) {
      Reached out{n, n, {}};
      while (pred[out.source] != none) {
        const auto& e = m_graph.edge(pred[out.source]);
        out.edges.push_back(pred[out.source]);
        out.source = e.from == out.source ? e.to : e.from;
      }
      std::reverse(out.edges.begin(), out.edges.end());
      return out;
    }
    for (const uint32_t e : m_graph.node_edges(n)) {
      const auto& edge = m_graph.edge(e);
      const uint32_t other = edge.from == n ? edge.to : edge.from;
      if (c + edge.cost < cost[other]) {
        cost[other] = c + edge.cost;
        pred[other] = e;
        heap.emplace(cost[other], other);
      }
    }
  }
  return std::nullopt;
}

// The part of the access edge from the access point to `first_node` (one of its ends).
RoutePiece UpgradeRouter::access_piece(const network::GraphSnap& start, uint32_t first_node) const {
  const auto& e = m_graph.edge(start.edge);
  const auto xy = m_graph.edge_xy(start.edge);
  const size_t n = xy.size() / 2;
  const bool toward_from = first_node == e.from;
  RoutePiece p;
  p.key = k_access_key | start.edge;
  p.line.push_back(start.point);
  // The vertex index after the access point along the edge (offsets from the `from` node).
  size_t after = 1;
  for (double along = 0; after < n; ++after) {
    along += std::hypot(xy[2 * after] - xy[2 * after - 2], xy[2 * after + 1] - xy[2 * after - 1]);
    if (along > start.offset_m) break;
  }
  if (toward_from)
    for (size_t v = after; v-- > 0;) push_point(p.line, {xy[2 * v], xy[2 * v + 1]});
  else
    for (size_t v = after; v < n; ++v) push_point(p.line, {xy[2 * v], xy[2 * v + 1]});
  p.length_m = toward_from ? start.offset_m : std::max(0.0, e.length_m - start.offset_m);
  if (p.length_m >= e.length_m - 1e-6) p.key = start.edge;  // the whole edge: the same piece as on other routes
  p.cost_cny = p.length_m * std::max(0.0, m_cost_per_m[e.feature]);
  return p;
}

RoutePiece UpgradeRouter::edge_piece(uint32_t e, uint32_t from_node) const {
  const auto& edge = m_graph.edge(e);
  const auto xy = m_graph.edge_xy(e);
  const size_t n = xy.size() / 2;
  RoutePiece p;
  p.key = e;
  for (size_t k = 0; k < n; ++k) {
    const size_t v = edge.from == from_node ? k : n - 1 - k;
    push_point(p.line, {xy[2 * v], xy[2 * v + 1]});
  }
  p.length_m = edge.length_m;
  p.cost_cny = edge.cost;
  return p;
}

std::optional<std::vector<RoutePiece>> UpgradeRouter::route(Vec2 village) const {
  if (!m_usable) return std::nullopt;
  const auto start = m_graph.snap(village.x, village.y, m_reach_m);
  if (!start) return std::nullopt;
  const auto reached = search(*start);
  if (!reached) return std::nullopt;
  uint32_t node = reached->source;  // the end of the access edge the route leaves it by
  std::vector<RoutePiece> pieces;
  if (RoutePiece a = access_piece(*start, node); a.line.size() >= 2) pieces.push_back(std::move(a));
  for (const uint32_t e : reached->edges) {
    pieces.push_back(edge_piece(e, node));
    node = m_graph.edge(e).from == node ? m_graph.edge(e).to : m_graph.edge(e).from;
  }
  return pieces;
}

}  // namespace jiuyou::invest
