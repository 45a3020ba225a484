// No false alert and no missed alert from what differs between two years'
// inputs rather than on the ground (#15, tour 9): an exit-ready village the
// later year lacks is an alert (H17); a verdict that moved only because the
// two years use different standards is 因标准变化, never 改善, 差距缩小 or
// 返贫风险 (H3); another DEM (H26) or a money column in 万元 without a word
// (H16) is said once and lists no village; the headline counts villages,
// advisory rows apart (H14).
#include <gdal_utils.h>
#include <ogrsf_frmts.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "gis/compare/year_differences.hpp"
#include "support/zip_part.hpp"
#include "two_years.hpp"

namespace jiuyou::app {
namespace {

namespace fs = std::filesystem;
using compare::Transition;
using indicators::Outcome;

using test::read_text;

using test::gpkg_of;

// The row of the village with that code in a year (-1: none).
int row_of(const compare::YearData& y, const std::string& code) {
  for (size_t r = 0; r < y.villages().size(); ++r)
    if (compare::village_field(y, "code", static_cast<int>(r)) == code) return static_cast<int>(r);
  return -1;
}

TEST(CompareYearDifferences, AnExitReadyVillageMissingFromTheLaterYearIsAnAlert) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  auto first = load_year(y2024, {}, 0, 0);
  ASSERT_TRUE(first) << first.error().to_string();
  // 北赵家咀村 could exit; a village that could not exit is deleted too, and gives no alert.
  const std::string ready = "420323110201";
  ASSERT_GE(row_of(*first, ready), 0);
  ASSERT_EQ(first->result.verdict[static_cast<size_t>(row_of(*first, ready))], Outcome::pass);
  std::string failing;
  for (size_t r = 0; r < first->villages().size() && failing.empty(); ++r)
    if (first->result.verdict[r] == Outcome::fail) failing = compare::village_field(*first, "code", static_cast<int>(r));
  ASSERT_FALSE(failing.empty());
  test::edit_gpkg(gpkg_of(y2025), {"DELETE FROM villages WHERE code IN ('" + ready + "', '" + failing + "')"});

  CompareJob job;
  job.years = {y2024, y2025};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  ASSERT_EQ(run->comparisons.size(), 1u);
  EXPECT_EQ(run->comparisons[0].match.disappeared, 2u);

  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  const auto alerts = compare::collect_alerts(doc);
  ASSERT_EQ(alerts.size(), 1u) << "only the exit-ready village is an alert; nothing else changed";
  const compare::Alert& a = alerts.front();
  EXPECT_EQ(a.code, ready);
  EXPECT_EQ(a.village, "北赵家咀村");
  EXPECT_EQ(a.severity, 3);
  EXPECT_FALSE(a.unverified);
  EXPECT_FALSE(a.township.empty());
  EXPECT_NE(a.what.find("去年可出列，今年数据中没有此村"), std::string::npos) << a.what;
  EXPECT_NE(a.verify.find("核实是否撤并、更名或漏报"), std::string::npos) << a.verify;

  // Counted as an exit lost everywhere: the transition, the headline, the exit line.
  const compare::ExitChanges c = compare::exit_changes(run->years[0], run->years[1], run->comparisons[0]);
  EXPECT_EQ(c.lost, 1u);
  EXPECT_EQ(c.lost_missing, 1u);
  EXPECT_EQ(c.gained, 0u);
  const std::string headline = compare::alert_counts(alerts);
  EXPECT_EQ(headline, "返贫风险村 1 个（其中去年可出列、今年不可出列或没有此村 1 个），涉及指标 0 项；待核实（数据不全）0 条");
  const std::string page = read_text(dir / "out" / "compare.html");
  EXPECT_NE(page.find(headline), std::string::npos);
  EXPECT_NE(page.find("由可出列变为不可出列 1 个（其中 1 个今年数据中没有此村）"), std::string::npos);
  EXPECT_NE(page.find("北赵家咀村"), std::string::npos);
}

TEST(CompareYearDifferences, AVerdictMovedOnlyByAnotherStandardIsSaidSoNotImproved) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  std::string text = read_text(y2025);
  const size_t at = text.find("rules = \"hubei-2017\"");
  ASSERT_NE(at, std::string::npos) << "the demo project names another rule set";
  text.replace(at, std::string("rules = \"hubei-2017\"").size(), "rules = \"shaanxi-2017\"");
  std::ofstream(y2025) << text;

  CompareJob job;
  job.years = {y2024, y2025};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  size_t standard = 0, standard_verdict = 0, gained = 0;
  for (const auto& vt : cmp.villages) {
    bool item_changed = false;
    for (const auto& it : vt.items)
      item_changed = item_changed || it.transition == Transition::regressed || it.transition == Transition::improved || it.transition == Transition::unverified;
    const auto& m = cmp.match.pairs[vt.pair];
    ASSERT_GE(m.b_row, 0);
    const bool verdict_moved = run->years[0].result.verdict[static_cast<size_t>(m.a_row)] != run->years[1].result.verdict[static_cast<size_t>(m.b_row)];
    standard += vt.overall == Transition::by_standard ? 1 : 0;
    standard_verdict += vt.overall == Transition::by_standard && verdict_moved ? 1 : 0;  // the rest: a shortfall moved
    gained += verdict_moved && run->years[1].result.verdict[static_cast<size_t>(m.b_row)] == Outcome::pass ? 1 : 0;
    if (item_changed) continue;
    // Nothing compared changed: the verdict and shortfall moved by the standard alone.
    EXPECT_NE(vt.overall, Transition::improved) << m.note;
    EXPECT_NE(vt.overall, Transition::regressed) << m.note;
    EXPECT_NE(vt.overall, Transition::still_fail_better) << m.note;
    EXPECT_NE(vt.overall, Transition::still_fail_worse) << m.note;
    if (verdict_moved) {
      EXPECT_EQ(vt.overall, Transition::by_standard) << m.note;
    }
  }
  EXPECT_GT(standard, 0u) << "the demo's verdicts under shaanxi-2017 should differ for some village";
  // No exit-lost alert comes from the standard alone.
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  const auto alerts = compare::collect_alerts(doc);
  std::set<std::string> with_item;
  for (const auto& a : alerts)
    if (a.item >= 0) with_item.insert(a.code);
  for (const auto& a : alerts)
    if (a.item < 0) {
      EXPECT_TRUE(with_item.count(a.code) > 0) << "an exit lost with no item changed: " << a.what << " | " << a.cause;
    }
  const compare::ExitChanges c = compare::exit_changes(run->years[0], run->years[1], cmp);
  EXPECT_EQ(c.gained, gained);
  EXPECT_EQ(c.gained_standard + c.lost_standard, standard_verdict);
  const std::string page = read_text(dir / "out" / "compare.html");
  if (c.gained_standard > 0) {
    EXPECT_NE(page.find("新可出列 " + std::to_string(c.gained) + " 个（其中 " + std::to_string(c.gained_standard) + " 个因标准变化，分项未变）"), std::string::npos);
  }
  EXPECT_NE(page.find("个村的出列结论变化只因标准不同"), std::string::npos);
}

TEST(CompareYearDifferences, TheHeadlineCountsVillagesAndAdvisoryRowsApart) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  test::apply_demo_events(y2025);
  CompareJob job;
  job.years = {y2024, y2025};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  const auto alerts = compare::collect_alerts(doc);
  std::set<std::string> villages, exit_lost, items;  // items: distinct, not rows (tour 10 J14)
  size_t advisory = 0;
  for (const auto& a : alerts) {
    if (a.unverified) continue;
    if (a.severity == 1) {
      ++advisory;
      continue;
    }
    villages.insert(a.code);
    if (a.severity == 3) exit_lost.insert(a.code);
    if (a.item >= 0) items.insert(a.item_name);
  }
  ASSERT_GT(villages.size(), 0u);
  ASSERT_LT(villages.size(), alerts.size()) << "the demo's events give a village several rows";
  std::string expected = "返贫风险村 " + std::to_string(villages.size()) + " 个（其中去年可出列、今年不可出列或没有此村 " + std::to_string(exit_lost.size()) +
                         " 个），涉及指标 " + std::to_string(items.size()) + " 项";
  if (advisory > 0) expected += "；参考指标（低）由达标变为不达标 " + std::to_string(advisory) + " 项";
  expected += "；待核实（数据不全）0 条";
  EXPECT_EQ(compare::alert_counts(alerts), expected);
  EXPECT_EQ(read_text(dir / "out" / "compare.html").find("返贫风险 " + std::to_string(alerts.size()) + " 条"), std::string::npos);
}

// The year's DEM resampled to 600 m cells, nothing else changed.
TEST(CompareYearDifferences, AnotherDemIsSaidOnceAndMovesNoVillage) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  const fs::path dem = fs::path(y2025).parent_path() / "dem.tif", coarse = fs::path(y2025).parent_path() / "dem600.tif";
  GDALAllRegister();
  GDALDatasetH src = GDALOpen(dem.string().c_str(), GA_ReadOnly);
  ASSERT_NE(src, nullptr);
  const char* args[] = {"-tr", "600", "600", "-r", "average", nullptr};
  GDALTranslateOptions* opts = GDALTranslateOptionsNew(const_cast<char**>(args), nullptr);
  GDALDatasetH out = GDALTranslate(coarse.string().c_str(), src, opts, nullptr);
  GDALTranslateOptionsFree(opts);
  ASSERT_NE(out, nullptr);
  GDALClose(out);
  GDALClose(src);
  fs::rename(coarse, dem);

  CompareJob job;
  job.years = {y2024, y2025};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  size_t said = 0;
  for (const auto& n : cmp.notes) said += n.find("2025 年高程数据与 2024 年不同（150 m → 600 m 网格）") != std::string::npos ? 1 : 0;
  EXPECT_EQ(said, 1u);
  size_t by_input = 0;
  for (const auto& vt : cmp.villages)
    for (size_t i = 0; i < cmp.items.size(); ++i)
      if (vt.items[i].transition == Transition::by_input) {
        ++by_input;
        EXPECT_NE(vt.items[i].cause.find("来自高程数据更换"), std::string::npos) << vt.items[i].cause;
        EXPECT_NE(vt.items[i].cause.find("取水高差"), std::string::npos) << vt.items[i].cause;
      }
  EXPECT_GT(by_input, 0u) << "the coarser DEM moved no water item";
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  for (const auto& a : compare::collect_alerts(doc)) ADD_FAILURE() << "a field visit from the DEM alone: " << a.village << " " << a.what << " | " << a.cause;
  EXPECT_NE(read_text(dir / "out" / "compare.html").find("高程数据与 2024 年不同"), std::string::npos);
}

// The later year's collective income written in 万元 without a word: said
// once as a probable unit change, with the year's own load warning, and no
// village listed as 返贫风险 for it.
TEST(CompareYearDifferences, AMoneyColumnInAnotherUnitIsSaidOnceNotListedPerVillage) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  test::edit_gpkg(gpkg_of(y2025), {"UPDATE villages SET collective_income = collective_income / 10000.0"});
  CompareJob job;
  job.years = {y2024, y2025};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  size_t said = 0;
  for (const auto& n : cmp.notes) said += n.find("普遍为 2024 年的万分之一左右") != std::string::npos && n.find("单位可能由元改为万元") != std::string::npos ? 1 : 0;
  EXPECT_EQ(said, 1u);
  size_t warned = 0;
  for (const auto& n : run->notes) warned += n.find("2025 年数据的提示") != std::string::npos && n.find("按元读入") != std::string::npos ? 1 : 0;
  EXPECT_EQ(warned, 1u) << "the year's own money_implausibly_small warning is relayed once";
  size_t by_input = 0;
  for (const auto& vt : cmp.villages)
    for (const auto& it : vt.items) by_input += it.transition == Transition::by_input ? 1 : 0;
  EXPECT_GT(by_input, 0u);
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  for (const auto& a : compare::collect_alerts(doc)) ADD_FAILURE() << "a village listed for the unit: " << a.village << " " << a.what << " | " << a.cause;
  const std::string page = read_text(dir / "out" / "compare.html");
  EXPECT_NE(page.find("单位可能由元改为万元"), std::string::npos);
  EXPECT_NE(page.find("2025 年数据的提示"), std::string::npos);
}

// One township's table filled in 万元 (云口镇, 24 of the county's villages,
// under the county-wide majority) and one village of another township typed
// in 万元 (新唐家台村, 13.45 万 → 13.45): no 返贫风险 for either (tour 10 J16);
// the township is named in the notes. The lone village's 13.45 元 is made unknown
// by the year's own check (money_row_implausible, tour 18 S25: a figure no village
// has), so its item is 无法判断 — an unverified row asking to check the figure
// (数据不合理, naming it), never 由达标变为不达标.
TEST(CompareYearDifferences, AUnitSlipInOneTownshipOrOneVillageIsNoRegression) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  test::edit_gpkg(gpkg_of(y2025), {"UPDATE villages SET collective_income = collective_income / 10000.0 WHERE township = '420323105'",
                                   "UPDATE villages SET collective_income = collective_income / 10000.0 WHERE code = '420323106200'"});
  CompareJob job;
  job.years = {y2024, y2025};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  size_t township_said = 0;
  std::vector<std::string> notes = run->notes;  // the township is settled by the loader (h-units, tour 12 L1), said with the year
  notes.insert(notes.end(), cmp.notes.begin(), cmp.notes.end());
  for (const auto& n : notes)
    township_said += n.find("2025 年数据的提示") != std::string::npos && n.find("乡镇 420323105") != std::string::npos && n.find("按万元填报") != std::string::npos ? 1 : 0;
  EXPECT_EQ(township_said, 1u);
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  size_t lone_rows = 0;
  for (const auto& a : compare::collect_alerts(doc)) {
    if (a.what.find("村集体经济") == std::string::npos && a.cause.find("村集体经济收入") == std::string::npos) continue;
    if (a.village == "新唐家台村" && a.unverified && a.cause.find("数据不合理") != std::string::npos && a.cause.find("13.45") != std::string::npos) {
      ++lone_rows;
      continue;
    }
    ADD_FAILURE() << "a village listed for the unit: " << a.township << " " << a.village << " " << a.what << " | " << a.cause;
  }
  EXPECT_EQ(lone_rows, 1u) << "the lone village: 无法判断, the figure named as 数据不合理";
  EXPECT_NE(read_text(dir / "out" / "compare.html").find("乡镇 420323105"), std::string::npos);
}

// The item transition of the village with that later-year code for item `id`.
const compare::ItemTransition* item_of(const compare::Comparison& cmp, const compare::YearData& b, const std::string& code, const std::string& id) {
  const int row = row_of(b, code);
  size_t k = 0;
  while (k < cmp.items.size() && cmp.items[k].id != id) ++k;
  if (row < 0 || k == cmp.items.size()) return nullptr;
  for (const auto& vt : cmp.villages)
    if (cmp.match.pairs[vt.pair].b_row == row) return &vt.items[k];
  return nullptr;
}

// 城关镇 (9 villages) filled in 万元 in 2025, and on top of it 郑家坡村's income
// really fell (56,500 → 2.5 万 = 25,000 元: 1/22,600 of last year, not 1/10,000)
// and 老丁家畈村's really rose (39,200 → 6 万): those two are judged on the
// converted value (返贫风险 and 改善, with both figures in the cause); the
// other 7 are 因数据口径变化, and the note counts only them (tour 11 K11).
TEST(CompareYearDifferences, ARealFallInATownshipThatChangedItsUnitIsStillARegression) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  test::edit_gpkg(gpkg_of(y2025), {"UPDATE villages SET collective_income = collective_income / 10000.0 WHERE township = '420323100'",
                                   "UPDATE villages SET collective_income = 2.5 WHERE code = '420323100200'",
                                   "UPDATE villages SET collective_income = 6 WHERE code = '420323100207'"});
  CompareJob job;
  job.years = {y2024, y2025};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  const auto& b = run->years[1];
  // The loader converts the township's 2025 values before compare sees them (h-units, tour 12 L1): said once with
  // the year; the real fall and rise are judged on the converted values, the unit alone changes nothing.
  size_t said = 0;
  std::vector<std::string> notes = run->notes;
  notes.insert(notes.end(), cmp.notes.begin(), cmp.notes.end());
  for (const auto& n : notes)
    said += n.find("2025 年数据的提示") != std::string::npos && n.find("乡镇 420323100 9 个村的值看起来按万元填报") != std::string::npos ? 1 : 0;
  EXPECT_EQ(said, 1u);
  const auto* fell = item_of(cmp, b, "420323100200", "collective_economy");
  ASSERT_NE(fell, nullptr);
  EXPECT_EQ(fell->transition, Transition::regressed) << fell->cause;
  EXPECT_NE(fell->cause.find("5.65 万元 → 2.5 万元"), std::string::npos) << fell->cause;
  const auto* rose = item_of(cmp, b, "420323100207", "collective_economy");
  ASSERT_NE(rose, nullptr);
  EXPECT_EQ(rose->transition, Transition::improved) << rose->cause;
  EXPECT_NE(rose->cause.find("3.92 万元 → 6 万元"), std::string::npos) << rose->cause;
  for (const char* code : {"420323100203", "420323100208"}) {  // 8.6 万 and 9.84 万 exactly: the unit alone
    const auto* at = item_of(cmp, b, code, "collective_economy");
    ASSERT_NE(at, nullptr);
    EXPECT_NE(at->transition, Transition::regressed) << code << " " << at->cause;
    EXPECT_NE(at->transition, Transition::improved) << code << " " << at->cause;
  }
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  std::set<std::string> listed;
  for (const auto& a : compare::collect_alerts(doc))
    if (a.what.find("集体经济") != std::string::npos || a.cause.find("村集体经济收入") != std::string::npos) listed.insert(a.village);
  EXPECT_EQ(listed, (std::set<std::string>{"郑家坡村"})) << "the real fall is listed, the unit change is not";
}

// In a project of two counties the township whose table changed its unit is
// named after its county, and the others are "同县" (tour 11 K12).
TEST(CompareYearDifferences, AUnitNoteNamesTheTownshipsCountyInATwoCountyProject) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  for (const auto& y : {y2024, y2025})
    test::edit_gpkg(gpkg_of(y), {"UPDATE villages SET code = '420324' || substr(code, 7), township = '城关镇' WHERE township = '420323105'",
                                 "UPDATE villages SET township = '城关镇' WHERE township = '420323106'"});
  test::edit_gpkg(gpkg_of(y2025), {"UPDATE villages SET collective_income = collective_income / 10000.0 WHERE code LIKE '420324%'"});
  CompareJob job;
  job.years = {y2024, y2025};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  size_t said = 0;  // settled by the loader (h-units, tour 12 L1), said with the year, naming the county
  std::vector<std::string> notes = run->notes;
  notes.insert(notes.end(), run->comparisons[0].notes.begin(), run->comparisons[0].notes.end());
  for (const auto& n : notes)
    said += n.find("2025 年数据的提示") != std::string::npos && n.find("县 420324 全部 1 个乡镇") != std::string::npos ? 1 : 0;
  EXPECT_EQ(said, 1u) << "the county of one township changed as a whole: one note naming the county (tour 11 K30)";
}

// 城关镇's villages under 龙水镇 in the later year (城关镇 merged into 龙水镇): said
// once, like a rename (tour 10 H25). Page 1 of compare.html states the
// exit-ready count of each year (H15); 回头看.xlsx's first row names the county (H22).
TEST(CompareYearDifferences, AMergedTownshipIsSaidAndThePagesNameTheCountyAndTheExitCounts) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  test::edit_gpkg(gpkg_of(y2025), {"UPDATE villages SET township = '420323101' WHERE township = '420323100'", "DELETE FROM townships WHERE code = '420323100'"});
  CompareJob job;
  job.years = {y2024, y2025};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  size_t said = 0;
  for (const auto& n : run->comparisons[0].notes) said += n.find("乡镇撤并：城关镇（乡镇代码 420323100） 2025 年起不再单列，原辖村并入 龙水镇（乡镇代码 420323101） 9 个") != std::string::npos ? 1 : 0;
  EXPECT_EQ(said, 1u);
  const std::string page = read_text(dir / "out" / "compare.html");
  EXPECT_NE(page.find("乡镇撤并：城关镇"), std::string::npos);
  size_t exit_ready[2] = {0, 0};
  for (size_t y = 0; y < 2; ++y)
    for (const auto v : run->years[y].result.verdict) exit_ready[y] += v == Outcome::pass ? 1 : 0;
  EXPECT_NE(page.find("可出列 2024 年 " + std::to_string(exit_ready[0]) + " 村 → 2025 年 " + std::to_string(exit_ready[1]) + " 村"), std::string::npos);
  const std::string county = run->years[1].ws.name;
  ASSERT_FALSE(county.empty());
  const std::string strings = test::zip_part(dir / "out" / "回头看.xlsx", "xl/sharedStrings.xml");
  ASSERT_NE(strings.find("<si>"), std::string::npos);
  EXPECT_EQ(strings.find("<si><t>" + county + " 回头看：2024–2025 年逐村比较"), strings.find("<si>")) << "row 1 (the first text written) names the county";
}

// Two townships named 城关镇, one in county 420323 and one in 420324 (a
// province's villages): two rows of the per-township counts, each after its
// county, never one sum; the alerts carry their county (tour 10 H9, J7).
TEST(CompareYearDifferences, TownshipsOfOneNameInTwoCountiesAreCountedApart) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  for (const auto& y : {y2024, y2025})
    test::edit_gpkg(gpkg_of(y), {"UPDATE villages SET code = '420324' || substr(code, 7), township = '城关镇' WHERE township = '420323105'",
                                 "UPDATE villages SET township = '城关镇' WHERE township = '420323106'"});
  test::apply_demo_events(y2025);
  CompareJob job;
  job.years = {y2024, y2025};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  const auto counties = compare::document_counties(doc);
  ASSERT_EQ(counties.size(), 2u);
  EXPECT_EQ(counties.at("420323"), "九有县");
  const std::string page = read_text(dir / "out" / "compare.html");
  EXPECT_NE(page.find(">九有县 城关镇<"), std::string::npos);
  EXPECT_NE(page.find(">420324 城关镇<"), std::string::npos);
  const auto alerts = compare::collect_alerts(doc);
  ASSERT_FALSE(alerts.empty());
  for (const auto& a : alerts) EXPECT_EQ(a.county, a.code.rfind("420324", 0) == 0 ? "420324" : "九有县") << a.code;
  EXPECT_NE(page.find("white-space:nowrap\">县</th>"), std::string::npos) << "a 县 column when the villages span several counties";
}

// 北林家湾村 merged into 郑家坡村 (the 并入 case: the absorbing village keeps its
// code; the polygons united): the distance to the same, unchanged water pipe
// moves only because the merged polygon's representative point moved. Said
// as such, never a water-quality visit.
TEST(CompareYearDifferences, AMergeThatMovesTheMeasuringPointIsNoWaterRegression) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  {
    GDALAllRegister();
    auto* ds = static_cast<GDALDataset*>(GDALOpenEx(gpkg_of(y2025).c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    ASSERT_NE(ds, nullptr);
    OGRLayer* villages = ds->GetLayerByName("villages");
    ASSERT_NE(villages, nullptr);
    const auto find = [&](const char* code) {
      villages->SetAttributeFilter((std::string("code = '") + code + "'").c_str());
      OGRFeature* f = villages->GetNextFeature();
      villages->SetAttributeFilter(nullptr);
      return f;
    };
    OGRFeature* keep = find("420323100200");
    OGRFeature* gone = find("420323100205");
    ASSERT_NE(keep, nullptr);
    ASSERT_NE(gone, nullptr);
    OGRGeometry* merged = keep->GetGeometryRef()->Union(gone->GetGeometryRef());
    ASSERT_NE(merged, nullptr);
    keep->SetGeometryDirectly(merged);
    ASSERT_EQ(villages->SetFeature(keep), OGRERR_NONE);
    ASSERT_EQ(villages->DeleteFeature(gone->GetFID()), OGRERR_NONE);
    OGRFeature::DestroyFeature(keep);
    OGRFeature::DestroyFeature(gone);
    GDALClose(ds);
  }
  const fs::path crosswalk = dir / "crosswalk.csv";
  std::ofstream(crosswalk) << "old_code,new_code,kind\n420323100205,420323100200,合并\n";

  CompareJob job;
  job.years = {y2024, y2025};
  job.out_dir = (dir / "out").string();
  job.crosswalk = crosswalk.string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  const auto& rules = run->years[1].result.rules;
  size_t said = 0;
  for (const auto& vt : cmp.villages) {
    const auto& m = cmp.match.pairs[vt.pair];
    if (m.b_row < 0 || compare::village_field(run->years[1], "code", m.b_row) != "420323100200") continue;
    for (size_t i = 0; i < cmp.items.size(); ++i) {
      if (rules.items[cmp.items[i].b_index].kind != indicators::ItemKind::water_convenience) continue;
      const auto& t = vt.items[i];
      EXPECT_NE(t.transition, Transition::regressed) << t.cause;
      if (t.transition != Transition::by_input) continue;
      ++said;
      EXPECT_NE(t.cause.find("合并"), std::string::npos) << t.cause;
      EXPECT_NE(t.cause.find("距离变化来自合并或范围调整（代表点移动 "), std::string::npos) << t.cause;
      EXPECT_NE(t.cause.find("仍在且属性未变，非实地变化"), std::string::npos) << t.cause;
    }
  }
  EXPECT_GT(said, 0u) << "the merge moved no water distance of 郑家坡村: the test no longer exercises the case";
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  for (const auto& a : compare::collect_alerts(doc))
    EXPECT_EQ(a.verify.find("核实水源水质检测"), std::string::npos) << "a water visit from the merge alone: " << a.village << " " << a.what << " | " << a.cause;
}

}  // namespace
}  // namespace jiuyou::app
