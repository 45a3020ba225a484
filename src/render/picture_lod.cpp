#include "src/render/picture_lod.hpp"

#include <algorithm>
#include <cmath>

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
