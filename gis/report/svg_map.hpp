#pragma once
// A small inline-SVG map (no JavaScript) for the reports: a metric bounding
// box fitted into a width in pixels, north up, features written as SVG paths
// simplified to half a pixel so a county of thousands of villages stays a few
// hundred kilobytes.
#include <string>

#include "gis/model/geometry.hpp"

namespace jiuyou::report {

class SvgMap {
 public:
  // `box` in the metric CRS; the height follows the box's shape, clamped to [min_h, max_h].
  SvgMap(const BBox& box, double width_px, double min_h = 240, double max_h = 900);

  [[nodiscard]] double width() const { return w_; }
  [[nodiscard]] double height() const { return h_; }
  [[nodiscard]] Vec2 to_px(Vec2 p) const;
  // "<svg ... viewBox=...>" with the given extra attributes (e.g. a style).
  [[nodiscard]] std::string open(const std::string& attributes) const;
  // The feature's rings or lines as SVG path data ("M x y L ... Z" per ring for
  // polygons, open for lines); empty for points and empty features.
  [[nodiscard]] std::string path_data(const GeometryColumn& g, size_t f) const;
  // A polyline's path data through `points`.
  [[nodiscard]] std::string line_data(const Vec2* points, size_t n) const;

 private:
  BBox box_;
  double w_ = 0, h_ = 0, k_ = 1, pad_ = 10;
};

}  // namespace jiuyou::report
