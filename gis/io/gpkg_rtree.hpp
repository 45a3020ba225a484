#pragma once
// A GeoPackage's spatial index (the gpkg_rtree_index extension) packed in one
// pass. GDAL 3.6 fills it with one SQLite R*-tree insert per feature (~9 µs
// each: 1.7 s of the 3.5 s that result.gpkg took at 100,000 villages, issue
// #16, tenth round); here the boxes are sorted into full nodes (sort-tile-
// recursive) and the nodes written straight into the R-tree's tables. The
// index holds the same entries (id and box, rounded to float as SQLite rounds
// them), its triggers and extension row are those GDAL writes.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::io {

struct RtreeEntry {
  int64_t id = 0;
  double minx = 0, maxx = 0, miny = 0, maxy = 0;
};

// One feature table's index: the table, its geometry and FID columns, one
// entry per feature whose geometry is neither null nor empty.
struct RtreeLayer {
  std::string table, geometry_column, fid_column;
  std::vector<RtreeEntry> entries;
};

// Adds each layer's R-tree, triggers and gpkg_extensions row to the GeoPackage
// at `path` (closed by GDAL, written without SPATIAL_INDEX). One transaction.
// Entries with a coordinate that is not finite go in through SQLite's own
// insert, as GDAL would put them.
Result<void> write_gpkg_rtrees(const std::string& path, std::span<const RtreeLayer> layers);

}  // namespace jiuyou::io
