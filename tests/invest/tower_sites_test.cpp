// Tower sites: one tower on the highest ground near a village fixes every
// failing village of the coverage item its radius covers and its mast sees
// over the DEM; a village behind a ridge or beyond the radius is not claimed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "gis/invest/candidates_sites.hpp"
#include "support/table_builders.hpp"

namespace jiuyou::invest {
namespace {

// Flat ground at 100 m, 12 km square (30 m cells), a hill rising to 600 m at
// (3000, 6000) and a 400 m high wall along x = 4500 (lower than the hill top,
// so the hill is the highest ground near its villages); point villages.
struct County {
  Workspace ws;
  indicators::CheckResult check;
  CostTable costs;
  Candidates c;
  County() {
    Raster dem;
    dem.width = 400;
    dem.height = 400;
    dem.geotransform = {0, 30, 0, 12000, 0, -30};
    dem.values.assign(160000, 100.0F);
    for (int row = 0; row < 400; ++row)
      for (int col = 0; col < 400; ++col) {
        const double x = (col + 0.5) * 30, y = 12000 - (row + 0.5) * 30;
        const double hill = 500 - std::hypot(x - 3000, y - 6000) / 4;
        float& z = dem.values[static_cast<size_t>(row * 400 + col)];
        z = static_cast<float>(100 + std::max(0.0, hill));
        if (col == 150) z = 400.0F;  // the wall at x = 4500
      }
    ws.dem = dem;
    FeatureTable villages = test::make_table("villages", GeometryKind::point);
    for (const Vec2 p : {Vec2{3500, 6000}, Vec2{2000, 7500}, Vec2{5500, 6000}, Vec2{11000, 11000}}) test::add_point(villages, p.x, p.y);
    ws.layers.push_back(std::move(villages));
    indicators::Item item;
    item.id = "broadband";
    item.kind = indicators::ItemKind::coverage;
    item.tower_radius_m = 3000;
    check.rules.items.push_back(item);
    Build tower;
    tower.item = "broadband";
    tower.shape = Shape::point;
    tower.into = "broadband_towers";
    tower.cost_cny = 5e5;
    tower.site = {true, 1500, 40, 2};
    tower.feature = {FeatureValue{"radius_m", FieldType::real, "", 3000, false}};
    costs.builds.push_back(tower);
    for (uint32_t v = 0; v < 4; ++v) {  // every village fails broadband
      c.needs.push_back(Need{v, 0});
      c.fixers.emplace_back();
    }
  }
};

std::set<uint32_t> villages_of(const Candidates& c, const Project& p) {
  std::set<uint32_t> out;
  for (const uint32_t k : p.needs) out.insert(c.needs[k].village);
  return out;
}

TEST(TowerSites, OneTowerOnTheHillServesTheVillagesItSeesWithinItsRadius) {
  County k;
  ASSERT_TRUE(add_tower_sites(k.ws, k.check, k.costs, k.c));
  const auto on_hill = std::find_if(k.c.projects.begin(), k.c.projects.end(), [](const Project& p) {
    return std::hypot(p.geometry[0].x - 3000, p.geometry[0].y - 6000) < 50;
  });
  ASSERT_NE(on_hill, k.c.projects.end()) << "the villages near the hill share the tower on its top";
  // Villages 0 and 1 are within 3 km of the top and seen; village 2 is 2.5 km
  // away too, but behind the wall.
  EXPECT_EQ(villages_of(k.c, *on_hill), (std::set<uint32_t>{0, 1}));
  EXPECT_DOUBLE_EQ(on_hill->cost_cny, 5e5);
  EXPECT_EQ(k.c.needs[on_hill->needs[0]].village, 0u) << "built for the village whose search found the top";
  for (const auto& p : k.c.projects) {
    const auto vs = villages_of(k.c, p);
    EXPECT_FALSE(vs.count(3) && vs.size() > 1) << "the far corner village is alone";
  }
  // Each site is one project: the three villages near the hill do not make three towers on the same top.
  std::set<std::pair<double, double>> sites;
  for (const auto& p : k.c.projects) EXPECT_TRUE(sites.insert({p.geometry[0].x, p.geometry[0].y}).second);
  for (const uint32_t n : on_hill->needs) EXPECT_NE(std::find(k.c.fixers[n].begin(), k.c.fixers[n].end(), on_hill - k.c.projects.begin()), k.c.fixers[n].end());
}

TEST(TowerSites, WithoutADemOrASiteRuleThereAreNone) {
  County k;
  k.ws.dem.reset();
  ASSERT_TRUE(add_tower_sites(k.ws, k.check, k.costs, k.c));
  EXPECT_TRUE(k.c.projects.empty());
  County j;
  j.costs.builds[0].site.enabled = false;
  ASSERT_TRUE(add_tower_sites(j.ws, j.check, j.costs, j.c));
  EXPECT_TRUE(j.c.projects.empty());
}

}  // namespace
}  // namespace jiuyou::invest
