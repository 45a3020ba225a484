// The outputs of `jiuyou invest` for a county leader: the frontier chart's
// axes, knee and chosen budget (gis/report/frontier_chart.hpp), the SVG map
// helper (gis/report/svg_map.hpp), and on the demo county the page's plain
// sentences, the map of projects by year and the GeoPackage's descriptions.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include "gis/app/invest_job.hpp"
#include "gis/app/invest_rows.hpp"
#include "gis/io/schema.hpp"
#include "gis/report/frontier_chart.hpp"
#include "gis/report/labels.hpp"
#include "gis/report/svg_map.hpp"
#include "support/test_paths.hpp"

namespace jiuyou {
namespace {

namespace fs = std::filesystem;
using report::FrontierSample;

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

TEST(FrontierChart, TicksAreRoundAndCoverTheMaximum) {
  EXPECT_EQ(report::nice_ticks(8131.9, 6), (std::vector<double>{0, 2000, 4000, 6000, 8000, 10000}));
  EXPECT_EQ(report::nice_ticks(15, 5), (std::vector<double>{0, 5, 10, 15}));
  const std::vector<double> small = report::nice_ticks(0.7, 5);
  ASSERT_EQ(small.size(), 5u);
  for (size_t i = 0; i < small.size(); ++i) EXPECT_NEAR(small[i], 0.2 * static_cast<double>(i), 1e-12);
  for (const double bad : {0.0, -3.0, std::nan(""), std::numeric_limits<double>::infinity()}) EXPECT_EQ(report::nice_ticks(bad, 5), (std::vector<double>{0, 1})) << bad;
}

TEST(FrontierChart, KneeIsWhereMoreMoneyStopsBuyingMuch) {
  const std::vector<FrontierSample> bent{{0, 4, 4}, {100, 10, 11}, {200, 14, 14}, {300, 15, 15}, {400, 15.5, 16}, {500, 16, 16}};
  EXPECT_EQ(report::frontier_knee(bent), 2u);  // farthest above the chord from (0,4) to (500,16)
  const std::vector<FrontierSample> straight{{0, 0, 0}, {1, 1, 1}, {2, 2, 2}};
  EXPECT_EQ(report::frontier_knee(straight), straight.size()) << "no knee on a straight line";
  const std::vector<FrontierSample> flat{{0, 3, 3}, {1, 3, 3}, {2, 3, 3}};
  EXPECT_EQ(report::frontier_knee(flat), flat.size());
  EXPECT_EQ(report::frontier_knee(std::vector<FrontierSample>{{0, 1, 1}, {5, 9, 9}}), 2u);
  EXPECT_EQ(report::frontier_knee({}), 0u);
}

TEST(FrontierChart, ValueAtABudgetIsTheBestSampleAtOrBelowIt) {
  const std::vector<FrontierSample> pts{{0, 4, 4}, {100, 10, 11}, {200, 14, 14}};
  EXPECT_EQ(report::frontier_value_at(pts, 150), 10);
  EXPECT_EQ(report::frontier_value_at(pts, 200), 14);
  EXPECT_EQ(report::frontier_value_at(pts, -1), 0);
}

TEST(FrontierChart, SvgHasAxesInWanYuanTheKneeAndTheChosenBudget) {
  report::FrontierChart c;
  c.points = {{0, 4, 4}, {1e7, 10, 11}, {2e7, 14, 14}, {3e7, 15, 15}, {4e7, 15.5, 16}, {5e7, 16, 16}};
  c.chosen_budget = 2e7;
  c.chosen_value = 14;
  const std::string svg = report::frontier_svg(c);
  for (const char* tick : {">0<", ">1000<", ">5000<", ">15<"}) EXPECT_NE(svg.find(tick), std::string::npos) << tick;
  EXPECT_NE(svg.find("总投资（万元）"), std::string::npos);
  EXPECT_NE(svg.find("拐点：2000 万元"), std::string::npos) << svg;
  EXPECT_NE(svg.find("本方案"), std::string::npos);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
}

TEST(FrontierChart, EmptyOrAllZeroFrontiersDrawAxesWithoutNumbersGoneWrong) {
  report::FrontierChart c;
  std::string svg = report::frontier_svg(c);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_EQ(svg.find("polyline"), std::string::npos) << "nothing to plot";
  c.points = {{0, 0, 0}, {0, 0, 0}};
  svg = report::frontier_svg(c);
  for (const char* bad : {"nan", "inf", "拐点"}) EXPECT_EQ(svg.find(bad), std::string::npos) << bad;
}

TEST(SvgMap, NorthIsUpAndSubPixelVerticesAreDropped) {
  GeometryColumn g;
  g.kind = GeometryKind::polygon;
  for (const Vec2 v : {Vec2{0, 0}, Vec2{100, 0}, Vec2{100, 0.001}, Vec2{100, 100}, Vec2{0, 100}, Vec2{0, 0}}) g.add_vertex(v.x, v.y);
  g.close_ring();
  g.close_part();
  g.close_feature();
  const report::SvgMap m(BBox{0, 0, 100, 100}, 220, 100, 900);
  EXPECT_DOUBLE_EQ(m.height(), 220);
  EXPECT_DOUBLE_EQ(m.to_px({0, 0}).y, 210) << "south at the bottom";
  EXPECT_DOUBLE_EQ(m.to_px({0, 100}).y, 10);
  EXPECT_EQ(m.path_data(g, 0), "M10.0 210.0L210.0 210.0L210.0 10.0L10.0 10.0L10.0 210.0Z");
  GeometryColumn pts;
  pts.kind = GeometryKind::point;
  pts.add_point_feature(5, 5);
  EXPECT_EQ(m.path_data(pts, 0), "") << "points are drawn by the caller";
  const report::SvgMap degenerate(BBox{}, 300);
  EXPECT_EQ(degenerate.open("").find("nan"), std::string::npos);
}

// The demo county's plan with the brief's budget and years.
class InvestOutputs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = new fs::path(fs::path(JIUYOU_TEST_TMP) / ("InvestOutputs." + std::to_string(getpid())));
    fs::remove_all(*dir);
    app::InvestJob job;
    job.project = (test::source_dir() / "data/demo/project.toml").string();
    job.out_dir = (*dir / "plan").string();
    job.years = {{2025, 8e6}, {2026, 8e6}, {2027, 4e6}};
    job.frontier_steps = 10;
    auto r = app::run_invest(job);
    ASSERT_TRUE(r) << r.error().to_string();
    run = new app::InvestRun(std::move(*r));
    std::ifstream in(*dir / "plan" / "invest.html");
    html = new std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  static void TearDownTestSuite() {
    if (dir) fs::remove_all(*dir);
    delete dir;
    delete run;
    delete html;
    dir = nullptr;
    run = nullptr;
    html = nullptr;
  }
  static inline fs::path* dir = nullptr;
  static inline app::InvestRun* run = nullptr;
  static inline std::string* html = nullptr;
};

TEST_F(InvestOutputs, SummarySaysWhatTheBoundMeansAndWhatTheNextMillionBuys) {
  ASSERT_NE(run, nullptr);
  const std::string value = std::to_string(static_cast<int>(run->plan.value));
  EXPECT_NE(html->find("按本方案，达到出列条件的村共 " + value + " 个"), std::string::npos);
  if (run->exact) {
    EXPECT_NE(html->find("任何方案最多也只能达到 " + value + " 个：本方案已是最优（已证明）"), std::string::npos);
  }
  EXPECT_NE(html->find("再增加 100 万元"), std::string::npos);
  EXPECT_GE(run->next_value, run->plan.value) << "more money never buys less";
  EXPECT_GE(run->next_bound + 1e-9, run->next_value);
  EXPECT_NE(html->find("总投资 " + report::value_text(run->plan.cost, report::Unit::yuan)), std::string::npos) << "money in sentences as 万元";
  EXPECT_NE(html->find("（预算 2000 万元）"), std::string::npos);
  EXPECT_NE(html->find("投资曲线的拐点约在"), std::string::npos);
  for (const char* bad : {"目标值", "nan", "inf<"}) EXPECT_EQ(html->find(bad), std::string::npos) << bad;
}

TEST_F(InvestOutputs, MapShowsEveryVillageByOutcomeAndEveryProjectByYear) {
  ASSERT_NE(run, nullptr);
  EXPECT_EQ(count_of(*html, "<svg"), 2u) << "the frontier chart and the map";
  size_t projects = 0, planned_exit = 0, ready = 0;
  for (const uint8_t c : run->plan.chosen) projects += c;
  for (size_t v = 0; v < run->exit_year.size(); ++v) {
    const bool now = run->check.verdict[v] == indicators::Outcome::pass;
    ready += now;
    planned_exit += !now && run->exit_year[v] > 0;
  }
  ASSERT_GT(projects, 0u);
  EXPECT_EQ(count_of(*html, " 年）</title>"), projects) << "each chosen project drawn once";
  EXPECT_EQ(count_of(*html, " 年达到出列条件</title>"), planned_exit);
  EXPECT_EQ(count_of(*html, "：现已可出列</title>"), ready);
  for (const char* legend : {"2025 年建设的项目", "2026 年达到出列条件的村", "现已可出列", "乡镇界", "上为北"})
    EXPECT_NE(html->find(legend), std::string::npos) << legend;
  EXPECT_NE(html->find(">福古镇</text>"), std::string::npos) << "township names on the map";
}

TEST_F(InvestOutputs, GeoPackageTablesExplainThemselves) {
  ASSERT_NE(run, nullptr);
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open((*dir / "plan" / "invest.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_NE(ds, nullptr);
  for (const char* name : {"plan_projects", "plan_villages", "plan_frontier", "roads"}) {
    OGRLayer* l = ds->GetLayerByName(name);
    ASSERT_NE(l, nullptr) << name;
    const char* d = l->GetMetadataItem("DESCRIPTION");
    ASSERT_NE(d, nullptr) << name;
    EXPECT_GT(std::string(d).size(), 30u) << name;
  }
  EXPECT_NE(std::string(ds->GetLayerByName("plan_villages")->GetMetadataItem("DESCRIPTION")).find("叫 villages 就会被当作新增的村"), std::string::npos);
  EXPECT_NE(std::string(ds->GetLayerByName("roads")->GetMetadataItem("DESCRIPTION")).find("--with"), std::string::npos);
}

// The rows of the page's 各乡镇 table, last cell (投资（万元）) of each, in 0.01 万元; the last row is 合计.
std::vector<long long> township_money(const std::string& page) {
  const size_t from = page.find("<h2>各乡镇</h2>");
  const size_t to = page.find("</table>", from);
  std::vector<long long> out;
  if (from == std::string::npos || to == std::string::npos) return out;
  const std::string table = page.substr(from, to - from);
  for (size_t row = table.find("<tr", table.find("<tbody>")); row != std::string::npos; row = table.find("<tr", row + 3)) {
    const size_t end = table.find("</tr>", row);
    const size_t cell = table.rfind("<td class=n>", end);
    const size_t value = cell + std::string("<td class=n>").size();
    out.push_back(std::llround(std::stod(table.substr(value, table.find("</td>", value) - value)) * 100));
  }
  return out;
}

TEST_F(InvestOutputs, TownshipRowsAddUpToTheirTotalWhichIsThePlansCost) {
  ASSERT_NE(run, nullptr);
  const std::vector<long long> money = township_money(*html);
  ASSERT_GE(money.size(), 3u) << "two townships or more, and 合计";
  long long rows = 0;
  for (size_t i = 0; i + 1 < money.size(); ++i) rows += money[i];
  EXPECT_EQ(rows, money.back()) << "the rounded rows add up to 合计 exactly";
  EXPECT_EQ(money.back(), std::llround(run->plan.cost / 100)) << "合计 is the unrounded sum, rounded";
  EXPECT_NE(html->find(">合计</td>"), std::string::npos);
  EXPECT_NE(html->find("各行相加等于合计"), std::string::npos) << "the rounding is said under the table";

  // 项目库.xlsx's 各乡镇 sheet: the same rows and 合计.
  GDALAllRegister();
  std::unique_ptr<GDALDataset> book(GDALDataset::Open((*dir / "plan" / "项目库.xlsx").c_str(), GDAL_OF_VECTOR));
  ASSERT_NE(book, nullptr);
  OGRLayer* sheet = book->GetLayerByName("各乡镇");
  ASSERT_NE(sheet, nullptr);
  std::vector<long long> cells;
  for (auto& f : *sheet)
    if (f->IsFieldSetAndNotNull(4)) cells.push_back(std::llround(f->GetFieldAsDouble(4) * 100));
  EXPECT_EQ(cells, money) << "the workbook's township money is the page's";
}

TEST_F(InvestOutputs, PlanProjectsSayWhatIsBuilt) {
  ASSERT_NE(run, nullptr);
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open((*dir / "plan" / "invest.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_NE(ds, nullptr);
  OGRLayer* projects = ds->GetLayerByName("plan_projects");
  ASSERT_NE(projects, nullptr);
  size_t n = 0;
  for (auto& f : *projects) {
    ++n;
    EXPECT_GT(std::string(f->GetFieldAsString("content")).size(), 0u) << "建设内容 of project " << f->GetFID();
  }
  size_t chosen = 0;
  for (const uint8_t c : run->plan.chosen) chosen += c;
  EXPECT_EQ(n, chosen);
}

// Rounding to the total: the rows add up to the rounded total exactly, each within one unit of its value.
TEST(RoundToTotal, RowsAddUpToTheRoundedTotal) {
  const std::vector<double> wan = {600.06, 600.06, 630.76};  // plainly rounded to 0.1: 1831.0 against a total of 1830.88 -> 1830.9
  const auto r = app::invest_out::round_to_total(wan, 1);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(std::llround((r[0] + r[1] + r[2]) * 10), 18309);
  const std::vector<double> drift = {0.36, 0.36, 0.36};  // plainly 0.4 each: 1.2 against a total of 1.08 -> 1.1
  const auto d = app::invest_out::round_to_total(drift, 1);
  EXPECT_EQ(std::llround((d[0] + d[1] + d[2]) * 10), 11);
  for (size_t i = 0; i < drift.size(); ++i) EXPECT_LE(std::abs(d[i] - drift[i]), 0.1 + 1e-9);
  EXPECT_DOUBLE_EQ(d[0], 0.4) << "equal remainders: the first gets the unit";
  EXPECT_DOUBLE_EQ(d[2], 0.3);
  EXPECT_EQ(app::invest_out::round_to_total({2.0, 3.0}, 2), (std::vector<double>{2.0, 3.0})) << "exact values stay";
  EXPECT_TRUE(app::invest_out::round_to_total({}, 2).empty());
  const auto bad = app::invest_out::round_to_total({1.234, std::numeric_limits<double>::quiet_NaN()}, 2);
  EXPECT_DOUBLE_EQ(bad[0], 1.23);
  EXPECT_TRUE(std::isnan(bad[1])) << "a non-finite value is not spread over the others";
}

// Weighted by poor population, the sentences count people, and where 100万元 more buys more, they say how much.
TEST(InvestOutputsObjective, PoorPopulationIsCountedInPeopleAndTheNextMillionsGainIsStated) {
  const fs::path d = test::scratch_dir();
  app::InvestJob job;
  job.project = (test::source_dir() / "data/demo/project.toml").string();
  job.out_dir = (d / "plan").string();
  job.years = {{2025, 9e6}};  // with 10 kV lines over the DEM, 1,100万 buys no more than 1,000万 on the demo
  job.objective = "poor_population";
  job.frontier_steps = 6;
  auto r = app::run_invest(job);
  ASSERT_TRUE(r) << r.error().to_string();
  std::ifstream in(d / "plan" / "invest.html");
  const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(html.find("达到出列条件的村的贫困人口共 "), std::string::npos);
  EXPECT_NE(html.find("可出列村的贫困人口（人）"), std::string::npos) << "the chart's y axis";
  ASSERT_GT(r->next_value, r->plan.value) << "on the demo, 1,000万 buys more than 900万 (the sentence below needs it)";
  EXPECT_NE(html.find("再增加 100 万元（总预算 1000 万元），达到出列条件的村的贫困人口可再增加 "), std::string::npos);
  EXPECT_EQ(html.find("个村达到出列条件的村的贫困人口"), std::string::npos);
}

// Villages whose data is missing cannot be planned for; the page says how many and what to do, never
// leaving the reader to think the plan covers them.
// The demo county copied to a scratch directory, its villages edited by `sql`, planned with 1,000 万元 for 2025.
Result<app::InvestRun> plan_edited_demo(const fs::path& d, const char* sql) {
  for (const char* f : {"county.gpkg", "dem.tif", "project.toml"}) fs::copy_file(test::source_dir() / "data/demo" / f, d / f);
  GDALAllRegister();
  auto* ds = static_cast<GDALDataset*>(GDALOpenEx((d / "county.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  if (ds == nullptr) return fail(ErrorCode::io, "cannot open the copied demo county " + (d / "county.gpkg").string());
  ds->ExecuteSQL(sql, nullptr, nullptr);
  GDALClose(ds);
  app::InvestJob job;
  job.project = (d / "project.toml").string();
  job.out_dir = (d / "plan").string();
  job.years = {{2025, 1e7}};
  job.frontier_steps = 4;
  return app::run_invest(job);
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(InvestOutputsMissingData, VillagesThatCannotBeJudgedAreCountedOnThePage) {
  const fs::path d = test::scratch_dir();
  auto r = plan_edited_demo(d, "UPDATE villages SET population = NULL WHERE fid % 25 = 0");
  ASSERT_TRUE(r) << r.error().to_string();
  size_t unknown = 0;
  for (size_t v = 0; v < r->candidates.villages.size(); ++v)
    unknown += r->exit_year[v] <= 0 && r->check.verdict[v] != indicators::Outcome::pass && r->candidates.villages[v].reach == invest::Reach::unknown;
  ASSERT_GT(unknown, 0u) << "the fixture should leave some village unjudgeable";
  EXPECT_EQ(r->not_judged, unknown) << "the run counts them once, for the page and the console";
  const std::string html = read_text(d / "plan" / "invest.html");
  EXPECT_NE(html.find("另有 " + std::to_string(unknown) + " 个村有出列必需的指标数据不全，补齐前无法判断建设后能否出列，未列入本方案"), std::string::npos);
  EXPECT_EQ(html.find("核实"), std::string::npos) << "only missing data here: nothing to check";
  // F15: such a village's reason names the data that are missing and, where it has them, the
  // buildable gaps the check's report lists for it — never "无法判断还缺什么".
  size_t with_gaps = 0;
  for (size_t v = 0; v < r->candidates.villages.size(); ++v) {
    const auto& vp = r->candidates.villages[v];
    if (vp.reach != invest::Reach::unknown) continue;
    EXPECT_NE(vp.why_zh.find("数据不全，补齐前无法判断建设后能否出列"), std::string::npos) << vp.why_zh;
    with_gaps += vp.why_zh.find("另缺可建设解决的") != std::string::npos;
  }
  EXPECT_GT(with_gaps, 0u) << "some unjudgeable village of the fixture also fails a buildable item";
  // K10 (tour 11): every village a deciding item of which lacks data is left out of the plan — as 缺数据, or
  // (tour 12 L16) as 工程不能单独解决 when it also fails an item no construction fixes, the missing data named after.
  for (size_t v = 0; v < r->check.village_count; ++v) {
    bool lacks = false;
    for (size_t i = 0; i < r->check.item_count(); ++i)
      lacks = lacks || (r->check.rules.items[i].required && r->check.cell(v, i).outcome == indicators::Outcome::unknown);
    if (r->exit_year[v] > 0 || r->check.verdict[v] == indicators::Outcome::pass) continue;
    if (!lacks) continue;
    const auto& vp = r->candidates.villages[v];
    if (vp.reach == invest::Reach::blocked) {
      EXPECT_EQ(vp.why_zh.rfind("还需产业/集体经济等非工程措施：", 0), 0u) << v << ": " << vp.why_zh;
      EXPECT_NE(vp.why_zh.find("数据不全"), std::string::npos) << v << ": " << vp.why_zh;
      EXPECT_FALSE(app::invest_out::left_out_for_data(*r, v)) << v;
    } else {
      EXPECT_TRUE(app::invest_out::left_out_for_data(*r, v)) << v << ": " << vp.why_zh;
      EXPECT_EQ(vp.why_zh.find("还需产业"), std::string::npos) << v << ": " << vp.why_zh;
    }
  }
  // H20: report.html's 数据不全 counts the villages without a failing item; this count also holds
  // 不可出列 villages that lack data elsewhere. The page says how the two meet.
  const auto split = app::invest_out::left_out_for_data_by_verdict(*r);
  EXPECT_EQ(split.data_missing + split.failing, r->not_judged);
  size_t report_unknown = 0;
  for (size_t v = 0; v < r->check.village_count; ++v) report_unknown += r->check.verdict[v] == indicators::Outcome::unknown;
  EXPECT_EQ(split.data_missing, report_unknown) << "every village report.html calls 数据不全 is among them";
  ASSERT_GT(split.failing, 0u);
  EXPECT_NE(html.find("与检查报告的“数据不全”口径不同：其中 " + std::to_string(split.data_missing) + " 个在检查报告中为“数据不全”，" +
                      std::to_string(split.failing) + " 个已有不达标的指标，在检查报告中计为“不可出列”"),
            std::string::npos);
  // 项目库.xlsx's 各村 sheet: its 检查结论 column counts 数据不全 as report.html does; 现状 names the plan's own.
  std::unique_ptr<GDALDataset> book(GDALDataset::Open((d / "plan" / "项目库.xlsx").c_str(), GDAL_OF_VECTOR));
  ASSERT_NE(book, nullptr);
  OGRLayer* sheet = book->GetLayerByName("各村");
  ASSERT_NE(sheet, nullptr);
  constexpr int verdict = 3, standing = 4;  // 村代码 村名 乡镇 检查结论 现状 (the header reads as the first row)
  size_t sheet_unknown = 0, sheet_left_out = 0, headers = 0;
  for (auto& f : *sheet) {
    const std::string said = f->GetFieldAsString(verdict), now = f->GetFieldAsString(standing);
    headers += said == "检查结论" && now == "现状";
    sheet_unknown += said == "数据不全";
    sheet_left_out += now == "缺数据，无法规划";
  }
  EXPECT_EQ(headers, 1u);
  EXPECT_EQ(sheet_unknown, report_unknown);
  EXPECT_GE(sheet_left_out, r->not_judged);
}

// A value in the file that the loader set unknown as implausible (贫困人口 more than 户籍人口) is to be checked,
// not filled in: the village's reason says 数据不合理 … 核实前, as the check's cell says 数据不合理 (review item 5).
TEST(InvestOutputsMissingData, AnImplausibleValueIsToBeCheckedNotFilledIn) {
  const fs::path d = test::scratch_dir();
  auto r = plan_edited_demo(d, "UPDATE villages SET poor_population = population + 1 WHERE fid % 25 = 0 AND population > 0");
  ASSERT_TRUE(r) << r.error().to_string();
  const FeatureTable& villages = *r->ws.layer(io::target_layer);
  std::set<int64_t> dropped;  // the villages whose 贫困人口 the loader set unknown
  for (const Issue& i : r->ws.issues.entries())
    if (i.code == "value_set_unknown" && i.field == "poor_population") dropped.insert(i.feature);
  ASSERT_FALSE(dropped.empty());
  size_t checked = 0;
  for (size_t v = 0; v < r->candidates.villages.size(); ++v) {
    const auto& vp = r->candidates.villages[v];
    if (dropped.count(villages.fid[v]) == 0 || vp.reach == invest::Reach::ready || vp.reach == invest::Reach::buildable) continue;
    EXPECT_NE(vp.why_zh.find("数据不合理（已按未知处理）"), std::string::npos) << v << ": " << vp.why_zh;
    if (vp.reach == invest::Reach::unknown && vp.why_zh.find("数据不全") == std::string::npos) {
      EXPECT_NE(vp.why_zh.find("核实前无法判断建设后能否出列"), std::string::npos) << v << ": " << vp.why_zh;
      EXPECT_EQ(vp.why_zh.find("补齐"), std::string::npos) << v << ": nothing is missing: " << vp.why_zh;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0u) << "the fixture should leave some village unjudgeable on an implausible value alone";
  // The page's count of such villages says the same: 不全或不合理 … 补齐或核实 (the review's invest.html sentence).
  const std::string html = read_text(d / "plan" / "invest.html");
  EXPECT_NE(html.find("个村有出列必需的指标数据不全或不合理，补齐或核实前无法判断建设后能否出列"), std::string::npos);
  EXPECT_NE(html.find("请补齐、核实数据"), std::string::npos);
}

}  // namespace
}  // namespace jiuyou
