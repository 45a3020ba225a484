// The reports as documents a county leader reads: plain-Chinese evidence with
// the shortfall, township names, money in 万元, the standard in words, no
// program words, an A4 print layout; one workbook helper and one stylesheet.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

#include <cpl_vsi.h>
#include <gdal_priv.h>

#include "gis/report/check_evidence.hpp"
#include "gis/report/check_report.hpp"
#include "gis/report/html_page.hpp"
#include "gis/report/labels.hpp"
#include "gis/report/workbook.hpp"
#include "report/check_fixture.hpp"
#include "support/zip_part.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;

namespace jiuyou::report {
namespace {

using namespace jiuyou::test;

using test::zip_part;

// The fixture with a townships layer (codes -> names) and villages that hold township codes.
struct NamedTownships : ::testing::Test {
  Workspace ws = fixture_workspace();
  CheckResult res;
  void SetUp() override {
    FeatureTable t;
    t.name = "townships";
    t.geometry.kind = GeometryKind::point;
    Column code("code", FieldType::text), name("name", FieldType::text);
    const char* codes[] = {"420323100", "420323200"};
    const char* names[] = {"宝丰镇", "溢水镇"};
    for (size_t i = 0; i < 2; ++i) {
      t.fid.push_back(static_cast<int64_t>(i + 1));
      t.geometry.add_point_feature(500000.0, 3600000.0);
      code.push_text(codes[i]);
      name.push_text(names[i]);
    }
    t.columns = {std::move(code), std::move(name)};
    FeatureTable& v = *ws.layer("villages");
    Column town("township", FieldType::text);
    for (const char* c : {"420323100", "420323100", "420323200", "420323200"}) town.push_text(c);
    *v.column("township") = std::move(town);
    Column income("collective_income", FieldType::real);
    for (double x : {80000.0, 60000.0, 42000.0, -1.0}) {
      if (x < 0) income.push_null();
      else income.push_real(x);
    }
    v.columns.push_back(std::move(income));
    ws.layers.push_back(std::move(t));
    res = fixture_result(ws);
    // The fixture's sources quote the item ids ("测试 road"); a real rule file cites its document.
    for (auto& it : res.rules.items) it.source = "测试文件第 1 条";
  }
};

TEST(Labels, ExpressionsReadAsChineseWordsWithUnits) {
  EXPECT_EQ(expression_zh("collective_income >= 50000"), "村集体经济收入 ≥ 5 万元");
  EXPECT_EQ(expression_zh("poor_population / population < 0.02"), "贫困发生率 < 2%");
  EXPECT_EQ(expression_zh("income_growth > county_mean(income_growth)"), "人均可支配收入增幅 > 全县平均");
  EXPECT_EQ(expression_zh("income_per_capita > county_mean(income_growth)"), "人均可支配收入 > 全县平均人均可支配收入增幅");
  EXPECT_EQ(expression_zh("kind = 'clinic' AND qualified_doctor"), "类型 = 卫生室 且 有合格村医");
  EXPECT_EQ(expression_zh("surface IN ('asphalt', 'concrete')"), "路面 属于（沥青、水泥）");
  EXPECT_EQ(expression_zh("unsafe_houses_poor = 0"), "贫困户危房数 = 0 户");
  EXPECT_EQ(expression_zh("has_leading_industry"), "村有主导产业");
}

TEST(Labels, AnEnginesNoteReadsWithTheFieldsLabels) {
  EXPECT_EQ(fields_in_words("缺少 collective_income"), "缺少 村集体经济收入");
  EXPECT_EQ(fields_in_words("缺少 income_growth, poor_population"), "缺少 人均可支配收入增幅, 贫困人口");
  EXPECT_EQ(fields_in_words("缺少 my_own_field"), "缺少 my_own_field") << "a name without a label stays";
  EXPECT_EQ(fields_in_words("缺少高程数据 (DEM)"), "缺少高程数据 (DEM)");
}

TEST(Labels, ValuesAndDifferencesInTheirUnits) {
  EXPECT_EQ(value_text(42000, Unit::yuan), "4.2 万元");
  EXPECT_EQ(value_text(0.0841, Unit::share), "8.4%");
  EXPECT_EQ(difference_text(0.011, Unit::share), "1.1 个百分点");
  EXPECT_EQ(value_text(12, Unit::households), "12 户");
  EXPECT_EQ(value_text(std::nan(""), Unit::yuan), "—");
}

// Tour 12 L6: a failing value never reads as its threshold, a gap that is not zero never reads 0, and a value
// under 0.01 万元 (a 万元-as-元 slip) is shown in 元, not as "0 万元".
TEST(Labels, AFailingValueNeverReadsAsItsThreshold) {
  EXPECT_EQ(value_text_apart(49999, Unit::yuan, 50000), "4.9999 万元");
  EXPECT_EQ(value_text_apart(49000, Unit::yuan, 50000), "4.9 万元") << "no more digits than needed";
  EXPECT_EQ(value_text_apart(0.9999, Unit::share, 1.0), "99.99%");
  EXPECT_EQ(difference_text(1, Unit::yuan), "1 元");
  EXPECT_EQ(difference_text(0.00001, Unit::share), "0.001 个百分点");
  EXPECT_EQ(value_text(5.65, Unit::yuan), "5.65 元");
  EXPECT_EQ(value_text(0, Unit::yuan), "0 万元");
  EXPECT_EQ(difference_text(49994.35, Unit::yuan), "5 万元");
  EXPECT_EQ(difference_text(100, Unit::yuan), "0.01 万元");
}

TEST_F(NamedTownships, EvidenceSaysWhatIsMissingAndByHowMuchInPlainChinese) {
  const detail::EvidenceWriter ev(ws, res);
  // The road: 2.3 km to the nearest connected road, 1.8 km short, the unconnected road nearer.
  const auto road = ev.cell(1, k_road);
  EXPECT_EQ(road.text, "最近的连通硬化路 2.3 km，差 1.8 km（标准 ≤ 500 m）；300 m 处有硬化路，但未连通");
  EXPECT_DOUBLE_EQ(road.measure, 2300);
  EXPECT_DOUBLE_EQ(road.shortfall, 1800);
  // Income from the villages layer, in 万元 with the shortfall.
  const auto income = ev.cell(2, k_income);
  EXPECT_EQ(income.text, "村集体经济收入 4.2 万元（标准 ≥ 5 万元，差 0.8 万元）");
  EXPECT_DOUBLE_EQ(income.shortfall, 8000);
  // Missing data names the field by its label.
  EXPECT_EQ(ev.cell(3, k_income).text, "缺少数据：村集体经济收入");
  // A composite names its failing children once.
  EXPECT_EQ(ev.cell(2, k_industry).text, "有带贫合作社（未达到“带贫企业或合作社数 ≥ 1 个”）");
  // Townships by name.
  EXPECT_EQ(ev.village_township(2), "溢水镇");
  EXPECT_EQ(ev.township_name("420323100"), "宝丰镇");
  EXPECT_EQ(ev.township_name("不在表里"), "不在表里");
  // The standard in words.
  EXPECT_EQ(ev.standard(k_road), "硬化路距村 ≤ 500 m，且须与国道、省道、县道连通");
  EXPECT_EQ(ev.standard(k_income), "村集体经济收入 ≥ 5 万元");
}

TEST_F(NamedTownships, TheCountyMeanStandsNextToAnAboveAverageItem) {
  FeatureTable& v = *ws.layer("villages");
  Column growth("income_growth", FieldType::real);
  for (double x : {0.10, 0.08, 0.04, 0.06}) growth.push_real(x);  // mean 7%
  v.columns.push_back(std::move(growth));
  Item it;
  it.id = "income_growth_above_mean";
  it.name_zh = "人均可支配收入增幅高于全县平均";
  it.kind = ItemKind::attribute;
  it.expression = "income_growth > county_mean(income_growth)";
  std::vector<ItemResult> cells;
  for (size_t r = 0; r < 4; ++r) {
    for (size_t i = 0; i < k_items; ++i) cells.push_back(res.cell(r, i));
    ItemResult c;
    c.outcome = r == 2 || r == 3 ? Outcome::fail : Outcome::pass;
    cells.push_back(c);
  }
  res.rules.items.push_back(it);
  res.cells = cells;
  const detail::EvidenceWriter ev(ws, res);
  EXPECT_EQ(ev.cell(2, k_items).text, "人均可支配收入增幅 4%（全县平均 7%，差 3 个百分点）");
  EXPECT_EQ(ev.cell(0, k_items).text, "人均可支配收入增幅 10%（全县平均 7%）");

  // The workbook gives the gap in 个百分点 as the page does, not as "3.0%" (tour 11 K14).
  const fs::path dir = scratch_dir();
  ASSERT_TRUE(write_check_xlsx((dir / "r.xlsx").string(), ws, res));
  const std::string strings = zip_part(dir / "r.xlsx", "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("人均可支配收入增幅高于全县平均 差距（个百分点）"), std::string::npos);
  const std::string sheet = zip_part(dir / "r.xlsx", "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<v>3</v>"), std::string::npos);
  EXPECT_EQ(sheet.find("<v>0.03"), std::string::npos);
}

TEST_F(NamedTownships, FacilitiesAreNamedByKindAndVillageNotByNumber) {
  FeatureTable f;
  f.name = "facilities";
  f.geometry.kind = GeometryKind::point;
  Column kind("kind", FieldType::text), vc("village_code", FieldType::text);
  f.fid.push_back(5);
  f.geometry.add_point_feature(502720, 3600960);
  kind.push_text("service_center");
  vc.push_text("420323100001");
  f.columns = {std::move(kind), std::move(vc)};
  ws.layers.push_back(std::move(f));
  const detail::EvidenceWriter ev(ws, res);
  EXPECT_EQ(ev.cell(2, k_service).text, "本村没有；最近的是青山村党员群众服务中心，1.2 km");
}

// The words no user's document may carry.
void expect_no_program_words(const std::string& html, const indicators::RuleSet& rules) {
  for (const char* w : {"fid", "FID", "county_mean(", "_filter", "nan", "inf", "lagrangian", "NaN"})
    EXPECT_EQ(html.find(w), std::string::npos) << "found '" << w << "' at " << html.find(w) << ": " << html.substr(html.find(w) > 80 ? html.find(w) - 80 : 0, 160);
  for (const auto& it : rules.items) {
    const std::regex id("[^A-Za-z_]" + it.id + "[^A-Za-z_]");
    std::smatch m;
    EXPECT_FALSE(std::regex_search(html, m, id)) << "item id " << it.id << " in: " << html.substr(static_cast<size_t>(std::max<long>(0, m.position(0) - 80)), 160);
  }
}

TEST_F(NamedTownships, TheReportIsAnA4DocumentWithoutProgramWords) {
  auto html = check_report_html(ws, res, {});
  ASSERT_TRUE(html) << html.error().to_string();
  EXPECT_NE(html->find("@page{size:A4"), std::string::npos);
  EXPECT_NE(html->find("@media print"), std::string::npos);
  EXPECT_NE(html->find("class=summary"), std::string::npos);
  EXPECT_NE(html->find("page-break"), std::string::npos);
  expect_no_program_words(*html, res.rules);
  // Villages grouped by township name, the one lacking most first within its township.
  const size_t failing = html->find("不可出列的村（");
  ASSERT_NE(failing, std::string::npos);
  const size_t baofeng = html->find("<h3>宝丰镇", failing), yishui = html->find("<h3>溢水镇", failing);
  ASSERT_NE(baofeng, std::string::npos);
  ASSERT_NE(yishui, std::string::npos);
  EXPECT_LT(baofeng, yishui);
  EXPECT_LT(baofeng, html->find("石门村", failing));
  EXPECT_LT(yishui, html->find("河口村", failing));
  // The township table of the summary shows names, not codes.
  EXPECT_EQ(html->find("420323100<"), std::string::npos);
}

TEST_F(NamedTownships, TheWorkbookCarriesSortableNumbersBesideTheText) {
  const fs::path dir = scratch_dir();
  ASSERT_TRUE(write_check_xlsx((dir / "r.xlsx").string(), ws, res));
  const std::string strings = zip_part(dir / "r.xlsx", "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("有硬化的通村公路 距离（米）"), std::string::npos);
  EXPECT_NE(strings.find("有硬化的通村公路 差距（米）"), std::string::npos);
  EXPECT_NE(strings.find("集体经济收入达到5万元以上 村集体经济收入（万元）"), std::string::npos);
  EXPECT_NE(strings.find("溢水镇"), std::string::npos);
  EXPECT_EQ(strings.find("fid"), std::string::npos);
  const std::string sheet = zip_part(dir / "r.xlsx", "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<v>2300</v>"), std::string::npos);  // the road's distance, a number
  EXPECT_NE(sheet.find("<v>1800</v>"), std::string::npos);  // and its shortfall
  EXPECT_NE(sheet.find("<v>0.8</v>"), std::string::npos);   // the income shortfall in 万元
}

TEST(HtmlPage, OneStylesheetWithA4PrintLayoutAndEscaping) {
  const std::string page = html_page("标题 <&>", "<p>x</p>");
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("<title>标题 &lt;&amp;&gt;</title>"), std::string::npos);
  EXPECT_NE(page.find(report_stylesheet()), std::string::npos);
  const std::string css = report_stylesheet();
  EXPECT_NE(css.find("@page{size:A4"), std::string::npos);
  EXPECT_NE(css.find("thead{display:table-header-group}"), std::string::npos);
  EXPECT_NE(css.find("break-after:page"), std::string::npos);
  EXPECT_EQ(td("1 < 2", true), "<td class=n>1 &lt; 2</td>");
}

TEST(Workbook, AFolderThatDoesNotExistFailsWithIoNamingTheFile) {
  auto wb = Workbook::create("/nonexistent-dir/x/r.xlsx");
  if (wb) {  // libxlsxwriter may defer the error to close()
    wb->add_sheet("表").text(0, 0, "x");
    auto ok = wb->close();
    ASSERT_FALSE(ok);
    EXPECT_EQ(ok.error().code, ErrorCode::io);
    EXPECT_NE(ok.error().file.find("r.xlsx"), std::string::npos);
  } else {
    EXPECT_EQ(wb.error().code, ErrorCode::io);
  }
}

TEST(Workbook, NaNAndEmptyTextLeaveTheCellBlank) {
  const fs::path dir = scratch_dir();
  {
    auto wb = Workbook::create((dir / "w.xlsx").string());
    ASSERT_TRUE(wb);
    Sheet sh = wb->add_sheet("表");
    sh.header(0, {"甲", "乙"});
    sh.number(1, 0, std::nan(""));
    sh.text(1, 1, "");
    sh.money_wan(2, 0, 12345);
    ASSERT_TRUE(wb->close());
  }
  const std::string sheet = zip_part(dir / "w.xlsx", "xl/worksheets/sheet1.xml");
  EXPECT_EQ(sheet.find("<row r=\"2\""), std::string::npos);
  EXPECT_NE(sheet.find("<v>1.2345</v>"), std::string::npos);
}

}  // namespace
}  // namespace jiuyou::report
