// A still picture's scene keeps only the levels of detail the renderer can
// draw at the picture's scale (src/render/picture_lod.hpp): the same
// segments as the level the full scene would draw, and the same picture
// pixel for pixel, with the finer levels never held.
#include "src/render/picture_lod.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "src/render/camera.hpp"
#include "src/render/headless_context.hpp"
#include "src/render/map_renderer.hpp"
#include "src/render/offscreen.hpp"
#include "src/render/render_bench.hpp"
#include "src/render/scene.hpp"

namespace jiuyou::render {
namespace {

// 100 wavy lines of 300 vertices 10 m apart (29,900 segments): several levels.
FeatureTable dense_lines() {
  FeatureTable t;
  t.name = "roads";
  t.geometry.kind = GeometryKind::line;
  for (int l = 0; l < 100; ++l) {
    for (int v = 0; v < 300; ++v) t.geometry.add_vertex(v * 10.0, l * 100.0 + std::sin(v * 0.1) * 30);
    t.geometry.close_ring();
    t.geometry.close_part();
    t.geometry.close_feature();
    t.fid.push_back(l);
  }
  return t;
}

bool same_segments(const std::vector<LineSegment>& a, const std::vector<LineSegment>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].p0[0] != b[i].p0[0] || a[i].p0[1] != b[i].p0[1] || a[i].p1[0] != b[i].p1[0] || a[i].p1[1] != b[i].p1[1] ||
        a[i].feature != b[i].feature || a[i].start_m != b[i].start_m)
      return false;
  return true;
}

TEST(PictureLod, KeepsTheLevelDrawnAtThatScaleAndTheCoarserOnes) {
  const FeatureTable t = dense_lines();
  const LayerBuckets full = build_buckets(t, {0, 0});
  ASSERT_GE(full.lods.size(), 3u) << "the fixture needs several levels";
  // A scale between the second and the third level: the second is what the renderer draws.
  const double m_per_px = (full.lods[1].tolerance_m + full.lods[2].tolerance_m) / 2;
  const LayerBuckets pruned = build_buckets(t, {0, 0}, m_per_px);
  EXPECT_TRUE(same_segments(pruned.segments, full.lods[1].segments)) << "the drawn level is the layer's segments";
  ASSERT_EQ(pruned.lods.size(), full.lods.size() - 2);
  for (size_t i = 0; i < pruned.lods.size(); ++i) {
    EXPECT_EQ(pruned.lods[i].tolerance_m, full.lods[i + 2].tolerance_m);
    EXPECT_TRUE(same_segments(pruned.lods[i].segments, full.lods[i + 2].segments)) << "level " << i;
    EXPECT_EQ(pruned.lods[i].chunks.size(), full.lods[i + 2].chunks.size());
  }
  EXPECT_EQ(pruned.segment_chunks.size(), full.lods[1].chunks.size());
}

TEST(PictureLod, FinerThanEveryLevelOrNoPictureKeepsEverything) {
  const FeatureTable t = dense_lines();
  const LayerBuckets full = build_buckets(t, {0, 0});
  ASSERT_FALSE(full.lods.empty());
  for (double m : {0.0, full.lods.front().tolerance_m / 2}) {
    const LayerBuckets b = build_buckets(t, {0, 0}, m);
    EXPECT_TRUE(same_segments(b.segments, full.segments)) << m;
    EXPECT_EQ(b.lods.size(), full.lods.size()) << m;
  }
  // Coarser than every level: only the coarsest is kept, as the layer's segments.
  const LayerBuckets coarsest = build_buckets(t, {0, 0}, 1e6);
  EXPECT_TRUE(same_segments(coarsest.segments, full.lods.back().segments));
  EXPECT_TRUE(coarsest.lods.empty());
}

TEST(PictureLod, TheBoundIsNeverFinerThanTheCameraOfThePicture) {
  const BBox box{500000, 3300000, 740000, 3480000};
  SceneOptions o;
  EXPECT_EQ(picture_m_per_px(o, box), 0) << "no picture: every level";
  o.picture_width = 1600;
  o.picture_height = 1200;
  EXPECT_EQ(picture_m_per_px(o, BBox{}), 0) << "nothing to draw: every level";
  const double bound = picture_m_per_px(o, box);
  EXPECT_DOUBLE_EQ(bound, 150.0);
  for (double margin : {0.0, 16.0, 64.0, 400.0, 5000.0}) {
    const Camera c = Camera::fit_inside(box, 1600, 1200, {620000, 3390000}, margin, margin / 2, margin * 2, margin);
    EXPECT_LE(bound, c.m_per_px) << "margin " << margin;
  }
  // A box of its own (render --bbox) sets the scale, not the scene's extent.
  o.picture_bbox = BBox{600000, 3400000, 616000, 3412000};
  EXPECT_DOUBLE_EQ(picture_m_per_px(o, box), 10.0);
}

TEST(PictureLod, RingsSimplifiedToThePixelKeepTheirShapeAndSmallOnesStay) {
  GeometryColumn g;
  g.kind = GeometryKind::polygon;
  auto circle = [&](double cx, double cy, double r, int n) {
    for (int k = 0; k <= n; ++k) g.add_vertex(cx + r * std::cos(2 * M_PI * (k % n) / n), cy + r * std::sin(2 * M_PI * (k % n) / n));
    g.close_ring();
  };
  circle(0, 0, 1000, 64);  // a disc with a hole
  circle(0, 0, 300, 32);
  g.close_part();
  g.close_feature();
  circle(5000, 0, 10, 16);  // under a pixel of 100 m
  g.close_part();
  g.close_feature();
  g.add_vertex(9000, 0), g.add_vertex(9500, std::nan("")), g.add_vertex(9500, 500), g.add_vertex(9000, 500), g.add_vertex(9000, 0);
  g.close_ring();  // a non-finite coordinate: kept as it is
  g.close_part();
  g.close_feature();
  g.add_null_feature();
  const GeometryColumn s = simplified_rings(g, 100.0);
  ASSERT_EQ(s.feature_count(), 4u);
  EXPECT_TRUE(s.is_empty(3));
  ASSERT_EQ(s.ring_end(s.part_begin(0)) - s.ring_begin(s.part_begin(0)), 2u) << "the hole stays";
  const auto outer = s.ring_xy(0);
  EXPECT_LT(outer.size() / 2, 20u) << "a 64-gon of 1 km at 100 m per pixel";
  EXPECT_GE(outer.size() / 2, 4u);
  EXPECT_EQ(outer[0], outer[outer.size() - 2]);
  EXPECT_EQ(outer[1], outer[outer.size() - 1]) << "closed";
  for (size_t k = 0; k < outer.size() / 2; ++k)
    EXPECT_NEAR(std::hypot(outer[2 * k], outer[2 * k + 1]), 1000, 1e-6) << "only the ring's own vertices";
  EXPECT_EQ(s.ring_xy(2).size(), g.ring_xy(2).size()) << "a polygon under a pixel is not made to vanish";
  EXPECT_EQ(s.ring_xy(3).size(), g.ring_xy(3).size()) << "non-finite: as it is";
  // Every dropped vertex is within the tolerance of the simplified ring.
  const auto full = g.ring_xy(0);
  for (size_t k = 0; k < full.size() / 2; ++k) {
    double best = 1e18;
    for (size_t j = 0; j + 1 < outer.size() / 2; ++j) {
      const double ax = outer[2 * j], ay = outer[2 * j + 1], bx = outer[2 * j + 2], by = outer[2 * j + 3];
      const double dx = bx - ax, dy = by - ay;
      const double t = std::clamp(((full[2 * k] - ax) * dx + (full[2 * k + 1] - ay) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
      best = std::min(best, std::hypot(ax + t * dx - full[2 * k], ay + t * dy - full[2 * k + 1]));
    }
    EXPECT_LE(best, 100.0 + 1e-9) << "vertex " << k;
  }
}

TEST(PictureLod, ADensePolygonLayerIsTriangulatedSimplifiedOnlyInAPicture) {
  FeatureTable t;
  t.name = "protected";
  t.geometry.kind = GeometryKind::polygon;
  // 4,000 discs of 64 vertices (260,000 ring vertices, over k_picture_simplify_min_vertices).
  for (int i = 0; i < 4000; ++i) {
    const double cx = (i % 80) * 3000.0, cy = (i / 80) * 3000.0;
    for (int k = 0; k <= 64; ++k) t.geometry.add_vertex(cx + 1000 * std::cos(2 * M_PI * (k % 64) / 64), cy + 1000 * std::sin(2 * M_PI * (k % 64) / 64));
    t.geometry.close_ring();
    t.geometry.close_part();
    t.geometry.close_feature();
    t.fid.push_back(i);
  }
  ASSERT_GE(t.geometry.vertex_count(), k_picture_simplify_min_vertices);
  // At full detail a 64-gon is 62 triangles (248,000 here; not triangulated in
  // this test: GEOS takes minutes on a loaded machine).
  const LayerBuckets picture = build_buckets(t, {0, 0}, 150.0);
  EXPECT_LT(picture.fill.triangle_count() * 3, 4000u * 62) << picture.fill.triangle_count();
  EXPECT_EQ(picture.fill.skipped_parts, 0u);
  // Every disc is still drawn.
  std::vector<uint8_t> seen(t.size(), 0);
  for (uint32_t id : picture.fill.feature_ids) seen[id] = 1;
  EXPECT_EQ(std::count(seen.begin(), seen.end(), uint8_t{1}), static_cast<long>(t.size()));
  // The viewer (no picture scale) triangulates the full detail: one disc shows it.
  FeatureTable one = t;
  one.geometry = GeometryColumn{};
  one.geometry.kind = GeometryKind::polygon;
  one.geometry.append_feature(t.geometry, 0);
  one.fid = {0};
  EXPECT_EQ(build_buckets(one, {0, 0}, 0).fill.triangle_count(), 62u);
}

TEST(PictureLod, ThePictureIsTheSamePixelForPixel) {
  RenderBenchConfig cfg;
  cfg.line_vertices = 100'000;
  cfg.polygons = 4'000;
  cfg.points = 4'000;
  const Workspace ws = make_bench_workspace(cfg);
  constexpr int w = 800, h = 600;
  auto ctx = HeadlessContext::create();
  ASSERT_TRUE(ctx.has_value()) << ctx.error().to_string();
  auto target = Offscreen::create(w, h);
  ASSERT_TRUE(target.has_value());
  target->bind();
  SceneOptions picture;
  picture.labels = false;
  picture.picture_width = w;
  picture.picture_height = h;
  SceneOptions everything;
  everything.labels = false;
  size_t segments[2] = {0, 0};
  Image images[2];
  int k = 0;
  for (const SceneOptions& so : {everything, picture}) {
    const Scene scene = build_scene(ws, so);
    for (const LayerBuckets& b : scene.layers) {
      segments[k] += b.segments.size();
      for (const SegmentLod& l : b.lods) segments[k] += l.segments.size();
    }
    auto r = MapRenderer::create();
    ASSERT_TRUE(r.has_value());
    r->set_scene(scene);
    for (size_t i = 0; i < scene.layers.size(); ++i) {
      auto st = style_layer(*ws.layer(scene.layers[i].name), StyleOptions{});
      ASSERT_TRUE(st.has_value());
      r->set_style(i, *st);
    }
    // Margins as render_map leaves them for its furniture.
    const Camera cam = Camera::fit_inside(scene.bbox, w, h, scene.origin, 64, 40, 180, 56);
    DrawOptions d;
    d.labels = false;
    d.legend = false;
    r->draw(cam, d);
    images[k++] = target->read();
  }
  EXPECT_LT(segments[1] * 2, segments[0]) << "the picture's scene holds under half the segments: " << segments[1] << " of " << segments[0];
  ASSERT_EQ(images[0].rgba.size(), images[1].rgba.size());
  EXPECT_TRUE(images[0].rgba == images[1].rgba) << "the picture changed";
}

}  // namespace
}  // namespace jiuyou::render
