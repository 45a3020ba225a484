#include "gis/io/schema.hpp"
#include "gis/app/check_job.hpp"

#include <filesystem>
#include <memory>
#include <optional>

#include "gis/app/inputs.hpp"
#include "gis/app/planned.hpp"
#include "gis/io/load.hpp"
#include "gis/io/pg_write.hpp"
#include "gis/report/check_caveats.hpp"
#include "gis/report/check_report.hpp"
#include "gis/report/result_meta.hpp"
#include "gis/util/heap.hpp"
#include "gis/util/output_set.hpp"
#include "gis/util/test_hooks.hpp"

namespace jiuyou::app {

namespace fs = std::filesystem;
namespace {

ProgressFn part_of(const ProgressFn& progress, double from, double to) {
  if (!progress) return {};
  return [=](double r, std::string_view stage) { return progress(from + (to - from) * r, stage); };
}

Result<indicators::RuleSet> load_rules(const CheckJob& job, const io::Project& project) {
  return indicators::load_rule_set(job.rules.empty() ? project.rules : job.rules, job.params);
}

Result<Workspace> load(const CheckJob& job, const io::Project& project) {
  io::LoadOptions opts;
  if (!job.metric_crs.empty() && job.metric_crs != "auto") opts.metric_crs = CrsRef::parse(job.metric_crs);
  opts.progress = part_of(job.progress, 0.0, 0.4);
  ASSIGN_OR_RETURN(Workspace ws, io::load_workspace(project, opts));
  TRY(require_utf8_layers(ws, project));
  return ws;
}

// A what-if (--with): the sentence every document carries, and the keys that let
// compare, render and view tell it from a county's present state. Empty otherwise.
std::string scenario_text(const CheckJob& job, const CheckRun& run) {
  if (job.planned.empty()) return {};
  const std::string until = job.until ? "建至 " + std::to_string(*job.until) + " 年的" : std::string("全部");
  return "本次检查把规划项目（" + fs::path(job.planned).filename().string() + "，" + until + " " + std::to_string(run.planned_added) +
         " 项）当作已经建成计入，可出列村数是按规划建成后的模拟，不是现在的实际情况；现状请看不带 --with 的检查结果。";
}

// The county's and townships' names (code -> name of the townships layer).
void add_place_names(const Workspace& ws, report::ResultMeta& meta) {
  meta.extra[report::k_meta_county_name] = ws.name;
  const FeatureTable* t = ws.layer("townships");
  const Column* code = t != nullptr ? t->column("code") : nullptr;
  const Column* name = t != nullptr ? t->column("name") : nullptr;
  for (size_t r = 0; code != nullptr && name != nullptr && r < t->size(); ++r)
    if (!code->is_null(r) && !name->is_null(r)) meta.extra[report::k_meta_township_name + code->as_text(r)] = name->as_text(r);
}

report::ResultMeta check_meta(const CheckJob& job, const CheckRun& run, const std::string& scenario) {
  std::error_code ec;
  std::string rule_set = job.rules.empty() ? run.project.rules : job.rules;
  if (fs::is_regular_file(rule_set, ec)) rule_set = fs::absolute(rule_set, ec).string();
  report::ResultMeta meta{fs::absolute(run.project.path, ec).string(), rule_set, "check", {}};
  add_place_names(run.ws, meta);  // compare reads them back when the project has moved
  // The atlas, made later from result.gpkg, carries the same caveats as report.html and result.xlsx.
  if (const std::string codes = report::caveat_codes(report::verdict_caveats(run.result, &run.ws.issues)); !codes.empty())
    meta.extra[report::k_meta_verdict_caveats] = codes;
  if (!job.planned.empty()) {
    meta.extra["with_plan"] = fs::absolute(job.planned, ec).string();
    meta.extra["until"] = job.until ? std::to_string(*job.until) : std::string();
    meta.extra["planned_added"] = std::to_string(run.planned_added);
    meta.extra["scenario"] = scenario;
  }
  return meta;
}

// The map renders on a thread of its own while the GeoPackage is written from
// the same tables; the page, which embeds the map, comes last. The map starts
// once the workbook is written and the page composed (ReportOptions::composed),
// when the check's cells may be gone: at 100,000 villages its ~0.3-0.5 GB then
// come on the workspace and the GeoPackage, not also on the cells and the
// workbook (issue #16, ninth round). Before the outputs, what the check freed
// (the datum check's indexes, the prepared rules) goes back to the system: the
// workbook's and the map's threads allocate in arenas of their own.
Result<void> write_outputs(const CheckJob& job, CheckRun& run, util::OutputSet& set) {
  const FeatureTable meta = report::result_meta_table(check_meta(job, run, scenario_text(job, run)), job.out_dir);  // before the layers are lent
  MapBeside map(run.ws, report::villages_result_table(run.ws, run.result, job.evidence), report::gaps_table(run.ws, run.result));
  util::release_freed_heap();
  report::ReportOptions ro;
  if (job.map_writer) ro.await_map = [&map] { return map.wait(); };
  if (job.map_writer || !job.keep_cells) {
    ro.composed = [&] {
      if (!job.keep_cells) std::vector<indicators::ItemResult>().swap(run.result.cells);
      if (!job.map_writer) return;
      report_progress(job.progress, 0.9, "rendering the map");
      map.start(job.map_writer, set.path("map.png"), !job.planned.empty());
    };
  }
  TRY(util::test_hook("writing"));
  report_progress(job.progress, 0.9, "writing outputs");
  ro.villages_result = &map.villages_result();
  ro.load_issues = &run.ws.issues;
  ro.evidence = job.evidence;
  ro.progress = job.progress;
  ro.gaps = &map.gaps();
  ro.scenario = scenario_text(job, run);
  ro.meta = &meta;
  auto written = report::write_check_outputs(set.staging(), map.outputs_view(), run.result, ro);
  if (job.map_writer && !map.wait().empty()) run.written.emplace_back("map.png");
  run.map_note = map.note();
  if (!written) return tl::unexpected(set.rename_in(written.error()));
  run.written.insert(run.written.begin(), {"result.gpkg", "result.xlsx", "report.html"});
  return {};
}

// `--out PG:...`: the tables into a PostGIS schema instead of a folder (no map, workbook or page).
Result<void> write_pg_outputs(const CheckJob& job, CheckRun& run) {
  report::ReportOptions ro;
  ro.evidence = job.evidence;
  ro.progress = job.progress;
  const FeatureTable meta = report::result_meta_table(check_meta(job, run, scenario_text(job, run)), job.out_dir);
  ro.meta = &meta;
  TRY(report::write_check_tables_pg({job.out_dir, job.schema}, run.ws, run.result, ro));
  for (const char* t : {"villages", "gaps", "township_summary", "county_summary", "jiuyou_meta"}) run.written.push_back(job.schema + "." + t);
  return {};
}

// The source file of a workspace layer, for messages.
std::string source_of(const io::Project& project, const std::string& layer) {
  const io::LayerSpec* spec = project.layer(layer);
  return spec != nullptr ? spec->path : project.path;
}

// Data errors are the data's: an empty villages layer, or a layer without a
// field a rule reads (a shapefile without its .dbf, a CSV without the column),
// name the layer and its file (exit 4), not the rule file.
Result<void> require_targets(const Workspace& ws, const io::Project& project) {
  const FeatureTable* villages = ws.layer(io::target_layer);
  if (villages != nullptr && villages->size() == 0)
    return error(ErrorCode::format, "the villages layer has no features: there is nothing to check")
        .file(source_of(project, io::target_layer))
        .layer(io::target_layer)
        .hint("check the layer name and the source (an empty table, or a filter that removed every row)");
  return {};
}

bool is_shipped(const std::string& rules_arg) { return rules_arg.size() < 5 || rules_arg.compare(rules_arg.size() - 5, 5, ".toml") != 0; }

// Only for a shipped standard: a field it reads that the data lacks is the
// data's fault. A planner's own rule file reading an unknown field stays a rule
// error (a typo there is as likely).
Error as_data_error(Error e, const Workspace& ws, const io::Project& project, const indicators::RuleSet& rules, const std::string& rules_arg) {
  if (!is_shipped(rules_arg) || e.code != ErrorCode::rules || e.layer.empty() || e.field.empty()) return e;
  const FeatureTable* t = ws.layer(e.layer);
  if (t == nullptr || t->column(e.field) != nullptr) return e;
  e.code = ErrorCode::format;
  e.file = source_of(project, e.layer);
  e.hint += (e.hint.empty() ? "" : "; ") + std::string("or, if the data is right, the rule file ") + rules.file + " names a field that does not exist";
  return e;
}

// The check makes an item unknown when the villages lack a field it reads, and
// runs on what there is (a project with only villages and roads still gets its
// 四网 part; exit 1). A villages layer without any attribute column at all is
// another thing: a shapefile without its .dbf, a broken source. That is a data
// error naming the layer and its file (exit 4), never blamed on the rule file.
Result<void> require_target_fields(const indicators::CheckResult& result, const Workspace& ws, const io::Project& project) {
  const FeatureTable* villages = ws.layer(io::target_layer);
  if (villages == nullptr || !villages->columns.empty()) return {};
  std::string fields;
  for (const auto& n : result.notes.entries())
    if (n.code == "field_missing" && n.layer == io::target_layer && fields.find("'" + n.field + "'") == std::string::npos)
      fields += (fields.empty() ? "'" : ", '") + n.field + "'";
  return error(ErrorCode::format, "the villages layer has no attribute fields at all (not even a code)" +
                                      (fields.empty() ? std::string() : "; the standard reads " + fields) + "; nothing was written")
      .file(source_of(project, io::target_layer))
      .layer(io::target_layer)
      .hint("a shapefile needs its .dbf beside the .shp; check that the source is complete");
}

// Loading, the planned features (--with), and the check into `run` (its project
// already read): what run_check and check_in_memory share. Progress runs from 0.4
// to `progress_end`.
Result<void> load_and_check(const CheckJob& job, const indicators::RuleSet& rules, const std::optional<PlannedLayers>& planned, double progress_end,
                            CheckRun& run) {
  ASSIGN_OR_RETURN(run.ws, load(job, run.project));
  if (planned) {
    ASSIGN_OR_RETURN(const PlannedApplied applied, apply_planned(run.ws, *planned, job.until));
    run.planned_added = applied.added;
    run.planned_later = applied.later;
    run.planned_warnings_zh = applied.warnings_zh;
  }
  TRY(require_targets(run.ws, run.project));
  indicators::CheckParams cp;
  cp.threads = job.threads;
  cp.items = job.items;
  cp.progress = part_of(job.progress, 0.4, progress_end);
  auto result = indicators::check_villages(run.ws, rules, cp);
  if (!result) return tl::unexpected(as_data_error(normalize_cancelled(result.error()), run.ws, run.project, rules,
                                                           job.rules.empty() ? run.project.rules : job.rules));
  run.result = std::move(*result);
  return require_target_fields(run.result, run.ws, run.project);
}

}  // namespace

const std::vector<std::string>& check_output_names() {
  static const std::vector<std::string> names{"result.gpkg", "result.xlsx", "report.html", "map.png"};
  return names;
}

Result<CheckRun> run_check(const CheckJob& job) {
  CheckRun run;
  ASSIGN_OR_RETURN(run.project, io::load_project(job.project));
  // Rules first: a bad rule file is reported before any loading.
  ASSIGN_OR_RETURN(const indicators::RuleSet rules, load_rules(job, run.project));
  const bool to_pg = io::is_pg_target(job.out_dir);
  std::unique_ptr<util::OutputSet> set;
  if (to_pg) {
    if (job.schema.empty())
      return error(ErrorCode::input, "--out PG:... needs --schema: the schema the result tables go into").hint("e.g. --schema review_2025");
    TRY(io::check_schema_name(job.schema));
  } else {
    if (!job.schema.empty())
      return error(ErrorCode::input, "--schema is for an output into PostgreSQL (--out PG:...)").hint("leave --schema out, or write --out PG:\"dbname=...\"");
    std::vector<std::string> inputs = project_inputs(run.project, rules.file);
    if (!job.planned.empty()) inputs.push_back(job.planned);
    TRY(refuse_overwriting_inputs(job.out_dir, true, inputs, "--out"));
  }
  std::optional<PlannedLayers> planned;
  if (!job.planned.empty()) {
    ASSIGN_OR_RETURN(planned, read_planned(job.planned));
    TRY(declare_planned_crs(*planned, job.planned_crs));
  }
  if (!to_pg) {
    ASSIGN_OR_RETURN(set, util::OutputSet::open(job.out_dir, {"check", check_output_names()}));
  }
  TRY(load_and_check(job, rules, planned, 0.8, run));
  if (to_pg) {
    TRY(write_pg_outputs(job, run));
  } else {
    TRY(write_outputs(job, run, *set));
    TRY(set->commit());
  }
  report_progress(job.progress, 1.0, "done");
  return run;
}

Result<CheckRun> check_in_memory(const CheckJob& job) {
  CheckRun run;
  ASSIGN_OR_RETURN(run.project, io::load_project(job.project));
  ASSIGN_OR_RETURN(const indicators::RuleSet rules, load_rules(job, run.project));
  std::optional<PlannedLayers> planned;
  if (!job.planned.empty()) {
    ASSIGN_OR_RETURN(planned, read_planned(job.planned));
    TRY(declare_planned_crs(*planned, job.planned_crs));
  }
  TRY(load_and_check(job, rules, planned, 1.0, run));
  return run;
}

}  // namespace jiuyou::app
