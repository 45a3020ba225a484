// jiuyou bench-render: frame times of the renderer on a synthetic province (headless, EGL).
#ifdef JIUYOU_HAVE_RENDER
#include <cstdio>

#include "src/cli/command.hpp"
#include "src/render/render_bench.hpp"
#include "src/render/render_map.hpp"

namespace jiuyou::cli {
namespace {

struct BenchRenderConfig {
  render::RenderBenchConfig bench;
  std::string size = "1280x800";
  bool no_labels = false;
};

int run_bench_render(BenchRenderConfig cfg) {
  auto size = render::parse_size(cfg.size);
  if (!size) return report_error("bench-render", size.error());
  cfg.bench.width = size->first;
  cfg.bench.height = size->second;
  cfg.bench.labels = !cfg.no_labels;
  auto r = render::run_render_bench(cfg.bench);
  if (!r) return report_error("bench-render", r.error());
  std::printf("renderer: %s\n", r->gl_description.c_str());
  std::printf("scene: %zu line vertices (%zu segments), %zu polygons (%zu triangles), %zu points%s, DEM 2000x1500, %dx%d px\n",
              cfg.bench.line_vertices, r->segments, cfg.bench.polygons, r->triangles, r->points, cfg.bench.labels ? " labelled" : "",
              cfg.bench.width, cfg.bench.height);
  std::printf("build scene (triangulate, buckets): %.0f ms\n", r->build_scene_ms);
  std::printf("time to first frame: %.0f ms\n", r->first_frame_ms);
  std::printf("frames: %zu while panning and zooming: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, mean %.1f ms (%.1f fps)\n",
              r->frame_ms.size(), r->p50_ms, r->p90_ms, r->p99_ms, r->max_ms, r->mean_ms, r->mean_ms > 0 ? 1000.0 / r->mean_ms : 0.0);
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
  return [cfg] { return run_bench_render(*cfg); };
}};

}  // namespace
}  // namespace jiuyou::cli
#endif
