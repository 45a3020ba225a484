#pragma once
// What a GDAL source holds, without loading it: layers, geometry types,
// feature counts, CRS, fields (`jiuyou info`).
#include <string>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::io {

struct FieldInfo {
  std::string name;
  std::string type;
};

struct LayerInfo {
  std::string name;
  std::string geometry_type;
  long long feature_count = -1;
  std::string crs;  // "EPSG:4490" or the CRS name
  double extent[4] = {0, 0, 0, 0};  // min x, min y, max x, max y in the layer's CRS
  bool has_extent = false;
  std::vector<FieldInfo> fields;
  std::string note;  // how the names were read: GBK decoded, header row found below title rows
};

struct SourceInfo {
  std::string path;
  std::string driver;
  std::vector<LayerInfo> layers;
  // Rasters
  int raster_width = 0, raster_height = 0, raster_bands = 0;
  std::string raster_crs;
  double raster_min = 0, raster_max = 0;
};

Result<SourceInfo> describe_source(const std::string& path);

}  // namespace jiuyou::io
