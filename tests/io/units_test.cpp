// Units as county tables state them: shares and ratios written as percentages
// (gis/io/shares.hpp: 参保率 typed as 95 must not pass a "100 %" rule), and the unit
// a column's name states ("村集体经济收入（万元）": 6.2 is 62,000 yuan, not 6.2).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <tuple>

#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "io/gdal_fixture.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
using jiuyou::test::write_fixture;
namespace fs = std::filesystem;

namespace {

const Issue* find_field_issue(const IssueLog& log, const std::string& code, const std::string& field) {
  for (const auto& i : log.entries())
    if (i.code == code && i.field == field) return &i;
  return nullptr;
}

// Villages with 参保率 and 增长 as given (numbers or text), loaded through a project.
Result<Workspace> villages_with(const std::vector<std::pair<std::string, std::string>>& insured_growth, OGRFieldType type) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (size_t i = 0; i < insured_growth.size(); ++i)
    rows.push_back({"POINT (110.2" + std::to_string(i) + " 32.2)", {"4203231002" + std::to_string(10 + i), insured_growth[i].first, insured_growth[i].second}});
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {"参保率", type}, {"增长", type}}, rows);
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.gpkg\"\n[layers.villages.fields]\npoor_insured_share = \"参保率\"\nincome_growth = \"增长\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

std::vector<std::optional<double>> values(const Workspace& ws, const char* field) {
  std::vector<std::optional<double>> out;
  const Column* c = ws.layer("villages")->column(field);
  for (size_t r = 0; r < c->size(); ++r) out.push_back(c->is_null(r) ? std::nullopt : c->number(r));
  return out;
}

}  // namespace

TEST(PercentUnits, APercentColumnTypedAsNumbersIsReadAsPercentAndSaidOnce) {
  for (const OGRFieldType type : {OFTReal, OFTString}) {
    SCOPED_TRACE(type == OFTReal ? "numbers" : "text");
    auto ws = villages_with({{"100", "8.5"}, {"95", "12"}, {"100", "-3"}, {"98.5", "0.5"}, {"0", "10"}}, type);
    ASSERT_TRUE(ws) << ws.error().to_string();
    const auto share = values(*ws, "poor_insured_share");
    ASSERT_EQ(share.size(), 5u);
    EXPECT_DOUBLE_EQ(*share[0], 1.0);
    EXPECT_DOUBLE_EQ(*share[1], 0.95);  // 95 % fails a 100 % rule
    EXPECT_DOUBLE_EQ(*share[3], 0.985);
    EXPECT_DOUBLE_EQ(*share[4], 0.0);
    const auto growth = values(*ws, "income_growth");
    EXPECT_DOUBLE_EQ(*growth[0], 0.085);
    EXPECT_DOUBLE_EQ(*growth[2], -0.03);
    EXPECT_DOUBLE_EQ(*growth[3], 0.005);  // 0.5 % in a percent column of growth
    const Issue* i = find_field_issue(ws->issues, "percent_as_number", "poor_insured_share");
    ASSERT_NE(i, nullptr);
    EXPECT_EQ(i->severity, Severity::warning);
    EXPECT_NE(i->message.find("参保率"), std::string::npos) << i->message;
    EXPECT_NE(i->message.find("100 → 1"), std::string::npos) << i->message;
    EXPECT_NE(find_field_issue(ws->issues, "percent_as_number", "income_growth"), nullptr);
    EXPECT_EQ(find_field_issue(ws->issues, "share_unit_ambiguous", "poor_insured_share"), nullptr);
  }
}

TEST(PercentUnits, FractionsStayFractionsAndNothingIsSaid) {
  auto ws = villages_with({{"1", "0.085"}, {"0.95", "0.12"}, {"1", "-0.03"}, {"12%", "5%"}}, OFTString);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto share = values(*ws, "poor_insured_share");
  EXPECT_DOUBLE_EQ(*share[0], 1.0);
  EXPECT_DOUBLE_EQ(*share[1], 0.95);
  EXPECT_DOUBLE_EQ(*share[3], 0.12);
  EXPECT_DOUBLE_EQ(*values(*ws, "income_growth")[3], 0.05);
  for (const char* code : {"percent_as_number", "share_unit_ambiguous", "share_out_of_range", "ratio_above_one"}) {
    EXPECT_EQ(find_field_issue(ws->issues, code, "poor_insured_share"), nullptr) << code;
    EXPECT_EQ(find_field_issue(ws->issues, code, "income_growth"), nullptr) << code;
  }
}

// 1 in a percent column: 1 % or 100 %? Unknown, listed — never a guess either way.
TEST(PercentUnits, AValueBetweenZeroAndOneInAPercentShareColumnIsUnknown) {
  auto ws = villages_with({{"100", "8"}, {"96", "9"}, {"1", "7"}, {"99", "6"}}, OFTReal);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto share = values(*ws, "poor_insured_share");
  EXPECT_DOUBLE_EQ(*share[1], 0.96);
  EXPECT_FALSE(share[2].has_value());
  const Issue* i = find_field_issue(ws->issues, "share_unit_ambiguous", "poor_insured_share");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("要素 3"), std::string::npos) << i->message;
}

// A few shares above 1 among fractions cannot be read either way; a ratio above 1 among
// fractions (growth of 150 %) is possible and kept, but listed.
TEST(PercentUnits, AFewValuesAboveOneAmongFractions) {
  auto ws = villages_with({{"1", "0.1"}, {"0.9", "0.2"}, {"95", "1.5"}, {"0.97", "0.05"}}, OFTReal);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto share = values(*ws, "poor_insured_share");
  EXPECT_DOUBLE_EQ(*share[1], 0.9);
  EXPECT_FALSE(share[2].has_value());
  EXPECT_NE(find_field_issue(ws->issues, "share_out_of_range", "poor_insured_share"), nullptr);
  EXPECT_DOUBLE_EQ(*values(*ws, "income_growth")[2], 1.5);
  EXPECT_NE(find_field_issue(ws->issues, "ratio_above_one", "income_growth"), nullptr);
}

namespace {

// Villages of several townships (乡镇 column by name; codes 42032310T2NN): (参保率, 增长) per village, per township.
Result<Workspace> townships_with(const std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>>& towns) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (size_t k = 0; k < towns.size(); ++k)
    for (size_t i = 0; i < towns[k].second.size(); ++i)
      rows.push_back({"POINT (110.2" + std::to_string(k) + std::to_string(i) + " 32.2)",
                      {"42032310" + std::to_string(k) + "2" + std::to_string(10 + i), towns[k].first, towns[k].second[i].first, towns[k].second[i].second}});
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint,
                {{"code", OFTString}, {"乡镇", OFTString}, {"参保率", OFTReal}, {"增长", OFTReal}}, rows);
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.gpkg\"\n[layers.villages.fields]\ntownship = \"乡镇\"\n"
                                   "poor_insured_share = \"参保率\"\nincome_growth = \"增长\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

size_t count_code(const IssueLog& log, const std::string& code, const std::string& field) {
  size_t n = 0;
  for (const auto& i : log.entries()) n += i.code == code && i.field == field;
  return n;
}

}  // namespace

// tour 11 K21/K22: one township filled its rates in percent (11.3 for 11.3 %, 95.5 for 95.5 %) while
// the rest of the county wrote fractions: read as percent, converted, said once naming the township,
// its village count and an example — not used as 1130 % (K21), not thrown away as missing (K22).
TEST(PercentUnits, OneTownshipInPercentAmongFractionsIsConvertedAndNamed) {
  auto ws = townships_with({{"城关镇", {{"1", "0.095"}, {"0.95", "0.12"}, {"1", "0.08"}}},
                            {"白桑关镇", {{"0.98", "0.1"}, {"1", "0.09"}, {"0.9", "-0.02"}}},
                            {"潘河镇", {{"95.5", "11.3"}, {"100", "9.8"}, {"90.1", "12"}, {"1", "0.4"}}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto growth = values(*ws, "income_growth");
  ASSERT_EQ(growth.size(), 10u);
  EXPECT_DOUBLE_EQ(*growth[0], 0.095) << "the townships in fractions are untouched";
  EXPECT_DOUBLE_EQ(*growth[5], -0.02);
  EXPECT_DOUBLE_EQ(*growth[6], 0.113);
  EXPECT_DOUBLE_EQ(*growth[7], 0.098);
  EXPECT_DOUBLE_EQ(*growth[9], 0.004) << "a growth of 0.4 in a percent township is 0.4 %";
  const auto share = values(*ws, "poor_insured_share");
  EXPECT_DOUBLE_EQ(*share[6], 0.955);
  EXPECT_DOUBLE_EQ(*share[7], 1.0);
  EXPECT_DOUBLE_EQ(*share[0], 1.0);
  EXPECT_FALSE(share[9].has_value()) << "1 among a township's percentages: 1 % or 100 %? unknown";
  const Issue* i = find_field_issue(ws->issues, "percent_by_township", "income_growth");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("潘河镇 4 个村的值按百分数填报（11.3 → 0.113），已换算"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("增长"), std::string::npos) << "the column as the office named it: " << i->message;
  EXPECT_EQ(count_code(ws->issues, "percent_by_township", "income_growth"), 1u) << "one township, said once";
  i = find_field_issue(ws->issues, "percent_by_township", "poor_insured_share");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("1 个值在 0 到 1 之间"), std::string::npos) << i->message;
  EXPECT_EQ(find_field_issue(ws->issues, "share_out_of_range", "poor_insured_share"), nullptr) << "nothing else is made unknown";
  EXPECT_EQ(find_field_issue(ws->issues, "ratio_above_one", "income_growth"), nullptr);
  // The value made unknown is recorded with the village, for the check's "数据不合理" (not "缺少数据").
  const Issue* cell = find_field_issue(ws->issues, "value_set_unknown", "poor_insured_share");
  ASSERT_NE(cell, nullptr);
  EXPECT_EQ(cell->feature, ws->layer("villages")->fid[9]);
  EXPECT_NE(cell->message.find("1% 还是 100%"), std::string::npos) << cell->message;
}

// A township whose values are mostly above 1 but nowhere near 100× the rest fits neither unit:
// kept out (unknown) and said, never converted nor used as is.
TEST(PercentUnits, ATownshipThatIsNeitherFractionsNorPercentIsKeptOutAndSaid) {
  auto ws = townships_with({{"城关镇", {{"1", "0.095"}, {"0.95", "0.12"}, {"1", "0.08"}}},
                            {"白桑关镇", {{"0.98", "0.1"}, {"1", "0.09"}, {"0.9", "0.11"}}},
                            {"潘河镇", {{"0.97", "1.5"}, {"1", "1.8"}, {"1", "2.1"}}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto growth = values(*ws, "income_growth");
  EXPECT_FALSE(growth[6].has_value());
  EXPECT_FALSE(growth[8].has_value());
  EXPECT_DOUBLE_EQ(*growth[0], 0.095);
  const Issue* i = find_field_issue(ws->issues, "percent_township_ambiguous", "income_growth");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("潘河镇 3 个村中 3 个值大于 1"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("无法判断单位，记为未知"), std::string::npos) << i->message;
  EXPECT_EQ(find_field_issue(ws->issues, "percent_by_township", "income_growth"), nullptr);
  EXPECT_EQ(count_code(ws->issues, "value_set_unknown", "income_growth"), 3u);
}

// One village above 1 in a township of fractions is no township in percent: judged on its own
// as before (a share's unknown, a growth's kept and listed).
TEST(PercentUnits, AScatteredValueIsNotATownshipInPercent) {
  auto ws = townships_with({{"城关镇", {{"1", "0.095"}, {"0.95", "0.12"}, {"1", "0.08"}}},
                            {"潘河镇", {{"95", "1.5"}, {"1", "0.1"}, {"0.9", "0.11"}}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_FALSE(values(*ws, "poor_insured_share")[3].has_value());
  EXPECT_DOUBLE_EQ(*values(*ws, "income_growth")[3], 1.5);
  EXPECT_NE(find_field_issue(ws->issues, "share_out_of_range", "poor_insured_share"), nullptr);
  EXPECT_NE(find_field_issue(ws->issues, "ratio_above_one", "income_growth"), nullptr);
  EXPECT_EQ(find_field_issue(ws->issues, "percent_by_township", "poor_insured_share"), nullptr);
  EXPECT_EQ(find_field_issue(ws->issues, "percent_township_ambiguous", "income_growth"), nullptr);
}

namespace {

Result<Workspace> incomes_with(const std::string& header, const std::vector<std::string>& incomes, OGRFieldType type, const std::string& share_header = "参保率（%）",
                               const std::string& share = "95") {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (size_t i = 0; i < incomes.size(); ++i)
    rows.push_back({"POINT (110.2" + std::to_string(i) + " 32.2)", {"4203231002" + std::to_string(10 + i), incomes[i], share}});
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {header, type}, {share_header, OFTString}}, rows);
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.gpkg\"\n[layers.villages.fields]\ncollective_income = \"" << header
                                << "\"\npoor_insured_share = \"" << share_header << "\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

}  // namespace

TEST(HeaderUnits, IncomeInTenThousandYuanByTheColumnName) {
  for (const std::string header : {"村集体经济收入（万元）", "村集体经济收入(万元)", "集体收入（单位：万元）"})
    for (const OGRFieldType type : {OFTReal, OFTString}) {
      SCOPED_TRACE(header);
      auto ws = incomes_with(header, {"6.2", "4.8", "12"}, type);
      ASSERT_TRUE(ws) << ws.error().to_string();
      const auto income = values(*ws, "collective_income");
      EXPECT_DOUBLE_EQ(*income[0], 62000);  // passes the 5万元 rule
      EXPECT_DOUBLE_EQ(*income[1], 48000);  // fails it
      EXPECT_DOUBLE_EQ(*income[2], 120000);
      const Issue* i = find_field_issue(ws->issues, "unit_from_header", "collective_income");
      ASSERT_NE(i, nullptr);
      EXPECT_NE(i->message.find("万元"), std::string::npos) << i->message;
      EXPECT_NE(i->message.find("6.2 → 62000"), std::string::npos) << i->message;
    }
}

// A value with a unit of its own keeps it; a column in 元 is read as it is, silently.
TEST(HeaderUnits, ValuesWithTheirOwnUnitAndColumnsInYuan) {
  auto ws = incomes_with("村集体经济收入（万元）", {"6.2万", "4.8", "30000元"}, OFTString);
  ASSERT_TRUE(ws) << ws.error().to_string();
  auto income = values(*ws, "collective_income");
  EXPECT_DOUBLE_EQ(*income[0], 62000);
  EXPECT_DOUBLE_EQ(*income[1], 48000);
  EXPECT_DOUBLE_EQ(*income[2], 30000);
  ws = incomes_with("村集体经济收入（元）", {"62000", "48000"}, OFTReal);
  ASSERT_TRUE(ws) << ws.error().to_string();
  income = values(*ws, "collective_income");
  EXPECT_DOUBLE_EQ(*income[0], 62000);
  EXPECT_EQ(find_field_issue(ws->issues, "unit_from_header", "collective_income"), nullptr);
}

TEST(HeaderUnits, ASharePercentByTheColumnName) {
  auto ws = incomes_with("收入", {"62000"}, OFTReal, "参保率（%）", "95");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "poor_insured_share")[0], 0.95);
  EXPECT_NE(find_field_issue(ws->issues, "unit_from_header", "poor_insured_share"), nullptr);
  // "1" under a (%) header is 1 %, not 100 %: the name settles what the values cannot.
  ws = incomes_with("收入", {"62000"}, OFTReal, "参保率(%)", "1");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "poor_insured_share")[0], 0.01);
}

namespace {

// A county sheet as CSV: a title block above the header, money in a column whose name states no unit.
Result<Workspace> sheet_with_title(const std::string& title_block, const std::vector<std::string>& incomes) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::ofstream csv(dir / "v.csv");
  csv << "九有县村级统计表,,,\n" << title_block << ",,,\n村代码,村集体经济收入,x,y\n";
  for (size_t i = 0; i < incomes.size(); ++i) csv << "4203231002" << 10 + i << "," << incomes[i] << ",110.2" << i << ",32.2\n";
  csv.close();
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n"
                                   "[layers.villages.fields]\ncode = \"村代码\"\ncollective_income = \"村集体经济收入\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

}  // namespace

TEST(HeaderUnits, MoneyInTenThousandYuanByTheTitleBlock) {
  // The most common way a county sheet states its unit: in the block above the header.
  for (const std::string title : {"填报单位：县扶贫办　金额单位：万元", "单位：户、人、万元", "金额单位:万元"}) {
    SCOPED_TRACE(title);
    auto ws = sheet_with_title(title, {"5.65", "2.63", "7.71", "12", "3.1"});
    ASSERT_TRUE(ws) << ws.error().to_string();
    const auto income = values(*ws, "collective_income");
    EXPECT_DOUBLE_EQ(*income[0], 56500);
    EXPECT_DOUBLE_EQ(*income[1], 26300);
    const Issue* i = find_field_issue(ws->issues, "unit_from_header", "collective_income");
    ASSERT_NE(i, nullptr);
    EXPECT_NE(i->message.find("表头上方写明金额单位「万元」"), std::string::npos) << i->message;
    EXPECT_EQ(find_field_issue(ws->issues, "money_implausibly_small", "collective_income"), nullptr);
  }
}

TEST(HeaderUnits, MoneyWhoseUnitIsStatedNowhereAndLooksLikeWanIsWarnedNotGuessed) {
  auto ws = sheet_with_title("填报单位：县扶贫办", {"5.65", "2.63", "7.71", "12", "3.1"});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[0], 5.65);  // read as written
  const Issue* i = find_field_issue(ws->issues, "money_implausibly_small", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("村集体经济收入"), std::string::npos) << i->message;
  EXPECT_NE(i->hint.find("金额单位：万元"), std::string::npos) << i->hint;
  // 元 in the title block (demo-raw's "单位：户、人、元"), plausible values: nothing is said or changed.
  ws = sheet_with_title("单位：户、人、元", {"56500", "26300", "77100", "120000", "31000"});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[0], 56500);
  EXPECT_EQ(find_field_issue(ws->issues, "unit_from_header", "collective_income"), nullptr);
  EXPECT_EQ(find_field_issue(ws->issues, "money_implausibly_small", "collective_income"), nullptr);
  // Two money units in the block: which column is which? Neither is applied.
  ws = sheet_with_title("单位：万元、元", {"56500", "26300", "77100", "120000", "31000"});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[0], 56500);
}

namespace {

// A county sheet whose money column names its own unit, under a title block.
Result<Workspace> sheet_with_header(const std::string& title_block, const std::string& header, const std::vector<std::string>& incomes) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::ofstream csv(dir / "v.csv");
  csv << "九有县村级统计表,,,\n" << title_block << ",,,\n村代码," << header << ",x,y\n";
  for (size_t i = 0; i < incomes.size(); ++i) csv << "4203231002" << 10 + i << "," << incomes[i] << ",110.2" << i << ",32.2\n";
  csv.close();
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n"
                                   "[layers.villages.fields]\ncode = \"村代码\"\ncollective_income = \"" << header << "\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

}  // namespace

// tour 11 K23: "金额单位：万元" above a header "村集体经济收入（元）": one of the two is stale. The values
// decide (5.65 元 is no village's income; 5.65 万元 is), and the conflict is said either way.
TEST(HeaderUnits, ATitleRowAndAColumnNameThatDisagreeAreSettledByTheValuesAndSaid) {
  auto ws = sheet_with_header("填报单位：县扶贫办　金额单位：万元", "村集体经济收入（元）", {"5.65", "2.63", "7.71", "12", "3.1"});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[0], 56500);
  const Issue* i = find_field_issue(ws->issues, "money_unit_conflict", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("列名写的是「元」，表头上方却写「金额单位：万元」"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("已按表头上方的「万元」读入"), std::string::npos) << i->message;
  EXPECT_EQ(i->hint.find("在表头上方写"), std::string::npos) << "never advises writing what is there: " << i->hint;
  EXPECT_EQ(find_field_issue(ws->issues, "money_implausibly_small", "collective_income"), nullptr);
  // Values plausible in the column's own 元: the column's name wins, and the conflict is still said.
  ws = sheet_with_header("金额单位：万元", "村集体经济收入（元）", {"56500", "26300", "77100", "120000", "31000"});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[0], 56500);
  i = find_field_issue(ws->issues, "money_unit_conflict", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("已按列名的「元」读入"), std::string::npos) << i->message;
  // Agreeing statements: nothing to say.
  ws = sheet_with_header("金额单位：万元", "村集体经济收入（万元）", {"5.65", "2.63", "7.71", "12", "3.1"});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[0], 56500);
  EXPECT_EQ(find_field_issue(ws->issues, "money_unit_conflict", "collective_income"), nullptr);
}

// A column named （元） whose values look like 万元, with no title to settle it: warned, and the
// advice is to correct the column's unit, not to append another or write a title row.
TEST(HeaderUnits, MoneyUnderAYuanHeaderThatLooksLikeWanIsAdvisedToCorrectTheHeader) {
  auto ws = sheet_with_header("填报单位：县扶贫办", "村集体经济收入（元）", {"5.65", "2.63", "7.71", "12", "3.1"});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[0], 5.65) << "not guessed";
  const Issue* i = find_field_issue(ws->issues, "money_implausibly_small", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("列名写的是元"), std::string::npos) << i->message;
  EXPECT_NE(i->hint.find("括号中的单位改为实际单位"), std::string::npos) << i->hint;
  EXPECT_NE(i->hint.find("千元"), std::string::npos) << "names both units, never one the values may not have (tour 12 L33): " << i->hint;
  EXPECT_EQ(i->hint.find("（元）（万元）"), std::string::npos) << i->hint;
}

// tour 12 L34: a template's "（%）" header filled with fractions (参保率 1, 0.95 …). Read as 1 %
// every village would fail 参保率100%; the values decide, and the column is named in a warning.
TEST(HeaderUnits, APercentHeaderOverFractionsIsReadAsFractionsAndSaid) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  const std::vector<std::pair<std::string, std::string>> cells = {{"1", "0.0841"}, {"0.95", "0.12"}, {"1", "0.05"}, {"0.85", "0.1"}, {"0", "0"}};
  for (size_t i = 0; i < cells.size(); ++i)
    rows.push_back({"POINT (110.2" + std::to_string(i) + " 32.2)", {"4203231002" + std::to_string(10 + i), cells[i].first, cells[i].second}});
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {"贫困人口参保率（%）", OFTReal}, {"收入增长率（%）", OFTReal}}, rows);
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.gpkg\"\n[layers.villages.fields]\npoor_insured_share = \"贫困人口参保率（%）\"\n"
                                   "income_growth = \"收入增长率（%）\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  ASSERT_TRUE(p) << p.error().to_string();
  auto ws = io::load_workspace(*p);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto share = values(*ws, "poor_insured_share");
  EXPECT_DOUBLE_EQ(*share[0], 1.0) << "1 under （%） over fractions is 100 %, not 1 %";
  EXPECT_DOUBLE_EQ(*share[3], 0.85);
  EXPECT_DOUBLE_EQ(*values(*ws, "income_growth")[0], 0.0841);
  const Issue* i = find_field_issue(ws->issues, "percent_header_over_fractions", "poor_insured_share");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("贫困人口参保率（%）"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("按小数读入"), std::string::npos) << i->message;
  EXPECT_EQ(count_code(ws->issues, "percent_header_over_fractions", "poor_insured_share"), 1u) << "said once";
  EXPECT_EQ(find_field_issue(ws->issues, "unit_from_header", "poor_insured_share"), nullptr);
}

// tour 12 L30: half a township typed 参保率 "100" among fractions: 100 can only be 100 %.
TEST(PercentUnits, AShareOfExactlyHundredAmongFractionsIsHundredPercent) {
  auto ws = townships_with({{"城关镇", {{"1", "0.095"}, {"0.95", "0.12"}, {"1", "0.08"}}},
                            {"潘河镇", {{"100", "0.1"}, {"0.9", "0.11"}, {"100", "0.09"}, {"0.97", "0.1"}}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto share = values(*ws, "poor_insured_share");
  ASSERT_TRUE(share[3].has_value()) << "not thrown away as 无法判断单位";
  EXPECT_DOUBLE_EQ(*share[3], 1.0);
  EXPECT_DOUBLE_EQ(*share[5], 1.0);
  EXPECT_DOUBLE_EQ(*share[4], 0.9);
  const Issue* i = find_field_issue(ws->issues, "share_hundred_as_percent", "poor_insured_share");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("2 个占比写作 100"), std::string::npos) << i->message;
  EXPECT_EQ(find_field_issue(ws->issues, "share_out_of_range", "poor_insured_share"), nullptr);
  EXPECT_EQ(count_code(ws->issues, "value_set_unknown", "poor_insured_share"), 0u);
}

// tour 12 L33: 千元 is a unit of Chinese statistical tables, in the column's name or above the header.
TEST(HeaderUnits, ThousandYuanIsAMoneyUnit) {
  auto ws = sheet_with_title("填报单位：县扶贫办　　金额单位：千元", {"56.5", "26.3", "77.1", "120", "31"});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[0], 56500);
  EXPECT_EQ(find_field_issue(ws->issues, "money_implausibly_small", "collective_income"), nullptr);
  ws = sheet_with_header("填报单位：县扶贫办", "村集体经济收入（千元）", {"56.5", "26.3", "77.1", "120", "31"});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[1], 26300);
  // The tester's rawK2: the header renamed （万元） as an old hint said, the title still 千元: the conflict is said.
  ws = sheet_with_header("金额单位：千元", "村集体经济收入（万元）", {"56.5", "26.3", "77.1", "120", "31"});
  ASSERT_TRUE(ws) << ws.error().to_string();
  const Issue* i = find_field_issue(ws->issues, "money_unit_conflict", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("金额单位：千元"), std::string::npos) << i->message;
}

// tour 12 L2: header （万元）, "金额单位：元" above, values in 元: a conflict, settled by the values' size.
TEST(HeaderUnits, AWanHeaderUnderAYuanTitleOverYuanValuesIsReadInYuanAndSaid) {
  auto ws = sheet_with_header("填报单位：县扶贫办　　金额单位：元", "村集体经济收入（万元）", {"56500", "26300", "77100", "120000", "31000"});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[0], 56500) << "never 56500 万元 per village";
  const Issue* i = find_field_issue(ws->issues, "money_unit_conflict", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("列名写的是「万元」，表头上方却写「金额单位：元」"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("已按表头上方的「元」读入"), std::string::npos) << i->message;
  // 元 above a column that states no unit: read as 元, nothing to say.
  ws = sheet_with_title("金额单位：元", {"56500", "26300", "77100", "120000", "31000"});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[0], 56500);
  EXPECT_EQ(find_field_issue(ws->issues, "unit_from_header", "collective_income"), nullptr);
  EXPECT_EQ(find_field_issue(ws->issues, "money_unit_conflict", "collective_income"), nullptr);
}

namespace {

// Villages of several townships with their collective income under `header`: (code prefix of 9
// digits, township name, incomes).
Result<Workspace> money_by_town(const std::string& header, const std::vector<std::tuple<std::string, std::string, std::vector<std::string>>>& towns) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (const auto& [prefix, name, incomes] : towns)
    for (size_t i = 0; i < incomes.size(); ++i)
      rows.push_back({"POINT (110.2" + std::to_string(rows.size()) + " 32.2)", {prefix + std::to_string(200 + i), name, incomes[i]}});
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {"乡镇", OFTString}, {header, OFTReal}}, rows);
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.gpkg\"\n[layers.villages.fields]\ntownship = \"乡镇\"\ncollective_income = \"" << header << "\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

}  // namespace

// tour 12 L1: one township typed 万元 in a column of 元 (or 元 under （万元）): settled per township
// as the shares are, warned and named — never 5.65 元 per village in silence.
TEST(MoneyUnits, OneTownshipInAnotherUnitIsConvertedAndNamed) {
  auto ws = money_by_town("村集体经济收入", {{"420323100", "城关镇", {"56500", "26300", "77100"}},
                                             {"420323101", "白桑关镇", {"61000", "48000", "90000", "0"}},
                                             {"420323103", "福古镇", {"5.65", "2.63", "7.71", "0"}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  auto income = values(*ws, "collective_income");
  EXPECT_DOUBLE_EQ(*income[0], 56500) << "the townships in 元 are untouched";
  EXPECT_NEAR(*income[7], 56500, 1e-6);
  EXPECT_NEAR(*income[8], 26300, 1e-6);
  EXPECT_DOUBLE_EQ(*income[10], 0);
  const Issue* i = find_field_issue(ws->issues, "money_by_township", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("福古镇 4 个村的值看起来按万元填报"), std::string::npos) << i->message;
  EXPECT_EQ(count_code(ws->issues, "money_by_township", "collective_income"), 1u);
  EXPECT_EQ(find_field_issue(ws->issues, "money_implausibly_small", "collective_income"), nullptr);
  // The other direction: a （万元） column in which one township typed 元.
  ws = money_by_town("村集体经济收入（万元）", {{"420323100", "城关镇", {"5.65", "2.63", "7.71"}},
                                                 {"420323101", "白桑关镇", {"6.1", "4.8", "9"}},
                                                 {"420323103", "福古镇", {"35000", "62000", "48000"}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  income = values(*ws, "collective_income");
  EXPECT_NEAR(*income[0], 56500, 1e-6);
  EXPECT_NEAR(*income[6], 35000, 1e-6) << "not 35,000 万元";
  i = find_field_issue(ws->issues, "money_by_township", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("福古镇"), std::string::npos) << i->message;
}

// tour 12 L1 (one county of two) and L17's lesson: a whole county in 万元 is one warning naming the county.
TEST(MoneyUnits, OneCountyOfTwoInWanIsOneWarningForTheCounty) {
  auto ws = money_by_town("村集体经济收入", {{"420323100", "城关镇", {"56500", "26300", "77100"}},
                                             {"420323101", "白桑关镇", {"61000", "48000", "90000"}},
                                             {"420323102", "太台镇", {"51000", "38000", "70000"}},
                                             {"420324100", "甲镇", {"1.15", "20.54", "6"}},
                                             {"420324101", "乙镇", {"3.2", "5.1", "7"}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto income = values(*ws, "collective_income");
  EXPECT_NEAR(*income[9], 11500, 1e-6);
  EXPECT_NEAR(*income[12], 32000, 1e-6);
  EXPECT_DOUBLE_EQ(*income[0], 56500);
  EXPECT_EQ(count_code(ws->issues, "money_by_township", "collective_income"), 1u);
  const Issue* i = find_field_issue(ws->issues, "money_by_township", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("县 420324 全部 2 个乡镇"), std::string::npos) << i->message;
}

// tour 12 L36: the title-line forms a 统计表 prints its unit in.
TEST(HeaderUnits, TitleLineUnitsInTheirCommonForms) {
  for (const std::string title : {"（单位：万元）", "填报单位：县扶贫办　　金额单位：万元（保留两位小数）", "填报单位：县扶贫办　　单位 万元", "金额：万元",
                                  "单位：人、户；金额：万元"}) {
    SCOPED_TRACE(title);
    auto ws = sheet_with_title(title, {"5.65", "2.63", "7.71", "12", "3.1"});
    ASSERT_TRUE(ws) << ws.error().to_string();
    EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[0], 56500);
    EXPECT_EQ(find_field_issue(ws->issues, "money_implausibly_small", "collective_income"), nullptr);
  }
}

// tour 12 L37: a unit in a column's name in the spellings offices use, not only in brackets.
TEST(HeaderUnits, ColumnNameUnitsInTheirCommonSpellings) {
  for (const std::string header : {"村集体经济收入（万元/年）", "村集体经济收入/万元", "村集体经济收入 万元", "村集体经济收入_万元", "村集体经济收入【万元】", "村集体经济收入(万元)"}) {
    SCOPED_TRACE(header);
    auto ws = sheet_with_header("填报单位：县扶贫办", header, {"5.65", "2.63", "7.71", "12", "3.1"});
    ASSERT_TRUE(ws) << ws.error().to_string();
    EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[0], 56500);
    EXPECT_NE(find_field_issue(ws->issues, "unit_from_header", "collective_income"), nullptr);
    EXPECT_EQ(find_field_issue(ws->issues, "money_implausibly_small", "collective_income"), nullptr);
  }
}

namespace {

// A CSV statistics table: `above` (the lines over the header row, each ending in a newline), then
// the header "村代码,<column>,贫困户数,x,y", then `below` (units row, 栏次 row …), then one village
// per value of `column` (贫困户数 12 each); mapped as `field` = column.
Result<Workspace> table_with_rows_under_header(const std::string& above, const std::string& column, const std::string& below,
                                               const std::string& field, const std::vector<std::string>& cells) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::ofstream csv(dir / "v.csv");
  csv << above << "村代码," << column << ",贫困户数,x,y\n" << below;
  for (size_t i = 0; i < cells.size(); ++i) csv << "4203231002" << 10 + i << "," << cells[i] << ",12,110.2" << i << ",32.2\n";
  csv.close();
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n"
                                   "[layers.villages.fields]\ncode = \"村代码\"\n" << field << " = \"" << column << "\"\npoor_households = \"贫困户数\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

const std::vector<std::string> k_wan_incomes = {"5.65", "2.63", "7.71", "12", "3.1"};

}  // namespace

// tour 12 L35: a units row under the header (户 / 人 / 万元 …) is the table's units, not a village.
TEST(HeaderUnits, AUnitsRowUnderTheHeaderIsReadAsUnitsAndSkipped) {
  auto ws = table_with_rows_under_header("九有县村级统计表,,,,\n填报单位：县扶贫办,,,,\n", "村集体经济收入", ",万元,户,,\n", "collective_income", k_wan_incomes);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto income = values(*ws, "collective_income");
  ASSERT_EQ(income.size(), 5u) << "the units row is no village";
  EXPECT_DOUBLE_EQ(*income[0], 56500);
  const Issue* i = find_field_issue(ws->issues, "unit_from_header", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("单位行"), std::string::npos) << i->message;
  EXPECT_EQ(find_field_issue(ws->issues, "text_in_numeric_field", "collective_income"), nullptr);
  EXPECT_EQ(find_field_issue(ws->issues, "text_in_numeric_field", "poor_households"), nullptr);
  EXPECT_EQ(find_field_issue(ws->issues, "money_implausibly_small", "collective_income"), nullptr);
}

// tour 12 L14: one growth typed 3.5 (for 3.5 %) among fractions moves the county mean every village
// is compared with: unknown, named, not used; a township at 0.36-1.45 among 0.02-0.17 likewise.
TEST(PercentUnits, AGrowthFarOutsideTheColumnIsUnknownNotUsed) {
  auto ws = townships_with({{"城关镇", {{"1", "0.095"}, {"0.95", "0.12"}, {"1", "0.08"}}},
                            {"潘河镇", {{"1", "3.5"}, {"1", "0.1"}, {"0.9", "0.05"}, {"1", "0.016"}}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto growth = values(*ws, "income_growth");
  EXPECT_FALSE(growth[3].has_value()) << "3.5 among 0.1s is not used as 350 %";
  EXPECT_DOUBLE_EQ(*growth[4], 0.1);
  const Issue* i = find_field_issue(ws->issues, "ratio_far_outside", "income_growth");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("如 3.5"), std::string::npos) << i->message;
  EXPECT_EQ(find_field_issue(ws->issues, "ratio_above_one", "income_growth"), nullptr);
  EXPECT_EQ(count_code(ws->issues, "value_set_unknown", "income_growth"), 1u);
  // A whole township about 10× the county: neither fractions nor percent, all its values in doubt.
  ws = townships_with({{"城关镇", {{"1", "0.095"}, {"0.95", "0.12"}, {"1", "0.08"}}},
                       {"白桑关镇", {{"1", "0.05"}, {"0.95", "0.17"}, {"1", "0.016"}}},
                       {"潘河镇", {{"1", "0.36"}, {"1", "0.9"}, {"0.9", "1.2"}, {"1", "1.45"}}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto g2 = values(*ws, "income_growth");
  EXPECT_FALSE(g2[6].has_value()) << "0.36 in a township at ~10× the county is no 36 % growth";
  EXPECT_FALSE(g2[9].has_value());
  EXPECT_DOUBLE_EQ(*g2[0], 0.095);
  i = find_field_issue(ws->issues, "percent_township_ambiguous", "income_growth");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("潘河镇 4 个村中 4 个值（2 个大于 1）"), std::string::npos) << i->message;
}

// tour 12 L17: one county of two in percent: one warning for the county, not one per township
// each saying "县内其他乡镇按小数填报" (false there).
TEST(PercentUnits, OneCountyOfTwoInPercentIsOneWarningForTheCounty) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  const std::vector<std::pair<std::string, std::vector<std::string>>> towns = {
      {"420323100", {"0.095", "0.12", "0.08"}}, {"420323101", {"0.1", "0.09", "0.11"}}, {"420324100", {"6.05", "11.3", "9.8"}}, {"420324101", {"8.2", "10.1", "7.7"}}};
  for (const auto& [prefix, growth] : towns)
    for (size_t i = 0; i < growth.size(); ++i)
      rows.push_back({"POINT (110.2" + std::to_string(rows.size()) + " 32.2)", {prefix + std::to_string(200 + i), growth[i]}});
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {"增长", OFTReal}}, rows);
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.gpkg\"\n[layers.villages.fields]\nincome_growth = \"增长\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  ASSERT_TRUE(p) << p.error().to_string();
  auto ws = io::load_workspace(*p);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto growth = values(*ws, "income_growth");
  EXPECT_DOUBLE_EQ(*growth[6], 0.0605);
  EXPECT_DOUBLE_EQ(*growth[0], 0.095);
  EXPECT_EQ(count_code(ws->issues, "percent_by_township", "income_growth"), 1u);
  const Issue* i = find_field_issue(ws->issues, "percent_by_township", "income_growth");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("县 420324 全部 2 个乡镇（6 个村）的值按百分数填报"), std::string::npos) << i->message;
  EXPECT_EQ(i->message.find("县内其他乡镇按小数填报"), std::string::npos) << i->message;
}

// tour 13 M19/M20/M1: a table states one money unit (万元 in the column's name, "/年" included, or
// above the header) over values in 元. Read in 万元 every village would hold 5.65 亿元 (all pass);
// 元 is plausible: read in 元, said once, naming where the unit was stated.
TEST(HeaderUnits, AStatedWanUnitOverYuanSizedValuesIsReadInYuanAndSaid) {
  const std::vector<std::string> yuan = {"56500", "26300", "77100", "120000", "31000"};
  auto ws = sheet_with_header("填报单位：县扶贫办", "村集体经济收入（万元/年）", yuan);
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[0], 56500) << "never 56500 万元 per village";
  const Issue* i = find_field_issue(ws->issues, "money_unit_implausible", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("列名写的是「万元」"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("已按元读入"), std::string::npos) << i->message;
  EXPECT_EQ(count_code(ws->issues, "money_unit_implausible", "collective_income"), 1u) << "said once";
  ws = sheet_with_title("填报单位：县扶贫办　　单位：万元", yuan);
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[2], 77100);
  i = find_field_issue(ws->issues, "money_unit_implausible", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("表头上方写的是「金额单位：万元」"), std::string::npos) << i->message;
  // The same statement over 万元-sized values is simply read in 万元: nothing to say.
  ws = sheet_with_header("填报单位：县扶贫办", "村集体经济收入（万元/年）", {"5.65", "2.63", "7.71", "12", "3.1"});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[0], 56500);
  EXPECT_EQ(find_field_issue(ws->issues, "money_unit_implausible", "collective_income"), nullptr);
}

// tour 13 M11: a units row "万元" under a header "村集体经济收入（元）" is a second statement of the
// unit: a conflict the values decide (5.65 元 is no village's income), said as such.
TEST(HeaderUnits, AUnitsRowThatDisagreesWithTheColumnNameIsAConflictTheValuesDecide) {
  auto ws = table_with_rows_under_header("九有县村级统计表,,,,\n填报单位：县扶贫办,,,,\n", "村集体经济收入（元）", ",万元,户,,\n", "collective_income", k_wan_incomes);
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "collective_income")[0], 56500);
  const Issue* i = find_field_issue(ws->issues, "money_unit_conflict", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("表头下的单位行却写「万元」"), std::string::npos) << i->message;
  EXPECT_NE(i->hint.find("把列名中的单位改为「万元」"), std::string::npos) << i->hint;
  EXPECT_EQ(find_field_issue(ws->issues, "money_implausibly_small", "collective_income"), nullptr);
}

// tour 13 M2: a （%） header over fractions, one village's 参保率 typed 95.8 and one growth 8.41 as the
// header asks. One typo must not make the column percent (every 1 read as 1 %: 0 insured, may exit 0):
// the fractions stay fractions, the values beyond 1 take the header's %, and the warning says both.
TEST(HeaderUnits, APercentHeaderOverFractionsWithAFewPercentsReadsEachInItsOwnWay) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (size_t i = 0; i < 12; ++i) {
    const std::string share = i == 3 ? "95.8" : i % 2 == 0 ? "1" : "0.95";
    const std::string growth = i == 5 ? "8.41" : "0.0" + std::to_string(5 + i % 4);
    rows.push_back({"POINT (110.2" + std::to_string(i) + " 32.2)", {"4203231002" + std::to_string(10 + i), share, growth}});
  }
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {"贫困人口参保率（%）", OFTReal}, {"收入增长率（%）", OFTReal}}, rows);
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.gpkg\"\n[layers.villages.fields]\npoor_insured_share = \"贫困人口参保率（%）\"\n"
                                   "income_growth = \"收入增长率（%）\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  ASSERT_TRUE(p) << p.error().to_string();
  auto ws = io::load_workspace(*p);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto share = values(*ws, "poor_insured_share");
  EXPECT_DOUBLE_EQ(*share[0], 1.0) << "1 among fractions is 100 %";
  EXPECT_DOUBLE_EQ(*share[1], 0.95);
  ASSERT_TRUE(share[3].has_value());
  EXPECT_DOUBLE_EQ(*share[3], 0.958) << "95.8 under （%） is 95.8 %";
  const auto growth = values(*ws, "income_growth");
  EXPECT_DOUBLE_EQ(*growth[0], 0.05);
  ASSERT_TRUE(growth[5].has_value());
  EXPECT_DOUBLE_EQ(*growth[5], 0.0841);
  const Issue* i = find_field_issue(ws->issues, "percent_header_over_fractions", "poor_insured_share");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("12 个数值中 11 个不大于 1"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("95.8"), std::string::npos) << i->message;
  EXPECT_EQ(count_code(ws->issues, "percent_header_over_fractions", "poor_insured_share"), 1u) << "said once";
}

// tour 13 M23: a 栏次 row under the header (甲 乙 丙 1 2 3 …, as 统计报表 number their columns), here
// under a units row too, is no village: skipped with a note, never read as data (it made six false
// warnings: a growth of 5, a share of 10, an unknown 是/否 「6」, an orphan code 甲).
TEST(HeaderUnits, AColumnNumbersRowUnderTheHeaderIsSkipped) {
  auto ws = table_with_rows_under_header("九有县村级统计表,,,,\n", "村集体经济收入", ",万元,户,,\n甲,1,2,3,4\n", "collective_income", k_wan_incomes);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto income = values(*ws, "collective_income");
  ASSERT_EQ(income.size(), 5u) << "neither the units row nor the 栏次 row is a village";
  EXPECT_DOUBLE_EQ(*income[0], 56500);
  EXPECT_EQ(ws->issues.count("numbers_row"), 1u);
  EXPECT_EQ(ws->issues.count(Severity::warning), 0u) << "nothing false to warn about";
  for (const Issue& i : ws->issues.entries())
    if (i.severity == Severity::warning) ADD_FAILURE() << IssueLog::format(i);
}

// tour 13 M17: the % stated in a units row (not in the column's name) over fractions: the warning and
// its hint name the units row, never a "（%）" the column's name does not have.
TEST(HeaderUnits, APercentInTheUnitsRowOverFractionsNamesTheUnitsRow) {
  auto ws = table_with_rows_under_header("", "参保率", ",%,户,,\n", "poor_insured_share", {"1", "0.95", "0.9", "1", "0.85"});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "poor_insured_share")[1], 0.95);
  const Issue* i = find_field_issue(ws->issues, "percent_header_over_fractions", "poor_insured_share");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("表头下的单位行写的是「%」"), std::string::npos) << i->message;
  EXPECT_EQ(i->hint.find("（%）"), std::string::npos) << i->hint;
  EXPECT_NE(i->hint.find("单位行"), std::string::npos) << i->hint;
}
