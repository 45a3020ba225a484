// jiuyou render PROJECT_OR_RESULT --out map.png: the map drawn headless (EGL)
// by the viewer's renderer, written atomically as PNG.
#ifdef JIUYOU_HAVE_RENDER
#include <cstdio>
#include <sstream>

#include "gis/io/schema.hpp"
#include "gis/app/inputs.hpp"
#include "gis/io/load.hpp"
#include "src/render/compare_document.hpp"
#include "src/render/document.hpp"
#include "src/cli/command.hpp"
#include "src/render/image.hpp"
#include "src/render/plan_overlay.hpp"
#include "src/render/render_map.hpp"
#include "src/render/transition_style.hpp"

namespace jiuyou::cli {
namespace {

struct RenderConfig {
  std::string input;
  std::string out;
  std::string size = "2000x1400";
  std::string bbox;
  std::string layers;
  std::string color_by = "verdict";
  std::string title;
  std::string metric_crs;
  std::string basemap;
  std::string pair;  // a compare result: which pair of years ("2024-2025"; default the last)
  std::string plan;
  bool no_labels = false;
  bool no_legend = false;
  bool no_hillshade = false;
  bool quiet = false;
};

// A compare result (compare.gpkg) opens as one pair of years, villages coloured by transition.
Result<render::Document> open_for_render(const RenderConfig& cfg, const io::LoadOptions& load, render::ColorBy& color_by) {
  if (!render::is_compare_output(cfg.input)) {
    if (!cfg.pair.empty()) return error(ErrorCode::input, "--pair needs a compare result").file(cfg.input).hint("give the compare.gpkg of `jiuyou compare`");
    if (color_by.kind == render::ColorBy::Kind::transition)
      return error(ErrorCode::input, "--color-by transition needs a compare result").file(cfg.input).hint("give the compare.gpkg of `jiuyou compare`");
    return render::open_document(cfg.input, load);
  }
  ASSIGN_OR_RETURN(render::CompareDocument cd, render::open_compare_document(cfg.input, cfg.pair, load));
  if (cfg.color_by == "verdict") color_by.kind = render::ColorBy::Kind::transition;  // the default, for a compare result
  if (color_by.kind == render::ColorBy::Kind::item) {  // one item's transition
    const FeatureTable* villages = cd.doc.ws.layer(io::target_layer);
    if (villages == nullptr || villages->column(color_by.item) == nullptr) {
      std::string ids;  // the compared items, to pick from
      for (const auto& [id, name] : cd.item_names) ids += (ids.empty() ? "" : ", ") + id + " (" + name + ")";
      return error(ErrorCode::input, "no item '" + color_by.item + "' in this compare result").file(cfg.input)
          .hint("--color-by transition, or one of the compared items: " + (ids.empty() ? std::string("(none recorded)") : ids));
    }
    color_by.kind = render::ColorBy::Kind::transition;
    color_by.item_title = render::pair_title(cd.pairs[cd.shown]) + " · " + render::item_title(cd, color_by.item);
  } else if (color_by.kind == render::ColorBy::Kind::transition) {
    color_by.item_title = render::pair_title(cd.pairs[cd.shown]);
  }
  return std::move(cd.doc);
}

int run_render(const RenderConfig& cfg) {
  render::RenderOptions opts;
  auto size = render::parse_size(cfg.size);
  if (!size) return report_error("render", size.error());
  opts.width = size->first;
  opts.height = size->second;
  if (!cfg.bbox.empty()) {
    auto b = render::parse_bbox(cfg.bbox);
    if (!b) return report_error("render", b.error());
    opts.bbox = *b;
  }
  std::stringstream names(cfg.layers);
  for (std::string n; std::getline(names, n, ',');)
    if (!n.empty()) opts.layers.push_back(n);
  opts.color_by = render::ColorBy::parse(cfg.color_by);
  opts.labels = !cfg.no_labels;
  opts.legend = !cfg.no_legend;
  opts.hillshade = !cfg.no_hillshade;
  opts.title = cfg.title;
  opts.basemap = cfg.basemap;

  io::LoadOptions load;
  if (!cfg.metric_crs.empty() && cfg.metric_crs != "auto") load.metric_crs = CrsRef::parse(cfg.metric_crs);
  load.progress = progress_bar("render", cfg.quiet);
  // An output of jiuyou (result.gpkg, relocation.gpkg, links.gpkg) opens over its project's layers.
  auto doc = open_for_render(cfg, load, opts.color_by);
  if (!doc) return report_error("render", doc.error());
  if (opts.basemap.empty() && doc->basemap) opts.basemap = doc->basemap->path, opts.basemap_opacity = doc->basemap->opacity;  // [basemap]
  std::vector<std::string> inputs = app::document_inputs(cfg.input, doc->project_path);
  if (!opts.basemap.empty()) inputs.push_back(opts.basemap);
  if (!cfg.plan.empty()) inputs.push_back(cfg.plan);
  if (auto ok = app::refuse_writing_into_output_set(cfg.out, "--out"); !ok) return report_error("render", ok.error());
  if (auto ok = app::refuse_overwriting_inputs(cfg.out, false, inputs, "--out"); !ok) return report_error("render", ok.error());
  if (!cfg.quiet)
    for (const std::string& note : doc->notes) std::fprintf(stderr, "render: %s\n", note.c_str());
  if (opts.color_by.kind == render::ColorBy::Kind::item) opts.color_by.item_title = render::item_title_in(doc->rule_set, opts.color_by.item);
  if (!cfg.plan.empty()) {  // an investment plan's projects by year over the map
    std::vector<std::string> warnings;
    auto added = render::add_plan_overlay(doc->ws, cfg.plan, &warnings);
    if (!added) return report_error("render", added.error());
    for (const std::string& w : warnings) std::fprintf(stderr, "render: warning: %s\n", w.c_str());
    opts.quiet_base = true;  // the projects over a quiet base (villages by verdict, the rest thin and grey); titled as a plan
  }
  const Workspace* ws = &doc->ws;

  auto result = render::render_map(*ws, opts);
  if (!result) return report_error("render", result.error());
  if (auto w = render::write_png(result->image, cfg.out); !w) return report_error("render", w.error());
  if (!cfg.quiet) {
    std::fprintf(stderr, "render: wrote %s (%dx%d, %zu of %zu labels placed, %s)\n", cfg.out.c_str(), opts.width, opts.height,
                 result->labels.size(), result->labels_total, result->gl_description.c_str());
    if (result->dropped_vertices > 0)
      std::fprintf(stderr, "render: %zu vertices with non-finite coordinates were left out\n", result->dropped_vertices);
  }
  return 0;
}

const CommandRegistrar reg{"render", "Render the map headless to PNG (EGL; the viewer's renderer): layers, hillshade, verdicts, labels, legend", 60,
                           [](CLI::App& sub) {
  auto cfg = std::make_shared<RenderConfig>();
  sub.add_option("input", cfg->input, "project .toml, a GeoPackage with canonical layers, or an output of jiuyou (result.gpkg, relocation.gpkg, links.gpkg, compare.gpkg: drawn over the project it records)")->required();
  sub.add_option("-o,--out", cfg->out, "PNG to write (written to a temporary name, then renamed)")->required();
  sub.add_option("--size", cfg->size, "WIDTHxHEIGHT in pixels (default 2000x1400)");
  sub.add_option("--bbox", cfg->bbox, "minx,miny,maxx,maxy in the metric CRS (default: everything)");
  sub.add_option("--layers", cfg->layers, "comma-separated layers to draw, e.g. villages,roads,dem (default: all)");
  sub.add_option("--color-by", cfg->color_by, "villages coloured by 'verdict' (default), 'none', 'transition' (a compare.gpkg: the default there), or a rule item id (a column of result.gpkg)");
  sub.add_option("--pair", cfg->pair, "a compare.gpkg: the pair of years to draw, e.g. 2024-2025 (default: the last pair)");
  sub.add_option("--title", cfg->title, "title in the top-left corner (default: the project name)");
  sub.add_option("--metric-crs", cfg->metric_crs, "metric CRS (EPSG:n); default: the CGCS2000 Gauss-Kruger zone of the data");
  sub.add_option("--basemap", cfg->basemap, "offline basemap under the layers: an .mbtiles file, an XYZ tile folder ({z}/{x}/{y}.png) or a georeferenced raster; nothing is downloaded (replaces the hillshade)");
  sub.add_option("--plan", cfg->plan, "an investment plan (DIR/invest.gpkg of jiuyou invest): its projects drawn over the map, coloured by year");
  sub.add_flag("--no-labels", cfg->no_labels, "no village names");
  sub.add_flag("--no-legend", cfg->no_legend, "no legend box");
  sub.add_flag("--no-hillshade", cfg->no_hillshade, "no DEM hillshade");
  sub.add_flag("-q,--quiet", cfg->quiet, "no progress output");
  sub.footer("Exit: 0 written, 2 bad arguments, 3 file missing/unwritable, 4-6 input problems, 9 no OpenGL 3.3 context or font.\n"
             "Example: jiuyou render out/demo/result.gpkg --out map.png --size 2000x1400 --color-by verdict\n"
             "         jiuyou render out/years/compare.gpkg --out changes.png --pair 2025-2026   (villages by 返贫风险/改善)");
  return [cfg] { return run_render(*cfg); };
}};

}  // namespace
}  // namespace jiuyou::cli
#endif
