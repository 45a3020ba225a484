#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

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
  auto cycle = parse("[[items]]\nid = \"a\"\nkind = \"all_of\"\nchildren = [\"b\"]\n[[items]]\nid = \"b\"\nkind = \"any_of\"\nvisible = false\nchildren = [\"a\"]\n");
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

// --- rule values, parameters and limits (issue 17) -------------------------

namespace {
const char* k_road = "[[items]]\nid = \"road\"\nkind = \"network_access\"\nlayer = \"roads\"\n";
// The error names the file, the item and the key, with exit code 7 (rules).
void expect_rule_error(const Result<RuleSet>& rs, const std::string& item, const std::string& key, const std::string& words) {
  ASSERT_FALSE(rs) << "accepted; expected an error about " << key;
  EXPECT_EQ(rs.error().code, ErrorCode::rules) << rs.error().to_string();
  EXPECT_EQ(exit_code_for(rs.error().code), 7);
  EXPECT_EQ(rs.error().file, "test.toml");
  EXPECT_EQ(rs.error().field, key) << rs.error().to_string();
  if (!item.empty()) {
    EXPECT_NE(rs.error().message.find("item '" + item + "'"), std::string::npos) << rs.error().message;
  }
  EXPECT_NE(rs.error().to_string().find(words), std::string::npos) << rs.error().to_string();
}
}  // namespace

TEST(RuleSet, DistancesMustBeFiniteAndNotNegative) {
  expect_rule_error(parse(std::string(k_road) + "max_distance_m = nan\n"), "road", "max_distance_m", "max_distance_m = nan is not a distance");
  expect_rule_error(parse(std::string(k_road) + "max_distance_m = inf\n"), "road", "max_distance_m", "inf");
  expect_rule_error(parse(std::string(k_road) + "max_distance_m = -5\n"), "road", "max_distance_m", "-5");
  expect_rule_error(parse(std::string(k_road) + "max_distance_m = 500\ntolerance_m = -1.0\n"), "road", "tolerance_m", "not a distance");
  expect_rule_error(parse(std::string(k_road) + "max_distance_m = 500\nanchor_distance_m = -50\n"), "road", "anchor_distance_m", "not a distance");
  expect_rule_error(parse(std::string(k_road) + "max_distance_m = \"500\"\n"), "road", "max_distance_m", "must be a number, not the text \"500\"");
  expect_rule_error(parse(std::string(k_road) + "max_distance_m = 1e300\n"), "road", "max_distance_m", "from 0 to 1000000");
  expect_rule_error(parse("[[items]]\nid = \"w\"\nkind = \"water_convenience\"\nlayer = \"water\"\nmax_distance_m = 800\nmax_vertical_m = -inf\n"), "w",
                    "max_vertical_m", "-inf");
  EXPECT_TRUE(parse(std::string(k_road) + "max_distance_m = 0\n"));  // inside the village only: allowed
}

TEST(RuleSet, ShareMustBeBetweenZeroAndOne) {
  const std::string bb = "[[items]]\nid = \"bb\"\nkind = \"coverage\"\nlayer = \"broadband\"\nfilter = \"kind = 'coverage'\"\n";
  expect_rule_error(parse(bb + "min_share = 1.5\n"), "bb", "min_share", "between 0 and 1");
  expect_rule_error(parse(bb + "min_share = -0.1\n"), "bb", "min_share", "between 0 and 1");
  expect_rule_error(parse(bb + "min_share = nan\n"), "bb", "min_share", "between 0 and 1");
  expect_rule_error(parse(bb + "tower_radius_m = -1\n"), "bb", "tower_radius_m", "not a distance");
}

TEST(RuleSet, ABooleanKeyTakesOnlyTrueOrFalse) {
  const std::string attr = "[[items]]\nid = \"lead\"\nkind = \"attribute\"\nexpression = \"has_leading_industry\"\n";
  expect_rule_error(parse(attr + "required = \"no\"\n"), "lead", "required", "must be true or false, not the text \"no\"");
  expect_rule_error(parse(attr + "visible = 0\n"), "lead", "visible", "must be true or false");
  expect_rule_error(parse(attr + "jiuyou = \"true\"\n"), "lead", "jiuyou", "must be true or false");
  auto ok = parse(attr + "required = false\n");
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_FALSE(ok->items[0].required);
  expect_rule_error(parse(attr + "name_zh = 5\n"), "lead", "name_zh", "must be \"text\"");
}

TEST(RuleSet, ExpressionsAreTypedAgainstTheDataContract) {
  auto attr = [](const std::string& e) { return parse("[[items]]\nid = \"x\"\nkind = \"attribute\"\nexpression = \"" + e + "\"\n"); };
  expect_rule_error(attr("collective_income + 5"), "x", "expression", "not a condition");
  expect_rule_error(attr("name > 5"), "x", "expression", "field 'name' (text)");
  expect_rule_error(attr("has_leading_industry > 'a'"), "x", "expression", "compares");
  expect_rule_error(attr("collective_income"), "x", "expression", "not a condition");
  EXPECT_TRUE(attr("collective_income >= 50000 AND has_leading_industry"));
  EXPECT_TRUE(attr("my_own_field = 'yes'"));  // not in the contract: any type
  // Filters are typed by their layer's fields.
  expect_rule_error(parse(std::string(k_road) + "max_distance_m = 500\nfilter = \"width_m = 'wide'\"\n"), "road", "filter", "width_m");
  expect_rule_error(parse("[[items]]\nid = \"p\"\nkind = \"network_access\"\nlayer = \"power\"\nmax_distance_m = 500\nfilter = \"voltage_kv LIKE '10%'\"\n"), "p",
                    "filter", "LIKE");
}

TEST(RuleSet, UnknownAndMisplacedKeysAreNamed) {
  expect_rule_error(parse(std::string(k_road) + "max_distance_m = 500\nrequire_conected = true\n"), "road", "require_conected", "did you mean 'require_connected'");
  expect_rule_error(parse(std::string(k_road) + "max_distance_m = 500\nexpression = \"x > 1\"\n"), "road", "expression", "does not apply to a network_access item");
  expect_rule_error(parse("[[items]]\nid = \"x\"\nkind = \"attribute\"\nexpression = \"x > 1\"\nmin_share = 0.5\n"), "x", "min_share", "does not apply");
  expect_rule_error(parse("[[items]]\nid = \"a\"\nkind = \"all_of\"\nchildren = [\"b\", 3]\n"), "a", "children", "item ids");
  auto top = parse_rule_set("[rule_set]\nid = \"t\"\n[param]\nx = 1\n[[items]]\nid = \"x\"\nkind = \"attribute\"\nexpression = \"x > 1\"\n", "test.toml");
  expect_rule_error(top, "", "param", "unknown key 'param'");
  auto head = parse_rule_set("[rule_set]\nid = \"t\"\nnmae_zh = \"x\"\n[[items]]\nid = \"x\"\nkind = \"attribute\"\nexpression = \"x > 1\"\n", "test.toml");
  expect_rule_error(head, "", "nmae_zh", "unknown key");
}

TEST(RuleSet, ParametersAreTypedValuesWithUnits) {
  auto incidence = [](const RuleParams& p) { return load_rule_set("national-2016", p); };
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{{"0.03", "0.03"}, {"3%", "0.03"}, {" 3 % ", "0.03"}, {"2.5%", "0.025"}}) {
    auto rs = incidence({{"incidence_max", text}});
    ASSERT_TRUE(rs) << text << ": " << rs.error().to_string();
    EXPECT_EQ(rs->item("incidence")->expression, "poor_population / population < " + expected) << text;
  }
  for (const char* bad : {"0.03 OR TRUE", "0.03) OR (1=1", "nan", "inf", "800m", "", "abc", "0x10", "3%%", "TRUE"}) {
    auto rs = incidence({{"incidence_max", bad}});
    ASSERT_FALSE(rs) << "accepted --param incidence_max=" << bad;
    EXPECT_EQ(rs.error().code, ErrorCode::rules);
    EXPECT_EQ(rs.error().field, "incidence_max");
    EXPECT_NE(rs.error().message.find("parameter 'incidence_max'"), std::string::npos) << rs.error().message;
  }
  // Distances (a name ending in _m) take metres or km; booleans true/false; text is one quoted literal.
  const std::string file = std::string(k_head) +
                           "[params]\nroad_m = 500\nstrict = true\nsurface = \"asphalt\"\n"
                           "[[items]]\nid = \"road\"\nkind = \"network_access\"\nlayer = \"roads\"\nmax_distance_m = 500\n"
                           "filter = \"width_m < ${road_m} AND surface = ${surface} AND ${strict}\"\n";
  auto rs = parse_rule_set(file, "test.toml", {{"road_m", "0.8km"}, {"strict", "false"}, {"surface", "x' OR 'a' = 'a"}});
  ASSERT_TRUE(rs) << rs.error().to_string();
  EXPECT_EQ(rs->items[0].filter, "width_m < 800 AND surface = 'x'' OR ''a'' = ''a' AND FALSE");
  EXPECT_FALSE(parse_rule_set(file, "test.toml", {{"road_m", "3%"}}));
  EXPECT_FALSE(parse_rule_set(file, "test.toml", {{"strict", "no"}}));
  EXPECT_FALSE(parse_rule_set(file, "test.toml", {{"strict", "1"}}));
  auto nan_default = parse_rule_set(std::string(k_head) + "[params]\nx = nan\n" + "[[items]]\nid = \"a\"\nkind = \"attribute\"\nexpression = \"population > ${x}\"\n", "test.toml");
  ASSERT_FALSE(nan_default);
  EXPECT_EQ(nan_default.error().field, "x");
}

TEST(RuleSet, ChainsLoadInLinearTimeAndNestingIsCapped) {
  // A 1000-item chain of all_of (the item cap) loads; nesting beyond the cap is refused by name.
  auto chain = [](size_t n) {
    std::string s = k_head;
    for (size_t i = 0; i < n; ++i)
      s += "[[items]]\nid = \"i" + std::to_string(i) + "\"\nkind = \"all_of\"\nvisible = false\nchildren = [\"i" + std::to_string(i + 1) + "\"]\n";
    s += "[[items]]\nid = \"i" + std::to_string(n) + "\"\nkind = \"attribute\"\nexpression = \"population > 0\"\n";
    return parse_rule_set(s, "test.toml");
  };
  EXPECT_TRUE(chain(k_max_item_nesting - 1));
  auto deep = chain(999);
  ASSERT_FALSE(deep);
  EXPECT_NE(deep.error().message.find("nest more than 32 levels"), std::string::npos) << deep.error().message;
  // Wide is fine: one all_of with 900 children.
  std::string wide = std::string(k_head) + "[[items]]\nid = \"all\"\nkind = \"all_of\"\nchildren = [";
  for (int i = 0; i < 900; ++i) wide += (i ? ", " : "") + std::string("\"c") + std::to_string(i) + "\"";
  wide += "]\n";
  for (int i = 0; i < 900; ++i) wide += "[[items]]\nid = \"c" + std::to_string(i) + "\"\nkind = \"attribute\"\nvisible = false\nexpression = \"population > " + std::to_string(i) + "\"\n";
  auto w = parse_rule_set(wide, "test.toml");
  ASSERT_TRUE(w) << w.error().to_string();
  EXPECT_EQ(w->items.size(), 901u);
  // A long cycle is found (and named) without recursion.
  std::string cyc = k_head;
  for (int i = 0; i < 500; ++i) cyc += "[[items]]\nid = \"i" + std::to_string(i) + "\"\nkind = \"any_of\"\nvisible = false\nchildren = [\"i" + std::to_string((i + 1) % 500) + "\"]\n";
  auto c = parse_rule_set(cyc, "test.toml");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("cycle"), std::string::npos);
}

TEST(RuleSet, ItemCountsAreCappedUpFront) {
  std::string many = k_head;
  for (size_t i = 0; i <= k_max_items; ++i) many += "[[items]]\nid = \"a" + std::to_string(i) + "\"\nkind = \"attribute\"\nexpression = \"population > 0\"\n";
  auto rs = parse_rule_set(many, "test.toml");
  ASSERT_FALSE(rs);
  EXPECT_EQ(rs.error().code, ErrorCode::rules);
  EXPECT_NE(rs.error().message.find("at most 1000"), std::string::npos) << rs.error().message;
  EXPECT_LT(rs.error().to_string().size(), 400u);
  std::string visible = k_head;
  for (size_t i = 0; i <= k_max_visible_items; ++i) visible += "[[items]]\nid = \"v" + std::to_string(i) + "\"\nkind = \"attribute\"\nexpression = \"population > 0\"\n";
  auto v = parse_rule_set(visible, "test.toml");
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message.find("2000 columns"), std::string::npos) << v.error().message;
  EXPECT_NE(v.error().hint.find("visible = false"), std::string::npos);
}

TEST(RuleSet, HugeDeviceAndFolderFilesAreRefused) {
  auto dev = load_rule_set("/dev/zero.toml");
  ASSERT_FALSE(dev);  // no such file (not a hang)
  const auto dir = std::filesystem::temp_directory_path() / ("jiuyou_rules_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "folder.toml");
  auto folder = load_rule_set((dir / "folder.toml").string());
  ASSERT_FALSE(folder);
  EXPECT_EQ(folder.error().code, ErrorCode::rules);
  EXPECT_NE(folder.error().message.find("not a regular file"), std::string::npos);
  std::filesystem::create_symlink("/dev/zero", dir / "zero.toml");
  auto zero = load_rule_set((dir / "zero.toml").string());
  ASSERT_FALSE(zero);
  EXPECT_EQ(exit_code_for(zero.error().code), 7);
  {
    std::ofstream big(dir / "big.toml");
    big << k_head << "# " << std::string(k_max_rule_file_bytes, 'x') << "\n";
  }
  auto huge = load_rule_set((dir / "big.toml").string());
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, ErrorCode::rules);
  EXPECT_NE(huge.error().message.find("at most 4194304"), std::string::npos) << huge.error().message;
  std::filesystem::remove_all(dir);
}

TEST(RuleSet, TomlSyntaxErrorsSayLineAndColumn) {
  auto rs = parse_rule_set("[rule_set]\nid = \"t\"\nname_zh = \"unterminated\n", "bad.toml");
  ASSERT_FALSE(rs);
  EXPECT_EQ(rs.error().code, ErrorCode::rules);
  EXPECT_EQ(rs.error().file, "bad.toml");
  EXPECT_NE(rs.error().message.find("TOML syntax error at line 3, column"), std::string::npos) << rs.error().message;
}

// Inputs found by fuzz/fuzz_rule_set (scripts/fuzz.sh): each must end in an
// error or a rule set, never a crash.
TEST(RuleSet, FuzzRegressions) {
  // toml++ 3.3 asserts on a table header starting with '.' in a debug build (parse_key).
  auto dot_header = parse_rule_set("#param 3%\n[rule_set]\nid = \"p\"\n[params]\nx = 0\n[.20i[tems]]]\nx = 0.02\n", "fuzz.toml");
  ASSERT_FALSE(dot_header);
  EXPECT_EQ(dot_header.error().code, ErrorCode::rules);
  EXPECT_NE(dot_header.error().message.find("TOML syntax error at line 6"), std::string::npos) << dot_header.error().message;
  // Non-ASCII characters where toml++ tests for whitespace (its header-only build reaches
  // an unreachable branch for U+00A1..U+0499 and U+2C5E..U+3057 other than U+3000).
  for (const char* text : {"[rule_set]\nid = \"t\"\u3001\n", "[rule_set]\u00e9\nid = \"t\"\n", "[rule_set]\nid\u3002= \"t\"\n",
                           "[rule_set]\nid = \"t\"\n[[items]] \u3001\n", "[rule_set]\nid = \"t\" \u0400\n"}) {
    auto rs = parse_rule_set(text, "fuzz.toml");
    ASSERT_FALSE(rs) << text;
    EXPECT_EQ(rs.error().code, ErrorCode::rules) << text;
  }
}
