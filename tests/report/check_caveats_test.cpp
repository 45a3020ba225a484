// G3: warnings that change the verdicts (villages as points, a layer probably in
// GCJ-02, a layer far off) stand at the top of report.html, above the counts they
// qualify, not only in the data managers' appendix at the end.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "gis/report/check_caveats.hpp"
#include "gis/report/check_evidence.hpp"
#include "gis/report/check_report.hpp"
#include "report/check_fixture.hpp"
#include "support/test_paths.hpp"
#include "support/zip_part.hpp"

namespace jiuyou::report {
namespace {

using namespace jiuyou::test;

Issue note(const char* code, const char* message, const char* hint = "") {
  Issue i;
  i.severity = Severity::warning;
  i.code = code;
  i.message = message;
  i.hint = hint;
  return i;
}

TEST(CheckCaveats, PointVillagesPutTheCaveatAboveTheCounts) {
  Workspace ws = fixture_workspace();
  CheckResult res = fixture_result(ws);
  res.notes.add(note("points_for_polygons", "所有距离从村点量起：村内的线路或设施离村点远时也算不达标"));
  auto html = check_report_html(ws, res, {});
  ASSERT_TRUE(html) << html.error().to_string();
  const size_t banner = html->find("请先看：以下数据问题会改变本页的结论");
  const size_t counts = html->find("<div class=kpi>");
  ASSERT_NE(banner, std::string::npos);
  ASSERT_NE(counts, std::string::npos);
  EXPECT_LT(banner, counts) << "the caveat comes before the headline counts";
  EXPECT_NE(html->find("“不可出列”的村数可能偏多", banner), std::string::npos);
  EXPECT_LT(html->find("所有距离从村点量起", banner), counts) << "the check's own words follow";
  EXPECT_NE(html->find("附：检查中发现的数据问题", counts), std::string::npos) << "still listed in the appendix";
}

TEST(CheckCaveats, OnlyVerdictChangingNotesMakeTheBanner) {
  CheckResult res;
  EXPECT_EQ(verdict_caveats_html(res), "");
  res.notes.add(note("filter_selects_none", "过滤条件没有选中任何要素"));
  EXPECT_EQ(verdict_caveats_html(res), "") << "an appendix matter, not a headline one";
  res.notes.add(note("likely_gcj02", "图层 villages 可能是 GCJ-02 坐标却未声明", "在项目文件的 [layers.villages] 中加上 crs = \"GCJ-02\""));
  res.notes.add(note("likely_gcj02", "图层 roads 可能是 GCJ-02 坐标却未声明"));
  const std::string b = verdict_caveats_html(res);
  EXPECT_NE(b.find("实为 GCJ-02 坐标"), std::string::npos) << b;
  EXPECT_NE(b.find("图层 villages"), std::string::npos);
  EXPECT_NE(b.find("图层 roads"), std::string::npos);
  EXPECT_NE(b.find("处理：在项目文件的"), std::string::npos) << "the fix is said";
  EXPECT_EQ(b.find("过滤条件"), std::string::npos);
  size_t effects = 0;
  for (size_t at = b.find("出列结论需在改正后重新检查"); at != std::string::npos; at = b.find("出列结论需在改正后重新检查", at + 1)) ++effects;
  EXPECT_EQ(effects, 1u) << "the effect once, each layer's line under it";
  size_t bullets = 0;
  for (size_t at = b.find("<li>"); at != std::string::npos; at = b.find("<li>", at + 1)) ++bullets;
  EXPECT_EQ(bullets, 1u) << "one bullet per caveat, never an empty bullet before a second detail: " << b;
}

// tour 10 J10: result.xlsx is forwarded on its own; it opens on the same caveat as the page, in the same words.
TEST(CheckCaveats, TheWorkbookOpensOnTheSameCaveatAsThePage) {
  namespace fs = std::filesystem;
  Workspace ws = fixture_workspace();
  CheckResult res = fixture_result(ws);
  const fs::path dir = test::scratch_dir();
  ASSERT_TRUE(write_check_xlsx((dir / "plain.xlsx").string(), ws, res));
  EXPECT_EQ(test::zip_part(dir / "plain.xlsx", "xl/workbook.xml").find("请先看"), std::string::npos) << "no caveat: no such sheet";
  res.notes.add(note("points_for_polygons", "村庄为点要素（图层 villages）：所有距离从村点量起", "如有村域面图层，请在项目文件中把它作为 villages 图层"));
  ASSERT_TRUE(write_check_xlsx((dir / "points.xlsx").string(), ws, res));
  const std::string book = test::zip_part(dir / "points.xlsx", "xl/workbook.xml");
  const size_t first = book.find("<sheet ");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(book.find("name=\"请先看（数据问题）\"", first), book.find("name=", first)) << "the caveat is the first sheet: " << book;
  const std::string strings = test::zip_part(dir / "points.xlsx", "xl/sharedStrings.xml");
  const std::string effect = caveat_effect("points_for_polygons");
  ASSERT_FALSE(effect.empty());
  EXPECT_NE(strings.find(caveats_heading("本表")), std::string::npos);
  EXPECT_NE(strings.find(effect), std::string::npos) << "the page's sentence, word for word";
  EXPECT_NE(strings.find("所有距离从村点量起（处理：如有村域面图层"), std::string::npos) << "the check's note and its fix under it";
  auto html = check_report_html(ws, res, {});
  ASSERT_TRUE(html);
  EXPECT_NE(html->find(effect), std::string::npos) << "one source for both";
}

// tour 11 K23/K21: a unit slip the loader found (money read in 元 that looks like 万元, a title row and a
// column name that disagree, a township's rates in percent) moves every village's verdict on the item
// that reads the column: it opens the page and the workbook like the check's own caveats.
TEST(CheckCaveats, UnitSlipsOfTheLoadOpenThePageAndTheWorkbook) {
  namespace fs = std::filesystem;
  Workspace ws = fixture_workspace();
  CheckResult res = fixture_result(ws);
  IssueLog load;
  load.add(note("header_row", "表头在第 3 行"));
  EXPECT_TRUE(verdict_caveats(res, &load).empty()) << "an appendix matter";
  load.add(note("money_implausibly_small", "列「村集体经济收入（元）」按元读入，但一半的值不到 5.65 元", "核对后把列名括号中的单位改为万元"));
  load.add(note("percent_by_township", "villages.income_growth：潘河镇 38 个村的值按百分数填报（11.3 → 0.113），已换算"));
  const auto caveats = verdict_caveats(res, &load);
  ASSERT_EQ(caveats.size(), 2u);
  EXPECT_EQ(caveats[0].code, "money_implausibly_small");
  EXPECT_NE(caveats[0].details[0].find("5.65 元（处理：核对后把列名"), std::string::npos) << caveats[0].details[0];
  EXPECT_EQ(caveat_codes(caveats), "money_implausibly_small,percent_by_township") << "recorded for the atlas";
  const std::string b = verdict_caveats_html(res, &load);
  EXPECT_NE(b.find(caveat_effect("percent_by_township")), std::string::npos) << b;
  EXPECT_NE(b.find("潘河镇 38 个村"), std::string::npos) << b;
  EXPECT_TRUE(verdict_caveats(res).empty()) << "without the load's issues, the check's notes alone";
  const fs::path dir = test::scratch_dir();
  ASSERT_TRUE(write_check_xlsx((dir / "units.xlsx").string(), WorkspaceView::of(ws), res, WorkbookOptions{{}, k_province_workbook_villages, &load}));
  EXPECT_NE(test::zip_part(dir / "units.xlsx", "xl/workbook.xml").find("请先看（数据问题）"), std::string::npos);
  EXPECT_NE(test::zip_part(dir / "units.xlsx", "xl/sharedStrings.xml").find(caveat_effect("money_implausibly_small")), std::string::npos);
}

// Tour 14 N4: a statistics table that did not join (codes saved as 4.20323E+11, rows missing) leaves those villages'
// table items unknown: the page and the console open on it, as on a unit slip.
TEST(CheckCaveats, AStatisticsTableThatDidNotJoinOpensThePage) {
  Workspace ws = fixture_workspace();
  CheckResult res = fixture_result(ws);
  IssueLog load;
  load.add(note("join_orphans", "村级统计 中有 2 行在 villages 中找不到"));
  EXPECT_TRUE(verdict_caveats(res, &load).empty()) << "rows nobody reads change no verdict";
  load.add(note("code_digits_lost", "250 个代码以科学计数法保存，已丢失位数（「4.20323E+11」）", "请把代码列设为文本后重新导出"));
  load.add(note("join_unmatched", "villages 的 250 个要素中有 250 个在 村级统计 中没有对应的行"));
  const auto caveats = verdict_caveats(res, &load);
  ASSERT_EQ(caveats.size(), 2u);
  EXPECT_EQ(caveat_codes(caveats), "code_digits_lost,join_unmatched");
  const std::string b = verdict_caveats_html(res, &load);
  EXPECT_NE(b.find("科学计数法"), std::string::npos) << b;
  EXPECT_NE(b.find("250 个在 村级统计 中没有对应的行"), std::string::npos) << b;
}

// tour 11 K22: a value the loader made unknown as implausible is in the file: the village's cell says
// "数据不合理：<value>…（已按未知处理）", never "缺少数据", which would send the office to fill in what it did.
TEST(CheckCaveats, AValueDroppedAsImplausibleIsNotCalledMissing) {
  Workspace ws = fixture_workspace();
  FeatureTable& v = ws.layers.front();
  Column income("collective_income", FieldType::real);
  for (double x : {80000.0, 60000.0, 32000.0}) income.push_real(x);
  income.push_null();
  v.columns.push_back(std::move(income));
  const CheckResult res = fixture_result(ws);
  const detail::EvidenceWriter plain(WorkspaceView::of(ws), res);
  EXPECT_EQ(plain.cell(3, k_income).text.rfind("缺少数据", 0), 0u) << plain.cell(3, k_income).text;
  IssueLog load;
  Issue cell = note("value_set_unknown", "-5 小于 0");
  cell.severity = Severity::info;
  cell.layer = "villages";
  cell.field = "collective_income";
  cell.feature = 104;  // village 3's source FID
  load.add(cell);
  cell.feature = 103;  // another village's: not this one's reason
  cell.message = "7 多于 3";
  load.add(cell);
  const detail::EvidenceWriter told(WorkspaceView::of(ws), res, &load);
  const std::string text = told.cell(3, k_income).text;
  EXPECT_EQ(text.rfind("数据不合理：", 0), 0u) << text;
  EXPECT_NE(text.find("-5 小于 0（已按未知处理）"), std::string::npos) << text;
  EXPECT_EQ(text.find("缺少数据"), std::string::npos) << text;
  EXPECT_EQ(text.find("7 多于 3"), std::string::npos) << text;
  // Tour 12 L3/L23: result.gpkg says the same — its note is the report's sentence, not "缺少 collective_income".
  const FeatureTable gpkg = villages_result_table(WorkspaceView::of(ws), res, Evidence::full, &load);
  const std::string note_text = gpkg.column("collective_income_note")->as_text(3);
  EXPECT_EQ(note_text, text);
  EXPECT_NE(gpkg.column("missing_items")->as_text(3).find("数据不合理：村集体经济收入 -5 小于 0"), std::string::npos) << gpkg.column("missing_items")->as_text(3);
  for (size_t r = 0; r < gpkg.size(); ++r)
    EXPECT_EQ(gpkg.column("collective_income_note")->as_text(r).find("collective_income"), std::string::npos) << r << ": Chinese, not field names";
}

// Tour 12 L3: every value given and still unknown — a ratio over a population of 0 — says so, not a bare "缺少数据".
TEST(CheckCaveats, ARatioOverAZeroIsNotCalledMissing) {
  Workspace ws = fixture_workspace();
  FeatureTable& v = ws.layers.front();
  Column income("collective_income", FieldType::real);
  for (double x : {80000.0, 60000.0, 32000.0, 5000.0}) income.push_real(x);
  v.columns.push_back(std::move(income));
  v.column("population")->set_int(3, 0);
  CheckResult res = fixture_result(ws);
  res.rules.items[k_income].expression = "collective_income / population >= 50";
  res.cells[3 * k_items + k_income].outcome = indicators::Outcome::unknown;
  const detail::EvidenceWriter words(WorkspaceView::of(ws), res);
  const std::string text = words.cell(3, k_income).text;
  EXPECT_EQ(text, "数据不合理：总人口 为 0，无法计算（已按未知处理）");
}

// The atlas is made from result.gpkg later: the codes recorded there give back the same sentences.
TEST(CheckCaveats, RecordedCodesGiveBackTheSentences) {
  CheckResult res;
  res.notes.add(note("likely_gcj02", "图层 roads 可能是 GCJ-02 坐标却未声明"));
  res.notes.add(note("points_for_polygons", "村庄为点要素"));
  res.notes.add(note("likely_gcj02", "图层 power 可能是 GCJ-02 坐标却未声明"));
  const auto caveats = verdict_caveats(res);
  ASSERT_EQ(caveats.size(), 2u);
  EXPECT_EQ(caveats[0].details.size(), 2u) << "both layers under one sentence";
  const std::string codes = caveat_codes(caveats);
  EXPECT_EQ(codes, "likely_gcj02,points_for_polygons");
  const auto effects = caveat_effects_of_codes(codes + ",not_a_caveat");
  ASSERT_EQ(effects.size(), 2u);
  EXPECT_EQ(effects[0], caveats[0].effect);
  EXPECT_EQ(effects[1], caveats[1].effect);
  EXPECT_TRUE(caveat_effects_of_codes("").empty());
}

}  // namespace
}  // namespace jiuyou::report
