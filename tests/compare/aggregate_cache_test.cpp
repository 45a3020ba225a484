// The expressions the causes read, parsed and bound once per comparison (issue #15): every value read from the
// cache is the one a fresh parse and bind gives, per village, per table and per call.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "gis/compare/aggregate_cache.hpp"

namespace jiuyou::compare {
namespace {

// Villages of two counties (the first 6 digits of the code), with an income growth, one null.
FeatureTable villages(double scale) {
  FeatureTable t;
  t.name = "villages";
  t.geometry.kind = GeometryKind::point;
  Column code("code", FieldType::text), growth("income_growth", FieldType::real);
  const char* codes[] = {"420101001001", "420101001002", "420101001003", "420102001001", "420102001002"};
  const double values[] = {0.05, 0.12, NAN, 0.30, 0.02};
  for (size_t r = 0; r < 5; ++r) {
    t.fid.push_back(static_cast<int64_t>(r) + 1);
    t.geometry.add_point_feature(static_cast<double>(r), 0);
    code.push_text(codes[r]);
    if (std::isnan(values[r])) growth.push_null();
    else growth.push_real(values[r] * scale);
  }
  t.columns = {std::move(code), std::move(growth)};
  return t;
}

// What the causes computed before the cache: the call parsed and bound for the one village.
double fresh(const FeatureTable& t, size_t row, const std::string& call) {
  auto e = indicators::Expression::parse(call);
  if (!e || !e->bind(t, false)) return NAN;
  const indicators::Value v = e->evaluate(row);
  return v.type == indicators::Value::Type::number ? v.number : NAN;
}

TEST(AggregateCache, EachVillagesAggregateIsTheFreshlyBoundOne) {
  const FeatureTable a = villages(1.0), b = villages(2.0);
  AggregateCache cache;
  for (const std::string call : {"county_mean(income_growth)", "county_median(income_growth)", "county_sum(income_growth)"})
    for (const FeatureTable* t : {&a, &b, &a})  // a second table keeps its own binding; the first is read again
      for (size_t r = 0; r < t->size(); ++r) {
        const double want = fresh(*t, r, call);
        ASSERT_TRUE(std::isfinite(want)) << call << " row " << r;
        EXPECT_DOUBLE_EQ(cache.value(*t, r, call), want) << call << " row " << r;
      }
  EXPECT_DOUBLE_EQ(cache.value(a, 0, "county_mean(income_growth)"), (0.05 + 0.12) / 2);
  EXPECT_DOUBLE_EQ(cache.value(b, 3, "county_sum(income_growth)"), (0.30 + 0.02) * 2);
}

TEST(AggregateCache, WhatCannotBeReadIsNoValue) {
  const FeatureTable a = villages(1.0);
  AggregateCache cache;
  EXPECT_TRUE(std::isnan(cache.value(a, 0, "county_mean(no_such_field)")));
  EXPECT_TRUE(std::isnan(cache.value(a, 0, "county_mean(")));
  EXPECT_EQ(cache.parsed("county_mean("), nullptr);
  EXPECT_EQ(cache.bound(a, "county_mean(no_such_field)"), nullptr);
  ASSERT_NE(cache.parsed("income_growth > county_mean(income_growth)"), nullptr);
  EXPECT_EQ(cache.parsed("income_growth > county_mean(income_growth)")->aggregates().size(), 1u);
}

TEST(AggregateCache, AFilterBoundAsAConditionTestsLikeTheFilterMask) {
  const FeatureTable a = villages(1.0);
  AggregateCache cache;
  const std::string filter = "income_growth > 0.04";
  const indicators::Expression* e = cache.bound(a, filter, true);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(cache.bound(a, filter, true), e);  // bound once
  const auto mask = indicators::filter_mask(a, filter);
  ASSERT_TRUE(mask.has_value());
  for (size_t r = 0; r < a.size(); ++r) EXPECT_EQ(e->test(r) == indicators::Truth::yes, (*mask)[r] == 1) << "row " << r;
  EXPECT_EQ(cache.bound(a, "income_growth + 1", true), nullptr);  // not a condition
}

}  // namespace
}  // namespace jiuyou::compare
