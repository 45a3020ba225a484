// jiuyou import-osm EXTRACT --boundary county.gpkg[:layer] --out county.gpkg:
// an OpenStreetMap extract as canonical layers plus a project file (docs/osm.md).
#include <cstdio>

#include "gis/io/osm_import.hpp"
#include "gis/util/display_width.hpp"
#include "src/cli/command.hpp"

namespace jiuyou::cli {
namespace {

struct ImportOsmConfig {
  io::OsmImportJob job;
  size_t max_issues = 40;
};

void print_summary(const io::OsmImportSummary& s, const io::OsmImportJob& job) {
  std::printf("read %zu features from %s\n", s.read, job.extract.c_str());
  for (const auto& [layer, n] : s.written) std::printf("  %s %zu\n", util::pad_right(layer, 18).c_str(), n);
  for (const auto& layer : s.not_written) std::printf("  %s none in the extract: not written (its items will be unknown)\n", util::pad_right(layer, 18).c_str());
  if (s.outside) std::printf("outside the boundary: %zu features left out\n", s.outside);
  if (s.matched_names)
    std::printf("villages matched to the code list by name: %zu matched, %zu ambiguous, %zu unmatched (county %s)\n", s.places.matched, s.places.ambiguous,
                s.places.unmatched, s.county_code.empty() ? "not known" : s.county_code.c_str());
  if (s.generated_ids) std::printf("villages with generated ids (osm-...): %zu\n", s.generated_ids);
  std::printf("wrote %s and %s\n", job.out.c_str(), s.project_path.c_str());
  std::printf("next: jiuyou check %s --out result\n", s.project_path.c_str());
  std::fflush(stdout);
}

int run_import_osm(const ImportOsmConfig& cfg) {
  auto sum = io::import_osm(cfg.job);
  if (!sum) return report_error("import-osm", sum.error());
  print_summary(*sum, cfg.job);
  print_issues(sum->log, cfg.max_issues);
  return 0;
}

const CommandRegistrar reg{"import-osm", "Import an OpenStreetMap extract (.osm, .osm.pbf, GeoJSON) clipped to a county as canonical layers and a project", 15,
                           [](CLI::App& sub) {
  auto cfg = std::make_shared<ImportOsmConfig>();
  sub.add_option("extract", cfg->job.extract, ".osm, .osm.pbf, or GeoJSON whose properties are OSM tags")->required();
  sub.add_option("--boundary", cfg->job.boundary, "county polygon: file or file:layer (any CRS it declares)")->required();
  sub.add_option("--out", cfg->job.out, "GeoPackage to write (replaced as a whole; never one of the inputs)")->required();
  sub.add_option("--project", cfg->job.project, "project file to write (default: project.toml beside --out)");
  sub.add_option("--codes", cfg->job.reference_codes, "official code list CSV (code,name) to match village names to");
  sub.add_option("--county", cfg->job.county_code, "6-digit county code the matching keeps to (default: the boundary's adcode/code field)")
      ->check(CLI::Validator([](std::string& s) { return s.size() == 6 && s.find_first_not_of("0123456789") == std::string::npos ? std::string() : std::string("a 6-digit county code"); }, "CODE"));
  sub.add_option("--vocabulary", cfg->job.vocabulary, "tag mapping: osm (data/vocab/osm.toml, default) or a .toml path");
  sub.add_option("--rules", cfg->job.rules, "rule set the project names (default hubei-2017)");
  sub.add_option("--max-issues", cfg->max_issues, "issue lines to print (default 40)");
  sub.footer("Exit: 0 written, 2 bad arguments, 3 a file missing or unwritable, 4 not a readable extract/boundary, 5 boundary CRS, 7 vocabulary.\n"
             "Example: jiuyou import-osm hebei-latest.osm.pbf --boundary county.gpkg:county --out osm/county.gpkg --codes codes.csv");
  return [cfg] { return run_import_osm(*cfg); };
}};

}  // namespace
}  // namespace jiuyou::cli
