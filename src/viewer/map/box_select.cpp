#include "src/viewer/map/box_select.hpp"

#include <algorithm>

namespace jiuyou::viewer {

namespace {

bool inside(const BBox& b, Vec2 p) { return p.x >= b.min_x && p.x <= b.max_x && p.y >= b.min_y && p.y <= b.max_y; }

// Whether segment a-b meets the box (Liang–Barsky clipping).
bool segment_meets_box(Vec2 a, Vec2 b, const BBox& box) {
  if (inside(box, a) || inside(box, b)) return true;
  double t0 = 0, t1 = 1;
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double p[] = {-dx, dx, -dy, dy};
  const double q[] = {a.x - box.min_x, box.max_x - a.x, a.y - box.min_y, box.max_y - a.y};
  for (int k = 0; k < 4; ++k) {
    if (p[k] == 0) {
      if (q[k] < 0) return false;
      continue;
    }
    const double t = q[k] / p[k];
    if (p[k] < 0) t0 = std::max(t0, t);
    else t1 = std::min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

bool feature_meets_box(const GeometryColumn& g, size_t f, const BBox& box) {
  const BBox fb = g.feature_bbox(f);
  if (fb.max_x < box.min_x || fb.min_x > box.max_x || fb.max_y < box.min_y || fb.min_y > box.max_y) return false;
  for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p)
    for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r) {
      const uint32_t b = g.vertex_begin(r), e = g.vertex_end(r);
      if (e == b + 1 && inside(box, g.vertex(b))) return true;
      for (uint32_t v = b; v + 1 < e; ++v)
        if (segment_meets_box(g.vertex(v), g.vertex(v + 1), box)) return true;
    }
  // A box drawn wholly inside a polygon touches it.
  return g.kind == GeometryKind::polygon && point_in_feature(g, f, (box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2);
}

}  // namespace

std::vector<uint32_t> features_in_box(const GeometryColumn& g, const BBox& box, const std::vector<uint8_t>* hidden) {
  std::vector<uint32_t> out;
  if (box.empty()) return out;
  for (size_t f = 0; f < g.feature_count(); ++f) {
    if (g.is_empty(f) || (hidden && f < hidden->size() && (*hidden)[f])) continue;
    if (feature_meets_box(g, f, box)) out.push_back(static_cast<uint32_t>(f));
  }
  return out;
}

}  // namespace jiuyou::viewer
