// jiuyou synth --out DIR: a synthetic mountain county (GeoPackage, DEM, project file).
#include <chrono>
#include <cstdio>
#include <memory>

#include "gis/synth/synth_county.hpp"
#include "src/cli/command.hpp"

namespace jiuyou::cli {
namespace {

struct SynthConfig {
  std::string out;
  uint64_t seed = 20171;
  int villages = 250;
  int townships = 0;
  double area_km2 = 0;
  double dem_cell_m = 0;
  double center_lon = 110.23;
  double center_lat = 32.23;
  std::string county_code = "420323";
  std::string county_name = "九有县";
  bool points = false;
  bool no_traps = false;
  bool quiet = false;
};

int run_synth(const SynthConfig& cfg) {
  synth::SynthParams params = synth::scaled_params(cfg.villages, cfg.townships, cfg.area_km2);
  params.seed = cfg.seed;
  params.dem_cell_m = cfg.dem_cell_m;
  params.center_lon = cfg.center_lon;
  params.center_lat = cfg.center_lat;
  params.county_code = cfg.county_code;
  params.county_name = cfg.county_name;
  params.traps = !cfg.no_traps;
  if (cfg.points) params.village_polygons = false;
  const auto t0 = std::chrono::steady_clock::now();
  auto progress = progress_bar("synth", cfg.quiet);
  auto county = synth::synth_county(params, [&](double r, std::string_view s) { return !progress || progress(0.8 * r, s); });
  if (!county) return report_error("synth", county.error());
  auto ok = synth::write_synth_county(cfg.out, *county, [&](double r, std::string_view s) { return !progress || progress(0.8 + 0.2 * r, s); });
  if (!ok) return report_error("synth", ok.error());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%s %s: %zu villages (%s) in %zu townships, %zu road segments, DEM %dx%d at %.0f m, %s\n", county->code.c_str(), county->name.c_str(),
              county->villages.size(), params.village_polygons ? "polygons" : "points", county->townships.size(), county->roads.size(), county->dem.width,
              county->dem.height, county->dem.cell_size_x(), county->crs.label().c_str());
  std::printf("trap villages: %zu (also in traps.csv)\n", county->traps.size());
  for (const auto& t : county->traps) {
    if (t.distance_m >= 0)
      std::printf("  %s %-12s %-34s %9.2f m  %s\n", t.code.c_str(), t.name.c_str(), t.kind.c_str(), t.distance_m, t.note.c_str());
    else
      std::printf("  %s %-12s %-34s %11s  %s\n", t.code.c_str(), t.name.c_str(), t.kind.c_str(), "", t.note.c_str());
  }
  std::printf("wrote %s/{county.gpkg,dem.tif,project.toml,traps.csv} in %.1f s\n", cfg.out.c_str(), secs);
  return 0;
}

const CommandRegistrar reg{"synth", "Generate a realistic synthetic mountain county (or province) for demos, tests and benchmarks", 10, [](CLI::App& sub) {
  auto cfg = std::make_shared<SynthConfig>();
  sub.add_option("--out", cfg->out, "output folder (created; county.gpkg, dem.tif, project.toml are replaced atomically)")->required();
  sub.add_option("--seed", cfg->seed, "random seed (same seed, same county)");
  sub.add_option("--villages", cfg->villages, "number of villages (default 250)")->check(CLI::Range(1, 2000000));
  sub.add_option("--townships", cfg->townships, "number of townships (default: 17, or about 15 villages each when scaled up)");
  sub.add_option("--area-km2", cfg->area_km2, "area in km² (default 3500, growing with the square root of the village count)");
  sub.add_option("--dem-cell", cfg->dem_cell_m, "DEM cell size in metres (default: from the area, 100 m for a county)");
  sub.add_option("--center-lon", cfg->center_lon, "centre longitude (sets the Gauss-Kruger zone; default 110.23, 竹山县)");
  sub.add_option("--center-lat", cfg->center_lat, "centre latitude (default 32.23)");
  sub.add_option("--county-code", cfg->county_code, "6-digit county code that prefixes every township and village code (default 420323)");
  sub.add_option("--county-name", cfg->county_name, "county name (default 九有县)");
  sub.add_flag("--points", cfg->points, "villages as points instead of polygons (the default above 20,000 villages)");
  sub.add_flag("--no-traps", cfg->no_traps, "leave out the deliberate threshold villages");
  sub.add_flag("-q,--quiet", cfg->quiet, "no progress output");
  sub.footer("Examples:\n"
             "  jiuyou synth --out data/demo --dem-cell 150          the bundled demo county\n"
             "  jiuyou synth --out /tmp/prov --villages 100000 --points   a benchmark province\n"
             "Exit: 0 written, 2 bad arguments, 3 the folder cannot be written.");
  return [cfg] { return run_synth(*cfg); };
}};

}  // namespace
}  // namespace jiuyou::cli
