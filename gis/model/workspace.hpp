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
  // A DEM the project names that the load left out, and why ("高程不像是以米为单位（dem_implausible_heights）");
  // empty when none is named or it is used. Messages about a missing DEM say this instead of "add [layers.dem]".
  std::string dem_unused;
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
  std::string dem_unused;  // as Workspace::dem_unused

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
    v.dem_unused = ws.dem_unused;
    return v;
  }
};

// "项目中没有高程数据（DEM）", or for a DEM the load left out "项目的高程数据（DEM）未使用：<why>" (tour 19 T11: a DEM
// refused as feet was reported as missing, with the advice to add the line the project has).
inline std::string dem_absence_zh(const std::string& dem_unused) {
  return dem_unused.empty() ? "项目中没有高程数据（DEM）" : "项目的高程数据（DEM）未使用：" + dem_unused;
}
// What to do about it: add a DEM, or replace the one left out.
inline std::string dem_absence_hint(const std::string& dem_unused) {
  return dem_unused.empty() ? "在项目文件中加入 [layers.dem] path = \"dem.tif\"" : "换成以米为单位、覆盖各村的 DEM（原因见上面关于 DEM 的警告）";
}

}  // namespace jiuyou
