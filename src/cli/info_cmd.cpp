// jiuyou info FILE: what a GDAL source holds, without loading it.
#include <algorithm>
#include <cstdio>

#include "gis/io/describe.hpp"
#include "gis/util/display_width.hpp"
#include "src/cli/command.hpp"

namespace jiuyou::cli {
namespace {

// The fields of a layer, one a line, the types in one column however wide
// (Chinese names take two columns a character) the names are.
void print_fields(const io::LayerInfo& l) {
  size_t name_columns = 28;
  for (const auto& f : l.fields) name_columns = std::max(name_columns, util::display_width(f.name));
  for (const auto& f : l.fields) std::printf("  %s %s\n", util::pad_right(f.name, name_columns).c_str(), f.type.c_str());
}

int run_info(const std::string& path) {
  auto info = io::describe_source(path);
  if (!info) return report_error("info", info.error());
  std::printf("%s (%s)\n", info->path.c_str(), info->driver.c_str());
  for (const auto& l : info->layers) {
    std::printf("layer %s: %s, %lld features, CRS %s\n", l.name.c_str(), l.geometry_type.c_str(), l.feature_count, l.crs.c_str());
    if (!l.note.empty()) std::printf("  (%s)\n", l.note.c_str());
    if (l.has_extent) std::printf("  extent: %.6f %.6f %.6f %.6f\n", l.extent[0], l.extent[1], l.extent[2], l.extent[3]);
    print_fields(l);
  }
  if (info->raster_bands > 0)
    std::printf("raster: %d x %d, %d band(s), CRS %s, band 1 range %.2f..%.2f\n", info->raster_width, info->raster_height, info->raster_bands,
                info->raster_crs.c_str(), info->raster_min, info->raster_max);
  return 0;
}

const CommandRegistrar reg{"info", "List the layers, fields, counts and CRS of any GDAL source", 30, [](CLI::App& sub) {
  auto path = std::make_shared<std::string>();
  sub.add_option("source", *path, "a file (GeoPackage, Shapefile, GeoJSON, CSV, XLSX, GeoTIFF...) or PG: connection")->required();
  sub.footer("Example: jiuyou info data/demo/county.gpkg");
  return [path] { return run_info(*path); };
}};

}  // namespace
}  // namespace jiuyou::cli
