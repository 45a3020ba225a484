#pragma once
// The 2D map camera: a centre in the metric CRS, metres per pixel, and a
// viewport. Geometry lives on the GPU as float32 offsets from the scene's
// local origin; the view matrix is formed in double and only its final
// float values go to the GPU, so precision holds at Gauss–Krüger magnitudes.
#include "gis/model/geometry.hpp"
#include "src/render/gpu_types.hpp"

namespace jiuyou::render {

struct Camera {
  Vec2 center;           // metric CRS coordinates at the viewport's centre
  double m_per_px = 1.0;
  int width = 1;         // viewport pixels
  int height = 1;
  Vec2 origin;           // the scene's local origin (GPU positions are relative to it)

  // Fits `box` into a width x height viewport with `margin_px` on every side.
  // An empty, zero-size or non-finite box gives a 1 km wide view around what there is.
  static Camera fit(const BBox& box, int width, int height, Vec2 origin, double margin_px = 24.0);
  // The same into the part of the viewport left free by margins on each side
  // (the map's furniture: legend, scale bar, north arrow, title), so no
  // feature at the data's edge lies under them.
  static Camera fit_inside(const BBox& box, int width, int height, Vec2 origin, double left_px, double top_px, double right_px,
                           double bottom_px);

  // Pixel coordinates from the top-left corner (x right, y down); pixel (i, j)
  // covers [i, i+1) x [j, j+1).
  [[nodiscard]] Vec2 world_to_screen(Vec2 world) const;
  [[nodiscard]] Vec2 screen_to_world(Vec2 px) const;
  [[nodiscard]] BBox visible_bbox() const;

  // Zooms by `factor` (> 1 zooms in) keeping the world point under `px` fixed.
  void zoom_at(Vec2 px, double factor);
  // Moves the map with the cursor: a drag of (dx, dy) pixels.
  void pan_px(double dx, double dy);

  [[nodiscard]] FrameUniforms uniforms(float pixel_ratio = 1.0f) const;
};

}  // namespace jiuyou::render
