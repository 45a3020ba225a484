// Relocation's answers to bad and borderline input (issue 17): an exact run stopped early keeps
// the heuristic's plan and says so; exclusions hold for a site's whole footprint; every
// [relocate] number is range-checked before work; "nobody to move" and "no site left" are
// findings that say what happened.
#include <gtest/gtest.h>

#include <geos_c.h>

#include <cmath>
#include <string>

#include "gis/geos/geos_context.hpp"
#include "gis/indicators/rule_set.hpp"
#include "gis/io/load.hpp"
#include "gis/relocate/relocate.hpp"
#include "support/test_paths.hpp"
#include "valley_fixture.hpp"

using namespace jiuyou;
using namespace jiuyou::plan;
using namespace jiuyou::plan::valley_fixture;

namespace {

bool has_note(const RelocationPlan& plan, const std::string& code) {
  for (const auto& n : plan.notes.entries())
    if (n.code == code) return true;
  return false;
}

}  // namespace

// An exact run whose time limit is too short for CBC returns the heuristic's plan (never a
// worse one) and says that it is not proven.
TEST(RelocateExact, StoppedEarlyKeepsAtLeastTheHeuristicsPlanAndSaysItIsNotProven) {
  const Workspace ws = valley();
  RelocateParams p = valley_params();
  p.fixed_cost_per_site = 10000000;
  auto heuristic = plan_relocation(ws, road_rules(), p);
  ASSERT_TRUE(heuristic) << heuristic.error().to_string();
  p.exact = true;
  p.time_limit_s = 1e-6;
  auto exact = plan_relocation(ws, road_rules(), p);
  ASSERT_TRUE(exact) << exact.error().to_string();
  EXPECT_LE(exact->objective_cny, heuristic->objective_cny * (1 + 1e-9));
  EXPECT_EQ(exact->placed, heuristic->placed);
  if (!exact->proven_optimal) {
    EXPECT_TRUE(exact->stopped_by_time_limit);
    EXPECT_TRUE(has_note(*exact, "not_proven"));
  } else {
    EXPECT_FALSE(exact->stopped_by_time_limit);
    EXPECT_FALSE(has_note(*exact, "not_proven"));
  }
}

// Every number of [relocate] is range-checked, in the file and when set by the caller (the CLI's
// options), before any work: the error is a project error naming the key.
TEST(RelocateParamsRange, EveryNumberIsRangeCheckedWithTheKeyNamed) {
  const struct {
    const char* toml;
    const char* key;
  } bad[] = {{"sample_step_m = 0.01", "sample_step_m"},    {"sample_step_m = 0", "sample_step_m"},
             {"grid_cell_m = 1e9", "grid_cell_m"},         {"grid_cell_m = 5000\nsample_step_m = 1", "sample_step_m"},
             {"max_slope_deg = 91", "max_slope_deg"},      {"persons_per_household = 0", "persons_per_household"},
             {"max_travel_km = 0", "max_travel_km"},       {"detour_factor = 0.5", "detour_factor"},
             {"time_limit_s = -1", "time_limit_s"},        {"time_limit_s = nan", "time_limit_s"},
             {"weight_road = inf", "weight_road"},         {"fixed_cost_per_site = -1", "fixed_cost_per_site"},
             {"max_sites = -1", "max_sites"},              {"sites_per_village = 2000000", "sites_per_village"},
             {"score_zero_km = 0", "score_zero_km"},       {"m2_per_person = 0", "m2_per_person"}};
  for (const auto& b : bad) {
    auto p = parse_relocate_params(std::string("[relocate]\n") + b.toml + "\n", "p.toml");
    ASSERT_FALSE(p) << b.toml;
    EXPECT_EQ(p.error().code, ErrorCode::project) << b.toml;
    EXPECT_EQ(p.error().field, b.key) << b.toml;
    EXPECT_EQ(p.error().file, "p.toml") << b.toml;
    EXPECT_NE(p.error().message.find(b.key), std::string::npos) << p.error().message;
  }
  EXPECT_TRUE(parse_relocate_params("[relocate]\nsample_step_m = 10\ngrid_cell_m = 1000\ntime_limit_s = 0\n", "p.toml"));

  // Set by the caller after parsing (a CLI option): refused by plan_relocation before any work.
  RelocateParams p = valley_params();
  p.sample_step_m = 0.01;
  auto plan = plan_relocation(valley(), road_rules(), p);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::project);
  EXPECT_EQ(plan.error().field, "sample_step_m");
  p = valley_params();
  p.time_limit_s = std::nan("");
  plan = plan_relocation(valley(), road_rules(), p);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().field, "time_limit_s");
}

// Nobody to move, and no candidate left, are findings (exit 1) that say what happened.
TEST(RelocateFindings, NobodyToMoveAndNoSiteLeftAreFindingsThatSayWhatHappened) {
  Workspace calm = valley();
  calm.layers[0].column("relocate_households")->set_int(0, 0);
  RelocateParams calm_p = valley_params();
  calm_p.mover_hazard_kinds.clear();  // B in the landslide zone no longer moves
  auto nobody = plan_relocation(calm, road_rules(), calm_p);
  ASSERT_FALSE(nobody);
  EXPECT_EQ(nobody.error().code, ErrorCode::finding);
  EXPECT_EQ(exit_code_for(nobody.error().code), 1);
  EXPECT_EQ(nobody.error().layer, "villages");
  EXPECT_NE(nobody.error().message.find("nobody to relocate"), std::string::npos) << nobody.error().message;

  RelocateParams high = valley_params();
  high.max_altitude_m = 50;  // the valley floor is at 100 m: every sample is too high
  auto none = plan_relocation(valley(), road_rules(), high);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::finding);
  EXPECT_EQ(exit_code_for(none.error().code), 1);
  const std::string& m = none.error().message;
  EXPECT_NE(m.find("no candidate site is left"), std::string::npos) << m;
  EXPECT_NE(m.find("grid cells of 500 m"), std::string::npos) << m;
  EXPECT_NE(m.find("altitude"), std::string::npos) << m;
  EXPECT_EQ(m.find("()"), std::string::npos) << m;
  EXPECT_EQ(m.find("all 0"), std::string::npos) << m;
}
