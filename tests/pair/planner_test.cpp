// The planner on the real Quanzhou pairs, on synthetic township scenarios, and
// on bad input; its optimum checked against GLPK on the same flow model.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <set>

#include "gis/pair/params.hpp"
#include "gis/pair/planner.hpp"
#include "gis/pair/units.hpp"
#include "pair/pair_fixture.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::pair {
namespace {

std::string quanzhou_csv() { return (test::source_dir() / "data/pairing/quanzhou_2018.csv").string(); }

PairProblem quanzhou() {
  auto t = read_pairs(quanzhou_csv());
  EXPECT_TRUE(t) << t.error().to_string();
  auto p = problem_from_pairs(*t, quanzhou_csv());
  EXPECT_TRUE(p) << p.error().to_string();
  return *p;
}

// Vincenty's inverse formula on WGS84: an independent check of the crs module's geodesic.
double vincenty_m(Vec2 a, Vec2 b) {
  const double f = 1 / 298.257223563, A = 6378137.0, B = A * (1 - f);
  const double rad = M_PI / 180.0;
  const double L = (b.x - a.x) * rad;
  const double U1 = std::atan((1 - f) * std::tan(a.y * rad)), U2 = std::atan((1 - f) * std::tan(b.y * rad));
  const double sinU1 = std::sin(U1), cosU1 = std::cos(U1), sinU2 = std::sin(U2), cosU2 = std::cos(U2);
  double lambda = L, sin_sigma = 0, cos_sigma = 0, sigma = 0, cos2_alpha = 0, cos_2sm = 0;
  for (int i = 0; i < 200; ++i) {
    const double sl = std::sin(lambda), cl = std::cos(lambda);
    sin_sigma = std::sqrt(std::pow(cosU2 * sl, 2) + std::pow(cosU1 * sinU2 - sinU1 * cosU2 * cl, 2));
    cos_sigma = sinU1 * sinU2 + cosU1 * cosU2 * cl;
    sigma = std::atan2(sin_sigma, cos_sigma);
    const double sin_alpha = cosU1 * cosU2 * sl / sin_sigma;
    cos2_alpha = 1 - sin_alpha * sin_alpha;
    cos_2sm = cos_sigma - 2 * sinU1 * sinU2 / cos2_alpha;
    const double C = f / 16 * cos2_alpha * (4 + f * (4 - 3 * cos2_alpha));
    const double prev = lambda;
    lambda = L + (1 - C) * f * sin_alpha * (sigma + C * sin_sigma * (cos_2sm + C * cos_sigma * (-1 + 2 * cos_2sm * cos_2sm)));
    if (std::fabs(lambda - prev) < 1e-13) break;
  }
  const double u2 = cos2_alpha * (A * A - B * B) / (B * B);
  const double AA = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
  const double BB = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
  const double ds = BB * sin_sigma * (cos_2sm + BB / 4 * (cos_sigma * (-1 + 2 * cos_2sm * cos_2sm) -
                                                          BB / 6 * cos_2sm * (-3 + 4 * sin_sigma * sin_sigma) * (-3 + 4 * cos_2sm * cos_2sm)));
  return B * AA * (sigma - ds);
}

const Link* find_link(const PairProblem& p, const PairPlan& plan, const std::string& helper, const std::string& helped) {
  for (const auto& l : plan.links)
    if (p.units[l.helper].code == helper && p.units[l.helped].code == helped) return &l;
  return nullptr;
}

TEST(QuanzhouPairs, TableLoadsWithNinePairsAndEighteenUnits) {
  auto t = read_pairs(quanzhou_csv());
  ASSERT_TRUE(t) << t.error().to_string();
  ASSERT_EQ(t->pairs.size(), 9u);
  ASSERT_TRUE(t->has_positions);
  EXPECT_EQ(t->units.size(), 18u);
  EXPECT_EQ(t->pairs[4].helper_code, "350582");
  EXPECT_EQ(t->pairs[4].helped_code, "350821");
  EXPECT_EQ(t->pairs[4].funds_cny_per_year, 20e6);
  EXPECT_EQ(t->pairs[4].row, 5);
  EXPECT_EQ(t->pairs[7].year, 2019);
  std::set<std::string> codes;
  for (const auto& u : t->units) {
    EXPECT_EQ(u.code.size(), 6u) << u.code;
    EXPECT_EQ(u.code.substr(0, 2), "35") << u.name << " is in Fujian";
    EXPECT_GT(u.position.x, 116.0);
    EXPECT_LT(u.position.x, 120.0);
    EXPECT_GT(u.position.y, 24.5);
    EXPECT_LT(u.position.y, 28.0);
    codes.insert(u.code);
  }
  EXPECT_EQ(codes.size(), 18u);
  EXPECT_EQ(t->units[0].name, "鲤城区");
  EXPECT_EQ(t->units[0].role, Role::helper);
  EXPECT_EQ(t->units[1].name, "明溪县");
  EXPECT_EQ(t->units[1].role, Role::helped);
}

TEST(QuanzhouPairs, NineExistingLinksHaveEllipsoidalLengths) {
  const PairProblem p = quanzhou();
  auto plan = plan_pairs(p, PairParams{});
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->links.size(), 9u);
  EXPECT_TRUE(plan->left_out.empty());
  for (const auto& l : plan->links) {
    EXPECT_EQ(l.status, LinkStatus::existing);
    const double expected = vincenty_m(p.units[l.helper].position, p.units[l.helped].position);
    EXPECT_NEAR(l.distance_m, expected, 0.01) << p.units[l.helper].name << " -> " << p.units[l.helped].name;
    EXPECT_GT(l.distance_m, 50e3);
    EXPECT_LT(l.distance_m, 400e3);
  }
  const Link* jj = find_link(p, *plan, "350582", "350821");
  ASSERT_NE(jj, nullptr);
  EXPECT_NEAR(jj->distance_m / 1000.0, 251.0, 1.0) << "晋江 -> 长汀";
  EXPECT_EQ(jj->funds_cny_per_year, 20e6);
  EXPECT_EQ(jj->cost_distance, std::llround(jj->distance_m));
  EXPECT_EQ(jj->cost_mismatch, 0) << "no need figures: nothing to match";
}

TEST(QuanzhouPairs, ReplanByDistanceKeepsOrImprovesTheTotal) {
  const PairProblem p = quanzhou();
  PairParams kept;
  auto fixed = plan_pairs(p, kept);
  ASSERT_TRUE(fixed);
  PairParams re;
  re.replan = true;
  re.mode = PairMode::one_to_one;
  auto plan = plan_pairs(p, re);
  ASSERT_TRUE(plan) << plan.error().to_string();
  EXPECT_TRUE(plan->left_out.empty());
  EXPECT_LE(plan->total_cost, fixed->total_cost);
  size_t active = 0, dropped = 0;
  std::set<uint32_t> helpers, helped;
  for (const auto& l : plan->links) {
    if (l.status == LinkStatus::dropped) {
      ++dropped;
      continue;
    }
    ++active;
    EXPECT_TRUE(helpers.insert(l.helper).second) << "one-to-one";
    EXPECT_TRUE(helped.insert(l.helped).second) << "one-to-one";
  }
  EXPECT_EQ(active, 9u);
  EXPECT_EQ(plan->links.size(), active + dropped);
  // The flow model's optimum from GLPK equals the plan's.
  auto model = build_flow_model(p, re);
  ASSERT_TRUE(model);
  auto lp = solve_transport_glpk(model->problem);
  ASSERT_TRUE(lp) << lp.error().to_string();
  EXPECT_EQ(plan->optimised_cost, lp->cost);
  EXPECT_EQ(plan->total_cost, lp->cost);
}

// A synthetic province: helpers on the coast (east), helped units inland.
PairProblem synthetic(size_t n_helpers, size_t n_helped, uint32_t seed, bool figures) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> lon_coast(118.0, 119.6), lon_inland(115.8, 118.4), lat(23.6, 28.2);
  std::uniform_real_distribution<double> funds(5e6, 4e7), poor(2000, 40000);
  std::uniform_int_distribution<int> partners(1, 3);
  PairProblem p;
  p.source = "synthetic";
  for (size_t i = 0; i < n_helpers; ++i) {
    Unit u = test_fixture::synthetic_unit(Role::helper, i, Vec2{lon_coast(rng), lat(rng)}, static_cast<int64_t>(i) + 1);
    if (figures) {
      u.funds_cny_per_year = funds(rng);
      u.max_partners = partners(rng);
    }
    p.units.push_back(u);
  }
  for (size_t i = 0; i < n_helped; ++i) {
    Unit u = test_fixture::synthetic_unit(Role::helped, i, Vec2{lon_inland(rng), lat(rng)}, static_cast<int64_t>(n_helpers + i) + 1);
    if (figures) u.poor_population = poor(rng);
    p.units.push_back(u);
  }
  return p;
}

TEST(PlanPairs, OptimumEqualsGlpkOnRandomInstances) {
  const struct {
    size_t helpers, helped;
    PairMode mode;
    int candidates;
  } cases[] = {{5, 5, PairMode::one_to_one, 0},   {8, 13, PairMode::one_to_one, 0},  {30, 20, PairMode::one_to_one, 0},
               {6, 9, PairMode::capacitated, 0},  {25, 40, PairMode::capacitated, 8}, {60, 90, PairMode::capacitated, 15},
               {90, 60, PairMode::capacitated, 0}};
  uint32_t seed = 11;
  for (const auto& c : cases) {
    for (const bool figures : {false, true}) {
      const PairProblem p = synthetic(c.helpers, c.helped, ++seed, figures);
      PairParams params;
      params.mode = c.mode;
      params.candidates = c.candidates;
      params.unmet_penalty = 400;  // some links cost more than leaving the unit out
      auto plan = plan_pairs(p, params);
      ASSERT_TRUE(plan) << plan.error().to_string();
      auto model = build_flow_model(p, params);
      ASSERT_TRUE(model);
      auto lp = solve_transport_glpk(model->problem);
      ASSERT_TRUE(lp) << lp.error().to_string();
      EXPECT_EQ(plan->optimised_cost, lp->cost) << c.helpers << "x" << c.helped << " " << to_string(c.mode) << " figures " << figures;
      EXPECT_EQ(plan->total_cost, lp->cost);
      // Capacities hold.
      std::map<uint32_t, int> used;
      for (const auto& l : plan->links) ++used[l.helper];
      for (const auto& [h, n] : used) EXPECT_LE(n, helper_capacity(p.units[h], params));
    }
  }
}

TEST(PlanPairs, LargeOneToOneUsesTheSparseFlowAndStaysOptimal) {
  // Above 2000 units a side the dense matrix is not built: min-cost flow over the k nearest.
  const PairProblem p = synthetic(2001, 300, 99, true);
  PairParams params;
  params.mode = PairMode::one_to_one;
  params.candidates = 20;
  auto plan = plan_pairs(p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  EXPECT_NE(plan->solver.find("NetworkSimplex"), std::string::npos) << plan->solver;
  std::set<uint32_t> helpers;
  for (const auto& l : plan->links) EXPECT_TRUE(helpers.insert(l.helper).second) << "one helper, one partner";
  EXPECT_EQ(plan->links.size() + plan->left_out.size(), 300u);
  auto model = build_flow_model(p, params);
  ASSERT_TRUE(model);
  EXPECT_EQ(model->problem.arcs.size(), 300u * 20u);
  auto lp = solve_transport_glpk(model->problem);
  ASSERT_TRUE(lp) << lp.error().to_string();
  EXPECT_EQ(plan->total_cost, lp->cost);
}

TEST(PlanPairs, MismatchSendsTheStrongHelperToTheNeediestUnit) {
  // Two helpers and two helped units at the same spot: distance cannot decide.
  PairProblem p;
  p.source = "test";
  auto add = [&](const char* code, Role role, double funds, double poor) {
    Unit u;
    u.code = code;
    u.name = code;
    u.role = role;
    u.position = {117.0, 26.0};
    if (role == Role::helper) u.funds_cny_per_year = funds;
    if (role == Role::helped) u.poor_population = poor;
    p.units.push_back(u);
  };
  add("rich", Role::helper, 3e7, 0);
  add("modest", Role::helper, 1e7, 0);
  add("small_need", Role::helped, 0, 5000);
  add("big_need", Role::helped, 0, 15000);
  PairParams params;
  params.mode = PairMode::one_to_one;
  auto plan = plan_pairs(p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_NE(find_link(p, *plan, "rich", "big_need"), nullptr);
  ASSERT_NE(find_link(p, *plan, "modest", "small_need"), nullptr);
  // Indices: funds 1.5 and 0.5 of the mean, need 0.5 and 1.5: matched pairs cost 0.
  EXPECT_EQ(plan->total_cost, 0);
  EXPECT_EQ(find_link(p, *plan, "rich", "big_need")->funds_cny_per_year, 3e7);
}

TEST(PlanPairs, ThirtyKeyTownshipsEachGetOneDevelopedTownship) {
  // "沿海发达乡镇结对帮扶30个扶贫开发重点乡镇": 30 helped, 40 helper townships (9-digit codes), one-to-one.
  std::mt19937 rng(2018);
  std::uniform_real_distribution<double> coast_x(118.3, 119.3), inland_x(116.2, 118.0), y(24.6, 27.4);
  PairProblem p;
  p.source = "synthetic townships";
  for (int i = 0; i < 40; ++i) {
    Unit u;
    u.code = std::to_string(350500100 + i * 3);
    u.name = "沿海镇" + std::to_string(i + 1);
    u.role = Role::helper;
    u.position = {coast_x(rng), y(rng)};
    u.funds_cny_per_year = 1e6 + 1e5 * (i % 7);
    p.units.push_back(u);
  }
  for (int i = 0; i < 30; ++i) {
    Unit u;
    u.code = std::to_string(350400200 + i * 3);
    u.name = "重点乡镇" + std::to_string(i + 1);
    u.role = Role::helped;
    u.position = {inland_x(rng), y(rng)};
    u.poor_population = 800 + 97 * (i % 11);
    p.units.push_back(u);
  }
  PairParams params;
  params.mode = PairMode::one_to_one;
  auto plan = plan_pairs(p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  EXPECT_TRUE(plan->left_out.empty()) << plan->summary;
  ASSERT_EQ(plan->links.size(), 30u);
  std::set<uint32_t> helpers, helped;
  for (const auto& l : plan->links) {
    EXPECT_EQ(l.status, LinkStatus::suggested);
    EXPECT_EQ(p.units[l.helper].role, Role::helper);
    EXPECT_EQ(p.units[l.helped].role, Role::helped);
    helpers.insert(l.helper);
    helped.insert(l.helped);
    EXPECT_GT(l.funds_cny_per_year, 0);
  }
  EXPECT_EQ(helpers.size(), 30u) << "no helper township takes two";
  EXPECT_EQ(helped.size(), 30u) << "every key township is paired";
  EXPECT_NE(plan->solver.find("Jonker-Volgenant"), std::string::npos);
  auto model = build_flow_model(p, params);
  ASSERT_TRUE(model);
  auto lp = solve_transport_glpk(model->problem);
  ASSERT_TRUE(lp);
  EXPECT_EQ(plan->total_cost, lp->cost);
}

TEST(PlanPairs, CapacityShortLeavesUnitsOutAndSaysWhy) {
  const PairProblem p = synthetic(3, 7, 5, false);  // 3 helpers × 1 partner, 7 helped
  PairParams params;
  auto plan = plan_pairs(p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  EXPECT_EQ(plan->links.size(), 3u);
  ASSERT_EQ(plan->left_out.size(), 4u);
  for (const auto& lo : plan->left_out) {
    EXPECT_EQ(lo.partners_missing, 1);
    EXPECT_NE(lo.reason.find("capacity short"), std::string::npos) << lo.reason;
  }
  EXPECT_NE(plan->summary.find("capacity short by 4 partners"), std::string::npos) << plan->summary;
}

TEST(PlanPairs, CapacityShortPairsTheNeediestFirst) {
  // Two helpers, four helped units at one spot (equal distances): the two with the
  // largest poor population get the helpers, because leaving them out costs more.
  PairProblem p;
  p.source = "test";
  for (int i = 0; i < 2; ++i) {
    Unit h;
    h.code = "H" + std::to_string(i);
    h.role = Role::helper;
    h.position = {118.5, 24.9 + 0.1 * i};
    p.units.push_back(h);
  }
  const double poor[] = {5000, 30000, 10000, 20000};
  for (int i = 0; i < 4; ++i) {
    Unit r;
    r.code = "R" + std::to_string(i);
    r.role = Role::helped;
    r.position = {116.5, 26.0};
    r.poor_population = poor[i];
    p.units.push_back(r);
  }
  for (const PairMode mode : {PairMode::one_to_one, PairMode::capacitated}) {
    PairParams params;
    params.mode = mode;
    auto plan = plan_pairs(p, params);
    ASSERT_TRUE(plan) << plan.error().to_string();
    std::set<std::string> paired;
    for (const auto& l : plan->links) paired.insert(p.units[l.helped].code);
    EXPECT_EQ(paired, (std::set<std::string>{"R1", "R3"})) << to_string(mode);
    ASSERT_EQ(plan->left_out.size(), 2u);
  }
}

TEST(PlanPairs, MaxDistanceLeavesTheFarUnitOutWithTheReason) {
  PairProblem p;
  p.source = "test";
  Unit h;
  h.code = "A";
  h.role = Role::helper;
  h.position = {118.6, 24.9};
  h.max_partners = 2;
  Unit near = h, far = h;
  near.code = "near";
  near.role = Role::helped;
  near.position = {118.4, 25.2};
  far.code = "far";
  far.role = Role::helped;
  far.position = {116.0, 27.5};
  p.units = {h, near, far};
  PairParams params;
  params.max_distance_km = 100;
  auto plan = plan_pairs(p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->links.size(), 1u);
  ASSERT_EQ(plan->left_out.size(), 1u);
  EXPECT_EQ(p.units[plan->left_out[0].helped].code, "far");
  EXPECT_NE(plan->left_out[0].reason.find("max_distance_km = 100"), std::string::npos) << plan->left_out[0].reason;
}

TEST(PlanPairs, CapacitatedHelperTakesSeveralPartnersAndSplitsItsFunds) {
  PairProblem p;
  p.source = "test";
  Unit h;
  h.code = "H";
  h.role = Role::helper;
  h.position = {118.6, 24.9};
  h.max_partners = 3;
  h.funds_cny_per_year = 3e7;
  p.units.push_back(h);
  for (int i = 0; i < 3; ++i) {
    Unit r;
    r.code = "R" + std::to_string(i);
    r.role = Role::helped;
    r.position = {117.5 + 0.2 * i, 26.0};
    p.units.push_back(r);
  }
  auto plan = plan_pairs(p, PairParams{});
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->links.size(), 3u);
  for (const auto& l : plan->links) EXPECT_DOUBLE_EQ(l.funds_cny_per_year, 1e7);
}

// --- bad input ----------------------------------------------------------------

TEST(PairErrors, UnknownCodeInAPairNamesTheRow) {
  PairProblem p = quanzhou();
  p.existing[2].helped_code = "350499";
  auto plan = plan_pairs(p, PairParams{});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::input);
  EXPECT_EQ(plan.error().feature, 3);
  EXPECT_EQ(plan.error().field, "helped_code");
  EXPECT_NE(plan.error().message.find("pairs row 3"), std::string::npos) << plan.error().message;
  EXPECT_NE(plan.error().message.find("350499"), std::string::npos);
}

TEST(PairErrors, HelperWithZeroCapacityIsNamed) {
  PairProblem p = quanzhou();
  p.units[0].max_partners = 0;  // 鲤城区
  auto plan = plan_pairs(p, PairParams{});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::input);
  EXPECT_EQ(plan.error().field, "max_partners");
  EXPECT_EQ(plan.error().feature, p.units[0].row);
  EXPECT_NE(plan.error().message.find("鲤城区 (350502, row 1)"), std::string::npos) << plan.error().message;
  EXPECT_NE(plan.error().message.find("zero capacity"), std::string::npos);
}

TEST(PairErrors, FixedPairsBeyondCapacityAreInfeasibleAndSayWhatIsShort) {
  PairProblem p = quanzhou();
  // 晋江市 also paired with 宁化县: two fixed pairs, capacity one.
  ExistingPair extra;
  extra.helper_code = "350582";
  extra.helped_code = "350424";
  extra.row = 10;
  p.existing.push_back(extra);
  for (auto& u : p.units)
    if (u.code == "350582") u.max_partners = 1;
  auto plan = plan_pairs(p, PairParams{});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::solver);
  EXPECT_EQ(plan.error().feature, 10);
  const std::string& m = plan.error().message;
  EXPECT_NE(m.find("infeasible"), std::string::npos) << m;
  EXPECT_NE(m.find("晋江市"), std::string::npos) << m;
  EXPECT_NE(m.find("rows 5 and 10"), std::string::npos) << m;
  EXPECT_NE(m.find("1 short"), std::string::npos) << m;
  // Re-planning frees the fixed pairs: no longer an error.
  PairParams re;
  re.replan = true;
  EXPECT_TRUE(plan_pairs(p, re));
}

TEST(PairErrors, FixedPairsBeyondFundsSayHowMuchIsShort) {
  PairProblem p = quanzhou();
  for (auto& u : p.units)
    if (u.code == "350582") u.funds_cny_per_year = 15e6;  // the pair states ¥20 M
  auto plan = plan_pairs(p, PairParams{});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::solver);
  EXPECT_EQ(plan.error().feature, 5);
  EXPECT_NE(plan.error().message.find("¥5000000 short"), std::string::npos) << plan.error().message;
}

TEST(PairErrors, DuplicateCodeAndRoleMismatchAreNamed) {
  PairProblem p = quanzhou();
  p.units[3].code = p.units[1].code;
  auto dup = plan_pairs(p, PairParams{});
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().message.find("appears twice"), std::string::npos) << dup.error().message;

  PairProblem q = quanzhou();
  std::swap(q.existing[0].helper_code, q.existing[0].helped_code);
  auto swapped = plan_pairs(q, PairParams{});
  ASSERT_FALSE(swapped);
  EXPECT_EQ(swapped.error().feature, 1);
  EXPECT_NE(swapped.error().message.find("is a helped unit, not a helper"), std::string::npos) << swapped.error().message;
}

TEST(PairErrors, OneToOneRejectsAUnitInTwoFixedPairs) {
  PairProblem p = quanzhou();
  for (auto& u : p.units)
    if (u.code == "350582") u.max_partners = 2;
  ExistingPair extra;
  extra.helper_code = "350582";
  extra.helped_code = "350424";
  extra.row = 10;
  p.existing.push_back(extra);
  PairParams params;
  EXPECT_TRUE(plan_pairs(p, params)) << "capacitated: 晋江市 may take two";
  params.mode = PairMode::one_to_one;
  auto plan = plan_pairs(p, params);
  ASSERT_FALSE(plan);
  EXPECT_NE(plan.error().message.find("one-to-one"), std::string::npos) << plan.error().message;
}

TEST(PairsCsv, BadRowsAreNamed) {
  auto empty_code = parse_csv_table("helper_code,helped_code\n350582,\n", "x.csv");
  ASSERT_TRUE(empty_code);
  auto t = pairs_from_table(*empty_code);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().feature, 1);
  EXPECT_EQ(t.error().field, "helped_code");

  auto ragged = parse_csv_table("helper_code,helped_code\n1,2\n3\n", "x.csv");
  ASSERT_FALSE(ragged);
  EXPECT_EQ(ragged.error().feature, 2);

  auto bad_number = parse_csv_table("helper_code,helped_code,helper_lon,helper_lat,helped_lon,helped_lat\n1,2,abc,25,117,26\n", "x.csv");
  ASSERT_TRUE(bad_number);
  auto b = pairs_from_table(*bad_number);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().field, "helper_lon");

  auto no_column = parse_csv_table("helper,helped\n1,2\n", "x.csv");
  ASSERT_TRUE(no_column);
  auto n = pairs_from_table(*no_column);
  ASSERT_FALSE(n);
  EXPECT_NE(n.error().hint.find("helper, helped"), std::string::npos) << n.error().hint;
}

TEST(PairsCsv, QuotedFieldsAndBomAreRead) {
  auto t = parse_csv_table("\xEF\xBB\xBFhelper_code,helped_code,source\r\n350582,350821,\"plan, 2018 \"\"restated\"\"\"\r\n", "x.csv");
  ASSERT_TRUE(t) << t.error().to_string();
  auto p = pairs_from_table(*t);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->pairs.size(), 1u);
  EXPECT_EQ(p->pairs[0].helper_code, "350582");
  EXPECT_EQ(p->pairs[0].note, "plan, 2018 \"restated\"");
  EXPECT_FALSE(p->has_positions);
  EXPECT_FALSE(problem_from_pairs(*p, "x.csv"));
}

// --- parameters ---------------------------------------------------------------

TEST(PairParamsToml, DefaultsWithoutASection) {
  auto s = parse_pair_settings("[project]\nname = \"x\"\n", "p.toml");
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->params.mode, PairMode::capacitated);
  EXPECT_EQ(s->params.distance_weight, 1.0);
  EXPECT_EQ(s->params.mismatch_weight, 100.0);
  EXPECT_EQ(s->params.candidates, 50);
  EXPECT_FALSE(s->params.replan);
  EXPECT_TRUE(s->existing_pairs.empty());
}

TEST(PairParamsToml, SectionOverridesDefaults) {
  auto s = parse_pair_settings(
      "[pair]\nmode = \"one-to-one\"\nreplan = true\ndistance_weight = 2\nmismatch_weight = 50.5\nunmet_penalty = 900\n"
      "candidates = 10\nmax_distance_km = 300\npartners_per_helped = 2\ndefault_max_partners = 3\nexisting = \"pairs.csv\"\n",
      "p.toml");
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->params.mode, PairMode::one_to_one);
  EXPECT_TRUE(s->params.replan);
  EXPECT_EQ(s->params.distance_weight, 2.0);
  EXPECT_EQ(s->params.mismatch_weight, 50.5);
  EXPECT_EQ(s->params.unmet_penalty, 900.0);
  EXPECT_EQ(s->params.candidates, 10);
  EXPECT_EQ(s->params.max_distance_km, 300.0);
  EXPECT_EQ(s->params.partners_per_helped, 2);
  EXPECT_EQ(s->params.default_max_partners, 3);
  EXPECT_EQ(s->existing_pairs, "pairs.csv");
}

TEST(PairParamsToml, SyntaxErrorNamesFileLineColumnAndKey) {
  auto s = parse_pair_settings("[pair]\nmode = \"funds\"\ncandidates = 5 5\n", "county/project.toml");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::project);
  EXPECT_EQ(s.error().file, "county/project.toml");
  EXPECT_EQ(s.error().field, "pair.candidates");
  EXPECT_NE(s.error().message.find("TOML syntax error at line"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().hint.find("[pair]"), std::string::npos) << s.error().hint;
}

TEST(PairParamsToml, BadValuesNameTheKey) {
  auto typo = parse_pair_settings("[pair]\ndistance_wieght = 2\n", "p.toml");
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().code, ErrorCode::project);
  EXPECT_EQ(typo.error().field, "distance_wieght");
  EXPECT_NE(typo.error().hint.find("did you mean 'distance_weight'?"), std::string::npos) << typo.error().hint;  // tour 10 J15

  auto negative = parse_pair_settings("[pair]\nunmet_penalty = -1\n", "p.toml");
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().field, "unmet_penalty");

  auto mode = parse_pair_settings("[pair]\nmode = \"greedy\"\n", "p.toml");
  ASSERT_FALSE(mode);
  EXPECT_EQ(mode.error().field, "mode");

  auto type = parse_pair_settings("[pair]\ncandidates = \"many\"\n", "p.toml");
  ASSERT_FALSE(type);
  EXPECT_EQ(type.error().field, "candidates");

  auto syntax = parse_pair_settings("[pair\n", "p.toml");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().file, "p.toml");
  EXPECT_NE(syntax.error().message.find("line 1"), std::string::npos) << syntax.error().message;
}

}  // namespace
}  // namespace jiuyou::pair
