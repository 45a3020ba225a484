// app::MapBeside (#16): the check's map renders on its own thread from layers
// lent to it; the outputs read the same tables through a view meanwhile, and the
// workspace gets every layer back afterwards, whether the map succeeded, failed
// or threw.
#include <gtest/gtest.h>

#include <stdexcept>

#include "gis/app/check_map.hpp"

namespace jiuyou::app {
namespace {

FeatureTable points(const std::string& name, size_t n, double x0) {
  FeatureTable t;
  t.name = name;
  t.geometry.kind = GeometryKind::point;
  Column code("code", FieldType::text);
  for (size_t i = 0; i < n; ++i) {
    t.fid.push_back(static_cast<int64_t>(i) + 1);
    t.geometry.add_point_feature(x0 + static_cast<double>(i), 0);
    code.push_text(name + std::to_string(i));
  }
  t.columns.push_back(std::move(code));
  return t;
}

Workspace county() {
  Workspace ws;
  ws.name = "测试县";
  ws.layers.push_back(points("roads", 3, 0));
  ws.layers.push_back(points("villages", 2, 10));
  ws.layers.push_back(points("clinics", 4, 20));
  ws.dem = Raster{};
  return ws;
}

FeatureTable result_table() {
  FeatureTable t = points("villages", 2, 10);
  t.columns.emplace_back("verdict", FieldType::text);
  t.columns.back().push_text("exit");
  t.columns.back().push_text("fail");
  return t;
}

std::vector<std::string> names(const Workspace& ws) {
  std::vector<std::string> n;
  for (const auto& l : ws.layers) n.push_back(l.name + ":" + std::to_string(l.size()));
  return n;
}

TEST(MapBeside, TheMapSeesTheResultAndTheOutputsTheInputThenEverythingGoesBack) {
  Workspace ws = county();
  const std::vector<std::string> before = names(ws);
  std::vector<std::string> drawn;
  bool verdict_drawn = false, dem_drawn = false;
  {
    MapBeside map(ws, result_table(), points("gaps", 1, 30));
    map.start(
        [&](const MapRequest& req) -> Result<void> {
          drawn = names(req.shown);
          verdict_drawn = req.shown.layer("villages")->column("verdict") != nullptr;
          dem_drawn = req.shown.dem.has_value();
          EXPECT_EQ(req.png_path, "out/map.png");
          return {};
        },
        "out/map.png");
    // The outputs' view: the input villages (no verdict column), the other layers lent, the workspace's order.
    const WorkspaceView& view = map.outputs_view();
    ASSERT_EQ(view.layers.size(), 3u);
    EXPECT_EQ(view.layers[0]->name, "roads");
    EXPECT_EQ(view.layers[1], ws.layer("villages"));
    EXPECT_EQ(view.layers[1]->column("verdict"), nullptr);
    EXPECT_EQ(view.layers[2]->name, "clinics");
    EXPECT_EQ(view.layers[2]->size(), 4u);
    EXPECT_NE(view.dem, nullptr);
    EXPECT_EQ(map.villages_result().column("verdict")->as_text(1), "fail");
    EXPECT_EQ(map.gaps().name, "gaps");
    EXPECT_EQ(map.wait(), "out/map.png");
    EXPECT_EQ(map.wait(), "out/map.png");  // asking twice gives the same answer
    EXPECT_TRUE(map.note().empty());
  }
  EXPECT_EQ(drawn, (std::vector<std::string>{"roads:3", "villages:2", "clinics:4", "gaps:1"}));
  EXPECT_TRUE(verdict_drawn);
  EXPECT_TRUE(dem_drawn);
  EXPECT_EQ(names(ws), before);
  EXPECT_EQ(ws.layer("clinics")->columns[0].as_text(3), "clinics3");
  EXPECT_EQ(ws.layer("villages")->column("verdict"), nullptr);
  EXPECT_TRUE(ws.dem.has_value());
}

TEST(MapBeside, AFailedMapIsANoteAndTheLayersStillGoBack) {
  Workspace ws = county();
  const std::vector<std::string> before = names(ws);
  {
    MapBeside map(ws, result_table(), points("gaps", 0, 0));
    map.start([](const MapRequest&) -> Result<void> { return error(ErrorCode::render, "no GL context"); }, "map.png");
    EXPECT_EQ(map.wait(), "");
    EXPECT_NE(map.note().find("no GL context"), std::string::npos) << map.note();
  }
  EXPECT_EQ(names(ws), before);
}

TEST(MapBeside, AThrowingMapIsANoteNotACrash) {
  Workspace ws = county();
  {
    MapBeside map(ws, result_table(), points("gaps", 0, 0));
    map.start([](const MapRequest&) -> Result<void> { throw std::runtime_error("out of GPU memory"); }, "map.png");
    EXPECT_EQ(map.wait(), "");
    EXPECT_NE(map.note().find("out of GPU memory"), std::string::npos) << map.note();
  }
  EXPECT_EQ(ws.layer("roads")->size(), 3u);
}

TEST(MapBeside, LeftBeforeWaitingItStillWaitsAndGivesBack) {
  Workspace ws = county();
  const std::vector<std::string> before = names(ws);
  bool ran = false;
  {
    MapBeside map(ws, result_table(), points("gaps", 0, 0));
    map.start([&](const MapRequest& req) -> Result<void> {
      ran = req.shown.layers.size() == 4;
      return {};
    }, "map.png");
  }  // an output failed: nobody asked for the map
  EXPECT_TRUE(ran);
  EXPECT_EQ(names(ws), before);
}

TEST(MapBeside, WithoutAMapThereIsNothingToWaitFor) {
  Workspace ws = county();
  MapBeside map(ws, result_table(), points("gaps", 0, 0));
  EXPECT_EQ(map.wait(), "");
  EXPECT_TRUE(map.note().empty());
}

}  // namespace
}  // namespace jiuyou::app
