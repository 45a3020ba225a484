// `jiuyou view PROJECT --plan DIR/invest.gpkg`: the plan's projects drawn in
// their year's colour over the map, the 实施年度 slider hiding later years, the
// 投资方案 panel's totals (those of invest.gpkg's plan_projects), a clicked
// project's details and a clicked village's outcome.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "gis/io/write.hpp"
#include "src/render/plan_overlay.hpp"
#include "src/render/render_map.hpp"
#include "src/viewer/plan/plan_view.hpp"
#include "support/test_paths.hpp"
#include "viewer/viewer_harness.hpp"

namespace jiuyou::viewer {
namespace {

// Two road projects (2025 in the south, 2026 in the north) and a tower (2026).
struct ProjectSpec {
  int64_t fid;
  const char* name;
  double cost;
  int year;
};
constexpr ProjectSpec k_projects[] = {{1, "石门村通村公路硬化", 1234567.0, 2025}, {2, "青龙村通组公路", 2000000.0, 2026}, {3, "青龙村通信基站", 450000.0, 2026}};
const Vec2 k_road_2025[] = {{demo::k_x0 + 1000, demo::k_y0 + 700}, {demo::k_x0 + 4500, demo::k_y0 + 700}};
const Vec2 k_road_2026[] = {{demo::k_x0 + 5000, demo::k_y0 + 6400}, {demo::k_x0 + 9000, demo::k_y0 + 6400}};
const Vec2 k_tower_2026{demo::k_x0 + 9200, demo::k_y0 + 3000};
constexpr render::Rgba k_blue{31, 119, 180, 255}, k_orange{224, 123, 0, 255};  // the plan's first and second year

Vec2 middle(const Vec2 (&line)[2]) { return {(line[0].x + line[1].x) / 2, (line[0].y + line[1].y) / 2}; }

FeatureTable table(const char* name, GeometryKind kind, std::initializer_list<std::pair<const char*, FieldType>> columns) {
  FeatureTable t;
  t.name = name;
  t.crs = CrsRef::epsg(4545);
  t.geometry.kind = kind;
  for (const auto& [c, type] : columns) t.columns.emplace_back(c, type);
  return t;
}

FeatureTable plan_projects() {
  FeatureTable t = table("plan_projects", GeometryKind::point,
                         {{"kind", FieldType::text}, {"name", FieldType::text}, {"content", FieldType::text}, {"size", FieldType::text},
                          {"villages", FieldType::text}, {"items", FieldType::text}, {"cost_cny", FieldType::real}, {"year", FieldType::integer}});
  for (const ProjectSpec& p : k_projects) {
    t.geometry.add_point_feature(demo::k_x0 + 5000, demo::k_y0 + 3000);
    t.fid.push_back(p.fid);
    const char* text[] = {"road_hardened", p.name, "路面硬化，宽 4.5 米", "3.5 公里", "石门村、青龙村", "通硬化路"};
    for (size_t c = 0; c < std::size(text); ++c) t.columns[c].push_text(text[c]);
    t.columns[6].push_real(p.cost);
    t.columns[7].push_int(p.year);
  }
  return t;
}

FeatureTable plan_villages() {
  FeatureTable t = table("plan_villages", GeometryKind::point,
                         {{"code", FieldType::text}, {"name", FieldType::text}, {"status", FieldType::text}, {"why_not", FieldType::text}, {"exit_year", FieldType::integer}});
  for (size_t i = 0; i < std::size(demo::k_villages); ++i) {
    t.geometry.add_point_feature(demo::k_x0 + demo::k_villages[i].x, demo::k_y0 + demo::k_villages[i].y);
    t.fid.push_back(static_cast<int64_t>(i) + 1);
    t.columns[0].push_text(demo::k_villages[i].code);
    t.columns[1].push_text(demo::k_villages[i].name);
    const bool exits = i == 2;  // 石门村: 2025; the others do not exit under the plan
    t.columns[2].push_text(exits ? "可通过工程达标" : "工程不能单独解决");
    t.columns[3].push_text(exits ? "" : "住房安全需另行解决");
    exits ? t.columns[4].push_int(2025) : t.columns[4].push_null();
  }
  return t;
}

FeatureTable planned(const char* name, GeometryKind kind) {
  return table(name, kind, {{"year", FieldType::integer}, {"plan_project", FieldType::integer}});
}

// invest.gpkg as jiuyou invest writes it: the plan's tables, then the planned features with year and plan_project.
std::filesystem::path write_plan(const std::filesystem::path& dir) {
  FeatureTable roads = planned("roads", GeometryKind::line), towers = planned("towers", GeometryKind::point);
  roads.geometry.add_line_feature(k_road_2025);
  roads.geometry.add_line_feature(k_road_2026);
  roads.fid = {1, 2};
  roads.columns[0].push_int(2025), roads.columns[0].push_int(2026);
  roads.columns[1].push_int(1), roads.columns[1].push_int(2);
  towers.geometry.add_point_feature(k_tower_2026.x, k_tower_2026.y);
  towers.fid = {1};
  towers.columns[0].push_int(2026);
  towers.columns[1].push_int(3);
  const auto path = dir / "invest.gpkg";
  const FeatureTable tables[] = {plan_projects(), plan_villages(), roads, towers};
  std::vector<const FeatureTable*> ptrs;
  for (const FeatureTable& t : tables) ptrs.push_back(&t);
  EXPECT_TRUE(io::write_layers(path.string(), ptrs).has_value());
  return path;
}

bool near(render::Rgba a, render::Rgba b) { return std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b) < 40; }

// Looks in a 5x5 pixel square around a world point for the colour (lines are drawn a few pixels wide).
bool shown_near(const AppState& s, const render::Image& img, Vec2 at, render::Rgba colour) {
  const Vec2 p = s.camera.world_to_screen(at);
  for (int dy = -2; dy <= 2; ++dy)
    for (int dx = -2; dx <= 2; ++dx) {
      const int x = static_cast<int>(p.x) + dx, y = static_cast<int>(p.y) + dy;
      if (x >= 0 && y >= 0 && x < img.width && y < img.height && near(img.at(x, y), colour)) return true;
    }
  return false;
}

struct OpenedPlan {
  std::unique_ptr<ViewerApp> app;
  std::filesystem::path dir;
};

OpenedPlan open_plan_view() {
  OpenedPlan o;
  o.dir = test::scratch_dir();
  Workspace ws = demo::demo_workspace();
  auto plan = open_plan(ws, write_plan(o.dir).string());
  EXPECT_TRUE(plan) << (plan ? "" : plan.error().to_string());
  if (!plan) return o;
  ViewerOptions opts = test_options();
  opts.plan = std::move(*plan);
  o.app = open_workspace(ws, opts);
  return o;
}

TEST(PlanData, TotalsAreThoseOfTheFile) {
  const auto dir = test::scratch_dir();
  auto plan = read_plan_view(write_plan(dir).string());
  ASSERT_TRUE(plan) << plan.error().to_string();
  EXPECT_EQ(plan->years, (std::vector<int>{2025, 2026}));
  EXPECT_EQ(plan->until, 2026);
  const auto all = year_totals(*plan);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].projects, 1u);
  EXPECT_DOUBLE_EQ(all[0].cost_cny, k_projects[0].cost);
  EXPECT_EQ(all[1].projects, 2u);
  EXPECT_DOUBLE_EQ(all[1].cost_cny, k_projects[1].cost + k_projects[2].cost);
  EXPECT_EQ(year_totals(*plan, 2025).size(), 1u);
  ASSERT_NE(plan_project(*plan, 3), nullptr);
  EXPECT_EQ(plan_project(*plan, 3)->name, "青龙村通信基站");
  EXPECT_EQ(plan_project(*plan, 3)->content, "路面硬化，宽 4.5 米");
  EXPECT_EQ(plan_project(*plan, 9), nullptr);
  EXPECT_EQ(village_outcome(plan->villages.at("420528100203")), "2025 年达到出列条件");
  EXPECT_EQ(village_outcome(plan->villages.at("420528100202")), "方案内不能出列：住房安全需另行解决");
  EXPECT_EQ(village_outcome({"白马村", "已达标", "", 2025}), "现已可出列");
}

TEST(PlanData, NotAPlanIsRefusedAndTheWorkspaceKept) {
  const auto dir = test::scratch_dir();
  Workspace ws = demo::demo_workspace();
  const size_t layers = ws.layers.size();
  auto missing = open_plan(ws, (dir / "nowhere.gpkg").string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::io);
  // A project's own GeoPackage (no plan tables): refused, the file named.
  const FeatureTable villages = demo::demo_villages();
  ASSERT_TRUE(io::write_layer((dir / "project.gpkg").string(), villages));
  auto not_plan = open_plan(ws, (dir / "project.gpkg").string());
  ASSERT_FALSE(not_plan);
  EXPECT_EQ(not_plan.error().code, ErrorCode::format);
  EXPECT_NE(not_plan.error().to_string().find("project.gpkg"), std::string::npos);
  EXPECT_EQ(ws.layers.size(), layers);
}

TEST(PlanView, ProjectsInTheirYearColourAndTheSliderHidesLaterYears) {
  REQUIRE_DISPLAY();
  auto opened = open_plan_view();
  ASSERT_TRUE(opened.app);
  ViewerApp& app = *opened.app;
  AppState& s = app.state();
  hide_panels(s);
  frame_and_capture(app);
  render::Image img = frame_and_capture(app);
  ASSERT_TRUE(render::write_png(img, (opened.dir / "plan_all_years.png").string()));
  ASSERT_TRUE(s.plan);
  EXPECT_TRUE(s.ui_rects.count("投资方案/实施年度"));
  s.show_plan = false;  // the panel sits over the east of the map: look at the projects without it
  frame_and_capture(app);
  img = frame_and_capture(app);
  EXPECT_TRUE(shown_near(s, img, middle(k_road_2025), k_blue));
  EXPECT_TRUE(shown_near(s, img, middle(k_road_2026), k_orange));
  EXPECT_TRUE(shown_near(s, img, k_tower_2026, k_orange));  // one colour per year in both layers
  // The legends: a row per year.
  ASSERT_TRUE(s.legends.count("plan_lines"));
  EXPECT_EQ(s.legends.at("plan_lines").entries.size(), 2u);

  set_plan_until(s, 2025);
  frame_and_capture(app);
  img = frame_and_capture(app);
  ASSERT_TRUE(render::write_png(img, (opened.dir / "plan_until_2025.png").string()));
  EXPECT_TRUE(shown_near(s, img, middle(k_road_2025), k_blue));
  EXPECT_FALSE(shown_near(s, img, middle(k_road_2026), k_orange));
  EXPECT_FALSE(shown_near(s, img, k_tower_2026, k_orange));
  EXPECT_EQ(s.legends.at("plan_lines").entries.size(), 1u);
  EXPECT_EQ(s.legends.count("plan_points") ? s.legends.at("plan_points").entries.size() : 0u, 0u);
}

TEST(PlanView, ClickingAProjectOrAVillageShowsIt) {
  REQUIRE_DISPLAY();
  auto opened = open_plan_view();
  ASSERT_TRUE(opened.app);
  ViewerApp& app = *opened.app;
  AppState& s = app.state();
  hide_panels(s);
  const auto click_on_map = [&](Vec2 at) {  // with no panel over the map (the inspector opens on a click)
    s.show_inspector = s.show_plan = false;
    app.frame();
    click_at(app, at);
  };
  const Vec2 road = middle(k_road_2026);
  click_on_map(window_at(s, road.x, road.y));
  const PlanProject* p = selected_plan_project(s);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name, "青龙村通组公路");
  EXPECT_EQ(p->year, 2026);
  EXPECT_EQ(p->size, "3.5 公里");
  s.show_plan = true;
  app.frame();
  ASSERT_TRUE(render::write_png(frame_and_capture(app), (opened.dir / "plan_project_clicked.png").string()));

  // A later year hidden by the slider is not clickable.
  set_plan_until(s, 2025);
  click_on_map(window_at(s, road.x, road.y));
  EXPECT_EQ(selected_plan_project(s), nullptr);

  click_on_map(village_screen(s, 2));  // 石门村
  ASSERT_TRUE(s.selected);
  EXPECT_EQ(cell_text(*s.villages(), "code", *s.selected), "420528100203");
  EXPECT_EQ(selected_plan_project(s), nullptr);
  s.show_plan = true;
  app.frame();
  ASSERT_TRUE(render::write_png(frame_and_capture(app), (opened.dir / "plan_village_clicked.png").string()));
}

// render --plan: one title suffix (the plan), never the verdicts' on top of it; a given title as is.
TEST(RenderPlan, TitleSaysWhatTheMapShowsOnce) {
  Workspace ws = demo::demo_workspace();
  ws.name = "九有县";
  render::RenderOptions o;
  EXPECT_EQ(render::map_title(ws, o), "九有县 · 贫困村出列评定");
  o.quiet_base = true;  // render --plan
  EXPECT_EQ(render::map_title(ws, o), "九有县 · 补短板项目（按实施年度）");
  o.quiet_base = false;
  o.color_by = render::ColorBy::parse("road_hardened");
  o.color_by.item_title = "通硬化路";
  EXPECT_EQ(render::map_title(ws, o), "九有县 · 指标 通硬化路");
  ws.name.clear();
  EXPECT_EQ(render::map_title(ws, o), "");
}

// Under a plan the base is quiet: lines thin and grey, facilities faded, neither in the legend; villages as they were.
TEST(RenderPlan, BaseIsQuietAndThePlanStandsOut) {
  const Workspace ws = demo::demo_workspace();
  render::StyleOptions so;
  auto roads = render::style_layer(*ws.layer("roads"), so);
  ASSERT_TRUE(roads);
  ASSERT_FALSE(roads->legend.entries.empty());
  render::quiet_under_plan(*roads, GeometryKind::line, 1.0f);
  for (size_t f = 0; f < roads->colors.size(); ++f) {
    EXPECT_EQ(roads->colors[f].r, roads->colors[f].g) << "grey";
    EXPECT_LE(std::abs(roads->widths[f]), 1.2f);
  }
  EXPECT_TRUE(roads->legend.entries.empty());
  render::LayerStyle points;
  points.colors = {{200, 30, 30, 255}, {200, 30, 30, 0}};
  points.widths = {5, 5};
  render::quiet_under_plan(points, GeometryKind::point, 1.0f);
  EXPECT_EQ(points.colors[0].a, 63);
  EXPECT_EQ(points.colors[1].a, 0) << "hidden stays hidden";
  EXPECT_TRUE(render::stays_loud_under_plan("villages"));
  EXPECT_TRUE(render::stays_loud_under_plan("plan_lines"));
  EXPECT_FALSE(render::stays_loud_under_plan("roads"));
}

}  // namespace
}  // namespace jiuyou::viewer
