// jiuyou pair INPUT --out DIR: paired assistance (山海协作 / 对口帮扶) — the
// existing pairs on the map and optimal suggestions for new ones.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "gis/io/load.hpp"
#include "gis/pair/params.hpp"
#include "gis/pair/planner.hpp"
#include "gis/pair/report.hpp"
#include "gis/pair/townships.hpp"
#include "gis/pair/units.hpp"
#include "src/cli/command.hpp"

namespace jiuyou::cli {
namespace {

namespace fs = std::filesystem;

struct PairConfig {
  std::string input;     // project .toml, a units layer (any GDAL source), or a pairs CSV with seat coordinates
  std::string out_dir;
  std::string existing;  // pairs table; default: [pair] existing of the project
  std::string mode;      // overrides [pair] mode
  bool replan = false;
  int candidates = -1;
  double max_distance_km = -1;
  double funds_unit_cny = -1;
  int key_townships = 0;  // > 0: the township scenario from the input's townships and villages layers
  int helper_townships = 40;
  bool quiet = false;
};

std::string lower_ext(const std::string& path) {
  std::string e = fs::path(path).extension().string();
  for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e;
}

// The key-township scenario: townships and villages layers of a project or a GeoPackage (jiuyou synth's county.gpkg).
Result<pair::PairProblem> load_key_townships(const PairConfig& cfg) {
  io::LayerSpec townships_spec, villages_spec;
  if (lower_ext(cfg.input) == ".toml") {
    auto project = io::load_project(cfg.input);
    if (!project) return tl::unexpected(project.error());
    const io::LayerSpec* t = project->layer("townships");
    const io::LayerSpec* v = project->layer("villages");
    if (t == nullptr || v == nullptr)
      return error(ErrorCode::project, std::string("the project has no ") + (t == nullptr ? "townships" : "villages") + " layer")
          .file(project->path)
          .hint("--key-townships needs [layers.townships] and [layers.villages] (villages.township = townships.code)");
    townships_spec = *t;
    villages_spec = *v;
  } else {
    townships_spec.name = "townships";
    townships_spec.path = cfg.input;
    villages_spec.name = "villages";
    villages_spec.path = cfg.input;
  }
  IssueLog log;
  auto townships = io::read_layer(townships_spec, log);
  if (!townships) return tl::unexpected(townships.error());
  auto villages = io::read_layer(villages_spec, log);
  if (!villages) return tl::unexpected(villages.error());
  pair::KeyTownshipParams kp;
  kp.key_townships = cfg.key_townships;
  kp.helpers = cfg.helper_townships;
  return pair::key_township_problem(*townships, *villages, kp);
}

// The problem and settings from whatever INPUT is.
Result<std::pair<pair::PairProblem, pair::PairSettings>> load_input(const PairConfig& cfg) {
  pair::PairSettings settings;
  const std::string ext = lower_ext(cfg.input);
  // [pair] of a project file, with existing_pairs taken relative to the project.
  const auto project_settings = [&](const io::Project& project) -> Result<pair::PairSettings> {
    auto s = pair::parse_pair_settings(project.toml_text, project.path);
    if (!s) return tl::unexpected(s.error());
    if (!s->existing_pairs.empty() && fs::path(s->existing_pairs).is_relative())
      s->existing_pairs = (fs::path(project.dir) / s->existing_pairs).string();
    return s;
  };
  if (cfg.key_townships > 0) {
    if (ext == ".toml") {
      auto project = io::load_project(cfg.input);
      if (!project) return tl::unexpected(project.error());
      auto s = project_settings(*project);
      if (!s) return tl::unexpected(s.error());
      settings = *s;
    } else {
      settings.params.mode = pair::PairMode::one_to_one;  // 结对帮扶: one developed township per key township
    }
    auto problem = load_key_townships(cfg);
    if (!problem) return tl::unexpected(problem.error());
    return std::pair{std::move(*problem), settings};
  }
  if (ext == ".toml") {
    auto project = io::load_project(cfg.input);
    if (!project) return tl::unexpected(project.error());
    auto s = project_settings(*project);
    if (!s) return tl::unexpected(s.error());
    settings = *s;
    const io::LayerSpec* spec = project->layer("units");
    if (spec == nullptr)
      return error(ErrorCode::project, "the project has no units layer").file(project->path).hint("add [layers.units] with path = \"units.gpkg\" (fields code, name, role, ...)");
    IssueLog log;
    auto table = io::read_layer(*spec, log);
    if (!table) return tl::unexpected(table.error());
    auto problem = pair::problem_from_units_table(*table);
    if (!problem) return tl::unexpected(problem.error());
    return std::pair{std::move(*problem), settings};
  }
  if (ext == ".csv") {
    // A pairs table with seat coordinates stands for its own units; any other CSV is a units table with lon/lat.
    auto pairs = pair::read_pairs(cfg.input);
    if (pairs && pairs->has_positions) {
      auto problem = pair::problem_from_pairs(*pairs, cfg.input);
      if (!problem) return tl::unexpected(problem.error());
      return std::pair{std::move(*problem), settings};
    }
    if (!pairs && pairs.error().field != "helper_code" && pairs.error().field != "helped_code") return tl::unexpected(pairs.error());
  }
  io::LayerSpec spec;
  spec.name = "units";
  spec.path = cfg.input;
  if (ext == ".csv") {
    spec.x_field = "lon";
    spec.y_field = "lat";
    spec.crs = CrsRef::epsg(4490);
  }
  IssueLog log;
  auto table = io::read_layer(spec, log);
  if (!table) return tl::unexpected(table.error());
  auto problem = pair::problem_from_units_table(*table);
  if (!problem) return tl::unexpected(problem.error());
  return std::pair{std::move(*problem), settings};
}

int run_pair(const PairConfig& cfg) {
  auto progress = progress_bar("pair", cfg.quiet);
  report_progress(progress, 0.0, "loading units");
  auto loaded = load_input(cfg);
  if (!loaded) return report_error("pair", loaded.error());
  auto& [problem, settings] = *loaded;
  pair::PairParams& params = settings.params;
  if (!cfg.mode.empty()) {
    auto m = pair::parse_pair_mode(cfg.mode);
    if (!m) return report_error("pair", m.error());
    params.mode = *m;
  }
  if (cfg.replan) params.replan = true;
  if (cfg.candidates >= 0) params.candidates = cfg.candidates;
  if (cfg.max_distance_km >= 0) params.max_distance_km = cfg.max_distance_km;
  if (cfg.funds_unit_cny >= 0) {
    if (cfg.funds_unit_cny < 1)
      return report_error("pair", error(ErrorCode::input, "--funds-unit must be at least 1 (CNY)").hint("e.g. --funds-unit 10000 (万元)"));
    params.funds_unit_cny = cfg.funds_unit_cny;
  }
  const std::string existing = !cfg.existing.empty() ? cfg.existing : settings.existing_pairs;
  if (!existing.empty()) {
    report_progress(progress, 0.2, "reading existing pairs");
    auto pairs = pair::read_pairs(existing);
    if (!pairs) return report_error("pair", pairs.error());
    problem.existing = pairs->pairs;
    problem.pairs_source = existing;
  }

  report_progress(progress, 0.3, "planning");
  auto plan = pair::plan_pairs(problem, params);
  if (!plan) return report_error("pair", plan.error());
  report_progress(progress, 0.8, "writing outputs");
  if (auto ok = pair::write_pair_outputs(cfg.out_dir, problem, *plan, params); !ok) return report_error("pair", ok.error());
  report_progress(progress, 1.0, "done");

  std::printf("%s\nsolver: %s\n", plan->summary.c_str(), plan->solver.c_str());
  std::printf("%-20s %-20s %-9s %9s %14s %10s\n", "helper", "helped", "status", "km", "funds ¥/yr", "cost");
  for (const auto& l : plan->links) {
    const auto& h = problem.units[l.helper];
    const auto& r = problem.units[l.helped];
    char funds[32] = "";
    if (!std::isnan(l.funds_cny_per_year)) std::snprintf(funds, sizeof funds, "%.0f", l.funds_cny_per_year);
    std::printf("%-20s %-20s %-9s %9.1f %14s %10.1f\n", (h.name.empty() ? h.code : h.name + " " + h.code).c_str(),
                (r.name.empty() ? r.code : r.name + " " + r.code).c_str(), to_string(l.status), l.distance_m / 1000.0, funds,
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
  std::printf("wrote %s/links.gpkg (layers links, units), %s/pairs.xlsx, %s/pairs.html\n", cfg.out_dir.c_str(), cfg.out_dir.c_str(),
              cfg.out_dir.c_str());
  return plan->left_out.empty() ? 0 : 1;
}

const CommandRegistrar reg{
    "pair", "Paired assistance (山海协作/对口帮扶): existing pairs as links, optimal new pairs (assignment or min-cost flow)", 70,
    [](CLI::App& sub) {
      auto cfg = std::make_shared<PairConfig>();
      sub.add_option("input", cfg->input,
                     "project .toml with a units layer and a [pair] section, a units layer (GeoPackage, CSV with lon/lat, ...), "
                     "or a pairs CSV with seat coordinates (data/pairing/quanzhou_2018.csv)")
          ->required();
      sub.add_option("--out", cfg->out_dir, "output folder: links.gpkg, pairs.xlsx, pairs.html")->required();
      sub.add_option("--existing", cfg->existing, "existing pairs table (helper_code, helped_code, ...); default [pair] existing");
      sub.add_option("--mode", cfg->mode,
                     "one-to-one (assignment), capacitated (min-cost flow of partners) or funds (min-cost flow of money: "
                     "helpers' funds_cny_per_year to helped units' need); default [pair] mode or capacitated");
      sub.add_option("--key-townships", cfg->key_townships,
                     "township scenario: pair this many key townships (highest poor incidence) with developed ones, from the "
                     "townships and villages layers of INPUT (a GeoPackage such as jiuyou synth's county.gpkg, or a project); "
                     "one-to-one unless the project says otherwise")
          ->check(CLI::Range(1, 100000));
      sub.add_option("--helpers", cfg->helper_townships, "township scenario: helper townships (highest income per head; default 40)")
          ->check(CLI::Range(1, 100000));
      sub.add_option("--funds-unit", cfg->funds_unit_cny, "funds mode: amounts are whole multiples of this many CNY (default 10000)");
      sub.add_flag("--replan", cfg->replan, "re-plan the existing pairs instead of keeping them fixed");
      sub.add_option("--candidates", cfg->candidates, "nearest helpers considered per helped unit (0: all; default 50)");
      sub.add_option("--max-distance-km", cfg->max_distance_km, "no link longer than this (0: no limit)");
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
