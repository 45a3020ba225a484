// Funds mode with the standing pairs kept (tour 11 K9, K24), Chinese headers in the existing-pairs
// table (K36) and pairs.xlsx money cells holding the value they show (K29).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "gis/io/load.hpp"
#include "gis/pair/planner.hpp"
#include "gis/pair/report.hpp"
#include "gis/pair/units.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::pair {
namespace {

namespace fs = std::filesystem;

// The Quanzhou table (no pair states its money but 晋江市 → 长汀县's 2000 万元), each helper giving
// `funds` a year and each helped unit needing `need`.
PairProblem quanzhou(double funds, double need) {
  const std::string csv = (test::source_dir() / "data/pairing/quanzhou_2018.csv").string();
  auto t = read_pairs(csv);
  EXPECT_TRUE(t) << t.error().to_string();
  PairProblem p = *problem_from_pairs(*t, csv);
  for (auto& u : p.units) {
    if (u.role == Role::helper) u.funds_cny_per_year = funds;
    if (u.role == Role::helped) u.need_cny_per_year = need;
  }
  for (auto& e : p.existing) e.funds_cny_per_year = std::numeric_limits<double>::quiet_NaN();
  return p;
}

TEST(PairKeptFunds, AStandingPairKeepsCarryingItsHelpersFunds) {
  const PairProblem p = quanzhou(11.7e6, 11.7e6);
  PairParams params;
  params.mode = PairMode::funds;
  params.replan = false;
  auto plan = plan_pairs(p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  size_t existing = 0;
  for (const Link& l : plan->links) {
    if (l.status != LinkStatus::existing) continue;
    ++existing;
    EXPECT_NEAR(l.funds_cny_per_year, 11.7e6, 1) << p.units[l.helper].name << " → " << p.units[l.helped].name << ": 现有结对保留, with its money";
  }
  EXPECT_EQ(existing, 9u);
}

TEST(PairKeptFunds, AFundsUnitThatDoesNotDivideTheFundsGivesBothSumsInTheHeadline) {
  const PairProblem p = quanzhou(11.7e6, 11.7e6);
  PairParams params;
  params.mode = PairMode::funds;
  params.funds_unit_cny = 70000;  // 1170 万元 = 167 units of 7 万元 and 1 万元 over
  auto plan = plan_pairs(p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  const std::string s = plan_summary_zh(p, *plan, params);
  EXPECT_NE(s.find("可出资 10530 万元/年，按 7 万元 整单位调度 10521 万元/年"), std::string::npos) << s;
}

TEST(PairHeaders, TheExistingPairsTableMayHaveChineseHeaders) {
  const fs::path csv = test::scratch_dir() / "ex_zh.csv";
  std::ofstream(csv) << "帮扶方,帮扶方代码,受扶方,受扶方代码,年度\n鲤城区,350502,明溪县,350421,2018\n";
  auto t = read_pairs(csv.string());
  ASSERT_TRUE(t) << t.error().to_string();
  ASSERT_EQ(t->pairs.size(), 1u);
  EXPECT_EQ(t->pairs[0].helper_code, "350502");
  EXPECT_EQ(t->pairs[0].helped_code, "350421");
  EXPECT_EQ(t->pairs[0].year, 2018);
}

// Codes a spreadsheet saved as numbers ("350502.0", what pandas or Excel writes for a numeric column) or with
// spaces are the codes they stand for; a code whose digits were lost stays as written (tour 15 P11).
TEST(PairHeaders, CodesSavedAsNumbersAreTheCodesTheyStandFor) {
  const fs::path csv = test::scratch_dir() / "ex_real.csv";
  std::ofstream(csv) << "helper,helper_code,helped,helped_code,year\n鲤城区,350502.0,明溪县, 350421 ,2018\n丰泽区,3.505E+05,清流县,350423,2018\n";
  auto t = read_pairs(csv.string());
  ASSERT_TRUE(t) << t.error().to_string();
  ASSERT_EQ(t->pairs.size(), 2u);
  EXPECT_EQ(t->pairs[0].helper_code, "350502");
  EXPECT_EQ(t->pairs[0].helped_code, "350421");
  EXPECT_EQ(t->pairs[1].helper_code, "3.505E+05") << "digits lost: never turned into another code";
}

TEST(PairWorkbook, MoneyCellsHoldTheValueTheyShow) {
  const PairProblem p = quanzhou(1234567.0, 1e6);  // 123.4567 万元 a helper
  PairParams params;
  params.mode = PairMode::funds;
  auto plan = plan_pairs(p, params);
  ASSERT_TRUE(plan) << plan.error().to_string();
  const fs::path dir = test::scratch_dir() / "out";
  auto ok = write_pair_outputs(dir.string(), p, *plan, params);
  ASSERT_TRUE(ok) << ok.error().to_string();
  size_t money = 0;
  for (const char* sheet : {"帮扶方", "受扶方", "结对明细"}) {
    io::LayerSpec spec;
    spec.name = "sheet";
    spec.path = (dir / "pairs.xlsx").string();
    spec.layer = sheet;
    IssueLog log;
    auto t = io::read_layer(spec, log);
    ASSERT_TRUE(t) << sheet << ": " << t.error().to_string();
    for (const Column& c : t->columns) {
      if (!c.is_numeric() || c.name().find("万元") == std::string::npos) continue;
      for (size_t r = 0; r < t->size(); ++r) {
        if (c.is_null(r)) continue;
        const double v = *c.number(r);
        EXPECT_NEAR(v, std::round(v * 100) / 100, 1e-9) << sheet << " " << c.name() << " row " << r;
        ++money;
      }
    }
  }
  EXPECT_GT(money, 0u);
}

}  // namespace
}  // namespace jiuyou::pair
