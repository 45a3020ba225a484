#include "gis/model/raster.hpp"

#include <algorithm>
#include <cmath>

namespace jiuyou {

bool Raster::is_nodata(float v) const {
  if (std::isnan(v)) return true;
  return nodata && static_cast<double>(v) == *nodata;
}

std::optional<double> Raster::sample(double x, double y) const {
  if (empty()) return std::nullopt;
  // North-up only (gt[2] == gt[4] == 0), which is what the loader produces.
  const double fc = (x - geotransform[0]) / geotransform[1] - 0.5;
  const double fr = (y - geotransform[3]) / geotransform[5] - 0.5;
  if (fc < -0.5 || fr < -0.5 || fc > width - 0.5 || fr > height - 0.5) return std::nullopt;
  const int c0 = std::clamp(static_cast<int>(std::floor(fc)), 0, width - 1);
  const int r0 = std::clamp(static_cast<int>(std::floor(fr)), 0, height - 1);
  const int c1 = std::min(c0 + 1, width - 1);
  const int r1 = std::min(r0 + 1, height - 1);
  const double tx = std::clamp(fc - c0, 0.0, 1.0);
  const double ty = std::clamp(fr - r0, 0.0, 1.0);
  const float v00 = at(c0, r0), v10 = at(c1, r0), v01 = at(c0, r1), v11 = at(c1, r1);
  if (is_nodata(v00) || is_nodata(v10) || is_nodata(v01) || is_nodata(v11)) {
    const float nearest = at(std::clamp(static_cast<int>(std::lround(fc)), 0, width - 1), std::clamp(static_cast<int>(std::lround(fr)), 0, height - 1));
    if (is_nodata(nearest)) return std::nullopt;
    return nearest;
  }
  return (v00 * (1 - tx) + v10 * tx) * (1 - ty) + (v01 * (1 - tx) + v11 * tx) * ty;
}

std::optional<double> Raster::cell_value(double x, double y) const {
  if (empty()) return std::nullopt;
  const double fc = std::floor((x - geotransform[0]) / geotransform[1]);
  const double fr = std::floor((y - geotransform[3]) / geotransform[5]);
  if (fc < 0 || fr < 0 || fc >= width || fr >= height) return std::nullopt;
  const float v = at(static_cast<int>(fc), static_cast<int>(fr));
  if (is_nodata(v)) return std::nullopt;
  return v;
}

BBox Raster::bbox() const {
  BBox b;
  if (empty()) return b;
  b.expand(geotransform[0], geotransform[3]);
  b.expand(geotransform[0] + width * geotransform[1], geotransform[3] + height * geotransform[5]);
  return b;
}

}  // namespace jiuyou
