// What a reviewer reads in report.html about the data and the place: load issues
// of one kind grouped in one Chinese line, and a project of several counties
// named by its counties (tour7 F26).
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "gis/io/codes.hpp"
#include "gis/report/check_report.hpp"
#include "gis/report/place.hpp"
#include "report/check_fixture.hpp"
#include "support/test_paths.hpp"
#include "support/zip_part.hpp"

namespace jiuyou::report {
namespace {

namespace fs = std::filesystem;

using namespace jiuyou::test;

// The fixture's villages 3 and 4 moved to county 420324; `county_names` adds a
// county layer naming both counties.
Workspace two_county_workspace(bool county_names) {
  Workspace ws = fixture_workspace();
  FeatureTable& v = ws.layers.front();
  Column code("code", FieldType::text);
  for (const char* c : {"420323100001", "420323100002", "420324200001", "420324200002"}) code.push_text(c);
  for (Column& c : v.columns)
    if (c.name() == "code") c = std::move(code);
  if (county_names) {
    FeatureTable county;
    county.name = "county";
    Column cc("code", FieldType::text), cn("name", FieldType::text);
    for (auto [c, n] : {std::pair{"420323", "甲县"}, std::pair{"420324", "乙县"}}) {
      county.fid.push_back(static_cast<int64_t>(county.fid.size() + 1));
      county.geometry.add_null_feature();
      cc.push_text(c);
      cn.push_text(n);
    }
    county.columns = {std::move(cc), std::move(cn)};
    ws.layers.push_back(std::move(county));
  }
  return ws;
}

// Two townships named 华河镇, one in each county (tour7 F10: 133 such names at 20,000 villages).
Workspace same_named_townships() {
  Workspace ws = two_county_workspace(true);
  Column township("township", FieldType::text);
  for (const char* t : {"420323100", "420323100", "420324200", "420324200"}) township.push_text(t);
  for (Column& c : ws.layers.front().columns)
    if (c.name() == "township") c = std::move(township);
  FeatureTable towns;
  towns.name = "townships";
  Column tc("code", FieldType::text), tn("name", FieldType::text);
  for (const char* c : {"420323100", "420324200"}) {
    towns.fid.push_back(static_cast<int64_t>(towns.fid.size() + 1));
    towns.geometry.add_null_feature();
    tc.push_text(c);
    tn.push_text("华河镇");
  }
  towns.columns = {std::move(tc), std::move(tn)};
  ws.layers.push_back(std::move(towns));
  return ws;
}

TEST(CheckedPlace, OneCountyKeepsTheProjectName) {
  const Workspace ws = fixture_workspace();
  EXPECT_EQ(checked_place(WorkspaceView::of(ws), "测试县"), "测试县");
}

TEST(CheckedPlace, SeveralCountiesOfTheCountyLayerAreNamed) {
  const Workspace named = two_county_workspace(true);
  EXPECT_EQ(checked_place(WorkspaceView::of(named), "测试县"), "甲县、乙县");
  // Without a county layer the other prefix is a data error (said in the appendix), not a county of the title.
  const Workspace coded = two_county_workspace(false);
  EXPECT_EQ(checked_place(WorkspaceView::of(coded), "测试县"), "测试县");
  // A county layer without names: by code.
  Workspace unnamed = two_county_workspace(true);
  for (Column& c : unnamed.layers.back().columns)
    if (c.name() == "name") {
      Column empty("name", FieldType::text);
      empty.push_null();
      empty.push_null();
      c = std::move(empty);
    }
  EXPECT_EQ(checked_place(WorkspaceView::of(unnamed), "测试县"), "420323、420324");
}

TEST(CheckReportHtml, TitleOfASeveralCountyProjectNamesItsCounties) {
  const Workspace ws = two_county_workspace(true);
  auto html = check_report_html(ws, fixture_result(ws), {});
  ASSERT_TRUE(html) << html.error().to_string();
  EXPECT_NE(html->find("<h1>甲县、乙县贫困村出列检查</h1>"), std::string::npos);
  EXPECT_EQ(html->find("测试县贫困村出列检查"), std::string::npos);
}

TEST(CheckReportHtml, ThousandsOfOneIssueAreOneChineseLine) {
  const Workspace ws = fixture_workspace();
  IssueLog log;
  for (int64_t f = 1; f <= 7179; ++f)
    log.add({Severity::warning, "join_unmatched", "/d/村级统计.xlsx", "village_stats", f, "code", "第 " + std::to_string(f) + " 行的村代码在村图层中没有",
             "核对两个文件里的代码"});
  for (int64_t f = 1; f <= 2; ++f)
    log.add({Severity::warning, "empty_geometry", "/d/county.gpkg", "roads", f, "", "要素没有几何（为空）", "保留了它的属性"});
  ReportOptions opts;
  opts.load_issues = &log;
  auto html = check_report_html(ws, fixture_result(ws), opts);
  ASSERT_TRUE(html) << html.error().to_string();
  const size_t at = html->find("附：读入数据时发现的问题（7181 条");
  ASSERT_NE(at, std::string::npos);
  const std::string appendix = html->substr(at);
  // One line for the 7,179, naming how many, the first features and the first message.
  EXPECT_NE(appendix.find("村级统计.xlsx · village_stats，字段 code</b>：同类问题 7179 条（要素 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 等），第一条：第 1 行的村代码在村图层中没有"),
            std::string::npos);
  EXPECT_EQ(appendix.find("第 2 行的村代码"), std::string::npos);
  size_t hints = 0;
  for (size_t p = appendix.find("处理：核对两个文件里的代码"); p != std::string::npos; p = appendix.find("处理：核对两个文件里的代码", p + 1)) ++hints;
  EXPECT_EQ(hints, 1u);
  // A few of a kind are each listed with their feature.
  EXPECT_NE(appendix.find("county.gpkg · roads，要素 1</b>：要素没有几何"), std::string::npos);
  EXPECT_NE(appendix.find("county.gpkg · roads，要素 2</b>：要素没有几何"), std::string::npos);
}

// No English sentence in the page: the load issue texts of a village layer with
// villages of another county, as the loader writes them.
TEST(CheckReportHtml, CodeIssuesOfAnotherCountyReadInChinese) {
  const Workspace ws = two_county_workspace(false);
  IssueLog log;
  for (const FeatureTable& t : ws.layers) io::check_codes(t, nullptr, log);
  ASSERT_EQ(log.count("code_county_mismatch"), 0u);  // two and two: no county is "most"
  Workspace skewed = fixture_workspace();
  {
    Column code("code", FieldType::text);
    for (const char* c : {"420323100001", "420323100002", "420323200001", "420324200002"}) code.push_text(c);
    for (Column& c : skewed.layers.front().columns)
      if (c.name() == "code") c = std::move(code);
  }
  for (const FeatureTable& t : skewed.layers) io::check_codes(t, nullptr, log);
  ASSERT_EQ(log.count("code_county_mismatch"), 1u);
  ReportOptions opts;
  opts.load_issues = &log;
  auto html = check_report_html(skewed, fixture_result(skewed), opts);
  ASSERT_TRUE(html);
  const std::string appendix = html->substr(html->find("附：读入数据时发现的问题"));
  EXPECT_NE(appendix.find("1 个村的代码以 420324 开头，不属于本图层多数村所在的县（420323）：要素 104"), std::string::npos);
  const std::regex english("[A-Za-z]{3,} [A-Za-z]{2,} [A-Za-z]{2,}");
  EXPECT_FALSE(std::regex_search(appendix, english)) << appendix;
}

TEST(TownshipPlaces, CodeFromTheFieldOrTheVillagesCodeAndTheCountyByName) {
  const Workspace named = same_named_townships();
  const auto places = township_places(WorkspaceView::of(named));
  ASSERT_EQ(places.size(), 2u);
  EXPECT_EQ(places.at("420324200").code, "420324200");
  EXPECT_EQ(places.at("420324200").county, "乙县");
  // Townships by name: the code is the first 9 digits of the first village's code.
  const Workspace by_name = fixture_workspace();
  const auto from_villages = township_places(WorkspaceView::of(by_name));
  EXPECT_EQ(from_villages.at("溢水镇").code, "420323200");
  EXPECT_EQ(from_villages.at("溢水镇").county, "420323");  // no county layer: the code
}

TEST(CheckReportHtml, SameNamedTownshipsAreToldApartByCountyAndCode) {
  const Workspace ws = same_named_townships();
  auto html = check_report_html(ws, fixture_result(ws), {});
  ASSERT_TRUE(html) << html.error().to_string();
  EXPECT_NE(html->find("华河镇（甲县，420323100）"), std::string::npos);
  EXPECT_NE(html->find("华河镇（乙县，420324200）"), std::string::npos);
  EXPECT_NE(html->find("<td><b>合计</b></td>"), std::string::npos);  // two counties: not 全县
  // The village lists' headings too: never two headings "华河镇（n 个村）" (tour 11 K5).
  EXPECT_FALSE(std::regex_search(*html, std::regex("<h3>华河镇（[0-9]")));
  EXPECT_NE(html->find("<h3>华河镇（甲县，420323100）（"), std::string::npos);
  // One county, distinct names: as before.
  const Workspace one = fixture_workspace();
  auto plain = check_report_html(one, fixture_result(one), {});
  ASSERT_TRUE(plain);
  EXPECT_NE(plain->find("<td>宝丰镇</td>"), std::string::npos);
  EXPECT_NE(plain->find("<td><b>全县</b></td>"), std::string::npos);
}

// tour 9 H7: a provincial office's page says which county is behind before the township rows.
TEST(CheckReportHtml, SeveralCountiesGetACountyTableWhoseRowsAddUpToTheTotal) {
  const Workspace ws = same_named_townships();
  const auto result = fixture_result(ws);
  const auto totals = county_totals(WorkspaceView::of(ws), result);
  ASSERT_EQ(totals.size(), 2u);
  EXPECT_EQ(totals[0].county, "甲县");
  EXPECT_EQ(totals[1].county, "乙县");
  EXPECT_EQ(totals[0].sum.villages + totals[1].sum.villages, result.county_summary.villages);
  EXPECT_EQ(totals[0].sum.exit + totals[1].sum.exit, result.county_summary.exit);
  EXPECT_EQ(totals[0].sum.fail + totals[1].sum.fail, result.county_summary.fail);
  for (size_t i = 0; i < result.item_count(); ++i)
    EXPECT_EQ(totals[0].sum.item_pass.at(i) + totals[1].sum.item_pass.at(i), result.county_summary.item_pass.at(i)) << i;
  auto html = check_report_html(ws, result, {});
  ASSERT_TRUE(html) << html.error().to_string();
  const size_t county_table = html->find("<h2>各县汇总</h2>");
  ASSERT_NE(county_table, std::string::npos);
  EXPECT_LT(county_table, html->find("<h2>乡镇汇总</h2>")) << "the counties come before the townships";
  EXPECT_NE(html->find("<td>乙县</td>", county_table), std::string::npos);
  EXPECT_NE(html->find("项目（达标率）"), std::string::npos);
  // One county: no county table.
  const Workspace one = fixture_workspace();
  auto plain = check_report_html(one, fixture_result(one), {});
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->find("各县汇总"), std::string::npos);
  // The workbook's 乡镇汇总 gets a 县小计 row per county.
  const fs::path dir = test::scratch_dir();
  ASSERT_TRUE(write_check_xlsx((dir / "result.xlsx").string(), ws, result));
  EXPECT_NE(test::zip_part(dir / "result.xlsx", "xl/sharedStrings.xml").find(">县小计<"), std::string::npos);
}

// tour 10 J3: with several counties, report.html's 乡镇汇总 has each county's townships and then its 小计 (as the
// workbook's 县小计 rows), and the subtotals add up to the 合计.
TEST(CheckReportHtml, TownshipTableHasASubtotalPerCountyAddingUpToTheTotal) {
  const Workspace ws = same_named_townships();
  const auto result = fixture_result(ws);
  auto html = check_report_html(ws, result, {});
  ASSERT_TRUE(html) << html.error().to_string();
  const size_t table = html->find("<h2>乡镇汇总</h2>");
  ASSERT_NE(table, std::string::npos);
  const std::string section = html->substr(table, html->find("</table>", table) - table);
  const std::regex row("<tr><td>(?:<b>)?([^<]*)(?:</b>)?</td><td[^>]*>([0-9]+)</td>");
  std::vector<std::pair<std::string, size_t>> rows;
  for (auto it = std::sregex_iterator(section.begin(), section.end(), row); it != std::sregex_iterator(); ++it)
    rows.emplace_back((*it)[1].str(), std::stoul((*it)[2].str()));
  std::vector<std::string> labels;
  for (const auto& r : rows) labels.push_back(r.first);
  ASSERT_EQ(labels, (std::vector<std::string>{"华河镇（甲县，420323100）", "甲县小计", "华河镇（乙县，420324200）", "乙县小计", "合计"})) << section;
  EXPECT_EQ(rows[1].second, rows[0].second) << "甲县's subtotal is its township's villages";
  EXPECT_EQ(rows[3].second, rows[2].second);
  EXPECT_EQ(rows[1].second + rows[3].second, rows[4].second) << "the subtotals add up to the total";
  EXPECT_EQ(rows[4].second, result.county_summary.villages);
  // One county: the townships and 全县, no subtotal.
  const Workspace one = fixture_workspace();
  auto plain = check_report_html(one, fixture_result(one), {});
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->find("小计"), std::string::npos);
}

// tour 9 H22 / tour 7 F2: every sheet prints A4 landscape, one page wide, pages numbered, the header on every page.
TEST(CheckXlsx, EverySheetPrintsLandscapeOnePageWideWithItsHeaderOnEachPage) {
  const fs::path dir = test::scratch_dir();
  const Workspace ws = fixture_workspace();
  ASSERT_TRUE(write_check_xlsx((dir / "result.xlsx").string(), ws, fixture_result(ws)));
  for (int sheet = 1; sheet <= 4; ++sheet) {
    const std::string xml = test::zip_part(dir / "result.xlsx", "xl/worksheets/sheet" + std::to_string(sheet) + ".xml");
    ASSERT_FALSE(xml.empty()) << sheet;
    EXPECT_NE(xml.find("orientation=\"landscape\""), std::string::npos) << sheet;
    EXPECT_NE(xml.find("paperSize=\"9\""), std::string::npos) << sheet;
    EXPECT_NE(xml.find("fitToPage=\"1\""), std::string::npos) << sheet;
    EXPECT_NE(xml.find("fitToHeight=\"0\""), std::string::npos) << sheet;
    EXPECT_NE(xml.find("第 &amp;P 页"), std::string::npos) << sheet;
  }
  EXPECT_NE(test::zip_part(dir / "result.xlsx", "xl/workbook.xml").find("_xlnm.Print_Titles"), std::string::npos) << "header rows repeat";
}

// tour7 F10: 结论 and 缺项 right after the names, not after 64 item columns;
// 乡镇汇总 with 乡镇代码 and 县.
TEST(CheckXlsx, VerdictBesideTheNamesAndTownshipsWithCodeAndCounty) {
  const fs::path dir = test::scratch_dir();
  const Workspace ws = same_named_townships();
  ASSERT_TRUE(write_check_xlsx((dir / "result.xlsx").string(), ws, fixture_result(ws)));
  const char* drivers[] = {"XLSX", nullptr};
  CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");
  GDALAllRegister();
  const auto close = [](GDALDataset* d) { GDALClose(d); };
  std::unique_ptr<GDALDataset, decltype(close)> ds(GDALDataset::Open((dir / "result.xlsx").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr), close);
  CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", nullptr);
  ASSERT_TRUE(ds);
  OGRLayer* villages = ds->GetLayerByName("村级结果");
  ASSERT_NE(villages, nullptr);
  const char* first[] = {"代码", "名称", "乡镇", "结论", "缺项"};
  for (int i = 0; i < 5; ++i) EXPECT_STREQ(villages->GetLayerDefn()->GetFieldDefn(i)->GetNameRef(), first[i]);
  villages->ResetReading();
  std::unique_ptr<OGRFeature> second;
  for (int i = 0; i < 2; ++i) second.reset(villages->GetNextFeature());
  ASSERT_TRUE(second);
  EXPECT_STREQ(second->GetFieldAsString(3), "不可出列");
  EXPECT_STREQ(second->GetFieldAsString(4), "有硬化的通村公路");
  // 村级结果's 乡镇 names the county and code of a name two counties share: a filter on 乡镇 never mixes them (tour 11 K5).
  EXPECT_STREQ(second->GetFieldAsString(2), "华河镇（甲县，420323100）");
  std::unique_ptr<OGRFeature> third(villages->GetNextFeature());
  ASSERT_TRUE(third);
  EXPECT_STREQ(third->GetFieldAsString(2), "华河镇（乙县，420324200）");
  // 乡镇汇总: two header rows (item names over 达标/不达标/…); the township rows below them.
  const std::string sheet = test::zip_part(dir / "result.xlsx", "xl/worksheets/sheet2.xml");
  const std::string strings = test::zip_part(dir / "result.xlsx", "xl/sharedStrings.xml");
  for (const char* s : {"乡镇代码", "乡镇", "县", "420323100", "420324200", "甲县", "乙县", "华河镇", "合计"})
    EXPECT_NE(strings.find(std::string(">") + s + "<"), std::string::npos) << s;
  EXPECT_EQ(strings.find(">全县合计<"), std::string::npos);
  EXPECT_NE(strings.find(">出列结论（甲县、乙县，4 个村）<"), std::string::npos);  // 全县汇总 names the counties too
  // ... and gives each county its own block under the whole run's (tour 12 L20): 2 + 2 villages.
  const std::string county_sheet = test::zip_part(dir / "result.xlsx", "xl/worksheets/sheet3.xml");
  for (const char* block : {">出列结论（甲县，2 个村）<", ">出列结论（乙县，2 个村）<"}) {
    const size_t at = strings.find(block);
    ASSERT_NE(at, std::string::npos) << block;
    size_t index = 0;  // the shared string's index: the count of <si> before it
    for (size_t si = strings.find("<si>"); si != std::string::npos && si < at; si = strings.find("<si>", si + 1)) ++index;
    EXPECT_NE(county_sheet.find("t=\"s\"><v>" + std::to_string(index - 1) + "</v>"), std::string::npos) << block << " is on 全县汇总";
  }
  EXPECT_NE(sheet.find("<pane xSplit=\"2\" ySplit=\"2\""), std::string::npos);  // code and name stay in view
}

}  // namespace
}  // namespace jiuyou::report
