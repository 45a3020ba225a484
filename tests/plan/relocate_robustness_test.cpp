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

// A polygon site and a point site beside the village A, in flat land away from every zone.
void add_sites(Workspace& ws, GeometryKind kind) {
  FeatureTable s = make_table("sites", kind);
  s.add_column("name", FieldType::text);
  if (kind == GeometryKind::polygon) {
    add_square(s, 1000, 1500, 1400, 1900);
  } else {
    s.add_column("area_m2", FieldType::real);
    s.geometry.add_point_feature(2000, 1800);
    s.fid.push_back(1);
    s.column("area_m2")->push_real(10000);  // a 100 m square footprint
  }
  s.column("name")->push_text("S");
  ws.layers.push_back(std::move(s));
}

// A strip of basic farmland 20 m wide at x0..x0+20 across y 1000..2500.
void add_farmland_strip(Workspace& ws, double x0) {
  for (auto& l : ws.layers)
    if (l.name == "protected") {
      add_square(l, x0, 1000, x0 + 20, 2500);
      l.column("kind")->push_text("basic_farmland");
    }
}

}  // namespace

// The strip runs between the sample centres (1150 and 1250) of a 4 x 4 lattice of 100 m: no
// centre lies on it, but the two middle columns of cells do. Only whole cells off the
// farmland are buildable: the largest group is one outer column of 4 cells.
TEST(RelocateFootprint, FarmlandBetweenSampleCentresStillExcludesTheCellsItCrosses) {
  Workspace ws = valley();
  add_sites(ws, GeometryKind::polygon);
  add_farmland_strip(ws, 1190);
  auto plan = plan_relocation(ws, road_rules(), valley_params());
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->sites.size(), 1U);
  const Site& s = plan->sites[0];
  EXPECT_DOUBLE_EQ(s.buildable_m2, 4 * 100.0 * 100.0);
  EXPECT_NE(s.partly_excluded.find("basic_farmland"), std::string::npos) << s.partly_excluded;
  ASSERT_EQ(s.footprint.size(), 4U);
  for (const BBox& c : s.footprint) EXPECT_TRUE(c.max_x <= 1190 || c.min_x >= 1210) << c.min_x << ".." << c.max_x;
  EXPECT_TRUE(s.point.x < 1190 || s.point.x > 1210);
}

// A point site's footprint is the square of its area: a strip 40 m from the point is inside it.
TEST(RelocateFootprint, PointSiteFootprintIsTheSquareOfItsArea) {
  Workspace ws = valley();
  add_sites(ws, GeometryKind::point);
  add_farmland_strip(ws, 2040);
  auto plan = plan_relocation(ws, road_rules(), valley_params());
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::finding);
  EXPECT_NE(plan.error().message.find("basic_farmland"), std::string::npos) << plan.error().message;
  EXPECT_NE(plan.error().message.find("of 1 features of the sites layer"), std::string::npos) << plan.error().message;
}

// Every chosen site of the demo county: each cell of its footprint overlaps no hazard, flood,
// farmland, red-line or reserve polygon and keeps hazard_buffer_m from every geological hazard
// (checked with GEOS, independently of the planner's own geometry).
TEST(RelocateFootprint, DemoCountyChosenSitesAvoidEveryHardExclusionOverTheirWholeFootprint) {
  const auto project_path = jiuyou::test::source_dir() / "data/demo/project.toml";
  if (!std::filesystem::exists(project_path)) GTEST_SKIP() << "no demo county at " << project_path;
  auto project = io::load_project(project_path.string());
  ASSERT_TRUE(project) << project.error().to_string();
  auto ws = io::load_workspace(*project);
  ASSERT_TRUE(ws) << ws.error().to_string();
  auto rules = indicators::load_rule_set(project->rules);
  ASSERT_TRUE(rules) << rules.error().to_string();
  auto params = parse_relocate_params(project->toml_text, project->path);
  ASSERT_TRUE(params) << params.error().to_string();
  auto plan = plan_relocation(*ws, *rules, *params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  const FeatureTable* hz = ws->layer("hazards");
  const FeatureTable* pr = ws->layer("protected");
  ASSERT_NE(hz, nullptr);
  ASSERT_NE(pr, nullptr);
  GEOSContextHandle_t ctx = geos::context();
  std::vector<geos::GeomPtr> hazards, zones;
  std::vector<bool> buffered;
  for (size_t h = 0; h < hz->size(); ++h) {
    hazards.push_back(geos::to_geos(hz->geometry, h));
    buffered.push_back(hz->column("kind")->as_text(h) != "flood");
  }
  for (size_t r = 0; r < pr->size(); ++r) zones.push_back(geos::to_geos(pr->geometry, r));
  int chosen = 0, cells = 0;
  for (const auto& s : plan->sites) {
    if (!s.chosen) continue;
    ++chosen;
    ASSERT_FALSE(s.footprint.empty()) << s.label;
    for (const BBox& c : s.footprint) {
      ++cells;
      GeometryColumn cell;
      cell.kind = GeometryKind::polygon;
      for (const Vec2 v : {Vec2{c.min_x, c.min_y}, Vec2{c.max_x, c.min_y}, Vec2{c.max_x, c.max_y}, Vec2{c.min_x, c.max_y}, Vec2{c.min_x, c.min_y}})
        cell.add_vertex(v.x, v.y);
      cell.close_ring();
      cell.close_part();
      cell.close_feature();
      const geos::GeomPtr g = geos::to_geos(cell, 0);
      ASSERT_TRUE(g);
      const auto overlap = [&](const geos::GeomPtr& z) {
        GEOSGeometry* inter = GEOSIntersection_r(ctx, g.get(), z.get());
        double area = 0;
        if (inter != nullptr) GEOSArea_r(ctx, inter, &area);
        GEOSGeom_destroy_r(ctx, inter);
        return area;
      };
      for (size_t h = 0; h < hazards.size(); ++h) {
        if (buffered[h]) {
          double d = 0;
          ASSERT_EQ(GEOSDistance_r(ctx, g.get(), hazards[h].get(), &d), 1);
          EXPECT_GT(d, params->hazard_buffer_m - 1e-3) << s.label << ": hazards fid " << hz->fid[h];
        } else {
          EXPECT_LT(overlap(hazards[h]), 1e-3) << s.label << ": flood fid " << hz->fid[h];
        }
      }
      for (size_t r = 0; r < zones.size(); ++r)
        EXPECT_LT(overlap(zones[r]), 1e-3) << s.label << ": protected fid " << pr->fid[r] << " (" << pr->column("kind")->as_text(r) << ")";
    }
  }
  EXPECT_GE(chosen, 1);
  EXPECT_GE(cells, chosen);
}

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

TEST(RelocateParamsToml, SyntaxErrorNamesFileLineColumnAndKey) {
  auto p = parse_relocate_params("[project]\nname = \"x\"\n[relocate]\ngrid_cell_m = 200\nmax_slope_deg = 2 5\n", "county/project.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::project);
  EXPECT_EQ(p.error().file, "county/project.toml");
  EXPECT_EQ(p.error().field, "relocate.max_slope_deg");
  EXPECT_NE(p.error().message.find("TOML syntax error at line 5, column"), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().hint.find("[relocate]"), std::string::npos) << p.error().hint;
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

// A stop request is ErrorCode::cancelled from the planner itself (exit 130), at whichever stage it came.
TEST(RelocateFindings, StopRequestIsCancelledAtEveryStage) {
  for (const double stop_at : {0.0, 0.1, 0.3, 0.5, 0.65}) {
    auto plan = plan_relocation(valley(), road_rules(), valley_params(), [&](double r, std::string_view) { return r < stop_at; });
    ASSERT_FALSE(plan) << stop_at;
    EXPECT_EQ(plan.error().code, ErrorCode::cancelled) << stop_at << ": " << plan.error().to_string();
    EXPECT_EQ(exit_code_for(plan.error().code), 130);
    EXPECT_EQ(plan.error().message.rfind("cancelled during ", 0), 0U) << plan.error().message;
  }
}
