#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <regex>

#include "gis/indicators/rule_set.hpp"
#include "gis/io/dem_processing.hpp"
#include "gis/io/load.hpp"
#include "gis/relocate/relocate.hpp"
#include "valley_fixture.hpp"
#include "gis/plan/relocate_report.hpp"
#include "gis/synth/synth_county.hpp"

using namespace jiuyou;
using namespace jiuyou::plan;
using namespace jiuyou::plan::valley_fixture;

namespace {

const ExcludedArea* excluded_at(const RelocationPlan& plan, double x, double y) {
  for (const auto& e : plan.excluded)
    if (e.cell.min_x < x && x < e.cell.max_x && e.cell.min_y < y && y < e.cell.max_y) return &e;
  return nullptr;
}

}  // namespace

TEST(Relocate, MoversAreTheGivenHouseholdsAndTheLandslideVillageWithReasons) {
  auto plan = plan_relocation(valley(), road_rules(), valley_params());
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->movers.size(), 2U);
  EXPECT_EQ(plan->movers[0].name, "A");
  EXPECT_EQ(plan->movers[0].households, 40);
  EXPECT_NE(plan->movers[0].reason.find("relocate_households = 40"), std::string::npos);
  EXPECT_EQ(plan->movers[1].name, "B");
  EXPECT_EQ(plan->movers[1].households, 30);  // the whole village
  EXPECT_NE(plan->movers[1].reason.find("landslide"), std::string::npos) << plan->movers[1].reason;
  EXPECT_EQ(plan->households, 70);
}

TEST(Relocate, CellsInsideEachExclusionAreExcludedWithTheirReason) {
  auto plan = plan_relocation(valley(), road_rules(), valley_params());
  ASSERT_TRUE(plan) << plan.error().to_string();
  // The grid is the villages' extent plus 2 km: x -2000..8000, y -1000..3000, 500 m cells.
  EXPECT_EQ(plan->candidates, 20 * 8);
  const auto* landslide = excluded_at(*plan, 3250, 1250);
  ASSERT_NE(landslide, nullptr);
  EXPECT_NE(landslide->reasons.find("hazard"), std::string::npos);
  EXPECT_NE(landslide->reasons_zh.find("地质灾害区"), std::string::npos);
  // Flood zones have no buffer: the cell x -2000..-1500, y -1000..-500, 50 m north of the flood square, stays buildable.
  EXPECT_EQ(excluded_at(*plan, -1750, -750), nullptr);
  const auto* farmland = excluded_at(*plan, -1250, 2250);
  ASSERT_NE(farmland, nullptr);
  EXPECT_NE(farmland->reasons.find("basic_farmland"), std::string::npos);
  const auto* redline = excluded_at(*plan, 4250, -750);
  ASSERT_NE(redline, nullptr);
  EXPECT_NE(redline->reasons.find("ecological_redline"), std::string::npos);
  const auto* steep = excluded_at(*plan, 7250, 750);
  ASSERT_NE(steep, nullptr);
  EXPECT_NE(steep->reasons.find("slope"), std::string::npos);
  const auto* plateau = excluded_at(*plan, 2250, 2750);  // y 2500..3000: on the 1200 m plateau
  ASSERT_NE(plateau, nullptr);
  EXPECT_NE(plateau->reasons.find("altitude"), std::string::npos);
  // A cell beside the landslide (x 2000..2500) keeps its western samples: 50..450 m from the zone, > 200 m for x <= 2250.
  const Site* beside = nullptr;
  for (const auto& s : plan->sites)
    if (s.extent.min_x == 2000 && s.extent.min_y == 500) beside = &s;
  ASSERT_NE(beside, nullptr);
  EXPECT_NE(beside->partly_excluded.find("hazard_buffer"), std::string::npos);
  EXPECT_LE(beside->point.x, 2300);
  EXPECT_DOUBLE_EQ(beside->buildable_m2, 15 * 100.0 * 100.0);  // 3 columns x 5 rows of 100 m samples
  EXPECT_EQ(beside->capacity, static_cast<int64_t>(150000 / 150));
}

TEST(Relocate, NoSiteBreaksAnyHardExclusion) {
  const Workspace ws = valley();
  const RelocateParams p = valley_params();
  auto plan = plan_relocation(ws, road_rules(), p);
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_FALSE(plan->sites.empty());
  auto slope = io::dem_slope_deg(*ws.dem);
  ASSERT_TRUE(slope) << slope.error().to_string();
  const FeatureTable* hz = ws.layer("hazards");
  const FeatureTable* pr = ws.layer("protected");
  int chosen = 0;
  for (const auto& s : plan->sites) {
    chosen += s.chosen ? 1 : 0;
    for (size_t h = 0; h < hz->size(); ++h) {
      EXPECT_FALSE(point_in_feature(hz->geometry, h, s.point.x, s.point.y)) << s.label;
      if (hz->column("kind")->as_text(h) != "flood") {
        EXPECT_GT(point_feature_distance(hz->geometry, h, s.point.x, s.point.y), p.hazard_buffer_m) << s.label;
      }
    }
    for (size_t r = 0; r < pr->size(); ++r) EXPECT_FALSE(point_in_feature(pr->geometry, r, s.point.x, s.point.y)) << s.label;
    EXPECT_LE(*slope->cell_value(s.point.x, s.point.y), p.max_slope_deg) << s.label;
    EXPECT_LT(s.point.x, 6000) << s.label;  // the 45° ramp starts at x = 6000
    EXPECT_LE(dem_z(s.point.x, s.point.y), p.max_altitude_m) << s.label;
  }
  EXPECT_GE(chosen, 1);
  // Every household is placed, and at a site that was chosen.
  EXPECT_EQ(plan->placed, 70);
  for (const auto& f : plan->flows) EXPECT_TRUE(plan->sites[f.site].chosen);
}

TEST(Relocate, OneSiteServesBothVillagesWhenASecondCostsMoreThanTheTravelItSaves) {
  // A second site costs 10,000,000; no household travels more than 6 km to a site next to
  // either village (3 km apart), so all travel together costs less than 70 x 6 x 20,000 = 8,400,000.
  RelocateParams p = valley_params();
  p.fixed_cost_per_site = 10000000;
  p.exact = true;  // CBC: proven optimal on this small instance
  auto plan = plan_relocation(valley(), road_rules(), p);
  ASSERT_TRUE(plan) << plan.error().to_string();
  int chosen = 0;
  for (const auto& s : plan->sites) chosen += s.chosen ? 1 : 0;
  EXPECT_EQ(chosen, 1);
  EXPECT_LE(plan->lower_bound_cny, plan->objective_cny + 1e-6);
  EXPECT_GE(plan->gap, 0.0);
  // The chosen site carries its 四网 status (the one road item here), and its cost is the plan's site cost.
  for (const auto& s : plan->sites) {
    if (!s.chosen) continue;
    ASSERT_EQ(s.networks.size(), 1U);
    EXPECT_EQ(s.networks[0].item, "road");
    EXPECT_NEAR(plan->site_cny, s.fixed_cny, 1e-6);
  }
}

// A point `sites` layer with names and capacities in households.
struct SiteSpec {
  double x, y;
  const char* name;
  int cap;
};
FeatureTable point_sites(std::initializer_list<SiteSpec> specs) {
  FeatureTable sites = make_table("sites", GeometryKind::point);
  sites.add_column("name", FieldType::text);
  sites.add_column("capacity_households", FieldType::integer);
  for (const SiteSpec& s : specs) {
    sites.geometry.add_point_feature(s.x, s.y);
    sites.fid.push_back(static_cast<int64_t>(sites.fid.size()) + 1);
    sites.column("name")->push_text(s.name);
    sites.column("capacity_households")->push_int(s.cap);
  }
  return sites;
}

TEST(Relocate, SitesLayerShortCapacityPlacesWhomItCanAndSaysWhoIsLeft) {
  Workspace ws = valley();
  ws.layers.push_back(point_sites({{1000, 500, "S1", 30}, {2450, 1000, "S2", 100}, {3000, 1000, "S3", 100}, {-1500, -1500, "S4", 100},
                                   {4500, -500, "S5", 100}}));
  RelocateParams p = valley_params();
  p.detour_factor = 3;  // A to S1 straight (1118 m) x 3 is longer than by road (2500 m)
  auto plan = plan_relocation(ws, road_rules(), p);
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->sites.size(), 1U);
  EXPECT_EQ(plan->sites[0].label, "S1");
  ASSERT_EQ(plan->excluded.size(), 4U);
  EXPECT_EQ(plan->excluded[0].label, "S2");
  // 50 m from the landslide: its footprint (a 173 m square, point_site_area_m2 = 30,000 m²) reaches into it.
  EXPECT_EQ(plan->excluded[0].reasons, "hazard");
  EXPECT_EQ(plan->excluded[1].reasons, "hazard");
  EXPECT_EQ(plan->excluded[2].reasons, "flood");
  EXPECT_EQ(plan->excluded[3].reasons, "ecological_redline");
  // 30 places for 70 households: A (nearer S1) fills them, 10 of A and all 30 of B are left, with the reason.
  EXPECT_EQ(plan->placed, 30);
  ASSERT_EQ(plan->flows.size(), 1U);
  EXPECT_EQ(plan->movers[plan->flows[0].mover].name, "A");
  // Along the road: 1000 m down from A, 1000 m along the trunk, 500 m up to S1.
  EXPECT_TRUE(plan->flows[0].by_network);
  EXPECT_NEAR(plan->flows[0].distance_km, 2.5, 1e-9);
  int64_t left = 0;
  for (const auto& u : plan->unplaced) {
    left += u.households;
    EXPECT_NE(u.reason.find("capacity"), std::string::npos);
  }
  EXPECT_EQ(left, 40);
  // K32 (tour 11): the 比选总代价 holds the unplaced households' penalty, as its lower bound does, so
  // the bound is never above the plan it bounds.
  EXPECT_NEAR(plan->unplaced_cny, 40 * p.unplaced_cny_per_household, 1e-6);
  EXPECT_NEAR(plan->objective_cny, plan->site_cny + plan->travel_cny + plan->unplaced_cny, 1e-6);
  EXPECT_LE(plan->lower_bound_cny, plan->objective_cny * (1 + 1e-9) + 1e-6);
  const auto layers = relocation_layers(*plan);
  EXPECT_EQ(layers.sites.size(), 1U);
  EXPECT_EQ(layers.excluded.size(), 4U);
  EXPECT_EQ(layers.flows.size(), 1U);
  ASSERT_EQ(layers.movers.size(), 2U);
  EXPECT_EQ(layers.movers.column("unplaced_households")->get_int(0), 10);
  EXPECT_EQ(layers.movers.column("unplaced_households")->get_int(1), 30);
  // K35 (tour 11): QGIS users read the reasons in Chinese, as relocation.xlsx says them.
  ASSERT_NE(layers.movers.column("unplaced_reason_zh"), nullptr);
  EXPECT_NE(layers.movers.column("unplaced_reason_zh")->as_text(1).find("内的安置点已住满"), std::string::npos);
  ASSERT_NE(layers.movers.column("reason_zh"), nullptr);
  EXPECT_FALSE(layers.movers.column("reason_zh")->as_text(0).empty());
  ASSERT_NE(layers.sites.column("net4_status_zh"), nullptr);
  EXPECT_NE(layers.sites.column("net4_status_zh")->as_text(0).find("四网"), std::string::npos);
}

TEST(Relocate, FieldsDistanceIsTheHouseholdWeightedTravelToTheOriginVillages) {
  // Two point sites on the valley's trunk road side; K = 1, so only S1 opens:
  //   S1 (1000, 500), room for 100: A (40 households) 1000 down + 1000 along + 500 up = 2.5 km,
  //     B (30) 1000 + 2000 + 500 = 3.5 km by road; both go to S1:
  //     fields_km = (40 x 2.5 + 30 x 3.5) / 70 = 205 / 70, score 1 - fields_km / 5;
  //   S7 (5500, 500), room for 40, not chosen: its catchment nearest first, B 30 at
  //     1000 + 2500 + 500 = 4.0 km, then 10 of A at 1000 + 5500 + 500 = 7.0 km:
  //     fields_km = (30 x 4 + 10 x 7) / 40 = 4.75, score 0.05.
  // (detour_factor 3 makes every straight line longer than the road.)
  Workspace ws = valley();
  ws.layers.push_back(point_sites({{1000, 500, "S1", 100}, {5500, 500, "S7", 40}}));
  RelocateParams p = valley_params();
  p.detour_factor = 3;
  p.max_sites = 1;
  p.exact = true;
  auto plan = plan_relocation(ws, road_rules(), p);
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->sites.size(), 2U);
  const Site& s1 = plan->sites[0];
  const Site& s7 = plan->sites[1];
  ASSERT_EQ(s1.label, "S1");
  ASSERT_EQ(s7.label, "S7");
  EXPECT_TRUE(s1.chosen);
  EXPECT_FALSE(s7.chosen);
  EXPECT_EQ(s1.assigned, 70);
  EXPECT_NEAR(s1.fields_km, 205.0 / 70.0, 1e-9);
  EXPECT_NEAR(s1.score_fields, 1.0 - 205.0 / 70.0 / 5.0, 1e-9);
  EXPECT_NEAR(s7.fields_km, 4.75, 1e-9);
  EXPECT_NEAR(s7.score_fields, 0.05, 1e-9);
  // The part enters the suitability with weight_fields: dropping its weight changes the score by exactly its share.
  RelocateParams q = p;
  q.weight_fields = 0;
  auto without = plan_relocation(ws, road_rules(), q);
  ASSERT_TRUE(without) << without.error().to_string();
  const double others = without->sites[0].score / 100.0;  // the other parts' weighted mean (township absent: no weight)
  const double wsum_others = q.weight_road + q.weight_water + q.weight_power + q.weight_broadband + q.weight_school + q.weight_clinic;
  EXPECT_NEAR(s1.score, 100.0 * (others * wsum_others + p.weight_fields * s1.score_fields) / (wsum_others + p.weight_fields), 1e-9);
  // Written in the sites layer.
  const auto layers = relocation_layers(*plan);
  ASSERT_NE(layers.sites.column("fields_km"), nullptr);
  ASSERT_NE(layers.sites.column("score_fields"), nullptr);
  EXPECT_NEAR(layers.sites.column("fields_km")->get_real(0), 205.0 / 70.0, 1e-9);
  EXPECT_NEAR(layers.sites.column("score_fields")->get_real(1), 0.05, 1e-9);
  // The project's [relocate] section sets both; the defaults are 3 and 5 km.
  EXPECT_DOUBLE_EQ(RelocateParams{}.weight_fields, 3);
  EXPECT_DOUBLE_EQ(RelocateParams{}.fields_zero_km, 5);
  auto parsed = parse_relocate_params("[relocate]\nweight_fields = 1\nfields_zero_km = 4\n", "p.toml");
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_DOUBLE_EQ(parsed->weight_fields, 1);
  EXPECT_DOUBLE_EQ(parsed->fields_zero_km, 4);
  EXPECT_FALSE(parse_relocate_params("[relocate]\nfields_zero_km = 0\n", "p.toml"));
}

TEST(Relocate, TooLittleCapacityForKSitesSaysHowManyHouseholdsAndFromWhere) {
  RelocateParams p = valley_params();
  p.m2_per_person = 1000;  // 6,000 m² a household: a whole 500 m cell holds 41
  p.max_sites = 1;
  auto plan = plan_relocation(valley(), road_rules(), p);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::solver);
  EXPECT_NE(plan.error().message.find("29 of 70 households cannot be placed"), std::string::npos) << plan.error().message;
  EXPECT_NE(plan.error().message.find("420323100201"), std::string::npos) << plan.error().message;
}

TEST(Relocate, KLargerThanTheCandidatesIsAClearError) {
  RelocateParams p = valley_params();
  p.max_sites = 1000;
  auto plan = plan_relocation(valley(), road_rules(), p);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::input);
  EXPECT_NE(plan.error().message.find("K = 1000"), std::string::npos) << plan.error().message;
  EXPECT_NE(plan.error().message.find("of 160 candidates"), std::string::npos) << plan.error().message;
}

TEST(Relocate, NoDemStopsUnlessAllowedAndThenSaysSlopeWasNotChecked) {
  auto stopped = plan_relocation(valley(false), road_rules(), valley_params());
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().code, ErrorCode::format);
  EXPECT_NE(stopped.error().message.find("项目中没有高程数据"), std::string::npos) << stopped.error().message;
  EXPECT_NE(stopped.error().hint.find("--no-slope"), std::string::npos);

  RelocateParams p = valley_params();
  p.allow_no_dem = true;
  auto plan = plan_relocation(valley(false), road_rules(), p);
  ASSERT_TRUE(plan) << plan.error().to_string();
  EXPECT_FALSE(plan->slope_used);
  EXPECT_EQ(plan->notes.count("no_dem"), 1U);
  // Without the DEM the 45° ramp is not excluded: its cells are sites now.
  bool ramp_site = false;
  for (const auto& s : plan->sites) ramp_site = ramp_site || s.point.x > 6500;
  EXPECT_TRUE(ramp_site);
  // The other exclusions still hold.
  EXPECT_NE(excluded_at(*plan, 3250, 1250), nullptr);
}

TEST(Relocate, ProjectSectionOverridesDefaultsAndRejectsUnknownKeys) {
  auto p = parse_relocate_params("[relocate]\nmax_sites = 3\nhazard_buffer_m = 300\nsingle_source = true\n", "p.toml");
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->max_sites, 3);
  EXPECT_DOUBLE_EQ(p->hazard_buffer_m, 300);
  EXPECT_TRUE(p->single_source);
  EXPECT_DOUBLE_EQ(p->max_slope_deg, 25);
  EXPECT_DOUBLE_EQ(p->area_per_household_m2(), 150);  // 25 m² x 4 persons x 1.5
  auto bad = parse_relocate_params("[relocate]\nmax_slope = 20\n", "p.toml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "max_slope");
  auto neg = parse_relocate_params("[relocate]\nhazard_buffer_m = -5\n", "p.toml");
  ASSERT_FALSE(neg);
}

TEST(DemProcessing, SlopeOfAOneInOneRampIsFortyFiveDegrees) {
  const Workspace ws = valley();
  auto slope = io::dem_slope_deg(*ws.dem);
  ASSERT_TRUE(slope) << slope.error().to_string();
  EXPECT_NEAR(*slope->cell_value(7050, 1050), 45.0, 1e-3);
  EXPECT_NEAR(*slope->cell_value(1050, 1050), 0.0, 1e-6);
}

// End to end on a small synthetic county, written and loaded the way a user's
// project is: every household is placed or listed with a reason, no site
// breaks an exclusion of the county's own layers, and the bound is below the plan.
TEST(RelocateSynth, SmallCountyPlanKeepsEveryExclusionAndAccountsForEveryHousehold) {
  auto county = synth::synth_county(synth::scaled_params(60));
  ASSERT_TRUE(county) << county.error().to_string();
  const std::string dir = std::string(JIUYOU_TEST_TMP) + "/relocate_synth";
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(synth::write_synth_county(dir, *county));
  auto project = io::load_project(dir + "/project.toml");
  ASSERT_TRUE(project) << project.error().to_string();
  auto ws = io::load_workspace(*project);
  ASSERT_TRUE(ws) << ws.error().to_string();
  auto rules = indicators::load_rule_set("hubei-2017");
  ASSERT_TRUE(rules) << rules.error().to_string();
  RelocateParams p;
  p.time_limit_s = 20;
  auto plan = plan_relocation(*ws, *rules, p);
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_FALSE(plan->movers.empty());
  int64_t unplaced = 0;
  for (const auto& u : plan->unplaced) unplaced += u.households;
  EXPECT_EQ(plan->placed + unplaced, plan->households);
  EXPECT_LE(plan->lower_bound_cny, plan->objective_cny * (1 + 1e-9) + 1e-6);
  ASSERT_TRUE(ws->dem);
  auto slope = io::dem_slope_deg(*ws->dem);
  ASSERT_TRUE(slope);
  const FeatureTable* hz = ws->layer("hazards");
  const FeatureTable* pr = ws->layer("protected");
  ASSERT_NE(hz, nullptr);
  ASSERT_NE(pr, nullptr);
  int chosen = 0;
  for (const auto& s : plan->sites) {
    if (!s.chosen) continue;
    ++chosen;
    for (size_t h = 0; h < hz->size(); ++h) {
      EXPECT_FALSE(point_in_feature(hz->geometry, h, s.point.x, s.point.y)) << s.label;
      if (hz->column("kind")->as_text(h) != "flood") {
        EXPECT_GT(point_feature_distance(hz->geometry, h, s.point.x, s.point.y), p.hazard_buffer_m) << s.label;
      }
    }
    for (size_t r = 0; r < pr->size(); ++r) EXPECT_FALSE(point_in_feature(pr->geometry, r, s.point.x, s.point.y)) << s.label;
    EXPECT_LE(*slope->cell_value(s.point.x, s.point.y), p.max_slope_deg) << s.label;
    EXPECT_LE(*ws->dem->cell_value(s.point.x, s.point.y), p.max_altitude_m) << s.label;
    EXPECT_LE(s.assigned, s.capacity) << s.label;
    EXPECT_EQ(s.networks.size(), 4U) << s.label;  // road, safe water, power, broadband
  }
  EXPECT_GE(chosen, 1);
  for (const auto& f : plan->flows) EXPECT_LE(f.distance_km, p.max_travel_km);
}

namespace {
// The valley with poverty figures: C (50 households, 30 poor: 60 %) qualifies under Guizhou 2016.
Workspace valley_with_poverty() {
  Workspace ws = valley();
  FeatureTable& v = ws.layers[0];
  v.add_column("poor_households", FieldType::integer);
  const int poor[] = {20, 3, 30};
  for (size_t r = 0; r < 3; ++r) v.column("poor_households")->set_int(r, poor[r]);
  return ws;
}
}  // namespace

TEST(Relocate, RulesMoveSmallPoorVillagesWholeAndSayWhy) {
  auto p = parse_relocate_params(
      "[relocate]\ngrid_cell_m = 500\n[relocate.rules]\nsmall_village_max_households = 50\nsmall_village_min_incidence = 0.5\n", "p.toml");
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->small_village_max_households, 50);
  RelocateParams rp = valley_params();
  rp.small_village_max_households = p->small_village_max_households;
  rp.small_village_min_incidence = p->small_village_min_incidence;
  auto plan = plan_relocation(valley_with_poverty(), road_rules(), rp);
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->movers.size(), 3U);
  // A: its own figure (200 households are too many for the rule); B: the landslide (10 % poor); C: the rule.
  EXPECT_EQ(plan->movers[0].households, 40);
  EXPECT_EQ(plan->movers[0].reason, "relocate_households = 40");
  EXPECT_EQ(plan->movers[1].households, 30);
  EXPECT_EQ(plan->movers[1].reason.find("rules"), std::string::npos) << plan->movers[1].reason;
  EXPECT_EQ(plan->movers[2].name, "C");
  EXPECT_EQ(plan->movers[2].households, 50);
  EXPECT_NE(plan->movers[2].reason.find("rules: 50 households <= 50 with poverty incidence 60 % >= 50 %"), std::string::npos)
      << plan->movers[2].reason;
  EXPECT_EQ(plan->households, 120);
  EXPECT_EQ(plan->placed, 120);
}

TEST(Relocate, HazardKindsRuleCanBeNarrowedAndBadRulesAreNamed) {
  auto none = parse_relocate_params("[relocate.rules]\nhazard_kinds = []\n", "p.toml");
  ASSERT_TRUE(none) << none.error().to_string();
  EXPECT_TRUE(none->mover_hazard_kinds.empty());
  RelocateParams rp = valley_params();
  rp.mover_hazard_kinds = none->mover_hazard_kinds;
  auto plan = plan_relocation(valley(), road_rules(), rp);
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->movers.size(), 1U);  // B in the landslide zone stays: the rule is off
  EXPECT_EQ(plan->movers[0].name, "A");
  auto bad = parse_relocate_params("[relocate.rules]\nsmall_village_min_incidence = 50\n", "p.toml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "rules.small_village_min_incidence");
  auto unknown = parse_relocate_params("[relocate.rules]\nmax_hh = 50\n", "p.toml");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "rules.max_hh");
}

TEST(Relocate, OutputsAreTheGpkgLayersTheWorkbookAndTheReport) {
  auto plan = plan_relocation(valley(), road_rules(), valley_params());
  ASSERT_TRUE(plan) << plan.error().to_string();
  const std::string dir = std::string(JIUYOU_TEST_TMP) + "/relocate_outputs";
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(write_relocation_outputs(dir, *plan));
  for (const char* f : {"relocation.gpkg", "relocation.xlsx", "relocation.html"})
    EXPECT_GT(std::filesystem::file_size(std::filesystem::path(dir) / f), 0U) << f;
  // Nothing but the three outputs (no temporary files left behind).
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator{}), 3);
  // The flows layer as the viewer reads it: one line per village and site, households and distance.
  io::LayerSpec spec;
  spec.name = "flows";
  spec.path = dir + "/relocation.gpkg";
  spec.layer = "flows";
  IssueLog log;
  auto flows = io::read_layer(spec, log);
  ASSERT_TRUE(flows) << flows.error().to_string();
  ASSERT_EQ(flows->size(), plan->flows.size());
  int64_t households = 0;
  for (uint32_t r = 0; r < flows->size(); ++r) households += flows->column("households")->get_int(r);
  EXPECT_EQ(households, plan->placed);
  ASSERT_NE(flows->column("distance_km"), nullptr);
  ASSERT_NE(flows->column("village_code"), nullptr);
  ASSERT_NE(flows->column("site_label"), nullptr);
  // The HTML names the bound and the gap, and every chosen site.
  const std::string html = relocation_html(*plan);
  EXPECT_NE(html.find("下界"), std::string::npos);
  EXPECT_NE(html.find("差距"), std::string::npos);
  for (const auto& s : plan->sites) {
    if (s.chosen) {
      EXPECT_NE(html.find(s.label), std::string::npos) << s.label;
    }
  }
}

// Every note the planner makes reaches relocation.html and the workbook: it is Chinese and says
// what it means and what to do (tour 10 G15: "townships have no seat_village…" in English).
TEST(Relocate, NotesAreChineseForThePlanner) {
  Workspace ws = valley(false);
  std::erase_if(ws.layers, [](const FeatureTable& t) { return t.name == "roads"; });
  for (auto& t : ws.layers)
    if (t.name == "protected") {
      add_square(t, 8000, 3000, 8500, 3500);
      t.column("kind")->push_text("wetland");  // a kind the planner does not know
    }
  FeatureTable tw = make_table("townships", GeometryKind::polygon);
  tw.add_column("seat_village", FieldType::text);
  add_square(tw, -3000, -2000, 9000, 4000);
  tw.column("seat_village")->push_text("999999999999");  // matches no village code
  ws.layers.push_back(std::move(tw));
  RelocateParams p = valley_params();
  p.allow_no_dem = true;
  auto plan = plan_relocation(ws, road_rules(), p);
  ASSERT_TRUE(plan) << plan.error().to_string();
  for (const char* code : {"no_dem", "no_roads", "no_township_seats", "protected_kind_unknown"}) EXPECT_EQ(plan->notes.count(code), 1U) << code;
  static const std::regex english(R"([A-Za-z]+ [A-Za-z]+ [A-Za-z]+)");
  for (const auto& n : plan->notes.entries()) {
    EXPECT_FALSE(std::regex_search(n.message, english)) << n.code << ": " << n.message;
    EXPECT_TRUE(std::any_of(n.message.begin(), n.message.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xE4; }))
        << n.code << ": " << n.message;  // a CJK character
  }
  const std::string html = relocation_html(*plan);
  EXPECT_EQ(html.find("seat_village matching"), std::string::npos);
  EXPECT_NE(html.find("无法确定乡镇驻地位置"), std::string::npos);
  EXPECT_NE(html.find("搬迁距离按直线距离 × 绕行系数 1.4 估算"), std::string::npos);
  EXPECT_NE(html.find("都对不上"), std::string::npos) << "a seat code that matches no village is said so";
}

// Tour 14 N4: villages whose 需搬迁户数 is empty (a statistics table whose codes did not join) are named in one warning
// with a hint for the console; a table where every village has the figure says nothing.
TEST(Relocate, VillagesWithoutTheirReportedHouseholdsAreSaidOnce) {
  RelocateParams p = valley_params();
  p.allow_no_dem = true;
  auto whole = plan_relocation(valley(false), road_rules(), p);
  ASSERT_TRUE(whole) << whole.error().to_string();
  EXPECT_EQ(whole->notes.count("relocate_households_missing"), 0U) << "every village has its figure";
  Workspace ws = valley(false);
  ws.layers[0].column("relocate_households")->set_null(0);  // A: its 40 households are not in the table
  ws.layers[0].column("relocate_households")->set_null(2);
  auto plan = plan_relocation(ws, road_rules(), p);
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->notes.count("relocate_households_missing"), 1U);
  for (const auto& n : plan->notes.entries()) {
    if (n.code != "relocate_households_missing") continue;
    EXPECT_NE(n.message.find("2 个村（A、C）没有需搬迁户数"), std::string::npos) << n.message;
    EXPECT_FALSE(n.hint.empty()) << "the console prints a plan's notes that carry a hint";
  }
  EXPECT_EQ(plan->households, whole->households - 40) << "A's 40 are not planned: said above, not guessed";
}

// Tour 14 N12: a townships layer with no seat field has nothing to match: the note says the field is missing and how to
// name it, never "都对不上".
TEST(Relocate, ATownshipsLayerWithoutASeatFieldIsSaidToLackIt) {
  Workspace ws = valley(false);
  FeatureTable tw = make_table("townships", GeometryKind::polygon);
  tw.add_column("name", FieldType::text);
  add_square(tw, -3000, -2000, 9000, 4000);
  tw.column("name")->push_text("宝丰镇");
  ws.layers.push_back(std::move(tw));
  RelocateParams p = valley_params();
  p.allow_no_dem = true;
  auto plan = plan_relocation(ws, road_rules(), p);
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->notes.count("no_township_seats"), 1U);
  for (const auto& n : plan->notes.entries()) {
    if (n.code != "no_township_seats") continue;
    EXPECT_NE(n.message.find("没有驻地村代码字段"), std::string::npos) << n.message;
    EXPECT_NE(n.message.find("[layers.townships.fields]"), std::string::npos) << n.message;
    EXPECT_EQ(n.message.find("都对不上"), std::string::npos) << n.message;
  }
}

// K7 (tour 11): a protected kind the vocabulary could not map is unknown in the layer; the note quotes the
// value the load read (its warning lists it), not an empty “”.
TEST(Relocate, AnUnmappedProtectedKindIsQuotedAsRead) {
  Workspace ws = valley(false);
  for (auto& t : ws.layers)
    if (t.name == "protected") {
      add_square(t, 8000, 3000, 8500, 3500);
      t.column("kind")->push_null();  // "scenic_area" in the file: the vocabulary made it unknown
    }
  Issue load;
  load.code = "unmapped_value";
  load.layer = "protected";
  load.field = "kind";
  load.message = "protected 的 kind：1 个值不认识，记为未知：「scenic_area」1（要素 2）";
  ws.issues.add(load);
  RelocateParams p = valley_params();
  p.allow_no_dem = true;
  auto plan = plan_relocation(ws, road_rules(), p);
  ASSERT_TRUE(plan) << plan.error().to_string();
  size_t quoted = 0;
  for (const auto& n : plan->notes.entries()) {
    if (n.code != "protected_kind_unknown") continue;
    EXPECT_EQ(n.message.find("“”"), std::string::npos) << n.message;
    quoted += n.message.find("类型“scenic_area”无法识别") != std::string::npos;
  }
  EXPECT_EQ(quoted, 1u);
}
