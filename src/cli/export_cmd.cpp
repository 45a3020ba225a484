// jiuyou export: one layer decoded (GBK), repaired (MakeValid), reprojected
// (GCJ-02/BD-09/any EPSG -> any EPSG, or the auto metric zone) and written.
#include <filesystem>
#include <iostream>

#include "gis/crs/crs.hpp"
#include "gis/io/load.hpp"
#include "gis/io/write.hpp"
#include "src/cli/command.hpp"

namespace jiuyou::cli {
namespace {

struct ExportConfig {
  std::string input;
  std::string layer;
  std::string to;
  std::string src_crs;
  std::string crs = "EPSG:4490";
  std::string encoding;
  size_t max_issues = 20;
};

int run_export(const ExportConfig& cfg) {
  io::LayerSpec spec;
  const auto ext = std::filesystem::path(cfg.input).extension().string();
  if (ext == ".toml") {
    auto project = io::load_project(cfg.input);
    if (!project) return report_error("export", project.error());
    const io::LayerSpec* s = project->layer(cfg.layer);
    if (!s) {
      Error e = error(ErrorCode::input, "the project has no layer '" + cfg.layer + "'").file(cfg.input).hint("see the [layers.*] sections of the project");
      return report_error("export", e);
    }
    spec = *s;
  } else {
    spec.name = cfg.layer;
    spec.path = cfg.input;
    spec.layer = cfg.layer;
  }
  if (!cfg.src_crs.empty()) spec.crs = CrsRef::parse(cfg.src_crs);
  if (!cfg.encoding.empty()) spec.encoding = cfg.encoding;
  IssueLog log;
  auto table = io::read_layer(spec, log);
  if (!table) {
    // A file with one layer under another name: retry without the layer name.
    if (ext != ".toml" && table.error().message.find("no layer named") != std::string::npos) {
      spec.layer.clear();
      table = io::read_layer(spec, log);
    }
    if (!table) return report_error("export", table.error());
  }
  CrsRef target;
  if (cfg.crs == "auto") {
    auto zone = crs::auto_metric_crs(table->bbox(), table->crs);
    if (!zone) return report_error("export", zone.error());
    target = *zone;
  } else {
    target = CrsRef::parse(cfg.crs);
  }
  if (!(table->crs == target)) {
    auto tr = crs::Transformer::create(table->crs, target);
    if (tr && tr->is_ballpark())
      std::cerr << "jiuyou export: note: " << table->crs.label() << " -> " << target.label()
                << " has no datum shift in PROJ's database (a ballpark transformation): expect errors of tens of metres or more\n";
    if (auto ok = crs::transform_table(*table, target); !ok) return report_error("export", ok.error());
  }
  if (auto ok = io::write_layer(cfg.to, *table); !ok) return report_error("export", ok.error());
  std::cout << "wrote " << table->size() << " features of " << spec.name << " (" << table->source_crs.label() << " -> " << target.label() << ") to "
            << cfg.to << "\n";
  print_issues(log, cfg.max_issues);
  return 0;
}

const CommandRegistrar reg{"export", "Write one layer decoded, repaired and reprojected (GCJ-02/GBK data to clean CGCS2000)", 40, [](CLI::App& sub) {
  auto cfg = std::make_shared<ExportConfig>();
  sub.add_option("input", cfg->input, "project .toml or any GDAL source")->required();
  sub.add_option("--layer", cfg->layer, "layer name (in the project, or in the file)")->required();
  sub.add_option("--to", cfg->to, "output file: .gpkg .shp .geojson .fgb .csv")->required();
  sub.add_option("--src-crs", cfg->src_crs, "override the CRS the file declares: EPSG:n, GCJ-02, BD-09");
  sub.add_option("--crs", cfg->crs, "target CRS: EPSG:n, GCJ-02, BD-09, or auto (the CGCS2000 Gauss-Kruger zone); default EPSG:4490");
  sub.add_option("--encoding", cfg->encoding, "text encoding of the source (e.g. CP936) when it has no .cpg");
  sub.add_option("--max-issues", cfg->max_issues, "issue lines to print");
  sub.footer("Examples:\n"
             "  jiuyou export amap_pois.geojson --layer amap_pois --src-crs GCJ-02 --crs EPSG:4490 --to pois_cgcs2000.gpkg\n"
             "  jiuyou export legacy.shp --layer legacy --encoding CP936 --crs auto --to clean.gpkg");
  return [cfg] { return run_export(*cfg); };
}};

}  // namespace
}  // namespace jiuyou::cli
