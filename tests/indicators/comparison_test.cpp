// The one reading of `a op b` rule expressions shared by the check (gap of an
// attribute item) and the report (value against its standard).
#include <gtest/gtest.h>

#include "gis/indicators/comparison.hpp"

using jiuyou::indicators::split_comparison;

TEST(SplitComparison, SidesAndOperatorOfOneComparison) {
  const struct {
    const char* text;
    const char* left;
    const char* op;
    const char* right;
  } good[] = {{"collective_income >= 50000", "collective_income", ">=", "50000"},
              {"poor_population / population < 0.02", "poor_population / population", "<", "0.02"},
              {"income_growth > county_mean(income_growth)", "income_growth", ">", "county_mean(income_growth)"},
              {"unsafe_houses_poor = 0", "unsafe_houses_poor", "=", "0"},
              {"a<=b", "a", "<=", "b"},
              {"a <> 1", "a", "<>", "1"},
              {"a != 1", "a", "!=", "1"},
              {"a == 1", "a", "==", "1"},
              {"name = 'x >= y'", "name", "=", "'x >= y'"},
              {"(a + b) > max(c, d)", "(a + b)", ">", "max(c, d)"},
              {"android > 1", "android", ">", "1"},  // a field whose name starts with AND
              {"island_count >= 2", "island_count", ">=", "2"}};
  for (const auto& g : good) {
    const auto c = split_comparison(g.text);
    ASSERT_TRUE(c) << g.text;
    EXPECT_EQ(c->left, g.left) << g.text;
    EXPECT_EQ(c->op, g.op) << g.text;
    EXPECT_EQ(c->right, g.right) << g.text;
  }
}

TEST(SplitComparison, AnythingButOneTopLevelComparisonIsNone) {
  for (const char* text : {"has_leading_industry", "a > 1 AND b > 2", "(a > 1) or (b > 2)", "NOT a > 1", "kind IN ('x') AND a > 1",
                           "a > 1 = TRUE", "name LIKE 'x%' ", "a BETWEEN 1 AND 2", "a IS NULL", "(a > 1)", "", "   "})
    EXPECT_FALSE(split_comparison(text)) << text;
}
