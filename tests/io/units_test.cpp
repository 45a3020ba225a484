// Units as county tables state them: shares and ratios written as percentages
// (gis/io/shares.hpp: 参保率 typed as 95 must not pass a "100 %" rule), and the unit
// a column's name states ("村集体经济收入（万元）": 6.2 is 62,000 yuan, not 6.2).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

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
  EXPECT_NE(i->hint.find("括号中的单位改为万元"), std::string::npos) << i->hint;
  EXPECT_EQ(i->hint.find("（元）（万元）"), std::string::npos) << i->hint;
}
