#pragma once
// Loading layers through GDAL into the model. Every feature is decoded
// (GBK/GB18030 text and field names), checked (empty geometry, out-of-range
// coordinates, invalid polygons repaired with GEOS MakeValid), its canonical
// values mapped through the layer's vocabulary (docs/data-mapping.md), and each
// problem becomes an IssueLog entry naming file, layer, feature and field. A
// read GDAL breaks off (a damaged file) is an Error, never a shorter layer.
#include <string>

#include "gis/io/project.hpp"
#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"
#include "gis/model/progress.hpp"
#include "gis/model/raster.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::io {

struct LoadOptions {
  CrsRef metric_crs;          // overrides the project's; empty: project's, or auto
  bool reproject = true;      // false: keep each layer in its source CRS
  bool repair = true;         // MakeValid invalid polygons
  ProgressFn progress;
};

// One vector layer in its source CRS (table.crs says which), fields renamed to canonical names.
Result<FeatureTable> read_layer(const LayerSpec& spec, IssueLog& log);
// A raster layer (band 1), optionally warped to `to` (bilinear).
Result<Raster> read_raster(const LayerSpec& spec, IssueLog& log, const CrsRef* to = nullptr);
// Every layer of the project, reprojected to one metric CRS; attribute tables joined.
Result<Workspace> load_workspace(const Project& project, const LoadOptions& options = {});

}  // namespace jiuyou::io
