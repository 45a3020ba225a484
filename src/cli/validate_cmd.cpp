// jiuyou validate PROJECT: load every layer, print a summary and the issue log.
#include <cstdio>
#include <iostream>

#include "gis/indicators/rule_set.hpp"
#include "gis/indicators/sanity.hpp"
#include "gis/io/schema.hpp"
#include "gis/io/load.hpp"
#include "gis/pair/params.hpp"
#include "gis/relocate/relocate.hpp"
#include "gis/util/display_width.hpp"
#include "src/cli/command.hpp"

namespace jiuyou::cli {
namespace {

struct ValidateConfig {
  std::string project;
  std::string metric_crs;
  std::string reference_codes;
  size_t max_issues = 40;
  bool quiet = false;
};

int run_validate(const ValidateConfig& cfg) {
  auto project = io::load_project(cfg.project);
  if (!project) return report_error("validate", project.error());
  if (!cfg.reference_codes.empty()) project->reference_codes = cfg.reference_codes;
  // What the commands refuse, validate refuses too: the rule set the project names and the
  // [relocate] / [pair] sections (a misspelt name or key, with the name meant).
  auto rules = indicators::load_rule_set(project->rules);
  if (!rules) return report_error("validate", rules.error());
  auto relocate = plan::parse_relocate_params(project->toml_text, project->path);
  if (!relocate) return report_error("validate", relocate.error());
  if (auto p = pair::parse_pair_settings(project->toml_text, project->path); !p) return report_error("validate", p.error());
  io::LoadOptions opts;
  if (!cfg.metric_crs.empty() && cfg.metric_crs != "auto") opts.metric_crs = CrsRef::parse(cfg.metric_crs);
  opts.progress = progress_bar("validate", cfg.quiet);
  auto ws = io::load_workspace(*project, opts);
  if (!ws) return report_error("validate", ws.error());
  // What the check warns about the data's datum (a layer, or the village polygons themselves, in GCJ-02/BD-09
  // undeclared), validate says too: it is where a planner looks first (tour 10 J2).
  // So is the warning that village points stand for village areas (tour 11 K3): it changes verdicts too.
  if (const FeatureTable* villages = ws->layer(io::target_layer); villages != nullptr) {
    for (Issue& n : indicators::datum_offset_notes(*rules, WorkspaceView::of(*ws), *villages)) ws->issues.add(std::move(n));
    if (auto n = indicators::points_for_polygons_issue(*rules, *villages)) ws->issues.add(std::move(*n));
  }
  // And the [relocate] money that `jiuyou relocate` would warn about (a price outside its plausible range).
  for (Issue& i : plan::relocate_param_warnings(*relocate)) ws->issues.add(std::move(i));

  std::printf("project: %s (%s)\n", project->name.c_str(), project->path.c_str());
  std::printf("metric CRS: %s\n", ws->metric_crs.label().c_str());
  size_t name_columns = 12;  // the layer column fits the longest name (broadband_towers)
  for (const auto& t : ws->layers) name_columns = std::max(name_columns, util::display_width(t.name));
  std::printf("%s %-8s %9s  %-14s %s\n", util::pad_right("layer", name_columns).c_str(), "geometry", "features", "source CRS",
              "extent in metric CRS (km)");
  for (const auto& t : ws->layers) {
    const BBox b = t.bbox();
    char extent[96] = "-";
    if (!b.empty()) std::snprintf(extent, sizeof extent, "%.1f x %.1f", b.width() / 1000.0, b.height() / 1000.0);
    size_t empty = 0;
    for (size_t f = 0; f < t.size(); ++f) empty += t.geometry.is_empty(f) ? 1 : 0;
    std::printf("%s %-8s %9zu  %s %s%s\n", util::pad_right(t.name, name_columns).c_str(), to_string(t.geometry.kind), t.size(),
                util::pad_right(t.source_crs.label(), 14).c_str(), extent,
                empty ? (" (" + std::to_string(empty) + " without geometry)").c_str() : "");
  }
  if (ws->dem) {
    float lo = 1e30f, hi = -1e30f;
    for (float v : ws->dem->values)
      if (!ws->dem->is_nodata(v)) { lo = std::min(lo, v); hi = std::max(hi, v); }
    std::printf("%s %-8s %4dx%-4d  %-14s elevation %.0f..%.0f m, cell %.0f m\n", util::pad_right("dem", name_columns).c_str(), "raster",
                ws->dem->width, ws->dem->height,
                ws->dem->crs.label().c_str(), lo, hi, ws->dem->cell_size_x());
  }
  std::fflush(stdout);
  print_issues(ws->issues, cfg.max_issues);
  return ws->issues.count(Severity::error) > 0 ? 1 : 0;
}

const CommandRegistrar reg{"validate", "Load every layer of a project, print a summary per layer and the issue log", 20, [](CLI::App& sub) {
  auto cfg = std::make_shared<ValidateConfig>();
  sub.add_option("project", cfg->project, "project .toml, or a GeoPackage with canonical layer names")->required();
  sub.add_option("--metric-crs", cfg->metric_crs, "metric CRS for analysis (EPSG:n); default: the CGCS2000 Gauss-Kruger zone of the data");
  sub.add_option("--reference-codes", cfg->reference_codes, "official code list CSV (code,name) to check codes against");
  sub.add_option("--max-issues", cfg->max_issues, "issue lines to print (default 40)");
  sub.add_flag("-q,--quiet", cfg->quiet, "no progress output");
  sub.footer("Exit: 0 clean, 1 the issue log has errors (data loaded anyway), 3-6 the project could not be loaded, 7 its rule set cannot be.\n"
             "Example: jiuyou validate data/demo/project.toml");
  return [cfg] { return run_validate(*cfg); };
}};

}  // namespace
}  // namespace jiuyou::cli
