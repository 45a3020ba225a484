#include "gis/network/road_graph.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace jiuyou::network {

namespace {
constexpr uint32_t none = std::numeric_limits<uint32_t>::max();
}  // namespace

RoadGraph build_graph(const GeometryColumn& lines, std::span<const uint8_t> include, const NodingParams& params,
                      std::span<const double> cost_per_m) {
  return build_graph(lines, node_lines(lines, include, params), cost_per_m);
}

RoadGraph build_graph(const GeometryColumn& lines, const NodedLines& noded, std::span<const double> cost_per_m) {
  assert(cost_per_m.empty() || cost_per_m.size() == lines.feature_count());
  RoadGraph g;
  g.m_node_xy = noded.node_xy;
  g.m_edge_point.push_back(0);
  g.m_xy.reserve(2 * (lines.vertex_count() + 2 * noded.splits.size()));
  g.m_point_offset_m.reserve(lines.vertex_count() + 2 * noded.splits.size());

  // The edge being built: its points are m_xy from edge_begin on.
  size_t edge_begin = 0;
  double length_m = 0;
  uint32_t from = 0;
  const auto add_point = [&](Vec2 p) {
    const size_t k = g.m_xy.size() / 2;
    if (k > edge_begin) length_m += std::hypot(p.x - g.m_xy[2 * k - 2], p.y - g.m_xy[2 * k - 1]);
    g.m_xy.push_back(p.x);
    g.m_xy.push_back(p.y);
    g.m_point_offset_m.push_back(length_m);
  };
  const auto start_edge = [&](uint32_t node, Vec2 p) {
    edge_begin = g.m_xy.size() / 2;
    length_m = 0;
    from = node;
    add_point(p);
  };
  const auto finish_edge = [&](uint32_t to, uint32_t feature) {
    if (to == from && length_m == 0) {  // a zero-length loop: drop its points
      g.m_xy.resize(2 * edge_begin);
      g.m_point_offset_m.resize(edge_begin);
      return;
    }
    const double per_m = cost_per_m.empty() ? 1.0 : cost_per_m[feature];
    const auto e = static_cast<uint32_t>(g.m_edges.size());
    g.m_edges.push_back({from, to, feature, length_m, length_m * per_m});
    g.m_edge_point.push_back(static_cast<uint32_t>(g.m_xy.size() / 2));
    g.m_point_edge.resize(g.m_xy.size() / 2, e);
  };

  size_t si = 0;
  const auto& splits = noded.splits;
  for (size_t q = 0; q < noded.part_v0.size(); ++q) {
    const uint32_t v0 = noded.part_v0[q], v1 = noded.part_v1[q];
    const uint32_t feature = noded.part_feature[q];
    start_edge(noded.part_start_node[q], lines.vertex(v0));
    for (uint32_t v = v0; v + 1 < v1; ++v) {
      assert(si >= splits.size() || splits[si].vertex >= v);
      const Vec2 a = lines.vertex(v), b = lines.vertex(v + 1);
      for (; si < splits.size() && splits[si].vertex == v; ++si) {
        const double t = splits[si].t;
        const Vec2 p{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
        add_point(p);
        finish_edge(splits[si].node, feature);
        start_edge(splits[si].node, p);
      }
      add_point(b);
    }
    finish_edge(noded.part_end_node[q], feature);
  }
  assert(si == splits.size());
  assert(g.m_point_edge.size() == g.m_xy.size() / 2);

  // Adjacency (CSR), edges in id order at each node.
  g.m_adj_offset.assign(g.m_node_xy.size() + 1, 0);
  for (const auto& e : g.m_edges) {
    ++g.m_adj_offset[e.from + 1];
    ++g.m_adj_offset[e.to + 1];
  }
  for (size_t n = 0; n < g.m_node_xy.size(); ++n) g.m_adj_offset[n + 1] += g.m_adj_offset[n];
  g.m_adj_edge.resize(g.m_adj_offset.back());
  {
    std::vector<uint32_t> fill(g.m_adj_offset.begin(), g.m_adj_offset.end() - 1);
    for (uint32_t e = 0; e < g.m_edges.size(); ++e) {
      g.m_adj_edge[fill[g.m_edges[e].from]++] = e;
      g.m_adj_edge[fill[g.m_edges[e].to]++] = e;
    }
  }

  // Segment index for snapping: item p is the segment from point p to p + 1 within one edge.
  {
    const size_t points = g.m_xy.size() / 2;
    std::vector<BBox> boxes(points);
    for (size_t p = 0; p + 1 < points; ++p) {
      if (g.m_point_edge[p] != g.m_point_edge[p + 1]) continue;
      const double ax = g.m_xy[2 * p], ay = g.m_xy[2 * p + 1], bx = g.m_xy[2 * p + 2], by = g.m_xy[2 * p + 3];
      boxes[p] = BBox{std::min(ax, bx), std::min(ay, by), std::max(ax, bx), std::max(ay, by)};
    }
    g.m_segments.build(boxes);
  }
  return g;
}

std::optional<GraphSnap> RoadGraph::snap(double x, double y, double max_distance_m) const {
  const auto hit = m_segments.nearest(x, y, max_distance_m, [&](uint32_t p) {
    return std::sqrt(point_segment_distance2(x, y, m_xy[2 * p], m_xy[2 * p + 1], m_xy[2 * p + 2], m_xy[2 * p + 3]));
  });
  if (!hit) return std::nullopt;
  const uint32_t p = hit->item;
  const double ax = m_xy[2 * p], ay = m_xy[2 * p + 1], bx = m_xy[2 * p + 2], by = m_xy[2 * p + 3];
  const double dx = bx - ax, dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  const double t = len2 > 0 ? std::clamp(((x - ax) * dx + (y - ay) * dy) / len2, 0.0, 1.0) : 0.0;
  GraphSnap s;
  s.edge = m_point_edge[p];
  s.point = {ax + t * dx, ay + t * dy};
  s.distance_m = hit->distance_m;
  const GraphEdge& e = m_edges[s.edge];
  s.offset_m = std::min(m_point_offset_m[p] + t * std::sqrt(len2), e.length_m);
  const double per_m = e.length_m > 0 ? e.cost / e.length_m : 0.0;
  s.cost_to_from = s.offset_m * per_m;
  s.cost_to_to = (e.length_m - s.offset_m) * per_m;
  return s;
}

template <class Stop>
void RoadGraph::dijkstra(std::span<const GraphSnap> sources, double max_cost, GraphWorkspace& ws, Stop&& stop) const {
  const size_t n = m_node_xy.size();
  if (ws.m_cost.size() != n) {
    ws.m_cost.assign(n, unreachable);
    ws.m_stamp.assign(n, 0);
    ws.m_settled.assign(n, 0);
    ws.m_pred_edge.assign(n, none);
    ws.m_epoch = 0;
  }
  if (++ws.m_epoch == 0) {  // wrapped: clear the stamps once every 2^32 queries
    std::fill(ws.m_stamp.begin(), ws.m_stamp.end(), 0);
    std::fill(ws.m_settled.begin(), ws.m_settled.end(), 0);
    ws.m_epoch = 1;
  }
  const uint32_t epoch = ws.m_epoch;
  auto& heap = ws.m_heap;
  heap.clear();
  const auto later = [](const GraphWorkspace::Entry& a, const GraphWorkspace::Entry& b) {
    return a.cost != b.cost ? a.cost > b.cost : a.node > b.node;
  };
  const auto relax = [&](uint32_t node, double cost, uint32_t via_edge) {
    if (!(cost <= max_cost)) return;
    if (ws.m_stamp[node] == epoch && !(cost < ws.m_cost[node])) return;
    ws.m_stamp[node] = epoch;
    ws.m_cost[node] = cost;
    ws.m_pred_edge[node] = via_edge;
    heap.push_back({cost, node});
    std::push_heap(heap.begin(), heap.end(), later);
  };
  for (const GraphSnap& s : sources) {
    relax(m_edges[s.edge].from, s.cost_to_from, none);
    relax(m_edges[s.edge].to, s.cost_to_to, none);
  }
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const auto top = heap.back();
    heap.pop_back();
    if (ws.m_settled[top.node] == epoch || top.cost > ws.m_cost[top.node]) continue;
    ws.m_settled[top.node] = epoch;
    if (stop(top.node, top.cost)) return;
    for (uint32_t k = m_adj_offset[top.node]; k < m_adj_offset[top.node + 1]; ++k) {
      const GraphEdge& e = m_edges[m_adj_edge[k]];
      relax(e.from == top.node ? e.to : e.from, top.cost + e.cost, m_adj_edge[k]);
    }
  }
}

double RoadGraph::cost_at(const GraphWorkspace& ws, uint32_t n) const {
  return ws.m_settled[n] == ws.m_epoch ? ws.m_cost[n] : unreachable;
}

double RoadGraph::arrival(const GraphWorkspace& ws, const GraphSnap& origin, const GraphSnap& target) const {
  const GraphEdge& e = m_edges[target.edge];
  double best = std::min(cost_at(ws, e.from) + target.cost_to_from, cost_at(ws, e.to) + target.cost_to_to);
  if (origin.edge == target.edge) {
    const double per_m = e.length_m > 0 ? e.cost / e.length_m : 0.0;
    best = std::min(best, std::abs(origin.offset_m - target.offset_m) * per_m);
  }
  return best;
}

std::vector<double> RoadGraph::distances_from(std::span<const GraphSnap> sources, double max_cost) const {
  GraphWorkspace ws;
  dijkstra(sources, max_cost, ws, [](uint32_t, double) { return false; });
  std::vector<double> out(m_node_xy.size());
  for (uint32_t n = 0; n < out.size(); ++n) out[n] = cost_at(ws, n);
  return out;
}

double RoadGraph::network_distance(const GraphSnap& a, const GraphSnap& b) const {
  GraphWorkspace ws;
  return network_distance(a, b, ws);
}

double RoadGraph::network_distance(const GraphSnap& a, const GraphSnap& b, GraphWorkspace& ws) const {
  const GraphEdge& eb = m_edges[b.edge];
  double best = unreachable;
  if (a.edge == b.edge) {
    const double per_m = eb.length_m > 0 ? eb.cost / eb.length_m : 0.0;
    best = std::abs(a.offset_m - b.offset_m) * per_m;
  }
  // Nodes settle in cost order: once a settled cost reaches the best arrival, nothing can improve it.
  dijkstra(std::span<const GraphSnap>(&a, 1), unreachable, ws, [&](uint32_t node, double cost) {
    if (cost >= best) return true;
    if (node == eb.from) best = std::min(best, cost + b.cost_to_from);
    if (node == eb.to) best = std::min(best, cost + b.cost_to_to);
    return false;
  });
  return best;
}

GraphPath RoadGraph::shortest_path(const GraphSnap& a, const GraphSnap& b) const {
  GraphWorkspace ws;
  return shortest_path(a, b, ws);
}

GraphPath RoadGraph::shortest_path(const GraphSnap& a, const GraphSnap& b, GraphWorkspace& ws) const {
  const GraphEdge& eb = m_edges[b.edge];
  GraphPath path;
  uint32_t end_node = none;  // none: along the shared edge, not through a node
  if (a.edge == b.edge) {
    const double per_m = eb.length_m > 0 ? eb.cost / eb.length_m : 0.0;
    path.cost = std::abs(a.offset_m - b.offset_m) * per_m;
  }
  dijkstra(std::span<const GraphSnap>(&a, 1), unreachable, ws, [&](uint32_t node, double cost) {
    if (cost >= path.cost) return true;
    if (node == eb.from && cost + b.cost_to_from < path.cost) {
      path.cost = cost + b.cost_to_from;
      end_node = node;
    }
    if (node == eb.to && cost + b.cost_to_to < path.cost) {
      path.cost = cost + b.cost_to_to;
      end_node = node;
    }
    return false;
  });
  if (path.cost == unreachable) return path;
  if (end_node == none) {
    append_edge_part(a.edge, a.offset_m, b.offset_m, path.xy);
    return path;
  }
  // Walk the predecessor edges back to the node where the route left a's edge.
  uint32_t node = end_node;
  while (ws.m_pred_edge[node] != none) {
    const uint32_t e = ws.m_pred_edge[node];
    path.edges.push_back(e);
    node = m_edges[e].from == node ? m_edges[e].to : m_edges[e].from;
  }
  std::reverse(path.edges.begin(), path.edges.end());
  const GraphEdge& ea = m_edges[a.edge];
  append_edge_part(a.edge, a.offset_m, node == ea.from ? 0.0 : ea.length_m, path.xy);
  for (const uint32_t e : path.edges) {
    const bool forward = m_edges[e].from == node;
    append_edge_part(e, forward ? 0.0 : m_edges[e].length_m, forward ? m_edges[e].length_m : 0.0, path.xy);
    node = forward ? m_edges[e].to : m_edges[e].from;
  }
  append_edge_part(b.edge, node == eb.from ? 0.0 : eb.length_m, b.offset_m, path.xy);
  return path;
}

Vec2 RoadGraph::point_at(uint32_t e, double offset_m) const {
  const uint32_t p0 = m_edge_point[e], p1 = m_edge_point[e + 1];
  // The last point whose offset is <= offset_m, then interpolate towards the next.
  const auto first = m_point_offset_m.begin() + p0, last = m_point_offset_m.begin() + p1;
  auto it = std::upper_bound(first, last, offset_m);
  const auto i = static_cast<uint32_t>(it == first ? p0 : (it - m_point_offset_m.begin()) - 1);
  if (i + 1 >= p1) return {m_xy[2 * i], m_xy[2 * i + 1]};
  const double span = m_point_offset_m[i + 1] - m_point_offset_m[i];
  const double t = span > 0 ? std::clamp((offset_m - m_point_offset_m[i]) / span, 0.0, 1.0) : 0.0;
  return {m_xy[2 * i] + t * (m_xy[2 * i + 2] - m_xy[2 * i]), m_xy[2 * i + 1] + t * (m_xy[2 * i + 3] - m_xy[2 * i + 1])};
}

void RoadGraph::append_edge_part(uint32_t e, double from_m, double to_m, std::vector<double>& xy) const {
  const auto put = [&](Vec2 p) {
    const size_t n = xy.size();
    if (n >= 2 && xy[n - 2] == p.x && xy[n - 1] == p.y) return;
    xy.push_back(p.x);
    xy.push_back(p.y);
  };
  put(point_at(e, from_m));
  const uint32_t p0 = m_edge_point[e], p1 = m_edge_point[e + 1];
  if (from_m <= to_m) {
    for (uint32_t p = p0; p < p1; ++p)
      if (m_point_offset_m[p] > from_m && m_point_offset_m[p] < to_m) put({m_xy[2 * p], m_xy[2 * p + 1]});
  } else {
    for (uint32_t p = p1; p > p0; --p)
      if (m_point_offset_m[p - 1] < from_m && m_point_offset_m[p - 1] > to_m) put({m_xy[2 * p - 2], m_xy[2 * p - 1]});
  }
  put(point_at(e, to_m));
}

std::vector<double> RoadGraph::distances(const GraphSnap& origin, std::span<const GraphSnap> targets,
                                         double max_cost) const {
  GraphWorkspace ws;
  return distances(origin, targets, max_cost, ws);
}

std::vector<double> RoadGraph::distances(const GraphSnap& origin, std::span<const GraphSnap> targets, double max_cost,
                                         GraphWorkspace& ws) const {
  std::vector<uint32_t> wanted;
  wanted.reserve(2 * targets.size());
  for (const GraphSnap& t : targets) {
    wanted.push_back(m_edges[t.edge].from);
    wanted.push_back(m_edges[t.edge].to);
  }
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  size_t remaining = wanted.size();
  dijkstra(std::span<const GraphSnap>(&origin, 1), max_cost, ws, [&](uint32_t node, double) {
    if (std::binary_search(wanted.begin(), wanted.end(), node)) --remaining;
    return remaining == 0;
  });
  std::vector<double> out(targets.size());
  for (size_t i = 0; i < targets.size(); ++i) {
    const double d = arrival(ws, origin, targets[i]);
    out[i] = d <= max_cost ? d : unreachable;
  }
  return out;
}

}  // namespace jiuyou::network
