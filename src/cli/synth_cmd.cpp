// jiuyou synth --out DIR: a synthetic mountain county (GeoPackage, DEM, project file).
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>

#include <cmath>
#include <sstream>

#include "gis/synth/raw_county.hpp"
#include "gis/synth/synth_county.hpp"
#include "gis/synth/years.hpp"
#include "gis/util/display_width.hpp"
#include "src/cli/command.hpp"

namespace jiuyou::cli {
namespace {

// A finite number within [lo, hi] (CLI::Range lets NaN through); the message names the unit and the default.
CLI::Validator finite_in(double lo, double hi, const std::string& what) {
  return CLI::Validator(
      [=](const std::string& text) -> std::string {
        double v = 0;
        std::istringstream in(text);
        in >> v;
        if (in.fail() || !in.eof() || !std::isfinite(v) || v < lo || v > hi) {
          std::ostringstream msg;
          msg << text << " is not " << what << " (allowed " << lo << " to " << hi << ")";
          return msg.str();
        }
        return {};
      },
      "", "finite_in");
}

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
  bool raw = false;
  std::string spelling = "common";
  bool quiet = false;
  int years = 0;  // 0: one county, no year folders
  int first_year = 2024;
};

int print_summary(const SynthConfig& cfg, const synth::SynthParams& params, const synth::SynthCounty& county, double secs) {
  std::printf("%s %s: %zu villages (%s) in %zu townships, %zu road segments, DEM %dx%d at %.0f m, %s\n", county.code.c_str(), county.name.c_str(),
              county.villages.size(), params.village_polygons ? "polygons" : "points", county.townships.size(), county.roads.size(), county.dem.width,
              county.dem.height, county.dem.cell_size_x(), county.crs.label().c_str());
  if (cfg.raw) {
    std::printf("wrote the county as an office holds it (%s spellings) to %s/{%s,%s,%s,%s,%s,%s,%s,%s,%s,%s} in %.1f s\n", cfg.spelling.c_str(), cfg.out.c_str(),
                synth::RawFiles::villages, synth::RawFiles::village_points, synth::RawFiles::stats, synth::RawFiles::roads, synth::RawFiles::facilities,
                synth::RawFiles::townships, synth::RawFiles::county, synth::RawFiles::networks, synth::RawFiles::project, synth::RawFiles::project_points, secs);
    return 0;
  }
  std::printf("trap villages: %zu (also in traps.csv)\n", county.traps.size());
  for (const auto& t : county.traps) {
    if (t.distance_m >= 0)
      std::printf("  %s %s %s %9.2f m  %s\n", t.code.c_str(), util::pad_right(t.name, 12).c_str(), util::pad_right(t.kind, 34).c_str(), t.distance_m,
                  t.note.c_str());
    else
      std::printf("  %s %s %s %11s  %s\n", t.code.c_str(), util::pad_right(t.name, 12).c_str(), util::pad_right(t.kind, 34).c_str(), "", t.note.c_str());
  }
  std::printf("wrote %s/{county.gpkg,dem.tif,project.toml,traps.csv} in %.1f s\n", cfg.out.c_str(), secs);
  return 0;
}

// --years N: DIR/<year>/ for N consecutive years, DIR/events.csv, DIR/crosswalk_truth.csv.
int run_synth_years(const SynthConfig& cfg, const synth::SynthParams& params) {
  const auto t0 = std::chrono::steady_clock::now();
  auto progress = progress_bar("synth", cfg.quiet);
  synth::YearsParams yp;
  yp.years = cfg.years;
  yp.first_year = cfg.first_year;
  auto years = synth::synth_years(params, yp, [&](double r, std::string_view s) { return !progress || progress(0.7 * r, s); });
  if (!years) return report_error("synth", years.error());
  auto ok = synth::write_synth_years(cfg.out, *years, [&](double r, std::string_view s) { return !progress || progress(0.7 + 0.3 * r, s); });
  if (!ok) return report_error("synth", ok.error());
  std::map<std::string, size_t> kinds;
  for (const auto& e : years->events) ++kinds[e.kind];
  std::printf("%s %s over %d years (%d-%d): %zu recorded changes\n", years->counties.front().code.c_str(), years->counties.front().name.c_str(), cfg.years,
              years->years.front(), years->years.back(), years->events.size());
  for (const auto& [kind, n] : kinds) std::printf("  %s %zu\n", util::pad_right(kind, 18).c_str(), n);
  for (const auto& note : years->notes) std::printf("note: %s\n", note.c_str());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("wrote %s/{%d..%d}/ and %s/{events.csv,crosswalk_truth.csv} in %.1f s (see docs/synth-years.md)\n", cfg.out.c_str(), years->years.front(),
              years->years.back(), cfg.out.c_str(), secs);
  return 0;
}

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
  if (cfg.years > 0) return run_synth_years(cfg, params);
  const auto t0 = std::chrono::steady_clock::now();
  auto progress = progress_bar("synth", cfg.quiet);
  auto county = synth::synth_county(params, [&](double r, std::string_view s) { return !progress || progress(0.8 * r, s); });
  if (!county) return report_error("synth", county.error());
  const auto write_progress = [&](double r, std::string_view s) { return !progress || progress(0.8 + 0.2 * r, s); };
  synth::RawParams raw;
  raw.spelling = cfg.spelling == "other" ? synth::RawSpelling::other : synth::RawSpelling::common;
  auto ok = cfg.raw ? synth::write_raw_county(cfg.out, *county, raw, write_progress) : synth::write_synth_county(cfg.out, *county, write_progress);
  if (!ok) return report_error("synth", ok.error());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return print_summary(cfg, params, *county, secs);
}

const CommandRegistrar reg{"synth", "Generate a realistic synthetic mountain county (or province) for demos, tests and benchmarks", 10, [](CLI::App& sub) {
  auto cfg = std::make_shared<SynthConfig>();
  sub.add_option("--out", cfg->out, "output folder (created; county.gpkg, dem.tif, project.toml are replaced atomically)")->required();
  sub.add_option("--seed", cfg->seed, "random seed (same seed, same county)")
      ->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos)
              return text + " is not a seed (a whole number 0 to 9999999999999999999)";
            return {};
          },
          "", "seed"));
  sub.add_option("--villages", cfg->villages, "number of villages (default 250)")->check(CLI::Range(1, 2000000));
  sub.add_option("--townships", cfg->townships, "number of townships (default: 17, or about 15 villages each when scaled up)")->check(CLI::Range(1, 200000));
  sub.add_option("--area-km2", cfg->area_km2, "area in km² (default 3500, growing with the square root of the village count)")
      ->check(finite_in(10, 400000, "an area in km²"));
  sub.add_option("--dem-cell", cfg->dem_cell_m, "DEM cell size in metres (default: from the area, 100 m for a county)")
      ->check(finite_in(10, 5000, "a DEM cell size in metres"));
  sub.add_option("--center-lon", cfg->center_lon, "centre longitude (sets the Gauss-Kruger zone; default 110.23, 竹山县)")
      ->check(finite_in(73.5, 135.0, "a longitude in China (CGCS2000 Gauss-Kruger zones 25-45)"));
  sub.add_option("--center-lat", cfg->center_lat, "centre latitude (default 32.23)")->check(finite_in(3.5, 53.6, "a latitude in China"));
  sub.add_option("--county-code", cfg->county_code, "6-digit county code that prefixes every township and village code (default 420323); beyond 900 townships the villages make a province of counties coded 420323, 420324, ...");
  sub.add_option("--county-name", cfg->county_name, "county name (default 九有县)");
  sub.add_flag("--points", cfg->points, "villages as points instead of polygons (the default above 20,000 villages)");
  sub.add_flag("--no-traps", cfg->no_traps, "leave out the deliberate threshold villages");
  CLI::Option* raw_flag = sub.add_flag("--raw", cfg->raw,
               "write the county the way a county office holds it: GBK shapefiles with Chinese field names, GCJ-02 GeoJSON roads, "
               "an XLSX of statistics with a title row (see docs/demo-raw.md)");
  sub.add_option("--spelling", cfg->spelling, "with --raw: which spellings of the Chinese words (common: 是/否, 沥青, 县道; other: 有/无, 柏油, 砼, route numbers)")
      ->check(CLI::IsMember({"common", "other"}))
      ->needs(raw_flag);
  CLI::Option* years = sub.add_option("--years", cfg->years,
                                      "write the county for N consecutive years with recorded changes: DIR/<year>/ each a project, "
                                      "DIR/events.csv, DIR/crosswalk_truth.csv (see docs/synth-years.md)")
                            ->check(CLI::Range(1, synth::kYearsMax))
                            ->excludes(raw_flag);
  sub.add_option("--first-year", cfg->first_year, "with --years: the first year (default 2024)")->check(CLI::Range(synth::kFirstYearMin, synth::kFirstYearMax))->needs(years);
  sub.add_flag("-q,--quiet", cfg->quiet, "no progress output");
  sub.footer("Examples:\n"
             "  jiuyou synth --out data/demo --dem-cell 150          the bundled demo county\n"
             "  jiuyou synth --out /tmp/prov --villages 100000 --points   a benchmark province\n"
             "  jiuyou synth --out data/demo-raw --dem-cell 150 --raw     the demo county as an office holds it\n"
             "  jiuyou synth --out /tmp/years --dem-cell 150 --years 3    the county in 2024, 2025, 2026 with events.csv\n"
             "Exit: 0 written, 2 bad arguments, 3 the folder cannot be written.");
  return [cfg] { return run_synth(*cfg); };
}};

}  // namespace
}  // namespace jiuyou::cli
