// What a year's inputs lack or renumber, said once in words (tour 12): a layer dropped from one year's project
// (L25), a county renumbered as a whole — 撤县设区 (L27), a check folder's year taken from the project it
// recorded (L18); and the county aggregates an expression reads found by its parser, not by its text (review).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "gis/app/check_job.hpp"
#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "gis/indicators/expression.hpp"
#include "compare_runs.hpp"
#include "two_years.hpp"

namespace jiuyou::app::year_inputs {
namespace {

namespace fs = std::filesystem;
using compare::Transition;

using test::compare_two;

TEST(CompareYearInputs, ALayerDroppedFromOneYearIsSaidOnceAndNamedInChinese) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  std::string text = test::read_text(y2025);
  const size_t at = text.find("[layers.facilities]");
  ASSERT_NE(at, std::string::npos);
  text.erase(at, text.find("[layers.", at + 1) - at);
  std::ofstream(y2025) << text;
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  const auto missing = compare::missing_fields(doc);
  size_t layer_notes = 0;
  for (const auto& m : missing)
    if (m.field.empty()) {
      ++layer_notes;
      EXPECT_NE(m.text().find("2025 年项目中没有公共服务设施图层（前一年有）：影响 "), std::string::npos) << m.text();
      EXPECT_NE(m.text().find("[layers.facilities]"), std::string::npos) << m.text();
    }
  EXPECT_EQ(layer_notes, 1u);
  size_t rows = 0;
  for (const auto& a : compare::collect_alerts(doc)) {
    EXPECT_EQ(a.cause.find("缺少图层 facilities"), std::string::npos) << a.cause;
    rows += a.unverified && a.cause.find("2025 年项目中没有公共服务设施图层") != std::string::npos ? 1 : 0;
  }
  EXPECT_GT(rows, 0u);
  EXPECT_NE(test::read_text(dir / "out" / "compare.html").find("2025 年项目中没有公共服务设施图层（前一年有）"), std::string::npos);
}

// 2025: every code's county part 420323 → 420399, the ground and the villages' own digits unchanged.
TEST(CompareYearInputs, ACountyRenumberedAsAWholeIsMatchedByTheVillagesOwnDigits) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  test::edit_gpkg(test::gpkg_of(y2025), {"UPDATE villages SET code = '420399' || substr(code, 7), township = '420399' || substr(township, 7)",
                                         "UPDATE village_points SET code = '420399' || substr(code, 7), township = '420399' || substr(township, 7)",
                                         "UPDATE townships SET code = '420399' || substr(code, 7)"});
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  EXPECT_EQ(cmp.match.by_code, 0u);
  size_t renumbered = 0;
  for (const auto& vt : cmp.villages) {
    renumbered += cmp.match.pairs[vt.pair].how == compare::MatchHow::county_code ? 1 : 0;
    EXPECT_NE(vt.overall, Transition::regressed);
    EXPECT_NE(vt.overall, Transition::improved);
  }
  EXPECT_EQ(renumbered, run->years[0].villages().size());
  std::string notes;
  for (const auto& n : cmp.notes) notes += n + "\n";
  EXPECT_NE(notes.find("2025 年起县代码 420323 → 420399（撤县设区或县代码调整）"), std::string::npos) << notes;
  EXPECT_EQ(notes.find("乡镇撤并"), std::string::npos) << notes;
  // One county renumbered, not two counties: townships are named as in a one-county comparison (h-cmp2).
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  EXPECT_EQ(compare::document_counties(doc).size(), 1u);
  const std::string html = test::read_text(dir / "out" / "compare.html");
  EXPECT_EQ(html.find("<th style=\"white-space:nowrap\">县</th>"), std::string::npos) << "no county column for one county";
  EXPECT_EQ(html.find("420399城关镇"), std::string::npos);
  EXPECT_EQ(html.find("420323 城关镇"), std::string::npos);
  EXPECT_EQ(html.find("420399 城关镇"), std::string::npos);
}

// 撤县设区 as the tester's yO made it: codes and the townships layer renumbered, the villages' township field left
// as it was — the later year cannot name its townships itself; the pages take the names the earlier year knows.
TEST(CompareYearInputs, ATownshipCodeALaterYearCannotNameIsNamedFromTheOtherYear) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  test::edit_gpkg(test::gpkg_of(y2025), {"UPDATE villages SET code = '420399' || substr(code, 7)", "UPDATE village_points SET code = '420399' || substr(code, 7)",
                                         "UPDATE townships SET code = '420399' || substr(code, 7)"});
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const compare::YearData& later = run->years[1];
  const std::string town = compare::village_field(later, "township", 0);
  ASSERT_EQ(town.rfind("420323", 0), 0u) << town;
  EXPECT_NE(compare::village_township(later, 0), town) << "named from 2024's townships layer";
  EXPECT_EQ(compare::village_township(later, 0).find("4203"), std::string::npos) << compare::village_township(later, 0);
  EXPECT_EQ(test::read_text(dir / "out" / "compare.html").find(">" + town + "<"), std::string::npos) << "no township cell reads a bare code";
}

// The loader's verdict-moving warnings reach compare's notes with the year (h-cmp2, after money_by_township):
// one village's 收入增长率 typed 3.5 for 3.5 % (ratio_far_outside, tour 12 L14).
TEST(CompareYearInputs, TheLoadersRatioWarningIsRelayedWithTheYear) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  test::edit_gpkg(test::gpkg_of(y2025), {"UPDATE villages SET income_growth = 3.5 WHERE code = '420323100200'"});
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  bool warned = false;
  for (const Issue& i : run->years[1].ws.issues.entries()) warned = warned || i.code == "ratio_far_outside";
  ASSERT_TRUE(warned) << "the loader's own warning (gis/io/shares.cpp)";
  size_t said = 0;
  for (const auto& n : run->notes) said += n.rfind("2025 年数据的提示：", 0) == 0 && n.find("3.5") != std::string::npos ? 1 : 0;
  EXPECT_EQ(said, 1u);
  size_t said_2024 = 0;
  for (const auto& n : run->notes) said_2024 += n.rfind("2024 年数据的提示：", 0) == 0 ? 1 : 0;
  EXPECT_EQ(said_2024, 0u) << "only the year that has it";
}

TEST(CompareYearInputs, ACheckFolderWithoutAYearTakesTheYearOfItsProject) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  CheckJob cj;
  cj.project = y2024;
  cj.out_dir = (dir / "check-a").string();
  ASSERT_TRUE(run_check(cj));
  auto run = compare_two(dir, (dir / "check-a").string(), y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  EXPECT_EQ(run->years[0].label, "2024");
}

// 2025: 郑家坡村's 参保率 typed 1.3 — the loader makes it unknown as implausible; compare says so, not 缺少 (L3).
TEST(CompareYearInputs, AnImplausibleValueIsSaidAsSuchNotAsMissing) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  test::edit_gpkg(test::gpkg_of(y2025), {"UPDATE villages SET poor_insured_share = 1.3 WHERE code = '420323100200'"});
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  size_t said = 0;
  for (const auto& a : compare::collect_alerts(doc)) {
    if (a.code != "420323100200" || !a.unverified || a.item < 0) continue;
    ++said;
    EXPECT_EQ(a.cause.rfind("数据不合理：", 0), 0u) << a.cause;
    EXPECT_NE(a.cause.find("1.3"), std::string::npos) << a.cause;
    EXPECT_EQ(a.cause.find("缺少"), std::string::npos) << a.cause;
    EXPECT_EQ(a.verify.find("补齐"), std::string::npos) << a.verify;
  }
  EXPECT_GE(said, 1u) << "the insured item of 郑家坡村 (and the medical item reading it) should be unverified";
  // compare.gpkg's *_cause of such a cell says why, as the alert row does (was NULL).
  GDALDatasetUniquePtr ds(GDALDataset::Open((dir / "out" / "compare.gpkg").string().c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayerByName("villages_2024_2025");
  ASSERT_NE(layer, nullptr);
  size_t cells = 0;
  for (auto& f : *layer) {
    if (std::string(f->GetFieldAsString("code_after")) != "420323100200") continue;
    for (int i = 0; i < f->GetFieldCount(); ++i) {
      const std::string field = f->GetFieldDefnRef(i)->GetNameRef();
      if (field.size() < 7 || field.compare(field.size() - 6, 6, "_cause") != 0) continue;
      if (std::string(f->GetFieldAsString(field.substr(0, field.size() - 6).c_str())) != "unverified") continue;
      ++cells;
      EXPECT_TRUE(f->IsFieldSetAndNotNull(i)) << field;
      EXPECT_NE(std::string(f->GetFieldAsString(i)).find("数据不合理"), std::string::npos) << field << ": " << f->GetFieldAsString(i);
    }
  }
  EXPECT_GE(cells, 1u);
}

TEST(CompareYearInputs, AnExpressionNamesTheAggregatesItReads) {
  auto e = indicators::Expression::parse("income_growth > county_mean( income_growth ) AND county_sum(poor_population) >= 0 OR county_mean(income_growth) < 1");
  ASSERT_TRUE(e) << e.error().to_string();
  const auto calls = e->aggregates();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].function, "county_mean");
  EXPECT_EQ(calls[0].field, "income_growth");
  EXPECT_EQ(calls[0].call(), "county_mean(income_growth)");
  EXPECT_EQ(calls[1].function, "county_sum");
  EXPECT_EQ(calls[1].field, "poor_population");
  EXPECT_TRUE(indicators::Expression::parse("income_growth > 0.05")->aggregates().empty());
}

}  // namespace
}  // namespace jiuyou::app::year_inputs
