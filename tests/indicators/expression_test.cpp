#include <gtest/gtest.h>

#include "gis/indicators/expression.hpp"

using namespace jiuyou;
using namespace jiuyou::indicators;

namespace {
FeatureTable villages() {
  FeatureTable t;
  t.name = "villages";
  Column pop("population", FieldType::real), poor("poor_population", FieldType::integer), name("name", FieldType::text),
      ok("has_leading_industry", FieldType::boolean), g("income_growth", FieldType::real);
  pop.push_real(1000); poor.push_int(15); name.push_text("柳林村"); ok.push_bool(true); g.push_real(0.10);
  pop.push_real(500); poor.push_int(20); name.push_text("王家湾"); ok.push_bool(false); g.push_real(0.04);
  pop.push_null(); poor.push_int(3); name.push_null(); ok.push_null(); g.push_null();
  pop.push_real(0); poor.push_int(0); name.push_text("新村"); ok.push_bool(true); g.push_real(0.07);
  t.columns = {pop, poor, name, ok, g};
  t.fid = {1, 2, 3, 4};
  return t;
}
Truth eval(const std::string& text, size_t row) {
  static FeatureTable t = villages();
  auto e = Expression::parse(text);
  EXPECT_TRUE(e) << e.error().to_string();
  auto b = e->bind(t);
  EXPECT_TRUE(b) << b.error().to_string();
  return e->test(row);
}
}  // namespace

TEST(Expression, IncidenceRatio) {
  EXPECT_EQ(eval("poor_population / population < 0.02", 0), Truth::yes);  // 1.5 %
  EXPECT_EQ(eval("poor_population / population < 0.02", 1), Truth::no);   // 4 %
}

TEST(Expression, NullOperandIsUnknownNotPass) {
  EXPECT_EQ(eval("poor_population / population < 0.02", 2), Truth::unknown);
  EXPECT_EQ(eval("has_leading_industry", 2), Truth::unknown);
}

TEST(Expression, DivisionByZeroIsUnknown) { EXPECT_EQ(eval("poor_population / population < 0.02", 3), Truth::unknown); }

TEST(Expression, ThreeValuedAndOr) {
  EXPECT_EQ(eval("has_leading_industry AND population > 100", 2), Truth::unknown);
  EXPECT_EQ(eval("poor_population > 100 AND has_leading_industry", 2), Truth::no);  // FALSE AND NULL = FALSE
  EXPECT_EQ(eval("poor_population < 100 OR has_leading_industry", 2), Truth::yes);  // TRUE OR NULL = TRUE
  EXPECT_EQ(eval("NOT has_leading_industry", 1), Truth::yes);
}

TEST(Expression, InLikeBetweenIsNull) {
  EXPECT_EQ(eval("name IN ('王家湾', '新村')", 1), Truth::yes);
  EXPECT_EQ(eval("name NOT IN ('王家湾', '新村')", 0), Truth::yes);
  EXPECT_EQ(eval("name LIKE '%村'", 0), Truth::yes);
  EXPECT_EQ(eval("name LIKE '王_湾'", 1), Truth::yes);  // _ is one character, also a CJK one
  EXPECT_EQ(eval("population BETWEEN 400 AND 600", 1), Truth::yes);
  EXPECT_EQ(eval("name IS NULL", 2), Truth::yes);
  EXPECT_EQ(eval("name IS NOT NULL", 2), Truth::no);
  EXPECT_EQ(eval("name = 'x' OR NOT (population >= 1000)", 0), Truth::no);
}

TEST(Expression, CountyMeanIgnoresNulls) {
  // mean of 0.10, 0.04, 0.07 = 0.07
  EXPECT_EQ(eval("income_growth > county_mean(income_growth)", 0), Truth::yes);
  EXPECT_EQ(eval("income_growth > county_mean(income_growth)", 1), Truth::no);
  EXPECT_EQ(eval("income_growth > county_mean(income_growth)", 3), Truth::no);  // equal is not above
  EXPECT_EQ(eval("income_growth > county_mean(income_growth)", 2), Truth::unknown);
}

TEST(Expression, ParseErrorsPointAtTheCharacter) {
  auto e = Expression::parse("surface IN ('asphalt', 'concrete'");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::rules);
  EXPECT_NE(e.error().message.find("expected ',' or ')'"), std::string::npos) << e.error().message;
  auto f = Expression::parse("width_m >= ");
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message.find("character 12"), std::string::npos) << f.error().message;
  EXPECT_FALSE(Expression::parse("a = 'unterminated"));
  EXPECT_FALSE(Expression::parse("county_max(x) > 1"));
}

TEST(Expression, BindErrorNamesTheMissingField) {
  auto e = Expression::parse("collective_incom >= 50000");
  ASSERT_TRUE(e);
  const FeatureTable t = villages();
  auto b = e->bind(t);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().field, "collective_incom");
  EXPECT_NE(b.error().hint.find("population"), std::string::npos);
}

TEST(Expression, FilterMask) {
  const FeatureTable t = villages();
  auto m = filter_mask(t, "population >= 500");
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, (std::vector<uint8_t>{1, 1, 0, 0}));
  auto all = filter_mask(t, "");
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, (std::vector<uint8_t>{1, 1, 1, 1}));
}
