// Budgets as planners write them (gis/invest/money.hpp).
#include <gtest/gtest.h>

#include "gis/invest/money.hpp"

namespace jiuyou::invest {
namespace {

double money(const std::string& s) {
  auto v = parse_money(s, "--budget");
  EXPECT_TRUE(v) << s << ": " << (v ? "" : v.error().to_string());
  return v ? *v : -1;
}

TEST(Money, ArabicWithUnits) {
  EXPECT_DOUBLE_EQ(money("2000万"), 2e7);
  EXPECT_DOUBLE_EQ(money("2000万元"), 2e7);
  EXPECT_DOUBLE_EQ(money(" 2000 万 "), 2e7);
  EXPECT_DOUBLE_EQ(money("0.2亿"), 2e7);
  EXPECT_DOUBLE_EQ(money("20000000"), 2e7);
  EXPECT_DOUBLE_EQ(money("1500元"), 1500);
  EXPECT_DOUBLE_EQ(money("0"), 0);
}

TEST(Money, ChineseNumerals) {
  EXPECT_DOUBLE_EQ(money("两千万"), 2e7);
  EXPECT_DOUBLE_EQ(money("两千万元"), 2e7);
  EXPECT_DOUBLE_EQ(money("一千二百万"), 1.2e7);
  EXPECT_DOUBLE_EQ(money("三亿五千万"), 3.5e8);
  EXPECT_DOUBLE_EQ(money("十万"), 1e5);
  EXPECT_DOUBLE_EQ(money("八百"), 800);
}

TEST(Money, NotAnAmountNamesTheOption) {
  for (const char* bad : {"abc", "", "万", "2000万abc", "-5万", "nan", "inf", "两千x万"}) {
    auto v = parse_money(bad, "--budget");
    ASSERT_FALSE(v) << bad << " gave " << *v;
    EXPECT_EQ(v.error().code, ErrorCode::input);
    EXPECT_NE(v.error().message.find("--budget"), std::string::npos) << v.error().message;
    EXPECT_FALSE(v.error().hint.empty());
  }
}

TEST(Money, YearsInOrder) {
  auto y = parse_years("2025=800万,2026=800万, 2027=400万", "--years");
  ASSERT_TRUE(y) << y.error().to_string();
  ASSERT_EQ(y->size(), 3u);
  EXPECT_EQ((*y)[0].first, 2025);
  EXPECT_DOUBLE_EQ((*y)[0].second, 8e6);
  EXPECT_EQ((*y)[2].first, 2027);
  EXPECT_DOUBLE_EQ((*y)[2].second, 4e6);
}

// tour 18 S21: years as a Chinese IME types them — full-width ；, 、 and 年.
TEST(Money, YearsTypedInChinese) {
  for (const char* typed : {"2025：800万；2026：800万；2027：400万", "2025年800万、2026年800万、2027年400万", "2025年:800万;2026年=800万;2027年400万"}) {
    auto y = parse_years(typed, "--years");
    ASSERT_TRUE(y) << typed << ": " << y.error().to_string();
    ASSERT_EQ(y->size(), 3u) << typed;
    EXPECT_EQ((*y)[1].first, 2026);
    EXPECT_DOUBLE_EQ((*y)[2].second, 4e6);
  }
}

TEST(Money, YearsOutOfOrderOrMalformedAreRefused) {
  for (const char* bad : {"2026=800万,2025=800万", "2025=800万,2025=1万", "2025-800万", "20x5=1万", "2025=abc", "1800=1万", "2025=800万,"}) {
    auto y = parse_years(bad, "--years");
    ASSERT_FALSE(y) << bad;
    EXPECT_EQ(y.error().code, ErrorCode::input);
    EXPECT_NE(y.error().message.find("--years"), std::string::npos) << y.error().message;
  }
  EXPECT_NE(parse_years("2026=1万,2025=1万", "--years").error().message.find("out of order"), std::string::npos);
}

TEST(Money, ThousandsSeparatorsOnlyInGroupsOfThree) {
  EXPECT_DOUBLE_EQ(money("20,000,000"), 2e7);
  EXPECT_DOUBLE_EQ(money("2,000万"), 2e7);
  EXPECT_DOUBLE_EQ(money("2,000万元"), 2e7);
  EXPECT_DOUBLE_EQ(money("1,234.5万"), 1.2345e7);
  EXPECT_DOUBLE_EQ(money("1e7"), 1e7);
  for (const char* bad : {"2,00万", "20,00,000", "2,0000", ",200", "200,", "1,000,", "1.000,5", "2,,000", "1,000.5,0", "+5", "0x10"}) {
    auto v = parse_money(bad, "--budget");
    EXPECT_FALSE(v) << bad << " gave " << (v ? *v : 0);
  }
}

TEST(Money, DigitsMixedWithChineseUnits) {
  EXPECT_DOUBLE_EQ(money("2千万"), 2e7);
  EXPECT_DOUBLE_EQ(money("2千万元"), 2e7);
  EXPECT_DOUBLE_EQ(money("1千2百万"), 1.2e7);
  EXPECT_DOUBLE_EQ(money("3亿5千万"), 3.5e8);
  EXPECT_DOUBLE_EQ(money("一千零五十万"), 1.05e7);
  for (const char* bad : {"二三万", "2二万", "2千x万", "2 千万x"}) {
    auto v = parse_money(bad, "--budget");
    EXPECT_FALSE(v) << bad << " gave " << (v ? *v : 0);
  }
}

TEST(Money, CapitalNumeralsAndYuan) {
  EXPECT_DOUBLE_EQ(money("贰仟万元"), 2e7);
  EXPECT_DOUBLE_EQ(money("贰仟万圆"), 2e7);
  EXPECT_DOUBLE_EQ(money("壹仟贰佰万"), 1.2e7);
  EXPECT_DOUBLE_EQ(money("叁亿伍仟万元"), 3.5e8);
  EXPECT_DOUBLE_EQ(money("玖拾万"), 9e5);
  EXPECT_DOUBLE_EQ(money("肆佰陆拾柒万捌仟元"), 4678000);
  EXPECT_DOUBLE_EQ(money("2000万圆"), 2e7);
  EXPECT_FALSE(parse_money("贰仟万元元", "--budget"));
}

TEST(Money, FullwidthDigitsAndPunctuation) {
  EXPECT_DOUBLE_EQ(money("２０００万"), 2e7);
  EXPECT_DOUBLE_EQ(money("０．２亿"), 2e7);
  EXPECT_DOUBLE_EQ(money("２，０００万"), 2e7);
  EXPECT_DOUBLE_EQ(money("\u3000２０００万\u3000"), 2e7);
  auto y = parse_years("2025：800万，2026：８００万", "--years");
  ASSERT_TRUE(y) << y.error().to_string();
  ASSERT_EQ(y->size(), 2u);
  EXPECT_EQ((*y)[1].first, 2026);
  EXPECT_DOUBLE_EQ((*y)[1].second, 8e6);
  y = parse_years("2025＝800万,2026:400万", "--years");
  ASSERT_TRUE(y) << y.error().to_string();
  EXPECT_DOUBLE_EQ((*y)[1].second, 4e6);
}

TEST(Money, YearsWithThousandsSeparators) {
  auto y = parse_years("2025=2,000万,2026=8,000,000,2027=400万", "--years");
  ASSERT_TRUE(y) << y.error().to_string();
  ASSERT_EQ(y->size(), 3u);
  EXPECT_DOUBLE_EQ((*y)[0].second, 2e7);
  EXPECT_DOUBLE_EQ((*y)[1].second, 8e6);
  EXPECT_DOUBLE_EQ((*y)[2].second, 4e6);
  EXPECT_FALSE(parse_years("2025=2,00万,2026=1万", "--years"));
  EXPECT_FALSE(parse_years("2025=800万,,2026=1万", "--years"));
}

TEST(Money, YearGivenTwiceIsNamed) {
  auto y = parse_years("2025=800万,2025=800万", "--years");
  ASSERT_FALSE(y);
  EXPECT_NE(y.error().message.find("2025 is given twice"), std::string::npos) << y.error().message;
  EXPECT_EQ(y.error().message.find("out of order"), std::string::npos) << y.error().message;
  y = parse_years("2025=800万,2026=1万,2025=1万", "--years");
  ASSERT_FALSE(y);
  EXPECT_NE(y.error().message.find("2025 is given twice"), std::string::npos) << y.error().message;
}

TEST(Money, PerYearAmountPointsAtYears) {
  for (const char* bad : {"800万/年", "每年800万"}) {
    auto v = parse_money(bad, "--budget");
    ASSERT_FALSE(v) << bad;
    EXPECT_EQ(v.error().code, ErrorCode::input);
    EXPECT_NE(v.error().hint.find("--years"), std::string::npos) << v.error().hint;
  }
}

}  // namespace
}  // namespace jiuyou::invest
