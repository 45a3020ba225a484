// G24: a listed count above the village's households (搬迁户数 4330 of 433: a typo ×10)
// never drives the plan and is said with the village and both figures.
// G13: a village moved whole for a hazard zone says what it was judged on: a point village's
// one point (to be verified, and said once for all such villages), a polygon village's share.
#include <gtest/gtest.h>

#include <cmath>

#include "gis/relocate/relocate.hpp"
#include "valley_fixture.hpp"
#include "gis/plan/relocate_report.hpp"

using namespace jiuyou;
using namespace jiuyou::plan;
using namespace jiuyou::plan::valley_fixture;

namespace {

const Issue* find(const IssueLog& log, const std::string& code) {
  for (const auto& i : log.entries())
    if (i.code == code) return &i;
  return nullptr;
}

// The valley with relocate_households of village `row` set to `n`.
Workspace valley_listing(size_t row, int64_t n) {
  Workspace ws = valley();
  ws.layer("villages")->column("relocate_households")->set_int(row, n);
  return ws;
}

// The valley's villages as 1 km squares around their points, B's moved `b_dx` east (the
// landslide square is x 2500..3500, y 500..1500: B's own square at 0).
Workspace polygon_valley(double b_dx) {
  Workspace ws = valley();
  FeatureTable& v = *ws.layer("villages");
  GeometryColumn g;
  g.kind = GeometryKind::polygon;
  for (size_t r = 0; r < v.size(); ++r) {
    const Vec2 p = v.geometry.first_vertex(r);
    const double dx = r == 1 ? b_dx : 0;
    g.add_box_part({p.x - 500 + dx, p.y - 500, p.x + 500 + dx, p.y + 500});
    g.close_feature();
  }
  v.geometry = std::move(g);
  return ws;
}

}  // namespace

TEST(RelocatePlausible, ListedHouseholdsAboveTheVillagesAreNotPlanned) {
  auto plan = plan_relocation(valley_listing(0, 2000), road_rules(), valley_params());  // A: 2000 of 200
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->movers.size(), 1u) << "A is left out: no hazard makes it move whole";
  EXPECT_EQ(plan->movers[0].name, "B");
  EXPECT_EQ(plan->households, 30);
  const Issue* n = find(plan->notes, "relocate_households_implausible");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->severity, Severity::warning);
  EXPECT_NE(n->message.find("A（代码 420323100201）"), std::string::npos) << n->message;
  EXPECT_NE(n->message.find("2000 户"), std::string::npos) << n->message;
  EXPECT_NE(n->message.find("200 户"), std::string::npos) << n->message;
}

TEST(RelocatePlausible, AnImplausibleListingInAHazardZoneMovesTheWholeVillageOnly) {
  auto plan = plan_relocation(valley_listing(1, 300), road_rules(), valley_params());  // B: 300 of 30, in the landslide
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->movers.size(), 2u);
  EXPECT_EQ(plan->movers[1].name, "B");
  EXPECT_EQ(plan->movers[1].households, 30) << "the village's households, not the typo";
  EXPECT_EQ(plan->movers[1].listed_households, 0);
  EXPECT_EQ(plan->households, 70);
  EXPECT_NE(find(plan->notes, "relocate_households_implausible"), nullptr);
}

TEST(RelocatePlausible, AListingUpToTheVillagesHouseholdsIsPlannedAsGiven) {
  auto plan = plan_relocation(valley_listing(0, 200), road_rules(), valley_params());  // the whole of A
  ASSERT_TRUE(plan) << plan.error().to_string();
  EXPECT_EQ(plan->movers[0].households, 200);
  EXPECT_EQ(find(plan->notes, "relocate_households_implausible"), nullptr);
}

TEST(RelocateHazardExposure, PointVillagesJudgedOnTheirPointAreSaidForVerification) {
  auto plan = plan_relocation(valley(), road_rules(), valley_params());
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->movers.size(), 2u);
  EXPECT_TRUE(std::isnan(plan->movers[1].hazard_share));
  EXPECT_NE(mover_reason_zh(plan->movers[1]).find("按村点判定，需实地核实"), std::string::npos) << mover_reason_zh(plan->movers[1]);
  const Issue* n = find(plan->notes, "hazard_judged_on_points");
  ASSERT_NE(n, nullptr);
  EXPECT_NE(n->message.find("1 个村（30 户）"), std::string::npos) << n->message;
}

TEST(RelocateHazardExposure, PolygonVillagesShowTheirShareInTheZone) {
  const Workspace ws = polygon_valley(400);  // B: x 2900..3900, 60 % in the zone, its centre inside
  auto plan = plan_relocation(ws, road_rules(), valley_params());
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->movers.size(), 2u);
  EXPECT_NEAR(plan->movers[1].hazard_share, 0.6, 1e-6);
  EXPECT_NE(mover_reason_zh(plan->movers[1]).find("隐患区占村域 60%"), std::string::npos) << mover_reason_zh(plan->movers[1]);
  EXPECT_EQ(find(plan->notes, "hazard_judged_on_points"), nullptr) << "polygons: nothing to verify on a point";
}
