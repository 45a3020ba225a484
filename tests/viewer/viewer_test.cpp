// Interaction tests of the viewer under an X server (xvfb-run in CI): input
// goes through Dear ImGui 1.86's io directly (io.MousePos, io.MouseDown[],
// io.MouseWheel), frames are driven by the test, and the effect is read back
// from the AppState and the window's pixels. Without DISPLAY they skip.
#include "src/viewer/viewer_app.hpp"

#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdlib>

#include "render/demo_workspace.hpp"
#include "viewer/viewer_harness.hpp"
#include "src/render/gl.hpp"
#include "src/render/image.hpp"
#include "src/render/style.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::viewer {
namespace {

TEST(Viewer, ClickOnAVillageOpensTheInspectorForItsCode) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  // Panels out of the way so the click lands on the map.
  s.show_layers = s.show_search = s.show_legend = s.show_summary = false;
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();
  app->frame();
  EXPECT_FALSE(s.show_inspector);
  const Vec2 p = village_screen(s, 2);  // 石门村
  mouse_at(static_cast<float>(p.x), static_cast<float>(p.y), false);
  app->frame();
  mouse_at(static_cast<float>(p.x), static_cast<float>(p.y), true);
  app->frame();
  mouse_at(static_cast<float>(p.x), static_cast<float>(p.y), false);
  app->frame();
  ASSERT_TRUE(s.selected.has_value());
  EXPECT_TRUE(s.show_inspector);
  EXPECT_EQ(cell_text(*s.villages(), "code", *s.selected), demo::k_villages[2].code);
  // A picture of the viewer with the inspector open, for a person to look at.
  EXPECT_TRUE(render::write_png(frame_and_capture(*app), (test::scratch_dir() / "viewer_inspector.png").string()).has_value());
  // With the inspector closed, the window shows the village in the fail colour where it was clicked.
  s.show_inspector = false;
  const render::Image img = frame_and_capture(*app);
  EXPECT_EQ(shown_at_world(s, img, demo::k_x0 + demo::k_villages[2].x, demo::k_y0 + demo::k_villages[2].y), render::verdict_color("fail", 3));
}

TEST(Viewer, ClickOnEmptyMapClearsTheSelection) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  s.show_layers = s.show_search = s.show_legend = s.show_summary = false;
  s.selected = 0;
  const Vec2 p = s.camera.world_to_screen({demo::k_x0 + 9500, demo::k_y0 + 6500});  // nothing there
  for (bool down : {false, true, false}) {
    mouse_at(static_cast<float>(p.x), static_cast<float>(p.y), down);
    app->frame();
  }
  EXPECT_FALSE(s.selected.has_value());
}

TEST(Viewer, WheelStepZoomsAboutTheCursor) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  s.show_layers = s.show_search = s.show_legend = s.show_summary = false;
  const ImVec2 cursor(620, 410);
  mouse_at(cursor.x, cursor.y, false);
  app->frame();
  const double scale = ImGui::GetIO().DisplayFramebufferScale.x;
  const Vec2 before = s.camera.screen_to_world({cursor.x * scale, cursor.y * scale});
  const double mpp = s.camera.m_per_px;
  ImGui::GetIO().MouseWheel = 1.0f;
  app->frame();
  const Vec2 after = s.camera.screen_to_world({cursor.x * scale, cursor.y * scale});
  EXPECT_NEAR(s.camera.m_per_px, mpp / 1.25, 1e-9);
  EXPECT_NEAR(after.x, before.x, 1e-6);
  EXPECT_NEAR(after.y, before.y, 1e-6);
  ImGui::GetIO().MouseWheel = -1.0f;
  app->frame();
  EXPECT_NEAR(s.camera.m_per_px, mpp, 1e-9);
}

TEST(Viewer, DragPansTheMapWithTheCursor) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  s.show_layers = s.show_search = s.show_legend = s.show_summary = false;
  mouse_at(500, 300, false);
  app->frame();
  const double scale = ImGui::GetIO().DisplayFramebufferScale.x;
  const Vec2 grabbed = s.camera.screen_to_world({500 * scale, 300 * scale});
  mouse_at(500, 300, true);
  app->frame();
  mouse_at(600, 350, true);
  app->frame();
  mouse_at(600, 350, false);
  app->frame();
  // The world point grabbed is now under the cursor.
  const Vec2 now = s.camera.screen_to_world({600 * scale, 350 * scale});
  EXPECT_NEAR(now.x, grabbed.x, 1e-6);
  EXPECT_NEAR(now.y, grabbed.y, 1e-6);
  EXPECT_FALSE(s.selected.has_value()) << "a drag is not a click";
}

TEST(Viewer, SearchAndSummaryWorkOnTheCheckColumns) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  const auto hits = search_villages(*s.villages(), "龙");
  ASSERT_EQ(hits.size(), 2u);  // 青龙村, 龙潭村
  EXPECT_EQ(search_villages(*s.villages(), "420528100205").size(), 1u);
  ASSERT_EQ(s.items.size(), 1u);
  EXPECT_EQ(s.items[0], "road_hardened");
  size_t pass = 0, villages = 0;
  for (const auto& t : s.summary) pass += t.pass[0], villages += t.villages;
  EXPECT_EQ(villages, 5u);
  EXPECT_EQ(pass, 2u);
  // Filtering to failing villages hides the exiting ones (transparent) without touching geometry.
  s.filter = VillageFilter::failing;
  s.style_dirty = true;
  s.show_layers = s.show_search = s.show_legend = s.show_summary = false;
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();
  const render::Image img = frame_and_capture(*app);
  EXPECT_NE(shown_at_world(s, img, demo::k_x0 + demo::k_villages[0].x, demo::k_y0 + demo::k_villages[0].y), render::verdict_color("exit", 0))
      << "白马村 exits: filtered out";
  EXPECT_EQ(shown_at_world(s, img, demo::k_x0 + demo::k_villages[1].x, demo::k_y0 + demo::k_villages[1].y), render::verdict_color("fail", 1))
      << "青龙村 fails: still shown";
}

TEST(Viewer, HoverHighlightsTheVillageUnderTheCursor) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  s.show_layers = s.show_search = s.show_legend = s.show_summary = false;
  const Vec2 p = village_screen(s, 2);  // 石门村
  mouse_at(static_cast<float>(p.x), static_cast<float>(p.y), false);
  app->frame();
  const render::Image img = frame_and_capture(*app);
  ASSERT_TRUE(s.hovered.has_value());
  EXPECT_EQ(cell_text(*s.villages(), "code", *s.hovered), demo::k_villages[2].code);
  EXPECT_TRUE(render::write_png(img, (test::scratch_dir() / "viewer_hover.png").string()).has_value());
  // A yellow ring of radius ~9.5 px around the village's symbol; the symbol itself keeps its colour.
  const double x = demo::k_x0 + demo::k_villages[2].x, y = demo::k_y0 + demo::k_villages[2].y;
  const render::Rgba ring = shown_at_world(s, img, x + 9.5 * s.camera.m_per_px, y);
  EXPECT_GT(ring.r, 200);
  EXPECT_GT(ring.g, 170);
  EXPECT_LT(ring.b, 80);
  EXPECT_EQ(shown_at_world(s, img, x, y), render::verdict_color("fail", 3));
  // Off the village: no ring.
  const Vec2 empty = s.camera.world_to_screen({demo::k_x0 + 9500, demo::k_y0 + 6500});
  mouse_at(static_cast<float>(empty.x), static_cast<float>(empty.y), false);
  app->frame();
  const render::Image after = frame_and_capture(*app);
  EXPECT_FALSE(s.hovered.has_value());
  EXPECT_NE(shown_at_world(s, after, x + 9.5 * s.camera.m_per_px, y), ring);
}

TEST(Viewer, ColourEditRecoloursALegendClass) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  s.show_layers = s.show_search = s.show_legend = s.show_summary = false;
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();
  size_t ri = s.styles.size(), entry = 0;
  for (const LayerUi& l : s.layers)
    if (l.name == "villages") ri = l.renderer_index;
  ASSERT_LT(ri, s.styles.size());
  const auto& entries = s.styles[ri].legend.entries;
  while (entry < entries.size() && entries[entry].label != "可出列") ++entry;
  ASSERT_LT(entry, entries.size());
  const render::Rgba magenta{230, 0, 200, 255};
  set_class_color(s, ri, entry, magenta);
  const render::Image img = frame_and_capture(*app);
  EXPECT_EQ(shown_at_world(s, img, demo::k_x0 + demo::k_villages[0].x, demo::k_y0 + demo::k_villages[0].y), magenta) << "白马村 exits";
  EXPECT_EQ(shown_at_world(s, img, demo::k_x0 + demo::k_villages[1].x, demo::k_y0 + demo::k_villages[1].y), render::verdict_color("fail", 1))
      << "other classes keep their colour";
  EXPECT_EQ(s.legends["villages"].entries[entry].color.g, 0) << "the legend panel shows the new colour";
  // A filter change restyles the villages: the edited class keeps its colour.
  s.filter = VillageFilter::exiting;
  s.style_dirty = true;
  app->frame();
  s.filter = VillageFilter::all;
  s.style_dirty = true;
  const render::Image again = frame_and_capture(*app);
  EXPECT_EQ(shown_at_world(s, again, demo::k_x0 + demo::k_villages[0].x, demo::k_y0 + demo::k_villages[0].y), magenta)
      << "the edit survives a filter change";
  EXPECT_EQ(s.legends["villages"].entries[entry].color.g, 0);
}

// Opened on a pairing result (links + units, as `jiuyou view OUT/links.gpkg` loads it), the viewer draws the links as arcs.
TEST(Viewer, ShowsPairingLinksAsArcs) {
  REQUIRE_DISPLAY();
  Workspace ws;
  ws.name = "links";
  FeatureTable links = one_existing_link();
  FeatureTable units;
  units.name = "units";
  units.geometry.kind = GeometryKind::point;
  Column role("role", FieldType::text);
  units.geometry.add_point_feature(400000, 2800000);
  units.geometry.add_point_feature(500000, 2800000);
  role.push_text("helper");
  role.push_text("helped");
  units.fid = {1, 2};
  units.columns = {role};
  ws.layers = {links, units};
  ViewerOptions o = test_options();
  o.width = 900;
  o.height = 600;
  auto app = open_workspace(ws, o);
  ASSERT_TRUE(app);
  AppState& s = app->state();
  s.show_layers = s.show_search = s.show_legend = s.show_summary = false;
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();
  const render::Image img = frame_and_capture(*app);
  EXPECT_TRUE(render::write_png(img, (test::scratch_dir() / "viewer_arcs.png").string()).has_value());
  // The arc's middle is 18 km north of the chord's; the home view includes it.
  const render::Rgba mid = shown_at_world(s, img, 450000, 2800000 + 18000);
  EXPECT_EQ(mid, render::link_color("existing"));
  EXPECT_NE(shown_at_world(s, img, 450000, 2800000), render::link_color("existing"));
  EXPECT_EQ(shown_at_world(s, img, 400000, 2800000), render::k_helper_color);
}

}  // namespace
}  // namespace jiuyou::viewer
