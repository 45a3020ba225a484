#include "src/render/render_bench.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>

#include <sys/resource.h>

#include "src/render/gl.hpp"
#include "src/render/basemap.hpp"
#include "src/render/headless_context.hpp"
#include "src/render/highlight.hpp"
#include "src/render/map_renderer.hpp"
#include "src/render/offscreen.hpp"
#include "src/render/scene.hpp"

namespace jiuyou::render {

namespace {
using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }
// CPU time of the whole process (the caller's thread and llvmpipe's), in ms:
// on a loaded machine it moves far less than wall time.
double process_cpu_ms() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3) + static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}
// Nothing, the first feature and every feature of `layer` as selection highlights.
std::vector<std::pair<std::string, HighlightSet>> selection_sets(const FeatureTable& layer) {
  std::vector<std::pair<std::string, HighlightSet>> out(3);
  out[0].first = "no selection";
  out[1].first = "one selected";
  out[2].first = "all " + std::to_string(layer.size()) + " selected";
  if (layer.size() > 0) feature_outline(layer.geometry, 0, out[1].second);
  for (size_t f = 0; f < layer.size(); ++f) feature_outline(layer.geometry, f, out[2].second);
  return out;
}
constexpr double k_x0 = 300000, k_y0 = 3200000, k_w = 400000, k_h = 300000;  // a 400 x 300 km province
}  // namespace

Workspace make_bench_workspace(const RenderBenchConfig& cfg) {
  std::mt19937_64 rng(cfg.seed);
  std::uniform_real_distribution<double> ux(k_x0, k_x0 + k_w), uy(k_y0, k_y0 + k_h), u01(0, 1);
  Workspace ws;
  ws.name = "基准省 (合成)";
  ws.metric_crs = CrsRef::epsg(4545);

  FeatureTable roads;
  roads.name = "roads";
  roads.geometry.kind = GeometryKind::line;
  Column cls("class", FieldType::text), surface("surface", FieldType::text);
  const char* classes[] = {"national", "provincial", "county", "township", "village", "village"};
  const char* surfaces[] = {"asphalt", "concrete", "asphalt", "gravel", "earth", "concrete"};
  const size_t per_road = 50;
  for (size_t r = 0; r < cfg.line_vertices / per_road; ++r) {
    double x = ux(rng), y = uy(rng), heading = u01(rng) * 6.283;
    for (size_t v = 0; v < per_road; ++v) {
      roads.geometry.add_vertex(x, y);
      heading += (u01(rng) - 0.5) * 0.6;
      x += 150 * std::cos(heading);
      y += 150 * std::sin(heading);
    }
    roads.geometry.close_ring();
    roads.geometry.close_part();
    roads.geometry.close_feature();
    roads.fid.push_back(static_cast<int64_t>(r));
    cls.push_text(classes[r % 6]);
    surface.push_text(surfaces[(r / 6) % 6]);
  }
  roads.columns = {cls, surface};

  FeatureTable protected_areas;
  protected_areas.name = "protected";
  protected_areas.geometry.kind = GeometryKind::polygon;
  Column kind("kind", FieldType::text);
  const char* kinds[] = {"basic_farmland", "ecological_redline", "reserve"};
  for (size_t p = 0; p < cfg.polygons; ++p) {
    const double cx = ux(rng), cy = uy(rng), r = 200 + 600 * u01(rng);
    const int n = 6 + static_cast<int>(u01(rng) * 6);
    for (int k = 0; k < n; ++k) {
      const double a = 6.283 * k / n, rr = r * (0.7 + 0.3 * u01(rng));
      protected_areas.geometry.add_vertex(cx + rr * std::cos(a), cy + rr * std::sin(a));
    }
    protected_areas.geometry.close_ring();
    protected_areas.geometry.close_part();
    protected_areas.geometry.close_feature();
    protected_areas.fid.push_back(static_cast<int64_t>(p));
    kind.push_text(kinds[p % 3]);
  }
  protected_areas.columns = {kind};

  FeatureTable villages;
  villages.name = "villages";
  villages.geometry.kind = GeometryKind::point;
  Column name("name", FieldType::text), verdict("verdict", FieldType::text), failed("failed_count", FieldType::integer);
  const char* a[] = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "石", "龙", "青", "白", "桃"};
  const char* b[] = {"家", "坪", "河", "沟", "湾", "岭", "坡", "垭", "寨", "冲"};
  const char* verdicts[] = {"exit", "exit", "fail", "unknown"};
  for (size_t p = 0; p < cfg.points; ++p) {
    villages.geometry.add_point_feature(ux(rng), uy(rng));
    villages.fid.push_back(static_cast<int64_t>(p));
    name.push_text(std::string(a[p % 15]) + b[(p / 15) % 10] + a[(p / 150) % 15] + "村");
    const char* v = verdicts[p % 4];
    verdict.push_text(v);
    failed.push_int(std::string_view(v) == "fail" ? static_cast<int64_t>(1 + p % 3) : 0);
  }
  villages.columns = {name, verdict, failed};
  ws.layers = {std::move(protected_areas), std::move(roads), std::move(villages)};

  Raster dem;
  dem.name = "dem";
  dem.width = 2000;
  dem.height = 1500;
  dem.geotransform = {k_x0, k_w / dem.width, 0, k_y0 + k_h, 0, -k_h / dem.height};
  dem.values.resize(static_cast<size_t>(dem.width) * static_cast<size_t>(dem.height));
  for (int r = 0; r < dem.height; ++r)
    for (int c = 0; c < dem.width; ++c)
      dem.values[static_cast<size_t>(r) * static_cast<size_t>(dem.width) + static_cast<size_t>(c)] =
          static_cast<float>(800 + 500 * std::sin(c / 37.0) * std::cos(r / 53.0) + 300 * std::sin((c + r) / 91.0));
  ws.dem = std::move(dem);
  return ws;
}

Result<RenderBenchResult> run_render_bench(const RenderBenchConfig& cfg) { return run_render_bench(make_bench_workspace(cfg), cfg); }

namespace {

double mean_of(const std::vector<double>& v) { return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()); }

// The timed sequence: zoom in 4x over the first third (towards a point), pan across, zoom back out.
struct Sequence {
  MapRenderer& renderer;
  const Camera home;
  const RenderBenchConfig& cfg;
  DrawOptions& d;

  // Frame times appended to `frame_ms`; returns the process CPU time per frame.
  double run(std::vector<double>* frame_ms, double* mean_primitives) const {
    const double cpu0 = process_cpu_ms();
    for (int f = 0; f < cfg.frames; ++f) {
      const double t = static_cast<double>(f) / std::max(cfg.frames - 1, 1);
      Camera c = home;
      const double zoom = t < 1.0 / 3 ? 1 + 3 * t * 3 : t < 2.0 / 3 ? 4 : 4 - (t - 2.0 / 3) * 3 * 3;
      c.zoom_at({cfg.width * 0.4, cfg.height * 0.6}, zoom);
      c.pan_px(std::sin(t * 6.283) * cfg.width * 0.3, std::cos(t * 6.283) * cfg.height * 0.2);
      const auto f0 = Clock::now();
      renderer.draw(c, d);
      glFinish();
      frame_ms->push_back(ms_since(f0));
      if (mean_primitives) *mean_primitives += static_cast<double>(renderer.last_frame_stats().primitives) / cfg.frames;
    }
    return (process_cpu_ms() - cpu0) / std::max(cfg.frames, 1);
  }
  [[nodiscard]] RenderBenchResult::Variant variant(std::string name) const {
    std::vector<double> ms;
    const double cpu = run(&ms, nullptr);
    return {std::move(name), mean_of(ms), cpu};
  }
};

// The same sequence with no, one and every feature of cfg.selection_layer selected, and without and with cfg.basemap.
Result<void> run_variants(const Workspace& ws, const Scene& scene, const Sequence& seq, RenderBenchResult& out) {
  const RenderBenchConfig& cfg = seq.cfg;
  if (const FeatureTable* t = cfg.selection_layer.empty() ? nullptr : ws.layer(cfg.selection_layer)) {
    for (auto& [name, set] : selection_sets(*t)) {
      seq.d.selection = std::move(set);
      out.variants.push_back(seq.variant(name));
    }
    seq.d.selection = {};
  } else if (!cfg.selection_layer.empty()) {
    return error(ErrorCode::input, "no layer '" + cfg.selection_layer + "' to select from").layer(cfg.selection_layer).hint("--selection villages");
  }
  if (cfg.basemap.empty()) return {};
  out.variants.push_back(seq.variant("no basemap"));
  auto image = read_basemap(cfg.basemap, {scene.bbox, ws.metric_crs, std::min(cfg.width * 2, 4096), std::min(cfg.height * 2, 4096), seq.d.background});
  if (!image) return tl::unexpected(image.error());
  seq.renderer.set_basemap(*image, scene.bbox);
  const bool hillshade = seq.d.hillshade;
  seq.d.hillshade = false;  // as render, atlas and the viewer draw a basemap
  out.variants.push_back(seq.variant("basemap"));
  seq.d.hillshade = hillshade;
  seq.renderer.clear_basemap();
  return {};
}

// The sequence once with each layer, the hillshade and the labels left out.
void run_breakdown(const Scene& scene, const Sequence& seq, RenderBenchResult& out) {
  const double all = mean_of(out.frame_ms);
  auto part = [&](std::string name, size_t prims) {
    std::vector<double> ms;
    const double cpu = seq.run(&ms, nullptr);
    out.parts.push_back({std::move(name), prims, mean_of(ms), all - mean_of(ms), cpu, out.cpu_ms_per_frame - cpu});
  };
  for (size_t i = 0; i < scene.layers.size(); ++i) {
    const LayerBuckets& b = scene.layers[i];
    seq.renderer.layer_state(i).visible = false;
    part(b.name, b.segments.size() + b.fill.triangle_count() + b.points.size());
    seq.renderer.layer_state(i).visible = true;
  }
  seq.d.hillshade = false;
  part("hillshade", 0);
  seq.d.hillshade = true;
  seq.d.labels = false;
  part("labels", scene.labels.size());
  seq.d.labels = seq.cfg.labels;
}

void set_percentiles(RenderBenchResult& out) {
  std::vector<double> sorted = out.frame_ms;
  std::sort(sorted.begin(), sorted.end());
  auto pct = [&](double p) {
    if (sorted.empty()) return 0.0;
    const size_t i = std::min(sorted.size() - 1, static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size()))) - 1);
    return sorted[i];
  };
  out.p50_ms = pct(0.50);
  out.p90_ms = pct(0.90);
  out.p99_ms = pct(0.99);
  out.max_ms = sorted.empty() ? 0 : sorted.back();
  out.mean_ms = mean_of(sorted);
}

}  // namespace

Result<RenderBenchResult> run_render_bench(const Workspace& ws, const RenderBenchConfig& cfg) {
  auto ctx = HeadlessContext::create();
  if (!ctx) return tl::unexpected(ctx.error());
  RenderBenchResult out;
  out.gl_description = ctx->description();

  const auto t0 = Clock::now();
  SceneOptions so;
  so.labels = cfg.labels;
  const Scene scene = build_scene(ws, so);
  out.build_scene_ms = ms_since(t0);
  for (const LayerBuckets& b : scene.layers) {
    out.triangles += b.fill.triangle_count();
    out.segments += b.segments.size();
    out.points += b.points.size();
  }
  auto renderer = MapRenderer::create();
  if (!renderer) return tl::unexpected(renderer.error());
  renderer->set_scene(scene);
  std::vector<LayerStyle> styles;
  for (size_t i = 0; i < scene.layers.size(); ++i) {
    auto st = style_layer(*ws.layer(scene.layers[i].name), StyleOptions{});
    if (!st) return tl::unexpected(st.error());
    renderer->set_style(i, *st);
    styles.push_back(std::move(*st));
  }
  auto atlas = GlyphAtlas::build(overlay_strings(scene, styles, ws.name), font_sizes_px(1.0f));
  if (!atlas) return tl::unexpected(atlas.error());
  renderer->set_atlas(std::move(*atlas));
  auto target = Offscreen::create(cfg.width, cfg.height);
  if (!target) return tl::unexpected(target.error());
  target->bind();
  DrawOptions d;
  d.labels = cfg.labels;
  d.title = ws.name;
  d.fast_paths = !cfg.reference;
  Camera cam = Camera::fit(scene.bbox, cfg.width, cfg.height, scene.origin);
  renderer->draw(cam, d);
  glFinish();
  out.first_frame_ms = ms_since(t0);

  Sequence seq{*renderer, cam, cfg, d};
  out.cpu_ms_per_frame = seq.run(&out.frame_ms, &out.mean_primitives);
  if (auto ok = run_variants(ws, scene, seq, out); !ok) return tl::unexpected(ok.error());
  if (cfg.breakdown) run_breakdown(scene, seq, out);
  set_percentiles(out);
  return out;
}

}  // namespace jiuyou::render
