#pragma once
// An offline basemap under the map: a local tile source (an MBTiles file, an
// XYZ tile folder, or any raster GDAL reads, e.g. a GeoTIFF) read through GDAL
// and warped to the view in the project's metric CRS. Nothing is fetched from
// the network: URLs, /vsicurl/ paths and GDAL WMS/TMS descriptions that point
// at http(s) are refused.
#include <string>

#include "gis/model/crs_ref.hpp"
#include "gis/model/error.hpp"
#include "gis/model/geometry.hpp"
#include "src/render/image.hpp"

namespace jiuyou::render {

struct BasemapView {
  BBox extent;      // metric CRS
  CrsRef crs;       // the metric CRS
  int width = 0, height = 0;  // pixels
  Rgba background;  // where the source has no data
  double opacity = 1.0;  // 0..1: the basemap over the background (the project's [basemap] opacity)
};

// The basemap for one view, opaque (row 0 north). `path`: a .mbtiles file, a
// folder of XYZ tiles ({z}/{x}/{y}.png, as OSM/天地图 caches are laid out), or
// a raster file. Errors: ErrorCode::io (missing, unreadable, on the network),
// ErrorCode::crs (no georeferencing).
Result<Image> read_basemap(const std::string& path, const BasemapView& view);

}  // namespace jiuyou::render
