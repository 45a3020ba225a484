#include "gis/index/line_index.hpp"

#include <algorithm>
#include <cmath>

namespace jiuyou::index {

void LineIndex::build(const GeometryColumn& g, std::span<const uint8_t> include) {
  assert(include.empty() || include.size() == g.feature_count());
  m_geom = &g;
  m_seg_a.clear();
  m_seg_b.clear();
  m_seg_feature.clear();
  std::vector<BBox> boxes;
  for (size_t f = 0; f < g.feature_count(); ++f) {
    if (!include.empty() && include[f] == 0) continue;
    for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p) {
      for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r) {
        const uint32_t v0 = g.vertex_begin(r), v1 = g.vertex_end(r);
        if (v1 == v0) continue;
        if (v1 - v0 == 1) {
          m_seg_a.push_back(v0);
          m_seg_b.push_back(v0);
          m_seg_feature.push_back(static_cast<uint32_t>(f));
          continue;
        }
        for (uint32_t v = v0; v + 1 < v1; ++v) {
          m_seg_a.push_back(v);
          m_seg_b.push_back(v + 1);
          m_seg_feature.push_back(static_cast<uint32_t>(f));
        }
      }
    }
  }
  boxes.resize(m_seg_a.size());
  for (size_t s = 0; s < boxes.size(); ++s) {
    const Vec2 a = g.vertex(m_seg_a[s]), b = g.vertex(m_seg_b[s]);
    boxes[s] = BBox{std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
  }
  m_index.build(boxes);
}

double LineIndex::segment_distance(uint32_t s, double x, double y, Vec2* nearest_point) const {
  const Vec2 a = m_geom->vertex(m_seg_a[s]), b = m_geom->vertex(m_seg_b[s]);
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((x - a.x) * dx + (y - a.y) * dy) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  const Vec2 p{a.x + t * dx, a.y + t * dy};
  if (nearest_point) *nearest_point = p;
  return std::sqrt((p.x - x) * (p.x - x) + (p.y - y) * (p.y - y));
}

namespace {

// Nearest point to p on segment ab.
Vec2 closest_on(Vec2 a, Vec2 b, Vec2 p) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  const double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
  return {a.x + t * dx, a.y + t * dy};
}

double orient(Vec2 a, Vec2 b, Vec2 c) { return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x); }

// Squared distance between segments pq and cd, and the nearest point on pq.
// (Squares throughout: the callers compare, and take one square root at the end.)
double segment_segment_distance2(Vec2 p, Vec2 q, Vec2 c, Vec2 d, Vec2& on_pq) {
  const double o1 = orient(p, q, c), o2 = orient(p, q, d), o3 = orient(c, d, p), o4 = orient(c, d, q);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) {
    const double t = o3 / (o3 - o4);  // a proper crossing
    on_pq = {p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)};
    return 0;
  }
  // Otherwise the least distance is from an endpoint of one segment to the other.
  double best = std::numeric_limits<double>::infinity();
  const auto consider = [&](Vec2 from, Vec2 to, Vec2 point_on_pq) {
    const double dx = from.x - to.x, dy = from.y - to.y;
    const double dd = dx * dx + dy * dy;
    if (dd < best) {
      best = dd;
      on_pq = point_on_pq;
    }
  };
  consider(p, closest_on(c, d, p), p);
  consider(q, closest_on(c, d, q), q);
  for (const Vec2 e : {c, d}) {
    const Vec2 on = closest_on(p, q, e);
    consider(e, on, on);
  }
  return best;
}

}  // namespace

double LineIndex::segment_feature_distance(uint32_t s, const GeometryColumn& other, size_t f,
                                           Vec2* nearest_point, double limit) const {
  const Vec2 p = m_geom->vertex(m_seg_a[s]), q = m_geom->vertex(m_seg_b[s]);
  const double sx0 = std::min(p.x, q.x), sx1 = std::max(p.x, q.x), sy0 = std::min(p.y, q.y), sy1 = std::max(p.y, q.y);
  // Squared distances throughout. `best` starts just above the limit: an edge whose box is
  // farther from the segment's box than the best so far cannot be nearer, so it is skipped.
  double best = limit < std::numeric_limits<double>::infinity() ? std::nextafter(limit * limit, std::numeric_limits<double>::infinity())
                                                                 : std::numeric_limits<double>::infinity();
  bool found = false;
  Vec2 best_point = p;
  const auto consider = [&](Vec2 c, Vec2 d) {
    const double gx = std::max({0.0, std::min(c.x, d.x) - sx1, sx0 - std::max(c.x, d.x)});
    const double gy = std::max({0.0, std::min(c.y, d.y) - sy1, sy0 - std::max(c.y, d.y)});
    if (gx * gx + gy * gy > best) return;
    Vec2 on;
    const double dd = segment_segment_distance2(p, q, c, d, on);
    if (dd < best || (!found && dd <= best)) {
      best = dd;
      best_point = on;
      found = true;
    }
  };
  for (uint32_t part = other.part_begin(f); part < other.part_end(f) && best > 0; ++part) {
    for (uint32_t r = other.ring_begin(part); r < other.ring_end(part) && best > 0; ++r) {
      const uint32_t v0 = other.vertex_begin(r), v1 = other.vertex_end(r);
      if (v1 == v0) continue;
      if (v1 - v0 == 1) {  // a point
        consider(other.vertex(v0), other.vertex(v0));
        continue;
      }
      for (uint32_t v = v0; v + 1 < v1 && best > 0; ++v) consider(other.vertex(v), other.vertex(v + 1));
      // A polygon ring stored without its closing vertex still has its closing edge.
      const Vec2 first = other.vertex(v0), last = other.vertex(v1 - 1);
      if (other.kind == GeometryKind::polygon && (first.x != last.x || first.y != last.y)) consider(last, first);
    }
  }
  // No boundary crossing or touch: the segment is wholly inside or wholly outside.
  if (best > 0 && other.kind == GeometryKind::polygon && point_in_feature(other, f, p.x, p.y)) {
    best = 0;
    best_point = p;
    found = true;
  }
  if (nearest_point) *nearest_point = best_point;
  return found ? std::sqrt(best) : std::numeric_limits<double>::infinity();
}

std::vector<LineHit> LineIndex::within(double x, double y, double radius_m) const {
  std::vector<LineHit> hits;
  if (empty() || !(radius_m >= 0)) return hits;
  // Segments of one feature are contiguous in id order; keep the best per feature.
  std::vector<uint32_t> segs;
  m_index.query(BBox{x - radius_m, y - radius_m, x + radius_m, y + radius_m},
                [&](uint32_t s) { segs.push_back(s); });
  std::sort(segs.begin(), segs.end());
  for (const uint32_t s : segs) {
    Vec2 p;
    const double d = segment_distance(s, x, y, &p);
    if (!(d <= radius_m)) continue;
    const uint32_t f = m_seg_feature[s];
    if (!hits.empty() && hits.back().feature == f) {
      if (d < hits.back().distance_m) hits.back() = LineHit{f, d, p, m_seg_a[s]};
      continue;
    }
    hits.push_back(LineHit{f, d, p, m_seg_a[s]});
  }
  std::sort(hits.begin(), hits.end(), [](const LineHit& a, const LineHit& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.feature < b.feature;
  });
  return hits;
}

}  // namespace jiuyou::index
