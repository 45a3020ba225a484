// The cause sentences of a changed cell: only changes within the item's reach
// (the rule set's distance, the village's own features, the village's piece of
// network), worded with their distance from the village; and never a
// "2.5 km → 2.5 km" that names no change.
#include <gtest/gtest.h>

#include "gis/compare/reach.hpp"
#include "gis/compare/transitions.hpp"

namespace jiuyou::compare {
namespace {

using indicators::Item;
using indicators::ItemKind;
using indicators::ItemResult;
using indicators::Outcome;

// One village at (0,0) with code 420000000001.
FeatureTable one_village() {
  FeatureTable t;
  t.name = "villages";
  t.geometry.kind = GeometryKind::point;
  Column code("code", FieldType::text);
  t.fid.push_back(1);
  t.geometry.add_point_feature(0, 0);
  code.push_text("420000000001");
  t.columns = {std::move(code)};
  return t;
}

// Facility points: (fid, x, kind, village_code).
struct F {
  int64_t fid;
  double x;
  std::string kind, village_code;
};
FeatureTable facilities(std::initializer_list<F> rows) {
  FeatureTable t;
  t.name = "facilities";
  t.geometry.kind = GeometryKind::point;
  Column kind("kind", FieldType::text), code("village_code", FieldType::text);
  for (const F& f : rows) {
    t.fid.push_back(f.fid);
    t.geometry.add_point_feature(f.x, 0);
    kind.push_text(f.kind);
    if (f.village_code.empty()) code.push_null();
    else code.push_text(f.village_code);
  }
  t.columns = {std::move(kind), std::move(code)};
  return t;
}

Item item_of(ItemKind kind, const std::string& layer, double max_distance_m) {
  Item i;
  i.id = "clinic";
  i.name_zh = "有卫生室";
  i.noun_zh = "卫生室";
  i.kind = kind;
  i.layer = layer;
  i.max_distance_m = max_distance_m;
  return i;
}

YearData year_with(const std::string& label, const Item& item, const ItemResult& cell, std::vector<FeatureTable> layers, bool has_features) {
  YearData y;
  y.label = label;
  y.ws.layers.push_back(one_village());
  for (auto& l : layers) y.ws.layers.push_back(std::move(l));
  y.has_features = has_features;
  y.result.rules.items = {item};
  y.result.village_count = 1;
  y.result.cells = {cell};
  return y;
}

ItemResult cell(Outcome o, double distance_m, int64_t fid = -1, std::string note = {}) {
  ItemResult c;
  c.outcome = o;
  c.distance_m = distance_m;
  c.nearest_fid = fid;
  c.note = std::move(note);
  return c;
}

std::string cause_of(const YearData& a, const YearData& b, const Comparison& cmp) {
  VillageMatch m;
  m.a_row = 0;
  m.b_row = 0;
  return explain_change(a, b, cmp, m, 0, 0, {});
}

// Last year: clinic 1 at 1 km (the nearest, unchanged), a clinic 3 at 800 m
// (removed), a clinic 2 at 20 km (changed), clinic 4 at 5 km linked to the
// village by code (changed).
struct Scene {
  YearData a, b;
  Comparison cmp;
};
Scene facility_scene(double max_distance_m) {
  const Item item = item_of(ItemKind::facility, "facilities", max_distance_m);
  FeatureTable fa = facilities({{1, 1000, "clinic", ""}, {2, 20000, "clinic", ""}, {3, 800, "clinic", ""}, {4, 5000, "clinic", "420000000001"}});
  FeatureTable fb = facilities({{1, 1000, "clinic", ""}, {2, 20000, "closed", ""}, {4, 5000, "closed", "420000000001"}});
  Scene s;
  s.cmp.layers.push_back(diff_layer(fa, fb));
  s.cmp.layers.back().layer = "facilities";
  s.a = year_with("2024", item, cell(Outcome::pass, 1000, 1), {std::move(fa)}, true);
  s.b = year_with("2025", item, cell(Outcome::fail, 1000, 1), {std::move(fb)}, true);
  return s;
}

TEST(CompareCauses, OnlyChangesWithinTheRuleDistanceAreOfferedWithTheirDistance) {
  const Scene s = facility_scene(3000);
  const std::string cause = cause_of(s.a, s.b, s.cmp);
  EXPECT_NE(cause.find("距本村 800 m 的公共服务设施要素 3 已不存在"), std::string::npos) << cause;
  EXPECT_NE(cause.find("本村 3.0 km 内同类设施的变化"), std::string::npos) << cause;
  EXPECT_EQ(cause.find("要素 2"), std::string::npos) << "20 km away is beyond the item's 3 km: " << cause;
  EXPECT_EQ(cause.find("要素 4"), std::string::npos) << "5 km away is beyond the item's 3 km: " << cause;
  EXPECT_EQ(cause.find("附近"), std::string::npos) << cause;
}

TEST(CompareCauses, WithoutADistanceOnlyTheVillagesOwnFeaturesAreOffered) {
  const Scene s = facility_scene(-1);
  const std::string cause = cause_of(s.a, s.b, s.cmp);
  EXPECT_NE(cause.find("距本村 5.0 km 的公共服务设施要素 4：类型"), std::string::npos) << "linked by village_code: " << cause;
  EXPECT_NE(cause.find("本村自有同类设施的变化"), std::string::npos) << cause;
  EXPECT_EQ(cause.find("要素 3"), std::string::npos) << "not the village's own: " << cause;
  EXPECT_EQ(cause.find("要素 2"), std::string::npos) << cause;
}

TEST(CompareCauses, AnUnchangedDistanceNamesTheRuleThatChangedNotANonChange) {
  Item before = item_of(ItemKind::facility, "facilities", 3000), after = before;
  after.max_distance_m = 2000;
  const YearData a = year_with("2024", before, cell(Outcome::pass, 2500), {}, false);
  const YearData b = year_with("2025", after, cell(Outcome::fail, 2500), {}, false);
  const std::string cause = cause_of(a, b, {});
  EXPECT_NE(cause.find("标准的最远距离 3.0 km → 2.0 km"), std::string::npos) << cause;
  EXPECT_EQ(cause.find("2.5 km → 2.5 km"), std::string::npos) << cause;
  EXPECT_EQ(cause.find("最近合格距离"), std::string::npos) << "the distance did not change: " << cause;
}

TEST(CompareCauses, AnUnchangedDistanceWithTheSameRuleSaysWhatTheCheckFoundInstead) {
  const Item item = item_of(ItemKind::water_convenience, "water", 1000);
  const YearData a = year_with("2024", item, cell(Outcome::pass, 2500, -1, "在安全供水范围内"), {}, false);
  const YearData b = year_with("2025", item, cell(Outcome::fail, 2500, -1, "不在安全供水范围内"), {}, false);
  const std::string cause = cause_of(a, b, {});
  EXPECT_EQ(cause.find("2.5 km → 2.5 km"), std::string::npos) << cause;
  EXPECT_NE(cause.find("最近合格距离仍为 2.5 km"), std::string::npos) << cause;
  EXPECT_NE(cause.find("在安全供水范围内 → 不在安全供水范围内"), std::string::npos) << cause;
}

TEST(CompareCauses, ACoverageWhoseShareDidNotChangeNamesTheRadiusThatDid) {
  Item before = item_of(ItemKind::coverage, "broadband", -1), after = before;
  before.tower_radius_m = 3000;
  after.tower_radius_m = 2000;
  ItemResult ca = cell(Outcome::pass, NAN), cb = cell(Outcome::fail, NAN);
  ca.share = cb.share = 0.6;
  const std::string cause = cause_of(year_with("2024", before, ca, {}, false), year_with("2025", after, cb, {}, false), {});
  EXPECT_NE(cause.find("标准的基站覆盖半径 3.0 km → 2.0 km"), std::string::npos) << cause;
  EXPECT_EQ(cause.find("60% → 60%"), std::string::npos) << cause;
}

// Three road pieces in a chain (0..1 km, 1..2 km, 2..3 km) and one 30 km away.
FeatureTable roads(std::initializer_list<std::pair<double, double>> pieces) {
  FeatureTable t;
  t.name = "roads";
  t.geometry.kind = GeometryKind::line;
  Column surface("surface", FieldType::text);
  int64_t fid = 1;
  for (const auto& [x0, x1] : pieces) {
    const Vec2 line[2] = {{x0, 100}, {x1, 100}};
    t.geometry.add_line_feature(line);
    t.fid.push_back(fid++);
    surface.push_text("cement");
  }
  t.columns = {std::move(surface)};
  return t;
}

TEST(CompareReach, TheVillagesPieceOfNetworkAndTheCutThatTouchesIt) {
  Item item = item_of(ItemKind::network_access, "roads", 500);
  item.require_connected = true;
  const ItemReach r = reach_of(item);
  EXPECT_EQ(r.radius_m, 500);
  EXPECT_TRUE(r.along_network);
  const FeatureTable a = roads({{0, 1000}, {1000, 2000}, {2000, 3000}, {30000, 31000}});
  const FeatureTable b = roads({{0, 1000}, {2000, 3000}, {30000, 31000}});  // the middle piece is cut
  const auto piece = network_piece(b, 0, item);
  ASSERT_EQ(piece, std::vector<size_t>{0});
  EXPECT_TRUE(touches_piece(a, 1, b, piece, item.tolerance_m)) << "the cut piece joined the village's piece";
  EXPECT_FALSE(touches_piece(a, 3, b, piece, item.tolerance_m)) << "a road 30 km away is not on the village's piece";
  EXPECT_TRUE(network_piece(b, 0, item, 0).empty()) << "a piece larger than the bound is the county's network";
}

TEST(CompareReach, EachKindTakesItsReachFromTheRuleSet) {
  Item cov = item_of(ItemKind::coverage, "broadband", -1);
  cov.tower_radius_m = 3000;
  EXPECT_EQ(reach_of(cov).radius_m, 3000);
  EXPECT_TRUE(reach_of(cov).feature_radius);
  EXPECT_EQ(reach_of(item_of(ItemKind::water_convenience, "water", 800)).radius_m, 800);
  EXPECT_LT(reach_of(item_of(ItemKind::facility, "facilities", -1)).radius_m, 0);
  EXPECT_FALSE(reach_of(item_of(ItemKind::network_access, "power", 1000)).along_network);
}

}  // namespace
}  // namespace jiuyou::compare
