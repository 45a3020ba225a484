// jiuyou compare YEAR_A YEAR_B [YEAR_C ...] --out DIR [--crosswalk FILE]:
// 回头看 — the same county's checks across years, every village that slipped
// back (返贫风险) with what changed on the ground. Writes DIR/compare.gpkg,
// 回头看.xlsx and compare.html, all or none.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "gis/compare/year_differences.hpp"
#include "src/cli/command.hpp"

namespace jiuyou::cli {
namespace {

namespace fs = std::filesystem;

struct CompareConfig {
  app::CompareJob job;
  bool quiet = false;
};

// The items a year could not judge (a layer missing or empty, its standard without them), one line per year and cause:
// compare.html draws no 0 % for them, and the console says why.
void print_unjudged(const app::CompareRun& run) {
  const compare::CompareDocument doc{run.years, run.comparisons, run.notes};
  const std::vector<compare::MissingField> missing = compare::missing_fields(doc);
  std::map<std::pair<size_t, std::string>, std::string> items;  // (year, gap) -> item names
  for (const auto& it : run.years.back().result.rules.items) {
    if (!it.visible) continue;
    for (size_t y = 0; y < run.years.size(); ++y)
      if (std::string gap = compare::year_rate(doc, y, missing, it).gap; !gap.empty()) {
        std::string& names = items[{y, gap}];
        names += (names.empty() ? "" : "、") + it.name_zh;
      }
  }
  for (const auto& [key, names] : items)
    std::printf("not judged  %s %s：%s\n", compare::year_name(run.years[key.first].label).c_str(), key.second.c_str(), names.c_str());
}

int run_compare(CompareConfig& cfg) {
  cfg.job.progress = progress_bar("compare", cfg.quiet);
  auto run = app::run_compare(cfg.job);
  if (!run) return report_error("compare", run.error());
  for (const auto& y : run->years)
    std::printf("year %-8s %zu villages, rule set %s (%s)\n", y.label.c_str(), y.result.village_count, y.result.rules.id.c_str(), y.source.c_str());
  for (const auto& c : run->comparisons) {
    size_t regressed = 0, unverified = 0, improved = 0;
    for (const auto& v : c.villages) {
      regressed += v.overall == compare::Transition::regressed ? 1 : 0;
      unverified += v.overall == compare::Transition::unverified ? 1 : 0;
      improved += v.overall == compare::Transition::improved ? 1 : 0;
    }
    std::printf("%s -> %s  matched by code %zu, by crosswalk %zu, by position %zu; disappeared %zu, appeared %zu; exit lost %zu, "
                "exit now unknown (data missing) %zu, exit gained %zu\n",
                c.a_label.c_str(), c.b_label.c_str(), c.match.by_code, c.match.by_crosswalk, c.match.by_geometry, c.match.disappeared,
                c.match.appeared, regressed, unverified, improved);
  }
  for (size_t k = 0; k < run->comparisons.size(); ++k)
    std::printf("exit        %s\n", compare::exit_changes_zh(run->comparisons[k], compare::exit_changes(run->years[k], run->years[k + 1], run->comparisons[k])).c_str());
  for (const auto& n : run->notes) std::printf("note        %s\n", n.c_str());
  for (const auto& c : run->comparisons)
    for (const auto& n : c.notes) std::printf("note        %s→%s：%s\n", c.a_label.c_str(), c.b_label.c_str(), n.c_str());
  print_unjudged(*run);
  std::printf("alerts      %zu listed: %s\n", run->alerts, run->headline.c_str());
  for (const auto& m : run->missing_fields) std::printf("  %s\n", m.c_str());
  const fs::path out(cfg.job.out_dir);
  std::printf("wrote %s, %s, %s\n", (out / "compare.gpkg").string().c_str(), (out / "回头看.xlsx").string().c_str(), (out / "compare.html").string().c_str());
  return run->alerts > 0 ? 1 : 0;
}

const CommandRegistrar reg{
    "compare", "Year on year (回头看): the same county's checks across years, villages that slipped back and what changed", 45,
    [](CLI::App& sub) {
      auto cfg = std::make_shared<CompareConfig>();
      sub.add_option("years", cfg->job.years, "two or more years, oldest first: project .toml, check result folder or its result.gpkg, or PG:\"dbname=... schemas=S\" (a check written by check --out PG:... --schema S)")
          ->required()
          ->expected(2, 1000);
      sub.add_option("--out", cfg->job.out_dir, "output folder: compare.gpkg, 回头看.xlsx, compare.html, replaced as one set")->required();
      sub.add_option("--crosswalk", cfg->job.crosswalk, "CSV or XLSX old_code,new_code,kind (merge/split/rename/abolish; or 旧代码,新代码,类型 with 合并/拆分/更名/撤销) for villages whose code changed; "
                        "a workbook's sheet as FILE.xlsx:SHEET");
      sub.add_option("--threads", cfg->job.threads, "threads for the checks (0: all cores)")->check(whole_range(0, 4096));
      sub.add_flag("-q,--quiet", cfg->quiet, "no progress output");
      sub.footer(
          "Exit: 0 no village slipped back, 1 alerts listed (返贫风险, or 出列→数据不全 / 待乡镇核实 to verify), 2 bad arguments (the same year twice),\n"
          "  3 a file is missing or cannot be written, 4 bad data (no village code in common, a crosswalk code in no year or rows that contradict each other),\n"
          "  5 CRS, 6 project file, 7 rule set. Nothing is written on an error.\n"
          "Example:\n"
          "  jiuyou compare 2021/project.toml 2022/project.toml out/check-2023 --out out/回头看");
      return [cfg] { return run_compare(*cfg); };
    }};

}  // namespace
}  // namespace jiuyou::cli
