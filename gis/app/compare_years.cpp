// The years of `jiuyou compare`: a project checked in memory with its own rule
// set, or a check result read back (outcomes from result.gpkg, the layers from
// the project its jiuyou_meta names when that still exists).
#include <cmath>
#include <filesystem>
#include <regex>

#include "gis/io/schema.hpp"
#include "gis/app/check_job.hpp"
#include "gis/app/compare_job.hpp"
#include "gis/io/load.hpp"
#include "gis/report/output_folder.hpp"
#include "gis/report/result_meta.hpp"

namespace jiuyou::app {

namespace fs = std::filesystem;
using indicators::ItemKind;
using indicators::Outcome;

namespace {

// "2021" from the path, the project name or (for a check result) the project path the check recorded (tour 12 L18);
// else 第N期.
std::string year_label(const std::string& path, const std::string& name, size_t index, const std::string& recorded_project = {}) {
  static const std::regex year(R"((19|20)\d\d)");
  for (const std::string& s : {fs::absolute(path).string(), name, recorded_project}) {
    std::string last;
    for (auto it = std::sregex_iterator(s.begin(), s.end(), year); it != std::sregex_iterator(); ++it) last = it->str();
    if (!last.empty()) return last;
  }
  return "第" + std::to_string(index + 1) + "期";
}

Result<io::ReferenceCodes> codes_of(const io::Project& project) {
  if (project.reference_codes.empty()) return io::ReferenceCodes{};
  return io::read_reference_codes(project.reference_codes);
}

// The project's column for each field of each layer, and the tables it joins onto a layer (named when a year lacks a field).
void note_columns(const io::Project& project, compare::YearData& y) {
  for (const io::LayerSpec& l : project.layers) {
    for (const auto& [field, column] : l.fields) y.source_columns[l.name][field] = column;
    if (l.join_to.empty()) continue;
    compare::JoinedTable t{l.name, l.join_to, l.path, {}};
    for (const auto& [field, column] : l.fields) t.columns[field] = column;
    y.joined.push_back(std::move(t));
  }
}

Result<compare::YearData> project_year(const std::string& path, const CrsRef& metric_crs, size_t index, int threads) {
  CheckJob job;
  job.project = path;
  job.metric_crs = metric_crs.empty() ? std::string() : metric_crs.definition;
  job.threads = threads;
  ASSIGN_OR_RETURN(CheckRun run, check_in_memory(job));
  compare::YearData y;
  y.label = year_label(path, run.project.name, index);
  y.source = path;
  y.project_path = path;
  ASSIGN_OR_RETURN(y.codes, codes_of(run.project));
  note_columns(run.project, y);
  y.ws = std::move(run.ws);
  y.result = std::move(run.result);
  return y;
}

// A result's nearest_fid is only kept for items whose layer has no companion
// layer (water and water_plants): the file does not say which layer it was.
bool single_layer(const Workspace& ws, const std::string& layer) {
  for (const auto& l : ws.layers)
    if (l.name.rfind(layer + "_", 0) == 0) return false;
  return true;
}

void read_cell(const FeatureTable& t, size_t v, const indicators::Item& item, bool keep_fid, indicators::ItemResult& r) {
  auto num = [&](const std::string& f) {
    const Column* c = t.column(item.id + f);
    return c == nullptr || c->is_null(v) ? indicators::k_nan : c->number(v).value_or(indicators::k_nan);
  };
  const Column* oc = t.column(item.id);
  const std::string o = oc == nullptr || oc->is_null(v) ? std::string() : oc->as_text(v);
  r.outcome = o == "pass" ? Outcome::pass : o == "fail" ? Outcome::fail : Outcome::unknown;
  r.distance_m = num("_distance_m");
  r.share = num("_share");
  r.value = num("_value");
  const double fid = num("_nearest_fid");
  r.nearest_fid = keep_fid && !std::isnan(fid) ? static_cast<int64_t>(fid) : -1;
  if (r.outcome != Outcome::fail) return;
  if (item.kind == ItemKind::coverage && !std::isnan(r.share)) r.shortfall = item.min_share - r.share;
  else if (item.kind != ItemKind::attribute && item.max_distance_m >= 0 && !std::isnan(r.distance_m)) r.shortfall = r.distance_m - item.max_distance_m;
}

indicators::CheckResult result_from_table(const FeatureTable& t, indicators::RuleSet rules, const Workspace& ws) {
  indicators::CheckResult r;
  r.rules = std::move(rules);
  r.county = ws.name;
  r.crs = ws.metric_crs;
  r.village_count = t.size();
  const size_t n_items = r.rules.items.size();
  r.cells.resize(t.size() * n_items);
  for (const auto& it : r.rules.items) r.evidence_layers.push_back(it.layer);
  const Column* verdict = t.column("verdict");
  for (size_t v = 0; v < t.size(); ++v) {
    uint16_t failed = 0;
    for (size_t i = 0; i < n_items; ++i) {
      const auto& item = r.rules.items[i];
      auto& cell = r.cells[v * n_items + i];
      read_cell(t, v, item, !item.layer.empty() && single_layer(ws, item.layer), cell);
      if (cell.nearest_fid >= 0) cell.nearest_layer = static_cast<int16_t>(i);
      failed += cell.outcome == Outcome::fail && item.required ? 1 : 0;
    }
    const std::string verdict_text = verdict == nullptr || verdict->is_null(v) ? std::string() : verdict->as_text(v);
    r.verdict.push_back(verdict_text == "exit" ? Outcome::pass : verdict_text == "fail" ? Outcome::fail : Outcome::unknown);
    r.failed_count.push_back(failed);
  }
  return r;
}

Result<compare::YearData> result_year(const std::string& gpkg, const report::ResultMeta& meta, const CrsRef& metric_crs, size_t index) {
  io::LoadOptions opts;
  opts.metric_crs = metric_crs;
  ASSIGN_OR_RETURN(const io::Project rp, io::load_project(gpkg));
  ASSIGN_OR_RETURN(Workspace rws, io::load_workspace(rp, opts));
  FeatureTable* villages = rws.layer(io::target_layer);
  if (villages == nullptr || villages->column("verdict") == nullptr)
    return error(ErrorCode::format, "this GeoPackage has no villages layer with a verdict: it is not a check result").file(gpkg).layer(io::target_layer).hint("give the result.gpkg of `jiuyou check`, its folder, or the project");
  ASSIGN_OR_RETURN(indicators::RuleSet rules, indicators::load_rule_set(meta.rule_set, {}));
  compare::YearData y;
  y.source = gpkg;
  std::error_code ec;
  if (!meta.project_path.empty() && fs::exists(meta.project_path, ec)) {
    ASSIGN_OR_RETURN(const io::Project project, io::load_project(meta.project_path));
    ASSIGN_OR_RETURN(y.ws, io::load_workspace(project, opts));
    ASSIGN_OR_RETURN(y.codes, codes_of(project));
    note_columns(project, y);
    y.project_path = meta.project_path;
    y.label = year_label(gpkg, project.name, index, meta.project_path);
    std::erase_if(y.ws.layers, [](const FeatureTable& l) { return l.name == io::target_layer; });
  } else {  // the project is gone: the names the check recorded, never the file's stem or the codes
    const auto county = meta.extra.find(report::k_meta_county_name);
    y.ws.name = county != meta.extra.end() && !county->second.empty() ? county->second : rws.name;
    const std::string prefix = report::k_meta_township_name;
    for (const auto& [key, value] : meta.extra)
      if (key.rfind(prefix, 0) == 0) y.township_names.emplace(key.substr(prefix.size()), value);
    y.ws.metric_crs = rws.metric_crs;
    y.has_features = false;
    y.label = year_label(gpkg, rws.name, index, meta.project_path);
  }
  // A what-if (check --with a plan) is labelled as such wherever the year is named.
  if (auto s = meta.extra.find("scenario"); s != meta.extra.end() && !s->second.empty()) {
    y.scenario = s->second;
    y.label += "（模拟）";
  }
  y.ws.layers.push_back(std::move(*villages));
  y.result = result_from_table(*y.ws.layer(io::target_layer), std::move(rules), y.ws);
  return y;
}

}  // namespace

bool is_pg_year(const std::string& path) { return path.rfind("PG:", 0) == 0; }

namespace {

// The connection string as messages and the outputs show it: a password never.
std::string shown_connection(const std::string& conn) {
  static const std::regex password(R"(password\s*=\s*('[^']*'|\S+))");
  return std::regex_replace(conn, password, "password=***");
}

// An error of reading `conn`, naming it without its password.
Error shown_error(Error e, const std::string& shown) {
  e.file = shown;
  e.message = shown_connection(e.message);
  e.hint = shown_connection(e.hint);
  return e;
}

// A check written into PostgreSQL (`check --out PG:... --schema S`), read back
// as a result.gpkg is: GDAL's PG driver with schemas=S shows its tables by name.
Result<compare::YearData> pg_year(const std::string& conn, const CrsRef& metric_crs, size_t index) {
  const std::string shown = shown_connection(conn);
  if (conn.find("schemas=") == std::string::npos)
    return error(ErrorCode::input, "a year in PostgreSQL needs the schema its check was written to").file(shown)
        .hint("PG:\"dbname=... schemas=review_2024\" (the --schema of jiuyou check --out PG:...)");
  auto meta = report::read_result_meta(conn);
  if (!meta) {  // the database cannot be reached (or the schema read): like a missing file, exit 3
    Error e = shown_error(meta.error(), shown);
    e.code = ErrorCode::io;
    return tl::unexpected(e);
  }
  if (!*meta || (*meta)->kind != "check")
    return error(ErrorCode::format, "this PostgreSQL schema holds no check result (no jiuyou_meta of kind check)").file(shown).layer(report::k_result_meta_layer)
        .hint("give the schema that jiuyou check --out PG:... --schema S wrote, as PG:\"... schemas=S\"");
  auto y = result_year(conn, **meta, metric_crs, index);
  if (!y) return tl::unexpected(shown_error(y.error(), shown));
  y->source = shown;
  // The year is the schema's (review_2024), whatever the host or port read like.
  static const std::regex in_schema(R"(schemas=\S*((19|20)\d\d))");
  if (std::smatch m; std::regex_search(conn, m, in_schema)) y->label = m[1].str();
  return y;
}

}  // namespace

Result<compare::YearData> load_year(const std::string& path, const CrsRef& metric_crs, size_t index, int threads) {
  if (is_pg_year(path)) {
    Result<compare::YearData> y = pg_year(path, metric_crs, index);
    if (y) compare::index_townships(*y);
    return y;
  }
  std::error_code ec;
  ASSIGN_OR_RETURN(const std::string gpkg, report::gpkg_in_folder(path, {"result.gpkg"},
                                                                  "give a check result folder (jiuyou check --out), its result.gpkg, or the year's project.toml"));
  std::optional<report::ResultMeta> meta;
  if (gpkg.size() > 5 && gpkg.compare(gpkg.size() - 5, 5, ".gpkg") == 0 && fs::exists(gpkg, ec)) {
    ASSIGN_OR_RETURN(meta, report::read_result_meta(gpkg));
  }
  Result<compare::YearData> y = meta && meta->kind == "check" ? result_year(gpkg, *meta, metric_crs, index) : project_year(path, metric_crs, index, threads);
  if (y) compare::index_townships(*y);
  return y;
}

}  // namespace jiuyou::app
