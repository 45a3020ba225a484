// Fibre along roads (光纤到村, [build.fibre] of data/costs/default.toml): a
// village failing broadband gets a fibre line from the nearest fibre, laid
// along the roads where they lead there (else the straight gap × the detour
// factor), as an alternative to the 4G tower for the same (village, broadband)
// need; the planned line, added to broadband_fiber with kind = fiber, makes
// the village pass the re-check, and a neighbour it passes within the fibre
// distance too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "gis/indicators/check.hpp"
#include "gis/invest/candidates.hpp"
#include "gis/invest/costs.hpp"
#include "support/table_builders.hpp"

namespace jiuyou::invest {
namespace {

using test::Line;

const char* k_rules =
    "[rule_set]\nid = \"t\"\n[[items]]\nid = \"broadband\"\nname_zh = \"通宽带\"\nkind = \"coverage\"\nlayer = \"broadband\"\n"
    "filter = \"kind = 'coverage'\"\ntower_filter = \"kind = 'tower'\"\ntower_radius_m = 3000\n"
    "fiber_filter = \"kind = 'fiber'\"\nfiber_max_distance_m = 500\nnet4 = true\n";

// Fibre along y = 0 (x 1500..2000); a road from its east end north to (2000, 3000), then west to (0, 3000).
// Village 0 at (0, 3100): 3.4 km from the fibre's west end straight; along the road 3 km + 2 km.
// Village 1 at (2100, 1500): beside the road, 1.5 km from the fibre.
// Village 2 at (1700, 300): 300 m from the fibre, passes already.
struct County {
  Workspace ws;
  indicators::RuleSet rules;
  CostTable costs;
  County() {
    FeatureTable villages = test::make_table("villages", GeometryKind::point);
    for (const Vec2 p : {Vec2{0, 3100}, Vec2{2100, 1500}, Vec2{1700, 300}}) test::add_point(villages, p.x, p.y);
    auto& code = test::col(villages, "code", FieldType::text);
    for (int i = 0; i < 3; ++i) code.push_text("42032310020" + std::to_string(i));
    FeatureTable roads = test::make_table("roads", GeometryKind::line);
    test::add_line(roads, Line{{2000, 0}, {2000, 1000}, {2000, 3000}});
    test::add_line(roads, Line{{2000, 3000}, {1000, 3000}, {0, 3000}});
    test::col(roads, "class", FieldType::text).push_text("village");
    test::col(roads, "class", FieldType::text).push_text("village");
    FeatureTable fibre = test::make_table("broadband_fiber", GeometryKind::line);
    test::add_line(fibre, Line{{1500, 0}, {2000, 0}});
    test::col(fibre, "kind", FieldType::text).push_text("fiber");
    test::col(fibre, "tech", FieldType::text).push_text("fiber");
    FeatureTable towers = test::make_table("broadband_towers", GeometryKind::point);
    test::col(towers, "kind", FieldType::text);
    ws.layers = {std::move(villages), std::move(roads), std::move(fibre), std::move(towers)};
    auto r = indicators::parse_rule_set(k_rules, "t.toml");
    EXPECT_TRUE(r) << r.error().to_string();
    rules = *r;
    auto c = load_costs("default");
    EXPECT_TRUE(c) << c.error().to_string();
    costs = *c;
  }
  indicators::CheckResult check() const {
    auto r = indicators::check_villages(ws, rules);
    EXPECT_TRUE(r) << r.error().to_string();
    return *r;
  }
};

const Project* fibre_for(const Candidates& c, const CostTable& costs, uint32_t village) {
  for (const auto& p : c.projects)
    if (p.village == village && costs.builds[p.build].into == "broadband_fiber") return &p;
  return nullptr;
}

TEST(Fibre, TheDefaultCostsPriceFibrePerKmAsAnAlternativeToTheTower) {
  auto c = load_costs("default");
  ASSERT_TRUE(c) << c.error().to_string();
  const auto builds = c->builds_for("broadband");
  ASSERT_EQ(builds.size(), 2u);
  EXPECT_EQ(builds[0]->into, "broadband_towers") << "the tower stays the first build";
  const Build& f = *builds[1];
  EXPECT_EQ(f.shape, Shape::line);
  EXPECT_DOUBLE_EQ(f.cost_cny, 30'000) << "3万元/km, per km";
  EXPECT_TRUE(f.along.enabled);
  EXPECT_EQ(f.along.route_zh, "沿现有道路敷设光缆");
  // The planned feature is what the shipped broadband filter counts as fibre.
  const auto kind = std::find_if(f.feature.begin(), f.feature.end(), [](const FeatureValue& v) { return v.field == "kind"; });
  ASSERT_NE(kind, f.feature.end());
  EXPECT_EQ(kind->text, "fiber");
}

TEST(Fibre, RouteWordsOfAlongAreTextOrAnErrorNamingTheKey) {
  const std::string head = "[costs]\n[build.fibre]\nitem = \"broadband\"\nshape = \"line\"\ninto = \"broadband_fiber\"\ncost = 3\nunit = \"万元/km\"\n"
                           "[build.fibre.feature]\nkind = \"fiber\"\n[build.fibre.along]\nlayer = \"roads\"\n";
  for (const char* bad : {"route_zh = 5\n", "route_zh = \"\"\n"}) {
    auto c = parse_costs(head + bad, "my.toml");
    ASSERT_FALSE(c) << bad;
    EXPECT_EQ(c.error().code, ErrorCode::rules);
    EXPECT_EQ(c.error().field, "route_zh") << c.error().message;
    EXPECT_NE(c.error().message.find("[build.fibre]"), std::string::npos) << c.error().message;
  }
  auto ok = parse_costs(head + "route_zh = \"沿现有道路敷设光缆\"\n", "my.toml");
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(ok->builds.front().along.route_zh, "沿现有道路敷设光缆");
  auto plain = parse_costs(head, "my.toml");
  ASSERT_TRUE(plain) << plain.error().to_string();
  EXPECT_EQ(plain->builds.front().along.route_zh, "沿现有道路架设") << "the 10 kV wording stays the default";
}

TEST(Fibre, AVillageFailingBroadbandGetsFibreAlongTheRoadThatPassesTheRecheck) {
  County k;
  const auto check = k.check();
  ASSERT_EQ(check.cell(0, 0).outcome, indicators::Outcome::fail);
  ASSERT_EQ(check.cell(1, 0).outcome, indicators::Outcome::fail);
  ASSERT_EQ(check.cell(2, 0).outcome, indicators::Outcome::pass) << "300 m from the fibre: 光纤到村";
  auto c = make_candidates(k.ws, check, k.costs);
  ASSERT_TRUE(c) << c.error().to_string();
  const Project* p = fibre_for(*c, k.costs, 0);
  ASSERT_NE(p, nullptr) << "a fibre candidate for village 0";
  EXPECT_EQ(p->route_zh, "沿现有道路敷设光缆");
  ASSERT_GT(p->geometry.size(), 2u);
  EXPECT_DOUBLE_EQ(p->geometry.front().x, 0);
  EXPECT_DOUBLE_EQ(p->geometry.front().y, 3100);
  // Along the roads 2 km east and 3 km south; the legs off them (100 m from the village, 500 m
  // from the road's end to the gap's end on the fibre at (1500, 0)) × the detour factor.
  EXPECT_NEAR(p->size, 5000 + (100 + 500) * k.costs.detour_factor, 1e-6);
  EXPECT_DOUBLE_EQ(p->geometry.back().x, 1500);
  EXPECT_DOUBLE_EQ(p->geometry.back().y, 0);
  EXPECT_NEAR(p->cost_cny, p->size / 1000 * 30'000, 1e-6);
  // The fibre and the tower fix the same need: the optimiser counts the village fixed by either.
  const uint32_t need = p->needs.front();
  EXPECT_EQ(c->needs[need].village, 0u);
  EXPECT_GE(c->fixers[need].size(), 2u) << "the tower in the village is the other fixer";
  // The fibre passes village 1 beside the road: it fixes that village's broadband too.
  bool fixes_one = false;
  for (const uint32_t n : p->needs) fixes_one = fixes_one || c->needs[n].village == 1;
  EXPECT_TRUE(fixes_one);

  // The re-check with the planned line in broadband_fiber (kind = fiber), as check --with adds it.
  Workspace with = k.ws;
  FeatureTable& fibre = *std::find_if(with.layers.begin(), with.layers.end(), [](const FeatureTable& t) { return t.name == "broadband_fiber"; });
  fibre.geometry.add_line_feature(p->geometry);
  fibre.fid.push_back(2);
  fibre.column("kind")->push_text("fiber");
  fibre.column("tech")->push_text("fiber");
  auto again = indicators::check_villages(with, k.rules);
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_EQ(again->cell(0, 0).outcome, indicators::Outcome::pass) << again->cell(0, 0).note;
  EXPECT_EQ(again->cell(1, 0).outcome, indicators::Outcome::pass) << again->cell(1, 0).note;
  EXPECT_EQ(again->cell(2, 0).outcome, indicators::Outcome::pass);
  keep_confirmed(*c, *again);
  EXPECT_NE(fibre_for(*c, k.costs, 0), nullptr) << "the re-check confirms the fibre";
}

TEST(Fibre, WithoutARoadThereTheFibreIsTheStraightGapTimesTheDetour) {
  County k;
  k.ws.layers.erase(std::find_if(k.ws.layers.begin(), k.ws.layers.end(), [](const FeatureTable& t) { return t.name == "roads"; }));
  const auto check = k.check();
  auto c = make_candidates(k.ws, check, k.costs);
  ASSERT_TRUE(c) << c.error().to_string();
  const Project* p = fibre_for(*c, k.costs, 0);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->route_zh, "按直线距离×绕行系数估算");
  ASSERT_EQ(p->geometry.size(), 2u);
  EXPECT_NEAR(p->size, std::hypot(1500.0, 3100.0) * k.costs.detour_factor, 1e-6) << "from the village straight to the fibre at (1500, 0)";
}

TEST(Fibre, AProjectWithoutAFibreLayerIsOfferedOnlyTheTower) {
  County k;
  k.ws.layers.erase(std::find_if(k.ws.layers.begin(), k.ws.layers.end(), [](const FeatureTable& t) { return t.name == "broadband_fiber"; }));
  const auto check = k.check();
  auto c = make_candidates(k.ws, check, k.costs);
  ASSERT_TRUE(c) << c.error().to_string();
  for (const auto& p : c->projects) EXPECT_NE(k.costs.builds[p.build].into, "broadband_fiber");
  EXPECT_FALSE(c->projects.empty()) << "the tower is still offered";
}

}  // namespace
}  // namespace jiuyou::invest
