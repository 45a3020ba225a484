#pragma once
// Opening what the planner points at as one document: a project (.toml or a
// GeoPackage with canonical layers), or an output of jiuyou (result.gpkg,
// relocation.gpkg, links.gpkg). An output that records its project
// (gis/report/result_meta.hpp) opens over every layer of that project: the
// output's layers (villages with verdicts, gaps, sites, flows...) replace or
// join the project's, all in the project's metric CRS. Used by `jiuyou view`
// and `jiuyou render`.
#include <optional>
#include <string>
#include <vector>

#include "gis/io/load.hpp"
#include "gis/io/basemap_spec.hpp"
#include "gis/model/error.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::render {

struct Document {
  Workspace ws;
  std::string rule_set;            // the rule set of the check (from the output's metadata or the project); may be empty
  std::string project_path;        // the project the layers come from ("" when only the file itself was opened)
  std::vector<std::string> notes;  // what the planner should know (in Chinese), e.g. the project was not found
  std::vector<std::string> verdict_caveats;  // a check result's data problems that change its verdicts (report/check_caveats.hpp), in Chinese
  std::optional<io::BasemapSpec> basemap;  // the project's [basemap] (view, render and atlas draw it unless told otherwise)
};

// The Chinese title of a planners' output ("易地扶贫搬迁安置规划", "山海协作结对"),
// recognised by its layers; empty for other workspaces.
std::string planner_title(const Workspace& ws);

// An item of the rule set as the map and the viewer name it.
struct ItemInfo {
  std::string id;    // the column of result.gpkg
  std::string name;  // name_zh of the rule set ("有硬化的通村公路")
  bool net4 = false;    // one of 四网
  bool jiuyou = false;  // one of 九有
  bool required = true;  // decides the exit verdict (advisory items do not)
};
// The visible items of a rule set (id or path); empty when it cannot be loaded
// (the viewer then shows the column ids).
std::vector<ItemInfo> items_of_rule_set(const std::string& rule_set);
// The Chinese name of `item` in `rule_set`, or `item` itself.
std::string item_title_in(const std::string& rule_set, const std::string& item);

// Errors as io::load_project / io::load_workspace; a recorded project that is
// gone or broken is a note, not an error (the output's own layers still open).
// `path` may be an output folder of jiuyou: its result.gpkg (or compare.gpkg,
// relocation.gpkg, links.gpkg, invest.gpkg) is opened.
Result<Document> open_document(const std::string& path, const io::LoadOptions& load = {});

}  // namespace jiuyou::render
