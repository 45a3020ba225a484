#pragma once
// A single-band float raster (the DEM), north-up, in memory.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "gis/model/crs_ref.hpp"
#include "gis/model/geometry.hpp"

namespace jiuyou {

struct Raster {
  std::string name;
  std::string source;
  int width = 0;
  int height = 0;
  // GDAL geotransform: x = gt[0] + col*gt[1] + row*gt[2]; y = gt[3] + col*gt[4] + row*gt[5]
  std::array<double, 6> geotransform{0, 1, 0, 0, 0, -1};
  CrsRef crs;
  std::vector<float> values;  // row-major, height * width
  std::optional<double> nodata;

  [[nodiscard]] bool empty() const { return width <= 0 || height <= 0; }
  [[nodiscard]] float at(int col, int row) const { return values[static_cast<size_t>(row) * static_cast<size_t>(width) + static_cast<size_t>(col)]; }
  [[nodiscard]] bool is_nodata(float v) const;
  // Bilinear sample at (x, y) in the raster's CRS; nullopt outside or on nodata.
  [[nodiscard]] std::optional<double> sample(double x, double y) const;
  // The value of the cell containing (x, y), no interpolation (PostGIS ST_Value's default).
  [[nodiscard]] std::optional<double> cell_value(double x, double y) const;
  [[nodiscard]] BBox bbox() const;
  [[nodiscard]] double cell_size_x() const { return geotransform[1]; }
  [[nodiscard]] double cell_size_y() const { return -geotransform[5]; }
};

}  // namespace jiuyou
