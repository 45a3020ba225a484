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

}  // namespace jiuyou
