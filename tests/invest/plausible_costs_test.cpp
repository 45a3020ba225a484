// Tour 15's investment-plan findings: unit costs checked against plausible ranges
// (data/costs/plausible.toml, P1: a table in the wrong unit is refused with the
// reading that fits, an odd but possible cost warned), the same for [relocate]
// money; the page's headline, bound and next 100万元 on one basis (P3); a bare
// --budget under 10万元 and past --years warned (P6); 各村 出列年度 of a village
// exit-ready now (P10).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <unistd.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "gis/app/invest_job.hpp"
#include "gis/app/invest_outputs.hpp"
#include "gis/invest/costs.hpp"
#include "gis/io/vocab.hpp"
#include "gis/util/plausible_ranges.hpp"
#include "gis/relocate/relocate.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"
#include "invest_once.hpp"

namespace jiuyou {
namespace {

namespace fs = std::filesystem;

std::string demo() { return (test::source_dir() / "data/demo/project.toml").string(); }

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string road(const std::string& cost_and_unit) {
  return "[costs]\ndetour_factor = 1.2\n[build.road]\nshape = \"line\"\ninto = \"roads\"\n" + cost_and_unit +
         "\n[build.road.feature]\nsurface = \"concrete\"\n"
         "[build.clinic]\nshape = \"point\"\ninto = \"facilities\"\ncost = 25\nunit = \"万元/处\"\n[build.clinic.feature]\nkind = \"clinic\"\n";
}

// The road at 150 万元/km and the clinic priced as given.
std::string with_clinic(const std::string& cost_and_unit) {
  std::string t = road("cost = 150\nunit = \"万元/km\"");
  const std::string was = "cost = 25\nunit = \"万元/处\"";
  return t.replace(t.find(was), was.size(), cost_and_unit);
}

TEST(PlausibleCosts, TheShippedTableIsSilent) {
  auto c = invest::load_costs("default");
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_TRUE(c->warnings_zh.empty()) << c->warnings_zh.front();
}

TEST(PlausibleCosts, AUnitSlipIsAnErrorWithTheReadingThatFits) {
  // The county switched the unit to CNY and kept the 万元 figure (tour 15 c4).
  auto c = invest::parse_costs(road("cost = 150\nunit = \"CNY/km\""), "my.toml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::rules);
  EXPECT_EQ(c.error().file, "my.toml");
  EXPECT_EQ(c.error().field, "cost");
  for (const char* w : {"line 6", "[build.road] cost", "150 CNY/km", "0.015 万元/km", "10–1000 万元/km"})
    EXPECT_NE(c.error().message.find(w), std::string::npos) << w << ": " << c.error().message;
  EXPECT_NE(c.error().hint.find("did you mean 150 万元/km"), std::string::npos) << c.error().hint;
  // Figures in 元 under 万元: 150 亿元/km.
  c = invest::parse_costs(road("cost = 1500000\nunit = \"万元/km\""), "my.toml");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().hint.find("did you mean 150 万元/km"), std::string::npos) << c.error().hint;
  // A clinic at 25 元 each; a bridge at 120 元.
  c = invest::parse_costs(with_clinic("cost = 25\nunit = \"元/个\""), "my.toml");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("[build.clinic] cost"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().hint.find("did you mean 25 万元/each"), std::string::npos) << c.error().hint;
  c = invest::parse_costs(road("cost = 150\nunit = \"万元/km\"\n[build.road.path]\nbridge_cost = 120\nbridge_unit = \"元/座\""), "my.toml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "bridge_cost");
}

TEST(PlausibleCosts, TheSpellingsCountyStaffWriteAreRead) {
  for (const char* unit : {"元/km", "元/公里", "万元/公里", "万元/千米", "CNY/km", "万元/km"}) {
    const bool wan = std::string(unit).rfind("万元", 0) == 0;
    auto c = invest::parse_costs(road(std::string("cost = ") + (wan ? "150" : "1500000") + "\nunit = \"" + unit + "\""), "my.toml");
    ASSERT_TRUE(c) << unit << ": " << c.error().to_string();
    EXPECT_DOUBLE_EQ(c->find("road")->cost_cny, 1.5e6) << unit;
    EXPECT_TRUE(c->warnings_zh.empty()) << unit;
  }
  for (const char* unit : {"元/处", "万元/处", "万元/个", "元/个", "万元/each"}) {
    const bool wan = std::string(unit).rfind("万元", 0) == 0;
    auto c = invest::parse_costs(with_clinic(std::string("cost = ") + (wan ? "25" : "250000") + "\nunit = \"" + unit + "\""), "my.toml");
    ASSERT_TRUE(c) << unit << ": " << c.error().to_string();
    EXPECT_DOUBLE_EQ(c->find("clinic")->cost_cny, 2.5e5) << unit;
  }
}

TEST(PlausibleCosts, AnOddButPossibleCostIsWarnedNotRefused) {
  auto c = invest::parse_costs(road("cost = 1200\nunit = \"万元/km\""), "my.toml");  // a road through rock
  ASSERT_TRUE(c) << c.error().to_string();
  ASSERT_EQ(c->warnings_zh.size(), 1u);
  for (const char* w : {"my.toml", "line 6", "[build.road] cost", "1200 万元/km", "10–1000 万元/km", "偏高"})
    EXPECT_NE(c->warnings_zh[0].find(w), std::string::npos) << w << ": " << c->warnings_zh[0];
}

TEST(PlausibleCosts, RelocateMoneyInTheWrongUnitIsRefusedWithTheReadingThatFits) {
  auto p = plan::parse_relocate_params("[relocate]\nroad_cny_per_km = 100\n", "project.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().field, "road_cny_per_km");
  EXPECT_NE(p.error().message.find("line 2"), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().hint.find("road_cny_per_km = 1000000 (100 万元/km)"), std::string::npos) << p.error().hint;
  p = plan::parse_relocate_params("[relocate]\nfixed_cost_per_site = 200\n", "project.toml");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().hint.find("fixed_cost_per_site = 2000000 (200 万元/each)"), std::string::npos) << p.error().hint;
  p = plan::parse_relocate_params("[relocate]\nroad_cny_per_km = 1500000\nfixed_cost_per_site = 3000000\nbroadband_cny_per_km = 50000\n", "project.toml");
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_DOUBLE_EQ(p->road_cny_per_km, 1.5e6);
}

// H2: no construction is free. A money key of 0 or less is refused naming the file, line and key.
TEST(PlausibleCosts, ACostOfZeroOrLessIsRefusedNamingFileLineAndKey) {
  for (const char* v : {"0", "0.0", "-150"}) {
    auto c = invest::parse_costs(road(std::string("cost = ") + v + "\nunit = \"万元/km\""), "my.toml");
    ASSERT_FALSE(c) << v;
    EXPECT_EQ(c.error().code, ErrorCode::rules) << v;
    EXPECT_EQ(c.error().file, "my.toml");
    EXPECT_EQ(c.error().field, "cost");
    for (const char* w : {"line 6", "[build.road] cost", "must be more than 0"})
      EXPECT_NE(c.error().message.find(w), std::string::npos) << w << ": " << c.error().message;
    EXPECT_NE(c.error().hint.find("leave [build.road] out"), std::string::npos) << c.error().hint;
  }
  // The other money keys alike: a free bridge, a free lift, a free access track.
  auto c = invest::parse_costs(road("cost = 150\nunit = \"万元/km\"\n[build.road.path]\nbridge_cost = 0\nbridge_unit = \"万元/座\""), "my.toml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "bridge_cost");
  EXPECT_NE(c.error().message.find("[build.road.path] bridge_cost = 0"), std::string::npos) << c.error().message;
  c = invest::parse_costs(road("cost = 150\nunit = \"万元/km\"\nlift_cost = 0\nlift_unit = \"万元/m\""), "my.toml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "lift_cost");
  // Not a number at all: said as such.
  c = invest::parse_costs(road("cost = \"free\"\nunit = \"万元/km\""), "my.toml");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("cost must be a number"), std::string::npos) << c.error().message;
}

// H3: a table with several bad money keys names them all in one error, in file order, hints alike.
TEST(PlausibleCosts, EveryBadMoneyKeyIsNamedInOneError) {
  std::string t = road("cost = 150\nunit = \"CNY/km\"");
  const std::string clinic = "cost = 25\nunit = \"万元/处\"";
  t.replace(t.find(clinic), clinic.size(), "cost = 0\nunit = \"万元/处\"");
  auto c = invest::parse_costs(t + "[build.power]\nshape = \"line\"\ninto = \"power\"\ncost = 400000\nunit = \"元/km\"\n[build.power.feature]\nkind = \"line\"\n",
                               "my.toml");
  ASSERT_FALSE(c);
  const Error& e = c.error();
  EXPECT_EQ(e.code, ErrorCode::rules);
  EXPECT_EQ(e.field, "cost");
  EXPECT_NE(e.message.find("2 money keys are wrong"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("(1) line 6: [build.road] cost = 150 CNY/km"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("(2) line 13: [build.clinic] cost = 0"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("[build.power]"), std::string::npos) << "40 万元/km is plausible: " << e.message;
  EXPECT_NE(e.hint.find("(1) did you mean 150 万元/km"), std::string::npos) << e.hint;
  EXPECT_NE(e.hint.find("(2) give the county's price"), std::string::npos) << e.hint;
}

// H6: one reader for both range formats (the cost ranges in 万元, the vocabulary's money columns in 元).
TEST(PlausibleRanges, OneReaderReadsBothFormatsAndNamesTheBadKey) {
  auto costs = util::parse_cost_ranges("[cost.\"road.cost\"]\nlo = 10\nhi = 1000\nper = \"km\"\n", "p.toml");
  ASSERT_TRUE(costs) << costs.error().to_string();
  ASSERT_NE(costs->find("road.cost"), nullptr);
  EXPECT_EQ(costs->find("road.cost")->what_zh, "road.cost") << "the key where what_zh is not given";
  costs = util::parse_cost_ranges("[cost.\"road.cost\"]\nlo = 10\nhi = 1000\n", "p.toml");
  ASSERT_FALSE(costs);
  EXPECT_EQ(costs.error().field, "road.cost");
  EXPECT_NE(costs.error().message.find("needs lo > 0, hi > lo (万元) and per"), std::string::npos) << costs.error().message;
  auto vocab = io::parse_vocabulary("[numbers.plausible]\n\"villages.income_per_capita\" = { low = 500, typical = 12000, high = 100000 }\n", "v.toml");
  ASSERT_TRUE(vocab) << vocab.error().to_string();
  const io::MoneyRange r = vocab->money_range("villages", "income_per_capita");
  EXPECT_DOUBLE_EQ(r.low, 500);
  EXPECT_DOUBLE_EQ(r.typical, 12000);
  EXPECT_DOUBLE_EQ(r.high, 100000);
  vocab = io::parse_vocabulary("[numbers.plausible]\n\"villages.income_per_capita\" = { low = 500, typical = 200000, high = 100000 }\n", "v.toml");
  ASSERT_FALSE(vocab);
  EXPECT_EQ(vocab.error().code, ErrorCode::rules);
  EXPECT_EQ(vocab.error().file, "v.toml");
  EXPECT_NE(vocab.error().message.find("numbers.plausible.\"villages.income_per_capita\" needs { low, typical, high }"), std::string::npos)
      << vocab.error().message;
}

TEST(PlausibleCosts, TheCliRefusesAUnitSlipWithExitSevenAndWritesNothing) {
  const fs::path d = test::scratch_dir();
  fs::create_directories(d);
  std::string table = read(test::source_dir() / "data/costs/default.toml");
  const std::string wan = "unit = \"万元/km\"";
  table.replace(table.find(wan), wan.size(), "unit = \"CNY/km\"");  // the road line only (tour 15 c10)
  std::ofstream(d / "c4.toml") << table;
  const auto r = test::run_command(test::jiuyou_bin() + " invest " + demo() + " -q --budget 2000万 --costs " + (d / "c4.toml").string() + " --out " +
                                   (d / "plan").string());
  EXPECT_EQ(r.code, 7) << r.output;
  EXPECT_NE(r.output.find("did you mean 150 万元/km"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(d / "plan"));
}

// A bare --budget is read in 元 and said so (P6); past years are said; 2000万 is silent.
TEST(InvestArguments, ABareSmallBudgetAndPastYearsAreWarnedOnConsoleAndPage) {
  const fs::path d = test::scratch_dir();
  auto r = test::run_command(test::jiuyou_bin() + " invest " + demo() + " -q --budget 2000 --out " + (d / "bare").string());
  ASSERT_EQ(r.code, 0) << r.output;
  const std::string said = "--budget 2000 按 2000 元 计（0.2万元）；若指 2000 万元请写 2000万";
  EXPECT_NE(r.output.find("warning: " + said), std::string::npos) << r.output;
  const std::string page = read(d / "bare" / "invest.html");
  EXPECT_NE(page.find("请注意：" + said), std::string::npos);
  EXPECT_LT(page.find("请注意："), page.find("现已可出列")) << "before the summary";
  r = test::run_command(test::jiuyou_bin() + " invest " + demo() + " -q --years 2020=800,2021=1000万 --out " + (d / "past").string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("--years 2020 800 按 800 元 计"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("--years 含已过去的年度 2020、2021"), std::string::npos) << r.output;
  EXPECT_NE(read(d / "past" / "invest.html").find("已过去的年度 2020、2021"), std::string::npos);
  r = test::run_command(test::jiuyou_bin() + " invest " + demo() + " -q --budget 2000万 --out " + (d / "wan").string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output.find("warning: --budget"), std::string::npos) << r.output;
  EXPECT_EQ(read(d / "wan" / "invest.html").find("请注意："), std::string::npos);
}

// The demo's plan, then a copy whose re-check passes one village more than the plan counted (P3:
// shaanxi-2017's 86 counted, 87 re-checked, bound 86.32, +100万 "buys" the 87th).
class PlanPage : public test::InvestOnce<PlanPage> {
 public:
  static app::InvestJob job(const fs::path& out) {
    app::InvestJob job;
    job.project = demo();
    job.out_dir = out.string();
    job.years = {{2025, 2e7}};
    job.frontier_steps = 6;
    return job;
  }
};

TEST_F(PlanPage, WhenTheRecheckPassesMoreTheHeadlineBoundAndNextMillionAgree) {
  ASSERT_NE(run, nullptr);
  app::InvestRun r = *run;
  size_t passed = 0;
  for (const int y : r.exit_year) passed += y > 0;
  ASSERT_GT(passed, 1u);
  const auto n = static_cast<double>(passed);
  r.plan.value = n - 1;  // the plan counted one fewer than its re-check passes
  r.also_passing = 1;
  r.bound = n - 1 + 0.32;
  r.exact = true;
  r.next_value = n;  // the budget + 100万元 plan counts the village the re-check already has
  r.next_bound = n + 0.5;
  const fs::path out = *dir / "recheck";
  fs::create_directories(out);
  ASSERT_TRUE(app::write_invest_outputs(out.string(), r));
  const std::string html = read(out / "invest.html");
  const std::string all = std::to_string(passed), fewer = std::to_string(passed - 1);
  EXPECT_NE(html.find("按本方案，达到出列条件的村共 " + all + " 个"), std::string::npos);
  EXPECT_EQ(html.find("最多也只能达到 " + fewer + " 个"), std::string::npos) << "no proven maximum below the re-checked count";
  EXPECT_EQ(html.find("任何方案最多 " + fewer + " 个"), std::string::npos);
  EXPECT_NE(html.find("本方案已达到上界（" + all + " 个）"), std::string::npos);
  EXPECT_EQ(html.find("可再增加"), std::string::npos) << "no 100万元 advised for a village the re-check already has";
  EXPECT_NE(html.find("按本方法，再增加 100 万元未找到能使更多村达到出列条件的方案"), std::string::npos);
  EXPECT_EQ(html.find(".5 个"), std::string::npos) << "a bound is whole villages";

  // A bound with a fraction above what is achieved: said as its floor.
  r.bound = n + 1.7;
  r.exact = false;
  r.next_value = n + 1;
  r.next_bound = n + 2.5;
  ASSERT_TRUE(app::write_invest_outputs(out.string(), r));
  const std::string html2 = read(out / "invest.html");
  EXPECT_NE(html2.find("任何方案最多 " + std::to_string(passed + 1) + " 个（可证明的上界"), std::string::npos);
  EXPECT_NE(html2.find("可再增加 1 个（共 " + std::to_string(passed + 1) + " 个，上界 " + std::to_string(passed + 2) + " 个）"), std::string::npos);
  EXPECT_EQ(html2.find(".7 个"), std::string::npos);
  EXPECT_EQ(html2.find(".5 个"), std::string::npos);
}

// H4: the chart's dot is the headline's count (the re-check's), drawn inside the frame, and said so.
TEST_F(PlanPage, TheChartsDotIsTheHeadlinesCount) {
  ASSERT_NE(run, nullptr);
  app::InvestRun r = *run;
  size_t passed = 0;
  for (const int y : r.exit_year) passed += y > 0;
  ASSERT_GT(passed, 1u);
  r.plan.value = static_cast<double>(passed) - 1;  // the plan counted one fewer than its re-check passes
  for (auto& p : r.frontier) p.value = std::min(p.value, r.plan.value), p.bound = std::min(p.bound, r.plan.value);
  const fs::path out = *dir / "chart";
  fs::create_directories(out);
  ASSERT_TRUE(app::write_invest_outputs(out.string(), r));
  const std::string html = read(out / "invest.html");
  EXPECT_NE(html.find("达到出列条件的村共 " + std::to_string(passed) + " 个"), std::string::npos);
  EXPECT_NE(html.find("红点：本方案（按建设后重新检查计"), std::string::npos);
  // The dot's height: the y axis's top tick is at least the re-checked count, and the dot within the frame.
  const size_t dot = html.find("r=\"4\" fill=\"#c0392b\"");  // the chosen plan's dot (the knee's circle is hollow)
  ASSERT_NE(dot, std::string::npos);
  const size_t circle = html.rfind("<circle", dot);
  ASSERT_NE(circle, std::string::npos);
  const size_t cy = html.find("cy=\"", circle) + 4;
  EXPECT_GE(std::stod(html.substr(cy, html.find('"', cy) - cy)), 24.0) << "below the frame's top (24 px)";
  // Without the extra village: the plain caption.
  ASSERT_TRUE(app::write_invest_outputs(out.string(), *run));
  EXPECT_EQ(read(out / "invest.html").find("按建设后重新检查计"), std::string::npos);
}

// H5: invest.gpkg's plan_villages says the same as the page and the workbook: ready now has no year.
TEST_F(PlanPage, TheGeoPackageSaysExitReadyNowWithoutAYear) {
  ASSERT_NE(run, nullptr);
  GDALAllRegister();
  std::unique_ptr<GDALDataset> gpkg(GDALDataset::Open((*dir / "plan" / "invest.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_NE(gpkg, nullptr);
  OGRLayer* villages = gpkg->GetLayerByName("plan_villages");
  ASSERT_NE(villages, nullptr);
  size_t now = 0, planned = 0;
  for (auto& f : *villages) {
    const std::string status = f->GetFieldAsString("status"), said = f->GetFieldAsString("exit_zh");
    const int year_at = f->GetFieldIndex("exit_year");
    if (status == "已达标") {
      EXPECT_FALSE(f->IsFieldSetAndNotNull(year_at)) << f->GetFieldAsString("code");
      EXPECT_EQ(said, "现已可出列");
      ++now;
    } else if (f->IsFieldSetAndNotNull(year_at)) {
      EXPECT_EQ(said, std::to_string(f->GetFieldAsInteger(year_at)) + " 年达到出列条件");
      ++planned;
    } else {
      EXPECT_EQ(said, "方案内不能出列");
    }
  }
  EXPECT_EQ(now, run->ready_now);
  EXPECT_GT(planned, 0u);
}

// 各村: a village exit-ready before any construction exits now, not in the plan's first year (P10).
TEST_F(PlanPage, VillagesExitReadyNowAreSaidSoInTheWorkbook) {
  ASSERT_NE(run, nullptr);
  GDALAllRegister();
  std::unique_ptr<GDALDataset> book(GDALDataset::Open((*dir / "plan" / "项目库.xlsx").c_str(), GDAL_OF_VECTOR));
  ASSERT_NE(book, nullptr);
  OGRLayer* sheet = book->GetLayerByName("各村");
  ASSERT_NE(sheet, nullptr);
  constexpr int verdict = 3, year = 5;
  size_t now = 0, planned = 0;
  for (auto& f : *sheet) {
    const std::string v = f->GetFieldAsString(verdict), y = f->GetFieldAsString(year);
    if (v == "可出列") {
      EXPECT_EQ(y, "现已可出列");
      ++now;
    } else if (y == "2025") {
      ++planned;
    }
  }
  EXPECT_EQ(now, run->ready_now);
  EXPECT_GT(planned, 0u) << "villages the plan makes exit-ready keep their year";
}

}  // namespace
}  // namespace jiuyou
