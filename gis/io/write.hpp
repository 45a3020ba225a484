#pragma once
// Writing model tables and rasters through GDAL. Every writer is atomic: it
// writes to a temporary name beside the target and renames at the end, so a
// failure never leaves a half-written file.
#include <span>
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/raster.hpp"

namespace jiuyou::io {

struct WriteOptions {
  std::string driver;                         // empty: from the extension (.gpkg .shp .geojson .fgb .csv)
  std::vector<std::string> layer_options;     // GDAL layer creation options, "KEY=VALUE"
  bool overwrite = true;
  bool append = false;                        // add the layers to the existing (multi-layer) file at `path`
};

// Writes each table as a layer named table.name into one dataset at `path`.
Result<void> write_layers(const std::string& path, std::span<const FeatureTable* const> tables, const WriteOptions& options = {});
Result<void> write_layer(const std::string& path, const FeatureTable& table, const WriteOptions& options = {});
// Single-band Float32 GeoTIFF (deflate-compressed, tiled).
Result<void> write_geotiff(const std::string& path, const Raster& raster);

}  // namespace jiuyou::io
