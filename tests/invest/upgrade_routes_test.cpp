// Upgrade routes (pave existing gravel/earth roads): the cheapest route along
// the road graph from the village's access point to the connected paved
// network, priced by surface and slope, following the existing geometry
// exactly; runs shared by several villages' routes are one project.
#include <gtest/gtest.h>

#include <set>

#include "gis/invest/candidates_upgrade.hpp"
#include "gis/invest/upgrade_routes.hpp"
#include "support/table_builders.hpp"

namespace jiuyou::invest {
namespace {

using test::Line;

struct Roads {
  FeatureTable t = test::make_table("roads", GeometryKind::line);
  void add(const Line& l, const std::string& surface, const std::string& cls) {
    test::add_line(t, l);
    test::col(t, "surface", FieldType::text).push_text(surface);
    test::col(t, "class", FieldType::text).push_text(cls);
  }
};

indicators::Item road_item() {
  indicators::Item i;
  i.id = "road";
  i.kind = indicators::ItemKind::network_access;
  i.layer = "roads";
  i.filter = "surface IN ('asphalt', 'concrete')";
  i.max_distance_m = 500;
  i.require_connected = true;
  i.trunk_filter = "class IN ('national', 'provincial', 'county')";
  return i;
}

Build pave() {
  Build b;
  b.item = "road";
  b.shape = Shape::upgrade;
  b.into = "roads";
  b.cost_cny = 800'000;  // per km
  b.by_field = "surface";
  b.value_factor = {{"gravel", 1.0}, {"earth", 1.3}};
  b.slope_classes = {{0.05, 1.0}, {0.10, 1.25}, {1e9, 1.5}};
  return b;
}

// A paved county road along y = 0; a gravel road north from (1000, 0) in two
// features meeting at (1000, 1000); the village 100 m north of its far end.
Roads county() {
  Roads r;
  r.add({{0, 0}, {1000, 0}, {2000, 0}}, "asphalt", "county");
  r.add({{1000, 0}, {1000, 400}, {1000, 1000}}, "gravel", "village");
  r.add({{1000, 1000}, {1020, 1500}, {1000, 2000}}, "gravel", "village");
  return r;
}

// Every vertex of every piece is a vertex of some road, except the first
// (the access point, which lies on a road's line).
void expect_on_road_vertices(const FeatureTable& roads, const std::vector<RoutePiece>& pieces) {
  std::set<std::pair<double, double>> vertices;
  for (size_t v = 0; v < roads.geometry.vertex_count(); ++v) vertices.insert({roads.geometry.vertex(v).x, roads.geometry.vertex(v).y});
  for (size_t k = 0; k < pieces.size(); ++k)
    for (size_t v = 0; v < pieces[k].line.size(); ++v) {
      const Vec2 p = pieces[k].line[v];
      if (k == 0 && v == 0) {
        double d = 1e300;
        for (size_t f = 0; f < roads.size(); ++f) d = std::min(d, point_feature_distance(roads.geometry, f, p.x, p.y));
        EXPECT_LT(d, 1e-9) << "the access point lies on a road";
      } else {
        EXPECT_TRUE(vertices.count({p.x, p.y})) << "piece " << k << " vertex " << v << " (" << p.x << ", " << p.y << ") is not a road vertex";
      }
    }
}

double total(const std::vector<RoutePiece>& pieces, double RoutePiece::*m) {
  double s = 0;
  for (const auto& p : pieces) s += p.*m;
  return s;
}

TEST(UpgradeRoutes, PavesTheGravelRoadAlongItsOwnVerticesToTheConnectedPavedRoad) {
  const Roads r = county();
  auto router = UpgradeRouter::make(r.t, road_item(), pave(), nullptr);
  ASSERT_TRUE(router) << router.error().to_string();
  ASSERT_TRUE(router->usable());
  const auto route = router->route({1000, 2100});
  ASSERT_TRUE(route);
  ASSERT_EQ(route->size(), 2u);  // the access edge (from its end) and the first gravel feature
  expect_on_road_vertices(r.t, *route);
  EXPECT_EQ(route->front().line.front().x, 1000);  // access point: the road's end, nearest to the village
  EXPECT_EQ(route->front().line.front().y, 2000);
  EXPECT_EQ(route->back().line.back().x, 1000);  // ends on the paved county road
  EXPECT_EQ(route->back().line.back().y, 0);
  const double length = total(*route, &RoutePiece::length_m);
  EXPECT_NEAR(length, 1000 + 2 * std::hypot(20.0, 500.0), 1e-6);
  EXPECT_NEAR(total(*route, &RoutePiece::cost_cny), length * 800, 1e-3);  // 800 CNY per metre of gravel, flat
}

TEST(UpgradeRoutes, TheAccessPointMayBeInsideARoadAndOnlyThePartTowardTheNetworkIsPaved) {
  const Roads r = county();
  auto router = UpgradeRouter::make(r.t, road_item(), pave(), nullptr);
  ASSERT_TRUE(router);
  const auto route = router->route({1300, 700});  // nearest road point: (1000, 700), inside the first gravel road
  ASSERT_TRUE(route);
  ASSERT_EQ(route->size(), 1u);
  expect_on_road_vertices(r.t, *route);
  const auto& line = route->front().line;
  ASSERT_EQ(line.size(), 3u);  // (1000, 700), (1000, 400), (1000, 0)
  EXPECT_DOUBLE_EQ(line[0].y, 700);
  EXPECT_DOUBLE_EQ(line[1].y, 400);
  EXPECT_DOUBLE_EQ(line[2].y, 0);
  EXPECT_NEAR(route->front().length_m, 700, 1e-9);
}

TEST(UpgradeRoutes, TheCheaperSurfaceWinsOverTheShorterRoute) {
  Roads r;
  r.add({{0, 0}, {4000, 0}}, "concrete", "provincial");
  // the village at (2000, 1000): earth straight down (1000 m × 1.3 = 1300),
  // or gravel east then down (400 + 1000 = 1400 × 1.0 = 1400): earth wins;
  // with earth at 1.5 the gravel wins.
  r.add({{2000, 1000}, {2000, 0}}, "earth", "other");
  r.add({{2000, 1000}, {2400, 1000}}, "gravel", "other");
  r.add({{2400, 1000}, {2400, 0}}, "gravel", "other");
  auto a = UpgradeRouter::make(r.t, road_item(), pave(), nullptr);
  ASSERT_TRUE(a);
  auto via_earth = a->route({2000, 1010});
  ASSERT_TRUE(via_earth);
  EXPECT_NEAR(total(*via_earth, &RoutePiece::length_m), 1000, 1e-9);
  Build dear = pave();
  dear.value_factor = {{"gravel", 1.0}, {"earth", 1.5}};
  auto b = UpgradeRouter::make(r.t, road_item(), dear, nullptr);
  ASSERT_TRUE(b);
  auto via_gravel = b->route({2000, 1010});
  ASSERT_TRUE(via_gravel);
  EXPECT_NEAR(total(*via_gravel, &RoutePiece::length_m), 1400, 1e-9);
  EXPECT_NEAR(total(*via_gravel, &RoutePiece::cost_cny), 1400 * 800, 1e-3);
  expect_on_road_vertices(r.t, *via_gravel);
}

TEST(UpgradeRoutes, PavedButUnconnectedStretchesCostNothingAndUnusableSurfacesAreNotUsed) {
  Roads r;
  r.add({{0, 0}, {3000, 0}}, "asphalt", "county");
  r.add({{1000, 0}, {1000, 500}}, "gravel", "other");
  r.add({{1000, 500}, {1000, 1500}}, "concrete", "village");  // paved, not connected by itself
  r.add({{1000, 1500}, {1000, 2000}}, "gravel", "other");
  r.add({{3000, 0}, {3000, 2000}}, "track", "other");  // no factor: cannot be upgraded
  auto router = UpgradeRouter::make(r.t, road_item(), pave(), nullptr);
  ASSERT_TRUE(router);
  const auto route = router->route({1050, 2000});
  ASSERT_TRUE(route);
  ASSERT_EQ(route->size(), 3u);
  EXPECT_GT((*route)[0].cost_cny, 0);
  EXPECT_EQ((*route)[1].cost_cny, 0);  // already paved
  EXPECT_GT((*route)[2].cost_cny, 0);
  EXPECT_NEAR(total(*route, &RoutePiece::cost_cny), 1000 * 800, 1e-3);
  EXPECT_FALSE(router->route({3050, 2000})) << "a track (no factor) is not a road to pave";
  EXPECT_FALSE(router->route({1000, 2600})) << "no road within the item's 500 m";
}

TEST(UpgradeRoutes, SteepRoadsCostMoreByTheirSlopeClassOverTheDem) {
  const Roads r = county();
  Raster dem;
  dem.width = 30;
  dem.height = 40;  // y from 3000 down to -1000
  dem.geotransform = {0, 100, 0, 3000, 0, -100};
  dem.values.resize(1200);
  for (int row = 0; row < 40; ++row)
    for (int c = 0; c < 30; ++c) dem.values[static_cast<size_t>(row * 30 + c)] = static_cast<float>((3000 - row * 100 - 50) * 0.12);  // 12 % northward
  EXPECT_NEAR(mean_slope(r.t.geometry, 1, &dem), 0.12, 0.02);
  auto router = UpgradeRouter::make(r.t, road_item(), pave(), &dem);
  ASSERT_TRUE(router);
  const auto route = router->route({1000, 2100});
  ASSERT_TRUE(route);
  EXPECT_NEAR(total(*route, &RoutePiece::cost_cny), total(*route, &RoutePiece::length_m) * 800 * 1.5, 1e-3);
}

TEST(UpgradeRoutes, ALayerWithoutTheFieldsGivesNoRoutesInsteadOfWrongOnes) {
  FeatureTable t = test::make_table("roads", GeometryKind::line);
  test::add_line(t, {{0, 0}, {1000, 0}});
  test::col(t, "class", FieldType::text).push_text("county");
  auto router = UpgradeRouter::make(t, road_item(), pave(), nullptr);
  ASSERT_TRUE(router);
  EXPECT_FALSE(router->usable());
  EXPECT_FALSE(router->route({0, 10}));
  indicators::Item anchors_only = road_item();
  anchors_only.trunk_filter.clear();
  anchors_only.anchor_filter = "kind = 'substation'";
  auto r2 = UpgradeRouter::make(county().t, anchors_only, pave(), nullptr);
  ASSERT_TRUE(r2);
  EXPECT_FALSE(r2->usable()) << "connection by anchors is not read here: no route rather than a route to an unconnected road";
}

TEST(UpgradeRuns, AStretchOnSeveralVillagesRoutesIsOneRunWithTheSameKeys) {
  Roads r = county();
  r.add({{1000, 1000}, {1500, 1000}}, "earth", "other");  // a branch to a second village at (1500, 1050)
  auto router = UpgradeRouter::make(r.t, road_item(), pave(), nullptr);
  ASSERT_TRUE(router);
  const auto a = router->route({1000, 2100});
  const auto b = router->route({1500, 1050});
  ASSERT_TRUE(a && b);
  const auto runs = split_runs({&*a, &*b});
  ASSERT_EQ(runs[0].size(), 2u);  // its own stretch north of (1000, 1000), then the shared one
  ASSERT_EQ(runs[1].size(), 2u);  // its own branch, then the shared one
  EXPECT_EQ(runs[0][1].keys, runs[1][1].keys);
  EXPECT_NE(runs[0][0].keys, runs[1][0].keys);
  EXPECT_NEAR(runs[0][1].length_m, 1000, 1e-9);
  EXPECT_NEAR(runs[0][0].cost_cny + runs[0][1].cost_cny, total(*a, &RoutePiece::cost_cny), 1e-6);
  EXPECT_DOUBLE_EQ(runs[0][0].line.back().x, runs[0][1].line.front().x);  // consecutive runs meet
  EXPECT_DOUBLE_EQ(runs[0][0].line.back().y, runs[0][1].line.front().y);
}

}  // namespace
}  // namespace jiuyou::invest
