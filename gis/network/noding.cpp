#include "gis/network/noding.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <tuple>

#include "gis/index/spatial_index.hpp"

namespace jiuyou::network {

namespace {

double distance2(Vec2 a, Vec2 b) { return (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y); }

double orient(Vec2 a, Vec2 b, Vec2 c) { return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x); }

// Parameter of p projected on segment ab (0 for a zero-length segment), clamped to [0, 1].
double param_on(Vec2 a, Vec2 b, Vec2 p) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  if (!(len2 > 0)) return 0;
  return std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0);
}

bool within_closed(Vec2 a, Vec2 b, Vec2 p) {
  return p.x >= std::min(a.x, b.x) && p.x <= std::max(a.x, b.x) && p.y >= std::min(a.y, b.y) &&
         p.y <= std::max(a.y, b.y);
}

struct Intersection {
  Vec2 point;
  double t = 0;  // on ab
  double u = 0;  // on cd
};

// One intersection point of closed segments ab and cd, if any. Touching at a
// vertex gives that vertex exactly; a collinear overlap gives one point of it.
bool intersect(Vec2 a, Vec2 b, Vec2 c, Vec2 d, Intersection& out) {
  const double o1 = orient(a, b, c), o2 = orient(a, b, d);
  if ((o1 > 0 && o2 > 0) || (o1 < 0 && o2 < 0)) return false;
  const double o3 = orient(c, d, a), o4 = orient(c, d, b);
  if ((o3 > 0 && o4 > 0) || (o3 < 0 && o4 < 0)) return false;
  if (o1 == 0 && o2 == 0) {
    // c and d on the line of ab (or ab is a single point).
    const bool ab_point = a.x == b.x && a.y == b.y;
    const bool cd_point = c.x == d.x && c.y == d.y;
    Vec2 p;
    if (ab_point) {
      if (cd_point ? !(a.x == c.x && a.y == c.y) : !(o3 == 0 && within_closed(c, d, a))) return false;
      p = a;
    } else if (cd_point) {
      if (!within_closed(a, b, c)) return false;
      p = c;
    } else if (within_closed(a, b, c)) {
      p = c;  // collinear: box containment is containment on the segment
    } else if (within_closed(a, b, d)) {
      p = d;
    } else if (within_closed(c, d, a)) {
      p = a;
    } else {
      return false;  // disjoint collinear (b inside cd would imply a or c, d inside)
    }
    out = {p, param_on(a, b, p), param_on(c, d, p)};
    return true;
  }
  if (o1 != 0 && o2 != 0 && o3 != 0 && o4 != 0) {
    const double t = o3 / (o3 - o4);
    out.point = {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
    out.t = t;
    out.u = o1 / (o1 - o2);
    return true;
  }
  if (o1 == 0) out.point = c;
  else if (o2 == 0) out.point = d;
  else if (o3 == 0) out.point = a;
  else out.point = b;
  out.t = param_on(a, b, out.point);
  out.u = param_on(c, d, out.point);
  if (o1 == 0) out.u = 0;
  else if (o2 == 0) out.u = 1;
  else if (o3 == 0) out.t = 0;
  else out.t = 1;
  return true;
}

struct Crossing {
  Vec2 point;
  uint32_t seg_a, seg_b;
  double t, u;
};

// The segments of the noded parts: segment s runs from vertex first[s] to first[s] + 1.
struct Segments {
  std::vector<uint32_t> first;
  std::vector<uint32_t> part;
  index::SpatialIndex index;
};

BBox segment_box(const GeometryColumn& lines, uint32_t first_vertex) {
  const Vec2 a = lines.vertex(first_vertex), b = lines.vertex(first_vertex + 1);
  return BBox{std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
}

// Step 1: one part per non-empty ring of an included feature.
void collect_parts(const GeometryColumn& lines, std::span<const uint8_t> include, NodedLines& out) {
  for (size_t f = 0; f < lines.feature_count(); ++f) {
    if (!include.empty() && include[f] == 0) continue;
    for (uint32_t p = lines.part_begin(f); p < lines.part_end(f); ++p) {
      for (uint32_t r = lines.ring_begin(p); r < lines.ring_end(p); ++r) {
        if (lines.vertex_end(r) == lines.vertex_begin(r)) continue;
        out.part_v0.push_back(lines.vertex_begin(r));
        out.part_v1.push_back(lines.vertex_end(r));
        out.part_feature.push_back(static_cast<uint32_t>(f));
      }
    }
  }
}

// Step 2: the parts' segments, indexed by their boxes.
Segments segments_of(const GeometryColumn& lines, const NodedLines& out) {
  Segments seg;
  for (uint32_t q = 0; q < out.part_v0.size(); ++q) {
    for (uint32_t v = out.part_v0[q]; v + 1 < out.part_v1[q]; ++v) {
      seg.first.push_back(v);
      seg.part.push_back(q);
    }
  }
  std::vector<BBox> boxes(seg.first.size());
  for (size_t s = 0; s < seg.first.size(); ++s) boxes[s] = segment_box(lines, seg.first[s]);
  seg.index.build(boxes);
  return seg;
}

// The vertex of endpoint e: 2 per part (start, end).
uint32_t endpoint_vertex(const NodedLines& out, size_t e) {
  return e % 2 == 0 ? out.part_v0[e / 2] : out.part_v1[e / 2] - 1;
}

// Step 3a: endpoints within tolerance joined, through a grid of tolerance-sized cells.
UnionFind cluster_endpoints(const GeometryColumn& lines, double tol, NodedLines& out) {
  const size_t endpoint_count = 2 * out.part_v0.size();
  UnionFind sets(endpoint_count);
  const double cell = std::max(tol, 1e-3);
  struct Cell {
    int64_t cx, cy;
    uint32_t endpoint;
  };
  std::vector<Cell> cells(endpoint_count);
  for (size_t e = 0; e < endpoint_count; ++e) {
    const Vec2 p = lines.vertex(endpoint_vertex(out, e));
    cells[e] = {static_cast<int64_t>(std::floor(p.x / cell)), static_cast<int64_t>(std::floor(p.y / cell)),
                static_cast<uint32_t>(e)};
  }
  std::sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) {
    return std::tie(a.cx, a.cy, a.endpoint) < std::tie(b.cx, b.cy, b.endpoint);
  });
  for (const Cell& c : cells) {
    const Vec2 p = lines.vertex(endpoint_vertex(out, c.endpoint));
    // Pairs within tolerance lie in neighbouring cells (cell >= tolerance); look at
    // columns cx and cx + 1 (the pair is seen from its left member), rows cy - 1 .. cy + 1.
    for (int64_t dx = 0; dx <= 1; ++dx) {
      const Cell lo{c.cx + dx, c.cy - 1, 0};
      auto it = std::lower_bound(cells.begin(), cells.end(), lo, [](const Cell& a, const Cell& b) {
        return std::tie(a.cx, a.cy) < std::tie(b.cx, b.cy);
      });
      for (; it != cells.end() && it->cx == c.cx + dx && it->cy <= c.cy + 1; ++it) {
        if (it->endpoint == c.endpoint) continue;
        const Vec2 q = lines.vertex(endpoint_vertex(out, it->endpoint));
        const double ddx = q.x - p.x, ddy = q.y - p.y;
        if (ddx * ddx + ddy * ddy <= tol * tol && sets.unite(c.endpoint, it->endpoint)) ++out.endpoint_joins;
      }
    }
  }
  return sets;
}

// Step 3b: node ids in order of each cluster's smallest endpoint; the node sits at that endpoint.
void number_endpoint_nodes(const GeometryColumn& lines, UnionFind& sets, NodedLines& out) {
  const size_t endpoint_count = 2 * out.part_v0.size();
  std::vector<uint32_t> root_node(endpoint_count, std::numeric_limits<uint32_t>::max());
  out.part_start_node.resize(out.part_v0.size());
  out.part_end_node.resize(out.part_v0.size());
  for (size_t e = 0; e < endpoint_count; ++e) {
    const uint32_t root = sets.find(static_cast<uint32_t>(e));
    if (root_node[root] == std::numeric_limits<uint32_t>::max()) {
      root_node[root] = static_cast<uint32_t>(out.node_xy.size());
      out.node_xy.push_back(lines.vertex(endpoint_vertex(out, e)));
    }
    (e % 2 == 0 ? out.part_start_node : out.part_end_node)[e / 2] = root_node[root];
  }
  out.endpoint_clusters = out.node_xy.size();
}

// Step 4: T-junctions and crossings, one index query per segment: an endpoint within
// tolerance of another part's segment interior; segments of different features crossing.
class SplitSearch {
 public:
  SplitSearch(const GeometryColumn& lines, const Segments& seg, const NodingParams& params, NodedLines& out)
      : m_lines(lines), m_seg(seg), m_params(params), m_tol(std::max(params.tolerance_m, 0.0)), m_tol2(m_tol * m_tol),
        m_out(out) {}

  std::vector<Crossing> run() {
    if (m_params.node_t_junctions) single_vertex_parts();
    for (uint32_t s = 0; s < m_seg.first.size(); ++s) from_segment(s);
    return std::move(m_found);
  }

 private:
  // Parts of a single vertex have no segment to query from.
  void single_vertex_parts() {
    for (uint32_t q = 0; q < m_out.part_v0.size(); ++q) {
      if (m_out.part_v1[q] - m_out.part_v0[q] != 1) continue;
      const Vec2 p = m_lines.vertex(m_out.part_v0[q]);
      m_seg.index.query(BBox{p.x - m_tol, p.y - m_tol, p.x + m_tol, p.y + m_tol},
                        [&](uint32_t s2) { t_junction(m_out.part_v0[q], q, m_out.part_start_node[q], s2); });
    }
  }

  void from_segment(uint32_t s) {
    const uint32_t q = m_seg.part[s];
    const bool starts = m_params.node_t_junctions && m_seg.first[s] == m_out.part_v0[q];
    const bool ends = m_params.node_t_junctions && m_seg.first[s] + 2 == m_out.part_v1[q];
    if (!m_params.node_crossings && !starts && !ends) return;
    const BBox box = segment_box(m_lines, m_seg.first[s]);
    m_seg.index.query(starts || ends ? box.inflated(m_tol) : box, [&](uint32_t s2) {
      if (starts) t_junction(m_seg.first[s], q, m_out.part_start_node[q], s2);
      if (ends) t_junction(m_seg.first[s] + 1, q, m_out.part_end_node[q], s2);
      if (m_params.node_crossings && s2 > s) crossing(s, s2);
    });
  }

  void t_junction(uint32_t v, uint32_t q, uint32_t node, uint32_t s2) {
    const uint32_t a = m_seg.first[s2];
    const uint32_t sq = m_seg.part[s2];
    if (sq == q && (a == v || a + 1 == v)) return;  // the endpoint's own segment
    const Vec2 p = m_lines.vertex(v);
    const Vec2 va = m_lines.vertex(a), vb = m_lines.vertex(a + 1);
    const double t = param_on(va, vb, p);
    const Vec2 proj{va.x + t * (vb.x - va.x), va.y + t * (vb.y - va.y)};
    if (!(distance2(proj, p) <= m_tol2)) return;
    // Nearest point is the other part's endpoint: the endpoint clusters handle it.
    if ((t == 0 && a == m_out.part_v0[sq]) || (t == 1 && a + 2 == m_out.part_v1[sq])) return;
    // Already one node with that part's nearby endpoint (the ends of roads meeting at a
    // junction, digitised a little past each other): a split there would only add a sliver.
    if (a == m_out.part_v0[sq] && m_out.part_start_node[sq] == node && distance2(proj, va) <= m_tol2) return;
    if (a + 2 == m_out.part_v1[sq] && m_out.part_end_node[sq] == node && distance2(proj, vb) <= m_tol2) return;
    m_out.splits.push_back({a, t, node, m_out.part_feature[sq]});
    ++m_out.t_junctions;
  }

  void crossing(uint32_t s, uint32_t s2) {
    const uint32_t q = m_seg.part[s], q2 = m_seg.part[s2];
    if (m_out.part_feature[q2] == m_out.part_feature[q]) return;
    const Vec2 a = m_lines.vertex(m_seg.first[s]), b = m_lines.vertex(m_seg.first[s] + 1);
    const Vec2 c = m_lines.vertex(m_seg.first[s2]), d = m_lines.vertex(m_seg.first[s2] + 1);
    Intersection x;
    if (!intersect(a, b, c, d, x)) return;
    // Within tolerance of a part endpoint: that endpoint is within tolerance of the
    // other segment too, so the endpoint clusters or a T-junction already join the two.
    if (m_params.node_t_junctions && (near_part_endpoint(q, x.point) || near_part_endpoint(q2, x.point))) return;
    m_found.push_back({x.point, s, s2, x.t, x.u});
  }

  bool near_part_endpoint(uint32_t q, Vec2 p) const {
    return distance2(p, m_lines.vertex(m_out.part_v0[q])) <= m_tol2 ||
           distance2(p, m_lines.vertex(m_out.part_v1[q] - 1)) <= m_tol2;
  }

  const GeometryColumn& m_lines;
  const Segments& m_seg;
  const NodingParams& m_params;
  double m_tol, m_tol2;
  NodedLines& m_out;
  std::vector<Crossing> m_found;
};

// Step 5: one node per distinct crossing point (a shared vertex is found by up to four
// segment pairs), splitting both segments there.
void add_crossing_nodes(std::vector<Crossing> found, const Segments& seg, NodedLines& out) {
  std::sort(found.begin(), found.end(), [](const Crossing& l, const Crossing& r) {
    return std::tie(l.point.x, l.point.y, l.seg_a, l.seg_b) < std::tie(r.point.x, r.point.y, r.seg_a, r.seg_b);
  });
  for (size_t i = 0; i < found.size(); ++i) {
    if (i == 0 || found[i].point.x != found[i - 1].point.x || found[i].point.y != found[i - 1].point.y) {
      out.node_xy.push_back(found[i].point);
      ++out.crossings;
    }
    const auto node = static_cast<uint32_t>(out.node_xy.size() - 1);
    const Crossing& c = found[i];
    out.splits.push_back({seg.first[c.seg_a], c.t, node, out.part_feature[seg.part[c.seg_a]]});
    out.splits.push_back({seg.first[c.seg_b], c.u, node, out.part_feature[seg.part[c.seg_b]]});
  }
}

// Step 6: splits in (vertex, t, node) order, each once.
void sort_splits(NodedLines& out) {
  using Split = NodedLines::Split;
  std::sort(out.splits.begin(), out.splits.end(),
            [](const Split& l, const Split& r) { return std::tie(l.vertex, l.t, l.node) < std::tie(r.vertex, r.t, r.node); });
  out.splits.erase(std::unique(out.splits.begin(), out.splits.end(),
                               [](const Split& l, const Split& r) {
                                 return l.vertex == r.vertex && l.t == r.t && l.node == r.node;
                               }),
                   out.splits.end());
}

}  // namespace

NodedLines node_lines(const GeometryColumn& lines, std::span<const uint8_t> include, const NodingParams& params) {
  assert(include.empty() || include.size() == lines.feature_count());
  NodedLines out;
  collect_parts(lines, include, out);
  const Segments seg = segments_of(lines, out);
  UnionFind endpoints = cluster_endpoints(lines, std::max(params.tolerance_m, 0.0), out);
  number_endpoint_nodes(lines, endpoints, out);
  add_crossing_nodes(SplitSearch(lines, seg, params, out).run(), seg, out);
  sort_splits(out);
  return out;
}

}  // namespace jiuyou::network
