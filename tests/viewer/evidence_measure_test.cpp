// "Measure from the village to ..." (#14 item 3): the checklist's 量 draws the
// distance the check measured (the gap line, village to the nearest qualifying
// feature) as a measurement, so "2.95 km" can be checked on the map; the planner
// can then measure it again by hand, snapping to the line's ends.
#include <gtest/gtest.h>
#include <imgui.h>

#include <cmath>

#include "render/demo_workspace.hpp"
#include "src/viewer/map/evidence_line.hpp"
#include "support/test_paths.hpp"
#include "viewer/viewer_harness.hpp"

namespace jiuyou::viewer {
namespace {

TEST(EvidenceMeasure, TheGapLineOfAFailingItemAndNoneForAPassingOne) {
  const Workspace ws = demo::demo_workspace();
  const auto line = evidence_line(ws, demo::k_villages[2].code, "road_hardened");  // 石门村 fails road_hardened
  ASSERT_TRUE(line.has_value());
  EXPECT_DOUBLE_EQ(line->from.x, demo::k_x0 + 8200);
  EXPECT_DOUBLE_EQ(line->from.y, demo::k_y0 + 1500);
  EXPECT_DOUBLE_EQ(line->to.y, demo::k_y0 + 1500 + 2950);
  EXPECT_DOUBLE_EQ(line->recorded_m, 2950);
  EXPECT_FALSE(evidence_line(ws, demo::k_villages[0].code, "road_hardened")) << "白马村 passes: no gap line";
  EXPECT_FALSE(evidence_line(ws, demo::k_villages[2].code, "clinic")) << "another item";
  EXPECT_FALSE(evidence_line(ws, "", "road_hardened"));
  Workspace no_gaps = ws;
  std::erase_if(no_gaps.layers, [](const FeatureTable& t) { return t.name == "gaps"; });
  EXPECT_FALSE(evidence_line(no_gaps, demo::k_villages[2].code, "road_hardened"));
}

TEST(EvidenceMeasure, ChecklistButtonDrawsTheEvidenceAndAHandMeasureAgrees) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();
  select_village(s, 2, false);  // 石门村
  s.ui_rects.clear();
  app->frame();
  app->frame();
  const auto it = s.ui_rects.find("检查/量/road_hardened");
  ASSERT_NE(it, s.ui_rects.end()) << "the checklist row of a failing distance item has a 量 button";
  click_at(*app, {(it->second.x0 + it->second.x1) / 2, (it->second.y0 + it->second.y1) / 2});
  ASSERT_EQ(s.measurement.points.size(), 2u);
  EXPECT_NEAR(s.measurement.length_m(), 2950.0, 0.01);
  EXPECT_NE(s.measurement.evidence.find("2.950 km"), std::string::npos) << s.measurement.evidence;
  EXPECT_TRUE(s.show_measure);
  EXPECT_FALSE(s.measuring) << "the evidence line stays as drawn";
  for (const Vec2& p : s.measurement.points) {
    const Vec2 px = s.camera.world_to_screen(p);
    EXPECT_TRUE(px.x > 0 && px.x < s.camera.width && px.y > 0 && px.y < s.camera.height) << "both ends in view";
  }
  s.show_inspector = false;
  EXPECT_TRUE(render::write_png(frame_and_capture(*app), (test::scratch_dir() / "viewer_evidence_measure.png").string()).has_value());

  // By hand: clear, then click near both ends (a few px off): the points snap to the line's ends.
  s.measurement = {};
  s.measuring = true;
  zoom_to(s, s.home);  // the county view: the line's north end is clear of the measure panel
  app->frame();
  const Vec2 a = window_at(s, demo::k_x0 + 8200, demo::k_y0 + 1500), b = window_at(s, demo::k_x0 + 8200, demo::k_y0 + 4450);
  click_at(*app, {a.x + 3, a.y - 2});
  click_at(*app, {b.x - 2, b.y + 3});
  ASSERT_EQ(s.measurement.points.size(), 2u);
  EXPECT_NEAR(s.measurement.length_m(), 2950.0, 0.5) << "measured by hand within half a metre";

  // A passing village has no 量 button.
  select_village(s, 0, false);
  s.ui_rects.clear();
  s.show_inspector = true;
  app->frame();
  app->frame();
  EXPECT_EQ(s.ui_rects.count("检查/量/road_hardened"), 0u);
}

TEST(EvidenceMeasure, MeasureFromTheVillageStartsAtIt) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  measure_from_village(s, 4);  // 龙潭村
  ASSERT_EQ(s.measurement.points.size(), 1u);
  EXPECT_DOUBLE_EQ(s.measurement.points[0].x, demo::k_x0 + demo::k_villages[4].x);
  EXPECT_TRUE(s.measuring);
  measure_from_village(s, 99);  // no such row: nothing changes
  EXPECT_EQ(s.measurement.points.size(), 1u);
}

}  // namespace
}  // namespace jiuyou::viewer
