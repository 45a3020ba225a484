// The attribute table (#14 item 2): rows sorted by a column (nulls last),
// a row selects its feature, "缩放至所选" zooms to it.
#include <gtest/gtest.h>
#include <imgui.h>

#include "render/demo_workspace.hpp"
#include "src/viewer/panels/panels.hpp"
#include "support/test_paths.hpp"
#include "viewer/viewer_harness.hpp"

namespace jiuyou::viewer {
namespace {

TEST(Table, SortsByTextAndNumberColumnsWithNullsLast) {
  FeatureTable t = demo::demo_villages();
  Column& pop = t.columns[5];  // population
  ASSERT_EQ(pop.name(), "population");
  std::vector<uint32_t> rows = {0, 1, 2, 3, 4};
  sort_table_rows(t, 5, true, rows);
  EXPECT_EQ(rows.front(), 4u) << "largest population first";
  EXPECT_EQ(rows.back(), 0u);
  sort_table_rows(t, 1, false, rows);  // name
  for (size_t i = 0; i + 1 < rows.size(); ++i) EXPECT_LE(t.columns[1].get_text(rows[i]), t.columns[1].get_text(rows[i + 1]));
  sort_table_rows(t, -1, false, rows);  // fid
  EXPECT_EQ(rows, (std::vector<uint32_t>{0, 1, 2, 3, 4}));
  // A null sorts last both ways up.
  FeatureTable n;
  n.fid = {1, 2, 3};
  Column v("v", FieldType::real);
  v.push_real(2);
  v.push_null();
  v.push_real(1);
  n.columns = {v};
  rows = {0, 1, 2};
  sort_table_rows(n, 0, false, rows);
  EXPECT_EQ(rows, (std::vector<uint32_t>{2, 0, 1}));
}

TEST(Table, ARowSelectsItsFeatureAndZoomGoesThere) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  s.show_table = true;
  s.table_layer = "roads";
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();
  app->frame();
  ASSERT_EQ(s.table_rows.size(), s.ws.layer("roads")->size()) << "the table lists every road";
  EXPECT_TRUE(render::write_png(frame_and_capture(*app), (test::scratch_dir() / "viewer_table.png").string()).has_value());
  select_feature(s, {"roads", 2});  // the gravel road to 青龙村
  const double before = s.camera.m_per_px;
  zoom_to_selection(s);
  EXPECT_LT(s.camera.m_per_px, before) << "zoomed in";
  const Vec2 mid{demo::k_x0 + 6350, demo::k_y0 + 4750};
  const Vec2 p = s.camera.world_to_screen(mid);
  EXPECT_GT(p.x, 0);
  EXPECT_LT(p.x, s.camera.width);
  EXPECT_GT(p.y, 0);
  EXPECT_LT(p.y, s.camera.height);
  app->frame();
  EXPECT_TRUE(render::write_png(frame_and_capture(*app), (test::scratch_dir() / "viewer_table_zoom.png").string()).has_value());
}

}  // namespace
}  // namespace jiuyou::viewer
