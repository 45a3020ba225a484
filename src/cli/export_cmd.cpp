// jiuyou export: one layer decoded (GBK), repaired (MakeValid), reprojected
// (GCJ-02/BD-09/any EPSG -> any EPSG, or the auto metric zone) and written.
// The output never replaces an input; an existing file is replaced only with
// --overwrite, or gets the layer added with --append (GeoPackage).
#include <filesystem>
#include <iostream>

#include <iconv.h>

#include "gis/app/inputs.hpp"
#include "gis/crs/crs.hpp"
#include "gis/io/load.hpp"
#include "gis/io/write.hpp"
#include "gis/util/utf8.hpp"
#include "src/cli/command.hpp"

namespace fs = std::filesystem;

namespace jiuyou::cli {
namespace {

struct ExportConfig {
  std::string input;
  std::string layer;
  std::string to;
  std::string src_crs;
  std::string crs = "EPSG:4490";
  std::string encoding;
  bool overwrite = false;
  bool append = false;
  bool allow_errors = false;
  size_t max_issues = 20;
};

Result<io::LayerSpec> layer_spec(const ExportConfig& cfg) {
  io::LayerSpec spec;
  if (fs::path(cfg.input).extension() == ".toml") {
    ASSIGN_OR_RETURN(const io::Project project, io::load_project(cfg.input));
    const io::LayerSpec* s = project.layer(cfg.layer);
    if (!s) return error(ErrorCode::input, "the project has no layer '" + cfg.layer + "'").file(cfg.input).hint("see the [layers.*] sections of the project");
    spec = *s;
  } else {
    spec.name = cfg.layer;
    spec.path = cfg.input;
    spec.layer = cfg.layer;
  }
  if (!cfg.src_crs.empty()) spec.crs = CrsRef::parse(cfg.src_crs);
  if (!cfg.encoding.empty()) spec.encoding = cfg.encoding;
  return spec;
}

// Never in place; an existing target only with --overwrite or --append.
Result<void> check_target(const ExportConfig& cfg, const io::LayerSpec& spec) {
  TRY(app::refuse_writing_into_output_set(cfg.to, "--to"));
  TRY(app::refuse_overwriting_inputs(cfg.to, false, {cfg.input, spec.path}, "--to"));
  if (cfg.overwrite && cfg.append) return error(ErrorCode::input, "--overwrite and --append exclude each other").hint("--overwrite replaces the file, --append adds a layer");
  std::error_code ec;
  const bool exists = fs::exists(cfg.to, ec);
  if (cfg.append && !exists) return error(ErrorCode::io, "--append needs an existing file").file(cfg.to).hint("leave out --append to create it");
  if (cfg.append && fs::path(cfg.to).extension() != ".gpkg")
    return error(ErrorCode::input, "--append adds a layer to a GeoPackage (.gpkg); this format holds one layer").file(cfg.to);
  if (exists && !cfg.overwrite && !cfg.append)
    return error(ErrorCode::io, "the output file exists").file(cfg.to).hint("--overwrite replaces it (all its layers), --append adds this layer to it");
  return {};
}

Result<FeatureTable> read_source(io::LayerSpec spec, bool from_project, IssueLog& log) {
  auto table = io::read_layer(spec, log);
  // A file with one layer under another name: retry without the layer name.
  if (!table && !from_project && table.error().message.find("no layer named") != std::string::npos) {
    spec.layer.clear();
    table = io::read_layer(spec, log);
  }
  if (!table) return table;
  TRY(util::require_utf8_text(*table, spec.path));
  return table;
}

Result<CrsRef> reproject(const ExportConfig& cfg, FeatureTable& table) {
  CrsRef target;
  if (cfg.crs == "auto") {
    ASSIGN_OR_RETURN(target, crs::auto_metric_crs(table.bbox(), table.crs));
  } else {
    target = CrsRef::parse(cfg.crs);
  }
  if (table.crs == target) return target;
  auto tr = crs::Transformer::create(table.crs, target);
  if (tr && tr->is_ballpark())
    std::cerr << "jiuyou export: note: " << table.crs.label() << " -> " << target.label()
              << " has no datum shift in PROJ's database (a ballpark transformation): expect errors of tens of metres or more\n";
  TRY(crs::transform_table(table, target));
  return target;
}

// An encoding iconv does not know would be ignored by the reader: refuse it.
Result<void> check_encoding(const std::string& encoding) {
  if (encoding.empty()) return {};
  const iconv_t cd = iconv_open("UTF-8", encoding.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1))
    return error(ErrorCode::input, "--encoding: unknown text encoding '" + encoding + "'").hint("e.g. CP936 (GBK), GB18030, UTF-8; `iconv -l` lists them");
  iconv_close(cd);
  return {};
}

int run_export(const ExportConfig& cfg) {
  if (auto ok = check_encoding(cfg.encoding); !ok) return report_error("export", ok.error());
  auto spec = layer_spec(cfg);
  if (!spec) return report_error("export", spec.error());
  if (auto ok = check_target(cfg, *spec); !ok) return report_error("export", ok.error());
  IssueLog log;
  auto table = read_source(*spec, fs::path(cfg.input).extension() == ".toml", log);
  if (!table) return report_error("export", table.error());
  const size_t errors = log.count(Severity::error);
  if (errors > 0 && !cfg.allow_errors) {
    print_issues(log, cfg.max_issues);
    return report_error("export", error(ErrorCode::format, std::to_string(errors) + " feature error(s) while reading (listed above); nothing was written")
                                      .file(spec->path)
                                      .layer(spec->name)
                                      .hint("fix the source, or --allow-errors to write the layer with those features' geometry empty"));
  }
  auto target = reproject(cfg, *table);
  if (!target) return report_error("export", target.error());
  io::WriteOptions wo;
  wo.append = cfg.append;
  if (auto ok = io::write_layer(cfg.to, *table, wo); !ok) return report_error("export", ok.error());
  std::cout << "wrote " << table->size() << " features of " << spec->name << " (" << table->source_crs.label() << " -> " << target->label() << ") to "
            << cfg.to << "\n";
  print_issues(log, cfg.max_issues);
  return errors > 0 ? 1 : 0;
}

const CommandRegistrar reg{"export", "Write one layer decoded, repaired and reprojected (GCJ-02/GBK data to clean CGCS2000)", 40, [](CLI::App& sub) {
  auto cfg = std::make_shared<ExportConfig>();
  sub.add_option("input", cfg->input, "project .toml or any GDAL source")->required();
  sub.add_option("--layer", cfg->layer, "layer name (in the project, or in the file)")->required();
  sub.add_option("--to", cfg->to, "output file: .gpkg .shp .geojson .fgb .csv (never one of the inputs)")->required();
  sub.add_option("--src-crs", cfg->src_crs, "override the CRS the file declares: EPSG:n, GCJ-02, BD-09");
  sub.add_option("--crs", cfg->crs, "target CRS: EPSG:n, GCJ-02, BD-09, or auto (the CGCS2000 Gauss-Kruger zone); default EPSG:4490");
  sub.add_option("--encoding", cfg->encoding, "text encoding of the source (e.g. CP936) when it has no .cpg");
  sub.add_flag("--overwrite", cfg->overwrite, "replace an existing output file (all of its layers)");
  sub.add_flag("--append", cfg->append, "add the layer to an existing GeoPackage");
  sub.add_flag("--allow-errors", cfg->allow_errors, "write even when features had errors (their geometry empty); exit 1");
  sub.add_option("--max-issues", cfg->max_issues, "issue lines to print");
  sub.footer("Exit: 0 written; 1 written with --allow-errors after feature errors; 2 bad arguments (e.g. --to is the input);\n"
             "  3 the output exists (use --overwrite or --append) or cannot be written; 4 feature errors (nothing written).\n"
             "Examples:\n"
             "  jiuyou export amap_pois.geojson --layer amap_pois --src-crs GCJ-02 --crs EPSG:4490 --to pois_cgcs2000.gpkg\n"
             "  jiuyou export legacy.shp --layer legacy --encoding CP936 --crs auto --to clean.gpkg");
  return [cfg] { return run_export(*cfg); };
}};

}  // namespace
}  // namespace jiuyou::cli
