// Identify and select (#14 item 2): a click on any feature of any visible
// layer selects it (points and lines within ~8 px win over the polygon around
// them), the selection stays highlighted (halo + cyan core) until cleared,
// and a searched village or "缩放至该村" keeps it too.
#include <gtest/gtest.h>
#include <imgui.h>

#include "render/demo_workspace.hpp"
#include "src/render/highlight.hpp"
#include "support/test_paths.hpp"
#include "viewer/viewer_harness.hpp"

namespace jiuyou::viewer {
namespace {

// The demo county with village polygons (1.2 km squares around the points): the clinic lies inside 白马村.
Workspace polygon_village_county() {
  Workspace ws = demo::demo_workspace();
  FeatureTable& v = *ws.layer("villages");
  GeometryColumn g;
  g.kind = GeometryKind::polygon;
  for (const demo::DemoVillage& d : demo::k_villages) {
    const double x = demo::k_x0 + d.x, y = demo::k_y0 + d.y;
    for (const auto& [dx, dy] : {std::pair{-600.0, -600.0}, {600.0, -600.0}, {600.0, 600.0}, {-600.0, 600.0}, {-600.0, -600.0}})
      g.add_vertex(x + dx, y + dy);
    g.close_ring();
    g.close_part();
    g.close_feature();
  }
  v.geometry = std::move(g);
  return ws;
}

bool is_selection_cyan(render::Rgba c) { return c.b > 200 && c.g > 150 && c.r < 80; }

TEST(Selection, ClickOnAFacilityInsideAVillageSelectsTheFacility) {
  REQUIRE_DISPLAY();
  auto app = open_workspace(polygon_village_county());
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();
  // The clinic at (2300, 5800), clicked 5 px off its centre.
  const Vec2 clinic = window_at(s, demo::k_x0 + 2300, demo::k_y0 + 5800);
  click_at(*app, {clinic.x + 5, clinic.y});
  ASSERT_TRUE(s.picked.has_value());
  EXPECT_EQ(s.picked->layer, "facilities");
  EXPECT_EQ(cell_text(*s.ws.layer("facilities"), "kind", s.picked->row), "clinic");
  EXPECT_FALSE(s.selected.has_value()) << "not the village around it";
  EXPECT_TRUE(s.show_inspector);
  EXPECT_TRUE(render::write_png(frame_and_capture(*app), (test::scratch_dir() / "viewer_select_facility.png").string()).has_value());
  // Inside 白马村 away from the clinic and the roads: the village.
  const Vec2 inside = window_at(s, demo::k_x0 + 1700, demo::k_y0 + 5900);
  click_at(*app, inside);
  ASSERT_TRUE(s.picked.has_value());
  EXPECT_EQ(s.picked->layer, "villages");
  ASSERT_TRUE(s.selected.has_value());
  EXPECT_EQ(cell_text(*s.villages(), "name", *s.selected), "白马村");
}

TEST(Selection, ClickNearALineSelectsItWithinEightPixels) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  // The 10 kV line from (500, 6500) to (5000, 3300): its midpoint, then 6 px and 14 px off it (screen).
  const double mx = demo::k_x0 + 2750, my = demo::k_y0 + 4900;
  const Vec2 mid = window_at(s, mx, my);
  // Unit normal of the line in screen space (y down): the line runs (4500, -3200) in the world, (4500, 3200) on screen.
  const double len = std::hypot(4500.0, 3200.0);
  const Vec2 n{3200.0 / len, -4500.0 / len};
  click_at(*app, {mid.x + 6 * n.x, mid.y + 6 * n.y});
  ASSERT_TRUE(s.picked.has_value());
  EXPECT_EQ(s.picked->layer, "power");
  click_at(*app, {mid.x + 14 * n.x, mid.y + 14 * n.y});
  EXPECT_TRUE(!s.picked || s.picked->layer != "power") << "14 px away is not the line";
}

TEST(Selection, ASelectedVillageStaysHighlightedUntilCleared) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  const double x = demo::k_x0 + demo::k_villages[1].x, y = demo::k_y0 + demo::k_villages[1].y;  // 青龙村
  click_at(*app, window_at(s, x, y));
  ASSERT_TRUE(s.selected.has_value());
  s.show_inspector = false;
  // The mouse goes away (no hover): the selection ring (radius 11 px) is still drawn.
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();
  render::Image img = frame_and_capture(*app);
  EXPECT_TRUE(render::write_png(img, (test::scratch_dir() / "viewer_selection.png").string()).has_value());
  EXPECT_TRUE(is_selection_cyan(shown_at_world(s, img, x + 11 * s.camera.m_per_px, y)));
  EXPECT_TRUE(is_selection_cyan(shown_at_world(s, img, x, y - 11 * s.camera.m_per_px)));
  // A searched village (zoomed to) takes the selection over, and keeps it.
  const auto hits = search_villages(*s.villages(), "石门");
  ASSERT_EQ(hits.size(), 1u);
  select_village(s, hits[0], true);
  app->frame();
  img = frame_and_capture(*app);
  const double sx = demo::k_x0 + demo::k_villages[2].x, sy = demo::k_y0 + demo::k_villages[2].y;
  EXPECT_TRUE(is_selection_cyan(shown_at_world(s, img, sx + 11 * s.camera.m_per_px, sy)));
  EXPECT_FALSE(is_selection_cyan(shown_at_world(s, img, x + 11 * s.camera.m_per_px, y)));
  // A click on empty map clears it.
  click_at(*app, window_at(s, demo::k_x0 + 9300, demo::k_y0 + 3300));  // nothing there
  EXPECT_FALSE(s.picked.has_value());
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  img = frame_and_capture(*app);
  EXPECT_FALSE(is_selection_cyan(shown_at_world(s, img, sx + 11 * s.camera.m_per_px, sy)));
}

TEST(Selection, HiddenLayersAndFilteredVillagesAreNotPicked) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  const Vec2 baima = village_screen(s, 0);  // 白马村 exits
  s.filter = VillageFilter::failing;
  s.style_dirty = true;
  app->frame();
  click_at(*app, baima);
  EXPECT_TRUE(!s.picked || s.picked->layer != "villages") << "filtered out";
  s.filter = VillageFilter::all;
  s.style_dirty = true;
  app->frame();
  for (LayerUi& l : s.layers)
    if (l.name == "villages") l.visible = false;
  click_at(*app, baima);
  EXPECT_TRUE(!s.picked || s.picked->layer != "villages") << "hidden layer";
}

TEST(Selection, PickingUsesTheLinksAsDrawnArcs) {
  Workspace ws;
  FeatureTable links = one_existing_link();
  ws.layers = {links};
  auto s = make_app_state(std::move(ws), 900, 600);
  s->layers.push_back({"links", "结对", 0, true, 1.0f, 1});
  // The chord's middle is empty; the arc's middle (18 km north, as drawn) is the link.
  EXPECT_FALSE(pick_any(*s, s->camera.world_to_screen({450000, 2800000})).has_value());
  const auto hit = pick_any(*s, s->camera.world_to_screen({450000, 2818000}));
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->layer, "links");
}

TEST(Selection, DistanceToFeatureMeasuresSegmentsAndPoints) {
  GeometryColumn g;
  g.kind = GeometryKind::line;
  g.add_vertex(0, 0);
  g.add_vertex(1000, 0);
  g.close_ring();
  g.close_part();
  g.close_feature();
  EXPECT_DOUBLE_EQ(distance_to_feature(g, 0, {500, 7}), 7.0);
  EXPECT_DOUBLE_EQ(distance_to_feature(g, 0, {1003, 4}), 5.0);
  EXPECT_TRUE(std::isinf(distance_to_feature(g, 5, {0, 0})));
}

}  // namespace
}  // namespace jiuyou::viewer
