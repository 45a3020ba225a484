// jiuyou atlas RESULT --by township --out atlas.pdf: one A4 (or A3) page per township
// of a check result (map, legend of what is on the page, scale bar, north
// arrow, title, the table of its villages and what each lacks), written
// atomically as PDF.
#ifdef JIUYOU_HAVE_RENDER
#include <cstdio>

#include "gis/app/inputs.hpp"
#include "src/cli/command.hpp"
#include "src/render/atlas.hpp"
#include "src/render/atlas_pdf.hpp"
#include "src/render/document.hpp"

namespace jiuyou::cli {
namespace {

struct AtlasConfig {
  std::string input;
  std::string out;
  std::string by = "township";
  double dpi = 150;
  std::string metric_crs;
  std::string basemap;
  std::string paper = "A4";
  bool no_labels = false;
  bool no_hillshade = false;
  bool quiet = false;
};

int run_atlas(const AtlasConfig& cfg) {
  if (cfg.by != "township")
    return report_error("atlas", error(ErrorCode::input, "unknown --by '" + cfg.by + "'").hint("pages are made per township: --by township"));
  if (!(cfg.dpi >= 50 && cfg.dpi <= 600))
    return report_error("atlas", error(ErrorCode::input, "--dpi must be between 50 and 600").hint("150 prints well on A4"));
  if (cfg.paper != "A4" && cfg.paper != "A3")
    return report_error("atlas", error(ErrorCode::input, "unknown --paper '" + cfg.paper + "'").hint("A4 (default) or A3"));
  io::LoadOptions load;
  if (!cfg.metric_crs.empty() && cfg.metric_crs != "auto") load.metric_crs = CrsRef::parse(cfg.metric_crs);
  load.progress = progress_bar("atlas", cfg.quiet);
  auto doc = render::open_document(cfg.input, load);
  if (!doc) return report_error("atlas", doc.error());
  if (auto ok = app::refuse_writing_into_output_set(cfg.out, "--out"); !ok) return report_error("atlas", ok.error());
  if (auto ok = app::refuse_overwriting_inputs(cfg.out, false, app::document_inputs(cfg.input, doc->project_path), "--out"); !ok)
    return report_error("atlas", ok.error());
  if (!cfg.quiet)
    for (const std::string& note : doc->notes) std::fprintf(stderr, "atlas: %s\n", note.c_str());
  auto plan = render::plan_atlas(*doc);
  if (!plan) {
    Error e = plan.error();
    if (e.file.empty()) e.file = cfg.input;
    return report_error("atlas", e);
  }
  render::AtlasOptions o;
  o.map_dpi = cfg.dpi;
  o.labels = !cfg.no_labels;
  o.hillshade = !cfg.no_hillshade;
  o.basemap = cfg.basemap;
  if (o.basemap.empty() && doc->basemap) o.basemap = doc->basemap->path, o.basemap_opacity = doc->basemap->opacity;  // [basemap]
  o.paper = cfg.paper == "A3" ? render::Paper::a3 : render::Paper::a4;
  auto written = render::write_atlas_pdf(doc->ws, *plan, cfg.out, o);
  if (!written) return report_error("atlas", written.error());
  if (!cfg.quiet)
    std::fprintf(stderr, "atlas: wrote %s (%zu pages, %zu townships)\n", cfg.out.c_str(), written->pages, plan->pages.size());
  return 0;
}

const CommandRegistrar reg{"atlas", "Township atlas as PDF: one A4 or A3 page per township with its map and the table of its villages", 61,
                           [](CLI::App& sub) {
  auto cfg = std::make_shared<AtlasConfig>();
  sub.add_option("input", cfg->input, "result.gpkg of jiuyou check (drawn over the project it records)")->required();
  sub.add_option("-o,--out", cfg->out, "PDF to write (written to a temporary name, then renamed)")->required();
  sub.add_option("--by", cfg->by, "one page per: township (default)");
  sub.add_option("--dpi", cfg->dpi, "resolution of the maps on the page (default 150)");
  sub.add_option("--metric-crs", cfg->metric_crs, "metric CRS (EPSG:n); default: the CGCS2000 Gauss-Kruger zone of the data");
  sub.add_option("--basemap", cfg->basemap, "offline basemap under the maps: an .mbtiles file, an XYZ tile folder or a georeferenced raster (nothing is downloaded)");
  sub.add_option("--paper", cfg->paper, "A4 (default) or A3 (the A4 page enlarged, maps at the same DPI)");
  sub.add_flag("--no-labels", cfg->no_labels, "no village names on the maps");
  sub.add_flag("--no-hillshade", cfg->no_hillshade, "no DEM hillshade");
  sub.add_flag("-q,--quiet", cfg->quiet, "no progress output");
  sub.footer("Exit: 0 written, 2 bad arguments, 3 file missing/unwritable, 4 not a check result (no verdict or township field), 9 no OpenGL context, font or PDF support.\n"
             "Example: jiuyou check data/demo/project.toml --out out/demo && jiuyou atlas out/demo/result.gpkg --by township --out atlas.pdf");
  return [cfg] { return run_atlas(*cfg); };
}};

}  // namespace
}  // namespace jiuyou::cli
#endif
