// Measure (#14 item 3): with the measuring tool on, clicks add points; the
// length along them and the area they enclose are in metres of the project's
// metric CRS. A known 1,000 m segment measures within 0.5 m.
#include <gtest/gtest.h>
#include <imgui.h>

#include "render/demo_workspace.hpp"
#include "src/viewer/map/measure.hpp"
#include "support/test_paths.hpp"
#include "viewer/viewer_harness.hpp"

namespace jiuyou::viewer {
namespace {

// The demo county with a surveyed 1,000 m baseline (a line layer) from (3000, 1000) to (4000, 1000).
Workspace county_with_baseline() {
  Workspace ws = demo::demo_workspace();
  FeatureTable base;
  base.name = "baseline";
  base.crs = CrsRef::epsg(4545);
  base.geometry.kind = GeometryKind::line;
  demo::add_line(base, {{3000, 1000}, {4000, 1000}});
  ws.layers.push_back(std::move(base));
  return ws;
}

TEST(Measure, AKnownKilometreMeasuresWithinHalfAMetre) {
  REQUIRE_DISPLAY();
  auto app = open_workspace(county_with_baseline());
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  s.show_measure = s.measuring = true;
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();  // the first frame sizes the camera to the window's framebuffer
  // Clicked 3 px off each end of the baseline (ImGui floors the cursor to whole pixels, ~11 m here):
  // the points snap to its vertices, as in a GIS.
  const double x0 = demo::k_x0 + 3000, y0 = demo::k_y0 + 1000;
  const Vec2 a = window_at(s, x0, y0), b = window_at(s, x0 + 1000, y0);
  click_at(*app, {a.x - 3, a.y + 2});
  click_at(*app, {b.x + 2, b.y - 3});
  ASSERT_EQ(s.measurement.points.size(), 2u);
  EXPECT_NEAR(s.measurement.length_m(), 1000.0, 0.5);
  EXPECT_FALSE(s.picked.has_value()) << "clicks measure, they do not select";
  // Two free corners (nothing within 8 px to snap to): a 1 km square to within a pixel a side.
  const double px = s.camera.m_per_px;
  click_at(*app, window_at(s, x0 + 1000, y0 + 1000));
  click_at(*app, window_at(s, x0, y0 + 1000));
  EXPECT_NEAR(s.measurement.length_m(), 3000.0, 3 * px);
  EXPECT_NEAR(s.measurement.area_m2(), 1e6, 2 * 1000 * px);
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  const render::Image img = frame_and_capture(*app);
  EXPECT_TRUE(render::write_png(img, (test::scratch_dir() / "viewer_measure.png").string()).has_value());
  // The line is drawn in the measure colour half-way along the first side.
  const render::Rgba mid = shown_at_world(s, img, x0 + 500, y0);
  EXPECT_GT(mid.r, 200);
  EXPECT_GT(mid.g, 80);
  EXPECT_LT(mid.b, 60);
  // Off: clicks select again.
  s.measuring = false;
  click_at(*app, village_screen(s, 2));
  EXPECT_EQ(s.measurement.points.size(), 4u);
  EXPECT_TRUE(s.selected.has_value());
}

TEST(Measure, LengthsAndAreasOfKnownShapes) {
  Measurement m;
  EXPECT_EQ(m.length_m(), 0.0);
  EXPECT_EQ(m.area_m2(), 0.0);
  m.points = {{500000, 3400000}, {500300, 3400400}};
  EXPECT_DOUBLE_EQ(m.length_m(), 500.0);
  EXPECT_EQ(m.area_m2(), 0.0) << "two points enclose nothing";
  m.points = {{500000, 3400000}, {500100, 3400000}, {500100, 3400050}};
  EXPECT_DOUBLE_EQ(m.area_m2(), 2500.0);
  EXPECT_EQ(format_measured_length(850), "850.0 m");
  EXPECT_EQ(format_measured_length(2953), "2.953 km");
  EXPECT_EQ(format_measured_area(2500), "2500 m²");
  EXPECT_EQ(format_measured_area(25000), "2.50 公顷");
}

}  // namespace
}  // namespace jiuyou::viewer
