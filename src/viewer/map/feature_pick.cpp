#include "src/viewer/map/feature_pick.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace jiuyou::viewer {

namespace {

double segment_distance(Vec2 p, Vec2 a, Vec2 b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

// The shown features of a layer whose box lies within tol of `at`, in feature order
// (ties then go to the lower feature, with or without the index).
std::vector<uint32_t> candidates(const PickLayer& l, Vec2 at, double tol) {
  const GeometryColumn& g = *l.geometry;
  std::vector<uint32_t> out;
  auto shown = [&](size_t f) { return !g.is_empty(f) && !(l.hidden && f < l.hidden->size() && (*l.hidden)[f]); };
  if (l.boxes) {
    BBox around;
    around.expand(at.x - tol, at.y - tol);
    around.expand(at.x + tol, at.y + tol);
    l.boxes->query(around, [&](uint32_t f) {
      if (f < g.feature_count() && shown(f)) out.push_back(f);
    });
    std::sort(out.begin(), out.end());
    return out;
  }
  for (size_t f = 0; f < g.feature_count(); ++f)
    if (shown(f) && g.feature_bbox(f).inflated(tol).contains(at.x, at.y)) out.push_back(static_cast<uint32_t>(f));
  return out;
}

// The best hit of one layer: nearest point/line within tolerance, else a containing polygon.
std::optional<PickHit> pick_in_layer(const PickLayer& l, Vec2 at, double tol) {
  const GeometryColumn& g = *l.geometry;
  auto rank = [&](uint32_t f) { return l.draw_rank && f < l.draw_rank->size() ? (*l.draw_rank)[f] : 0u; };
  auto on_top = [&](uint32_t f, uint32_t other) { return rank(f) > rank(other); };
  std::optional<PickHit> best;
  for (const uint32_t f : candidates(l, at, tol)) {
    if (g.kind == GeometryKind::polygon) {
      if (point_in_feature(g, f, at.x, at.y) && !best) best = PickHit{{l.name, static_cast<uint32_t>(f)}, 0.0, true};
      continue;
    }
    // From the symbol's edge: a point's radius, half a line's width.
    const float size = l.size_px && f < l.size_px->size() ? std::abs((*l.size_px)[f]) : 0.0f;
    const double edge = (g.kind == GeometryKind::point ? size : size / 2) * l.m_per_px;
    const double d = std::max(distance_to_feature(g, f, at) - edge, 0.0);
    if (d <= tol && (!best || d < best->distance_m || (d == best->distance_m && on_top(f, best->ref.row))))
      best = PickHit{{l.name, static_cast<uint32_t>(f)}, d, false};
  }
  return best;
}

}  // namespace

double distance_to_feature(const GeometryColumn& g, size_t f, Vec2 p) {
  double best = std::numeric_limits<double>::infinity();
  if (f >= g.feature_count() || g.is_empty(f)) return best;
  for (uint32_t part = g.part_begin(f); part < g.part_end(f); ++part)
    for (uint32_t r = g.ring_begin(part); r < g.ring_end(part); ++r) {
      const uint32_t v0 = g.vertex_begin(r), v1 = g.vertex_end(r);
      if (v1 == v0 + 1 || g.kind == GeometryKind::point) {
        for (uint32_t i = v0; i < v1; ++i) best = std::min(best, std::hypot(g.vertex(i).x - p.x, g.vertex(i).y - p.y));
        continue;
      }
      for (uint32_t i = v0; i + 1 < v1; ++i) best = std::min(best, segment_distance(p, g.vertex(i), g.vertex(i + 1)));
    }
  return best;
}

std::optional<PickHit> pick_feature(const std::vector<PickLayer>& layers, Vec2 at, double tolerance_m) {
  if (!std::isfinite(at.x) || !std::isfinite(at.y) || !(tolerance_m > 0)) return std::nullopt;
  std::optional<PickHit> best_line;     // points and lines: nearest, then upper layer (layers come top first)
  std::optional<PickHit> best_polygon;  // the upper containing polygon
  for (const PickLayer& l : layers) {
    if (!l.geometry) continue;
    const auto hit = pick_in_layer(l, at, tolerance_m);
    if (!hit) continue;
    if (hit->inside_polygon) {
      if (!best_polygon) best_polygon = hit;
    } else if (!best_line || hit->distance_m < best_line->distance_m) {
      best_line = hit;
    }
  }
  return best_line ? best_line : best_polygon;
}

}  // namespace jiuyou::viewer

namespace jiuyou::viewer {

std::optional<Vec2> nearest_vertex(const std::vector<PickLayer>& layers, Vec2 at, double tol) {
  std::optional<Vec2> best;
  double best_d = tol;
  for (const PickLayer& l : layers) {
    if (!l.geometry) continue;
    const GeometryColumn& g = *l.geometry;
    for (const uint32_t f : candidates(l, at, tol)) {
      for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p)
        for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r)
          for (uint32_t i = g.vertex_begin(r); i < g.vertex_end(r); ++i) {
            const Vec2 v = g.vertex(i);
            const double d = std::hypot(v.x - at.x, v.y - at.y);
            if (d <= best_d) best_d = d, best = v;
          }
    }
  }
  return best;
}

}  // namespace jiuyou::viewer
