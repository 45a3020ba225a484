#include <gtest/gtest.h>

#include <pthread.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

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

TEST(Expression, CountyAggregatesAreOverEachVillagesOwnCounty) {
  // Two counties in one run (a prefecture or province): 420323 with growth 0.10, 0.04, 0.07 (mean 0.07) and
  // 420324 with 0.20, 0.16 (mean 0.18). A village of 420323 at 0.08 is above its county's mean though below the
  // two counties' mean (0.11): judged against another county's incomes it would fail.
  FeatureTable t;
  t.name = "villages";
  Column code("code", FieldType::text), g("income_growth", FieldType::real);
  for (const auto& [c, v] : std::vector<std::pair<std::string, double>>{
           {"420323100201", 0.10}, {"420323100202", 0.04}, {"420323100203", 0.07}, {"420324100201", 0.20}, {"420324100202", 0.16}, {"420323100204", 0.08}}) {
    code.push_text(c);
    g.push_real(v);
  }
  t.columns = {code, g};
  t.fid = {1, 2, 3, 4, 5, 6};
  auto e = Expression::parse("income_growth > county_mean(income_growth)");
  ASSERT_TRUE(e);
  ASSERT_TRUE(e->bind(t));
  // 420323's mean with the 0.08 village: (0.10 + 0.04 + 0.07 + 0.08) / 4 = 0.0725.
  EXPECT_EQ(e->test(5), Truth::yes) << "0.08 is above its own county's mean 0.0725";
  EXPECT_EQ(e->test(0), Truth::yes);
  EXPECT_EQ(e->test(2), Truth::no);
  EXPECT_EQ(e->test(3), Truth::yes) << "0.20 above 420324's 0.18";
  EXPECT_EQ(e->test(4), Truth::no) << "0.16 below 420324's 0.18, though above the two counties' mean";
  // A village whose code is no 12-digit 行政区划代码 (a typo, "103222") in a one-county project is judged against
  // its county, not against itself (tour 10 J13: it failed "above the county's mean" as its own mean).
  auto table_of = [](const std::vector<std::pair<std::string, double>>& rows) {
    FeatureTable v;
    v.name = "villages";
    Column c("code", FieldType::text), x("income_growth", FieldType::real);
    for (const auto& [code_text, value] : rows) {
      c.push_text(code_text);
      x.push_real(value);
      v.fid.push_back(static_cast<int64_t>(v.fid.size()) + 1);
    }
    v.columns = {c, x};
    return v;
  };
  const FeatureTable one = table_of({{"420323100201", 0.10}, {"420323100202", 0.04}, {"420323100203", 0.07}, {"103222", 0.09}});
  auto typo = Expression::parse("income_growth > county_mean(income_growth)");
  ASSERT_TRUE(typo);
  ASSERT_TRUE(typo->bind(one));
  EXPECT_EQ(typo->test(3), Truth::yes) << "0.09 above the county's 0.075";
  // Two counties: a village no county holds is judged against the whole run (0.124 here).
  const FeatureTable two = table_of({{"420323100201", 0.10}, {"420323100202", 0.04}, {"420324100201", 0.20}, {"420324100202", 0.16}, {"x", 0.12}});
  auto run_mean = Expression::parse("income_growth > county_mean(income_growth)");
  ASSERT_TRUE(run_mean);
  ASSERT_TRUE(run_mean->bind(two));
  EXPECT_EQ(run_mean->test(4), Truth::no) << "0.12 below the run's 0.124, though above 420323's 0.07";
  EXPECT_EQ(run_mean->test(0), Truth::yes) << "0.10 above 420323's 0.07";
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

// --- hostile and mistyped expressions (issue 17) ---------------------------

TEST(Expression, DeepNestingIsRefusedNotACrash) {
  const std::string parens = std::string(5000, '(') + "population > 1" + std::string(5000, ')');
  auto p = Expression::parse(parens);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::rules);
  EXPECT_NE(p.error().message.find("nests more than " + std::to_string(k_max_expression_depth) + " levels"), std::string::npos) << p.error().message;
  std::string nots;
  for (int i = 0; i < 200000; ++i) nots += "NOT ";
  auto n = Expression::parse(nots + "has_leading_industry");
  ASSERT_FALSE(n);
  EXPECT_NE(n.error().message.find("nests more than"), std::string::npos);
  // Messages quote at most the start of a huge text.
  EXPECT_LT(n.error().message.size(), 400u);
  std::string minus(100000, '-');
  EXPECT_FALSE(Expression::parse(minus + "1 > 0"));
  std::string sum = "population";
  for (int i = 0; i < 1000; ++i) sum += " + 1";
  auto s = Expression::parse(sum + " > 0");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("nests more than"), std::string::npos);
}

TEST(Expression, NestingWithinTheLimitWorks) {
  const std::string ok = std::string(90, '(') + "population >= 1000" + std::string(90, ')');
  EXPECT_EQ(eval(ok, 0), Truth::yes);
  std::string nots = "has_leading_industry";
  for (int i = 0; i < 90; ++i) nots = "NOT " + nots;  // an even number of NOTs
  EXPECT_EQ(eval(nots, 0), Truth::yes);
}

// The deepest expressions the parser accepts are parsed, bound and evaluated
// within the 4 MiB stack of a TBB worker (where the check prepares its items).
TEST(Expression, TheDeepestAcceptedExpressionsFitAWorkerStack) {
  const size_t d = k_max_expression_depth - 2;
  std::string parens = std::string(d, '(') + "population > 1" + std::string(d, ')');
  std::string nots = "has_leading_industry", minus = "population", mixed = "population > 0";
  for (size_t i = 0; i < d; ++i) nots = "NOT " + nots;
  for (size_t i = 0; i < d; ++i) minus += " - 1";
  for (size_t i = 0; i < d / 2; ++i) mixed = "(" + mixed + " AND NOT (has_leading_industry))";
  struct Job {
    std::vector<std::string> texts;
    std::vector<int> ok;
  } job{{parens, nots, minus + " > 0", mixed}, {}};
  auto run = [](void* arg) -> void* {
    auto* j = static_cast<Job*>(arg);
    static const FeatureTable t = villages();
    for (const auto& text : j->texts) {
      auto e = Expression::parse(text);
      bool ok = e && e->bind(t);
      if (ok)
        for (size_t r = 0; r < t.size(); ++r) (void)e->test(r);
      j->ok.push_back(ok ? 1 : 0);
    }
    return nullptr;
  };
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 4u << 20);
  pthread_t th;
  ASSERT_EQ(pthread_create(&th, &attr, run, &job), 0);
  pthread_join(th, nullptr);
  pthread_attr_destroy(&attr);
  EXPECT_EQ(job.ok, (std::vector<int>{1, 1, 1, 1}));
}

TEST(Expression, LongAndOrChainsAreFlatAndKeepThreeValuedLogic) {
  std::string ands = "population > 0", ors = "population < 0";
  for (int i = 0; i < 12000; ++i) {
    ands += " AND poor_population >= 0";
    ors += " OR poor_population < 0";
  }
  EXPECT_EQ(eval(ands, 0), Truth::yes);
  EXPECT_EQ(eval(ands, 2), Truth::unknown);  // population is NULL there
  EXPECT_EQ(eval(ors, 0), Truth::no);
  EXPECT_EQ(eval(ors + " OR name = '柳林村'", 0), Truth::yes);
  EXPECT_EQ(eval("has_leading_industry AND population > 100 AND poor_population > 100", 2), Truth::no);  // NULL AND NULL AND FALSE
  EXPECT_EQ(eval("poor_population > 100 OR has_leading_industry OR population > 1", 2), Truth::unknown);
}

TEST(Expression, TextComparedWithNumbersIsATypeError) {
  const FeatureTable t = villages();
  auto e = Expression::parse("name > 5");
  ASSERT_TRUE(e);
  auto b = e->bind(t);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::rules);
  EXPECT_NE(b.error().message.find("field 'name' (text)"), std::string::npos) << b.error().message;
  EXPECT_EQ(b.error().layer, "villages");
  // Against declared types, before any data.
  const FieldTypes types = {{"name", FieldType::text}, {"population", FieldType::real}, {"has_leading_industry", FieldType::boolean}};
  auto check = [&](const std::string& text, bool condition = true) {
    auto p = Expression::parse(text);
    EXPECT_TRUE(p) << text;
    return p ? p->check_types(types, condition) : Result<void>{};
  };
  EXPECT_FALSE(check("name IN ('a', 3)"));
  EXPECT_FALSE(check("population BETWEEN 'a' AND 'z'"));
  EXPECT_FALSE(check("name + 1 > 2"));
  EXPECT_FALSE(check("population LIKE '1%'"));
  EXPECT_FALSE(check("NOT population"));
  EXPECT_FALSE(check("population > 0 AND name"));
  EXPECT_FALSE(check("county_mean(name) > 0"));
  EXPECT_FALSE(check("has_leading_industry = 1"));
  EXPECT_FALSE(check("'a' < 1"));
  EXPECT_TRUE(check("name IS NULL OR name LIKE '%村' AND population / 2 >= county_median(population)"));
  EXPECT_TRUE(check("unknown_field > 5 AND other = 'x'"));  // not in the contract: any type
  EXPECT_TRUE(check("name = NULL"));
}

TEST(Expression, ANonConditionIsNotTakenForTrue) {
  const FieldTypes types = {{"collective_income", FieldType::real}, {"name", FieldType::text}};
  for (const char* text : {"collective_income + 5", "name", "'yes'", "3"}) {
    auto p = Expression::parse(text);
    ASSERT_TRUE(p) << text;
    auto r = p->check_types(types, true);
    ASSERT_FALSE(r) << text;
    EXPECT_NE(r.error().message.find("not a condition"), std::string::npos) << r.error().message;
    EXPECT_TRUE(p->check_types(types, false)) << text;  // as a value it is fine
  }
  const FeatureTable t = villages();
  auto m = filter_mask(t, "population * 2");
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message.find("not a condition"), std::string::npos);
}

TEST(Expression, NumbersMustBeFiniteAndWellFormed) {
  EXPECT_FALSE(Expression::parse("population > 1e999"));
  EXPECT_FALSE(Expression::parse("population > 1.2.3"));
  auto e = Expression::parse("population > 0x10");
  EXPECT_FALSE(e);
  EXPECT_EQ(eval("population > 1.5e2", 0), Truth::yes);
}

TEST(Expression, LikeIsLinearAndMatchesCharacters) {
  EXPECT_EQ(eval("name LIKE '%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%x'", 0), Truth::no);
  EXPECT_EQ(eval("name LIKE '%林%'", 0), Truth::yes);
  EXPECT_EQ(eval("name LIKE '__村'", 0), Truth::yes);
  EXPECT_EQ(eval("name LIKE '_村'", 0), Truth::no);
  EXPECT_EQ(eval("name NOT LIKE '%村'", 1), Truth::yes);
  EXPECT_EQ(eval("name LIKE '%'", 3), Truth::yes);
}

TEST(Expression, ParametersAreSubstitutedAsLiteralsOnly) {
  std::map<std::string, Value> params;
  params["max"] = Value{Value::Type::number, 0.03, {}, false};
  params["neg"] = Value{Value::Type::number, -2, {}, false};
  params["kind"] = Value{Value::Type::text, 0, "it's", false};
  params["on"] = Value{Value::Type::boolean, 0, {}, true};
  auto s = substitute_params("x < ${max} AND y > ${neg} AND k = ${kind} AND f = ${on}", params);
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(*s, "x < 0.03 AND y > (-2) AND k = 'it''s' AND f = TRUE");
  // A text value is one quoted literal, whatever it holds.
  params["kind"].text = "x' OR TRUE OR 'y";
  auto inj = substitute_params("k = ${kind}", params);
  ASSERT_TRUE(inj);
  auto parsed = Expression::parse(*inj);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->fields(), std::vector<std::string>{"k"});
  auto missing = substitute_params("x < ${nope}", params);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "nope");
  EXPECT_FALSE(substitute_params("k = '${kind}'", params));  // inside quotes: refused, not silently kept
  EXPECT_FALSE(Expression::parse("x < ${max}"));             // never substituted: refused
  EXPECT_EQ(literal_text(Value{Value::Type::number, 0.1 + 0.2, {}, false}), "0.30000000000000004");  // reads back exactly
}
