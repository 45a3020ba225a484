// Pair's tables read the money unit their headers state, as the check's loader does (tour 12 L8); a names-only
// existing-pairs table is matched to the units by name (L24); a kept pair's stated money is what its helped unit
// needs, not that rounded up (L9), and the headline's sums add up with the pairs (L21).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "gis/pair/planner.hpp"
#include "gis/pair/report.hpp"
#include "gis/pair/units.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::pair {
namespace {

namespace fs = std::filesystem;

Result<PairsTable> pairs_csv(const std::string& name, const std::string& text) {
  const fs::path csv = test::scratch_dir() / name;
  std::ofstream(csv) << text;
  return read_pairs(csv.string());
}

TEST(PairStatedUnits, AnExistingPairsColumnInWanIsReadInWan) {
  auto t = pairs_csv("ex_wan.csv", "帮扶方,帮扶方代码,受扶方,受扶方代码,年度,年度资金（万元）,备注\n鲤城区,350502,明溪县,350421,2018,,现有\n晋江市,350582,长汀县,350821,2018,2000,现有\n");
  ASSERT_TRUE(t) << t.error().to_string();
  ASSERT_EQ(t->pairs.size(), 2u);
  EXPECT_TRUE(std::isnan(t->pairs[0].funds_cny_per_year)) << "an empty cell stays unknown";
  EXPECT_DOUBLE_EQ(t->pairs[1].funds_cny_per_year, 2e7) << "2000 万元, not 2000 元";
  ASSERT_EQ(t->units_zh.size(), 1u);
  EXPECT_NE(t->units_zh[0].find("年度资金（万元）"), std::string::npos) << t->units_zh[0];
  EXPECT_NE(t->units_zh[0].find("按列名写明的万元读入"), std::string::npos) << t->units_zh[0];

  auto yuan = pairs_csv("ex_yuan.csv", "帮扶方代码,受扶方代码,年度资金（元）\n350582,350821,20000000\n");
  ASSERT_TRUE(yuan) << yuan.error().to_string();
  EXPECT_DOUBLE_EQ(yuan->pairs[0].funds_cny_per_year, 2e7);
  EXPECT_TRUE(yuan->units_zh.empty()) << "元 is read as it is";

  auto qian = pairs_csv("ex_qian.csv", "帮扶方代码,受扶方代码,年度资金（千元）\n350582,350821,20000\n");
  ASSERT_TRUE(qian) << qian.error().to_string();
  EXPECT_DOUBLE_EQ(qian->pairs[0].funds_cny_per_year, 2e7) << "千元 is the loader's unit too (tour 12 L33)";

  auto baiwan = pairs_csv("ex_baiwan.csv", "帮扶方代码,受扶方代码,年度资金（百万元）\n350582,350821,20\n");
  ASSERT_TRUE(baiwan) << baiwan.error().to_string();
  EXPECT_DOUBLE_EQ(baiwan->pairs[0].funds_cny_per_year, 2e7) << "20 百万元 is 2000 万元 (tour 14 N1: 百元, 百万元 are units)";

  auto unknown = pairs_csv("ex_lakh.csv", "帮扶方代码,受扶方代码,年度资金（万美元）\n350582,350821,20\n");
  ASSERT_FALSE(unknown) << "a unit jiuyou does not know is refused, never read as 元";
  EXPECT_EQ(unknown.error().field, "年度资金（万美元）");
}

// Whether a bracket states a money unit is the loader's unit reader's answer (review: pair used to take any
// bracket with 元 and no 万/亿/千/百 in it as plain 元, so （美元） was read as 元).
TEST(PairStatedUnits, ABracketIsReadByTheLoadersUnitReaderAndAnUnknownOneIsRefused) {
  auto dollars = pairs_csv("ex_usd.csv", "帮扶方代码,受扶方代码,年度资金（美元）\n350582,350821,3000000\n");
  ASSERT_FALSE(dollars) << "（美元） is not 元";
  EXPECT_EQ(dollars.error().field, "年度资金（美元）");
  EXPECT_NE(dollars.error().file.find("ex_usd.csv"), std::string::npos) << dollars.error().file;
  EXPECT_NE(dollars.error().message.find("（美元）"), std::string::npos) << dollars.error().message;
  for (const char* known : {"元", "万元", "亿元", "千元"})
    EXPECT_NE(dollars.error().hint.find(known), std::string::npos) << "the hint names the units jiuyou knows: " << dollars.error().hint;

  auto people = pairs_csv("ex_people.csv", "帮扶方代码,受扶方代码,年度资金（人）\n350582,350821,30\n");
  ASSERT_FALSE(people) << "人 is a unit the loader knows, but not of money";
  EXPECT_NE(people.error().message.find("人"), std::string::npos) << people.error().message;

  auto per_year = pairs_csv("ex_per_year.csv", "帮扶方代码,受扶方代码,年度资金（元/年）\n350582,350821,20000000\n");
  ASSERT_TRUE(per_year) << per_year.error().to_string();
  EXPECT_DOUBLE_EQ(per_year->pairs[0].funds_cny_per_year, 2e7) << "（元/年）: 元 per year";
  EXPECT_TRUE(per_year->units_zh.empty());

  auto wan_lead = pairs_csv("ex_wan_lead.csv", "帮扶方代码,受扶方代码,年度资金（单位：万元/年）\n350582,350821,2000\n");
  ASSERT_TRUE(wan_lead) << wan_lead.error().to_string();
  EXPECT_DOUBLE_EQ(wan_lead->pairs[0].funds_cny_per_year, 2e7) << "the loader's 单位： and /年 spellings";
}

TEST(PairStatedUnits, AUnitsTableMappedToAWanColumnIsReadInWan) {
  FeatureTable t;
  t.name = "units";
  t.source = "units_zh.csv";
  t.crs = CrsRef::epsg(4490);
  t.geometry.kind = GeometryKind::point;
  t.columns.reserve(4);
  auto& code = t.add_column("code", FieldType::text);
  auto& role = t.add_column("role", FieldType::text);
  auto& funds = t.add_column("funds_cny_per_year", FieldType::real);
  auto& need = t.add_column("need_cny_per_year", FieldType::real);
  t.fid = {1, 2};
  t.geometry.add_point_feature(118.58, 24.91);
  t.geometry.add_point_feature(116.36, 25.84);
  code.push_text("350502"), role.push_text("帮扶方"), funds.push_real(1170), need.push_null();
  code.push_text("350821"), role.push_text("受扶方"), funds.push_null(), need.push_real(1.5);
  auto p = problem_from_units_table(t, {{"funds_cny_per_year", "年度资金（万元）"}, {"need_cny_per_year", "资金需要（亿元）"}, {"code", "代码"}});
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_DOUBLE_EQ(p->units[0].funds_cny_per_year, 1.17e7) << "1170 万元 is 1.17 亿元, not 1170 元";
  EXPECT_DOUBLE_EQ(p->units[1].need_cny_per_year, 1.5e8);
  ASSERT_EQ(p->basis_zh.size(), 2u);
  EXPECT_NE(p->basis_zh[0].find("单位表「年度资金（万元）」列按列名写明的万元读入"), std::string::npos) << p->basis_zh[0];
  // Without a mapping the canonical column is in 元, as before.
  auto plain = problem_from_units_table(t);
  ASSERT_TRUE(plain);
  EXPECT_DOUBLE_EQ(plain->units[0].funds_cny_per_year, 1170);
  EXPECT_TRUE(plain->basis_zh.empty());
}

// Tour 14 N11: a funds column headed （万元） but typed in 元 (11,700,000 = ¥11.7 M) read in 万元 gave each district
// ¥1,170 亿 a year and 8 false pairs. A stated unit that makes the typical unit hold more than 100 亿元 a year, where
// 元 is plausible, is read in 元 and said first on the console.
TEST(PairStatedUnits, AWanHeaderOverFundsTypedInYuanIsReadInYuanAndWarned) {
  FeatureTable t;
  t.name = "units";
  t.source = "units_wan_over_yuan.csv";
  t.crs = CrsRef::epsg(4490);
  t.geometry.kind = GeometryKind::point;
  t.columns.reserve(3);
  auto& code = t.add_column("code", FieldType::text);
  auto& role = t.add_column("role", FieldType::text);
  auto& funds = t.add_column("funds_cny_per_year", FieldType::real);
  t.fid = {1, 2, 3};
  for (int k = 0; k < 3; ++k) t.geometry.add_point_feature(118.58 + k * 0.1, 24.91);
  code.push_text("350502"), role.push_text("帮扶方"), funds.push_real(11700000);
  code.push_text("350582"), role.push_text("帮扶方"), funds.push_real(15000000);
  code.push_text("350821"), role.push_text("受扶方"), funds.push_null();
  auto p = problem_from_units_table(t, {{"funds_cny_per_year", "年度资金（万元）"}});
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_DOUBLE_EQ(p->units[0].funds_cny_per_year, 11700000) << "read in 元: 1,170 万元, not 1,170 亿元";
  ASSERT_EQ(p->warnings_zh.size(), 1u);
  EXPECT_NE(p->warnings_zh[0].find("已按元读入"), std::string::npos) << p->warnings_zh[0];
  EXPECT_NE(p->warnings_zh[0].find("年度资金（万元）"), std::string::npos) << p->warnings_zh[0];
  ASSERT_EQ(p->basis_zh.size(), 1u) << "the page says it too";
  // The same figures stated in 万元 as they are (1,170 万元) stay in 万元, silently.
  funds.set_real(0, 1170), funds.set_real(1, 1500);
  auto wan = problem_from_units_table(t, {{"funds_cny_per_year", "年度资金（万元）"}});
  ASSERT_TRUE(wan);
  EXPECT_DOUBLE_EQ(wan->units[0].funds_cny_per_year, 1.17e7);
  EXPECT_TRUE(wan->warnings_zh.empty());
}

PairProblem quanzhou_units() {
  const std::string csv = (test::source_dir() / "data/pairing/quanzhou_2018.csv").string();
  auto t = read_pairs(csv);
  EXPECT_TRUE(t) << t.error().to_string();
  return *problem_from_pairs(*t, csv);
}

TEST(PairStatedUnits, ANamesOnlyTableIsMatchedToTheUnitsByName) {
  const PairProblem units = quanzhou_units();
  auto t = pairs_csv("ex_names.csv", "帮扶方,受扶方,年度\n鲤城区,明溪县,2018\n晋江市,长汀县,2018\n");
  ASSERT_TRUE(t) << t.error().to_string();
  EXPECT_TRUE(t->by_name);
  auto pairs = t->pairs;
  auto ok = resolve_pair_names(pairs, units.units, "ex_names.csv");
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(pairs[0].helper_code, "350502");
  EXPECT_EQ(pairs[0].helped_code, "350421");
  EXPECT_EQ(pairs[1].helper_code, "350582");
  EXPECT_EQ(pairs[1].helped_code, "350821");

  auto unknown = t->pairs;
  unknown[1].helped_name = "长汀";
  auto u = resolve_pair_names(unknown, units.units, "ex_names.csv");
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().feature, 2);
  EXPECT_EQ(u.error().field, "helped_name");

  std::vector<Unit> twice = units.units;
  for (Unit& x : twice)
    if (x.code == "350503") x.name = "晋江市";  // two units named 晋江市 (丰泽区 renamed)
  auto ambiguous = t->pairs;
  auto a = resolve_pair_names(ambiguous, twice, "ex_names.csv");
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().message.find("350503"), std::string::npos) << a.error().message;
  EXPECT_NE(a.error().message.find("350582"), std::string::npos) << a.error().message;
}

// 晋江市 → 长汀县 states 2000 万元; the others give 1170 万元 and state nothing; no need is stated.
PairProblem quanzhou_stated() {
  PairProblem p = quanzhou_units();
  for (auto& u : p.units)
    if (u.role == Role::helper) u.funds_cny_per_year = u.code == "350582" ? 2e7 : 1.17e7;
  for (auto& e : p.existing) e.funds_cny_per_year = e.helper_code == "350582" ? 2e7 : std::numeric_limits<double>::quiet_NaN();
  return p;
}

TEST(PairStatedUnits, AKeptPairsStatedMoneyIsItsHelpedUnitsNeedWithoutARoundingCrumb) {
  const PairProblem p = quanzhou_stated();
  PairParams params;
  params.mode = PairMode::funds;
  params.funds_unit_cny = 30000;  // 2000 万元 is 666.67 units of 3 万元
  auto plan = plan_pairs(p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  for (uint32_t i = 0; i < p.units.size(); ++i) {
    if (p.units[i].code == "350821") {
      EXPECT_DOUBLE_EQ(plan->funds_need_cny[i], 2e7) << "长汀县 needs what its pair states";
    }
  }
  for (const Link& l : plan->links)
    EXPECT_FALSE(l.status == LinkStatus::suggested && p.units[l.helped].code == "350821") << "no new pair for a 1 万元 crumb";
}

TEST(PairStatedUnits, TheHeadlineAddsUpWithThePairs) {
  const PairProblem p = quanzhou_stated();
  PairParams params;
  params.mode = PairMode::funds;
  params.funds_unit_cny = 70000;
  auto plan = plan_pairs(p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  double pairs = 0;
  for (const Link& l : plan->links)
    if (l.status != LinkStatus::dropped && !std::isnan(l.funds_cny_per_year)) pairs += l.funds_cny_per_year;
  const std::string s = plan_summary_zh(p, *plan, params);
  EXPECT_NE(s.find("可出资 11360 万元/年，按 7 万元 整单位调度 11352 万元/年"), std::string::npos) << s;
  EXPECT_NEAR(plan->demand_cny, pairs, 0.5) << s;
  EXPECT_LE(plan->demand_cny, plan->capacity_cny) << s;
}

}  // namespace
}  // namespace jiuyou::pair
