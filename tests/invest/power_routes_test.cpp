// 10 kV extensions: along the road graph where the roads join the village to
// within reach of the connected network ([build.power.along]), else over the
// DEM ([build.power.path]: power is connected through substations, so the
// path ends on the line the gap line ends on), else the straight gap line;
// the route taken is said in 建设内容 (Project::route_zh).
#include <gtest/gtest.h>

#include <cmath>

#include "gis/invest/along_roads.hpp"
#include "gis/invest/candidates_upgrade.hpp"
#include "support/table_builders.hpp"

namespace jiuyou::invest {
namespace {

using test::Line;

// A road along y = 0; a road north from (1000, 0) to (1000, 1000); on to (1000, 2000) with a bend.
FeatureTable roads(bool with_middle = true) {
  FeatureTable t = test::make_table("roads", GeometryKind::line);
  test::add_line(t, Line{{0, 0}, {1000, 0}, {2000, 0}});
  if (with_middle) test::add_line(t, Line{{1000, 0}, {1000, 400}, {1000, 1000}});
  test::add_line(t, Line{{1000, 1000}, {1020, 1500}, {1000, 2000}});
  return t;
}

indicators::Item power_item() {
  indicators::Item i;
  i.id = "power";
  i.kind = indicators::ItemKind::network_access;
  i.layer = "power";
  i.filter = "kind = 'line'";
  i.max_distance_m = 1000;
  i.require_connected = true;
  i.anchor_filter = "kind = 'substation'";  // connected through substations only, as the shipped rules
  i.tolerance_m = 1;
  return i;
}

Build power_line() {
  Build b;
  b.item = "power";
  b.shape = Shape::line;
  b.into = "power";
  b.cost_cny = 400'000;  // per km
  b.along = {true, "roads", 300, 2.5};
  return b;
}

struct County {
  Workspace ws;
  indicators::CheckResult check;
  CostTable costs;
  explicit County(FeatureTable r, Build b = power_line()) {
    ws.layers.push_back(std::move(r));
    check.rules.items.push_back(power_item());
    costs.detour_factor = 1.4;
    costs.builds.push_back(std::move(b));
  }
  // The straight candidate from the village (beyond the bent road's end at (1000, 2000)) to the connected 10 kV line at y = -200, re-laid.
  Project laid(Vec2 village = {1000, 2050}) {
    Project p{0, 0, {village, {village.x, -200}}, 0, 0, 0, {0}, "按直线距离×绕行系数估算"};
    p.size = (village.y + 200) * costs.detour_factor;
    p.cost_cny = p.size / 1000 * costs.builds[0].cost_cny;
    UpgradePlanner planner(ws, check, costs);
    planner.follow_roads(p, 0);
    planner.follow_terrain(p, 0);
    return p;
  }
};

double distance_to(const FeatureTable& t, Vec2 p) {
  double d = 1e300;
  for (size_t f = 0; f < t.size(); ++f) d = std::min(d, point_feature_distance(t.geometry, f, p.x, p.y));
  return d;
}

TEST(PowerRoutes, TheLineFollowsTheRoadsVerticesFromTheVillageToTheNetwork) {
  County k(roads());
  const Project p = k.laid();
  EXPECT_EQ(p.route_zh, "沿现有道路架设");
  ASSERT_GE(p.geometry.size(), 4u);
  EXPECT_DOUBLE_EQ(p.geometry.front().x, 1000);
  EXPECT_DOUBLE_EQ(p.geometry.front().y, 2050);
  EXPECT_DOUBLE_EQ(p.geometry.back().y, -200) << "ends on the connected line, so the check sees it joined";
  const Line expected{{1000, 2050}, {1000, 2000}, {1020, 1500}, {1000, 1000}, {1000, 400}, {1000, 0}, {1000, -200}};
  ASSERT_EQ(p.geometry.size(), expected.size());
  for (size_t v = 0; v < expected.size(); ++v) {
    EXPECT_NEAR(p.geometry[v].x, expected[v].x, 1e-6) << v;
    EXPECT_NEAR(p.geometry[v].y, expected[v].y, 1e-6) << v;
    if (v > 0 && v + 1 < expected.size()) {
      EXPECT_LT(distance_to(*k.ws.layer("roads"), p.geometry[v]), 1e-6) << "vertex " << v << " is on a road";
    }
  }
  // Priced by its own length; the legs off the road (50 m from the village, 200 m to the line) × the detour factor.
  EXPECT_NEAR(p.size, polyline_length(p.geometry) + (50 + 200) * 0.4, 1e-6);
  EXPECT_NEAR(p.size, 2 * std::hypot(20.0, 500.0) + 1000 + (50 + 200) * 1.4, 1e-6);
  EXPECT_NEAR(p.cost_cny, p.size / 1000 * 400'000, 1e-6) << "the unit cost of the data";
}

TEST(PowerRoutes, StaysStraightWhereNoRoadLeadsThereOrTheDetourIsTooLong) {
  {
    County k(roads(false));  // the middle road is missing: the two roads do not meet
    const Project p = k.laid();
    EXPECT_EQ(p.geometry.size(), 2u);
    EXPECT_EQ(p.route_zh, "按直线距离×绕行系数估算");
  }
  {
    County k(roads());
    const Project p = k.laid({1500, 2000});  // 480 m from the nearest road: beyond snap_m 300
    EXPECT_EQ(p.geometry.size(), 2u);
  }
  {
    Build b = power_line();
    b.along.max_ratio = 1.0;  // the road route is 2,251 m against a 2,250 m gap
    County k(roads(), b);
    const Project p = k.laid();
    EXPECT_EQ(p.geometry.size(), 2u);
    EXPECT_NEAR(p.size, 2250 * 1.4, 1e-6);
  }
  {
    Build b = power_line();
    b.along.enabled = false;  // no [along]: no road routing at all
    County k(roads(), b);
    EXPECT_EQ(k.laid().geometry.size(), 2u);
  }
}

// Flat ground (30 m cells) with the connected 10 kV line along y = -200 and an
// unconnected stub across the way at y = 800: power is connected through a
// substation (no trunk filter), so the path ends on the line the gap line ends on.
TEST(PowerRoutes, WithoutARoadTheLineFollowsTheTerrainToTheLineTheGapEndsOn) {
  Build b = power_line();
  b.along.enabled = false;
  b.path.enabled = true;
  b.path.slope_classes = {{1e9, 1.0}};
  County k(roads(false), b);
  Raster dem;
  dem.width = 100;
  dem.height = 120;
  dem.geotransform = {0, 30, 0, 2600, 0, -30};
  dem.values.assign(12000, 100.0F);
  k.ws.dem = dem;
  FeatureTable power = test::make_table("power", GeometryKind::line);
  test::add_line(power, Line{{0, -200}, {3000, -200}});
  test::add_line(power, Line{{900, 800}, {1200, 800}});
  test::col(power, "kind", FieldType::text).push_text("line");
  test::col(power, "kind", FieldType::text).push_text("line");
  k.ws.layers.push_back(std::move(power));
  const Project p = k.laid();
  EXPECT_EQ(p.route_zh, "按地形选线");
  ASSERT_GT(p.geometry.size(), 2u);
  EXPECT_NEAR(p.geometry.back().y, -200, 1e-6) << "on the connected line, not the stub in between";
  EXPECT_NEAR(p.size, 2250, 60);
  EXPECT_NEAR(p.cost_cny, p.size / 1000 * 400'000, 400 * 60);
}

}  // namespace
}  // namespace jiuyou::invest
