// tour 18 S12, S25: figures that cannot be, row by row. A negative 贫困人口 (-93) passed
// "poor / population < 2 %" and made a village 可出列; one township's 万元 typed into a 元
// column (5.52 元 of collective income) failed 30 villages. Each such value is made
// unknown and said, naming the rows; a growth rate may be negative.
#include <gtest/gtest.h>

#include "gis/io/count_checks.hpp"
#include "support/table_builders.hpp"

using namespace jiuyou;
using namespace jiuyou::test;
using io::CanonicalField;
using io::MoneyRange;

namespace {

FeatureTable stats(const char* field, std::initializer_list<double> values) {
  FeatureTable t = make_table("village_stats", GeometryKind::none);
  col(t, "code", FieldType::text);
  col(t, field, FieldType::real);  // both made before either is held: a second column may move the first
  int n = 0;
  for (double x : values) {
    t.fid.push_back(4 + n);
    t.column("code")->push_text("4203231002" + std::to_string(10 + n++));
    t.column(field)->push_real(x);
  }
  return t;
}

const Issue* find(const IssueLog& log, const std::string& code) {
  for (const auto& i : log.entries())
    if (i.code == code) return &i;
  return nullptr;
}

const CanonicalField& field(const std::string& name) {
  for (const auto& f : io::canonical_fields("villages"))
    if (f.name == name) return f;
  throw std::runtime_error("no field " + name);
}

}  // namespace

TEST(ImpossibleRows, ANegativeCountIsUnknownAndSaidWithItsRow) {
  FeatureTable t = stats("poor_population", {12, -93, 40});
  IssueLog log;
  io::settle_impossible_rows(t, field("poor_population"), "贫困人口", MoneyRange{}, log);
  EXPECT_TRUE(t.column("poor_population")->is_null(1));
  EXPECT_DOUBLE_EQ(*t.column("poor_population")->number(0), 12);
  const Issue* i = find(log, "negative_value");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("第 5 行"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("-93"), std::string::npos) << i->message;
}

TEST(ImpossibleRows, ANegativeGrowthRateIsARate) {
  FeatureTable t = stats("income_growth", {0.05, -0.02, 0.1});
  IssueLog log;
  io::settle_impossible_rows(t, field("income_growth"), "收入增长率", MoneyRange{}, log);
  EXPECT_FALSE(t.column("income_growth")->is_null(1));
  EXPECT_EQ(find(log, "negative_value"), nullptr);
}

TEST(ImpossibleRows, OneRowsMoneyInAnotherUnitIsUnknownWhileTheColumnStands) {
  FeatureTable t = stats("collective_income", {52300, 61000, 5.52, 48000, 75000, 39000, 2.02e8});
  IssueLog log;
  MoneyRange village;  // 100 元 .. 1,000 万元
  io::settle_impossible_rows(t, field("collective_income"), "村集体经济收入（元）", village, log);
  const Column& c = *t.column("collective_income");
  EXPECT_TRUE(c.is_null(2));
  EXPECT_TRUE(c.is_null(6));
  EXPECT_DOUBLE_EQ(*c.number(0), 52300);
  const Issue* i = find(log, "money_row_implausible");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("2 个"), std::string::npos) << i->message;
  // A column whose median is out of range is the whole column's unit: left to the column's own checks.
  FeatureTable wan = stats("collective_income", {5.2, 6.1, 4.8, 7.0, 3.9});
  IssueLog log2;
  io::settle_impossible_rows(wan, field("collective_income"), "村集体经济收入", village, log2);
  EXPECT_EQ(find(log2, "money_row_implausible"), nullptr);
  EXPECT_FALSE(wan.column("collective_income")->is_null(0));
}
