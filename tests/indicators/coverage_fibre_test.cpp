// The coverage kind's fibre alternative (README.md, coverage row): a village with
// a fibre line (fiber_filter TRUE) within fiber_max_distance_m passes broadband
// even where no 4G covers it; the distance to the nearest fibre is the evidence.
#include <gtest/gtest.h>

#include <cmath>

#include "gis/indicators/check.hpp"
#include "tests/indicators/check_builders.hpp"

using namespace jiuyou;
using namespace jiuyou::indicators;
using namespace jiuyou::test;

namespace {

// A coverage polygon at (0..1000, 0..1000) and fibre lines along y = 5000:
// x 0..4000 is fibre, x 6000..9000 is a line of kind 'coverage' (not fibre).
FeatureTable coverage_polygon() {
  FeatureTable cov = make_table("broadband", GeometryKind::polygon);
  add_square(cov, 0, 0, 1000, 1000);
  col(cov, "kind", FieldType::text).push_text("coverage");
  return cov;
}

FeatureTable fibre_lines(bool with_kind = true) {
  FeatureTable f = make_table("broadband_fiber", GeometryKind::line);
  add_line(f, {{0, 5000}, {4000, 5000}});
  add_line(f, {{6000, 5000}, {9000, 5000}});
  if (with_kind) {
    col(f, "kind", FieldType::text).push_text("fiber");
    f.columns[0].push_text("coverage");
  }
  return f;
}

const std::string k_fibre_rule =
    "[[items]]\nid = \"broadband\"\nname_zh = \"通宽带\"\nkind = \"coverage\"\nlayer = \"broadband\"\nfilter = \"kind = 'coverage'\"\n"
    "fiber_filter = \"kind = 'fiber'\"\nfiber_max_distance_m = 500\nmin_share = 0.5\n";

}  // namespace

TEST(CoverageFibre, PointVillageWithinTheDistanceOfFibrePassesBeyondItFails) {
  Workspace ws;
  ws.layers = {point_villages({{2000, 5400}, {2000, 5500}, {2000, 5600}, {500, 500}}), coverage_polygon(), fibre_lines()};
  auto r = check_villages(ws, rules_with(k_fibre_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  const ItemResult& near = r->cell(0, 0);
  EXPECT_EQ(near.outcome, Outcome::pass);
  EXPECT_DOUBLE_EQ(near.distance_m, 400);
  EXPECT_DOUBLE_EQ(near.share, 0);  // the share stays the measure: not covered by 4G
  EXPECT_EQ(near.nearest_fid, 1);
  EXPECT_DOUBLE_EQ(near.to.y, 5000);
  EXPECT_NE(near.note.find("光纤到村"), std::string::npos) << near.note;
  EXPECT_EQ(r->cell(1, 0).outcome, Outcome::pass);  // exactly 500 m: inclusive
  const ItemResult& far = r->cell(2, 0);
  EXPECT_EQ(far.outcome, Outcome::fail);
  EXPECT_DOUBLE_EQ(far.distance_m, 600);
  EXPECT_DOUBLE_EQ(far.shortfall, 0.5);  // a point lacks the whole min_share
  EXPECT_NE(far.note.find("最近的光缆 600 m（要求 ≤ 500 m）"), std::string::npos) << far.note;
  const ItemResult& covered = r->cell(3, 0);  // covered, fibre far away: passes, the distance recorded
  EXPECT_EQ(covered.outcome, Outcome::pass);
  EXPECT_NEAR(covered.distance_m, 4500, 1e-9);
}

TEST(CoverageFibre, PolygonVillageIsMeasuredFromItsEdge) {
  FeatureTable v = make_table("villages", GeometryKind::polygon);
  add_square(v, 1000, 5300, 2000, 6300);  // 300 m north of the fibre
  add_square(v, 1000, 5700, 2000, 6700);  // 700 m
  add_square(v, 1000, 4500, 2000, 5500);  // crossed by it
  Workspace ws;
  ws.layers = {v, coverage_polygon(), fibre_lines()};
  auto r = check_villages(ws, rules_with(k_fibre_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::pass);
  EXPECT_DOUBLE_EQ(r->cell(0, 0).distance_m, 300);
  EXPECT_DOUBLE_EQ(r->cell(0, 0).from.y, 5300);  // the gap line starts at the polygon's edge
  EXPECT_EQ(r->cell(1, 0).outcome, Outcome::fail);
  EXPECT_DOUBLE_EQ(r->cell(1, 0).distance_m, 700);
  EXPECT_DOUBLE_EQ(r->cell(1, 0).shortfall, 0.5);  // share 0 of 0.5
  EXPECT_EQ(r->cell(2, 0).outcome, Outcome::pass);
  EXPECT_DOUBLE_EQ(r->cell(2, 0).distance_m, 0);
}

TEST(CoverageFibre, ALineWhoseFilterIsFalseIsNotFibre) {
  // 100 m from the kind = 'coverage' line, 2100 m from the fibre's end at x = 4000.
  Workspace ws;
  ws.layers = {point_villages({{6000, 5100}}), coverage_polygon(), fibre_lines()};
  auto r = check_villages(ws, rules_with(k_fibre_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::fail);
  EXPECT_NEAR(r->cell(0, 0).distance_m, std::hypot(2000.0, 100.0), 1e-9);
  EXPECT_EQ(r->cell(0, 0).nearest_fid, 1);
}

TEST(CoverageFibre, FibreFilterUnreadableMakesAFailUnknownButLetsCoveragePass) {
  // The fibre layer lacks `kind`: the fibre alternative cannot be read. Covered villages
  // still pass; one not covered cannot be called a fail (fibre might serve it).
  Workspace ws;
  ws.layers = {point_villages({{500, 500}, {2000, 5100}}), coverage_polygon(), fibre_lines(false)};
  auto r = check_villages(ws, rules_with(k_fibre_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::pass);
  EXPECT_EQ(r->cell(1, 0).outcome, Outcome::unknown);
  EXPECT_TRUE(std::isnan(r->cell(1, 0).shortfall));
  EXPECT_NE(r->cell(1, 0).note.find("字段缺失"), std::string::npos) << r->cell(1, 0).note;
  EXPECT_GE(r->notes.count("filter_not_applicable"), 1u);  // the layer named, once
}

TEST(CoverageFibre, OnlyFibreAndItsFilterUnreadableIsUnknownForEveryVillage) {
  Workspace ws;
  ws.layers = {point_villages({{2000, 5100}, {0, 0}}), fibre_lines(false)};
  auto r = check_villages(ws, rules_with("[[items]]\nid = \"broadband\"\nkind = \"coverage\"\nlayer = \"broadband\"\n"
                                         "fiber_filter = \"kind = 'fiber'\"\nfiber_max_distance_m = 500\n"));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::unknown);
  EXPECT_EQ(r->cell(1, 0).outcome, Outcome::unknown);
  EXPECT_NE(r->cell(0, 0).note.find("光缆"), std::string::npos) << r->cell(0, 0).note;
}

TEST(CoverageFibre, ALineOfUnknownKindWithinTheDistanceMakesAFailUnknown) {
  FeatureTable f = make_table("broadband_fiber", GeometryKind::line);
  add_line(f, {{0, 5000}, {4000, 5000}});
  col(f, "kind", FieldType::text).push_null();
  Workspace ws;
  ws.layers = {point_villages({{2000, 5200}, {2000, 6000}}), coverage_polygon(), f};
  auto r = check_villages(ws, rules_with(k_fibre_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::unknown);  // 200 m from a line that may be fibre
  EXPECT_NE(r->cell(0, 0).note.find("broadband_fiber 图层"), std::string::npos) << r->cell(0, 0).note;
  EXPECT_EQ(r->cell(1, 0).outcome, Outcome::fail);  // 1 km from it: a fail either way
}

TEST(CoverageFibre, RuleKeysAreCheckedLikeTheOtherDistances) {
  const std::string head = "[rule_set]\nid = \"t\"\n[[items]]\nid = \"bb\"\nkind = \"coverage\"\nlayer = \"broadband\"\nfilter = \"kind = 'coverage'\"\n";
  auto no_distance = parse_rule_set(head + "fiber_filter = \"kind = 'fiber'\"\n", "t.toml");
  ASSERT_FALSE(no_distance);
  EXPECT_EQ(no_distance.error().field, "fiber_max_distance_m");
  auto no_filter = parse_rule_set(head + "fiber_max_distance_m = 500\n", "t.toml");
  ASSERT_FALSE(no_filter);
  EXPECT_EQ(no_filter.error().field, "fiber_filter");
  auto no_unit = parse_rule_set(head + "fiber_filter = \"kind = 'fiber'\"\nfiber_max_distance = 500\n", "t.toml");
  ASSERT_FALSE(no_unit);
  EXPECT_NE(no_unit.error().message.find("no unit"), std::string::npos) << no_unit.error().message;
  auto negative = parse_rule_set(head + "fiber_filter = \"kind = 'fiber'\"\nfiber_max_distance_m = -5\n", "t.toml");
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().field, "fiber_max_distance_m");
  auto bad_filter = parse_rule_set(head + "fiber_filter = \"kind = \"\nfiber_max_distance_m = 500\n", "t.toml");
  EXPECT_FALSE(bad_filter);
  auto ok = parse_rule_set(head + "fiber_filter = \"kind = 'fiber'\"\nfiber_max_distance_m = 500\n", "t.toml");
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_DOUBLE_EQ(ok->items[0].fiber_max_distance_m, 500);
}
