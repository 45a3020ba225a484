#pragma once
// `jiuyou check` as one call that any front end makes (the CLI today, the
// viewer next): load the project once, the rules, the check, and every output
// — the map included — committed as one set (util::OutputSet).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gis/indicators/check.hpp"
#include "gis/indicators/rule_set.hpp"
#include "gis/io/project.hpp"
#include "gis/model/error.hpp"
#include "gis/model/progress.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::app {

// What the map writer gets: the workspace and the two result layers, which it
// may move out and must put back (the renderer lives outside gis/, so the
// front end passes it in), and where the PNG goes.
struct MapRequest {
  Workspace& ws;
  FeatureTable& villages_result;
  FeatureTable& gaps;
  std::string png_path;
};
using MapWriter = std::function<Result<void>(MapRequest&)>;

struct CheckJob {
  std::string project;              // project .toml or a GeoPackage with canonical layer names
  std::string rules;                // empty: the project's
  indicators::RuleParams params;
  std::string metric_crs;           // empty or "auto": the data's Gauss-Kruger zone
  int threads = 0;
  std::vector<std::string> items;   // a subset: item ids or the group words net4/jiuyou (CheckParams::items); empty: all
  std::string out_dir;              // result.gpkg, result.xlsx, report.html, map.png
  std::string planned;              // --with: planned features appended before the check (gis/app/planned.hpp); empty: none
  std::optional<int> until;         // --until: only planned features of this year or earlier
  MapWriter map_writer;             // empty: no map
  ProgressFn progress;
};

struct CheckRun {
  io::Project project;
  Workspace ws;
  indicators::CheckResult result;
  std::vector<std::string> written;  // file names in out_dir
  std::string map_note;              // why there is no map, when the writer failed
  size_t planned_added = 0;          // planned features appended (--with)
  size_t planned_later = 0;          // planned features after --until, left out
};

// The file names `jiuyou check` may write (the set's vocabulary).
const std::vector<std::string>& check_output_names();

Result<CheckRun> run_check(const CheckJob& job);

}  // namespace jiuyou::app
