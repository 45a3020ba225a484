// unknown_fractions_among_percents (gis/io/shares.hpp; tour 20 N1): after a「%」header divided a share column,
// a value read as 1 % or less is in doubt only where the column's typical share is high.
#include <gtest/gtest.h>

#include <algorithm>

#include "gis/io/schema.hpp"
#include "gis/io/shares.hpp"
#include "support/table_builders.hpp"

using namespace jiuyou;

namespace {

const io::CanonicalField& field_named(const std::string& name) {
  const auto& fields = io::canonical_fields("villages");
  return *std::find_if(fields.begin(), fields.end(), [&](const io::CanonicalField& f) { return f.name == name; });
}
const io::CanonicalField& share_field() { return field_named("poor_insured_share"); }

FeatureTable villages_with(const std::vector<double>& shares, const std::string& field = "poor_insured_share") {
  FeatureTable t = test::make_table("villages", GeometryKind::point);
  Column& c = test::col(t, field, FieldType::real);
  for (size_t i = 0; i < shares.size(); ++i) {
    test::add_point(t, 1000.0 * static_cast<double>(i), 0);
    c.push_real(shares[i]);
  }
  return t;
}

}  // namespace

TEST(SmallSharesUnderPercent, AOnePercentAmongHighSharesIsUnknown) {
  FeatureTable t = villages_with({0.95, 0.98, 0.01, 0.97, 0.99, 0.0095});
  IssueLog log;
  io::unknown_fractions_among_percents(t, share_field(), "villages.poor_insured_share", *t.column("poor_insured_share"), {}, log);
  const Column& c = *t.column("poor_insured_share");
  EXPECT_TRUE(c.is_null(2));
  EXPECT_TRUE(c.is_null(5));
  EXPECT_DOUBLE_EQ(*c.number(0), 0.95);
  EXPECT_EQ(log.count("share_unit_ambiguous"), 1u);
}

TEST(SmallSharesUnderPercent, OneWithItsOwnSignOrAmongSmallSharesStays) {
  FeatureTable t = villages_with({0.95, 0.98, 0.01, 0.97, 0.99});
  IssueLog log;
  io::unknown_fractions_among_percents(t, share_field(), "villages.poor_insured_share", *t.column("poor_insured_share"), {2}, log);
  EXPECT_DOUBLE_EQ(*t.column("poor_insured_share")->number(2), 0.01) << "typed 1%";
  FeatureTable small = villages_with({0.05, 0.03, 0.01, 0.08, 0.04, 0.06});
  io::unknown_fractions_among_percents(small, share_field(), "villages.poor_insured_share", *small.column("poor_insured_share"), {}, log);
  EXPECT_DOUBLE_EQ(*small.column("poor_insured_share")->number(2), 0.01) << "1 % among shares of about 5 %";
  EXPECT_EQ(log.count("share_unit_ambiguous"), 0u);
}

// tour 20 N2: 收入增长率 in percent with 13 villages' growth typed as fractions (0.09 read as 0.09 %, the county mean
// fell). A value whose hundredfold lies among the others is in doubt; a small growth of its own (0.5 %) is not.
TEST(SmallSharesUnderPercent, AGrowthTypedAsAFractionAmongPercentsIsUnknown) {
  FeatureTable t = villages_with({0.092, 0.085, 0.101, 0.0009, 0.098, 0.005, 0.088}, "income_growth");
  IssueLog log;
  io::unknown_fractions_among_percents(t, field_named("income_growth"), "villages.income_growth", *t.column("income_growth"), {}, log);
  const Column& c = *t.column("income_growth");
  EXPECT_TRUE(c.is_null(3)) << "0.09 typed among 8.5–10.1";
  EXPECT_DOUBLE_EQ(*c.number(5), 0.005) << "0.5 %: 50 is no typical growth here";
  EXPECT_EQ(log.count("ratio_unit_ambiguous"), 1u);
  EXPECT_EQ(log.count("share_unit_ambiguous"), 0u);
}
