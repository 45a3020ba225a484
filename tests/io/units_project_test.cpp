// A column's unit stated by the project ([layers.X.units], gis/io/project_units.hpp; tour 14 N13), the
// plausible range of each money field (data/vocab/zh.toml [numbers.plausible]; tour 14 N5, N1) and ‰ (N8).
#include <gtest/gtest.h>

#include <set>

#include "io/units_fixture.hpp"

using namespace jiuyou;
using namespace jiuyou::test::units;

namespace {

// Villages in a GeoPackage (no title rows, a column's name as the office left it: a DBF's case), the
// collective income in `column`, the project's [layers.villages.units] lines `units`.
Result<Workspace> table_with_units(const std::string& column, const std::vector<std::string>& cells, const std::string& units,
                                   const std::string& share_column = "参保率", const std::string& share = "0.95") {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (size_t i = 0; i < cells.size(); ++i)
    rows.push_back({"POINT (110.2" + std::to_string(i) + " 32.2)", {"4203231002" + std::to_string(10 + i), cells[i], share}});
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {column, OFTReal}, {share_column, OFTReal}}, rows);
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.gpkg\"\n[layers.villages.fields]\ncollective_income = \"" << column
                                << "\"\npoor_insured_share = \"" << share_column << "\"\n" << (units.empty() ? "" : "[layers.villages.units]\n" + units + "\n");
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

// A CSV sheet: `title` over the header "村代码,<column>,x,y"; mapped as `field` = column.
Result<Workspace> csv_sheet(const std::string& title, const std::string& field, const std::string& column, const std::vector<std::string>& cells) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::ofstream csv(dir / "v.csv");
  csv << "九有县村级统计表,,,\n" << title << ",,,\n村代码," << column << ",x,y\n";
  for (size_t i = 0; i < cells.size(); ++i) csv << "4203231002" << 10 + i << "," << cells[i] << ",110.2" << i << ",32.2\n";
  csv.close();
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n"
                                   "[layers.villages.fields]\ncode = \"村代码\"\n" << field << " = \"" << column << "\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

const char* const k_money_codes[] = {"money_implausibly_small", "money_unit_implausible", "money_unit_doubtful", "money_unit_conflict", "money_by_township"};

const Issue* any_money_warning(const IssueLog& log, const std::string& field) {
  for (const char* code : k_money_codes)
    if (const Issue* i = find_field_issue(log, code, field)) return i;
  return nullptr;
}

const std::vector<std::string> k_yuan = {"56500", "26300", "77100", "120000", "31000"};

}  // namespace

// The project's unit wins over the name, a title and the values' guess; a median far off it is still said.
TEST(ProjectUnits, TheProjectStatesAColumnsUnit) {
  struct Case {
    const char* what;
    std::string column;
    std::vector<std::string> cells;
    std::string units;
    double first;          // the first village's collective income as read, 元
    const char* warning;   // nullptr: no money warning at all
  };
  const std::vector<Case> cases = {
      {"万元 over a DBF's 10-byte name (tour 14 N13)", "村集体经济", k_wan_incomes, "collective_income = \"万元\"", 56500, nullptr},
      {"keyed by the source column", "村集体经济", k_wan_incomes, "\"村集体经济\" = \"万元\"", 56500, nullptr},
      {"百元", "村集体经济", {"565", "263", "771", "1200", "310"}, "collective_income = \"百元\"", 56500, nullptr},
      {"亿元", "村集体经济", {"0.000565", "0.000263", "0.000771", "0.0012", "0.00031"}, "collective_income = \"亿元\"", 56500, nullptr},
      {"元 wins over the name's （万元）", "村集体经济收入（万元）", k_yuan, "collective_income = \"元\"", 56500, nullptr},
      {"万元 over values in 元: kept, said", "村集体经济", k_yuan, "collective_income = \"万元\"", 565e6, "money_unit_doubtful"},
      {"元 over values in 万元: kept, said", "村集体经济", k_wan_incomes, "collective_income = \"元\"", 5.65, "money_implausibly_small"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto ws = table_with_units(c.column, c.cells, c.units);
    ASSERT_TRUE(ws) << ws.error().to_string();
    EXPECT_NEAR(*values(*ws, "collective_income")[0], c.first, c.first * 1e-9);
    if (!c.warning) {
      const Issue* i = any_money_warning(ws->issues, "collective_income");
      EXPECT_EQ(i, nullptr) << (i ? i->code + ": " + i->message : std::string());
      continue;
    }
    const Issue* i = find_field_issue(ws->issues, c.warning, "collective_income");
    ASSERT_NE(i, nullptr);
    EXPECT_NE(i->message.find("项目文件写明单位"), std::string::npos) << i->message;
    EXPECT_NE(i->hint.find("[layers.villages.units] collective_income"), std::string::npos) << i->hint;
  }
}

TEST(ProjectUnits, ASharesUnit) {
  struct Case { std::string column, cell, units; double read; };
  for (const Case& c : std::vector<Case>{{"参保率（%）", "0.95", "poor_insured_share = \"比例\"", 0.95},
                                         {"参保率", "950", "poor_insured_share = \"‰\"", 0.95},
                                         {"参保率", "95", "poor_insured_share = \"%\"", 0.95}}) {
    SCOPED_TRACE(c.units);
    auto ws = table_with_units("收入", k_yuan, c.units, c.column, c.cell);
    ASSERT_TRUE(ws) << ws.error().to_string();
    EXPECT_DOUBLE_EQ(*values(*ws, "poor_insured_share")[0], c.read);
    EXPECT_EQ(find_field_issue(ws->issues, "percent_header_over_fractions", "poor_insured_share"), nullptr);
  }
}

// A key naming no number field, or a word that is no unit of the field: refused, naming the project file and the key.
TEST(ProjectUnits, AWrongKeyIsRefused) {
  struct Case { std::string units, in_message, in_hint; };
  for (const Case& c : std::vector<Case>{{"collective_incom = \"万元\"", "collective_incom", "collective_income"},
                                         {"\"村名\" = \"万元\"", "村名", "income_per_capita"},
                                         {"collective_income = \"万\"", "\"万\"", "元、百元、千元、万元"},
                                         {"poor_insured_share = \"万元\"", "poor_insured_share", "‰"}}) {
    SCOPED_TRACE(c.units);
    auto ws = table_with_units("村集体经济", k_wan_incomes, c.units);
    ASSERT_FALSE(ws);
    EXPECT_NE(ws.error().file.find("p.toml"), std::string::npos) << ws.error().to_string();
    EXPECT_NE(ws.error().message.find("[layers.villages.units]"), std::string::npos) << ws.error().message;
    EXPECT_NE(ws.error().message.find(c.in_message), std::string::npos) << ws.error().message;
    EXPECT_NE(ws.error().hint.find(c.in_hint), std::string::npos) << ws.error().hint;
  }
}

// The hint fits the format: a GeoPackage (or DBF) can only take the project key; a CSV the header, the title or the key.
TEST(ProjectUnits, TheHintFitsTheFormat) {
  auto ws = table_with_units("村集体经济", k_wan_incomes, "");
  ASSERT_TRUE(ws) << ws.error().to_string();
  const Issue* i = find_field_issue(ws->issues, "money_implausibly_small", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->hint.find("[layers.villages.units] collective_income = \"万元\""), std::string::npos) << i->hint;
  EXPECT_EQ(i->hint.find("列名写明"), std::string::npos) << i->hint;
  ws = sheet_with_title("填报单位：县扶贫办", k_wan_incomes);
  ASSERT_TRUE(ws) << ws.error().to_string();
  i = find_field_issue(ws->issues, "money_implausibly_small", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->hint.find("表头上方"), std::string::npos) << i->hint;
  EXPECT_NE(i->hint.find("[layers.villages.units] collective_income"), std::string::npos) << i->hint;
}

// Each money field has its own plausible median (tour 14 N5): a person's income is 500-100,000 元 a year,
// a village's collective income 100 元-200 万元. A stated unit the values cannot be in is set aside for 元.
TEST(ProjectUnits, EachMoneyFieldHasItsOwnPlausibleRange) {
  struct Case {
    const char* what;
    std::string title, field, column;
    std::vector<std::string> cells;
    double first;
    const char* warning;
  };
  const std::vector<std::string> per_head = {"9461", "7475", "10280", "8800", "9388"};
  const std::vector<Case> cases = {
      {"a7: 人均（千元） over 元, title 元", "单位：户、人、元", "income_per_capita", "人均可支配收入（千元）", per_head, 9461, "money_unit_conflict"},
      {"a1: title 千元 over 人均 in 元", "单位：千元", "income_per_capita", "人均可支配收入", per_head, 9461, "money_unit_implausible"},
      {"人均 in 千元, said so", "单位：千元", "income_per_capita", "人均可支配收入", {"9.461", "7.475", "10.28", "8.8", "9.388"}, 9461, nullptr},
      {"a5: （百元） over 元 (tour 14 N1)", "填报单位：县扶贫办", "collective_income", "村集体经济收入（百元）", k_yuan, 56500, "money_unit_implausible"},
      {"a rich county in 百元 (3-5× typical) is untouched", "填报单位：县扶贫办", "collective_income", "村集体经济收入（百元）",
       {"2000", "1500", "2500", "3000", "1800"}, 200000, nullptr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto ws = csv_sheet(c.title, c.field, c.column, c.cells);
    ASSERT_TRUE(ws) << ws.error().to_string();
    EXPECT_NEAR(*values(*ws, c.field.c_str())[0], c.first, 1e-6);
    if (!c.warning) {
      const Issue* i = any_money_warning(ws->issues, c.field);
      EXPECT_EQ(i, nullptr) << (i ? i->code + ": " + i->message : std::string());
      continue;
    }
    const Issue* i = find_field_issue(ws->issues, c.warning, c.field);
    ASSERT_NE(i, nullptr);
    EXPECT_TRUE(i->message.find("已按元读入") != std::string::npos || i->message.find("「元」读入") != std::string::npos) << i->message;
  }
}

// ‰ in a value and in a header (tour 14 N8): 8.41‰ is 0.841 %.
TEST(ProjectUnits, Permille) {
  auto ws = villages_with({{"0.95", "8.41‰"}, {"0.9", "0.08"}, {"0.92", "0.1"}}, OFTString);
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_NEAR(*values(*ws, "income_growth")[0], 0.00841, 1e-12);
  ws = incomes_with("收入", {"62000"}, OFTReal, "参保率（‰）", "950");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "poor_insured_share")[0], 0.95);
}

// "0.0841%" among 8.41 % (tour 14 N8): a fraction with a % after it, 100× below every other village read as a
// percent: unknown and said; a low rate written as a percent (0.5 % among 8 %) is kept.
TEST(ProjectUnits, APercentSignAfterAFractionIsUnknown) {
  auto ws = villages_with({{"0.95", "8.41%"}, {"0.9", "9.35%"}, {"0.92", "10.2%"}, {"0.9", "7.5%"}, {"0.9", "0.5%"}, {"0.9", "0.0841%"}}, OFTString);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto growth = values(*ws, "income_growth");
  EXPECT_NEAR(*growth[4], 0.005, 1e-12);
  EXPECT_FALSE(growth[5].has_value());
  const Issue* i = find_field_issue(ws->issues, "percent_sign_on_fraction", "income_growth");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("0.0841%"), std::string::npos) << i->message;
}

// The mapped-values line says what was used (h-units4): 0.0841% made unknown reads 「0.0841%→未知」, never the
// number that was dropped (0.000841); each such value is recorded for its village (数据不合理, not 缺少数据).
TEST(ProjectUnits, TheMappedValuesLineSaysUnknownForAPercentSignMadeUnknown) {
  auto ws = villages_with({{"0.95", "8.41%"}, {"0.9", "9.35%"}, {"0.92", "10.2%"}, {"0.9", "7.5%"}, {"0.9", "0.5%"}, {"0.9", "0.0841%"}}, OFTString);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const Issue* mapped = find_field_issue(ws->issues, "values_mapped", "income_growth");
  ASSERT_NE(mapped, nullptr);
  EXPECT_NE(mapped->message.find("0.0841%→未知 1"), std::string::npos) << mapped->message;
  EXPECT_EQ(mapped->message.find("0.000841"), std::string::npos) << "not the value dropped: " << mapped->message;
  EXPECT_NE(mapped->message.find("0.5%→0.005 1"), std::string::npos) << "a kept value still says its number: " << mapped->message;
  const Issue* dropped = find_field_issue(ws->issues, "value_set_unknown", "income_growth");
  ASSERT_NE(dropped, nullptr);
  EXPECT_EQ(dropped->feature, ws->layer("villages")->fid[5]);
  EXPECT_NE(dropped->message.find("0.0841%"), std::string::npos) << dropped->message;
}

// Every per-township money hint (money_by_township, money_township_far, money_township_implausible) names the
// project key that states the column's unit where the table cannot (a DBF), layer and field filled in (h-units4).
TEST(ProjectUnits, EveryTownshipMoneyHintNamesTheProjectKey) {
  using Towns = std::vector<std::tuple<std::string, std::string, std::vector<std::string>>>;
  struct Case {
    std::string header;
    Towns towns;
    const char* unit;  // the unit the key states: the column's as read
  };
  const std::vector<Case> cases = {
      {"村集体经济收入", {{"420323100", "城关镇", {"56500", "26300", "77100"}}, {"420323101", "白桑关镇", {"61000", "48000", "90000"}},
                          {"420323103", "福古镇", {"5.65", "2.63", "7.71"}}}, "元"},  // one township in 万元
      {"村集体经济收入", {{"420323100", "城关镇", {"56500", "26300", "77100"}}, {"420323101", "白桑关镇", {"61000", "48000", "90000"}},
                          {"420324100", "甲镇", {"1.15", "20.54", "6"}}, {"420324101", "乙镇", {"3.2", "5.1", "7"}}}, "元"},  // a whole county
      {"村集体经济收入（万元）", {{"420323100", "城关镇", {"5.65", "2.63", "7.71"}}, {"420323101", "白桑关镇", {"6.1", "4.8", "9"}},
                                  {"420323102", "太台镇", {"4.2", "5.5", "6.3"}}, {"420323103", "福古镇", {"46.6", "52", "38.5"}}}, "万元"},  // 千元 settled
      {"村集体经济收入（万元）", {{"420323100", "城关镇", {"5.65", "2.63", "7.71"}}, {"420323101", "白桑关镇", {"6.1", "4.8", "9"}},
                                  {"420323102", "太台镇", {"4.2", "5.5", "6.3"}}, {"420323103", "福古镇", {"46.6", "52", "38.5"}},
                                  {"420323104", "潘河镇", {"61", "44", "70"}}}, "万元"},  // two far: said, as read
      {"村集体经济收入", {{"420323100", "城关镇", {"56500", "26300", "77100"}}, {"420323101", "白桑关镇", {"61000", "48000", "90000"}},
                          {"420323103", "福古镇", {"500000000000", "600000000000", "700000000000"}}}, "元"},  // no unit fits
  };
  std::set<std::string> seen;
  for (const Case& c : cases) {
    auto ws = towns_by_code("collective_income", c.header, c.towns);
    ASSERT_TRUE(ws) << ws.error().to_string();
    const std::string key = "[layers.villages.units] collective_income = \"" + std::string(c.unit) + "\"";
    for (const Issue& i : ws->issues.entries()) {
      if (i.code != "money_by_township" && i.code != "money_township_far" && i.code != "money_township_implausible") continue;
      seen.insert(i.code);
      EXPECT_NE(i.hint.find(key), std::string::npos) << i.code << " under " << c.header << ": " << i.hint;
    }
  }
  EXPECT_EQ(seen, (std::set<std::string>{"money_by_township", "money_township_far", "money_township_implausible"})) << "every kind was tried";
}
