// Funds mode: money is the flow (helpers' funds per year to helped units'
// need), checked against GLPK's LP on the same model, and the bounds a plan
// must keep: no helper gives more than it has, no unit gets more than it needs.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "gis/pair/params.hpp"
#include "gis/pair/planner.hpp"
#include "gis/pair/report.hpp"
#include "gis/pair/units.hpp"
#include "pair/pair_fixture.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::pair {
namespace {

// Helpers on the coast with funds, helped units inland with a poor population and (some) a stated need.
PairProblem funds_instance(size_t n_helpers, size_t n_helped, uint32_t seed, double need_share) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> lon_coast(118.0, 119.6), lon_inland(115.8, 118.4), lat(23.6, 28.2);
  std::uniform_real_distribution<double> funds(2e6, 4e7), poor(2000, 40000), need(1e6, 3e7), coin(0, 1);
  PairProblem p;
  p.source = "funds test";
  for (size_t i = 0; i < n_helpers; ++i) {
    Unit u = test_fixture::synthetic_unit(Role::helper, i, Vec2{lon_coast(rng), lat(rng)}, static_cast<int64_t>(i) + 1);
    u.funds_cny_per_year = std::round(funds(rng));
    p.units.push_back(u);
  }
  for (size_t i = 0; i < n_helped; ++i) {
    Unit u = test_fixture::synthetic_unit(Role::helped, i, Vec2{lon_inland(rng), lat(rng)}, static_cast<int64_t>(n_helpers + i) + 1);
    u.poor_population = std::round(poor(rng));
    if (coin(rng) < need_share) u.need_cny_per_year = std::round(need(rng));
    p.units.push_back(u);
  }
  return p;
}

// What each unit gives or receives on the plan's links (existing and suggested).
std::map<uint32_t, double> funds_by_unit(const PairPlan& plan) {
  std::map<uint32_t, double> out;
  for (const auto& l : plan.links) {
    if (l.status == LinkStatus::dropped) continue;
    out[l.helper] += l.funds_cny_per_year;
    out[l.helped] += l.funds_cny_per_year;
  }
  return out;
}

TEST(FundsFlow, OptimumEqualsGlpkAndKeepsEveryBound) {
  const struct {
    size_t helpers, helped;
    int candidates;
    double need_share;
    double penalty;
  } cases[] = {{4, 6, 0, 1.0, 5000},   {10, 15, 0, 0.5, 5000}, {20, 12, 5, 0.0, 5000},
               {30, 45, 8, 0.7, 300},  {60, 40, 0, 0.3, 800},  {15, 60, 10, 1.0, 5000}};
  uint32_t seed = 100;
  for (const auto& c : cases) {
    const PairProblem p = funds_instance(c.helpers, c.helped, ++seed, c.need_share);
    PairParams params;
    params.mode = PairMode::funds;
    params.candidates = c.candidates;
    params.unmet_penalty = c.penalty;
    auto plan = plan_pairs(p, params);
    ASSERT_TRUE(plan) << plan.error().to_string();
    auto model = build_flow_model(p, params);
    ASSERT_TRUE(model) << model.error().to_string();
    auto lp = solve_transport_glpk(model->problem);
    ASSERT_TRUE(lp) << lp.error().to_string();
    const std::string what = std::to_string(c.helpers) + "x" + std::to_string(c.helped) + " k=" + std::to_string(c.candidates);
    EXPECT_EQ(plan->optimised_cost, lp->cost) << what;
    EXPECT_EQ(plan->total_cost, lp->cost) << what << ": no fixed pairs, so all of the cost is optimised";
    ASSERT_EQ(plan->funds_need_cny.size(), p.units.size());

    const auto moved = funds_by_unit(*plan);
    std::map<uint32_t, double> missing;
    for (const auto& lo : plan->left_out) missing[lo.helped] = lo.funds_missing_cny;
    for (const auto& l : plan->links) {
      EXPECT_EQ(l.status, LinkStatus::suggested);
      EXPECT_GT(l.funds_cny_per_year, 0) << "a link carries money";
      EXPECT_EQ(std::fmod(l.funds_cny_per_year, params.funds_unit_cny), 0.0) << "whole funds units";
    }
    for (uint32_t i = 0; i < p.units.size(); ++i) {
      const Unit& u = p.units[i];
      const double got = moved.count(i) != 0 ? moved.at(i) : 0.0;
      if (u.role == Role::helper) {
        EXPECT_LE(got, u.funds_cny_per_year) << u.name << " gives no more than its funds (" << what << ")";
      } else {
        // Needs are rounded up to whole units: a unit gets less than one unit more than its stated need, and
        // when it is not left out its whole stated need is met.
        const double need_units = std::ceil(plan->funds_need_cny[i] / params.funds_unit_cny - 1e-9) * params.funds_unit_cny;
        EXPECT_LT(got, plan->funds_need_cny[i] + params.funds_unit_cny) << u.name << " gets less than one unit over its need";
        if (missing.count(i) == 0) {
          EXPECT_GE(got, plan->funds_need_cny[i]) << u.name << ": not left out, so its need is met";
        }
        // Received plus uncovered is the whole need (in funds units).
        EXPECT_DOUBLE_EQ(got + (missing.count(i) != 0 ? missing.at(i) : 0.0), need_units) << u.name << " (" << what << ")";
        if (!std::isnan(u.need_cny_per_year)) {
          EXPECT_DOUBLE_EQ(plan->funds_need_cny[i], u.need_cny_per_year);
        }
      }
    }
  }
}

TEST(FundsFlow, ShortFundsSayWhoIsShortAndByHowMuch) {
  // 3 helpers with ¥10 M each, 5 helped units needing ¥8 M each: ¥10 M short in all.
  PairProblem p = funds_instance(3, 5, 7, 1.0);
  for (auto& u : p.units) {
    if (u.role == Role::helper) u.funds_cny_per_year = 10e6;
    if (u.role == Role::helped) u.need_cny_per_year = 8e6;
  }
  PairParams params;
  params.mode = PairMode::funds;
  params.unmet_penalty = 1e5;  // leaving need uncovered is never cheaper than sending money
  auto plan = plan_pairs(p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  double missing = 0;
  for (const auto& lo : plan->left_out) {
    missing += lo.funds_missing_cny;
    EXPECT_NE(lo.reason.find("uncovered"), std::string::npos) << lo.reason;
    EXPECT_NE(lo.reason.find("¥30000000"), std::string::npos) << "says what the helpers give in all: " << lo.reason;
  }
  EXPECT_DOUBLE_EQ(missing, 10e6);
  double moved = 0;
  for (const auto& l : plan->links) moved += l.funds_cny_per_year;
  EXPECT_DOUBLE_EQ(moved, 30e6) << "every helper's funds are used";
  EXPECT_NE(plan->summary.find("capacity short by ¥10000000"), std::string::npos) << plan->summary;
  EXPECT_NE(plan->summary.find("moves ¥30000000"), std::string::npos) << plan->summary;
}

TEST(FundsFlow, FixedPairsKnownFundsComeOffBothSides) {
  const std::string csv = (test::source_dir() / "data/pairing/quanzhou_2018.csv").string();
  auto t = read_pairs(csv);
  ASSERT_TRUE(t) << t.error().to_string();
  auto pr = problem_from_pairs(*t, csv);
  ASSERT_TRUE(pr) << pr.error().to_string();
  PairProblem p = *pr;
  for (auto& u : p.units) {
    if (u.role == Role::helper) u.funds_cny_per_year = u.code == "350582" ? 30e6 : 12e6;  // 晋江市: ¥30 M, of which ¥20 M is on 长汀
    if (u.role == Role::helped) u.need_cny_per_year = u.code == "350821" ? 26e6 : 10e6;    // 长汀县 needs ¥26 M
  }
  PairParams params;
  params.mode = PairMode::funds;
  auto plan = plan_pairs(p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  EXPECT_TRUE(plan->left_out.empty()) << plan->summary;
  const Link* jinjiang = nullptr;
  size_t existing = 0;
  for (const auto& l : plan->links) {
    existing += l.status == LinkStatus::existing;
    if (p.units[l.helper].code == "350582" && p.units[l.helped].code == "350821") jinjiang = &l;
  }
  EXPECT_EQ(existing, 9u) << "the nine pairs stay";
  ASSERT_NE(jinjiang, nullptr);
  EXPECT_EQ(jinjiang->status, LinkStatus::existing);
  EXPECT_GE(jinjiang->funds_cny_per_year, 20e6) << "the known ¥20 M stays on the pair";
  const auto moved = funds_by_unit(*plan);
  for (uint32_t i = 0; i < p.units.size(); ++i) {
    const Unit& u = p.units[i];
    const double cap = u.role == Role::helper ? u.funds_cny_per_year : u.need_cny_per_year;
    EXPECT_LE(moved.at(i), cap + 1e-6) << u.name;
  }
  EXPECT_DOUBLE_EQ(moved.at(jinjiang->helped), 26e6) << "长汀县's need is covered in full";
}

TEST(FundsFlow, HelperWithoutFundsIsNamed) {
  PairProblem p = funds_instance(4, 4, 3, 1.0);
  p.units[2].funds_cny_per_year = std::numeric_limits<double>::quiet_NaN();
  PairParams params;
  params.mode = PairMode::funds;
  auto plan = plan_pairs(p, params);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::input);
  EXPECT_EQ(plan.error().feature, 3);
  EXPECT_EQ(plan.error().field, "funds_cny_per_year");
  EXPECT_NE(plan.error().message.find("helper 2"), std::string::npos) << plan.error().message;
  // Less than one funds unit is zero capacity.
  p.units[2].funds_cny_per_year = 5000;
  plan = plan_pairs(p, params);
  ASSERT_FALSE(plan);
  EXPECT_NE(plan.error().message.find("zero capacity"), std::string::npos) << plan.error().message;
  // The partner modes do not need funds.
  p.units[2].funds_cny_per_year = std::numeric_limits<double>::quiet_NaN();
  params.mode = PairMode::capacitated;
  EXPECT_TRUE(plan_pairs(p, params));
}

TEST(FundsFlow, NeedsAreStatedOrDerived) {
  PairProblem p = funds_instance(2, 4, 5, 0.0);
  p.units[0].funds_cny_per_year = 30e6;
  p.units[1].funds_cny_per_year = 10e6;
  p.units[2].need_cny_per_year = 5e6;  // stated
  p.units[3].income_shortfall_cny = 2e6;
  p.units[3].gap_cost_cny = 1e6;  // shortfall + gap
  p.units[4].poor_population = 1000;
  p.units[5].poor_population = 3000;
  PairParams params;
  params.mode = PairMode::funds;
  const auto need = funds_needs(p, params);
  EXPECT_TRUE(std::isnan(need[0]));
  EXPECT_DOUBLE_EQ(need[2], 5e6);
  EXPECT_DOUBLE_EQ(need[3], 3e6);
  // The rest: the mean stated need (¥4 M) times the need index.
  const auto index = strength_indices(p, params);
  EXPECT_DOUBLE_EQ(need[4], 4e6 * index[4]);
  EXPECT_DOUBLE_EQ(need[5], 4e6 * index[5]);
  EXPECT_LT(need[4], need[5]) << "the poorer unit needs more";
  // Nobody states a need: the helpers' ¥40 M shared by need index.
  for (auto& u : p.units) {
    u.need_cny_per_year = u.income_shortfall_cny = u.gap_cost_cny = std::numeric_limits<double>::quiet_NaN();
  }
  const auto shared = funds_needs(p, params);
  EXPECT_NEAR(shared[2] + shared[3] + shared[4] + shared[5], 40e6, 1e-3);
  // Shares are whole funds units that add up to what the helpers can give in whole units (¥10.57 M + ¥6.74 M:
  // 1057 + 674 units), so that rounding never makes the shared-out needs exceed the funds.
  p.units[0].funds_cny_per_year = 10.575e6;
  p.units[1].funds_cny_per_year = 6.7449e6;
  const auto whole = funds_needs(p, params);
  double sum = 0;
  for (size_t i = 2; i < 6; ++i) {
    EXPECT_EQ(std::fmod(whole[i], params.funds_unit_cny), 0.0) << i;
    sum += whole[i];
  }
  EXPECT_DOUBLE_EQ(sum, (1057 + 674) * params.funds_unit_cny);
  // A kept pair stating more than a unit's share is a floor: that unit's need is at least the pair's money and the
  // rest is shared among the others; the total is still the helpers' funds.
  ExistingPair big;
  big.helper_code = p.units[0].code;
  big.helped_code = p.units[2].code;
  big.funds_cny_per_year = 15e6;  // 1500 of the 1731 units: above its share by need index
  big.row = 1;
  p.existing = {big};
  const auto floored = funds_needs(p, params);
  EXPECT_DOUBLE_EQ(floored[2], 15e6);
  EXPECT_GT(15e6, whole[2]) << "the floor binds here: its share without it is less";
  EXPECT_DOUBLE_EQ(floored[2] + floored[3] + floored[4] + floored[5], (1057 + 674) * params.funds_unit_cny);
  p.existing.clear();
  params.unmet_penalty = 1e9;  // leaving money unsent is never cheaper than sending it (the instance is far apart)
  auto plan = plan_pairs(p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  EXPECT_TRUE(plan->left_out.empty()) << "needs shared out of the funds are all met: " << plan->summary;
}

TEST(FundsFlow, LinksLayerCarriesTheFundsAndTheExistingFlag) {
  PairProblem p = funds_instance(5, 6, 9, 1.0);
  ExistingPair e;
  e.helper_code = p.units[0].code;
  e.helped_code = p.units[5].code;
  e.funds_cny_per_year = 1e6;
  e.row = 1;
  p.existing.push_back(e);
  PairParams params;
  params.mode = PairMode::funds;
  auto plan = plan_pairs(p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  const FeatureTable links = links_table(p, *plan);
  ASSERT_EQ(links.size(), plan->links.size());
  const Column* funds = links.column("funds_cny_per_year");
  const Column* existing = links.column("existing");
  const Column* status = links.column("status");
  ASSERT_NE(funds, nullptr);
  ASSERT_NE(existing, nullptr);
  ASSERT_NE(links.column("distance_km"), nullptr);
  ASSERT_NE(links.column("cost_distance"), nullptr);
  ASSERT_NE(links.column("cost_mismatch"), nullptr);
  for (size_t i = 0; i < links.size(); ++i) {
    EXPECT_DOUBLE_EQ(funds->get_real(i), plan->links[i].funds_cny_per_year);
    EXPECT_EQ(existing->get_int(i), status->as_text(i) == "suggested" ? 0 : 1);
  }
  EXPECT_EQ(existing->get_int(0), 1) << "the fixed pair comes first";
  const FeatureTable units = units_table(p, *plan, params);
  const Column* need = units.column("need_cny_per_year");
  ASSERT_NE(need, nullptr);
  EXPECT_DOUBLE_EQ(need->get_real(6), p.units[6].need_cny_per_year);
}

TEST(FundsFlow, ModeAndUnitFromTheProjectFile) {
  auto s = parse_pair_settings("[pair]\nmode = \"funds\"\nfunds_unit_cny = 1000\n", "p.toml");
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->params.mode, PairMode::funds);
  EXPECT_DOUBLE_EQ(s->params.funds_unit_cny, 1000);
  auto bad = parse_pair_settings("[pair]\nfunds_unit_cny = 0.5\n", "p.toml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "funds_unit_cny");
  EXPECT_EQ(parse_pair_mode("funds-flow").value(), PairMode::funds);
}

}  // namespace
}  // namespace jiuyou::pair
