// Tower sites: one tower on the highest ground near a village fixes every
// failing village of the coverage item its radius covers and its mast sees
// over the DEM; a village behind a ridge or beyond the radius is not claimed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

#include "gis/invest/candidates_sites.hpp"
#include "gis/invest/optimise.hpp"
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
    tower.site.enabled = true;
    tower.site.search_m = 1500;
    tower.site.mast_m = 40;
    tower.site.target_m = 2;
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

// The tower on the hill top (villages 0 and 1), after the villages' own towers.
const Project* hill_site(const Candidates& c) {
  for (const auto& p : c.projects)
    if (std::hypot(p.geometry[0].x - 3000, p.geometry[0].y - 6000) < 50) return &p;
  return nullptr;
}

// A site on high ground needs a track and a power drop from the nearest road
// (or from its village, where that is nearer): 300 CNY/m × the detour factor 1.4.
TEST(TowerSites, AHillTopFartherFromRoadsCostsMoreByItsAccess) {
  const auto with_road = [](std::optional<double> road_x) {
    auto k = std::make_unique<County>();
    k->costs.detour_factor = 1.4;
    k->costs.builds[0].site.access_cny_per_m = 300;
    k->costs.builds[0].site.access_from = {"roads"};
    FeatureTable roads = test::make_table("roads", GeometryKind::line);
    if (road_x) test::add_line(roads, {{*road_x, 0}, {*road_x, 12000}});
    k->ws.layers.push_back(std::move(roads));
    EXPECT_TRUE(add_tower_sites(k->ws, k->check, k->costs, k->c));
    return k;
  };
  const auto none = with_road(std::nullopt);
  const Project* far = hill_site(none->c);
  ASSERT_NE(far, nullptr);
  const Vec2 at = far->geometry[0];
  // No road: from village 0 at (3500, 6000), the village it was found for.
  EXPECT_NEAR(far->cost_cny, 5e5 + std::hypot(at.x - 3500, at.y - 6000) * 1.4 * 300, 1e-6);
  const auto on = with_road(at.x);
  ASSERT_NE(hill_site(on->c), nullptr);
  EXPECT_DOUBLE_EQ(hill_site(on->c)->cost_cny, 5e5) << "a road past the site: nothing to add";
  const auto near = with_road(at.x + 200);
  ASSERT_NE(hill_site(near->c), nullptr);
  EXPECT_NEAR(hill_site(near->c)->cost_cny, 5e5 + 200 * 1.4 * 300, 1e-6);
  EXPECT_LT(hill_site(near->c)->cost_cny, far->cost_cny);
}

// Each village's own tower (50万) beside the shared hill-top site: the plan
// takes the site while its access keeps it under two towers, and the two
// village towers once the access makes the saving disappear.
TEST(TowerSites, ThePlanTakesTheVillageTowersWhenTheHillTopsAccessEatsTheSaving) {
  const auto plan = [](double access_cny_per_m) {
    County k;
    k.costs.detour_factor = 1.4;
    k.costs.builds[0].site.access_cny_per_m = access_cny_per_m;
    k.costs.builds[0].site.access_from = {"roads"};
    const auto& villages = *k.ws.layer("villages");
    for (uint32_t v = 0; v < 4; ++v) {
      k.c.projects.push_back(Project{0, v, {villages.geometry.first_vertex(v)}, 1, 0, 5e5, {v}, ""});
      k.c.fixers[v].push_back(v);
    }
    EXPECT_TRUE(add_tower_sites(k.ws, k.check, k.costs, k.c));
    Instance inst;
    for (const auto& p : k.c.projects) inst.cost.push_back(p.cost_cny);
    for (uint32_t v = 0; v < 4; ++v) inst.needs.push_back({k.c.fixers[v]});
    inst.weight.assign(4, 1.0);
    const Selection s = greedy(inst, 2.2e6);  // room for either way: the cheaper is kept
    const auto site = static_cast<size_t>(hill_site(k.c) - k.c.projects.data());
    return std::tuple{s.chosen[site] != 0, s.chosen[0] != 0 && s.chosen[1] != 0, s.covered[0] && s.covered[1]};
  };
  // 500 m from village 0 × 1.4 × 100 CNY/m = 7万: 57万 for two villages.
  const auto [cheap_site, cheap_towers, cheap_covered] = plan(100);
  EXPECT_TRUE(cheap_site);
  EXPECT_FALSE(cheap_towers);
  EXPECT_TRUE(cheap_covered);
  // × 1,000 CNY/m = 70万: 120万 against 100万 for the two village towers (all four villages served either way).
  const auto [dear_site, dear_towers, dear_covered] = plan(1000);
  EXPECT_FALSE(dear_site);
  EXPECT_TRUE(dear_towers);
  EXPECT_TRUE(dear_covered);
}

}  // namespace
}  // namespace jiuyou::invest
