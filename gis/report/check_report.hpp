#pragma once
// What the village check gives a planner the same day: a GeoPackage that QGIS
// opens coloured by verdict, an XLSX workbook with Chinese headers, and a
// self-contained HTML report. `jiuyou check --out DIR` calls
// write_check_outputs; the pieces are public for tests and the viewer.
#include <functional>
#include <string>
#include <vector>

#include "gis/indicators/check.hpp"
#include "gis/io/pg_write.hpp"
#include "gis/model/error.hpp"
#include "gis/model/issue_log.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/progress.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::report {

// How much evidence the villages layer of result.gpkg carries. lean (the
// default of `jiuyou check`): per item the outcome and its numbers (distance,
// nearest FID, share, value), the counts and the verdict; full (`--evidence
// full`): also each item's evidence sentence (`<id>_note`) and the distance to
// the nearest unconnected feature (`<id>_unconnected_m`). Both hold the same
// outcomes; the sentences are also in result.xlsx (above
// k_province_workbook_villages only those of the items not met). At 100,000
// villages the sentences are most of the file.
enum class Evidence : unsigned char { lean, full };

struct ReportOptions {
  std::string map_png;  // optional: a rendered map, embedded in the HTML as a data URI
  // Optional, for a map rendered beside the outputs: called once result.gpkg and
  // result.xlsx are written and report.html is composed but for its map; waits
  // for the map and returns its PNG (empty: no map), used instead of map_png.
  std::function<std::string()> await_map = {};
  // Optional: called once nothing more reads the check's cells (result.xlsx
  // written, the page composed but for its map, and result.gpkg too when
  // villages_result or gaps is null), before the rest is written and the map
  // awaited; the caller may free the cells (while the map renders).
  std::function<void()> composed = {};
  // What loading the project found (join misses, unmapped values, ...): its warnings and
  // errors are listed in report.html's appendix so the reviewer sees why data is missing.
  const IssueLog* load_issues = nullptr;
  bool write_gpkg = true;
  bool write_xlsx = true;
  bool write_html = true;
  // The villages layer built here when villages_result is null (`jiuyou check` passes lean).
  Evidence evidence = Evidence::full;
  // Told the stage ("writing result.gpkg", ...) as each file starts; the ratio is 0.9.
  ProgressFn progress = {};
  // report.html lists at most this many villages in each of its two village
  // sections (cannot exit; data missing), then says how many more there are and
  // where the full list is (result.xlsx, result.gpkg). A province's 80,000
  // failing villages would make a page no browser opens. 0: no limit.
  size_t html_village_limit = 2000;
  // Already built villages_result_table(ws, result) and gaps_table(ws, result)
  // (e.g. for the map), used instead of building them again; null: built here.
  const FeatureTable* villages_result = nullptr;
  const FeatureTable* gaps = nullptr;
  // Optional: the jiuyou_meta table (result_meta.hpp: the project and rule set of
  // the run) written into result.gpkg, so that the viewer opens the result as one
  // document over the project's layers.
  const FeatureTable* meta = nullptr;
  // Non-empty for a what-if (`check --with plan.gpkg`): one plain sentence saying
  // that planned works were counted as built. report.html carries it as a banner
  // under a title marked 模拟, result.xlsx as a first sheet, so that a document
  // forwarded on is never taken for the county's present state.
  std::string scenario = {};
};

// DIR/result.gpkg, DIR/result.xlsx, DIR/report.html: every file is written to a
// temporary name and all are renamed at the end; on any failure nothing new is
// left (a folder created here is removed again, files that were there stay).
// The layers are read through a view: the map may be rendering from the same
// tables meanwhile (gis/app/check_job.cpp lends them to it).
Result<void> write_check_outputs(const std::string& dir, const WorkspaceView& ws, const indicators::CheckResult& result,
                                 const ReportOptions& opts = {});
inline Result<void> write_check_outputs(const std::string& dir, const Workspace& ws, const indicators::CheckResult& result,
                                        const ReportOptions& opts = {}) {
  return write_check_outputs(dir, WorkspaceView::of(ws), result, opts);
}

// The tables of result.gpkg (villages as opts.evidence says, gaps, the two
// summaries, opts.meta) and their QGIS styles into a PostGIS schema, in one
// transaction (io::write_pg_layers): the previous tables stay on any failure.
Result<void> write_check_tables_pg(const io::PgTarget& target, const Workspace& ws, const indicators::CheckResult& result,
                                   const ReportOptions& opts = {});

// Layer `villages`: the input villages (geometry, FIDs, every input field; an
// input field named like a result column is replaced by the result), then per
// visible item in rule order `<id>` ("pass"/"fail"/"unknown") and its evidence
// (`<id>_distance_m`, `<id>_nearest_fid`, `<id>_unconnected_m`, `<id>_share`,
// `<id>_value`, `<id>_note`, where the item's kind measures them), then
// net4_count, jiuyou_count, failed_count, unknown_count, verdict
// ("exit"/"fail"/"unknown"), verdict_zh, missing_items. CRS: the workspace's.
// Evidence::lean leaves out `<id>_note` and `<id>_unconnected_m`.
// `load_issues`: the load's, so that a value the loader found implausible reads "数据不合理：…" as in result.xlsx,
// not "缺少数据" (tour 12 L3).
FeatureTable villages_result_table(const WorkspaceView& ws, const indicators::CheckResult& result, Evidence evidence = Evidence::full,
                                   const IssueLog* load_issues = nullptr);
inline FeatureTable villages_result_table(const Workspace& ws, const indicators::CheckResult& result, Evidence evidence = Evidence::full) {
  return villages_result_table(WorkspaceView::of(ws), result, evidence, &ws.issues);
}
// Layer `gaps`: a line from the village to the nearest qualifying feature for
// each failed network_access, facility and water_convenience item that has
// one; fields village_code, village_name, item, item_zh, length_m.
FeatureTable gaps_table(const WorkspaceView& ws, const indicators::CheckResult& result);
inline FeatureTable gaps_table(const Workspace& ws, const indicators::CheckResult& result) { return gaps_table(WorkspaceView::of(ws), result); }
// Attribute tables: township (or county), villages, exit, fail, unknown,
// exit_rate, then per visible item <id>_pass, <id>_fail, <id>_unknown,
// <id>_pass_rate. Rates are shares of all villages (0..1).
FeatureTable township_summary_table(const indicators::CheckResult& result);
FeatureTable county_summary_table(const indicators::CheckResult& result);

// QGIS styles (.qml documents) and their SLD twins: villages categorized on
// `verdict` (exit green, fail red, unknown grey), gaps as dashed red lines.
std::string villages_qml(GeometryKind kind);
std::string villages_sld(GeometryKind kind);
std::string gaps_qml();
std::string gaps_sld();

// Above this many villages result.xlsx is a province's workbook: written in
// libxlsxwriter's constant-memory mode, and each item's 依据 column holds the
// sentences of the cells not met (不达标, 未知) only. A 达标 cell's sentence
// mostly restates the numbers beside it (distance, share, value); at 100,000
// villages those sentences were a third of the sheet's 366 MB of XML and of
// the zip's work. The header and the 规则说明 sheet say so; `--evidence full`
// puts every sentence into result.gpkg.
inline constexpr size_t k_province_workbook_villages = 20000;

struct WorkbookOptions {
  std::string scenario = {};  // see ReportOptions::scenario
  size_t province_villages = k_province_workbook_villages;
  const IssueLog* load_issues = nullptr;  // the load's issues: unit slips among them open 请先看 (check_caveats.hpp)
};

// The workbook: sheets 村级结果, 乡镇汇总, 全县汇总, 规则说明.
Result<void> write_check_xlsx(const std::string& path, const WorkspaceView& ws, const indicators::CheckResult& result,
                              const WorkbookOptions& options);
inline Result<void> write_check_xlsx(const std::string& path, const WorkspaceView& ws, const indicators::CheckResult& result,
                                     const std::string& scenario = {}) {
  return write_check_xlsx(path, ws, result, WorkbookOptions{scenario});
}
inline Result<void> write_check_xlsx(const std::string& path, const Workspace& ws, const indicators::CheckResult& result,
                                     const std::string& scenario = {}) {
  return write_check_xlsx(path, WorkspaceView::of(ws), result, WorkbookOptions{scenario});
}
// The HTML page (UTF-8, self-contained). Fails only when opts.map_png cannot be read.
Result<std::string> check_report_html(const WorkspaceView& ws, const indicators::CheckResult& result, const ReportOptions& opts = {});
// The same page composed before its map is there (the map still rendering beside
// the outputs): the page before and after the map's place. page_with_map puts the
// picture in (empty map_png: the page without a map), byte for byte what
// check_report_html gives; it fails only when map_png cannot be read.
struct PageAroundMap {
  std::string before, after, county;
  std::string map_legend;  // under the map: the villages' classes as the map colours them, with counts
};
PageAroundMap check_report_around_map(const WorkspaceView& ws, const indicators::CheckResult& result, const ReportOptions& opts = {});
Result<std::string> page_with_map(const PageAroundMap& page, const std::string& map_png);
inline Result<std::string> check_report_html(const Workspace& ws, const indicators::CheckResult& result, const ReportOptions& opts = {}) {
  return check_report_html(WorkspaceView::of(ws), result, opts);
}

// Evidence for one cell in Chinese: the check's note when it has one, else a
// sentence made from the measured numbers and the item's threshold
// ("最近 2.3 km（标准 ≤ 500 m）"). Composite items list their children's.
std::string evidence_zh(const indicators::CheckResult& result, size_t village, size_t item);
// The item's standard in Chinese: "≤ 500 m，须连通主干（class IN (...)）",
// "水平 ≤ 800 m，垂直 ≤ 80 m", the expression of an attribute item, ...
std::string threshold_zh(const indicators::RuleSet& rules, const indicators::Item& item);
// "<item name>: <evidence>" for every visible item of the village whose outcome
// is `outcome` (fail or unknown) and whose `required` flag equals `required`
// (true: the items that decide the verdict; false: the advisory ones), in rule order.
std::vector<std::string> village_lacks_zh(const indicators::CheckResult& result, size_t village, indicators::Outcome outcome,
                                          bool required = true);

}  // namespace jiuyou::report
