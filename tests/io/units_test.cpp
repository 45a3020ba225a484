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
