#pragma once
// Planned features (`jiuyou check --with planned.gpkg [--until YEAR]`, the
// viewer's what-if, the investment plan's own re-check): layers named like the
// project's layers (roads, power, water_plants, ...), in the canonical schema,
// with an optional integer `year`, appended to those layers before the check.
// Layers named plan_* (an investment plan's own tables: plan_projects,
// plan_villages, plan_frontier) are not planned features and are left alone.
//
// A planned feature with an integer `replaces` (the FID of a feature of the
// project's layer) supersedes that feature: "what if we pave this road" is the
// road again with surface = asphalt and replaces = its FID. The source feature
// is left out of the check (when the planned feature applies: --until).
//
// Everything is validated before anything is appended: a layer the project
// does not have, a geometry kind other than the project layer's, a canonical
// field the project layer has and the planned layer lacks, a `year` that is
// not an integer, a `replaces` that is not an integer or names no feature — each is an error naming the file, layer and field (exit 4),
// and the workspace is unchanged.
#include <optional>
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/workspace.hpp"
#include "gis/report/result_meta.hpp"

namespace jiuyou::app {

struct PlannedLayers {
  std::string path;                  // where they came from (messages); empty when built in memory
  std::vector<FeatureTable> layers;  // each named like a project layer; any CRS (converted when applied)
  std::optional<report::ResultMeta> meta;  // the file's jiuyou_meta (invest.gpkg: the county it was made for)
};

struct PlannedApplied {
  size_t added = 0;       // features appended
  size_t later = 0;       // features left out because their year is after `until`
  size_t replaced = 0;    // project features superseded (`replaces`) and left out
  std::vector<std::string> layers;  // the layers that received features
  std::vector<std::string> warnings_zh;  // plan_county.hpp: villages differ from the plan's, facilities outside their village
};

// The name of the optional year column, and the prefix of a plan's own tables.
inline constexpr const char* planned_year_field = "year";
inline constexpr const char* plan_table_prefix = "plan_";
// The optional integer column naming the FID of the project feature a planned feature supersedes.
inline constexpr const char* planned_replaces_field = "replaces";

// Reads every layer of the GeoPackage (or other GDAL source) at `path` that is
// not a plan_* table nor its jiuyou_meta (kept in `meta`). It does not validate against a project: apply_planned does.
Result<PlannedLayers> read_planned(const std::string& path);

// --with-crs: every planned layer is taken to be in `crs_text` (GCJ-02, BD-09,
// EPSG:n, anything CrsRef::parse and PROJ know), whatever its file says. Empty:
// nothing changes. An unknown CRS is an error (exit 5).
Result<void> declare_planned_crs(PlannedLayers& planned, const std::string& crs_text);

// Appends the planned features (year <= until, or no year, or no `until`) to
// the workspace layers of the same name, converted to the workspace's metric
// CRS. Appended features get FIDs after the largest FID of their layer. All or
// nothing: on error the workspace is unchanged. A plan whose metadata names
// another county is refused (exit 2; plan_county.hpp). Planned lines whose
// ends sit off the network in the GCJ-02 pattern are warned about (planned_offset.hpp).
Result<PlannedApplied> apply_planned(Workspace& ws, const PlannedLayers& planned, std::optional<int> until);

}  // namespace jiuyou::app
