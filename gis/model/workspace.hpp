#pragma once
// Everything a project loaded: its layers in one metric CRS, the DEM, and the
// issue log of what was wrong with the input and what was done about it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/model/crs_ref.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"
#include "gis/model/raster.hpp"

namespace jiuyou {

struct Workspace {
  std::string project_path;
  std::string name;           // county or project name for reports
  CrsRef metric_crs;          // every layer and the DEM are in this CRS after loading
  std::vector<FeatureTable> layers;
  std::optional<Raster> dem;
  IssueLog issues;

  [[nodiscard]] const FeatureTable* layer(std::string_view layer_name) const {
    for (const auto& l : layers)
      if (l.name == layer_name) return &l;
    return nullptr;
  }
  [[nodiscard]] FeatureTable* layer(std::string_view layer_name) {
    for (auto& l : layers)
      if (l.name == layer_name) return &l;
    return nullptr;
  }
};

// What the check reads, without owning it: the layers of a workspace (or of
// edited copies, or of a planner's own tables) and the DEM. The check's targets
// (villages, candidate sites) are passed beside the view, so nobody builds a
// fake workspace to check something else than the villages layer.
struct WorkspaceView {
  std::string name;           // county or project name for reports
  CrsRef metric_crs;
  std::vector<const FeatureTable*> layers;
  const Raster* dem = nullptr;

  [[nodiscard]] const FeatureTable* layer(std::string_view layer_name) const {
    for (const FeatureTable* l : layers)
      if (l && l->name == layer_name) return l;
    return nullptr;
  }
  [[nodiscard]] static WorkspaceView of(const Workspace& ws) {
    WorkspaceView v;
    v.name = ws.name;
    v.metric_crs = ws.metric_crs;
    v.layers.reserve(ws.layers.size());
    for (const auto& l : ws.layers) v.layers.push_back(&l);
    v.dem = ws.dem ? &*ws.dem : nullptr;
    return v;
  }
};

}  // namespace jiuyou
