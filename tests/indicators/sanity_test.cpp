// Sanity warnings (gis/indicators/sanity.hpp): each raised by a fixture made
// for it, and none on the demo county.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "gis/crs/crs.hpp"
#include "gis/indicators/check.hpp"
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
    EXPECT_NE(n->hint.find("[layers.facilities]"), std::string::npos) << n->hint;
    EXPECT_EQ(r->notes.count("likely_gcj02"), 1u);
  }
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
      for (const char* code : {"filter_selects_none", "filter_selects_all", "item_all_pass", "item_all_fail", "points_for_polygons", "likely_gcj02",
                               "likely_bd09"})
        EXPECT_NE(n.code, code) << id << ": " << IssueLog::format(n);
    EXPECT_EQ(r->unjudgeable_items, 0u) << id;
  }
}
