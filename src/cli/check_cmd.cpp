// jiuyou check PROJECT --out DIR: the village check (四网, 九有, 出列) with
// evidence, written as GeoPackage + XLSX + HTML (with the map) as one set.
// Argument parsing and printing only; the work is app::run_check.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>

#include "gis/app/check_job.hpp"
#include "gis/report/check_caveats.hpp"
#include "gis/report/place.hpp"
#include "gis/util/display_width.hpp"
#include "src/cli/command.hpp"
#ifdef JIUYOU_HAVE_RENDER
#include "src/render/render_map.hpp"
#endif

namespace jiuyou::cli {
namespace {

struct CheckConfig {
  app::CheckJob job;
  std::vector<std::string> params;
  std::vector<std::string> groups;
  int until = 0;  // --until; 0: not given
  bool no_map = false;
  std::string evidence = "lean";
  bool quiet = false;
};

// Villages of several counties (a prefecture's run): one line per county under the total, adding up to it,
// as report.html's 各县汇总 and result.xlsx's 县小计 rows.
void print_counties(const Workspace& ws, const indicators::CheckResult& r) {
  const std::vector<report::CountyTotals> counties = report::county_totals(WorkspaceView::of(ws), r);
  if (counties.size() < 2) return;
  for (const auto& c : counties)
    std::printf("  %s %zu townships, villages %zu: may exit %zu, cannot %zu, data missing %zu\n", util::pad_right(c.county, 16).c_str(), c.townships,
                c.sum.villages, c.sum.exit, c.sum.fail, c.sum.unknown);
}

void print_summary(const Workspace& ws, const indicators::CheckResult& r) {
  const auto& s = r.county_summary;
  std::printf("%s — %s\n", report::checked_place(WorkspaceView::of(ws), r.county).c_str(), r.rules.name_zh.c_str());
  std::printf("villages %zu: may exit (可出列) %zu, cannot (不可出列) %zu, data missing (数据不全) %zu   [%.2f s]\n", s.villages, s.exit, s.fail,
              s.unknown, r.seconds);
  print_counties(ws, r);
  std::printf("%-20s %s %6s %6s %6s  %s\n", "item", util::pad_right("指标", 36).c_str(), "pass", "fail", "unkn", "pass rate");
  for (size_t i = 0; i < r.item_count(); ++i) {
    const auto& item = r.rules.items[i];
    if (!item.visible || std::find(r.skipped_items.begin(), r.skipped_items.end(), item.id) != r.skipped_items.end()) continue;
    const size_t p = s.item_pass.empty() ? 0 : s.item_pass[i], f = s.item_fail.empty() ? 0 : s.item_fail[i],
                 u = s.item_unknown.empty() ? 0 : s.item_unknown[i];
    const double rate = s.villages ? 100.0 * static_cast<double>(p) / static_cast<double>(s.villages) : 0;
    std::string bar(static_cast<size_t>(rate / 5), '#');
    std::printf("%-20s %s %6zu %6zu %6zu  %5.1f%% %s%s\n", item.id.c_str(), util::pad_right(item.name_zh, 36).c_str(), p, f, u, rate, bar.c_str(),
                item.required ? "" : " (advisory)");
  }
}

// The load's errors by their text, and its warnings that change verdicts (a money unit slip, a
// township's rates in percent: those report::caveat_effect names, as 请先看 does); the rest
// counted, for validate to list (tour 11 K23).
void print_load_issues(const IssueLog& log, const std::string& project) {
  constexpr size_t k_most_shown = 50;
  size_t shown = 0, warnings = 0, notes = 0;
  for (const Issue& i : log.entries()) {
    const bool telling = i.severity == Severity::error || (i.severity == Severity::warning && !report::caveat_effect(i.code).empty());
    if (telling && shown++ < k_most_shown) {
      std::cerr << "input data: " << IssueLog::format(i) << "\n";
    } else if (!telling) {
      (i.severity == Severity::warning ? warnings : notes) += 1;
    }
  }
  if (shown > k_most_shown) std::cerr << "input data: " << shown - k_most_shown << " more like these\n";
  if (warnings > 0 || shown > k_most_shown)
    std::cerr << "input data: " << (shown > 0 ? "and " : "") << warnings << " other warning(s), " << notes << " note(s); see `jiuyou validate " << project << "`\n";
}

#ifdef JIUYOU_HAVE_RENDER
// The map: the villages with their results and the gap lines over every other
// layer, lent to it by app::MapBeside (not copied: at 100,000 villages they are
// over a million features). It runs on a thread of its own beside the outputs
// and only reads the layers it is shown.
Result<void> render_check_map(const app::MapRequest& req) {
  render::RenderOptions rop;
  rop.width = 1600;
  rop.height = 1200;
  rop.what_if = req.what_if;
  auto pic = render::render_map(req.shown, rop);
  if (!pic) return tl::unexpected(pic.error());
  return render::write_png(pic->image, req.png_path);
}
#endif

int run(CheckConfig& cfg) {
  for (const auto& kv : cfg.params) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos)
      return report_error("check", error(ErrorCode::input, "--param needs NAME=VALUE, got '" + kv + "'").hint("e.g. --param incidence_max=0.03"));
    cfg.job.params[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  cfg.job.items.insert(cfg.job.items.end(), cfg.groups.begin(), cfg.groups.end());
  if (cfg.until != 0 && cfg.job.planned.empty())
    return report_error("check", error(ErrorCode::input, "--until needs --with").hint("e.g. --with out/plan/invest.gpkg --until 2026"));
  if (!cfg.job.planned_crs.empty() && cfg.job.planned.empty())
    return report_error("check", error(ErrorCode::input, "--with-crs needs --with").hint("e.g. --with roads_plan.gpkg --with-crs GCJ-02"));
  if (cfg.until != 0) cfg.job.until = cfg.until;
  cfg.job.evidence = cfg.evidence == "full" ? report::Evidence::full : report::Evidence::lean;
#ifdef JIUYOU_HAVE_RENDER
  if (!cfg.no_map) cfg.job.map_writer = render_check_map;
#endif
  cfg.job.keep_cells = false;  // the summary below reads the counts, not the cells
  cfg.job.progress = progress_bar("check", cfg.quiet);
  auto run = app::run_check(cfg.job);
  if (!run) return report_error("check", run.error());
  if (!cfg.job.planned.empty())
    std::printf("planned features from %s: %zu added%s\n", cfg.job.planned.c_str(), run->planned_added,
                run->planned_later > 0 ? (", " + std::to_string(run->planned_later) + " of later years left out").c_str() : "");
  for (const auto& w : run->planned_warnings_zh) std::cerr << "jiuyou check: warning: " << w << "\n";
  if (!cfg.job.planned.empty()) std::printf("模拟结果，非现状：以下计数把规划项目当作已建成（report.html 与 result.xlsx 均已注明）\n");
  if (!run->map_note.empty()) std::cerr << "jiuyou check: note: no map in the report: " << run->map_note << "\n";
  print_summary(run->ws, run->result);
  std::string files;
  // Into PostGIS: the tables by schema, never the connection string (it may hold a password).
  const std::string where = io::is_pg_target(cfg.job.out_dir) ? std::string("PostGIS ") : cfg.job.out_dir + "/";
  for (const auto& f : run->written) files += (files.empty() ? where : ", ") + f;
  std::printf("outputs: %s\n", files.c_str());
  std::fflush(stdout);
  if (!run->result.notes.empty()) print_issues(run->result.notes, 20);
  print_load_issues(run->ws.issues, cfg.job.project);
  if (run->result.unjudgeable_items > 0) {
    // A finding: some items could not be judged for any village (the reasons are in the notes above).
    std::cerr << "jiuyou check: " << run->result.unjudgeable_items << " item(s) could not be judged (a layer or field they read is missing); "
              << "they are unknown for every village\n";
    return 1;
  }
  if (const size_t errors = run->ws.issues.count(Severity::error); errors > 0) {
    // A finding: the list is written, but its input log has errors (tour 18 S21: a script that trusts
    // the exit code would publish it), as `validate` exits 1 on the same project.
    std::cerr << "jiuyou check: the input data has " << errors << " error(s) (listed above); the outputs are written, "
              << "but the villages they touch may be wrong or unknown — fix the data and check again\n";
    return 1;
  }
  return 0;
}

const CommandRegistrar reg{"check", "The village check: 四网, 九有 and the exit verdict (出列) for every village, with evidence", 10, [](CLI::App& sub) {
  auto cfg = std::make_shared<CheckConfig>();
  sub.add_option("project", cfg->job.project, "project .toml, or a GeoPackage with canonical layer names")->required();
  sub.add_option("--out", cfg->job.out_dir,
                 "output folder (result.gpkg, result.xlsx, report.html, map.png), replaced as one set; or PG:\"dbname=...\" with --schema: "
                 "the GeoPackage's tables into PostGIS, in one transaction")
      ->required();
  sub.add_option("--schema", cfg->job.schema, "with --out PG:...: the schema for the tables (created when missing; tables of the same names replaced)");
  sub.add_option("--rules", cfg->job.rules, "rule set: hubei-2017 (default from the project), national-2016, shaanxi-2017, guangxi, or a .toml path");
  sub.add_option("--param", cfg->params, "rule parameter NAME=VALUE (e.g. incidence_max=0.03 for western provinces)");
  sub.add_option("--metric-crs", cfg->job.metric_crs, "metric CRS (EPSG:n); default: the CGCS2000 Gauss-Kruger zone of the data");
  sub.add_option("--items", cfg->job.items, "check only these items (ids, comma-separated), e.g. --items road,water")->delimiter(',');
  sub.add_option("--group", cfg->groups, "check only a group of items: net4 (四网) or jiuyou (九有)")->check(CLI::IsMember({"net4", "jiuyou"}));
  sub.add_option("--with", cfg->job.planned, "planned features (a GeoPackage with layers named like the project's, canonical fields, optional year) added before the check");
  sub.add_option("--with-crs", cfg->job.planned_crs,
                 "with --with: the CRS the planned layers are really in, whatever the file says (GCJ-02 for lines drawn on 高德/腾讯 maps, BD-09, EPSG:n)");
  sub.add_option("--until", cfg->until, "with --with: only planned features whose year is this or earlier")->check(whole_range(1900, 2200));
  sub.add_option("--threads", cfg->job.threads, "threads for the village check (default: all cores)")->check(whole_range(0, 4096));
  sub.add_option("--evidence", cfg->evidence,
                 "result.gpkg villages: lean (default: outcomes, numbers, verdict) or full (also each item's evidence sentence <id>_note "
                 "and <id>_unconnected_m; result.xlsx has the sentences too, above 20,000 villages those of the items not met only)")
      ->check(CLI::IsMember({"lean", "full"}));
  sub.add_flag("--no-map", cfg->no_map, "do not render the map picture into the report");
  sub.add_flag("-q,--quiet", cfg->quiet, "no progress output");
  sub.footer("Exit: 0 the check ran (villages that cannot exit are results, not errors); 1 some items could not be judged\n"
             "  (a layer or field they read is missing; listed); 2 bad arguments; 3-7 input or rule errors;\n"
             "  130 interrupted (nothing changed in the output folder). See docs/outputs.md.\n"
             "Example: jiuyou check data/demo/project.toml --out out/demo --rules hubei-2017");
  return [cfg] { return run(*cfg); };
}};

}  // namespace
}  // namespace jiuyou::cli
