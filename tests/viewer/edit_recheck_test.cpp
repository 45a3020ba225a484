// Edit and re-check (#14 item 4): a planned paved road drawn from a failing
// village to the road the check measured to makes its road item pass once the
// edit is saved and re-checked; undo/redo; the edits are saved to a separate
// planned.gpkg (the project's files untouched), and the command line's pipeline
// (`jiuyou check PROJECT --with planned.gpkg`, app::run_check) reproduces the
// verdicts the viewer shows.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <filesystem>

#include "gis/app/check_job.hpp"
#include "src/render/document.hpp"
#include "src/viewer/check/check_in_place.hpp"
#include "src/viewer/edit/edit_kinds.hpp"
#include "src/viewer/edit/edit_recheck.hpp"
#include "src/viewer/edit/planned_edits.hpp"
#include "src/viewer/map/evidence_line.hpp"
#include "support/test_paths.hpp"
#include "viewer/viewer_harness.hpp"

namespace jiuyou::viewer {
namespace {

TEST(Edits, UndoRedoAndThePlannedLayerSchema) {
  EditList e;
  EXPECT_FALSE(e.undo());
  e.add(planned_road({{0, 0}, {10, 0}}, "asphalt", "village"));
  e.add(planned_road({{0, 0}, {0, 10}}, "gravel", "village"));
  EXPECT_TRUE(e.undo());
  ASSERT_EQ(e.done.size(), 1u);
  EXPECT_TRUE(e.redo());
  EXPECT_EQ(e.done.back().values.at("surface"), "gravel");
  EXPECT_FALSE(e.redo());
  e.undo();
  e.add(planned_road({{5, 5}, {6, 6}}, "concrete", "village"));
  EXPECT_TRUE(e.undone.empty()) << "a new edit clears what could be redone";
  FeatureTable roads;
  roads.name = "roads";
  roads.crs = CrsRef::epsg(4545);
  roads.geometry.kind = GeometryKind::line;
  roads.columns = {Column("class", FieldType::text), Column("width_m", FieldType::real), Column("name", FieldType::text),
                   Column("surface", FieldType::text)};
  auto planned = planned_table(roads, e.done);
  ASSERT_TRUE(planned.has_value()) << planned.error().to_string();
  const FeatureTable& t = *planned;
  EXPECT_EQ(t.name, "roads");
  EXPECT_EQ(t.size(), 2u);
  ASSERT_TRUE(t.column("width_m") && t.column("surface") && t.column("class") && t.column("name"));
  EXPECT_EQ(t.column("surface")->get_text(1), "concrete");
  EXPECT_EQ(t.column("class")->get_text(0), "village");
  EXPECT_TRUE(t.column("width_m")->is_null(0));
  ASSERT_TRUE(t.column("replaces"));
  EXPECT_TRUE(t.column("replaces")->is_null(0));
  // A value that does not convert to the column's type is an error naming the field.
  PlannedFeature wide = planned_road({{0, 0}, {1, 1}}, "asphalt", "village");
  wide.values["width_m"] = "宽";
  auto bad = planned_table(roads, {wide});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "width_m");
  EXPECT_EQ(planned_path("/d/县/project.toml", ""), "/d/县/project-planned.gpkg");
}

bool click_control(ViewerApp& app, const std::string& key) {
  AppState& s = app.state();
  for (int i = 0; i < 3 && !s.ui_rects.count(key); ++i) app.frame();
  const auto it = s.ui_rects.find(key);
  if (it == s.ui_rects.end()) return false;
  click_at(app, {(it->second.x0 + it->second.x1) / 2, (it->second.y0 + it->second.y1) / 2});
  return true;
}

std::optional<uint32_t> row_of(const FeatureTable& v, const std::string& code) {
  for (size_t r = 0; r < v.size(); ++r)
    if (cell_text(v, "code", r) == code) return static_cast<uint32_t>(r);
  return std::nullopt;
}

TEST(Edits, APlannedRoadMakesTheVillagePassAndTheCommandLineAgrees) {
  REQUIRE_DISPLAY();
  const std::string project = (test::source_dir() / "data/demo/project.toml").string();
  const auto before_mtime = std::filesystem::last_write_time(test::source_dir() / "data/demo/county.gpkg");
  auto doc = render::open_document(project);
  ASSERT_TRUE(doc.has_value()) << doc.error().to_string();
  const std::filesystem::path out = test::scratch_dir();
  ViewerOptions o = test_options();
  o.project_path = doc->project_path;
  o.rule_set = "national-2016";
  o.check_root = out.string();
  auto app = open_workspace(std::move(doc->ws), o);
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  s.pending_check = "national-2016";
  app->frame();
  ASSERT_TRUE(s.villages() && s.villages()->column("road")) << s.message;
  const std::string code = "420323108208";  // 老龙家湾村: the nearest paved road 550 m away (limit 500 m)
  const auto row = row_of(*s.villages(), code);
  ASSERT_TRUE(row.has_value());
  ASSERT_EQ(cell_text(*s.villages(), "road", *row), "fail");
  const auto gap = evidence_line(s.ws, code, "road");
  ASSERT_TRUE(gap.has_value());

  // Draw the road along the gap: zoomed in, each click snaps to the gap line's end.
  BBox b;
  b.expand(gap->from.x, gap->from.y);
  b.expand(gap->to.x, gap->to.y);
  zoom_to(s, b.inflated(300));
  s.show_edit = true;
  s.drawing_road = true;
  app->frame();
  click_at(*app, window_at(s, gap->from.x, gap->from.y));
  click_at(*app, window_at(s, gap->to.x, gap->to.y));
  ASSERT_EQ(s.road_draft.size(), 2u);
  EXPECT_NEAR(s.road_draft[0].x, gap->from.x, 1e-6);
  EXPECT_NEAR(s.road_draft[1].y, gap->to.y, 1e-6);
  s.drawing_road = false;
  ASSERT_TRUE(click_control(*app, "编辑/完成"));
  ASSERT_EQ(s.edits.done.size(), 1u);
  EXPECT_EQ(s.edits.done[0].values.at("surface"), "asphalt");
  // Re-checked at once, locally: the next frame shows the village passing.
  app->frame();
  ASSERT_NE(s.message.find("本地重新核查"), std::string::npos) << s.message;
  EXPECT_EQ(cell_text(*s.villages(), "road", *row), "pass") << "the planned road reaches the village";
  EXPECT_EQ(s.edit_session->check->result().verdict.size(), s.villages()->size());
  EXPECT_TRUE(render::write_png(frame_and_capture(*app), (out / "viewer_local_recheck.png").string()).has_value());
  ASSERT_TRUE(click_control(*app, "编辑/撤销"));
  EXPECT_TRUE(s.edits.done.empty());
  app->frame();
  EXPECT_EQ(cell_text(*s.villages(), "road", *row), "fail") << "undo takes the road back: " << s.message;
  ASSERT_TRUE(click_control(*app, "编辑/重做"));
  ASSERT_EQ(s.edits.done.size(), 1u);
  app->frame();
  EXPECT_EQ(cell_text(*s.villages(), "road", *row), "pass") << s.message;
  ASSERT_TRUE(click_control(*app, "编辑/重新核查"));
  app->frame();
  ASSERT_NE(s.message.find("核查完成"), std::string::npos) << s.message;
  const auto after = row_of(*s.villages(), code);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(cell_text(*s.villages(), "road", *after), "pass") << "the planned road reaches the village";
  EXPECT_TRUE(render::write_png(frame_and_capture(*app), (out / "viewer_planned_road.png").string()).has_value());

  // Saved apart from the sources; the project's data untouched.
  ASSERT_FALSE(s.planned_file.empty());
  EXPECT_TRUE(std::filesystem::exists(s.planned_file));
  EXPECT_EQ(std::filesystem::path(s.planned_file).parent_path(), out);
  EXPECT_EQ(std::filesystem::last_write_time(test::source_dir() / "data/demo/county.gpkg"), before_mtime);

  // The command line's pipeline with --with reproduces every verdict shown.
  app::CheckJob job;
  job.project = project;
  job.rules = "national-2016";
  job.planned = s.planned_file;
  job.out_dir = (out / "cli").string();
  auto run = app::run_check(job);
  ASSERT_TRUE(run.has_value()) << run.error().to_string();
  EXPECT_EQ(run->planned_added, 1u);
  auto cli = render::open_document((out / "cli" / "result.gpkg").string());
  ASSERT_TRUE(cli.has_value());
  const FeatureTable* cv = cli->ws.layer("villages");
  ASSERT_TRUE(cv);
  ASSERT_EQ(cv->size(), s.villages()->size());
  size_t differ = 0;
  for (size_t r = 0; r < cv->size(); ++r)
    for (const std::string& col : {std::string("verdict"), std::string("road")})
      differ += cell_text(*cv, col, r) != cell_text(*s.villages(), col, r) ? 1 : 0;
  EXPECT_EQ(differ, 0u);

  // Undo and re-check: the village fails again.
  ASSERT_TRUE(click_control(*app, "编辑/撤销"));
  ASSERT_TRUE(click_control(*app, "编辑/重新核查"));
  app->frame();
  EXPECT_EQ(cell_text(*s.villages(), "road", *row_of(*s.villages(), code)), "fail") << s.message;
}

// The other kinds: a facility placed by one click in a village without a clinic, and a road
// changed ("what if this road were earth"): each re-checked at once and undone.
TEST(Edits, AFacilityByOneClickAndARoadChangedAreReCheckedAtOnce) {
  REQUIRE_DISPLAY();
  const std::string project = (test::source_dir() / "data/demo/project.toml").string();
  auto doc = render::open_document(project);
  ASSERT_TRUE(doc.has_value()) << doc.error().to_string();
  const std::filesystem::path out = test::scratch_dir();
  ViewerOptions o = test_options();
  o.project_path = doc->project_path;
  o.rule_set = "national-2016";
  o.check_root = out.string();
  auto app = open_workspace(std::move(doc->ws), o);
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  s.pending_check = "national-2016";
  app->frame();
  ASSERT_TRUE(s.villages() && s.villages()->column("clinic")) << s.message;
  auto kinds = edit_kinds(s.ws);
  ASSERT_TRUE(kinds.has_value());
  const auto facility = std::find_if(kinds->begin(), kinds->end(), [](const EditKind& k) { return k.layer == "facilities"; });
  ASSERT_NE(facility, kinds->end());
  const auto clinic = std::find_if(facility->choices.begin(), facility->choices.end(), [](const auto& c) { return c.first == "clinic"; });
  ASSERT_NE(clinic, facility->choices.end());

  // A village whose clinic item fails; the clinic placed at its centre.
  std::optional<uint32_t> row;
  for (uint32_t r = 0; r < s.villages()->size() && !row; ++r)
    if (cell_text(*s.villages(), "clinic", r) == "fail") row = r;
  ASSERT_TRUE(row.has_value());
  const BBox vb = s.villages()->geometry.feature_bbox(*row);
  zoom_to(s, vb.inflated(500));
  s.show_edit = true;
  s.draft_kind = static_cast<int>(facility - kinds->begin());
  s.draft_choice = static_cast<int>(clinic - facility->choices.begin());
  ASSERT_TRUE(click_control(*app, "编辑/画路"));
  ASSERT_TRUE(s.drawing_road);
  const Vec2 inside = s.villages()->geometry.first_vertex(*row);  // a vertex of the polygon: the clinic on its edge counts (inside)
  click_at(*app, window_at(s, inside.x, inside.y));
  ASSERT_EQ(s.edits.done.size(), 1u);
  EXPECT_EQ(s.edits.done[0].layer, "facilities");
  EXPECT_EQ(s.edits.done[0].values.at("kind"), "clinic");
  app->frame();
  ASSERT_NE(s.message.find("本地重新核查"), std::string::npos) << s.message;
  EXPECT_EQ(cell_text(*s.villages(), "clinic", *row), "pass") << "a qualified clinic in the village";
  EXPECT_TRUE(render::write_png(frame_and_capture(*app), (out / "viewer_planned_clinic.png").string()).has_value());
  s.drawing_road = false;
  ASSERT_TRUE(click_control(*app, "编辑/撤销"));
  app->frame();
  EXPECT_EQ(cell_text(*s.villages(), "clinic", *row), "fail");

  // The road a passing village's road item measured to, made earth: the check no longer counts it.
  const indicators::CheckResult& before = s.edit_session->check->result();
  const size_t road_item = static_cast<size_t>(std::find_if(before.rules.items.begin(), before.rules.items.end(),
                                                            [](const indicators::Item& i) { return i.id == "road"; }) - before.rules.items.begin());
  ASSERT_LT(road_item, before.item_count());
  std::optional<uint32_t> passing;
  for (uint32_t r = 0; r < before.village_count && !passing; ++r)
    if (before.cell(r, road_item).outcome == indicators::Outcome::pass && before.cell(r, road_item).nearest_fid >= 0) passing = r;
  ASSERT_TRUE(passing.has_value());
  const int64_t fid = before.cell(*passing, road_item).nearest_fid;
  uint32_t road_row = 0;
  for (uint32_t r = 0; r < s.ws.layer("roads")->size(); ++r)
    if (s.ws.layer("roads")->fid[r] == fid) road_row = r;
  ASSERT_EQ(s.ws.layer("roads")->fid[road_row], fid);
  select_feature(s, FeatureRef{"roads", road_row});
  const auto road_kind = std::find_if(kinds->begin(), kinds->end(), [](const EditKind& k) { return k.layer == "roads"; });
  s.draft_kind = static_cast<int>(road_kind - kinds->begin());
  const auto earth = std::find_if(road_kind->choices.begin(), road_kind->choices.end(), [](const auto& c) { return c.first == "earth"; });
  s.draft_choice = static_cast<int>(earth - road_kind->choices.begin());
  ASSERT_TRUE(click_control(*app, "编辑/改所选"));
  ASSERT_EQ(s.edits.done.size(), 1u);
  EXPECT_EQ(s.edits.done[0].replaces, fid);
  EXPECT_EQ(s.edits.done[0].values.at("surface"), "earth");
  app->frame();
  ASSERT_NE(s.message.find("本地重新核查"), std::string::npos) << s.message;
  const indicators::ItemResult& after = s.edit_session->check->result().cell(*passing, road_item);
  EXPECT_NE(after.nearest_fid, fid) << "the earth road no longer qualifies: " << after.note;
}

}  // namespace
}  // namespace jiuyou::viewer
