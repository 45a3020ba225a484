// The cost table (data/costs/*.toml): the shipped one loads with every unit
// converted to CNY; wrong units and unknown keys are rule errors naming the build and key.
#include <gtest/gtest.h>

#include "gis/invest/costs.hpp"

namespace jiuyou::invest {
namespace {

TEST(Costs, TheDefaultTableLoadsInYuan) {
  auto c = load_costs("default");
  ASSERT_TRUE(c) << c.error().to_string();
  const Build* road = c->find("road");
  ASSERT_NE(road, nullptr);
  EXPECT_EQ(road->shape, Shape::line);
  EXPECT_EQ(road->into, "roads");
  EXPECT_DOUBLE_EQ(road->cost_cny, 1.5e6);  // 150 万元/km
  const Build* water = c->find("safe_water");
  ASSERT_NE(water, nullptr);
  EXPECT_DOUBLE_EQ(water->lift_cny_per_m, 5000);
  const Build* tower = c->find("broadband");
  ASSERT_NE(tower, nullptr);
  EXPECT_EQ(tower->shape, Shape::point);
  EXPECT_GT(c->detour_factor, 1.0);
  for (const auto& b : c->builds) {
    EXPECT_FALSE(b.source.empty()) << b.item << ": every unit cost says where it comes from";
    EXPECT_FALSE(b.feature.empty()) << b.item;
    EXPECT_GT(b.cost_cny, 0) << b.item;
  }
  EXPECT_EQ(c->find("income_growth_above_mean"), nullptr);
}

std::string one_build(const std::string& body) {
  return "[costs]\ndetour_factor = 1.2\n[build.road]\nshape = \"line\"\ninto = \"roads\"\n" + body + "\n[build.road.feature]\nsurface = \"concrete\"\n";
}

void expect_error(const std::string& text, const std::string& words, const std::string& field) {
  auto c = parse_costs(text, "my.toml");
  ASSERT_FALSE(c) << text;
  EXPECT_EQ(c.error().code, ErrorCode::rules);
  EXPECT_EQ(c.error().file, "my.toml");
  EXPECT_NE(c.error().message.find(words), std::string::npos) << c.error().message;
  EXPECT_EQ(c.error().field, field);
}

TEST(Costs, UnitsAreChecked) {
  expect_error(one_build("cost = 150\nunit = \"万元/each\""), "[build.road]: unit = \"万元/each\" is not a unit", "unit");
  expect_error(one_build("cost = 150\nunit = \"美元/km\""), "is not a unit", "unit");
  expect_error(one_build("cost = 150"), "is not a unit", "unit");
  expect_error(one_build("cost = -1\nunit = \"CNY/km\""), "cost = -1 CNY/km: a unit cost must be more than 0", "cost");
  expect_error(one_build("cost = 1\nunit = \"CNY/km\"\nlift_cost = 1\nlift_unit = \"CNY/km\""), "lift_unit", "lift_unit");
  auto ok = parse_costs(one_build("cost = 150\nunit = \"万元/km\""), "my.toml");
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_DOUBLE_EQ(ok->builds[0].cost_cny, 1.5e6);
}

TEST(Costs, TyposAndMissingPartsAreNamed) {
  expect_error(one_build("cost = 1\nunit = \"CNY/km\"\ncots = 2"), "unknown key 'cots'", "cots");
  expect_error("[costs]\n[build.road]\nshape = \"line\"\ninto = \"roads\"\ncost = 1\nunit = \"CNY/km\"\n", "no [build.road.feature]", "");
  expect_error("[costs]\ndetour_factor = 0.5\n[build.road]\n", "detour_factor", "detour_factor");
  expect_error("[costs]\n", "no [build.<item id>]", "");
  auto syntax = parse_costs("[costs\n", "my.toml");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().code, ErrorCode::rules);
  EXPECT_NE(syntax.error().message.find("line 1"), std::string::npos);
  auto missing = load_costs("/nonexistent/costs.toml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::io);
}

TEST(Costs, TheDefaultTablePavesGravelAndEarthRoadsBySlopeClass) {
  auto c = load_costs("default");
  ASSERT_TRUE(c) << c.error().to_string();
  const Build* pave = c->find_upgrade("road");
  ASSERT_NE(pave, nullptr);
  EXPECT_EQ(pave->shape, Shape::upgrade);
  EXPECT_EQ(c->find("road")->shape, Shape::line) << "find gives the new construction, find_upgrade the paving";
  EXPECT_EQ(pave->into, "roads");
  EXPECT_EQ(pave->by_field, "surface");
  EXPECT_DOUBLE_EQ(pave->cost_cny, 8e5);  // 80 万元/km
  EXPECT_DOUBLE_EQ(pave->factor_of("gravel"), 1.0);
  EXPECT_GT(pave->factor_of("earth"), 1.0);
  EXPECT_EQ(pave->factor_of("asphalt"), 0) << "only the listed surfaces are upgraded";
  EXPECT_DOUBLE_EQ(pave->slope_factor(0.0), 1.0);
  EXPECT_GT(pave->slope_factor(0.08), 1.0);
  EXPECT_GT(pave->slope_factor(0.3), pave->slope_factor(0.08));
  EXPECT_EQ(c->find_upgrade("power"), nullptr);
}

std::string upgrade(const std::string& body) {
  return "[costs]\n[build.pave]\nitem = \"road\"\nshape = \"upgrade\"\ninto = \"roads\"\ncost = 80\nunit = \"万元/km\"\n" + body +
         "\n[build.pave.feature]\nsurface = \"concrete\"\n";
}

TEST(Costs, UpgradesNeedTheFieldFactorsAndOrderedSlopeClasses) {
  auto ok = parse_costs(upgrade("by_field = \"surface\"\nfactor = { gravel = 1.0 }"), "my.toml");
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(ok->builds[0].item, "road");
  EXPECT_DOUBLE_EQ(ok->builds[0].slope_factor(0.5), 1.0) << "no slope classes: factor 1";
  expect_error(upgrade("factor = { gravel = 1.0 }"), "[build.pave]: an upgrade needs by_field", "by_field");
  expect_error(upgrade("by_field = \"surface\""), "needs [build.pave.factor]", "factor");
  expect_error(upgrade("by_field = \"surface\"\nfactor = { gravel = 0 }"), "factor of 'gravel' must be a number > 0", "factor");
  expect_error(upgrade("by_field = \"surface\"\nfactor = { gravel = 1 }\nslope_classes = [ { max_slope = 0.1, factor = 1.2 }, { max_slope = 0.05, factor = 1.0 } ]"),
               "max_slope increasing", "slope_classes");
  expect_error("[costs]\n[build.pave]\nitem = \"road\"\nshape = \"upgrade\"\ninto = \"roads\"\ncost = 80\nunit = \"万元/each\"\nby_field = \"surface\"\n"
               "factor = { gravel = 1 }\n[build.pave.feature]\nsurface = \"concrete\"\n",
               "is not a unit", "unit");  // an upgrade is priced per km
}

TEST(Costs, NewRoadsFollowTheTerrainWithBridgesAndAvoidedZones) {
  auto c = load_costs("default");
  ASSERT_TRUE(c) << c.error().to_string();
  const PathRule& p = c->find("road")->path;
  EXPECT_TRUE(p.enabled);
  EXPECT_EQ(p.avoid, (std::vector<std::string>{"hazards", "protected"}));
  EXPECT_DOUBLE_EQ(p.bridge_cny, 1.2e6);
  EXPECT_GT(p.max_slope, 0.1);
  EXPECT_TRUE(c->find("power")->path.enabled) << "10 kV lines off the roads follow the terrain too";
  EXPECT_GT(c->find("power")->path.max_slope, p.max_slope) << "poles stand on slopes no road climbs";
  EXPECT_FALSE(c->find("safe_water")->path.enabled);
  expect_error(one_build("cost = 1\nunit = \"CNY/km\"\n[build.road.path]\navoid = \"hazards\""), "avoid must be a list of layer names", "avoid");
  expect_error(one_build("cost = 1\nunit = \"CNY/km\"\n[build.road.path]\nbridge_cost = 1\nbridge_unit = \"CNY/km\""), "bridge_unit", "bridge_unit");
  expect_error(one_build("cost = 1\nunit = \"CNY/km\"\n[build.road.path]\nbrige_cost = 1"), "unknown key 'brige_cost' in [path]", "brige_cost");
  // Rivers to bridge but no price for a bridge: every crossing would be free (the path would cross at will).
  expect_error(one_build("cost = 1\nunit = \"CNY/km\"\n[build.road.path]\nbridge_over = [\"rivers\"]"), "no bridge_cost", "bridge_cost");
  EXPECT_TRUE(parse_costs(one_build("cost = 1\nunit = \"CNY/km\"\n[build.road.path]\navoid = [\"hazards\"]"), "t.toml")) << "no rivers to bridge, no price needed";
  expect_error(
      "[costs]\n[build.clinic]\nshape = \"point\"\ninto = \"facilities\"\ncost = 1\nunit = \"CNY/each\"\n[build.clinic.path]\n[build.clinic.feature]\nkind = \"clinic\"\n",
      "[path] is for line builds only", "path");
}

TEST(Costs, AWaterWorksIsTheAlternativeToThePipe) {
  auto c = load_costs("default");
  ASSERT_TRUE(c) << c.error().to_string();
  const auto water = c->builds_for("safe_water");
  ASSERT_EQ(water.size(), 2u);
  EXPECT_EQ(water[0]->shape, Shape::line) << "the pipe first (find)";
  EXPECT_EQ(water[1]->shape, Shape::point);
  EXPECT_EQ(water[1]->into, "water_plants");
  EXPECT_EQ(c->builds_for("road").size(), 1u) << "the paving is an upgrade, not a new build";
  EXPECT_TRUE(c->builds_for("income_growth_above_mean").empty());
}

TEST(Costs, TowersMayStandOnHighGround) {
  auto c = load_costs("default");
  ASSERT_TRUE(c) << c.error().to_string();
  const SiteRule& s = c->find("broadband")->site;
  EXPECT_TRUE(s.enabled);
  EXPECT_GT(s.search_m, 0);
  EXPECT_GT(s.mast_m, 0);
  EXPECT_FALSE(c->find("clinic")->site.enabled);
  expect_error(one_build("cost = 1\nunit = \"CNY/km\"\n[build.road.site]"), "[site] is for point builds only", "site");
  expect_error("[costs]\n[build.broadband]\nshape = \"point\"\ninto = \"broadband_towers\"\ncost = 1\nunit = \"CNY/each\"\n[build.broadband.site]\nmast = 40\n"
               "[build.broadband.feature]\nkind = \"tower\"\n",
               "unknown key 'mast' in [site]", "mast");
}

TEST(Costs, TenKvLinesFollowTheRoadsWithinReachAndDetour) {
  auto c = load_costs("default");
  ASSERT_TRUE(c) << c.error().to_string();
  const AlongRule& a = c->find("power")->along;
  EXPECT_TRUE(a.enabled);
  EXPECT_EQ(a.layer, "roads");
  EXPECT_DOUBLE_EQ(a.snap_m, 1000);
  EXPECT_DOUBLE_EQ(a.max_ratio, 2.5);
  EXPECT_FALSE(c->find("road")->along.enabled);
  auto ok = parse_costs(one_build("cost = 1\nunit = \"CNY/km\"\n[build.road.along]\nlayer = \"tracks\""), "my.toml");
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(ok->find("road")->along.layer, "tracks");
  EXPECT_DOUBLE_EQ(ok->find("road")->along.snap_m, 300) << "the default reach";
  expect_error(one_build("cost = 1\nunit = \"CNY/km\"\n[build.road.along]\nsnap_m = 300"), "[along] needs layer", "layer");
  expect_error(one_build("cost = 1\nunit = \"CNY/km\"\n[build.road.along]\nlayer = \"roads\"\nmax_ratio = 0.5"), "max_ratio must be at least 1", "max_ratio");
  expect_error(one_build("cost = 1\nunit = \"CNY/km\"\n[build.road.along]\nlayer = \"roads\"\nsnap = 300"), "unknown key 'snap' in [along]", "snap");
  expect_error(
      "[costs]\n[build.clinic]\nshape = \"point\"\ninto = \"facilities\"\ncost = 1\nunit = \"CNY/each\"\n[build.clinic.along]\nlayer = \"roads\"\n[build.clinic.feature]\nkind = \"clinic\"\n",
      "[along] is for line builds only", "along");
}

std::string tower_with_site(const std::string& site) {
  return "[costs]\n[build.broadband]\nshape = \"point\"\ninto = \"broadband_towers\"\ncost = 50\nunit = \"万元/each\"\n[build.broadband.site]\n" + site +
         "\n[build.broadband.feature]\nkind = \"tower\"\n";
}

TEST(Costs, AHillTopSitePaysForItsAccessPerKm) {
  auto c = load_costs("default");
  ASSERT_TRUE(c) << c.error().to_string();
  const SiteRule& s = c->find("broadband")->site;
  EXPECT_DOUBLE_EQ(s.access_cny_per_m, 350) << "35 万元/km";
  EXPECT_EQ(s.access_from, (std::vector<std::string>{"roads", "power"}));
  auto ok = parse_costs(tower_with_site("access_cost = 20\naccess_unit = \"万元/km\"\naccess_from = [\"roads\"]"), "my.toml");
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_DOUBLE_EQ(ok->find("broadband")->site.access_cny_per_m, 200);
  expect_error(tower_with_site("access_cost = 20\naccess_from = [\"roads\"]"), "access_unit", "access_unit");
  expect_error(tower_with_site("access_cost = 20\naccess_unit = \"万元/each\"\naccess_from = [\"roads\"]"), "access_unit", "access_unit");
  expect_error(tower_with_site("access_cost = 20\naccess_unit = \"万元/km\""), "needs access_from", "access_from");
  expect_error(tower_with_site("access_cost = -1\naccess_unit = \"万元/km\"\naccess_from = [\"roads\"]"), "[build.broadband.site] access_cost = -1 万元/km: a unit cost must be more than 0", "access_cost");
}

}  // namespace
}  // namespace jiuyou::invest
