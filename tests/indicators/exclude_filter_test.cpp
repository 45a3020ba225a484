// exclude_filter (gis/indicators/README.md, "exclude_filter"): an expressway is no village road and a 2G coverage
// area no broadband (tour 20 R1, B1), told only where the layer has the field; and towers or coverage areas whose
// filter reads a NULL make a fail unknown (tour 20 B2).
#include <gtest/gtest.h>

#include "gis/indicators/check.hpp"
#include "tests/indicators/check_builders.hpp"

using namespace jiuyou;
using namespace jiuyou::indicators;
using namespace jiuyou::test;

namespace {

const char* k_road_item =
    "[[items]]\nid = \"road\"\nkind = \"network_access\"\nlayer = \"roads\"\nfilter = \"surface IN ('asphalt', 'concrete')\"\n"
    "exclude_filter = \"class = 'expressway'\"\nmax_distance_m = 500\n";

const char* k_broadband_item =
    "[[items]]\nid = \"broadband\"\nkind = \"coverage\"\nlayer = \"broadband\"\nfilter = \"kind = 'coverage'\"\n"
    "exclude_filter = \"tech IN ('2g', '3g')\"\ntower_filter = \"kind = 'tower' AND tech IN ('4g', '5g')\"\ntower_radius_m = 3000\n";

// One asphalt road along y = 0 of the given class (a null class when `cls` is empty).
FeatureTable road_of_class(const std::string& cls, bool with_class_column) {
  FeatureTable t = make_table("roads", GeometryKind::line);
  if (with_class_column) col(t, "class", FieldType::text);
  col(t, "surface", FieldType::text);
  add_line(t, {{0, 0}, {10000, 0}});
  if (with_class_column) cls.empty() ? t.column("class")->push_null() : t.column("class")->push_text(cls);
  t.column("surface")->push_text("asphalt");
  return t;
}

Result<CheckResult> check_one(const FeatureTable& layer, const char* item, std::vector<Vec2> villages = {{5000, 300}}) {
  Workspace ws;
  ws.layers = {point_villages(villages), layer};
  return check_villages(ws, rules_with(item));
}

}  // namespace

TEST(ExcludeFilter, AnExpresswayIsNoVillageRoad) {
  auto r = check_one(road_of_class("expressway", true), k_road_item);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::fail);  // 300 m from an expressway: nothing counted, nothing unknown
}

TEST(ExcludeFilter, AnyOtherClassAndABlankClassStillCount) {
  for (const std::string cls : {"national", "village", ""}) {
    auto r = check_one(road_of_class(cls, true), k_road_item);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->cell(0, 0).outcome, Outcome::pass) << "class '" << cls << "'";  // a blank 等级 is an ordinary road
  }
}

TEST(ExcludeFilter, ALayerWithoutTheFieldIsReadWhole) {
  // Putting the condition into `filter` would drop such a layer; the exclusion is simply not read on it.
  auto r = check_one(road_of_class("", false), k_road_item);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::pass);
}

TEST(ExcludeFilter, A2GCoverageAreaIsNoBroadband) {
  FeatureTable cov = make_table("broadband", GeometryKind::polygon);
  col(cov, "kind", FieldType::text);
  col(cov, "tech", FieldType::text);
  add_square(cov, 0, 0, 1000, 1000);
  cov.column("kind")->push_text("coverage");
  cov.column("tech")->push_text("2g");
  add_square(cov, 2000, 0, 3000, 1000);
  cov.column("kind")->push_text("coverage");
  cov.column("tech")->push_text("4g");
  add_square(cov, 4000, 0, 5000, 1000);
  cov.column("kind")->push_text("coverage");
  cov.column("tech")->push_null();  // 制式 not filled in: the area counts as it always did
  auto r = check_one(cov, k_broadband_item, {{500, 500}, {2500, 500}, {4500, 500}});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::fail);
  EXPECT_EQ(r->cell(1, 0).outcome, Outcome::pass);
  EXPECT_EQ(r->cell(2, 0).outcome, Outcome::pass);
}

TEST(ExcludeFilter, ATowerOfUnknownTechMakesAFailUnknown) {
  // 「2G/3G/4G」 maps to nothing: the tower's filter is NULL; a village in its reach is unknown, not a fail,
  // and a village out of every reach still fails.
  FeatureTable towers = make_table("broadband_towers", GeometryKind::point);
  col(towers, "kind", FieldType::text);
  col(towers, "tech", FieldType::text);
  add_point(towers, 0, 0);
  towers.column("kind")->push_text("tower");
  towers.column("tech")->push_null();
  add_point(towers, 20000, 0);
  towers.column("kind")->push_text("tower");
  towers.column("tech")->push_text("2g");
  auto r = check_one(towers, k_broadband_item, {{1000, 0}, {10000, 0}, {20500, 0}});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::unknown);
  EXPECT_NE(r->cell(0, 0).note.find("网络制式未知"), std::string::npos) << r->cell(0, 0).note;
  EXPECT_EQ(r->cell(1, 0).outcome, Outcome::fail);
  EXPECT_EQ(r->cell(2, 0).outcome, Outcome::fail);  // a 2G tower: known, and no broadband
}

TEST(ExcludeFilter, ACoverageAreaOfUnknownKindMakesAPolygonVillagesFailUnknown) {
  FeatureTable cov = make_table("broadband", GeometryKind::polygon);
  col(cov, "kind", FieldType::text);
  add_square(cov, 0, 0, 1000, 1000);
  cov.column("kind")->push_null();
  FeatureTable v = make_table("villages", GeometryKind::polygon);
  add_square(v, 800, 0, 1800, 1000);   // touches the unreadable area
  add_square(v, 5000, 0, 6000, 1000);  // far from it
  Workspace ws;
  ws.layers = {v, cov};
  auto r = check_villages(ws, rules_with(k_broadband_item));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::unknown);
  EXPECT_EQ(r->cell(1, 0).outcome, Outcome::fail);
}

TEST(ExcludeFilter, IsARuleKeyOfTheLayeredKindsOnly) {
  EXPECT_TRUE(parse_rule_set("[rule_set]\nid = \"t\"\n" + std::string(k_road_item), "t.toml"));
  auto bad = parse_rule_set("[rule_set]\nid = \"t\"\n[[items]]\nid = \"a\"\nkind = \"attribute\"\nexpression = \"population > 0\"\n"
                            "exclude_filter = \"class = 'expressway'\"\n",
                            "t.toml");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().to_string().find("exclude_filter"), std::string::npos) << bad.error().to_string();
}

TEST(ExcludeFilter, ALayerAllOfWhichIsExcludedIsSaidAsSuch) {
  // A coverage layer of 2G only: not a mapping slip ("selects none"), but a layer that does nothing for broadband.
  FeatureTable cov = make_table("broadband", GeometryKind::polygon);
  col(cov, "kind", FieldType::text);
  col(cov, "tech", FieldType::text);
  for (int k = 0; k < 12; ++k) {
    add_square(cov, 2000.0 * k, 0, 2000.0 * k + 1000, 1000);
    cov.column("kind")->push_text("coverage");
    cov.column("tech")->push_text("2g");
  }
  auto r = check_one(cov, k_broadband_item, {{500, 500}, {2500, 500}});
  ASSERT_TRUE(r) << r.error().to_string();
  const Issue* said = nullptr;
  for (const Issue& i : r->notes.entries()) {
    EXPECT_NE(i.code, "filter_selects_none") << i.message;
    if (i.code == "filter_all_excluded") said = &i;
  }
  ASSERT_NE(said, nullptr);
  EXPECT_NE(said->message.find("12 个要素全部被排除条件"), std::string::npos) << said->message;
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::fail);
}
