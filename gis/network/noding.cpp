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

}  // namespace

NodedLines node_lines(const GeometryColumn& lines, std::span<const uint8_t> include, const NodingParams& params) {
  assert(include.empty() || include.size() == lines.feature_count());
  const double tol = std::max(params.tolerance_m, 0.0);
  NodedLines out;

  // --- parts and segments
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
  const size_t part_count = out.part_v0.size();
  std::vector<uint32_t> seg_a;     // segment runs from vertex seg_a[s] to seg_a[s] + 1
  std::vector<uint32_t> seg_part;  // noded part of each segment
  for (uint32_t q = 0; q < part_count; ++q) {
    for (uint32_t v = out.part_v0[q]; v + 1 < out.part_v1[q]; ++v) {
      seg_a.push_back(v);
      seg_part.push_back(q);
    }
  }
  const size_t seg_count = seg_a.size();
  index::SpatialIndex seg_index;
  {
    std::vector<BBox> boxes(seg_count);
    for (size_t s = 0; s < seg_count; ++s) {
      const Vec2 a = lines.vertex(seg_a[s]), b = lines.vertex(seg_a[s] + 1);
      boxes[s] = BBox{std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
    }
    seg_index.build(boxes);
  }

  // --- endpoints: 2 per part (start, end); grid clusters within tolerance
  const size_t endpoint_count = 2 * part_count;
  const auto endpoint_vertex = [&](size_t e) { return e % 2 == 0 ? out.part_v0[e / 2] : out.part_v1[e / 2] - 1; };
  UnionFind endpoint_sets(endpoint_count);
  {
    const double cell = std::max(tol, 1e-3);
    struct Cell {
      int64_t cx, cy;
      uint32_t endpoint;
    };
    std::vector<Cell> cells(endpoint_count);
    for (size_t e = 0; e < endpoint_count; ++e) {
      const Vec2 p = lines.vertex(endpoint_vertex(e));
      cells[e] = {static_cast<int64_t>(std::floor(p.x / cell)), static_cast<int64_t>(std::floor(p.y / cell)),
                  static_cast<uint32_t>(e)};
    }
    std::sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) {
      return std::tie(a.cx, a.cy, a.endpoint) < std::tie(b.cx, b.cy, b.endpoint);
    });
    for (const Cell& c : cells) {
      const Vec2 p = lines.vertex(endpoint_vertex(c.endpoint));
      // Pairs within tolerance lie in neighbouring cells (cell >= tolerance); look at
      // columns cx and cx + 1 (the pair is seen from its left member), rows cy - 1 .. cy + 1.
      for (int64_t dx = 0; dx <= 1; ++dx) {
        const Cell lo{c.cx + dx, c.cy - 1, 0};
        auto it = std::lower_bound(cells.begin(), cells.end(), lo, [](const Cell& a, const Cell& b) {
          return std::tie(a.cx, a.cy) < std::tie(b.cx, b.cy);
        });
        for (; it != cells.end() && it->cx == c.cx + dx && it->cy <= c.cy + 1; ++it) {
          if (it->endpoint == c.endpoint) continue;
          const Vec2 q = lines.vertex(endpoint_vertex(it->endpoint));
          const double ddx = q.x - p.x, ddy = q.y - p.y;
          if (ddx * ddx + ddy * ddy <= tol * tol && endpoint_sets.unite(c.endpoint, it->endpoint)) ++out.endpoint_joins;
        }
      }
    }
  }
  // Node ids in order of each cluster's smallest endpoint; the node sits at that endpoint.
  {
    std::vector<uint32_t> root_node(endpoint_count, std::numeric_limits<uint32_t>::max());
    out.part_start_node.resize(part_count);
    out.part_end_node.resize(part_count);
    for (size_t e = 0; e < endpoint_count; ++e) {
      const uint32_t root = endpoint_sets.find(static_cast<uint32_t>(e));
      if (root_node[root] == std::numeric_limits<uint32_t>::max()) {
        root_node[root] = static_cast<uint32_t>(out.node_xy.size());
        out.node_xy.push_back(lines.vertex(endpoint_vertex(e)));
      }
      (e % 2 == 0 ? out.part_start_node : out.part_end_node)[e / 2] = root_node[root];
    }
    out.endpoint_clusters = out.node_xy.size();
  }

  // --- T-junctions and crossings, one index query per segment: an endpoint within
  // tolerance of another part's segment interior; segments of different features crossing.
  const double tol2 = tol * tol;
  std::vector<Crossing> found;
  const auto t_junction = [&](uint32_t v, uint32_t q, uint32_t node, uint32_t s2) {
    const uint32_t a = seg_a[s2];
    const uint32_t sq = seg_part[s2];
    if (sq == q && (a == v || a + 1 == v)) return;  // the endpoint's own segment
    const Vec2 p = lines.vertex(v);
    const Vec2 va = lines.vertex(a), vb = lines.vertex(a + 1);
    const double t = param_on(va, vb, p);
    const Vec2 proj{va.x + t * (vb.x - va.x), va.y + t * (vb.y - va.y)};
    if (!(distance2(proj, p) <= tol2)) return;
    // Nearest point is the other part's endpoint: the endpoint clusters handle it.
    if ((t == 0 && a == out.part_v0[sq]) || (t == 1 && a + 2 == out.part_v1[sq])) return;
    // Already one node with that part's nearby endpoint (the ends of roads meeting at a
    // junction, digitised a little past each other): a split there would only add a sliver.
    if (a == out.part_v0[sq] && out.part_start_node[sq] == node && distance2(proj, va) <= tol2) return;
    if (a + 2 == out.part_v1[sq] && out.part_end_node[sq] == node && distance2(proj, vb) <= tol2) return;
    out.splits.push_back({a, t, node, out.part_feature[sq]});
    ++out.t_junctions;
  };
  const auto near_part_endpoint = [&](uint32_t q, Vec2 p) {
    return distance2(p, lines.vertex(out.part_v0[q])) <= tol2 || distance2(p, lines.vertex(out.part_v1[q] - 1)) <= tol2;
  };
  if (params.node_t_junctions) {
    // Parts of a single vertex have no segment to query from.
    for (uint32_t q = 0; q < part_count; ++q) {
      if (out.part_v1[q] - out.part_v0[q] != 1) continue;
      const Vec2 p = lines.vertex(out.part_v0[q]);
      seg_index.query(BBox{p.x - tol, p.y - tol, p.x + tol, p.y + tol},
                      [&](uint32_t s2) { t_junction(out.part_v0[q], q, out.part_start_node[q], s2); });
    }
  }
  for (uint32_t s = 0; s < seg_count; ++s) {
    const uint32_t q = seg_part[s];
    const bool starts = params.node_t_junctions && seg_a[s] == out.part_v0[q];
    const bool ends = params.node_t_junctions && seg_a[s] + 2 == out.part_v1[q];
    if (!params.node_crossings && !starts && !ends) continue;
    const Vec2 a = lines.vertex(seg_a[s]), b = lines.vertex(seg_a[s] + 1);
    const uint32_t fs = out.part_feature[q];
    const BBox box{std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
    seg_index.query(starts || ends ? box.inflated(tol) : box, [&](uint32_t s2) {
      if (starts) t_junction(seg_a[s], q, out.part_start_node[q], s2);
      if (ends) t_junction(seg_a[s] + 1, q, out.part_end_node[q], s2);
      if (!params.node_crossings || s2 <= s) return;
      const uint32_t q2 = seg_part[s2];
      if (out.part_feature[q2] == fs) return;
      const Vec2 c = lines.vertex(seg_a[s2]), d = lines.vertex(seg_a[s2] + 1);
      Intersection x;
      if (!intersect(a, b, c, d, x)) return;
      // Within tolerance of a part endpoint: that endpoint is within tolerance of the
      // other segment too, so the endpoint clusters or a T-junction already join the two.
      if (params.node_t_junctions && (near_part_endpoint(q, x.point) || near_part_endpoint(q2, x.point))) return;
      found.push_back({x.point, s, s2, x.t, x.u});
    });
  }
  {
    // One node per distinct point (a shared vertex is found by up to four segment pairs).
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
      out.splits.push_back({seg_a[c.seg_a], c.t, node, out.part_feature[seg_part[c.seg_a]]});
      out.splits.push_back({seg_a[c.seg_b], c.u, node, out.part_feature[seg_part[c.seg_b]]});
    }
  }

  std::sort(out.splits.begin(), out.splits.end(), [](const NodedLines::Split& l, const NodedLines::Split& r) {
    return std::tie(l.vertex, l.t, l.node) < std::tie(r.vertex, r.t, r.node);
  });
  out.splits.erase(std::unique(out.splits.begin(), out.splits.end(),
                               [](const NodedLines::Split& l, const NodedLines::Split& r) {
                                 return l.vertex == r.vertex && l.t == r.t && l.node == r.node;
                               }),
                   out.splits.end());
  return out;
}

}  // namespace jiuyou::network
