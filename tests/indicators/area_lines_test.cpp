// Areas drawn as their boundary lines (tour 18 bline: a 供水范围 layer after 面转线 read as pipes that are not, 17
// villages' water pass→fail): closed lines selected by the item's area filter are the polygons they enclose, open ones
// are said and not read; a per-type layer that selects none of another item's kinds raises no false alarm.
#include <gtest/gtest.h>

#include "gis/indicators/check.hpp"
#include "tests/indicators/check_builders.hpp"

using namespace jiuyou;
using namespace jiuyou::indicators;
using namespace jiuyou::test;

namespace {

const char* k_water_rule =
    "[[items]]\nid = \"safe_water\"\nname_zh = \"有入户安全饮水\"\nkind = \"water_convenience\"\nlayer = \"water\"\n"
    "filter = \"safe AND kind IN ('pipe', 'plant')\"\nserved_filter = \"safe AND kind = 'service_area'\"\nmax_distance_m = 800\n";

const char* k_coverage_rule =
    "[[items]]\nid = \"broadband\"\nname_zh = \"通宽带\"\nkind = \"coverage\"\nlayer = \"broadband\"\nfilter = \"kind = 'coverage'\"\n"
    "min_share = 0.5\n";

// Service areas as lines: a closed square (0..1000)² and an open line along y = 3000 (x 0..1000).
FeatureTable area_lines(const char* layer, const char* kind, bool safe_column) {
  FeatureTable t = make_table(layer, GeometryKind::line);
  add_line(t, {{0, 0}, {1000, 0}, {1000, 1000}, {0, 1000}, {0, 0}});
  add_line(t, {{0, 3000}, {500, 3000}, {1000, 3000}});
  col(t, "kind", FieldType::text).push_text(kind);
  t.columns[0].push_text(kind);
  if (safe_column) {
    auto& s = col(t, "safe", FieldType::boolean);
    s.push_bool(true);
    s.push_bool(true);
  }
  return t;
}

const Issue* issue(const CheckResult& r, const std::string& code) {
  for (const Issue& i : r.notes.entries())
    if (i.code == code) return &i;
  return nullptr;
}

}  // namespace

TEST(AreaLines, AServedAreaDrawnAsAClosedLineServesTheVillagesInside) {
  Workspace ws;
  // Inside the closed square; beside the open line; far from everything. No pipes at all.
  ws.layers = {point_villages({{500, 500}, {500, 2950}, {5000, 5000}}), area_lines("water_areas", "service_area", true)};
  auto r = check_villages(ws, rules_with(k_water_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::pass);
  EXPECT_EQ(r->cell(0, 0).note, "位于安全供水服务区内");
  EXPECT_EQ(r->cell(1, 0).outcome, Outcome::fail);  // an open line encloses nothing
  EXPECT_EQ(r->cell(2, 0).outcome, Outcome::fail);
  const Issue* said = issue(*r, "areas_as_lines");
  ASSERT_NE(said, nullptr);
  EXPECT_EQ(said->severity, Severity::warning);
  EXPECT_NE(said->message.find("water_areas（2 条）"), std::string::npos) << said->message;
  EXPECT_NE(said->message.find("已把 1 条闭合线"), std::string::npos) << said->message;
  EXPECT_NE(said->message.find("1 条不闭合"), std::string::npos) << said->message;
  EXPECT_NE(said->hint.find("线转面"), std::string::npos) << said->hint;
  EXPECT_EQ(issue(*r, "filter_selects_none"), nullptr) << "a layer of service areas is not a layer of pipes that selects none";
}

TEST(AreaLines, CoverageDrawnAsAClosedLineCoversThePolygonVillageInside) {
  Workspace ws;
  FeatureTable villages = make_table("villages", GeometryKind::polygon);
  add_square(villages, 100, 100, 900, 900);  // inside the closed line: covered
  add_square(villages, 2000, 2000, 2800, 2800);
  auto& code = col(villages, "code", FieldType::text);
  code.push_text("420323100210");
  code.push_text("420323100211");
  ws.layers = {villages, area_lines("broadband", "coverage", false)};
  auto r = check_villages(ws, rules_with(k_coverage_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::pass);
  EXPECT_NEAR(r->cell(0, 0).share, 1.0, 1e-9);
  EXPECT_EQ(r->cell(1, 0).outcome, Outcome::fail);
  EXPECT_NE(issue(*r, "areas_as_lines"), nullptr);
}

TEST(AreaLines, PipesAreNotAreasAndAPipeLayerThatSelectsNoneIsStillSaid) {
  // Lines of kind 'pipe' are no areas (nothing said); a pipe layer whose kinds the rules do not name (unmapped
  // 管道) still gets filter_selects_none: the per-type silence is only for kinds other filters name.
  FeatureTable pipes = make_table("water", GeometryKind::line);
  col(pipes, "kind", FieldType::text);
  col(pipes, "safe", FieldType::boolean);  // (the columns by index: a reference would not survive this push)
  for (int k = 0; k < 12; ++k) {
    add_line(pipes, {{k * 100.0, 0}, {k * 100.0, 1000}});
    pipes.columns[0].push_text("管道");
    pipes.columns[1].push_bool(true);
  }
  Workspace ws;
  ws.layers = {point_villages({{50, 500}}), pipes};
  auto r = check_villages(ws, rules_with(k_water_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(issue(*r, "areas_as_lines"), nullptr);
  EXPECT_NE(issue(*r, "filter_selects_none"), nullptr);
}

TEST(AreaLines, APerTypeFacilityLayerRaisesNoFalseAlarmForTheOtherTypes) {
  // tour 18 kmzf: one KMZ folder per type; the clinics' layer selects none of the schools, of course.
  FeatureTable clinics = make_table("facilities_clinic", GeometryKind::point);
  auto& kind = col(clinics, "kind", FieldType::text);
  for (int k = 0; k < 12; ++k) {
    add_point(clinics, k * 100.0, 0);
    kind.push_text("clinic");
  }
  Workspace ws;
  ws.layers = {point_villages({{50, 50}}), clinics};
  auto r = check_villages(ws, rules_with("[[items]]\nid = \"clinic\"\nkind = \"facility\"\nlayer = \"facilities\"\nfilter = \"kind = 'clinic'\"\n"
                                         "max_distance_m = 1000\n[[items]]\nid = \"school\"\nkind = \"facility\"\nlayer = \"facilities\"\n"
                                         "filter = \"kind = 'school'\"\nmax_distance_m = 1000\n"));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::pass);
  EXPECT_EQ(issue(*r, "filter_selects_none"), nullptr);
}

TEST(AreaLines, BoundaryPiecesThatCloseTogetherAreReadAsTheAreaTheyEnclose) {
  // tour 19 T2: ArcGIS's 面转线 leaves a boundary in pieces meeting end to end; none closes alone.
  FeatureTable t = make_table("water_areas", GeometryKind::line);
  add_line(t, {{0, 0}, {1000, 0}, {1000, 1000}});
  add_line(t, {{1000, 1000}, {0, 1000}, {0, 0}});
  col(t, "kind", FieldType::text).push_text("service_area");
  t.columns[0].push_text("service_area");
  col(t, "safe", FieldType::boolean).push_bool(true);
  t.columns[1].push_bool(true);
  Workspace ws;
  ws.layers = {point_villages({{500, 500}, {5000, 5000}}), t};
  auto r = check_villages(ws, rules_with(k_water_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::pass);
  EXPECT_EQ(r->cell(1, 0).outcome, Outcome::fail);
  const Issue* said = issue(*r, "areas_as_lines");
  ASSERT_NE(said, nullptr);
  EXPECT_NE(said->message.find("2 段首尾相接的线围成了 1 个范围"), std::string::npos) << said->message;
}

TEST(AreaLines, ASiblingLayerOfAKindNoFilterNamesIsNoFalseAlarmWhenTheFilterSelectsElsewhere) {
  // tour 19 T3: power_substations (selected by the anchor filter) beside power_transformers: the transformer file
  // holds no substation by its nature. Alone, a layer that selects none is still said.
  const auto layer = [](const std::string& name, const std::string& kind_value, double y) {
    FeatureTable t = make_table(name, GeometryKind::point);
    auto& kind = col(t, "kind", FieldType::text);
    for (int k = 0; k < 12; ++k) {
      add_point(t, k * 100.0, y);
      kind.push_text(kind_value);
    }
    return t;
  };
  const char* rule = "[[items]]\nid = \"clinic\"\nkind = \"facility\"\nlayer = \"facilities\"\nfilter = \"kind = 'clinic'\"\nmax_distance_m = 1000\n";
  Workspace both;
  both.layers = {point_villages({{50, 50}}), layer("facilities_clinic", "clinic", 0), layer("facilities_pharmacy", "pharmacy", 200)};
  auto r = check_villages(both, rules_with(rule));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::pass);
  EXPECT_EQ(issue(*r, "filter_selects_none"), nullptr);

  Workspace alone;
  alone.layers = {point_villages({{50, 50}}), layer("facilities_pharmacy", "pharmacy", 200)};
  r = check_villages(alone, rules_with(rule));
  ASSERT_TRUE(r) << r.error().to_string();
  const Issue* i = issue(*r, "filter_selects_none");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->layer, "facilities_pharmacy");
}
