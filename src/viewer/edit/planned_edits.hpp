#pragma once
// What-if edits (#14 item 4): planned roads drawn on the map, kept as an
// undo/redo list, saved to a separate planned GeoPackage (never into the
// project's sources) in the project's roads schema, and re-checked through the
// same pipeline as `jiuyou check PROJECT --with planned.gpkg`, so the command
// line reproduces the verdicts the viewer shows.
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"

namespace jiuyou::viewer {

struct PlannedRoad {
  std::vector<Vec2> points;  // metric CRS
  std::string surface;       // canonical: asphalt, concrete, gravel, earth
  std::string road_class;    // canonical: national ... village
};

struct EditList {
  std::vector<PlannedRoad> done;    // applied, oldest first
  std::vector<PlannedRoad> undone;  // undone, most recent last (redo takes it back)
  void add(PlannedRoad road);       // clears the redo list
  bool undo();
  bool redo();
};

// The planned roads as a "roads" layer with every column of the project's roads
// layer (so `check --with` finds each canonical field), null except surface and
// class, in `project_roads`' CRS.
FeatureTable planned_roads_table(const FeatureTable& project_roads, const std::vector<PlannedRoad>& roads);

// Where the planned edits of `project` are saved: `<root>/<project stem>-planned.gpkg`
// (root: `check_root`, else the project's folder).
std::string planned_path(const std::string& project, const std::string& check_root);

}  // namespace jiuyou::viewer
