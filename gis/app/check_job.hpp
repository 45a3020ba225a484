#pragma once
// `jiuyou check` as one call that any front end makes (the CLI today, the
// viewer next): load the project once, the rules, the check, and every output
// — the map included — committed as one set (util::OutputSet).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gis/app/check_map.hpp"
#include "gis/indicators/check.hpp"
#include "gis/indicators/rule_set.hpp"
#include "gis/io/project.hpp"
#include "gis/model/error.hpp"
#include "gis/model/progress.hpp"
#include "gis/model/workspace.hpp"
#include "gis/report/check_report.hpp"

namespace jiuyou::app {

struct CheckJob {
  std::string project;              // project .toml or a GeoPackage with canonical layer names
  std::string rules;                // empty: the project's
  indicators::RuleParams params;
  std::string metric_crs;           // empty or "auto": the data's Gauss-Kruger zone
  int threads = 0;
  std::vector<std::string> items;   // a subset: item ids or the group words net4/jiuyou (CheckParams::items); empty: all
  std::string out_dir;              // result.gpkg, result.xlsx, report.html, map.png; or "PG:..." (the tables into PostGIS)
  std::string schema;               // with out_dir "PG:...": the schema the tables go into (required there, refused otherwise)
  std::string planned;              // --with: planned features appended before the check (gis/app/planned.hpp); empty: none
  std::optional<int> until;         // --until: only planned features of this year or earlier
  std::string planned_crs;          // --with-crs: the CRS the planned layers are really in (e.g. GCJ-02); empty: as the file says
  MapWriter map_writer;             // empty: no map; else run on a thread beside the outputs (check_map.hpp)
  report::Evidence evidence = report::Evidence::lean;  // result.gpkg's villages: lean, or full (with the evidence sentences)
  ProgressFn progress;
  // false: the check's cells (CheckRun::result.cells, the per-village evidence) are
  // freed once nothing more reads them (the workbook written, the page composed),
  // before result.gpkg is written and while the map still renders (issue #16:
  // `jiuyou check` reads only the summaries afterwards). Written outputs only.
  bool keep_cells = true;
};

struct CheckRun {
  io::Project project;
  Workspace ws;
  indicators::CheckResult result;
  std::vector<std::string> written;  // file names in out_dir
  std::string map_note;              // why there is no map, when the writer failed
  size_t planned_added = 0;          // planned features appended (--with)
  size_t planned_later = 0;          // planned features after --until, left out
  std::vector<std::string> planned_warnings_zh;  // the plan's villages differ, a facility outside its village (plan_county.hpp)
};

// The file names `jiuyou check` may write (the set's vocabulary).
const std::vector<std::string>& check_output_names();

Result<CheckRun> run_check(const CheckJob& job);

// The same load and check as run_check, in memory: nothing written, out_dir and
// map_writer unused (`jiuyou compare` checks each year this way).
Result<CheckRun> check_in_memory(const CheckJob& job);

}  // namespace jiuyou::app
