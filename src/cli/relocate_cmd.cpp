// jiuyou relocate PROJECT --out DIR: 易地扶贫搬迁 — who moves, which sites are
// safe and buildable, and which to open for whom (capacitated facility
// location with a lower bound). Writes DIR/relocation.gpkg, relocation.xlsx and
// relocation.html, all or none.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <iostream>

#include "gis/app/relocate_job.hpp"
#include "src/cli/command.hpp"

namespace jiuyou::cli {
namespace {

namespace fs = std::filesystem;

struct RelocateConfig {
  app::RelocateJob job;
  bool quiet = false;
};

int run_relocate(RelocateConfig& cfg) {
  cfg.job.progress = progress_bar("relocate", cfg.quiet);
  auto run = app::run_relocate(cfg.job);
  if (!run) return report_error("relocate", run.error());
  if (run->no_plan) {
    // A finding about the data, not an error: exit 1, nothing written.
    std::cerr << "jiuyou relocate: no plan: " << run->no_plan->to_string() << "\n";
    return 1;
  }
  const auto& p = run->plan;
  size_t chosen = 0;
  for (const auto& s : p.sites) chosen += s.chosen ? 1 : 0;
  // First: a warning on the data (an undeclared GCJ-02 layer, as check says it) undoes every figure below (tour 12 L28).
  for (const auto& n : p.notes.entries())
    if (!n.hint.empty()) std::printf("WARNING     %s (hint: %s)\n", n.message.c_str(), n.hint.c_str());
  std::printf("movers      %zu villages, %lld households\n", p.movers.size(), static_cast<long long>(p.households));
  std::printf("candidates  %lld (%s), %zu buildable, %zu excluded\n", static_cast<long long>(p.candidates),
              run->sites_layer ? "sites layer" : "grid", p.sites.size(), p.excluded.size());
  std::printf("excluded    samples by reason:");
  for (int k = 0; k < plan::k_exclusion_kinds; ++k)
    if (p.samples_excluded[static_cast<size_t>(k)] > 0)
      std::printf(" %s %lld", plan::to_string(static_cast<plan::Exclusion>(k)), static_cast<long long>(p.samples_excluded[static_cast<size_t>(k)]));
  std::printf("\n");
  std::printf("slope       %s\n", p.slope_used ? "checked (GDAL DEM processing)" : "NOT checked (--no-slope)");
  std::printf("sites open  %zu%s\n", chosen, p.params.max_sites > 0 ? (" (K = " + std::to_string(p.params.max_sites) + ")").c_str() : "");
  std::printf("placed      %lld of %lld households%s\n", static_cast<long long>(p.placed), static_cast<long long>(p.households),
              p.placed < p.households ? " — NOT everyone" : "");
  for (const auto& u : p.unplaced)
    std::printf("  unplaced  %s %s: %lld households (%s)\n", p.movers[u.mover].code.c_str(), p.movers[u.mover].name.c_str(),
                static_cast<long long>(u.households), u.reason.c_str());
  double longest = 0, household_km = 0, extension = 0;
  for (const auto& f : p.flows) longest = std::max(longest, f.distance_km), household_km += static_cast<double>(f.households) * f.distance_km;
  for (const auto& s : p.sites) extension += s.chosen ? s.extension_cny : 0.0;
  // The money is the sites and their extension; the distance is weighed, not spent (tour 10 G4).
  std::printf("build cost  %.0f CNY to budget (sites %.0f + network extension %.0f)\n", p.site_cny, p.site_cny - extension, extension);
  std::printf("distance    %.1f household-km, weighed at %.0f CNY per household-km = %.0f (a weight for comparing plans, not money)\n",
              household_km, p.params.cny_per_household_km, p.travel_cny);
  // The objective and its bound on one basis: both hold the unplaced households' penalty (tour 11 K32).
  if (p.unplaced_cny > 0)
    std::printf("objective   %.0f (build cost + weighed distance + unplaced penalty %.0f)\n", p.objective_cny, p.unplaced_cny);
  else
    std::printf("objective   %.0f (build cost + weighed distance)\n", p.objective_cny);
  std::printf("bound       %.0f on the objective, gap %.2f%%%s [%s, %.1f s]\n", p.lower_bound_cny, 100.0 * p.gap, p.proven_optimal ? " (proven optimal)" : "",
              p.method.c_str(), p.solve_seconds);
  std::printf("travel      longest %.1f km, mean %.1f km per household\n", longest, p.placed > 0 ? household_km / static_cast<double>(p.placed) : 0.0);
  for (const auto& n : p.notes.entries())
    if (n.hint.empty()) std::printf("note        %s\n", n.message.c_str());
  const fs::path out(cfg.job.out_dir);
  std::printf("wrote %s (layers sites, excluded, flows, movers), %s, %s\n", (out / "relocation.gpkg").string().c_str(),
              (out / "relocation.xlsx").string().c_str(), (out / "relocation.html").string().c_str());
  return p.placed == p.households ? 0 : 1;
}

const CommandRegistrar reg{
    "relocate", "Relocation sites (易地扶贫搬迁): who moves, safe buildable sites, households allocated with a lower bound", 60,
    [](CLI::App& sub) {
      auto cfg = std::make_shared<RelocateConfig>();
      sub.add_option("project", cfg->job.project, "project .toml (villages with relocate_households, hazards, protected, dem, roads, ...)")->required();
      sub.add_option("--out", cfg->job.out_dir, "output folder: relocation.gpkg, relocation.xlsx, relocation.html, replaced as one set")->required();
      sub.add_option("--k", cfg->job.max_sites, "at most K sites (0: as many as pay off; default [relocate] max_sites)")->check(whole_range(0, 1000000));
      sub.add_flag("--single-source", cfg->job.single_source, "keep each village together at one site");
      sub.add_flag("--no-slope", cfg->job.no_slope, "plan without a DEM (slope and altitude NOT checked)");
      sub.add_flag("--exact", cfg->job.exact, "solve the MIP with CBC instead of the Lagrangian heuristic");
      sub.add_option("--time-limit", cfg->job.time_limit_s, "solver time limit in seconds (default [relocate] time_limit_s = 60)")
          ->check(number_range(0.001, 7 * 24 * 3600.0));
      sub.add_flag("-q,--quiet", cfg->quiet, "no progress output");
      sub.footer(
          "Exit: 0 every household placed, 1 some households could not be placed (listed), nobody to relocate, or\n"
          "  no candidate site left (nothing written), 2 bad arguments,\n"
          "  3-6 input could not be read (e.g. no DEM without --no-slope), 8 no plan (capacity too small for K sites).\n"
          "Example:\n"
          "  jiuyou relocate data/demo/project.toml --out out/relocate --k 5");
      return [cfg] { return run_relocate(*cfg); };
    }};

}  // namespace
}  // namespace jiuyou::cli
