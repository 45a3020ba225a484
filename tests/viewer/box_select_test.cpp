// Box select and the attribute table's filter (#14 item 2): Shift + drag selects
// what the box touches in one layer; the table keeps the rows a where-condition
// (the rules' syntax) holds for, "选中全部" selects them, "缩放至所选" shows them.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>

#include "render/demo_workspace.hpp"
#include "src/viewer/map/box_select.hpp"
#include "src/viewer/panels/panels.hpp"
#include "support/test_paths.hpp"
#include "viewer/viewer_harness.hpp"

namespace jiuyou::viewer {
namespace {

BBox box(double x0, double y0, double x1, double y1) {
  BBox b;
  b.expand(x0, y0);
  b.expand(x1, y1);
  return b;
}

TEST(BoxSelect, WhatTheBoxTouches) {
  GeometryColumn g;
  g.kind = GeometryKind::line;
  const Vec2 crossing[] = {{-10, 5}, {20, 5}};  // no vertex inside, crosses the box
  const Vec2 outside[] = {{-10, 20}, {20, 20}};
  const Vec2 corner[] = {{9, 9}, {30, 30}};     // one vertex inside
  g.add_line_feature(crossing);
  g.add_line_feature(outside);
  g.add_line_feature(corner);
  g.add_null_feature();
  EXPECT_EQ(features_in_box(g, box(0, 0, 10, 10)), (std::vector<uint32_t>{0, 2}));
  const std::vector<uint8_t> hidden = {1, 0, 0, 0};
  EXPECT_EQ(features_in_box(g, box(0, 0, 10, 10), &hidden), (std::vector<uint32_t>{2})) << "a filtered-out feature is not selected";
  EXPECT_TRUE(features_in_box(g, BBox{}).empty()) << "an empty box selects nothing";
  // A box drawn inside a large polygon touches it; one beside it does not.
  GeometryColumn p;
  p.kind = GeometryKind::polygon;
  for (auto [x, y] : {std::pair{0.0, 0.0}, {100.0, 0.0}, {100.0, 100.0}, {0.0, 100.0}, {0.0, 0.0}}) p.add_vertex(x, y);
  p.close_ring();
  p.close_part();
  p.close_feature();
  EXPECT_EQ(features_in_box(p, box(40, 40, 60, 60)), (std::vector<uint32_t>{0}));
  EXPECT_TRUE(features_in_box(p, box(140, 40, 160, 60)).empty());
}

// Shift + drag from a to b (window coordinates).
void shift_drag(ViewerApp& app, Vec2 a, Vec2 b) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeyShift = true;
  mouse_at(static_cast<float>(a.x), static_cast<float>(a.y), false);
  app.frame();
  mouse_at(static_cast<float>(a.x), static_cast<float>(a.y), true);
  app.frame();
  for (int k = 1; k <= 4; ++k) {
    const double t = k / 4.0;
    mouse_at(static_cast<float>(a.x + (b.x - a.x) * t), static_cast<float>(a.y + (b.y - a.y) * t), true);
    app.frame();
  }
  mouse_at(static_cast<float>(b.x), static_cast<float>(b.y), false);
  app.frame();
  io.KeyShift = false;
  app.frame();
}

TEST(BoxSelect, ShiftDragSelectsTheVillagesInTheBoxAndDoesNotPan) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  s.show_inspector = false;
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();
  const Vec2 origin = s.camera.origin;
  const double mpp = s.camera.m_per_px;
  // The south-east quarter: 石门村 (8200, 1500) and 龙潭村 (5000, 3600), not 桃花坪村 (3800, 2500).
  const Vec2 a = window_at(s, demo::k_x0 + 4500, demo::k_y0 + 4000), b = window_at(s, demo::k_x0 + 9000, demo::k_y0 + 800);
  shift_drag(*app, a, b);
  EXPECT_EQ(s.selection_layer, "villages");
  EXPECT_EQ(s.selection_rows, (std::vector<uint32_t>{2, 4}));
  EXPECT_TRUE(s.picked.has_value());
  EXPECT_EQ(s.camera.origin.x, origin.x);
  EXPECT_EQ(s.camera.m_per_px, mpp) << "a box drag does not pan";
  EXPECT_FALSE(s.box_from.has_value()) << "the box is gone after the release";
  s.show_inspector = false;  // it opened on the first selected village: out of the picture
  const render::Image img = frame_and_capture(*app);
  EXPECT_TRUE(render::write_png(img, (test::scratch_dir() / "viewer_box_select.png").string()).has_value());
  // Both selected villages carry the selection's cyan ring (a few pixels out from the symbol's centre).
  for (size_t v : {2, 4}) {
    const Vec2 c = s.camera.world_to_screen({demo::k_x0 + demo::k_villages[v].x, demo::k_y0 + demo::k_villages[v].y});
    bool cyan = false;
    for (int dx = -14; dx <= 14 && !cyan; ++dx)
      for (int dy = -14; dy <= 14 && !cyan; ++dy) {
        const int px = static_cast<int>(c.x) + dx, py = static_cast<int>(c.y) + dy;
        if (px < 0 || py < 0 || px >= img.width || py >= img.height) continue;
        const render::Rgba p = img.at(px, py);
        cyan = p.r < 60 && p.g > 150 && p.b > 200;
      }
    EXPECT_TRUE(cyan) << "village " << v << " is highlighted";
  }
  // A box over empty map clears the selection.
  shift_drag(*app, window_at(s, demo::k_x0 + 500, demo::k_y0 + 1500), window_at(s, demo::k_x0 + 1500, demo::k_y0 + 700));
  EXPECT_TRUE(s.selection_rows.empty());
  EXPECT_FALSE(s.picked.has_value());
}

TEST(TableFilter, KeepsTheRowsTheConditionHoldsFor) {
  FeatureTable v = demo::demo_villages();  // populations 1200, 1300, ... 1600
  auto rows = filter_table_rows(v, "population > 1300 AND verdict <> 'exit'");
  ASSERT_TRUE(rows.has_value()) << rows.error().to_string();
  EXPECT_EQ(*rows, (std::vector<uint32_t>{2, 3}));
  rows = filter_table_rows(v, "name LIKE '%龙%'");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (std::vector<uint32_t>{1, 4}));
  rows = filter_table_rows(v, "  ");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(rows->size(), v.size()) << "an empty filter lists every row";
  // NULL: unknown, left out (never silently kept).
  v.columns[5].set_null(0);
  rows = filter_table_rows(v, "population < 1400");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (std::vector<uint32_t>{1}));
  // Bad conditions are refused with what is wrong.
  auto bad = filter_table_rows(v, "population >");
  ASSERT_FALSE(bad.has_value());
  bad = filter_table_rows(v, "populaton > 3");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("populaton"), std::string::npos) << bad.error().message;
  bad = filter_table_rows(v, "name > 5");
  EXPECT_FALSE(bad.has_value()) << "text compared with a number";
}

bool click_control(ViewerApp& app, const std::string& key) {
  AppState& s = app.state();
  for (int i = 0; i < 3 && !s.ui_rects.count(key); ++i) app.frame();
  const auto it = s.ui_rects.find(key);
  if (it == s.ui_rects.end()) return false;
  click_at(app, {(it->second.x0 + it->second.x1) / 2, (it->second.y0 + it->second.y1) / 2});
  return true;
}

TEST(TableFilter, TypedFilterSelectAllAndZoomToSelection) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  s.show_table = true;
  s.table_layer = "villages";
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();
  ASSERT_TRUE(click_control(*app, "属性表/筛选"));
  ImGuiIO& io = ImGui::GetIO();
  io.AddInputCharactersUTF8("verdict = 'fail'");
  app->frame();
  io.KeysDown[io.KeyMap[ImGuiKey_Enter]] = true;
  app->frame();
  io.KeysDown[io.KeyMap[ImGuiKey_Enter]] = false;
  app->frame();
  EXPECT_EQ(s.table_filter, "verdict = 'fail'");
  EXPECT_TRUE(s.table_filter_error.empty()) << s.table_filter_error;
  std::vector<uint32_t> rows = s.table_rows;
  std::sort(rows.begin(), rows.end());
  EXPECT_EQ(rows, (std::vector<uint32_t>{1, 2})) << "青龙村 and 石门村 fail";
  ASSERT_TRUE(click_control(*app, "属性表/选中全部"));
  std::vector<uint32_t> selected = s.selection_rows;
  std::sort(selected.begin(), selected.end());
  EXPECT_EQ(selected, (std::vector<uint32_t>{1, 2}));
  ASSERT_TRUE(click_control(*app, "属性表/缩放至所选"));
  for (uint32_t v : {1u, 2u}) {
    const Vec2 p = s.camera.world_to_screen({demo::k_x0 + demo::k_villages[v].x, demo::k_y0 + demo::k_villages[v].y});
    EXPECT_TRUE(p.x > 0 && p.x < s.camera.width && p.y > 0 && p.y < s.camera.height) << "village " << v << " in view";
  }
  EXPECT_TRUE(render::write_png(frame_and_capture(*app), (test::scratch_dir() / "viewer_table_filter.png").string()).has_value());
  // A condition that does not parse is said in the table, which then lists every row.
  s.table_filter = "verdict = ";
  s.table_dirty = true;
  app->frame();
  EXPECT_FALSE(s.table_filter_error.empty());
  EXPECT_EQ(s.table_rows.size(), s.villages()->size());
}

}  // namespace
}  // namespace jiuyou::viewer
