// Sanity warnings (gis/indicators/sanity.hpp): each raised by a fixture made
// for it, and none on the demo county.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "gis/crs/crs.hpp"
#include "gis/indicators/check.hpp"
#include "gis/io/far_layers.hpp"
#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "tests/indicators/check_builders.hpp"

using namespace jiuyou;
using namespace jiuyou::indicators;
using namespace jiuyou::test;

namespace {

const Issue* find_note(const CheckResult& r, const std::string& code) {
  for (const auto& n : r.notes.entries())
    if (n.code == code) return &n;
  return nullptr;
}

// 12 roads whose surface is written in Chinese, as a county office holds it.
FeatureTable chinese_roads() {
  FeatureTable t = make_table("roads", GeometryKind::line);
  col(t, "surface", FieldType::text);
  for (int k = 0; k < 12; ++k) {
    add_line(t, {{k * 1000.0, 0}, {k * 1000.0, 3000}});
    t.columns[0].push_text(k < 8 ? "水泥" : "沥青");
  }
  return t;
}

const char* k_paved = "[[items]]\nid = \"road\"\nkind = \"network_access\"\nlayer = \"roads\"\nfilter = \"surface IN ('asphalt', 'concrete')\"\nmax_distance_m = 500\n";

}  // namespace

TEST(Sanity, FilterThatSelectsNothingNamesTheLayerAndTheValues) {
  Workspace ws;
  ws.layers = {point_villages({{100, 1000}}), chinese_roads()};
  auto r = check_villages(ws, rules_with(k_paved));
  ASSERT_TRUE(r) << r.error().to_string();
  const Issue* n = find_note(*r, "filter_selects_none");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->severity, Severity::warning);
  EXPECT_EQ(n->layer, "roads");
  EXPECT_EQ(n->field, "surface");
  EXPECT_NE(n->message.find("surface 的取值: 水泥 8, 沥青 4"), std::string::npos) << n->message;
  EXPECT_NE(n->message.find("surface IN ('asphalt', 'concrete')"), std::string::npos);
  EXPECT_FALSE(n->hint.empty());
}

TEST(Sanity, FilterThatSelectsAllOnlyWhenValuesItNeverNamesAreSelected) {
  FeatureTable lines = make_table("power", GeometryKind::line);
  col(lines, "kind", FieldType::text);
  for (int k = 0; k < 10; ++k) {
    add_line(lines, {{k * 100.0, 0}, {k * 100.0, 50}});
    lines.columns[0].push_text(k % 2 ? "line" : "cable");
  }
  Workspace ws;
  ws.layers = {point_villages({{0, 0}}), lines};
  auto r = check_villages(ws, rules_with("[[items]]\nid = \"power\"\nkind = \"network_access\"\nlayer = \"power\"\nfilter = \"kind <> 'tower'\"\nmax_distance_m = 500\n"));
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_NE(find_note(*r, "filter_selects_all"), nullptr);
  // Naming every value present is deliberate: no warning.
  r = check_villages(ws, rules_with("[[items]]\nid = \"power\"\nkind = \"network_access\"\nlayer = \"power\"\nfilter = \"kind IN ('line', 'cable')\"\nmax_distance_m = 500\n"));
  ASSERT_TRUE(r);
  EXPECT_EQ(find_note(*r, "filter_selects_all"), nullptr);
  EXPECT_EQ(find_note(*r, "filter_selects_none"), nullptr);
}

TEST(Sanity, ItemThatEveryVillagePassesOrFails) {
  std::vector<Vec2> near, far;
  for (int k = 0; k < 20; ++k) {
    near.push_back({2100, 100.0 + k * 100});
    far.push_back({20000, 100.0 + k * 100});
  }
  Workspace ws;
  ws.layers = {point_villages(near), roads()};
  auto r = check_villages(ws, rules_with(k_road_rule));
  ASSERT_TRUE(r);
  ASSERT_NE(find_note(*r, "item_all_pass"), nullptr);
  EXPECT_EQ(find_note(*r, "item_all_fail"), nullptr);
  ws.layers[0] = point_villages(far);
  r = check_villages(ws, rules_with(k_road_rule));
  ASSERT_TRUE(r);
  ASSERT_NE(find_note(*r, "item_all_fail"), nullptr);
  CheckParams quiet;
  quiet.sanity_notes = false;  // a planner checking its own sites
  r = check_villages(ws, rules_with(k_road_rule), quiet);
  ASSERT_TRUE(r);
  EXPECT_EQ(find_note(*r, "item_all_fail"), nullptr);
  // Fewer than 20 villages: no conclusion.
  ws.layers[0] = point_villages({{20000, 0}});
  r = check_villages(ws, rules_with(k_road_rule));
  ASSERT_TRUE(r);
  EXPECT_EQ(find_note(*r, "item_all_fail"), nullptr);
}

TEST(Sanity, PointVillagesWhereTheRulesAssumePolygons) {
  const std::string cover = "[[items]]\nid = \"broadband\"\nkind = \"coverage\"\nlayer = \"broadband\"\nfilter = \"kind = 'coverage'\"\nmin_share = 0.5\n";
  FeatureTable cov = make_table("broadband", GeometryKind::polygon);
  add_square(cov, 0, 0, 1000, 1000);
  col(cov, "kind", FieldType::text).push_text("coverage");
  Workspace ws;
  ws.layers = {point_villages({{500, 500}}), cov};
  auto r = check_villages(ws, rules_with(cover));
  ASSERT_TRUE(r);
  const Issue* n = find_note(*r, "points_for_polygons");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->layer, "villages");
  EXPECT_NE(n->message.find("村点"), std::string::npos);
  // The distance items are named too (a village judged from one point), and the
  // warning is at the villages' data file, not the rule set.
  ws.layers[0].source = "/county/村点.shp";
  ws.layers.push_back(roads());
  r = check_villages(ws, rules_with(cover + k_road_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  n = find_note(*r, "points_for_polygons");
  ASSERT_NE(n, nullptr);
  EXPECT_NE(n->message.find("有硬化的通村公路（距离从一个村点量起"), std::string::npos) << n->message;
  EXPECT_EQ(n->file, "/county/村点.shp");
  ws.layers.pop_back();
  FeatureTable v = make_table("villages", GeometryKind::polygon);
  add_square(v, 400, 400, 600, 600);
  ws.layers[0] = v;
  r = check_villages(ws, rules_with(cover));
  ASSERT_TRUE(r);
  EXPECT_EQ(find_note(*r, "points_for_polygons"), nullptr);
}

namespace {
// 30 villages 3 km apart near 110.5E 32.5N, each with a 20 m road beside it; the roads
// either as surveyed or stored in GCJ-02 and loaded as if they were not.
// `polygons`: 40 m squares around the points; `big_polygons`: 2.8 km squares whose
// centres lie 1 km from the settlement, with the settlements as a facilities layer.
enum class Villages { points, polygons, big_polygons };
Workspace offset_county(bool roads_in_gcj02, Villages shape = Villages::points, bool facilities_in_gcj02 = false) {
  auto to_m = crs::Transformer::create(CrsRef::epsg(4326), CrsRef::epsg(4546));
  auto to_ll = crs::Transformer::create(CrsRef::epsg(4546), CrsRef::epsg(4326));
  EXPECT_TRUE(to_m && to_ll);
  const Vec2 origin = *to_m->transform_point({110.5, 32.5});
  std::vector<Vec2> pts;
  FeatureTable roads = make_table("roads", GeometryKind::line);
  col(roads, "surface", FieldType::text);
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 5; ++j) {
      const Vec2 p{origin.x + i * 3000.0, origin.y + j * 3000.0};
      pts.push_back(p);
      Line l{{p.x + 30, p.y + 30}, {p.x + 50, p.y + 30}};
      if (roads_in_gcj02)
        for (auto& q : l) q = *to_m->transform_point(crs::wgs84_to_gcj02(*to_ll->transform_point(q)));
      add_line(roads, l);
      roads.columns[0].push_text("asphalt");
    }
  Workspace ws;
  ws.metric_crs = CrsRef::epsg(4546);
  FeatureTable squares = make_table("villages", GeometryKind::polygon);
  for (const Vec2 p : pts) add_square(squares, p.x - 20, p.y - 20, p.x + 20, p.y + 20);
  FeatureTable big = make_table("villages", GeometryKind::polygon);
  FeatureTable facilities = make_table("facilities", GeometryKind::point);
  facilities.source = "/county/设施点_高德.geojson";
  for (const Vec2 p : pts) {
    add_square(big, p.x - 400, p.y - 400, p.x + 2400, p.y + 2400);
    const Vec2 f = facilities_in_gcj02 ? *to_m->transform_point(crs::wgs84_to_gcj02(*to_ll->transform_point(p))) : p;
    add_point(facilities, f.x, f.y);
  }
  switch (shape) {
    case Villages::points: ws.layers = {point_villages(pts), roads, facilities}; break;
    case Villages::polygons: ws.layers = {squares, roads}; break;
    case Villages::big_polygons: ws.layers = {big, roads, facilities}; break;
  }
  return ws;
}
}  // namespace

TEST(Sanity, RoadsInGcj02LoadedAsWgs84AreCaught) {
  auto r = check_villages(offset_county(true), rules_with(k_paved));
  ASSERT_TRUE(r) << r.error().to_string();
  const Issue* n = find_note(*r, "likely_gcj02");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->layer, "roads");
  EXPECT_NE(n->hint.find("crs = \"GCJ-02\""), std::string::npos) << n->hint;
  r = check_villages(offset_county(false), rules_with(k_paved));
  ASSERT_TRUE(r);
  EXPECT_EQ(find_note(*r, "likely_gcj02"), nullptr);
  EXPECT_EQ(find_note(*r, "likely_bd09"), nullptr);
  // Small village polygons: measured from their centres.
  r = check_villages(offset_county(true, Villages::polygons), rules_with(k_paved));
  ASSERT_TRUE(r);
  EXPECT_NE(find_note(*r, "likely_gcj02"), nullptr);
  r = check_villages(offset_county(false, Villages::polygons), rules_with(k_paved));
  ASSERT_TRUE(r);
  EXPECT_EQ(find_note(*r, "likely_gcj02"), nullptr);
}

// Large village polygons whose centres say nothing of where the road is: the point layers
// of the project (here the settlements' facilities) tell the offset instead.
TEST(Sanity, RoadsInGcj02AreCaughtFromPointLayersWhenVillagesArePolygons) {
  auto r = check_villages(offset_county(true, Villages::big_polygons), rules_with(k_paved));
  ASSERT_TRUE(r) << r.error().to_string();
  const Issue* n = find_note(*r, "likely_gcj02");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->layer, "roads");
  EXPECT_NE(n->message.find("facilities"), std::string::npos) << n->message;
  EXPECT_EQ(r->notes.count("likely_gcj02"), 1u);
  r = check_villages(offset_county(false, Villages::big_polygons), rules_with(k_paved));
  ASSERT_TRUE(r);
  EXPECT_EQ(find_note(*r, "likely_gcj02"), nullptr);
  EXPECT_EQ(find_note(*r, "likely_bd09"), nullptr);
  // A facilities layer from a web map (GCJ-02) beside surveyed roads: the facilities are named.
  for (const Villages shape : {Villages::points, Villages::big_polygons}) {
    r = check_villages(offset_county(false, shape, true), rules_with(k_paved));
    ASSERT_TRUE(r);
    n = find_note(*r, "likely_gcj02");
    ASSERT_NE(n, nullptr);
    EXPECT_EQ(n->layer, "facilities");
    EXPECT_EQ(n->file, "/county/设施点_高德.geojson") << "the data file to fix, not the rule set";
    EXPECT_NE(n->hint.find("[layers.facilities]"), std::string::npos) << n->hint;
    EXPECT_EQ(r->notes.count("likely_gcj02"), 1u);
  }
}

namespace {
// roads() moved `dx` metres east (240 km: the same data declared in the neighbouring 3° zone).
FeatureTable roads_moved(double dx, const std::string& source) {
  FeatureTable t = roads();
  FeatureTable moved = make_table("roads", GeometryKind::line);
  moved.columns = t.columns;
  for (size_t f = 0; f < t.size(); ++f) {
    const BBox b = t.geometry.feature_bbox(f);
    add_line(moved, {{b.min_x + dx, b.min_y}, {b.max_x + dx, b.max_y}});
  }
  moved.source = source;
  return moved;
}
std::vector<Vec2> twenty_villages() {
  std::vector<Vec2> pts;
  for (int k = 0; k < 20; ++k) pts.push_back({2100, 100.0 + k * 100});
  return pts;
}
}  // namespace

TEST(Sanity, ALayerFarFromTheVillagesMakesItsItemsUnknownNotFailed) {
  Workspace ws;
  ws.layers = {point_villages(twenty_villages()), roads_moved(240000, "/county/公路.shp")};
  auto r = check_villages(ws, rules_with(k_road_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  for (size_t v = 0; v < r->village_count; ++v) EXPECT_EQ(r->cell(v, 0).outcome, Outcome::unknown) << "village " << v << ": never a firm 不达标";
  const Issue* n = find_note(*r, "layer_far_from_villages");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->severity, Severity::warning);
  EXPECT_EQ(n->layer, "roads");
  EXPECT_EQ(n->file, "/county/公路.shp");
  EXPECT_NE(n->message.find("237.9 km"), std::string::npos) << n->message;  // 240 km less the villages' 2.1 km
  EXPECT_NE(n->message.find("有硬化的通村公路"), std::string::npos) << n->message;
  EXPECT_NE(n->message.find("未知"), std::string::npos) << n->message;
  EXPECT_NE(n->hint.find("相邻带号"), std::string::npos) << n->hint;
  EXPECT_NE(n->hint.find("经纬度顺序"), std::string::npos) << n->hint;
  EXPECT_EQ(find_note(*r, "item_all_fail"), nullptr);
  // Said even when a planner's own re-check turns the other sanity notes off: it changed verdicts.
  CheckParams quiet;
  quiet.sanity_notes = false;
  r = check_villages(ws, rules_with(k_road_rule), quiet);
  ASSERT_TRUE(r);
  EXPECT_NE(find_note(*r, "layer_far_from_villages"), nullptr);
}

TEST(Sanity, ALayerWithinReachOrOneNearTableOfItsGroupIsJudged) {
  Workspace ws;
  ws.layers = {point_villages(twenty_villages()), roads_moved(15000, "/county/公路.shp")};  // 15 km: a far corner, not a wrong zone
  auto r = check_villages(ws, rules_with(k_road_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(find_note(*r, "layer_far_from_villages"), nullptr);
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::fail);  // judged: nothing within 500 m
  // A far roads_extra beside near roads: warned, but the item is still judged from the near table.
  FeatureTable extra = roads_moved(240000, "/county/新修道路.shp");
  extra.name = "roads_extra";
  std::vector<Vec2> pts = twenty_villages();
  pts.push_back({12000, 5000});  // no road within 500 m here: but the far table might have had one
  ws.layers = {point_villages(pts), roads(), extra};
  r = check_villages(ws, rules_with(k_road_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  const Issue* n = find_note(*r, "layer_far_from_villages");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->layer, "roads_extra");
  EXPECT_NE(n->message.find("仍参与判断"), std::string::npos) << n->message;
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::pass);       // a pass from the near table stands
  EXPECT_EQ(r->cell(20, 0).outcome, Outcome::unknown);   // a fail is not definite
  EXPECT_NE(r->cell(20, 0).note.find("roads_extra"), std::string::npos) << r->cell(20, 0).note;
}

TEST(Sanity, TheLoaderWarnsOfAFarLayerForValidate) {
  Workspace ws;
  ws.metric_crs = CrsRef::epsg(4546);
  ws.layers = {point_villages(twenty_villages()), roads_moved(240000, "/county/公路.shp"), roads()};
  ws.layers[2].name = "power";
  io::note_far_layers(ws);
  ASSERT_EQ(ws.issues.count("layer_far_from_villages"), 1u);
  const Issue& i = ws.issues.entries().front();
  EXPECT_EQ(i.layer, "roads");
  EXPECT_EQ(i.file, "/county/公路.shp");
  EXPECT_NE(i.message.find("237.9 km"), std::string::npos) << i.message;
  EXPECT_NE(i.hint.find("crs = "), std::string::npos) << i.hint;
}

TEST(Sanity, DemoCountyRaisesNone) {
  const std::filesystem::path project = std::filesystem::path(JIUYOU_SOURCE_DIR) / "data/demo/project.toml";
  if (!std::filesystem::exists(project)) GTEST_SKIP() << "no demo county at " << project;
  auto p = io::load_project(project.string());
  ASSERT_TRUE(p) << p.error().to_string();
  auto ws = io::load_workspace(*p);
  ASSERT_TRUE(ws) << ws.error().to_string();
  for (const auto& id : shipped_rule_sets()) {
    auto rules = load_rule_set(id);
    ASSERT_TRUE(rules);
    auto r = check_villages(*ws, *rules);
    ASSERT_TRUE(r) << id << ": " << r.error().to_string();
    for (const auto& n : r->notes.entries())
      for (const char* code : {"filter_selects_none", "filter_selects_all", "item_all_pass", "item_all_fail", "points_for_polygons", "likely_gcj02", "layer_far_from_villages",
                               "likely_bd09"})
        EXPECT_NE(n.code, code) << id << ": " << IssueLog::format(n);
    EXPECT_EQ(r->unjudgeable_items, 0u) << id;
  }
}

// tour 17 R1: the villages are the layer that is off (a zone number in X, a wrong zone declared): every other layer is
// far from them. One warning, of the villages, naming the items it leaves unknown and what to look at in the villages'
// own coordinates — not one warning blaming each correct layer.
TEST(Sanity, VillagesFarFromEveryOtherLayerAreTheLayerBlamed) {
  std::vector<Vec2> pts;
  for (const Vec2& p : twenty_villages()) pts.push_back({p.x + 37000000, p.y});  // X with the zone number 37 in front
  FeatureTable villages = point_villages(pts);
  villages.source = "/county/村点.shp";
  FeatureTable power = roads();
  power.name = "power";
  Workspace ws;
  ws.metric_crs = CrsRef::epsg(4546);
  ws.layers = {villages, roads(), power};
  auto r = check_villages(ws, rules_with(k_road_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->notes.count("layer_far_from_villages"), 1u);
  const Issue* n = find_note(*r, "layer_far_from_villages");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->layer, "villages");
  EXPECT_EQ(n->file, "/county/村点.shp");
  EXPECT_NE(n->message.find("离其他 2 个图层中的 2 个都很远"), std::string::npos) << n->message;
  EXPECT_NE(n->message.find("有硬化的通村公路"), std::string::npos) << n->message;
  EXPECT_NE(n->hint.find("X 坐标带了带号"), std::string::npos) << n->hint;
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::unknown);
  // The loader says the same, once, at the villages' file.
  io::note_far_layers(ws);
  ASSERT_EQ(ws.issues.count("layer_far_from_villages"), 1u);
  EXPECT_EQ(ws.issues.entries().front().layer, "villages");
}
