// A hazards layer of points (地质灾害隐患点, as a 自然资源局 delivers them) is planned around as circles of
// hazard_point_radius_m, said in a note; a layer of lines is said to be no zones. Before (tour 15 P4) the
// points were reported as "项目中没有灾害隐患区面图层" and ignored: the landslide village did not move and
// sites could sit on the hazard.
#include <gtest/gtest.h>

#include <cmath>

#include "gis/relocate/relocate.hpp"
#include "valley_fixture.hpp"

using namespace jiuyou;
using namespace jiuyou::plan;
using namespace jiuyou::plan::valley_fixture;

namespace {

// The valley with its hazards given as points: the landslide square's centre and the flood square's centre.
Workspace valley_with_hazard_points() {
  Workspace ws = valley();
  FeatureTable pts = jiuyou::test::make_table("hazards", GeometryKind::point);
  pts.add_column("kind", FieldType::text);
  jiuyou::test::add_point(pts, 3000, 1000);
  pts.column("kind")->push_text("landslide");
  jiuyou::test::add_point(pts, -1500, -1500);
  pts.column("kind")->push_text("flood");
  *ws.layer("hazards") = std::move(pts);
  return ws;
}

TEST(RelocateHazardPoints, EachPointIsAZoneOfTheRadiusAndSaidSo) {
  RelocateParams p = valley_params();
  p.hazard_point_radius_m = 400;
  auto plan = plan_relocation(valley_with_hazard_points(), road_rules(), p);
  ASSERT_TRUE(plan) << plan.error().to_string();
  EXPECT_EQ(plan->notes.count("no_hazards"), 0U) << "the layer is there";
  ASSERT_EQ(plan->notes.count("hazard_points_as_zones"), 1U);
  for (const auto& n : plan->notes.entries())
    if (n.code == "hazard_points_as_zones") {
      EXPECT_NE(n.message.find("2 个隐患点"), std::string::npos) << n.message;
      EXPECT_NE(n.message.find("半径 400 米"), std::string::npos) << n.message;
      EXPECT_NE(n.message.find("hazard_point_radius_m"), std::string::npos) << n.message;
    }
  // Village B at the landslide point moves whole, with the landslide as its reason.
  ASSERT_EQ(plan->movers.size(), 2U);
  EXPECT_EQ(plan->movers[1].name, "B");
  EXPECT_EQ(plan->movers[1].households, 30);
  EXPECT_NE(plan->movers[1].reason.find("landslide"), std::string::npos) << plan->movers[1].reason;
  // No site within the circle and the geological buffer beyond it; none inside the flood circle.
  for (const auto& s : plan->sites) {
    EXPECT_GT(std::hypot(s.point.x - 3000, s.point.y - 1000), p.hazard_point_radius_m + p.hazard_buffer_m) << s.label;
    EXPECT_GT(std::hypot(s.point.x + 1500, s.point.y + 1500), p.hazard_point_radius_m) << s.label;
  }
  bool hazard_excluded = false;
  for (const auto& e : plan->excluded) hazard_excluded = hazard_excluded || e.reasons.find("hazard") != std::string::npos;
  EXPECT_TRUE(hazard_excluded);
}

TEST(RelocateHazardPoints, ASmallerRadiusExcludesLess) {
  RelocateParams small = valley_params(), large = valley_params();
  small.hazard_point_radius_m = 50;
  large.hazard_point_radius_m = 800;
  auto a = plan_relocation(valley_with_hazard_points(), road_rules(), small);
  auto b = plan_relocation(valley_with_hazard_points(), road_rules(), large);
  ASSERT_TRUE(a && b);
  const auto hazard = static_cast<size_t>(Exclusion::hazard);
  EXPECT_LT(a->samples_excluded[hazard], b->samples_excluded[hazard]);
}

TEST(RelocateHazardPoints, ALayerOfLinesIsSaidNotToBeZones) {
  Workspace ws = valley();
  FeatureTable lines = jiuyou::test::make_table("hazards", GeometryKind::line);
  jiuyou::test::add_line(lines, {{2500, 500}, {3500, 1500}});
  *ws.layer("hazards") = std::move(lines);
  auto plan = plan_relocation(ws, road_rules(), valley_params());
  ASSERT_TRUE(plan) << plan.error().to_string();
  EXPECT_EQ(plan->notes.count("hazard_layer_not_zones"), 1U);
  EXPECT_EQ(plan->notes.count("no_hazards"), 0U);
  ASSERT_EQ(plan->movers.size(), 1U) << "no zone: only the households listed move";
}

TEST(RelocateHazardPoints, APolygonLayerIsUsedAsItIs) {
  auto plan = plan_relocation(valley(), road_rules(), valley_params());
  ASSERT_TRUE(plan) << plan.error().to_string();
  EXPECT_EQ(plan->notes.count("hazard_points_as_zones"), 0U);
  EXPECT_EQ(plan->notes.count("hazard_layer_not_zones"), 0U);
}

}  // namespace
