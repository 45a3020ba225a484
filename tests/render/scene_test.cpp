// CPU side of the renderer: buckets, levels of detail, camera, label placement inputs.
#include "src/render/scene.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "render/demo_workspace.hpp"
#include "src/render/camera.hpp"

namespace jiuyou::render {
namespace {

TEST(Scene, DenseLinesGetCoarserLevelsThatKeepEndpoints) {
  FeatureTable t;
  t.name = "roads";
  t.geometry.kind = GeometryKind::line;
  // 100 lines of 300 vertices 10 m apart: 29 900 segments.
  for (int l = 0; l < 100; ++l) {
    for (int v = 0; v < 300; ++v) t.geometry.add_vertex(v * 10.0, l * 100.0 + std::sin(v * 0.1) * 5);
    t.geometry.close_ring();
    t.geometry.close_part();
    t.geometry.close_feature();
    t.fid.push_back(l);
  }
  const LayerBuckets b = build_buckets(t, {0, 0});
  ASSERT_EQ(b.segments.size(), 29900u);
  ASSERT_FALSE(b.lods.empty());
  size_t prev = b.segments.size();
  for (const SegmentLod& lod : b.lods) {
    EXPECT_LT(lod.segments.size() * 3, prev * 2 + 3) << "each level drops at least a third";
    prev = lod.segments.size();
    // Every line still starts at x=0 and ends at x=2990.
    size_t starts = 0, ends = 0;
    for (const LineSegment& s : lod.segments) {
      starts += s.p0[0] == 0.0f ? 1 : 0;
      ends += s.p1[0] == 2990.0f ? 1 : 0;
    }
    EXPECT_EQ(starts, 100u) << "tolerance " << lod.tolerance_m;
    EXPECT_EQ(ends, 100u) << "tolerance " << lod.tolerance_m;
  }
}

TEST(Scene, CoarserLevelsOfCirclesStayWithinTheirToleranceAndDropMostVertices) {
  // 40 coverage discs of 3 km radius as 96-gons: Douglas-Peucker keeps every
  // original vertex within the summed tolerances of the levels so far, and each
  // level keeps at most about twice the sides its tolerance needs (not the 96).
  FeatureTable t;
  t.name = "broadband";
  t.geometry.kind = GeometryKind::polygon;
  const int sides = 96;
  const double radius = 3000;
  for (int c = 0; c < 40; ++c) {
    for (int k = 0; k < sides; ++k) {
      const double a = 6.283185307179586 * k / sides;
      t.geometry.add_vertex(c * 7000.0 + radius * std::cos(a), radius * std::sin(a));
    }
    t.geometry.close_ring();
    t.geometry.close_part();
    t.geometry.close_feature();
    t.fid.push_back(c);
  }
  const LayerBuckets b = build_buckets(t, {0, 0});
  ASSERT_EQ(b.segments.size(), 40u * sides);
  ASSERT_FALSE(b.lods.empty());
  double allowed = 0;
  for (const SegmentLod& lod : b.lods) {
    allowed += lod.tolerance_m;
    // Every original vertex lies within `allowed` (plus float rounding) of its disc's simplified outline.
    for (const LineSegment& orig : b.segments) {
      double best = 1e300;
      for (const LineSegment& s : lod.segments) {
        if (s.feature != orig.feature) continue;
        const double ax = s.p0[0], ay = s.p0[1], dx = s.p1[0] - ax, dy = s.p1[1] - ay;
        const double px = orig.p0[0] - ax, py = orig.p0[1] - ay, len2 = dx * dx + dy * dy;
        const double u = len2 > 0 ? std::clamp((px * dx + py * dy) / len2, 0.0, 1.0) : 0.0;
        best = std::min(best, std::hypot(px - u * dx, py - u * dy));
      }
      ASSERT_LE(best, allowed + 0.05) << "tolerance " << lod.tolerance_m;
    }
    // A chord's sagitta is r (1 - cos(theta / 2)): a tolerance t needs about pi / acos(1 - t / r) sides.
    const double sides_needed = 3.141592653589793 / std::acos(1 - lod.tolerance_m / radius);
    // Douglas-Peucker halves its way down, so allow twice that.
    EXPECT_LE(static_cast<double>(lod.segments.size()), 40 * (2 * sides_needed + 2)) << "tolerance " << lod.tolerance_m;
  }
}

TEST(Scene, OriginIsTheCentreAndPositionsAreSmallFloats) {
  const Workspace ws = demo::demo_workspace();
  const Scene s = build_scene(ws);
  EXPECT_NEAR(s.origin.x, demo::k_x0 + demo::k_w / 2, 1.0);
  EXPECT_NEAR(s.origin.y, demo::k_y0 + demo::k_h / 2, 1.0);
  for (const LayerBuckets& b : s.layers) {
    for (const LineSegment& seg : b.segments) EXPECT_LT(std::abs(seg.p0[0]), 6000.0f);
    for (const PointInstance& p : b.points) EXPECT_LT(std::abs(p.center[1]), 4000.0f);
  }
  // The villages' names, and the gap line's length (last: below the names, shown only zoomed in).
  ASSERT_EQ(s.labels.size(), std::size(demo::k_villages) + 1);
  EXPECT_EQ(s.labels.front().text, "石门村") << "the village failing most items is labelled first";
  EXPECT_EQ(s.labels.back().text, "2.95 km");
  EXPECT_NEAR(s.labels.back().max_m_per_px, 2950 / 80.0, 1e-9);
  ASSERT_TRUE(s.dem.has_value());
  EXPECT_GT(s.dem->max_z, s.dem->min_z);
}

TEST(Camera, ZoomAtKeepsTheWorldPointUnderTheCursor) {
  Camera c = Camera::fit({500000, 3400000, 510000, 3407000}, 1000, 700, {505000, 3403500});
  const Vec2 px{123, 456};
  const Vec2 before = c.screen_to_world(px);
  c.zoom_at(px, 1.25);
  const Vec2 after = c.screen_to_world(px);
  EXPECT_NEAR(after.x, before.x, 1e-6);
  EXPECT_NEAR(after.y, before.y, 1e-6);
  // world_to_screen inverts screen_to_world.
  const Vec2 back = c.world_to_screen(after);
  EXPECT_NEAR(back.x, px.x, 1e-6);
  EXPECT_NEAR(back.y, px.y, 1e-6);
}

TEST(Camera, DegenerateExtentsGiveAUsableView) {
  const Camera point = Camera::fit({500000, 3400000, 500000, 3400000}, 800, 600, {500000, 3400000});
  EXPECT_GT(point.m_per_px, 0);
  EXPECT_TRUE(std::isfinite(point.m_per_px));
  const Camera empty = Camera::fit(BBox{}, 800, 600, {0, 0});
  EXPECT_GT(empty.m_per_px, 0);
  const double nan = std::nan("");
  const Camera bad = Camera::fit({nan, 0, 1, 1}, 800, 600, {0, 0});
  EXPECT_TRUE(std::isfinite(bad.m_per_px));
}

}  // namespace
}  // namespace jiuyou::render
