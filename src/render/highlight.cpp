#include "src/render/highlight.hpp"

#include <cmath>

namespace jiuyou::render {

namespace {

struct Stroke {
  float width_px;
  float ring_radius_px;  // point rings: radius of the annulus' centre line
  Rgba color;
};

void add_strokes(UiBatch& batch, const Camera& cam, const HighlightSet& set, const Stroke& s, float pr) {
  for (const std::vector<Vec2>& path : set.paths)
    for (size_t i = 0; i + 1 < path.size(); ++i) {
      const Vec2 a = cam.world_to_screen(path[i]), b = cam.world_to_screen(path[i + 1]);
      if (!std::isfinite(a.x) || !std::isfinite(a.y) || !std::isfinite(b.x) || !std::isfinite(b.y)) continue;
      batch.line(static_cast<float>(a.x), static_cast<float>(a.y), static_cast<float>(b.x), static_cast<float>(b.y), s.width_px * pr, s.color);
    }
  for (const Vec2& p : set.points) {
    const Vec2 q = cam.world_to_screen(p);
    if (!std::isfinite(q.x) || !std::isfinite(q.y)) continue;
    batch.ring(static_cast<float>(q.x), static_cast<float>(q.y), s.ring_radius_px * pr, s.width_px * pr, s.color);
  }
}

}  // namespace

void build_hover_strokes(UiBatch& batch, const Camera& cam, const HighlightSet& hover, float pr) {
  // Drawn over the selection when both are on one feature.
  add_strokes(batch, cam, hover, {4.5f, 10.0f, {20, 20, 20, 255}}, pr);
  add_strokes(batch, cam, hover, {2.5f, 9.5f, k_hover_color}, pr);
}

void build_measure_strokes(UiBatch& batch, const Camera& cam, const HighlightSet& measure, float pr) {
  add_strokes(batch, cam, measure, {4.5f, 4.0f, {40, 30, 20, 255}}, pr);
  add_strokes(batch, cam, measure, {2.5f, 4.0f, k_measure_color}, pr);
}

void feature_outline(const GeometryColumn& g, size_t f, HighlightSet& out) {
  if (f >= g.feature_count() || g.is_empty(f)) return;
  for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p)
    for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r) {
      if (g.kind == GeometryKind::point) {
        for (uint32_t i = g.vertex_begin(r); i < g.vertex_end(r); ++i) out.points.push_back(g.vertex(i));
        continue;
      }
      std::vector<Vec2> path;
      for (uint32_t i = g.vertex_begin(r); i < g.vertex_end(r); ++i) path.push_back(g.vertex(i));
      if (g.kind == GeometryKind::polygon && path.size() > 2 && (path.front().x != path.back().x || path.front().y != path.back().y))
        path.push_back(path.front());
      if (!path.empty()) out.paths.push_back(std::move(path));
    }
}

}  // namespace jiuyou::render
