// jiuyou bench-render: frame times of the renderer on a synthetic province (headless, EGL).
#ifdef JIUYOU_HAVE_RENDER
#include <cstdio>

#include "gis/io/load.hpp"
#include "src/cli/command.hpp"
#include "src/render/render_bench.hpp"
#include "src/render/render_map.hpp"

namespace jiuyou::cli {
namespace {

struct BenchRenderConfig {
  render::RenderBenchConfig bench;
  std::string size = "1280x800";
  std::string project;  // a real project or GeoPackage instead of the synthetic province
  bool no_labels = false;
  bool frame_times = false;
};

int run_bench_render(BenchRenderConfig cfg) {
  auto size = render::parse_size(cfg.size);
  if (!size) return report_error("bench-render", size.error());
  cfg.bench.width = size->first;
  cfg.bench.height = size->second;
  cfg.bench.labels = !cfg.no_labels;
  Result<render::RenderBenchResult> r;
  std::string what;
  if (!cfg.project.empty()) {
    auto project = io::load_project(cfg.project);
    if (!project) return report_error("bench-render", project.error());
    auto ws = io::load_workspace(*project);
    if (!ws) return report_error("bench-render", ws.error());
    size_t features = 0;
    for (const FeatureTable& t : ws->layers) features += t.size();
    what = cfg.project + " (" + std::to_string(ws->layers.size()) + " layers, " + std::to_string(features) + " features" +
           (ws->dem ? ", DEM " + std::to_string(ws->dem->width) + "x" + std::to_string(ws->dem->height) : std::string()) + ")";
    r = render::run_render_bench(*ws, cfg.bench);
  } else {
    what = std::to_string(cfg.bench.line_vertices) + " line vertices, " + std::to_string(cfg.bench.polygons) + " polygons, " +
           std::to_string(cfg.bench.points) + " points, DEM 2000x1500 (synthetic province)";
    r = render::run_render_bench(cfg.bench);
  }
  if (!r) return report_error("bench-render", r.error());
  std::printf("renderer: %s\n", r->gl_description.c_str());
  std::printf("scene: %s\n", what.c_str());
  std::printf("buckets: %zu segments, %zu triangles, %zu points%s, %dx%d px\n", r->segments, r->triangles, r->points,
              cfg.bench.labels ? ", labelled" : "", cfg.bench.width, cfg.bench.height);
  std::printf("build scene (triangulate, buckets): %.0f ms\n", r->build_scene_ms);
  std::printf("time to first frame: %.0f ms\n", r->first_frame_ms);
  std::printf("primitives drawn per frame (mean, after culling): %.0f%s\n", r->mean_primitives, cfg.bench.reference ? " (reference path: no culling)" : "");
  std::printf("frames: %zu while panning and zooming: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, mean %.1f ms (%.1f fps)\n",
              r->frame_ms.size(), r->p50_ms, r->p90_ms, r->p99_ms, r->max_ms, r->mean_ms, r->mean_ms > 0 ? 1000.0 / r->mean_ms : 0.0);
  std::printf("process CPU time per frame (this thread and the driver's): %.1f ms\n", r->cpu_ms_per_frame);
  if (cfg.frame_times) {
    std::printf("frame times in sequence order (ms):");
    for (size_t i = 0; i < r->frame_ms.size(); ++i) std::printf("%s%.0f", i % 20 == 0 ? "\n  " : " ", r->frame_ms[i]);
    std::printf("\n");
  }
  if (!r->variants.empty()) {
    std::printf("the same sequence in this run (process CPU time per frame is the steadier figure on a loaded machine):\n");
    for (const render::RenderBenchResult::Variant& v : r->variants)
      std::printf("  %-24s mean %7.1f ms, CPU %7.1f ms per frame\n", v.name.c_str(), v.mean_ms, v.cpu_ms_per_frame);
  }
  if (!r->parts.empty()) {
    std::printf("cost of each part (mean frame time with everything minus the mean without it; noise is a few ms):\n");
    std::printf("  %-24s %12s %14s %10s %12s\n", "part", "primitives", "mean without", "cost", "CPU cost");
    for (const render::PartCost& p : r->parts)
      std::printf("  %-24s %12zu %11.1f ms %7.1f ms %9.1f ms\n", p.name.c_str(), p.primitives, p.mean_without_ms, p.cost_ms, p.cpu_cost_ms);
  }
  return 0;
}

const CommandRegistrar reg{"bench-render", "Benchmark the renderer: frame-time percentiles on a synthetic province (headless)", 90,
                           [](CLI::App& sub) {
  auto cfg = std::make_shared<BenchRenderConfig>();
  sub.add_option("--line-vertices", cfg->bench.line_vertices, "road vertices (default 1000000)");
  sub.add_option("--polygons", cfg->bench.polygons, "polygons (default 100000)");
  sub.add_option("--points", cfg->bench.points, "labelled village points (default 100000)");
  sub.add_option("--frames", cfg->bench.frames, "frames timed (default 120)");
  sub.add_option("--size", cfg->size, "WIDTHxHEIGHT (default 1280x800)");
  sub.add_option("--seed", cfg->bench.seed, "random seed");
  sub.add_flag("--no-labels", cfg->no_labels, "no village labels");
  sub.add_flag("--reference", cfg->bench.reference, "the path before chunking (no culling; labels and hillshade redone every frame), for before/after figures");
  sub.add_flag("--frame-times", cfg->frame_times, "print every frame's time in sequence order (zoom in, pan, zoom out)");
  sub.add_flag("--breakdown", cfg->bench.breakdown, "also time the sequence with each layer, the hillshade and the labels left out, and print what each costs");
  sub.add_option("--selection", cfg->bench.selection_layer, "also time the sequence with nothing, one and every feature of this layer selected (e.g. villages)");
  sub.add_option("--basemap", cfg->bench.basemap, "also time the sequence with this offline basemap (.mbtiles, XYZ folder, raster) under the map");
  sub.add_option("--project", cfg->project, "a project .toml or GeoPackage to render instead of the synthetic province");
  return [cfg] { return run_bench_render(*cfg); };
}};

}  // namespace
}  // namespace jiuyou::cli
#endif
