// map.png's title of a what-if check (check --with invest.gpkg --until Y) says
// 含规划项目，模拟 like report.html's: the picture pasted into slides must not
// pass for the county's present state (tour7 F24, map.png).
#include <gtest/gtest.h>

#include "render/demo_workspace.hpp"
#include "src/render/render_map.hpp"

namespace jiuyou {
namespace {

TEST(MapTitle, AWhatIfSaysItIsASimulation) {
  Workspace ws = demo::demo_workspace();
  ws.name = "九有县";
  render::RenderOptions o;
  EXPECT_EQ(render::map_title(ws, o), "九有县 · 贫困村出列评定");
  o.what_if = true;
  EXPECT_EQ(render::map_title(ws, o), "九有县 · 贫困村出列评定（含规划项目，模拟）");
  o.color_by = render::ColorBy::parse("road_hardened");
  o.color_by.item_title = "通硬化路";
  EXPECT_EQ(render::map_title(ws, o), "九有县 · 指标 通硬化路（含规划项目，模拟）");
  // Even without a county name the mark stays.
  ws.name.clear();
  EXPECT_EQ(render::map_title(ws, o), "含规划项目，模拟");
}

}  // namespace
}  // namespace jiuyou
