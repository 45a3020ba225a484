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

TEST(Money, YearsOutOfOrderOrMalformedAreRefused) {
  for (const char* bad : {"2026=800万,2025=800万", "2025=800万,2025=1万", "2025:800万", "20x5=1万", "2025=abc", "1800=1万", "2025=800万,"}) {
    auto y = parse_years(bad, "--years");
    ASSERT_FALSE(y) << bad;
    EXPECT_EQ(y.error().code, ErrorCode::input);
    EXPECT_NE(y.error().message.find("--years"), std::string::npos) << y.error().message;
  }
  EXPECT_NE(parse_years("2026=1万,2025=1万", "--years").error().message.find("out of order"), std::string::npos);
}

}  // namespace
}  // namespace jiuyou::invest
