// jiuyou pair INPUT --out DIR: paired assistance (山海协作 / 对口帮扶) — the
// existing pairs on the map and optimal suggestions for new ones.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "gis/app/pair_job.hpp"
#include "gis/util/display_width.hpp"
#include "src/cli/command.hpp"

namespace jiuyou::cli {
namespace {

namespace fs = std::filesystem;

struct PairConfig {
  app::PairJob job;
  bool quiet = false;
};

int run_pair(PairConfig& cfg) {
  cfg.job.progress = progress_bar("pair", cfg.quiet);
  auto run = app::run_pair(cfg.job);
  if (!run) return report_error("pair", run.error());
  const auto& problem = run->problem;
  const auto& params = run->params;
  const auto* plan = &run->plan;
  for (const std::string& w : problem.warnings_zh) std::printf("WARNING     %s\n", w.c_str());  // first: it may undo every figure below
  std::printf("%s\nsolver: %s\n", plan->summary.c_str(), plan->solver.c_str());
  std::printf("%-20s %-20s %-9s %9s %s %10s\n", "helper", "helped", "status", "km", util::pad_left("funds ¥/yr", 14).c_str(), "cost");
  for (const auto& l : plan->links) {
    const auto& h = problem.units[l.helper];
    const auto& r = problem.units[l.helped];
    char funds[32] = "";
    if (!std::isnan(l.funds_cny_per_year)) std::snprintf(funds, sizeof funds, "%.0f", l.funds_cny_per_year);
    std::printf("%s %s %-9s %9.1f %14s %10.1f\n", util::pad_right(h.name.empty() ? h.code : h.name + " " + h.code, 20).c_str(),
                util::pad_right(r.name.empty() ? r.code : r.name + " " + r.code, 20).c_str(), to_string(l.status), l.distance_m / 1000.0, funds,
                static_cast<double>(l.cost_total()) / pair::cost_units_per_km);
  }
  for (const auto& lo : plan->left_out) {
    const auto& r = problem.units[lo.helped];
    if (params.mode == pair::PairMode::funds) {
      std::printf("short: %s (%s), ¥%.0f a year missing: %s\n", r.name.c_str(), r.code.c_str(), lo.funds_missing_cny, lo.reason.c_str());
    } else {
      std::printf("left out: %s (%s), %d partner(s) missing: %s\n", r.name.c_str(), r.code.c_str(), lo.partners_missing, lo.reason.c_str());
    }
  }
  std::printf("wrote %s/links.gpkg (layers links, units), %s/pairs.xlsx, %s/pairs.html\n", cfg.job.out_dir.c_str(), cfg.job.out_dir.c_str(),
              cfg.job.out_dir.c_str());
  return plan->left_out.empty() ? 0 : 1;
}

const CommandRegistrar reg{
    "pair", "Paired assistance (山海协作/对口帮扶): existing pairs as links, optimal new pairs (assignment or min-cost flow)", 70,
    [](CLI::App& sub) {
      auto cfg = std::make_shared<PairConfig>();
      sub.add_option("input", cfg->job.input,
                     "project .toml with a units layer and a [pair] section, a units layer (GeoPackage, CSV with lon/lat, ...), "
                     "or a pairs CSV with seat coordinates (data/pairing/quanzhou_2018.csv)")
          ->required();
      sub.add_option("--out", cfg->job.out_dir, "output folder: links.gpkg, pairs.xlsx, pairs.html")->required();
      sub.add_option("--existing", cfg->job.existing, "existing pairs table (helper_code, helped_code, ...); default [pair] existing");
      sub.add_option("--mode", cfg->job.mode,
                     "one-to-one (assignment), capacitated (min-cost flow of partners) or funds (min-cost flow of money: "
                     "helpers' funds_cny_per_year to helped units' need); default [pair] mode or capacitated");
      sub.add_option("--key-townships", cfg->job.key_townships,
                     "township scenario: pair this many key townships (highest poor incidence) with developed ones, from the "
                     "townships and villages layers of INPUT (a GeoPackage such as jiuyou synth's county.gpkg, or a project); "
                     "one-to-one unless the project says otherwise")
          ->check(CLI::Range(1, 100000));
      sub.add_option("--helpers", cfg->job.helper_townships, "township scenario: helper townships (highest income per head; default 40)")
          ->check(CLI::Range(1, 100000));
      sub.add_option("--funds-unit", cfg->job.funds_unit_cny, "funds mode: amounts are whole multiples of this many CNY (default 10000)")
          ->check(number_range(1, 1e12));
      sub.add_flag("--replan", cfg->job.replan, "re-plan the existing pairs instead of keeping them fixed");
      sub.add_option("--candidates", cfg->job.candidates, "nearest helpers considered per helped unit (0: all; default 50)")
          ->check(whole_range(0, 1000000));
      sub.add_option("--max-distance-km", cfg->job.max_distance_km, "no link longer than this (0: no limit)")
          ->check(number_range(0, 40000));
      sub.add_flag("-q,--quiet", cfg->quiet, "no progress output");
      sub.footer(
          "Exit: 0 every helped unit has its partners (funds mode: its need covered), 1 some are left out or short\n"
          "  (listed with why), 2 bad arguments,\n"
          "  3-6 input could not be read, 8 infeasible fixed pairs (the message names the row and what is short).\n"
          "Examples:\n"
          "  jiuyou pair data/pairing/quanzhou_2018.csv --out out/quanzhou\n"
          "  jiuyou pair data/pairing/quanzhou_2018.csv --out out/quanzhou-replan --replan --mode one-to-one\n"
          "  jiuyou pair project.toml --out out/funds --mode funds --funds-unit 10000\n"
          "  jiuyou synth --out out/province --villages 1200 --townships 80 && \\\n"
          "    jiuyou pair out/province/county.gpkg --key-townships 30 --out out/townships\n"
          "  jiuyou pair project.toml --out out/pairs --existing data/pairing/quanzhou_2018.csv");
      return [cfg] { return run_pair(*cfg); };
    }};

}  // namespace
}  // namespace jiuyou::cli
