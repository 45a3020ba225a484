// Verdicts that moved because the standard or the county figure moved, not the
// village (tour 11): an item whose rule differs between the years is read under
// one rule, so a move that does not persist under it is 因标准变化, in both
// directions and for distance thresholds too (K25); a cause names a county
// mean that moved while the village's value did not (K28); one township's rate
// filled in percent is a unit slip whose polluted county mean moves no village
// outside it (K21); a county of a two-county project that changed its unit is
// one note naming the county (K30).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "gis/compare/year_differences.hpp"
#include "compare_runs.hpp"
#include "two_years.hpp"

namespace jiuyou::app {
namespace {

namespace fs = std::filesystem;
using compare::Transition;
using indicators::Outcome;

using test::read_text;

using test::gpkg_of;

void set_rules(const std::string& project, const std::string& rules) {
  std::string text = read_text(project);
  const std::string from = "rules = \"hubei-2017\"";
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), "rules = \"" + rules + "\"");
  std::ofstream(project) << text;
}

using test::compare_two;

size_t item_index(const compare::Comparison& cmp, const std::string& id) {
  size_t k = 0;
  while (k < cmp.items.size() && cmp.items[k].id != id) ++k;
  return k;
}

// The same data in both years under two standards: nothing moved on the ground, so no item and no village is
// 改善 or 返贫风险, the moved items are 因标准变化 naming both rules, and there is no alert.
void expect_only_standard(const CompareRun& run, const std::string& moved_item, const std::string& rule_words) {
  const auto& cmp = run.comparisons[0];
  const size_t k = item_index(cmp, moved_item);
  ASSERT_LT(k, cmp.items.size());
  size_t by_standard = 0;
  for (const auto& vt : cmp.villages) {
    EXPECT_NE(vt.overall, Transition::improved);
    EXPECT_NE(vt.overall, Transition::regressed);
    for (const auto& it : vt.items) {
      EXPECT_NE(it.transition, Transition::improved) << it.cause;
      EXPECT_NE(it.transition, Transition::regressed) << it.cause;
    }
    const auto& it = vt.items[k];
    if (it.transition != Transition::by_standard) continue;
    ++by_standard;
    EXPECT_NE(it.cause.find(rule_words), std::string::npos) << it.cause;
    EXPECT_NE(it.cause.find("按同一标准本村未变"), std::string::npos) << it.cause;
  }
  EXPECT_GT(by_standard, 0u) << "the two rules should judge some village of the demo apart";
  const compare::CompareDocument doc{run.years, run.comparisons, run.notes};
  for (const auto& a : compare::collect_alerts(doc)) ADD_FAILURE() << "alert from the standard alone: " << a.village << " " << a.what << " | " << a.cause;
  const compare::ExitChanges c = compare::exit_changes(run.years[0], run.years[1], cmp);
  EXPECT_EQ(c.gained, c.gained_standard);
  EXPECT_EQ(c.lost, c.lost_standard);
}

TEST(CompareStandardChange, AThresholdThatRoseIsNoRegressionAndOneThatFellNoImprovement) {
  for (const bool national_first : {false, true}) {
    const fs::path dir = test::scratch_dir();
    const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
    set_rules(national_first ? y2024 : y2025, "national-2016");
    auto run = compare_two(dir, y2024, y2025);
    ASSERT_TRUE(run) << run.error().to_string();
    SCOPED_TRACE(national_first ? "national-2016 → hubei-2017" : "hubei-2017 → national-2016");
    expect_only_standard(*run, "collective_economy",
                         national_first ? "标准：村集体经济收入 > 0 万元 → 村集体经济收入 ≥ 5 万元；参考指标 → 出列必需"
                                        : "标准：村集体经济收入 ≥ 5 万元 → 村集体经济收入 > 0 万元；出列必需 → 参考指标");
  }
}

TEST(CompareStandardChange, AChangeThatPersistsUnderOneRuleIsStillReal) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  set_rules(y2025, "national-2016");
  // 范家河村: 12.8 万元 → 0, a fall under either rule.
  test::edit_gpkg(gpkg_of(y2025), {"UPDATE villages SET collective_income = 0 WHERE code = '420323203204'"});
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  const size_t k = item_index(cmp, "collective_economy");
  ASSERT_LT(k, cmp.items.size());
  bool seen = false;
  for (const auto& vt : cmp.villages)
    if (compare::village_field(run->years[1], "code", cmp.match.pairs[vt.pair].b_row) == "420323203204") {
      seen = true;
      EXPECT_EQ(vt.items[k].transition, Transition::regressed) << vt.items[k].cause;
      EXPECT_NE(vt.items[k].cause.find("村集体经济收入 12.8 万元 → 0"), std::string::npos) << vt.items[k].cause;
    }
  EXPECT_TRUE(seen);
}

// A copy of hubei-2017 with the road's reach at 1 km (another id, the same name) in 2024, hubei-2017 in 2025.
TEST(CompareStandardChange, ADistanceThresholdUnderACopiedStandardIsTheStandardsAndTheNoteGivesTheIds) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  std::string rules = read_text(test::source_dir() / "data/rules/hubei-2017.toml");
  rules = std::regex_replace(rules, std::regex("id = \"hubei-2017\""), "id = \"hubei-2017-r1k\"");
  const size_t road = rules.find("id = \"road\"");
  ASSERT_NE(road, std::string::npos);
  const size_t reach = rules.find("max_distance_m = 500", road);
  ASSERT_NE(reach, std::string::npos);
  rules.replace(reach, std::string("max_distance_m = 500").size(), "max_distance_m = 1000");
  const fs::path file = dir / "hubei-2017-r1k.toml";
  std::ofstream(file) << rules;
  set_rules(y2024, file.string());
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  expect_only_standard(*run, "road", "标准：最远距离 1.0 km → 500 m");
  const size_t k = item_index(run->comparisons[0], "road");
  for (const auto& vt : run->comparisons[0].villages)
    if (vt.items[k].transition == Transition::by_standard) {
      EXPECT_NE(vt.items[k].cause.find("最近合格距离"), std::string::npos) << vt.items[k].cause;
      EXPECT_EQ(std::regex_search(vt.items[k].cause, std::regex("最近合格距离 (\\S+ m) → \\1")), false) << vt.items[k].cause;
    }
  bool ids = false;
  for (const auto& n : run->comparisons[0].notes) ids |= n.find("（hubei-2017-r1k）") != std::string::npos && n.find("（hubei-2017）") != std::string::npos;
  EXPECT_TRUE(ids) << "two standards of one name are told apart by their ids";
}

// 2025: one township's growth rises by 30 points: the county mean rises and villages near it fall below it
// with their own growth unchanged: the cause names the mean (K28).
TEST(CompareStandardChange, AnItemMovedByTheCountyMeanSaysTheMeanAndTheVillagesOwnValue) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  test::edit_gpkg(gpkg_of(y2025), {"UPDATE villages SET income_growth = income_growth + 0.3 WHERE township = '420323105'"});
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  const size_t k = item_index(cmp, "income_growth_above_mean");
  ASSERT_LT(k, cmp.items.size());
  size_t moved = 0;
  for (const auto& vt : cmp.villages) {
    const auto& it = vt.items[k];
    if (it.transition != Transition::regressed || vt.items.empty()) continue;
    if (compare::village_field(run->years[1], "township", cmp.match.pairs[vt.pair].b_row) == "420323105") continue;
    ++moved;
    EXPECT_EQ(it.cause.find("所用数据未变"), std::string::npos) << it.cause;
    EXPECT_NE(it.cause.find("全县平均人均可支配收入增幅"), std::string::npos) << it.cause;
    EXPECT_NE(it.cause.find("未变）"), std::string::npos) << it.cause;
  }
  EXPECT_GT(moved, 0u) << "the raised mean should move some village outside 云口镇";
}

// 2025: 云口镇's income growth filled in percent (×100). Since the loader settles one township's percent
// (gis/io/shares.cpp, percent_by_township: h-data), the year is read right: the compare says the loader's
// conversion once, with the year, and no village moves on the growth; no alert reads it (K21). The compare's
// own township rule below stays for what the loader leaves (a township not ~100× the rest, money).
TEST(CompareStandardChange, OneTownshipsRateInPercentIsSettledByTheLoaderAndSaidOnce) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  test::edit_gpkg(gpkg_of(y2025), {"UPDATE villages SET income_growth = income_growth * 100 WHERE township = '420323105'"});
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  size_t said = 0;
  std::string all;
  for (const auto& n : run->notes) all += n + "\n";
  for (const auto& n : cmp.notes) all += n + "\n";
  for (size_t at = all.find("2025 年数据的提示"); at != std::string::npos; at = all.find("2025 年数据的提示", at + 1))
    said += all.find("按百分数填报", at) != std::string::npos && all.find("按百分数填报", at) < all.find('\n', at) ? 1 : 0;
  EXPECT_EQ(said, 1u) << all;
  const size_t k = item_index(cmp, "income_growth_above_mean");
  ASSERT_LT(k, cmp.items.size());
  for (const auto& vt : cmp.villages) {
    const auto& it = vt.items[k];
    EXPECT_NE(it.transition, Transition::regressed) << it.cause;
    EXPECT_NE(it.transition, Transition::improved) << it.cause;
  }
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  for (const auto& a : compare::collect_alerts(doc))
    if (a.what.find("增幅") != std::string::npos) ADD_FAILURE() << a.village << " " << a.what << " | " << a.cause;
}

// Two counties (420324: 云口镇 and 420323103's villages renumbered): every township of 420324 in 万元 is one note
// naming the county, never one per township; one township alone is a township note naming its county (K30, K12).
TEST(CompareStandardChange, ACountyOfSeveralThatChangedItsUnitIsOneNote) {
  for (const bool whole_county : {true, false}) {
    const fs::path dir = test::scratch_dir();
    const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
    for (const auto& y : {y2024, y2025})
      test::edit_gpkg(gpkg_of(y), {"UPDATE villages SET code = '420324' || substr(code, 7) WHERE township IN ('420323105', '420323103')"});
    test::edit_gpkg(gpkg_of(y2025), {std::string("UPDATE villages SET collective_income = collective_income / 10000.0 WHERE ") +
                                     (whole_county ? "code LIKE '420324%'" : "township = '420323105'")});
    auto run = compare_two(dir, y2024, y2025);
    ASSERT_TRUE(run) << run.error().to_string();
    SCOPED_TRACE(whole_county ? "the whole county" : "one township");
    // The loader settles the 2025 unit per township/county before compare sees it (h-units, tour 12 L1):
    // its warning comes with the year, once, naming the county or the township.
    size_t county = 0, township = 0;
    std::vector<std::string> notes = run->notes;
    notes.insert(notes.end(), run->comparisons[0].notes.begin(), run->comparisons[0].notes.end());
    for (const auto& n : notes) {
      if (n.find("2025 年数据的提示") == std::string::npos || n.find("按万元填报") == std::string::npos) continue;
      county += n.find("县 420324 全部 2 个乡镇") != std::string::npos ? 1 : 0;
      township += n.find("县 420324 乡镇 420323105") != std::string::npos ? 1 : 0;
      EXPECT_EQ(n.find("县内其他乡镇"), std::string::npos) << n;
    }
    EXPECT_EQ(county, whole_county ? 1u : 0u);
    EXPECT_EQ(township, whole_county ? 0u : 1u);
  }
}

}  // namespace
}  // namespace jiuyou::app
