#include "src/render/picture_lod.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <utility>
#include <vector>

namespace jiuyou::render {

namespace {
// Camera::fit_inside clamps the scale to at most this (camera.cpp); the bound
// must not exceed what the camera can have.
constexpr double k_camera_max_m_per_px = 1e5;
}  // namespace

double picture_m_per_px(const SceneOptions& o, const BBox& scene_bbox) {
  if (o.picture_width <= 0 || o.picture_height <= 0) return 0;
  const BBox& box = o.picture_bbox ? *o.picture_bbox : scene_bbox;
  if (box.empty() || !std::isfinite(box.width()) || !std::isfinite(box.height())) return 0;
  // Margins only shrink the area the box is fitted into: the scale is never finer than this.
  const double m = std::max(box.width() / o.picture_width, box.height() / o.picture_height);
  return m > 0 ? std::min(m, k_camera_max_m_per_px) : 0;
}

std::vector<LineSegment>& keep_only_coarsest_level(LayerBuckets& b) {
  if (b.lods.empty()) return b.segments;
  b.segments = std::move(b.lods.back().segments);
  b.segments.shrink_to_fit();
  b.lods.clear();
  return b.segments;
}

namespace {

double segment_distance_sq(const double* p, const double* a, const double* b) {
  const double dx = b[0] - a[0], dy = b[1] - a[1];
  const double len = dx * dx + dy * dy;
  double t = len > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len : 0;
  t = std::clamp(t, 0.0, 1.0);
  const double ex = a[0] + t * dx - p[0], ey = a[1] + t * dy - p[1];
  return ex * ex + ey * ey;
}

// Douglas-Peucker over ring vertices [0, n): which to keep (both ends always).
void mark_kept(std::span<const double> xy, size_t first, size_t last, double tol_sq, std::vector<uint8_t>& keep) {
  std::vector<std::pair<size_t, size_t>> todo{{first, last}};
  while (!todo.empty()) {
    const auto [i, j] = todo.back();
    todo.pop_back();
    double worst = -1;
    size_t at = i;
    for (size_t k = i + 1; k < j; ++k) {
      const double d = segment_distance_sq(&xy[2 * k], &xy[2 * i], &xy[2 * j]);
      if (d > worst) worst = d, at = k;
    }
    if (worst <= tol_sq) continue;
    keep[at] = 1;
    todo.push_back({i, at});
    todo.push_back({at, j});
  }
}

bool all_finite(std::span<const double> xy) {
  return std::all_of(xy.begin(), xy.end(), [](double v) { return std::isfinite(v); });
}

// Appends ring r of g to out, simplified at tol_m where that leaves at least 4 vertices.
void add_simplified_ring(const GeometryColumn& g, uint32_t r, double tol_m, GeometryColumn& out) {
  const std::span<const double> xy = g.ring_xy(r);
  const size_t n = xy.size() / 2;
  std::vector<uint8_t> keep(n, 0);
  if (n >= 5 && all_finite(xy)) {
    // A closed ring: split at the vertex farthest from the first, so both halves have a chord.
    size_t far = 1;
    double far_d = -1;
    for (size_t k = 1; k + 1 < n; ++k) {
      const double d = (xy[2 * k] - xy[0]) * (xy[2 * k] - xy[0]) + (xy[2 * k + 1] - xy[1]) * (xy[2 * k + 1] - xy[1]);
      if (d > far_d) far_d = d, far = k;
    }
    keep[0] = keep[far] = keep[n - 1] = 1;
    mark_kept(xy, 0, far, tol_m * tol_m, keep);
    mark_kept(xy, far, n - 1, tol_m * tol_m, keep);
  }
  if (std::count(keep.begin(), keep.end(), uint8_t{1}) < 4) std::fill(keep.begin(), keep.end(), uint8_t{1});
  for (size_t k = 0; k < n; ++k)
    if (keep[k]) out.add_vertex(xy[2 * k], xy[2 * k + 1]);
  out.close_ring();
}

}  // namespace

GeometryColumn simplified_rings(const GeometryColumn& g, double tol_m) {
  GeometryColumn out;
  out.kind = g.kind;
  for (size_t f = 0; f < g.feature_count(); ++f) {
    for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p) {
      for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r) add_simplified_ring(g, r, tol_m, out);
      out.close_part();
    }
    out.close_feature();
  }
  return out;
}

void release_geometry(Scene& scene) {
  for (LayerBuckets& b : scene.layers) {
    b.fill = {};
    b.segments = {};
    b.lods = {};
    b.points = {};
    b.fill_chunks = {};
    b.segment_chunks = {};
    b.point_chunks = {};
  }
}

}  // namespace jiuyou::render
