#pragma once
// What-if edits (#14 item 4): planned features drawn on the map (a road, a
// water pipe, a 10 kV line, a broadband tower, a facility) or an existing
// feature changed ("what if we pave this road": a planned copy that replaces
// it), kept as an undo/redo list, saved to a separate planned GeoPackage (never
// into the project's sources) in the schema of the project's layers, and
// checked as `jiuyou check PROJECT --with planned.gpkg` checks them
// (app::apply_planned), so the command line reproduces the viewer's verdicts.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::viewer {

struct PlannedFeature {
  std::string layer;                          // a project layer: roads, water, power, broadband_towers, facilities, ...
  std::vector<std::vector<Vec2>> parts;       // metric CRS: the lines of a line feature; one part of one point for a point
  std::map<std::string, std::string> values;  // canonical field -> value as text ("asphalt", "10", "true")
  std::optional<int64_t> replaces;            // the FID of the project feature this one supersedes
};

// A planned road (canonical surface and class).
PlannedFeature planned_road(std::vector<Vec2> points, const std::string& surface, const std::string& road_class);

struct EditList {
  std::vector<PlannedFeature> done;    // applied, oldest first
  std::vector<PlannedFeature> undone;  // undone, most recent last (redo takes it back)
  void add(PlannedFeature f);          // clears the redo list
  bool undo();
  bool redo();
};

// The planned features of one layer as a table with every column of the project's
// layer (so `check --with` finds each canonical field), the given values converted
// to the column's type, null elsewhere, plus `replaces` (integer); in the project
// layer's CRS. An error names the feature and field whose value does not convert.
Result<FeatureTable> planned_table(const FeatureTable& project_layer, const std::vector<PlannedFeature>& features);

// Every layer the edits touch, as planned tables (layer order of the workspace).
Result<std::vector<FeatureTable>> planned_tables(const Workspace& project, const std::vector<PlannedFeature>& features);

// The project feature `row` of `layer` as a planned copy that replaces it, with `values` changed.
PlannedFeature replacement_of(const FeatureTable& layer, size_t row, const std::map<std::string, std::string>& values);

// Where the planned edits of `project` are saved: `<root>/<project stem>-planned.gpkg`
// (root: `check_root`, else the project's folder).
std::string planned_path(const std::string& project, const std::string& check_root);

}  // namespace jiuyou::viewer
