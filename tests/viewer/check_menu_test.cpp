// The 核查 menu (#12, #11): the rule set is switched from the viewer's menu and the
// re-check is shown in place (same window, view and selection; items, verdicts and
// summary from the new rule set); the summary names townships, not codes.
#include <gtest/gtest.h>
#include <imgui.h>

#include <filesystem>

#include "gis/indicators/rule_set.hpp"
#include "render/demo_workspace.hpp"
#include "src/render/document.hpp"
#include "src/viewer/check/check_in_place.hpp"
#include "support/test_paths.hpp"
#include "viewer/viewer_harness.hpp"

namespace jiuyou::viewer {
namespace {

// The demo villages in two townships (codes), and a townships layer naming one of them.
Workspace two_township_workspace() {
  Workspace ws = demo::demo_workspace();
  FeatureTable* v = nullptr;
  for (FeatureTable& t : ws.layers)
    if (t.name == "villages") v = &t;
  Column township("township", FieldType::text);
  for (const char* code : {"420528100", "420528100", "420528101", "420528101", ""}) {
    if (*code) township.push_text(code);
    else township.push_null();
  }
  v->columns.push_back(township);
  FeatureTable towns;
  towns.name = "townships";
  towns.crs = CrsRef::epsg(4545);
  towns.geometry.kind = GeometryKind::polygon;
  demo::add_polygon(towns, {{0, 0}, {10000, 0}, {10000, 7000}, {0, 7000}, {0, 0}});
  Column code("code", FieldType::text), name("name", FieldType::text);
  code.push_text("420528100");
  name.push_text("白马镇");  // 420528101 has no row: its code is shown as it is
  towns.columns = {code, name};
  ws.layers.insert(ws.layers.begin(), towns);
  return ws;
}

TEST(Summary, NamesTownshipsFromTheTownshipsLayer) {
  const Workspace ws = two_township_workspace();
  const auto names = township_names(ws);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names.at("420528100"), "白马镇");
  const auto summary = summarize(*ws.layer("villages"), {"road_hardened"}, names);
  ASSERT_EQ(summary.size(), 3u);
  // In the order of the codes (the official order); a village without one first.
  EXPECT_EQ(summary[0].township, "(未知乡镇)");
  EXPECT_EQ(summary[0].villages, 1u);
  EXPECT_EQ(summary[1].township, "白马镇");
  EXPECT_EQ(summary[1].code, "420528100");
  EXPECT_EQ(summary[1].villages, 2u);
  EXPECT_EQ(summary[1].exits, 1u);  // 白马村 exits, 青龙村 fails
  EXPECT_EQ(summary[1].pass[0], 1u);
  EXPECT_EQ(summary[1].fail[0], 1u);
  EXPECT_EQ(summary[2].township, "420528101") << "a code without a townships row is shown as it is, never dropped";
  EXPECT_EQ(summary[2].villages, 2u);
  // Without a townships layer the values are shown as they are.
  Workspace bare = demo::demo_workspace();
  EXPECT_TRUE(township_names(bare).empty());
}

TEST(Summary, PanelShowsTheTownshipName) {
  REQUIRE_DISPLAY();
  auto app = open_workspace(two_township_workspace());
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  s.show_summary = true;
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();
  ASSERT_EQ(s.summary.size(), 3u);
  EXPECT_EQ(s.summary[1].township, "白马镇");
  EXPECT_TRUE(render::write_png(frame_and_capture(*app), (test::scratch_dir() / "viewer_summary_townships.png").string()).has_value());
}

// Frames until the control `key` has been drawn, then a click on its centre (with a frame hovering first:
// menus open on hover).
bool click_control(ViewerApp& app, const std::string& key) {
  AppState& s = app.state();
  for (int i = 0; i < 4 && !s.ui_rects.count(key); ++i) app.frame();
  const auto it = s.ui_rects.find(key);
  if (it == s.ui_rects.end()) return false;
  const Vec2 c{(it->second.x0 + it->second.x1) / 2, (it->second.y0 + it->second.y1) / 2};
  mouse_at(static_cast<float>(c.x), static_cast<float>(c.y), false);
  app.frame();
  app.frame();
  click_at(app, c);
  return true;
}

// Opens 核查 › 规则集 › <id> by mouse.
bool pick_rule_set(ViewerApp& app, const std::string& id) {
  app.state().ui_rects.clear();  // drawn this frame or not at all
  if (!click_control(app, "核查")) return false;
  const auto rect = app.state().ui_rects.find("核查/规则集");
  if (rect == app.state().ui_rects.end()) return false;
  mouse_at((rect->second.x0 + rect->second.x1) / 2, (rect->second.y0 + rect->second.y1) / 2, false);  // hover: the submenu opens
  app.frame();
  app.frame();
  return click_control(app, "核查/规则集/" + id);
}

size_t visible_items(const std::string& rule_set) {
  auto rules = indicators::load_rule_set(rule_set);
  EXPECT_TRUE(rules.has_value());
  return rules ? render::items_of_rule_set(rule_set).size() : 0;
}

size_t exits(const AppState& s) {
  size_t n = 0;
  for (const TownshipSummary& t : s.summary) n += t.exits;
  return n;
}

TEST(CheckMenu, SwitchesTheRuleSetAndBackShownInPlace) {
  REQUIRE_DISPLAY();
  const std::string project = (test::source_dir() / "data/demo/project.toml").string();
  auto doc = render::open_document(project);
  ASSERT_TRUE(doc.has_value()) << doc.error().to_string();
  ASSERT_EQ(doc->rule_set, "hubei-2017");
  const std::filesystem::path out = test::scratch_dir();
  ViewerOptions o = test_options();
  o.project_path = doc->project_path;
  o.rule_set = doc->rule_set;
  o.items = render::items_of_rule_set(doc->rule_set);
  o.check_root = out.string();
  auto app = open_workspace(std::move(doc->ws), o);
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  s.show_summary = true;
  ASSERT_TRUE(s.items.empty()) << "a project alone has no verdicts yet";
  select_village(s, 3, false);
  const render::Camera view = s.camera;

  ASSERT_TRUE(pick_rule_set(*app, "national-2016")) << "the menu 核查 › 规则集 › national-2016 was not found";
  app->frame();
  EXPECT_EQ(s.rule_set, "national-2016") << s.message;
  EXPECT_TRUE(std::filesystem::exists(out / "project-check-national-2016" / "result.gpkg")) << s.message;
  EXPECT_EQ(s.items.size(), visible_items("national-2016")) << "the checklist holds the national rule set's items";
  ASSERT_TRUE(s.villages() && s.villages()->column("verdict")) << "the villages carry the new verdicts";
  EXPECT_EQ(s.camera.origin.x, view.origin.x);
  EXPECT_EQ(s.camera.m_per_px, view.m_per_px) << "the view stays where it was";
  ASSERT_TRUE(s.selected.has_value()) << "the selected village stays selected";
  EXPECT_EQ(*s.selected, 3u);
  EXPECT_NE(s.message.find("核查完成"), std::string::npos) << s.message;
  const size_t national_exits = exits(s);
  EXPECT_TRUE(render::write_png(frame_and_capture(*app), (out / "viewer_rules_national.png").string()).has_value());

  ASSERT_TRUE(pick_rule_set(*app, "hubei-2017"));
  app->frame();
  EXPECT_EQ(s.rule_set, "hubei-2017") << s.message;
  EXPECT_EQ(s.items.size(), visible_items("hubei-2017"));
  EXPECT_TRUE(std::filesystem::exists(out / "project-check-hubei-2017" / "result.gpkg"));
  EXPECT_LE(exits(s), national_exits) << "九有 asks more of a village than the national rule";
  EXPECT_EQ(*s.selected, 3u);
  EXPECT_EQ(s.camera.m_per_px, view.m_per_px);
  EXPECT_TRUE(render::write_png(frame_and_capture(*app), (out / "viewer_rules_hubei.png").string()).has_value());
}

TEST(CheckMenu, AFailedCheckLeavesTheShownDocumentAndSaysWhy) {
  REQUIRE_DISPLAY();
  auto app = open_demo();  // in-memory: no project to check
  ASSERT_TRUE(app);
  AppState& s = app->state();
  const size_t items = s.items.size();
  auto r = check_in_place(s, "national-2016");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::input);
  // A project with a rule set that does not exist: the error is said, the map unchanged.
  s.project_path = (test::source_dir() / "data/demo/project.toml").string();
  s.check_root = test::scratch_dir().string();
  s.pending_check = (test::scratch_dir() / "no-such-rules.toml").string();
  app->frame();
  EXPECT_FALSE(s.pending_check.has_value());
  EXPECT_NE(s.message.find("核查失败"), std::string::npos) << s.message;
  EXPECT_EQ(s.items.size(), items);
  EXPECT_EQ(s.ws.name, "九有县 (测试)") << "the shown document is unchanged";
}

TEST(CheckMenu, OutputFolderNamesProjectAndRuleSet) {
  EXPECT_EQ(check_out_dir("/data/县/project.toml", "national-2016", ""), "/data/县/project-check-national-2016");
  EXPECT_EQ(check_out_dir("/data/p.toml", "/x/my-rules.toml", "/tmp/out"), "/tmp/out/p-check-my-rules");
  EXPECT_EQ(check_out_dir("/data/p.toml", "", "/tmp/out"), "/tmp/out/p-check-project");
  const auto choices = rule_set_choices();
  ASSERT_FALSE(choices.empty());
  bool national = false;
  for (const RuleSetChoice& c : choices)
    if (c.id == "national-2016") national = c.name_zh == "国家贫困村退出标准（2016）";
  EXPECT_TRUE(national) << "the menu names the rule set in Chinese";
}

}  // namespace
}  // namespace jiuyou::viewer
