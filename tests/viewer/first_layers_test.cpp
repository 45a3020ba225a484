// The first frame before the rest of the document (issue #16 item 4, render/document_first.*):
// a check's result opens with its villages (the columns the map and the checklist read) and the
// county outline; the project's other layers, the gap lines and the villages' other columns are
// read on the worker and put in place when ready.
// A click meanwhile gives the village's verdict; what needs the rest (the 量 lines) says 载入中.
#include "src/render/document_first.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "gis/io/write.hpp"
#include "gis/report/result_meta.hpp"
#include "render/demo_workspace.hpp"
#include "src/render/style.hpp"
#include "src/viewer/scene_loader.hpp"
#include "support/test_paths.hpp"
#include "viewer/viewer_harness.hpp"

namespace jiuyou::viewer {
namespace {

namespace fs = std::filesystem;

bool has_layer(const AppState& s, const std::string& name) {
  return std::any_of(s.layers.begin(), s.layers.end(), [&](const LayerUi& l) { return l.name == name; });
}

bool listed(const std::vector<std::string>& names, const std::string& name) { return std::find(names.begin(), names.end(), name) != names.end(); }

// A project (county outline, villages without verdicts, roads, facilities) and its check's result.gpkg
// (villages with verdicts, gaps, the metadata naming the project). Returns the result.
fs::path write_project_and_result(const fs::path& dir) {
  fs::create_directories(dir / "out");
  FeatureTable county;
  county.name = "county";
  county.crs = CrsRef::epsg(4545);
  county.geometry.kind = GeometryKind::polygon;
  demo::add_polygon(county, {{0, 0}, {10000, 0}, {10000, 7000}, {0, 7000}, {0, 0}});
  Column name("name", FieldType::text);
  name.push_text("测试县");
  county.columns = {name};
  FeatureTable bare = demo::demo_villages();
  std::erase_if(bare.columns, [](const Column& c) { return c.name() == "verdict" || c.name() == "road_hardened" || c.name() == "failed_count"; });
  const FeatureTable roads = demo::demo_roads(), facilities = demo::demo_facilities();
  const FeatureTable* project_layers[] = {&county, &bare, &roads, &facilities};
  EXPECT_TRUE(io::write_layers((dir / "county.gpkg").string(), project_layers).has_value());
  std::ofstream(dir / "project.toml") << "[project]\nname = \"测试县\"\nmetric_crs = \"EPSG:4545\"\nrules = \"hubei-2017\"\n"
                                         "[layers.county]\npath = \"county.gpkg\"\nlayer = \"county\"\n"
                                         "[layers.villages]\npath = \"county.gpkg\"\nlayer = \"villages\"\n"
                                         "[layers.roads]\npath = \"county.gpkg\"\nlayer = \"roads\"\n"
                                         "[layers.facilities]\npath = \"county.gpkg\"\nlayer = \"facilities\"\n";
  FeatureTable v = demo::demo_villages();
  // columns of the result the first frame does not read: a village's own attribute, an item's note
  // (road_hardened, no item of hubei-2017, is told an item by its note, as a check writes it)
  Column remark("remark", FieldType::text), note("road_hardened_note", FieldType::text);
  for (size_t i = 0; i < v.size(); ++i) remark.push_text("备注" + std::to_string(i)), note.push_text("依据" + std::to_string(i));
  v.columns.push_back(remark);
  v.columns.push_back(note);
  const FeatureTable gaps = demo::demo_gaps();
  const FeatureTable meta =
      report::result_meta_table(report::ResultMeta{(dir / "project.toml").string(), "hubei-2017", "check", {}}, (dir / "out").string());
  const FeatureTable* result_layers[] = {&v, &gaps, &meta};
  EXPECT_TRUE(io::write_layers((dir / "out" / "result.gpkg").string(), result_layers).has_value());
  return dir / "out" / "result.gpkg";
}

TEST(FirstLayers, AResultsVillagesAndOutlineFirstTheSameRowsAsTheWholeDocument) {
  const fs::path result = write_project_and_result(test::scratch_dir());
  auto first = render::open_first_layers(result.string());
  ASSERT_TRUE(first.has_value()) << first.error().to_string();
  ASSERT_TRUE(first->has_value()) << "a check's result whose project is there opens its villages first";
  const render::Document& light = (*first)->doc;
  auto whole = render::open_document(result.string());
  ASSERT_TRUE(whole.has_value()) << whole.error().to_string();
  // Only the villages and the county outline; the rest is named as coming.
  ASSERT_EQ(light.ws.layers.size(), 2u);
  EXPECT_TRUE(light.ws.layer("county"));
  EXPECT_FALSE(light.ws.layer("roads"));
  EXPECT_FALSE(light.ws.layer("gaps"));
  for (const char* later : {"roads", "facilities", "gaps"}) EXPECT_TRUE(listed((*first)->later, later)) << later;
  EXPECT_FALSE(listed((*first)->later, "villages"));
  EXPECT_FALSE(listed((*first)->later, "county"));
  // Every later layer is in the whole document, and every layer of it is first or later.
  for (const FeatureTable& t : whole->ws.layers) EXPECT_TRUE(light.ws.layer(t.name) || listed((*first)->later, t.name)) << t.name;
  // The villages are the result's, row for row; of their columns those the map and the checklist
  // read, each as the whole document has it; the others come with the rest.
  const FeatureTable* a = light.ws.layer("villages");
  const FeatureTable* b = whole->ws.layer("villages");
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->size(), b->size());
  EXPECT_EQ(a->geometry.xy, b->geometry.xy);
  for (const char* name : {"code", "name", "population", "verdict", "failed_count", "road_hardened"}) EXPECT_TRUE(a->column(name)) << name;
  for (const char* later : {"remark", "road_hardened_note"}) {
    EXPECT_FALSE(a->column(later)) << later;
    EXPECT_TRUE(b->column(later)) << later;
  }
  EXPECT_EQ(render::item_columns(*a), render::item_columns(*b)) << "every item of the result";
  for (const Column& c : a->columns) {
    ASSERT_TRUE(b->column(c.name())) << c.name();
    for (size_t row = 0; row < a->size(); ++row) EXPECT_EQ(cell_text(*a, c.name(), row), cell_text(*b, c.name(), row)) << c.name();
  }
  EXPECT_EQ(cell_text(*a, "verdict", 2), "fail");
  EXPECT_EQ(light.ws.metric_crs.label(), whole->ws.metric_crs.label());
  EXPECT_EQ(light.rule_set, whole->rule_set);
  EXPECT_EQ(light.project_path, whole->project_path);
  EXPECT_EQ(light.ws.name, whole->ws.name);
}

TEST(FirstLayers, TheFirstColumnsAreTheRuleSetsItemsAndTheVerdictsOrEveryColumn) {
  const std::vector<std::string> result{"code", "name", "households", "road", "road_note", "old_item", "old_item_share", "verdict"};
  const auto cols = render::first_village_columns("hubei-2017", result);
  ASSERT_TRUE(cols);
  for (const char* name : {"code", "name", "township", "verdict", "failed_count", "road", "road_distance_m", "safe_water", "old_item"})
    EXPECT_TRUE(listed(*cols, name)) << name;
  for (const char* name : {"households", "road_note", "old_item_share"}) EXPECT_FALSE(listed(*cols, name)) << name;
  EXPECT_FALSE(render::first_village_columns("", result)) << "no rule set recorded: every column";
  EXPECT_FALSE(render::first_village_columns("/no/such/rules.toml", result)) << "a rule set gone: every column";
}

TEST(FirstLayers, AProjectOrAResultWithoutItsProjectOpensWhole) {
  const fs::path dir = test::scratch_dir();
  const fs::path result = write_project_and_result(dir);
  auto project = render::open_first_layers((dir / "project.toml").string());
  ASSERT_TRUE(project.has_value());
  EXPECT_FALSE(project->has_value());
  fs::remove(dir / "project.toml");
  auto gone = render::open_first_layers(result.string());
  ASSERT_TRUE(gone.has_value());
  EXPECT_FALSE(gone->has_value()) << "open_document says the project is gone";
}

TEST(FirstLayers, TheVillagesAnswerDuringTheLoadAndEveryLayerComesAfter) {
  REQUIRE_DISPLAY();
  const fs::path dir = test::scratch_dir();  // emptied on each call: taken once
  const fs::path result = write_project_and_result(dir);
  auto first = render::open_first_layers(result.string());
  ASSERT_TRUE(first && *first);
  std::promise<void> go;
  std::shared_future<void> released = go.get_future().share();
  ViewerOptions o = test_options();
  o.rest_of_document = [path = result.string()] { return render::open_document(path); };
  o.rest_layers = (*first)->later;
  o.later_layers_gate = [released] { released.wait(); };  // the rest is read only when the test says so
  o.project_path = (*first)->doc.project_path;
  o.rule_set = (*first)->doc.rule_set;
  o.items = render::items_of_rule_set(o.rule_set);
  auto app = open_workspace((*first)->doc.ws, o);
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  const render::Image loading = frame_and_capture(*app);
  const double fail_x = demo::k_x0 + demo::k_villages[2].x, fail_y = demo::k_y0 + demo::k_villages[2].y;
  EXPECT_EQ(shown_at_world(s, loading, fail_x, fail_y), render::verdict_color("fail", 3)) << "石门村 drawn failing at once";
  EXPECT_TRUE(has_layer(s, "villages"));
  EXPECT_TRUE(has_layer(s, "county"));
  EXPECT_FALSE(has_layer(s, "roads"));
  EXPECT_TRUE(s.rest_loading);
  EXPECT_NE(s.progress.find(render::layer_title("roads")), std::string::npos) << s.progress;
  // A click on 石门村 meanwhile: its verdict and items; its measured gap line is not there yet (载入中, no line).
  click_at(*app, window_at(s, fail_x, fail_y));
  ASSERT_TRUE(s.selected);
  EXPECT_EQ(*s.selected, 2u);
  EXPECT_EQ(cell_text(*s.villages(), "verdict", *s.selected), "fail");
  EXPECT_FALSE(s.villages()->column("remark")) << "read with the rest";
  EXPECT_TRUE(s.show_inspector);
  EXPECT_FALSE(measure_evidence(s, 2, "road_hardened")) << "no gap line before the gaps are read: no line, never a wrong one";
  s.show_measure = false;
  const render::Image inspector = frame_and_capture(*app);
  EXPECT_TRUE(render::write_png(inspector, (dir / "viewer_first_layers_loading.png").string()).has_value());
  // A re-check asked for meanwhile waits for the whole document.
  s.pending_local_recheck = true;
  app->frame();
  EXPECT_TRUE(s.pending_local_recheck);
  EXPECT_NE(s.progress.find("核查"), std::string::npos) << s.progress;
  s.pending_local_recheck = false;
  go.set_value();
  for (int i = 0; i < 500 && !app->layers_loading().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    app->frame();
  }
  ASSERT_TRUE(app->layers_loading().empty());
  EXPECT_FALSE(s.rest_loading);
  EXPECT_TRUE(s.progress.empty()) << s.progress;
  for (const char* name : {"villages", "county", "roads", "facilities", "gaps"}) EXPECT_TRUE(has_layer(s, name)) << name;
  ASSERT_TRUE(s.selected) << "the selection is kept: the same villages";
  EXPECT_EQ(cell_text(*s.villages(), "remark", 2), "备注2") << "the villages' other columns now";
  EXPECT_EQ(*s.selected, 2u);
  EXPECT_TRUE(s.show_inspector);
  s.show_inspector = false;  // it covers 石门村
  const render::Image all = frame_and_capture(*app);
  EXPECT_TRUE(render::write_png(all, (dir / "viewer_first_layers_all.png").string()).has_value());
  // The county road across the county is drawn now (the camera where it was), the village still failing.
  const double road_x = demo::k_x0 + 1500, road_y = demo::k_y0 + 4350;
  EXPECT_NE(shown_at_world(s, all, road_x, road_y), shown_at_world(s, loading, road_x, road_y));
  EXPECT_EQ(shown_at_world(s, all, fail_x, fail_y), render::verdict_color("fail", 3));
  EXPECT_TRUE(measure_evidence(s, 2, "road_hardened")) << "the gap line now";
  EXPECT_EQ(s.measurement.points.size(), 2u);
}

TEST(FirstLayers, ClosingWhileTheRestIsReadWaitsForTheWorker) {
  REQUIRE_DISPLAY();
  const fs::path result = write_project_and_result(test::scratch_dir());
  auto first = render::open_first_layers(result.string());
  ASSERT_TRUE(first && *first);
  std::promise<void> go;
  std::shared_future<void> released = go.get_future().share();
  ViewerOptions o = test_options();
  o.rest_of_document = [path = result.string()] { return render::open_document(path); };
  o.rest_layers = (*first)->later;
  o.later_layers_gate = [released] { released.wait(); };
  auto app = open_workspace((*first)->doc.ws, o);
  ASSERT_TRUE(app);
  app->frame();
  EXPECT_FALSE(app->layers_loading().empty());
  go.set_value();
  app.reset();  // no crash, no leak (ASan): the worker reads and builds on its own
  EXPECT_FALSE(app);
}

}  // namespace
}  // namespace jiuyou::viewer
