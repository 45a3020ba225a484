// "沿海发达乡镇结对帮扶30个扶贫开发重点乡镇" on the synthetic province of
// gis/synth: 30 key townships (highest poor incidence) each paired with one of
// 40 developed townships, solved exactly, written to links.gpkg for the map.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "gis/io/load.hpp"
#include "gis/pair/planner.hpp"
#include "gis/pair/report.hpp"
#include "gis/pair/townships.hpp"
#include "gis/report/labels.hpp"
#include "gis/synth/synth_county.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::pair {
namespace {

namespace fs = std::filesystem;

// A province-sized synthetic area with 80 townships (villages as points, no traps, a coarse DEM: quick).
const synth::SynthCounty& province() {
  static const synth::SynthCounty county = [] {
    synth::SynthParams sp = synth::scaled_params(900, 80);
    sp.village_polygons = false;
    sp.traps = false;
    sp.dem_cell_m = 400;
    auto c = synth::synth_county(sp);
    if (!c) throw std::runtime_error(c.error().to_string());
    return std::move(*c);
  }();
  return county;
}

// Poor incidence and income per head per township, recomputed from the villages (an independent tally).
struct Tally {
  double population = 0, poor = 0, income = 0;
};
std::map<std::string, Tally> tally(const synth::SynthCounty& c) {
  std::map<std::string, Tally> out;
  const FeatureTable& v = c.villages;
  for (size_t i = 0; i < v.size(); ++i) {
    Tally& t = out[v.column("township")->as_text(i)];
    const double pop = v.column("population")->number(i).value_or(0);
    t.population += pop;
    t.poor += v.column("poor_population")->number(i).value_or(0);
    t.income += pop * v.column("income_per_capita")->number(i).value_or(0);
  }
  return out;
}

TEST(KeyTownships, ThirtyKeyTownshipsAreTheMostIncidentAndHelpersTheRichest) {
  const auto& c = province();
  auto p = key_township_problem(c.townships, c.villages);
  ASSERT_TRUE(p) << p.error().to_string();
  ASSERT_EQ(p->units.size(), 70u);
  EXPECT_FALSE(p->geographic) << "the synthetic province is in Gauss-Krüger metres";
  const auto t = tally(c);
  double min_key_incidence = 1, min_helper_income = 1e18;
  std::set<std::string> chosen;
  for (const Unit& u : p->units) {
    EXPECT_EQ(u.code.size(), 9u) << "township codes are 9 digits: " << u.code;
    chosen.insert(u.code);
    const Tally& x = t.at(u.code);
    if (u.role == Role::helped) {
      min_key_incidence = std::min(min_key_incidence, x.poor / x.population);
      EXPECT_DOUBLE_EQ(u.poor_population, x.poor);
      EXPECT_GE(u.income_shortfall_cny, 0);
    } else {
      min_helper_income = std::min(min_helper_income, x.income / x.population);
      EXPECT_GT(u.funds_cny_per_year, 0);
      EXPECT_EQ(u.max_partners, 1);
    }
  }
  // No township left out of the key list is poorer than a key township.
  for (const auto& [code, x] : t) {
    if (chosen.count(code) != 0) continue;
    EXPECT_LE(x.poor / x.population, min_key_incidence + 1e-12) << code;
    EXPECT_LE(x.income / x.population, min_helper_income + 1e-9) << code;
  }
}

TEST(KeyTownships, EachKeyTownshipGetsOneDevelopedTownshipAtTheLpOptimum) {
  const auto& c = province();
  auto p = key_township_problem(c.townships, c.villages);
  ASSERT_TRUE(p) << p.error().to_string();
  PairParams params;
  params.mode = PairMode::one_to_one;
  auto plan = plan_pairs(*p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  EXPECT_TRUE(plan->left_out.empty()) << plan->summary;
  ASSERT_EQ(plan->links.size(), 30u);
  std::set<uint32_t> helpers, helped;
  for (const auto& l : plan->links) {
    EXPECT_EQ(p->units[l.helper].role, Role::helper);
    EXPECT_EQ(p->units[l.helped].role, Role::helped);
    EXPECT_TRUE(helpers.insert(l.helper).second) << "no helper township takes two";
    helped.insert(l.helped);
    EXPECT_GT(l.distance_m, 0);
    EXPECT_GT(l.funds_cny_per_year, 0);
  }
  EXPECT_EQ(helped.size(), 30u);
  EXPECT_NE(plan->solver.find("Jonker-Volgenant"), std::string::npos);
  auto model = build_flow_model(*p, params);
  ASSERT_TRUE(model);
  auto lp = solve_transport_glpk(model->problem);
  ASSERT_TRUE(lp) << lp.error().to_string();
  EXPECT_EQ(plan->total_cost, lp->cost);

  // Funds mode on the same townships: the helpers' funds go to the key townships' shortfall.
  params.mode = PairMode::funds;
  auto funds_plan = plan_pairs(*p, params);
  ASSERT_TRUE(funds_plan) << funds_plan.error().to_string();
  auto funds_model = build_flow_model(*p, params);
  ASSERT_TRUE(funds_model);
  auto funds_lp = solve_transport_glpk(funds_model->problem);
  ASSERT_TRUE(funds_lp) << funds_lp.error().to_string();
  EXPECT_EQ(funds_plan->optimised_cost, funds_lp->cost);
}

TEST(KeyTownships, ThePageSaysWhatIsEstimatedAndEveryNeedItCallsMetIsMet) {
  const auto& c = province();
  auto p = key_township_problem(c.townships, c.villages);
  ASSERT_TRUE(p) << p.error().to_string();
  ASSERT_FALSE(p->basis_zh.empty()) << "derived figures say how they were derived";
  for (const Unit& u : p->units) {
    EXPECT_GT(u.population, 0) << u.name;
    if (u.role == Role::helper) {
      EXPECT_TRUE(u.funds_estimated) << u.name << ": a helper's funds are an estimate here";
    }
  }
  PairParams params;
  params.mode = PairMode::funds;
  auto plan = plan_pairs(*p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  std::map<uint32_t, double> got;
  for (const Link& l : plan->links) got[l.helped] += l.funds_cny_per_year;
  std::set<uint32_t> short_of;
  for (const LeftOut& lo : plan->left_out) short_of.insert(lo.helped);
  double stated = 0;
  for (uint32_t i = 0; i < p->units.size(); ++i) {
    if (p->units[i].role != Role::helped) continue;
    stated += plan->funds_need_cny[i];
    if (short_of.count(i) == 0) {
      EXPECT_GE(got[i], plan->funds_need_cny[i]) << p->units[i].name << ": not listed as short, so its stated need is met";
    }
  }
  const std::string page = pairs_html(*p, *plan, params);
  EXPECT_NE(page.find("需要 " + report::value_text(stated, report::Unit::yuan) + "/年"), std::string::npos)
      << "the headline need is the sum of the needs the tables list";
  EXPECT_NE(page.find("（估算）"), std::string::npos);
  EXPECT_NE(page.find("数据来源与估算"), std::string::npos);
  EXPECT_NE(page.find("贫困发生率"), std::string::npos);
  EXPECT_NE(page.find("人均收入"), std::string::npos);
  EXPECT_EQ(page.find("可结对数"), std::string::npos) << "funds mode is not bounded by partner counts";
}

TEST(KeyTownships, LinksGpkgHasWhatTheMapDraws) {
  const auto& c = province();
  auto p = key_township_problem(c.townships, c.villages);
  ASSERT_TRUE(p) << p.error().to_string();
  PairParams params;
  params.mode = PairMode::one_to_one;
  auto plan = plan_pairs(*p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  const fs::path dir = test::scratch_dir() / "townships";
  auto ok = write_pair_outputs(dir.string(), *p, *plan, params);
  ASSERT_TRUE(ok) << ok.error().to_string();

  io::LayerSpec spec;
  spec.name = spec.layer = "links";
  spec.path = (dir / "links.gpkg").string();
  IssueLog log;
  auto links = io::read_layer(spec, log);
  ASSERT_TRUE(links) << links.error().to_string();
  ASSERT_EQ(links->size(), 30u);
  EXPECT_EQ(links->geometry.kind, GeometryKind::line);
  for (const char* field : {"helper_code", "helper_name", "helped_code", "helped_name", "status", "existing", "funds_cny_per_year",
                            "distance_km", "cost_distance", "cost_mismatch", "cost_total"})
    EXPECT_NE(links->column(field), nullptr) << field;
  for (size_t i = 0; i < links->size(); ++i) {
    EXPECT_EQ(links->column("existing")->number(i).value_or(-1), 0.0);
    EXPECT_EQ(links->column("status")->as_text(i), "suggested");
    EXPECT_GT(links->column("funds_cny_per_year")->number(i).value_or(0), 0);
    EXPECT_FALSE(links->column("helped_name")->as_text(i).empty());
  }
  spec.name = spec.layer = "units";
  auto units = io::read_layer(spec, log);
  ASSERT_TRUE(units) << units.error().to_string();
  ASSERT_EQ(units->size(), 70u);
  std::map<std::string, int> roles;
  for (size_t i = 0; i < units->size(); ++i) ++roles[units->column("role")->as_text(i)];
  EXPECT_EQ(roles["helper"], 40);
  EXPECT_EQ(roles["helped"], 30);
}

TEST(KeyTownships, BadInputIsNamed) {
  const auto& c = province();
  KeyTownshipParams kp;
  kp.key_townships = 60;
  kp.helpers = 40;
  auto too_many = key_township_problem(c.townships, c.villages, kp);
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, ErrorCode::input);
  EXPECT_NE(too_many.error().message.find("has 80 townships"), std::string::npos) << too_many.error().message;

  FeatureTable villages = c.villages;
  Column* township = villages.column("township");
  Column renamed(township->name(), FieldType::text);
  for (size_t i = 0; i < villages.size(); ++i) renamed.push_text(i == 3 ? std::string("999999999") : township->as_text(i));
  *township = renamed;
  auto unknown = key_township_problem(c.townships, villages);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().feature, villages.fid[3]);
  EXPECT_EQ(unknown.error().field, "township");
  EXPECT_NE(unknown.error().message.find("999999999"), std::string::npos);
}

}  // namespace
}  // namespace jiuyou::pair
