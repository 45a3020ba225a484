#include <gtest/gtest.h>

#include "gis/indicators/rule_set.hpp"

using namespace jiuyou;
using namespace jiuyou::indicators;

namespace {
const char* k_head = "[rule_set]\nid = \"t\"\n";
Result<RuleSet> parse(const std::string& items) { return parse_rule_set(std::string(k_head) + items, "test.toml"); }
}  // namespace

TEST(RuleSet, ShippedRuleSetsLoad) {
  const auto names = shipped_rule_sets();
  for (const char* id : {"hubei-2017", "national-2016", "shaanxi-2017", "guangxi"})
    EXPECT_NE(std::find(names.begin(), names.end(), id), names.end()) << id;
  for (const auto& n : names) {
    auto rs = load_rule_set(n);
    ASSERT_TRUE(rs) << n << ": " << rs.error().to_string();
    EXPECT_FALSE(rs->items.empty());
  }
}

TEST(RuleSet, Hubei2017HasNineJiuyouAndFourNet4Items) {
  auto rs = load_rule_set("hubei-2017");
  ASSERT_TRUE(rs);
  EXPECT_EQ(rs->jiuyou_total(), 9u);
  EXPECT_EQ(rs->net4_total(), 4u);
  EXPECT_NE(rs->note.find("one reading"), std::string::npos);
  const Item* road = rs->item("road");
  ASSERT_NE(road, nullptr);
  EXPECT_EQ(road->kind, ItemKind::network_access);
  EXPECT_TRUE(road->require_connected);
  EXPECT_DOUBLE_EQ(road->max_distance_m, 500);
}

TEST(RuleSet, ParamsAreSubstitutedAndOverridable) {
  auto rs = load_rule_set("national-2016");
  ASSERT_TRUE(rs);
  EXPECT_EQ(rs->item("incidence")->expression, "poor_population / population < 0.02");
  auto west = load_rule_set("national-2016", {{"incidence_max", "0.03"}});
  ASSERT_TRUE(west);
  EXPECT_EQ(west->item("incidence")->expression, "poor_population / population < 0.03");
  auto bad = load_rule_set("national-2016", {{"incidence", "0.03"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "incidence");
}

TEST(RuleSet, UnknownKindIsNamed) {
  auto rs = parse("[[items]]\nid = \"road\"\nkind = \"network\"\n");
  ASSERT_FALSE(rs);
  EXPECT_EQ(rs.error().code, ErrorCode::rules);
  EXPECT_EQ(rs.error().file, "test.toml");
  EXPECT_NE(rs.error().message.find("'road'"), std::string::npos);
  EXPECT_NE(rs.error().message.find("unknown kind 'network'"), std::string::npos);
  EXPECT_NE(rs.error().hint.find("network_access"), std::string::npos);
}

TEST(RuleSet, ThresholdWithoutUnitIsRejected) {
  auto rs = parse("[[items]]\nid = \"road\"\nkind = \"network_access\"\nlayer = \"roads\"\nmax_distance = 500\n");
  ASSERT_FALSE(rs);
  EXPECT_NE(rs.error().message.find("has no unit"), std::string::npos);
  EXPECT_EQ(rs.error().field, "max_distance");
  EXPECT_NE(rs.error().hint.find("max_distance_m"), std::string::npos);
}

TEST(RuleSet, MissingThresholdIsRejected) {
  auto rs = parse("[[items]]\nid = \"road\"\nkind = \"network_access\"\nlayer = \"roads\"\n");
  ASSERT_FALSE(rs);
  EXPECT_EQ(rs.error().field, "max_distance_m");
}

TEST(RuleSet, FilterThatDoesNotParseIsRejectedWithItsItem) {
  auto rs = parse("[[items]]\nid = \"road\"\nkind = \"network_access\"\nlayer = \"roads\"\nmax_distance_m = 500\nfilter = \"surface IN ('asphalt'\"\n");
  ASSERT_FALSE(rs);
  EXPECT_EQ(rs.error().field, "filter");
  EXPECT_NE(rs.error().message.find("item 'road'"), std::string::npos);
}

TEST(RuleSet, ChildrenMustExistAndNotCycle) {
  auto missing = parse("[[items]]\nid = \"a\"\nkind = \"all_of\"\nchildren = [\"b\"]\n");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("child 'b'"), std::string::npos);
  auto cycle = parse("[[items]]\nid = \"a\"\nkind = \"all_of\"\nchildren = [\"b\"]\n[[items]]\nid = \"b\"\nkind = \"any_of\"\nchildren = [\"a\"]\n");
  ASSERT_FALSE(cycle);
  EXPECT_NE(cycle.error().message.find("cycle"), std::string::npos);
}

TEST(RuleSet, MalformedTomlAndUnknownNames) {
  auto rs = parse_rule_set("[rule_set\nid=", "bad.toml");
  ASSERT_FALSE(rs);
  EXPECT_EQ(rs.error().file, "bad.toml");
  auto none = load_rule_set("hubei-2099");
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().hint.find("hubei-2017"), std::string::npos);
  auto dup = parse("[[items]]\nid = \"a\"\nkind = \"attribute\"\nexpression = \"x > 1\"\n[[items]]\nid = \"a\"\nkind = \"attribute\"\nexpression = \"x > 2\"\n");
  ASSERT_FALSE(dup);
}
