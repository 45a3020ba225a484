// The viewer's selection drawn from GPU buffers (src/render/highlight_layer):
// the cyan core on a selected polygon's edge and as a ring around a selected
// point, kept on the GPU while the view pans and zooms (no rebuild), uploaded
// again only when the selection changes, gone when cleared. PNGs are written
// to the scratch directory to look at.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "src/render/headless_context.hpp"
#include "src/render/highlight_layer.hpp"
#include "src/render/map_renderer.hpp"
#include "src/render/offscreen.hpp"
#include "src/render/scene.hpp"
#include "src/render/style.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::render {
namespace {

constexpr double k_x0 = 500000, k_y0 = 3300000;

// A 1 km square (village polygon) and a point 2 km east of it.
Workspace two_features() {
  Workspace ws;
  ws.name = "选中 (测试)";
  ws.metric_crs = CrsRef::epsg(4545);
  FeatureTable squares;
  squares.name = "squares";
  squares.geometry.kind = GeometryKind::polygon;
  for (const auto& [x, y] : {std::pair{0.0, 0.0}, {1000.0, 0.0}, {1000.0, 1000.0}, {0.0, 1000.0}, {0.0, 0.0}})
    squares.geometry.add_vertex(k_x0 + x, k_y0 + y);
  squares.geometry.close_ring();
  squares.geometry.close_part();
  squares.geometry.close_feature();
  squares.fid.push_back(1);
  FeatureTable points;
  points.name = "points";
  points.geometry.kind = GeometryKind::point;
  points.geometry.add_point_feature(k_x0 + 3000, k_y0 + 500);
  points.fid.push_back(1);
  ws.layers = {squares, points};
  return ws;
}

struct Rig {
  HeadlessContext ctx;
  MapRenderer renderer;
  Offscreen target;
  Scene scene;
  Camera camera;
};

std::optional<Rig> make_rig(const Workspace& ws) {
  auto ctx = HeadlessContext::create();
  EXPECT_TRUE(ctx.has_value()) << ctx.error().to_string();
  auto r = ctx ? MapRenderer::create() : Result<MapRenderer>(tl::unexpected(ctx.error()));
  auto t = r ? Offscreen::create(800, 500) : Result<Offscreen>(tl::unexpected(r.error()));
  if (!ctx || !r || !t) return std::nullopt;
  Rig rig{std::move(*ctx), std::move(*r), std::move(*t), build_scene(ws), {}};
  rig.renderer.set_scene(rig.scene);
  for (size_t i = 0; i < rig.scene.layers.size(); ++i) rig.renderer.set_style(i, *style_layer(*ws.layer(rig.scene.layers[i].name), StyleOptions{}));
  rig.target.bind();
  rig.camera = Camera::fit(rig.scene.bbox, 800, 500, rig.scene.origin, 60);
  return rig;
}

DrawOptions plain() {
  DrawOptions d;
  d.hillshade = d.labels = d.legend = d.scale_bar = d.north_arrow = false;
  return d;
}

bool cyanish(Rgba c) { return c.b > 200 && c.g > 150 && c.r < 80; }

Rgba at(const Image& img, const Camera& cam, double x, double y, double dx_px = 0, double dy_px = 0) {
  const Vec2 s = cam.world_to_screen({k_x0 + x, k_y0 + y});
  return img.at(static_cast<int>(std::floor(s.x + dx_px)), static_cast<int>(std::floor(s.y + dy_px)));
}

HighlightSet select_all(const Workspace& ws) {
  HighlightSet set;
  feature_outline(ws.layer("squares")->geometry, 0, set);
  feature_outline(ws.layer("points")->geometry, 0, set);
  return set;
}

TEST(SelectionLayer, DrawsTheCoreOnTheEdgeAndARingAroundThePoint) {
  const Workspace ws = two_features();
  auto rig = make_rig(ws);
  ASSERT_TRUE(rig);
  DrawOptions d = plain();
  d.selection = select_all(ws);
  rig->renderer.draw(rig->camera, d);
  const Image img = rig->target.read();
  ASSERT_TRUE(write_png(img, (test::scratch_dir() / "selection.png").string()).has_value());
  EXPECT_TRUE(rig->renderer.last_frame_stats().selection_rebuilt);
  EXPECT_TRUE(cyanish(at(img, rig->camera, 500, 0))) << "south edge of the square";
  EXPECT_TRUE(cyanish(at(img, rig->camera, 1000, 500))) << "east edge of the square";
  // The ring: 11 px from the point's centre, not at its centre.
  EXPECT_TRUE(cyanish(at(img, rig->camera, 3000, 500, 11, 0)));
  EXPECT_TRUE(cyanish(at(img, rig->camera, 3000, 500, 0, -11)));
  EXPECT_FALSE(cyanish(at(img, rig->camera, 3000, 500, 0, 0)));
  // The square's inside is not outlined.
  EXPECT_FALSE(cyanish(at(img, rig->camera, 500, 500)));
}

TEST(SelectionLayer, PanningKeepsTheUploadAndAChangeRebuildsIt) {
  const Workspace ws = two_features();
  auto rig = make_rig(ws);
  ASSERT_TRUE(rig);
  DrawOptions d = plain();
  d.selection = select_all(ws);
  rig->renderer.draw(rig->camera, d);
  ASSERT_TRUE(rig->renderer.last_frame_stats().selection_rebuilt);
  Camera moved = rig->camera;
  moved.zoom_at({400, 250}, 1.15);
  moved.pan_px(-60, 17);  // both features stay in view
  rig->renderer.draw(moved, d);
  EXPECT_FALSE(rig->renderer.last_frame_stats().selection_rebuilt) << "a pan or zoom must not upload the selection again";
  const Image img = rig->target.read();
  EXPECT_TRUE(cyanish(at(img, moved, 500, 0))) << "the edge follows the view";
  EXPECT_TRUE(cyanish(at(img, moved, 3000, 500, 11, 0)));

  // Only the point selected: uploaded again; the square's edge is plain.
  d.selection = {};
  feature_outline(ws.layer("points")->geometry, 0, d.selection);
  rig->renderer.draw(moved, d);
  EXPECT_TRUE(rig->renderer.last_frame_stats().selection_rebuilt);
  const Image one = rig->target.read();
  EXPECT_FALSE(cyanish(at(one, moved, 500, 0)));
  EXPECT_TRUE(cyanish(at(one, moved, 3000, 500, 11, 0)));

  // Cleared: nothing cyan left.
  d.selection = {};
  rig->renderer.draw(moved, d);
  const Image none = rig->target.read();
  EXPECT_FALSE(cyanish(at(none, moved, 3000, 500, 11, 0)));
  EXPECT_FALSE(cyanish(at(none, moved, 1000, 500)));
}

TEST(SelectionLayer, BucketsLeaveOutNonFiniteVertices) {
  HighlightSet set;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  set.paths.push_back({{0, 0}, {10, 0}, {nan, 5}, {20, 0}, {30, 0}});
  set.points = {{1, 1}, {std::numeric_limits<double>::infinity(), 0}};
  const SelectionBuckets b = highlight_buckets(set, {0, 0});
  // The NaN vertex is dropped (as build_scene drops it), every segment left is finite and on the path.
  EXPECT_EQ(b.lines.dropped_vertices, 1u);
  ASSERT_FALSE(b.lines.segments.empty());
  for (const LineSegment& s : b.lines.segments)
    for (float c : {s.p0[0], s.p0[1], s.p1[0], s.p1[1]}) EXPECT_TRUE(std::isfinite(c));
  EXPECT_EQ(b.points.dropped_vertices, 1u);
  ASSERT_EQ(b.points.points.size(), 1u);
  EXPECT_FLOAT_EQ(b.points.points[0].center[1], 1.0f);
}

}  // namespace
}  // namespace jiuyou::render
