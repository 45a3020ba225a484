#pragma once
// What an observer sees over the DEM (GDAL's viewshed, GDALViewshedGenerate):
// cells within max_distance_m of the observer whose target height above the
// ground is visible from the observer's height above the ground (earth
// curvature and refraction as GDAL's default, 0.85714).
#include <cstdint>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/raster.hpp"

namespace jiuyou::io {

struct Viewshed {
  Raster visible;  // 1 visible, 0 not or out of range (the window of the DEM around the observer)
  [[nodiscard]] bool sees(Vec2 p) const;  // false outside the window
};

// Errors (ErrorCode::internal): GDAL could not compute it (the observer outside the DEM).
Result<Viewshed> viewshed(const Raster& dem, Vec2 observer, double observer_height_m, double target_height_m, double max_distance_m);

}  // namespace jiuyou::io
