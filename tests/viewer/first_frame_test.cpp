// The first frame before the heavy layers (issue #16 item 4, src/viewer/scene_loader.*):
// the villages (and the light layers) are drawn at once, the heavy layers are built on a
// worker and appear when it is done, with the layer panel's settings kept.
#include "src/viewer/scene_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "render/demo_workspace.hpp"
#include "src/render/style.hpp"
#include "support/test_paths.hpp"
#include "viewer/viewer_harness.hpp"

namespace jiuyou::viewer {
namespace {

bool has_layer(const AppState& s, const std::string& name) {
  return std::any_of(s.layers.begin(), s.layers.end(), [&](const LayerUi& l) { return l.name == name; });
}

TEST(FirstFrame, HeavyLayersWaitTheVillagesAndLightLayersDoNot) {
  const Workspace ws = demo::demo_workspace();
  const SceneSplit all_at_once = split_for_first_frame(ws, 0);
  EXPECT_TRUE(all_at_once.later.empty());
  const SceneSplit split = split_for_first_frame(ws, 2);  // more than two vertices: heavy
  EXPECT_NE(std::find(split.first.begin(), split.first.end(), "villages"), split.first.end());  // the villages always first
  EXPECT_NE(std::find(split.later.begin(), split.later.end(), "roads"), split.later.end());    // 4 roads, up to 4 vertices each
  EXPECT_NE(std::find(split.later.begin(), split.later.end(), "dem"), split.later.end());      // the hillshade with them
  EXPECT_EQ(split.first.size() + split.later.size(), ws.layers.size() + 1);
  // The worker's copy draws the same scene as the workspace.
  const render::Scene full = render::build_scene(ws), copied = render::build_scene(scene_copy(ws));
  ASSERT_EQ(full.layers.size(), copied.layers.size());
  for (size_t i = 0; i < full.layers.size(); ++i) {
    EXPECT_EQ(full.layers[i].segments.size(), copied.layers[i].segments.size()) << full.layers[i].name;
    EXPECT_EQ(full.layers[i].points.size(), copied.layers[i].points.size()) << full.layers[i].name;
    EXPECT_EQ(full.layers[i].fill.indices.size(), copied.layers[i].fill.indices.size()) << full.layers[i].name;
  }
  EXPECT_EQ(full.labels.size(), copied.labels.size());
}

TEST(FirstFrame, TheWindowDrawsTheVillagesBeforeASlowLayerAndEveryLayerAfterIt) {
  REQUIRE_DISPLAY();
  std::promise<void> go;
  std::shared_future<void> released = go.get_future().share();
  ViewerOptions o = test_options();
  o.first_frame_max_vertices = 2;                        // the roads, power lines, gaps ... are "heavy"
  o.later_layers_gate = [released] { released.wait(); };  // and slow: built only when the test says so
  const Workspace ws = demo::demo_workspace();
  auto app = open_workspace(ws, o);
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  const std::filesystem::path dir = test::scratch_dir();  // emptied on each call: taken once
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  const render::Image before = frame_and_capture(*app);
  app->frame();
  // The villages are drawn (石门村 fails: the fail colour where it lies); the roads are not there yet.
  EXPECT_EQ(shown_at_world(s, before, demo::k_x0 + demo::k_villages[2].x, demo::k_y0 + demo::k_villages[2].y),
            render::verdict_color("fail", 3));
  EXPECT_TRUE(has_layer(s, "villages"));
  EXPECT_FALSE(has_layer(s, "roads"));
  const std::vector<std::string> loading = app->layers_loading();
  EXPECT_NE(std::find(loading.begin(), loading.end(), "roads"), loading.end());
  EXPECT_NE(s.progress.find("正在载入图层"), std::string::npos) << s.progress;
  EXPECT_EQ(s.message.find("正在载入图层"), std::string::npos) << "a note of work under way is not drawn as a warning";
  EXPECT_NE(s.progress.find(render::layer_title("roads")), std::string::npos) << s.message;
  EXPECT_TRUE(render::write_png(before, (dir / "viewer_first_frame_loading.png").string()).has_value());
  // The user hides the villages while the roads load: they stay hidden afterwards.
  for (LayerUi& l : s.layers) l.visible = l.name != "villages";
  sync_layers(s);
  go.set_value();
  for (int i = 0; i < 500 && !app->layers_loading().empty(); ++i) {  // frame() shows them once the worker is done
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    app->frame();
  }
  ASSERT_TRUE(app->layers_loading().empty());
  for (const FeatureTable& t : ws.layers) EXPECT_TRUE(has_layer(s, t.name)) << t.name;
  EXPECT_TRUE(s.progress.empty()) << s.progress;
  for (const LayerUi& l : s.layers) EXPECT_EQ(l.visible, l.name != "villages") << l.name;
  for (LayerUi& l : s.layers) l.visible = true;
  sync_layers(s);
  const render::Image after = frame_and_capture(*app);
  EXPECT_TRUE(render::write_png(after, (dir / "viewer_first_frame_all.png").string()).has_value());
  // The county road across the county (halfway between its first two vertices) is drawn now, the village still red.
  const double road_x = demo::k_x0 + 1500, road_y = demo::k_y0 + 4350;
  EXPECT_NE(shown_at_world(s, after, road_x, road_y), shown_at_world(s, before, road_x, road_y));
  EXPECT_EQ(shown_at_world(s, after, demo::k_x0 + demo::k_villages[2].x, demo::k_y0 + demo::k_villages[2].y),
            render::verdict_color("fail", 3));
}

TEST(FirstFrame, ClosingBeforeTheLayersAreBuiltWaitsForTheWorker) {
  REQUIRE_DISPLAY();
  std::promise<void> go;
  std::shared_future<void> released = go.get_future().share();
  ViewerOptions o = test_options();
  o.first_frame_max_vertices = 2;
  o.later_layers_gate = [released] { released.wait(); };
  auto app = open_workspace(demo::demo_workspace(), o);
  ASSERT_TRUE(app);
  app->frame();
  EXPECT_FALSE(app->layers_loading().empty());
  go.set_value();
  app.reset();  // the window closes while the worker builds on its own copy: no crash, no leak (ASan)
  EXPECT_FALSE(app);
}

}  // namespace
}  // namespace jiuyou::viewer
