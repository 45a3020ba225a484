// jiuyou check PROJECT --out DIR: the village check (四网, 九有, 出列) with
// evidence, written as GeoPackage + XLSX + HTML (with the map) atomically.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

#include "gis/indicators/check.hpp"
#include "gis/io/load.hpp"
#include "gis/report/check_report.hpp"
#include "src/cli/command.hpp"
#ifdef JIUYOU_HAVE_RENDER
#include "src/render/render_map.hpp"
#endif

namespace fs = std::filesystem;

namespace jiuyou::cli {
namespace {

struct CheckConfig {
  std::string project;
  std::string rules;
  std::vector<std::string> params;
  std::string out;
  std::string metric_crs;
  bool no_map = false;
  int threads = 0;
  bool quiet = false;
  size_t max_issues = 10;
};

void print_summary(const indicators::CheckResult& r) {
  const auto& s = r.county_summary;
  std::printf("%s — %s\n", r.county.c_str(), r.rules.name_zh.c_str());
  std::printf("villages %zu: may exit (可出列) %zu, cannot (不可出列) %zu, data missing (数据不全) %zu   [%.2f s]\n", s.villages, s.exit, s.fail,
              s.unknown, r.seconds);
  std::printf("%-20s %s %6s %6s %6s  %s\n", "item", pad_columns("指标", 36).c_str(), "pass", "fail", "unkn", "pass rate");
  for (size_t i = 0; i < r.item_count(); ++i) {
    const auto& item = r.rules.items[i];
    if (!item.visible) continue;
    const size_t p = s.item_pass.empty() ? 0 : s.item_pass[i], f = s.item_fail.empty() ? 0 : s.item_fail[i],
                 u = s.item_unknown.empty() ? 0 : s.item_unknown[i];
    const double rate = s.villages ? 100.0 * static_cast<double>(p) / static_cast<double>(s.villages) : 0;
    std::string bar(static_cast<size_t>(rate / 5), '#');
    std::printf("%-20s %s %6zu %6zu %6zu  %5.1f%% %s%s\n", item.id.c_str(), pad_columns(item.name_zh, 36).c_str(), p, f, u, rate, bar.c_str(),
                item.required ? "" : " (advisory)");
  }
}

int run_check(const CheckConfig& cfg) {
  auto project = io::load_project(cfg.project);
  if (!project) return report_error("check", project.error());
  indicators::RuleParams params;
  for (const auto& kv : cfg.params) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos)
      return report_error("check", error(ErrorCode::input, "--param needs NAME=VALUE, got '" + kv + "'").hint("e.g. --param incidence_max=0.03"));
    params[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  // Rules first: a bad rule file is reported before any loading.
  auto rules = indicators::load_rule_set(cfg.rules.empty() ? project->rules : cfg.rules, params);
  if (!rules) return report_error("check", rules.error());

  io::LoadOptions opts;
  if (!cfg.metric_crs.empty() && cfg.metric_crs != "auto") opts.metric_crs = CrsRef::parse(cfg.metric_crs);
  const auto progress = progress_bar("check", cfg.quiet);
  opts.progress = [&](double r, std::string_view stage) { return !progress || progress(0.4 * r, stage); };
  auto ws = io::load_workspace(*project, opts);
  if (!ws) return report_error("check", ws.error());

  indicators::CheckParams cp;
  cp.threads = cfg.threads;
  cp.progress = [&](double r, std::string_view stage) { return !progress || progress(0.4 + 0.4 * r, stage); };
  auto result = indicators::check_villages(*ws, *rules, cp);
  if (!result) return report_error("check", result.error());

  report::ReportOptions ro;
  std::string map_tmp;
  std::optional<FeatureTable> villages_for_gpkg, gaps_for_gpkg;  // built for the map, written again to result.gpkg
#ifdef JIUYOU_HAVE_RENDER
  if (!cfg.no_map) {
    if (progress) progress(0.85, "rendering the map");
    // The map shows the villages with their results and the gap lines over every other
    // layer. The other layers are lent to it (moved there and back), not copied: at
    // 100,000 villages they are over a million features. The two result tables are
    // kept for result.gpkg.
    Workspace shown;
    shown.name = ws->name;
    shown.metric_crs = ws->metric_crs;
    shown.dem = std::move(ws->dem);
    std::vector<std::pair<size_t, size_t>> lent;  // (workspace layer, shown layer)
    size_t villages_at = 0;
    for (size_t i = 0; i < ws->layers.size(); ++i) {
      if (ws->layers[i].name == "villages") {
        villages_at = shown.layers.size();
        shown.layers.push_back(report::villages_result_table(*ws, *result));
      } else {
        lent.emplace_back(i, shown.layers.size());
        shown.layers.push_back(std::move(ws->layers[i]));
      }
    }
    shown.layers.push_back(report::gaps_table(*ws, *result));
    render::RenderOptions rop;
    rop.width = 1600;
    rop.height = 1200;
    auto pic = render::render_map(shown, rop);
    ws->dem = std::move(shown.dem);
    for (const auto& [i, k] : lent) ws->layers[i] = std::move(shown.layers[k]);
    gaps_for_gpkg = std::move(shown.layers.back());
    villages_for_gpkg = std::move(shown.layers[villages_at]);
    ro.villages_result = &*villages_for_gpkg;
    ro.gaps = &*gaps_for_gpkg;
    if (pic) {
      std::error_code ec;
      fs::create_directories(cfg.out, ec);
      map_tmp = (fs::path(cfg.out) / ".map.png.tmp").string();
      if (auto ok = render::write_png(pic->image, map_tmp); ok) ro.map_png = map_tmp;
      else std::cerr << "jiuyou check: note: the map could not be written (" << ok.error().to_string() << "); the report has no picture\n";
    } else {
      std::cerr << "jiuyou check: note: no map in the report: " << pic.error().to_string() << "\n";
    }
  }
#endif
  if (progress) progress(0.9, "writing outputs");
  auto written = report::write_check_outputs(cfg.out, *ws, *result, ro);
  if (!map_tmp.empty()) {
    std::error_code ec;
    if (written) fs::rename(map_tmp, fs::path(cfg.out) / "map.png", ec);
    else fs::remove(map_tmp, ec);
  }
  if (!written) return report_error("check", written.error());
  if (progress) progress(1.0, "done");
  print_summary(*result);
  std::printf("outputs: %s/result.gpkg, result.xlsx, report.html%s\n", cfg.out.c_str(), ro.map_png.empty() ? "" : ", map.png");
  std::fflush(stdout);
  if (!result->notes.empty()) print_issues(result->notes, 20);
  if (ws->issues.count(Severity::error) + ws->issues.count(Severity::warning) > 0) {
    std::cerr << "input data: " << ws->issues.entries().size() << " issue(s); see `jiuyou validate " << cfg.project << "`\n";
  }
  return result->unjudgeable_items > 0 ? 1 : 0;  // an item no village could be judged on (a layer or field missing): findings
}

const CommandRegistrar reg{"check", "The village check: 四网, 九有 and the exit verdict (出列) for every village, with evidence", 10, [](CLI::App& sub) {
  auto cfg = std::make_shared<CheckConfig>();
  sub.add_option("project", cfg->project, "project .toml, or a GeoPackage with canonical layer names")->required();
  sub.add_option("--out", cfg->out, "output folder (result.gpkg, result.xlsx, report.html, map.png)")->required();
  sub.add_option("--rules", cfg->rules, "rule set: hubei-2017 (default from the project), national-2016, shaanxi-2017, guangxi, or a .toml path");
  sub.add_option("--param", cfg->params, "rule parameter NAME=VALUE (e.g. incidence_max=0.03 for western provinces)");
  sub.add_option("--metric-crs", cfg->metric_crs, "metric CRS (EPSG:n); default: the CGCS2000 Gauss-Kruger zone of the data");
  sub.add_option("--threads", cfg->threads, "threads for the village check (default: all cores)")->check(CLI::NonNegativeNumber);
  sub.add_flag("--no-map", cfg->no_map, "do not render the map picture into the report");
  sub.add_flag("-q,--quiet", cfg->quiet, "no progress output");
  sub.footer("Exit: 0 the check ran (villages that cannot exit are findings, not errors); 1 some item could not be judged\n"
             "(a layer or field it reads is missing: unknown for every village); 3-7 input or rule errors.\n"
             "Example: jiuyou check data/demo/project.toml --out out/demo --rules hubei-2017");
  return [cfg] { return run_check(*cfg); };
}};

}  // namespace
}  // namespace jiuyou::cli
