// Frames of the shared renderer (EGL): culling by chunk draws only what is in
// view and the same picture as drawing everything; the overlay (labels) is
// not rebuilt while the view stands still; a south-up DEM is drawn like the
// same DEM north-up.
#include <gtest/gtest.h>

#include <algorithm>

#include "render/demo_workspace.hpp"
#include "src/render/headless_context.hpp"
#include "src/render/map_renderer.hpp"
#include "src/render/offscreen.hpp"
#include "src/render/render_bench.hpp"
#include "src/render/render_map.hpp"
#include "src/render/scene.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::render {
namespace {

struct Rig {
  HeadlessContext ctx;
  MapRenderer renderer;
  Offscreen target;
  Scene scene;
};

std::optional<Rig> make_rig(const Workspace& ws, int w, int h) {
  auto ctx = HeadlessContext::create();
  EXPECT_TRUE(ctx.has_value()) << ctx.error().to_string();
  if (!ctx) return std::nullopt;
  auto r = MapRenderer::create();
  EXPECT_TRUE(r.has_value());
  auto t = Offscreen::create(w, h);
  EXPECT_TRUE(t.has_value());
  if (!r || !t) return std::nullopt;
  Rig rig{std::move(*ctx), std::move(*r), std::move(*t), build_scene(ws)};
  rig.renderer.set_scene(rig.scene);
  std::vector<LayerStyle> styles;
  for (size_t i = 0; i < rig.scene.layers.size(); ++i) {
    auto st = style_layer(*ws.layer(rig.scene.layers[i].name), StyleOptions{});
    EXPECT_TRUE(st.has_value());
    rig.renderer.set_style(i, *st);
    styles.push_back(std::move(*st));
  }
  auto atlas = GlyphAtlas::build(overlay_strings(rig.scene, styles, ws.name), font_sizes_px(1.0f));
  EXPECT_TRUE(atlas.has_value());
  if (atlas) rig.renderer.set_atlas(std::move(*atlas));
  rig.target.bind();
  return rig;
}

Workspace small_province() {
  RenderBenchConfig cfg;
  cfg.line_vertices = 100'000;
  cfg.polygons = 4'000;
  cfg.points = 4'000;
  return make_bench_workspace(cfg);
}

TEST(Frames, ZoomedInDrawsOnlyTheChunksInViewAndTheSamePicture) {
  const Workspace ws = small_province();
  auto rig = make_rig(ws, 480, 320);
  ASSERT_TRUE(rig.has_value());
  Camera cam = Camera::fit(rig->scene.bbox, 480, 320, rig->scene.origin);
  cam.zoom_at({200, 150}, 20);
  DrawOptions d;
  d.hillshade = false;  // baked vs per-pixel shading differ by rounding; the layers must not
  d.lod = false;        // culling alone
  d.fast_paths = false;
  rig->renderer.draw(cam, d);
  const size_t all = rig->renderer.last_frame_stats().primitives;
  const Image everything = rig->target.read();
  d.fast_paths = true;
  rig->renderer.draw(cam, d);
  const size_t culled = rig->renderer.last_frame_stats().primitives;
  const Image in_view = rig->target.read();
  EXPECT_GT(all, 50'000u);
  EXPECT_LT(culled * 4, all) << culled << " of " << all << " primitives drawn at 20x";
  EXPECT_GT(culled, 0u);
  EXPECT_TRUE(write_png(in_view, (test::scratch_dir() / "culled.png").string()).has_value());
  ASSERT_EQ(everything.rgba.size(), in_view.rgba.size());
  size_t differing = 0;
  for (size_t i = 0; i < everything.rgba.size(); i += 4)
    differing += std::equal(everything.rgba.begin() + static_cast<std::ptrdiff_t>(i), everything.rgba.begin() + static_cast<std::ptrdiff_t>(i + 4),
                            in_view.rgba.begin() + static_cast<std::ptrdiff_t>(i))
                     ? 0
                     : 1;
  EXPECT_EQ(differing, 0u) << "culling left out something in view";
}

// Share of pixels whose colour differs by more than `tol` in some channel.
double share_differing(const Image& a, const Image& b, int tol) {
  size_t n = 0;
  for (size_t i = 0; i < a.rgba.size(); i += 4)
    for (size_t k = 0; k < 3; ++k)
      if (std::abs(int{a.rgba[i + k]} - int{b.rgba[i + k]}) > tol) {
        ++n;
        break;
      }
  return a.rgba.empty() ? 1.0 : static_cast<double>(n) / static_cast<double>(a.rgba.size() / 4);
}

TEST(Frames, CoarserLevelsDrawFewerPrimitivesAndNearlyThePicture) {
  const Workspace ws = small_province();
  auto rig = make_rig(ws, 640, 480);
  ASSERT_TRUE(rig.has_value());
  for (const LayerBuckets& b : rig->scene.layers)
    if (b.segments.size() >= k_lod_min_segments) {
      EXPECT_FALSE(b.lods.empty()) << b.name << " has no coarser level";
    }
  // The village symbols would hide the lines: leave them out.
  for (size_t i = 0; i < rig->renderer.layer_count(); ++i)
    if (rig->renderer.layer_name(i) == "villages") rig->renderer.layer_state(i).visible = false;
  const Camera cam = Camera::fit(rig->scene.bbox, 640, 480, rig->scene.origin);
  DrawOptions d;
  d.labels = false;
  d.lod = false;
  rig->renderer.draw(cam, d);
  const size_t full = rig->renderer.last_frame_stats().primitives;
  const Image detailed = rig->target.read();
  d.lod = true;
  rig->renderer.draw(cam, d);
  const size_t coarse = rig->renderer.last_frame_stats().primitives;
  const Image simplified = rig->target.read();
  EXPECT_TRUE(write_png(simplified, (test::scratch_dir() / "lod.png").string()).has_value());
  EXPECT_LT(coarse * 2, full) << coarse << " of " << full << " primitives with the coarser levels, whole province in view";
  // The levels keep every vertex within 1.5 px: the pictures differ only along line edges.
  EXPECT_LT(share_differing(detailed, simplified, 48), 0.06);
  // Zoomed in far enough, the full detail is drawn again.
  Camera close = cam;
  close.zoom_at({320, 240}, 200);
  d.lod = false;
  rig->renderer.draw(close, d);
  const Image near_full = rig->target.read();
  d.lod = true;
  rig->renderer.draw(close, d);
  EXPECT_EQ(rig->target.read().rgba, near_full.rgba) << "at 200x the finest level is the data itself";
}

TEST(Frames, OneStrokeCasingZoomedOutLooksLikeACasingUnderTheLayer) {
  // Zoomed out, road casings are the rim of the road's one stroke (the depth
  // test keeps the nearest centre line); the picture must match the two-stroke
  // casing (a wider stroke under the whole layer) and draw half the strokes.
  const Workspace ws = small_province();
  auto rig = make_rig(ws, 640, 480);
  ASSERT_TRUE(rig.has_value());
  size_t roads = rig->renderer.layer_count();
  for (size_t i = 0; i < rig->renderer.layer_count(); ++i) {
    if (rig->renderer.layer_name(i) == "roads") roads = i;
    else rig->renderer.layer_state(i).visible = false;
  }
  ASSERT_LT(roads, rig->renderer.layer_count());
  Camera cam = Camera::fit(rig->scene.bbox, 640, 480, rig->scene.origin);
  cam.zoom_at({320, 240}, 6);  // ~100 m per pixel: a county's width in view
  auto style = style_layer(*ws.layer("roads"), StyleOptions{});
  ASSERT_TRUE(style.has_value());
  ASSERT_TRUE(style->look.casing);
  ASSERT_LT(style->look.casing_max_m_per_px, cam.m_per_px) << "this scale draws the one-stroke casing";
  DrawOptions d;
  d.labels = d.legend = false;
  rig->renderer.draw(cam, d);
  const size_t one = rig->renderer.last_frame_stats().primitives;
  const Image rim = rig->target.read();
  const auto dir = test::scratch_dir();
  EXPECT_TRUE(write_png(rim, (dir / "rim.png").string()).has_value());
  style->look.casing_max_m_per_px = 0;  // a casing stroke under the layer at every scale
  rig->renderer.set_style(roads, *style);
  rig->renderer.draw(cam, d);
  const size_t two = rig->renderer.last_frame_stats().primitives;
  const Image under = rig->target.read();
  EXPECT_TRUE(write_png(under, (dir / "under.png").string()).has_value());
  EXPECT_EQ(two, 2 * one);
  EXPECT_LT(share_differing(rim, under, 48), 0.01) << "the one-stroke casing changes the picture";
}

TEST(Frames, ChunksCoverEveryPrimitiveOnceWithTheirExtent) {
  const Workspace ws = small_province();
  const Scene s = build_scene(ws);
  for (const LayerBuckets& b : s.layers) {
    auto check = [&](const std::vector<Chunk>& chunks, size_t n) {
      uint32_t next = 0;
      for (const Chunk& c : chunks) {
        EXPECT_EQ(c.begin, next);
        EXPECT_LE(c.end - c.begin, k_chunk_size);
        next = c.end;
      }
      EXPECT_EQ(next, n) << b.name;
    };
    check(b.segment_chunks, b.segments.size());
    check(b.point_chunks, b.points.size());
    check(b.fill_chunks, b.fill.triangle_count());
    for (const SegmentLod& l : b.lods) check(l.chunks, l.segments.size());
    for (const Chunk& c : b.segment_chunks)
      for (uint32_t i = c.begin; i < c.end; ++i) {
        const LineSegment& g = b.segments[i];
        EXPECT_TRUE(g.p0[0] >= c.min_x && g.p0[0] <= c.max_x && g.p1[1] >= c.min_y && g.p1[1] <= c.max_y);
      }
  }
  // A view away from everything selects nothing; one over everything, one run.
  const LayerBuckets& roads = *std::find_if(s.layers.begin(), s.layers.end(), [](const LayerBuckets& b) { return b.name == "roads"; });
  EXPECT_TRUE(visible_runs(roads.segment_chunks, 1e7f, 1e7f, 1.1e7f, 1.1e7f, 0).empty());
  const auto runs = visible_runs(roads.segment_chunks, -1e7f, -1e7f, 1e7f, 1e7f, 0);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].second, roads.segments.size());
}

TEST(Frames, LabelsAreNotPlacedAgainWhileTheViewStandsStill) {
  const Workspace ws = demo::demo_workspace();
  auto rig = make_rig(ws, 600, 420);
  ASSERT_TRUE(rig.has_value());
  Camera cam = Camera::fit(rig->scene.bbox, 600, 420, rig->scene.origin);
  DrawOptions d;
  rig->renderer.draw(cam, d);
  EXPECT_TRUE(rig->renderer.last_frame_stats().overlay_rebuilt);
  const auto placed = rig->renderer.placed_labels().size();
  const Image first = rig->target.read();
  rig->renderer.draw(cam, d);
  EXPECT_FALSE(rig->renderer.last_frame_stats().overlay_rebuilt);
  EXPECT_EQ(rig->renderer.placed_labels().size(), placed);
  EXPECT_GT(placed, 0u);
  EXPECT_EQ(rig->target.read().rgba, first.rgba) << "the cached overlay draws the same picture";
  cam.pan_px(10, 0);
  rig->renderer.draw(cam, d);
  EXPECT_TRUE(rig->renderer.last_frame_stats().overlay_rebuilt) << "a pan moves the labels";
  rig->renderer.layer_state(0).visible = false;
  rig->renderer.draw(cam, d);
  EXPECT_TRUE(rig->renderer.last_frame_stats().overlay_rebuilt) << "hiding a layer changes the legend";
}

TEST(Frames, LabelHaloRingsTheInkAndStaysNearIt) {
  // On a black map with every layer transparent (labels are still placed for
  // visible layers), a label is dark ink inside a light halo one pixel wide;
  // every halo pixel lies within a few pixels of ink (no tap of the halo
  // reaches a neighbouring glyph of the atlas).
  const Workspace ws = demo::demo_workspace();
  auto rig = make_rig(ws, 900, 640);
  ASSERT_TRUE(rig.has_value());
  for (size_t i = 0; i < rig->renderer.layer_count(); ++i) rig->renderer.layer_state(i).opacity = 0;
  const Camera cam = Camera::fit(rig->scene.bbox, 900, 640, rig->scene.origin);
  DrawOptions d;
  d.background = Rgba{0, 0, 0, 255};
  d.hillshade = d.legend = d.scale_bar = d.north_arrow = false;
  rig->renderer.draw(cam, d);
  const Image img = rig->target.read();
  EXPECT_TRUE(write_png(img, (test::scratch_dir() / "halo.png").string()).has_value());
  ASSERT_FALSE(rig->renderer.placed_labels().empty());
  auto at = [&](int x, int y) { return img.at(std::clamp(x, 0, img.width - 1), std::clamp(y, 0, img.height - 1)); };
  auto light = [&](int x, int y) {
    const Rgba c = at(x, y);
    return c.r > 160 && c.g > 160 && c.b > 160;
  };
  auto dark = [&](int x, int y) {
    const Rgba c = at(x, y);
    return c.r < 70 && c.g < 70 && c.b < 70;
  };
  size_t light_total = 0;
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x) light_total += light(x, y) ? 1 : 0;
  size_t light_in_labels = 0;
  for (const PlacedLabel& p : rig->renderer.placed_labels()) {
    const std::string& text = rig->renderer.label_candidates()[p.candidate].text;
    const GlyphAtlas& a = *rig->renderer.atlas();
    const int x0 = static_cast<int>(p.x) - 3, x1 = static_cast<int>(p.x + a.measure(k_font_label, text)) + 3;
    const int y0 = static_cast<int>(p.y) - 3, y1 = static_cast<int>(p.y + a.line_height(k_font_label)) + 3;
    int halo = 0, ink = 0, stray = 0;
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) {
        // Ink: dark with light next to it (the black map around the label is dark too).
        if (dark(x, y) && (light(x - 1, y) || light(x + 1, y) || light(x, y - 1) || light(x, y + 1))) ++ink;
        if (!light(x, y)) continue;
        ++halo;
        bool near = false;
        for (int dy = -2; dy <= 2 && !near; ++dy)
          for (int dx = -2; dx <= 2 && !near; ++dx) near = dark(x + dx, y + dy) && !(dx == 0 && dy == 0);
        stray += near ? 0 : 1;
      }
    light_in_labels += static_cast<size_t>(halo);
    EXPECT_GT(ink, 20) << text << ": no ink inside a halo";
    EXPECT_GT(halo, ink / 2) << text << ": no halo around the ink";
    EXPECT_LE(stray, halo / 20 + 1) << text << ": halo pixels away from the glyphs";
  }
  EXPECT_LE(light_total, light_in_labels + light_in_labels / 50) << "light pixels outside every label box";
}

TEST(Dem, SouthUpGeotransformIsDrawnLikeTheSameRasterNorthUp) {
  const Workspace north = demo::demo_workspace();
  Workspace south = north;
  Raster& r = *south.dem;
  // Same ground, rows stored south first: origin at the south edge, positive y pixel size.
  r.geotransform = {demo::k_x0, 50, 0, demo::k_y0, 0, 50};
  for (int row = 0; row < r.height / 2; ++row)
    std::swap_ranges(r.values.begin() + static_cast<std::ptrdiff_t>(row) * r.width, r.values.begin() + static_cast<std::ptrdiff_t>(row + 1) * r.width,
                     r.values.begin() + static_cast<std::ptrdiff_t>(r.height - 1 - row) * r.width);
  ASSERT_EQ(south.dem->bbox().min_y, north.dem->bbox().min_y);
  RenderOptions o;
  o.width = 500;
  o.height = 350;
  o.layers = {"dem"};
  o.labels = false;
  o.legend = false;
  auto a = render_map(north, o);
  auto b = render_map(south, o);
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(write_png(b->image, (test::scratch_dir() / "dem_south_up.png").string()).has_value());
  EXPECT_EQ(a->image.rgba, b->image.rgba) << "a south-up DEM must not be drawn upside down";
  // And the scene's grid has row 0 north either way.
  const Scene sn = build_scene(north), ss = build_scene(south);
  ASSERT_TRUE(sn.dem && ss.dem);
  EXPECT_EQ(sn.dem->values, ss.dem->values);
}

}  // namespace
}  // namespace jiuyou::render
