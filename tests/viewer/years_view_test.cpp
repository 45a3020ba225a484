// `jiuyou view compare.gpkg`: villages coloured by their transition, the 年份
// slider switching the pair of years, and the selected village's causes.
#include <gtest/gtest.h>

#include "gis/model/workspace.hpp"
#include "render/compare_fixture.hpp"
#include "src/render/compare_document.hpp"
#include "src/render/transition_style.hpp"
#include "src/viewer/years/years_view.hpp"
#include "support/test_paths.hpp"
#include "viewer/viewer_harness.hpp"

namespace jiuyou::viewer {
namespace {

struct OpenedCompare {
  std::unique_ptr<ViewerApp> app;
  std::filesystem::path dir;
};

// As `jiuyou view compare.gpkg` opens it: the last pair, villages by transition.
OpenedCompare open_compare() {
  OpenedCompare o;
  o.dir = test::scratch_dir();
  const auto gpkg = demo::write_compare_gpkg(o.dir);
  auto cd = render::open_compare_document(gpkg.string(), "");
  EXPECT_TRUE(cd) << (cd ? "" : cd.error().to_string());
  if (!cd) return o;
  ViewerOptions opts = test_options();
  opts.years = YearsView{gpkg.string(), cd->pairs, static_cast<int>(cd->shown), -1};
  opts.notes = cd->doc.notes;
  o.app = open_workspace(cd->doc.ws, opts);
  return o;
}

render::Rgba shown_village(const AppState& s, const render::Image& img, size_t i) {
  return shown_at_world(s, img, demo::k_x0 + demo::k_villages[i].x, demo::k_y0 + demo::k_villages[i].y);
}

TEST(YearsView, SliderSwitchesThePairAndTheColours) {
  REQUIRE_DISPLAY();
  auto opened = open_compare();
  ASSERT_TRUE(opened.app);
  ViewerApp& app = *opened.app;
  AppState& s = app.state();
  hide_panels(s);
  frame_and_capture(app);
  render::Image img = frame_and_capture(app);
  ASSERT_TRUE(s.years);
  EXPECT_EQ(s.years->shown, 1);
  EXPECT_EQ(s.color_by.kind, render::ColorBy::Kind::transition);
  // 2025→2026: every matched village regressed (白马村, the first, sits under the north arrow: not looked at).
  EXPECT_EQ(shown_village(s, img, 1), render::transition_class("regressed", "code").color);
  EXPECT_EQ(shown_village(s, img, 2), render::transition_class("regressed", "code").color);
  EXPECT_EQ(shown_village(s, img, 4), render::transition_class("regressed", "disappeared").color);
  ASSERT_TRUE(render::write_png(img, (opened.dir / "years_2025_2026.png").string()));

  // Dragging the 年份 slider to its left end shows 2024→2025.
  ASSERT_TRUE(s.ui_rects.count("年度变化/年份"));
  const UiRect r = s.ui_rects.at("年度变化/年份");
  const float y = (r.y0 + r.y1) / 2;
  for (bool down : {false, true, true, false}) {
    mouse_at(r.x0 + 3, y, down);
    app.frame();
  }
  app.frame();
  img = frame_and_capture(app);
  EXPECT_EQ(s.years->shown, 0);
  EXPECT_NE(s.ws.name.find("2024→2025"), std::string::npos) << s.ws.name;
  EXPECT_NE(s.message.find("2025"), std::string::npos) << "the 2025 project is gone: said in the status bar: " << s.message;
  EXPECT_EQ(shown_village(s, img, 1), render::transition_class("improved", "code").color);
  EXPECT_EQ(shown_village(s, img, 2), render::transition_class("regressed", "code").color);

  // The regressed village selected: the panel lists the cause of the item that changed.
  select_village(s, 2, false);
  img = frame_and_capture(app);
  ASSERT_TRUE(render::write_png(img, (opened.dir / "years_2024_2025_selected.png").string()));
  const auto causes = village_causes(s, 2);
  ASSERT_EQ(causes.size(), 1u);
  EXPECT_EQ(causes[0].item, "road_hardened");
  EXPECT_NE(causes[0].cause.find("编号 648"), std::string::npos);
  EXPECT_TRUE(village_causes(s, 0).empty());  // nothing changed there: no line
}

TEST(YearsView, AFailedSwitchKeepsThePairShownAndSaysWhy) {
  REQUIRE_DISPLAY();
  auto opened = open_compare();
  ASSERT_TRUE(opened.app);
  AppState& s = opened.app->state();
  opened.app->frame();
  std::filesystem::remove(opened.dir / "compare.gpkg");  // gone while the viewer was open
  s.years->pending = 0;
  opened.app->frame();
  EXPECT_EQ(s.years->shown, 1);
  EXPECT_NE(s.message.find("无法打开 2024→2025"), std::string::npos) << s.message;
  ASSERT_NE(s.villages(), nullptr);  // the shown pair stays
}

}  // namespace
}  // namespace jiuyou::viewer
