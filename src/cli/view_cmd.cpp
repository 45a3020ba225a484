// jiuyou view PROJECT_OR_RESULT: the GPU map viewer (GLFW + OpenGL 3.3 + Dear ImGui).
#ifdef JIUYOU_HAVE_VIEWER

#include <chrono>

#include "gis/io/load.hpp"
#include "src/cli/command.hpp"
#include "src/render/compare_document.hpp"
#include "src/render/document.hpp"
#include "src/render/document_first.hpp"
#include "src/viewer/plan/plan_view.hpp"
#include "src/viewer/view_bench.hpp"
#include "src/viewer/viewer_app.hpp"

namespace jiuyou::cli {
namespace {

struct ViewConfig {
  std::string input;
  std::string metric_crs;
  std::string basemap;
  std::string plan;  // an investment plan (invest.gpkg) drawn over the map
  int width = 1280;
  int height = 800;
  bool quiet = false;
  int bench_frames = -1;  // --bench N: print opening, frame, click and search times and close (-1: the viewer as usual)
};

// A check's result opens with its villages first (render/document_first.hpp); the rest is read on the
// viewer's worker. `whole`: read everything now (an investment plan is laid over the whole document).
Result<render::Document> open_for_view(const std::string& input, const io::LoadOptions& load, viewer::ViewerOptions& opts, bool whole) {
  if (!render::is_compare_output(input)) {
    if (whole) return render::open_document(input, load);
    ASSIGN_OR_RETURN(std::optional<render::FirstLayers> first, render::open_first_layers(input, load));
    if (!first) return render::open_document(input, load);
    io::LoadOptions rest = load;
    rest.progress = {};  // the worker prints nothing: the status bar says what is loading
    opts.rest_of_document = [input, rest] { return render::open_document(input, rest); };
    opts.rest_layers = std::move(first->later);
    return std::move(first->doc);
  }
  ASSIGN_OR_RETURN(render::CompareDocument cd, render::open_compare_document(input, "", load));
  opts.years = viewer::YearsView{input, cd.pairs, static_cast<int>(cd.shown), -1};
  return std::move(cd.doc);
}

int run_view(const ViewConfig& cfg) {
  io::LoadOptions load;
  if (!cfg.metric_crs.empty() && cfg.metric_crs != "auto") load.metric_crs = CrsRef::parse(cfg.metric_crs);
  load.progress = progress_bar("view", cfg.quiet);
  // An output of jiuyou (result.gpkg, relocation.gpkg, links.gpkg) opens over its project's layers.
  viewer::ViewerOptions opts;
  // A compare result opens at its last pair of years, villages by transition (the 年份 slider switches).
  const auto t0 = std::chrono::steady_clock::now();
  auto doc = open_for_view(cfg.input, load, opts, !cfg.plan.empty());
  const double load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!doc) return report_error("view", doc.error());
  if (!cfg.plan.empty()) {  // an investment plan's projects by year over the map, and the 投资方案 panel
    auto plan = viewer::open_plan(doc->ws, cfg.plan);
    if (!plan) return report_error("view", plan.error());
    opts.plan = std::move(*plan);
  }
  opts.width = cfg.width;
  opts.height = cfg.height;
  opts.items = render::items_of_rule_set(doc->rule_set);
  opts.notes = doc->notes;
  opts.project_path = doc->project_path;
  opts.rule_set = doc->rule_set;
  if (!cfg.basemap.empty()) opts.basemap = cfg.basemap;
  else if (doc->basemap) opts.basemap = doc->basemap->path, opts.basemap_opacity = doc->basemap->opacity;
  if (cfg.bench_frames >= 0) return viewer::run_view_bench(std::move(doc->ws), opts, {cfg.bench_frames, load_ms});
  return viewer::run_viewer(std::move(doc->ws), opts);
}

const CommandRegistrar reg{"view", "Open the map viewer: layers, hillshade, villages coloured by verdict or item, inspector, search, summary", 55,
                           [](CLI::App& sub) {
  auto cfg = std::make_shared<ViewConfig>();
  sub.add_option("input", cfg->input, "project .toml, a GeoPackage with canonical layers, or an output of jiuyou (result.gpkg, relocation.gpkg, links.gpkg, compare.gpkg: opened over the project it records)")->required();
  sub.add_option("--metric-crs", cfg->metric_crs, "metric CRS (EPSG:n); default: the CGCS2000 Gauss-Kruger zone of the data");
  sub.add_option("--basemap", cfg->basemap, "offline basemap under the layers (.mbtiles, XYZ tile folder, raster); default: the project's [basemap]");
  sub.add_option("--plan", cfg->plan, "an investment plan (DIR/invest.gpkg of jiuyou invest): its projects drawn over the map by year, with the 投资方案 panel");
  sub.add_option("--width", cfg->width, "window width (default 1280)");
  sub.add_option("--height", cfg->height, "window height (default 800)");
  sub.add_option("--bench", cfg->bench_frames, "measure and close: time to the first frame, then N frames zooming and panning, clicks and searches (0: the first frame only)");
  sub.add_flag("-q,--quiet", cfg->quiet, "no progress output while loading");
  sub.footer("Mouse: drag to pan, wheel to zoom at the cursor, click a village for its checklist. Keys: arrows pan,\n"
             "PageUp/PageDown zoom, Home shows everything. Needs a display; for pictures without one use `jiuyou render`.\n"
             "Exit: 0 closed, 3-6 input problems, 9 no display, OpenGL 3.3 context or font.");
  return [cfg] { return run_view(*cfg); };
}};

}  // namespace
}  // namespace jiuyou::cli
#endif
