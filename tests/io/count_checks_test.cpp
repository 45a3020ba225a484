// G24 (the check's side): a part above its whole in one village (贫困户数 9910 of 991
// households) is warned with the village and both figures and made unknown, never
// judged ("贫困发生率 2304%"); a plausible figure is left alone.
#include <gtest/gtest.h>

#include "gis/io/count_checks.hpp"
#include "support/table_builders.hpp"

using namespace jiuyou;
using namespace jiuyou::test;

namespace {

// Two villages: 上肖家庄村 with the typed figures given, 柳林村 plausible.
FeatureTable villages(double poor_hh, double poor_pop, double relocate) {
  FeatureTable t = make_table("villages", GeometryKind::point);
  t.source = "/county/村界.shp";
  for (const char* c : {"code", "name"}) col(t, c, FieldType::text);
  for (const char* c : {"households", "population", "poor_households", "poor_population", "relocate_households"}) col(t, c, FieldType::real);
  const auto add = [&](const char* code, const char* name, std::initializer_list<double> v) {
    add_point(t, 0, 0);
    t.columns[0].push_text(code);
    t.columns[1].push_text(name);
    size_t k = 2;
    for (double x : v) t.columns[k++].push_real(x);
  };
  add("420323100210", "上肖家庄村", {991, 3038, poor_hh, poor_pop, relocate});
  add("420323100211", "柳林村", {200, 700, 12, 30, 0});
  return t;
}

}  // namespace

TEST(CountChecks, APartAboveItsWholeIsWarnedAndUnknown) {
  FeatureTable t = villages(9910, 70000, 0);
  IssueLog log;
  io::check_count_pairs(t, log);
  EXPECT_EQ(log.count("implausible_count"), 2u);
  EXPECT_TRUE(t.column("poor_households")->is_null(0)) << "9910 of 991 households: unknown, not judged";
  EXPECT_TRUE(t.column("poor_population")->is_null(0));
  EXPECT_DOUBLE_EQ(*t.column("poor_households")->number(1), 12) << "the plausible village is untouched";
  const Issue& i = log.entries().front();
  EXPECT_EQ(i.file, "/county/村界.shp");
  EXPECT_EQ(i.feature, 1);
  EXPECT_EQ(i.field, "poor_households");
  EXPECT_NE(i.message.find("上肖家庄村（代码 420323100210）"), std::string::npos) << i.message;
  EXPECT_NE(i.message.find("贫困户数 9910 多于总户数 991"), std::string::npos) << i.message;
  EXPECT_NE(i.hint.find("多打了一位"), std::string::npos) << i.hint;
  // tour 11 K22: each value made unknown is recorded with its figures, for the check's "数据不合理：…".
  EXPECT_EQ(log.count("value_set_unknown"), 2u);
  for (const Issue& cell : log.entries())
    if (cell.code == "value_set_unknown" && cell.field == "poor_households") {
      EXPECT_EQ(cell.feature, 1);
      EXPECT_EQ(cell.severity, Severity::info);
      EXPECT_EQ(cell.message, "9910 多于总户数 991");
    }
}

TEST(CountChecks, RelocatingHouseholdsAboveTheVillageAreWarnedAndLeftToRelocate) {
  FeatureTable t = villages(50, 150, 9910);
  IssueLog log;
  io::check_count_pairs(t, log);
  ASSERT_EQ(log.count("implausible_count"), 1u);
  EXPECT_EQ(log.entries().front().field, "relocate_households");
  EXPECT_DOUBLE_EQ(*t.column("relocate_households")->number(0), 9910) << "relocate sets it aside itself and says so on its page";
  EXPECT_EQ(log.count("value_set_unknown"), 0u) << "kept, so not recorded as made unknown";
}

TEST(CountChecks, EqualOrSmallerFiguresAndMissingWholesPass) {
  FeatureTable t = villages(991, 3038, 991);  // the whole village poor and moving: possible
  IssueLog log;
  io::check_count_pairs(t, log);
  EXPECT_EQ(log.count("implausible_count"), 0u);
  t.column("households")->set_null(0);
  t.column("poor_households")->set_real(0, 2000);
  io::check_count_pairs(t, log);
  EXPECT_EQ(log.count("implausible_count"), 0u) << "no whole to compare with: nothing said";
}

// tour 20 N4: more poor households than poor people (93 户 over 42 人: the two columns swapped in a row), or 0 poor
// people with 27 poor households, cannot be; which figure is wrong cannot be told, so both are unknown and said.
TEST(CountChecks, MorePoorHouseholdsThanPoorPeopleMakesBothUnknown) {
  for (const auto& [hh, pop] : {std::pair{93.0, 42.0}, std::pair{27.0, 0.0}}) {
    FeatureTable t = villages(hh, pop, 0);
    IssueLog log;
    io::check_count_pairs(t, log);
    EXPECT_EQ(log.count("implausible_count"), 1u) << hh;
    EXPECT_TRUE(t.column("poor_households")->is_null(0)) << hh;
    EXPECT_TRUE(t.column("poor_population")->is_null(0)) << "the incidence is read from it: " << pop;
    EXPECT_NE(log.entries().front().message.find("可能两列填反了"), std::string::npos) << log.entries().front().message;
    EXPECT_DOUBLE_EQ(*t.column("poor_population")->number(1), 30) << "the plausible village is untouched";
  }
}
