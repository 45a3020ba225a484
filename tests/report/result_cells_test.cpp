// result.xlsx's number cells never read as passing when they fail (review item 5): 4.9999 万元 against
// ≥ 5 万元 showed 5.00 under #,##0.00 while the sentence beside it said 4.9999 万元（差 1 元）.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>

#include "gis/report/check_report.hpp"
#include "report/check_fixture.hpp"
#include "support/test_paths.hpp"
#include "support/zip_part.hpp"

namespace jiuyou::report {
namespace {

namespace fs = std::filesystem;

// The value of XML attribute `name` in the element that starts at `at`.
std::string xml_attribute(const std::string& xml, size_t at, const std::string& name) {
  const size_t end = xml.find('>', at);
  const size_t a = xml.find(" " + name + "=\"", at);
  if (a == std::string::npos || a > end) return {};
  const size_t v = a + name.size() + 3;
  return xml.substr(v, xml.find('"', v) - v);
}

// The number format of the first cell of the villages sheet holding `value` as written ("4.9999"):
// its s= index into styles.xml's cellXfs, that xf's numFmtId, that id's formatCode.
std::string format_of_cell_holding(const fs::path& xlsx, const std::string& value) {
  const std::string sheet = test::zip_part(xlsx, "xl/worksheets/sheet1.xml");
  const size_t v = sheet.find("<v>" + value + "</v>");
  if (v == std::string::npos) return "(no cell holds " + value + ")";
  const std::string s = xml_attribute(sheet, sheet.rfind("<c ", v), "s");
  const std::string styles = test::zip_part(xlsx, "xl/styles.xml");
  size_t xf = styles.find("<xf ", styles.find("<cellXfs"));
  for (int k = 0; k < std::stoi(s.empty() ? "0" : s) && xf != std::string::npos; ++k) xf = styles.find("<xf ", xf + 1);
  if (xf == std::string::npos) return "(no xf " + s + ")";
  const std::string id = xml_attribute(styles, xf, "numFmtId");
  const size_t fmt = styles.find("<numFmt numFmtId=\"" + id + "\"");
  return fmt == std::string::npos ? "(built-in " + id + ")" : xml_attribute(styles, fmt, "formatCode");
}

TEST(ResultCells, AFailingMoneyValueThatRoundsOntoItsThresholdShowsItsDigits) {
  Workspace ws = test::fixture_workspace();
  Column income("collective_income", FieldType::real);
  for (double x : {81234.0, 60000.0, 49999.0}) income.push_real(x);
  income.push_null();
  ws.layers.front().columns.push_back(std::move(income));
  indicators::CheckResult res = test::fixture_result(ws);
  res.cells[2 * test::k_items + test::k_income].value = 49999;
  res.cells[2 * test::k_items + test::k_income].note.clear();
  res.cells[0 * test::k_items + test::k_income].value = 81234;
  const fs::path xlsx = test::scratch_dir() / "close.xlsx";
  ASSERT_TRUE(write_check_xlsx(xlsx.string(), ws, res));
  EXPECT_EQ(format_of_cell_holding(xlsx, "4.9999"), "#,##0.00######") << "4.9999 万元 fails ≥ 5 万元: never shown as 5.00";
  EXPECT_EQ(format_of_cell_holding(xlsx, "0.0001"), "#,##0.00######") << "差 1 元: never shown as 0.00 万元";
  EXPECT_EQ(format_of_cell_holding(xlsx, "8.1234"), "#,##0.00") << "a value clear of its threshold keeps two decimals";
}

// Metres and percentage points alike (the review's leftover): a road 500.25 m away against ≤ 500 m was written 500
// under #,##0 and its gap 0; a coverage 0.0244 个百分点 short showed a gap of 0.0.
TEST(ResultCells, AFailingDistanceOrShareGapThatRoundsToNothingShowsItsDigits) {
  Workspace ws = test::fixture_workspace();
  indicators::CheckResult res = test::fixture_result(ws);
  indicators::ItemResult& road = res.cells[1 * test::k_items + test::k_road];
  road.distance_m = 500.25;  // fails ≤ 500 m by a quarter metre
  road.unconnected_distance_m = std::numeric_limits<double>::quiet_NaN();
  road.note.clear();
  indicators::ItemResult& cover = res.cells[2 * test::k_items + test::k_broadband];
  cover.outcome = indicators::Outcome::fail;
  cover.share = 0.499755859375;  // 0.5 − 2⁻¹²: fails ≥ 50 % by 0.0244 个百分点
  const fs::path xlsx = test::scratch_dir() / "close_metres.xlsx";
  ASSERT_TRUE(write_check_xlsx(xlsx.string(), ws, res));
  EXPECT_EQ(format_of_cell_holding(xlsx, "500.25"), "#,##0.0#######") << "500.25 m fails ≤ 500 m: never shown as 500";
  EXPECT_EQ(format_of_cell_holding(xlsx, "0.25"), "#,##0.0#######") << "a 0.25 m gap: never shown as 0";
  EXPECT_EQ(format_of_cell_holding(xlsx, "0.499755859375"), "0.0#######%") << "49.98 % against ≥ 50 %: never 50.0%";
  char gap[32];
  std::snprintf(gap, sizeof gap, "%.16G", (0.5 - 0.499755859375) * 100.0);
  EXPECT_EQ(format_of_cell_holding(xlsx, gap), "#,##0.0#######") << "a 0.02-point gap: never shown as 0.0";
  EXPECT_EQ(format_of_cell_holding(xlsx, "120"), "#,##0") << "a distance clear of its threshold stays whole metres";
}

}  // namespace
}  // namespace jiuyou::report
