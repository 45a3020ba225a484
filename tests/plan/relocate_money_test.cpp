// Tour 15's relocation leftovers (H1–H3): [relocate] money outside its plausible range without a
// unit slip is warned naming the file, line, key and value, on relocation.html's first lines; a price
// of 0 or less is refused; every bad money key is named in one error.
#include <gtest/gtest.h>

#include <string>

#include "gis/plan/relocate_report.hpp"
#include "gis/relocate/relocate.hpp"
#include "valley_fixture.hpp"

using namespace jiuyou;
using namespace jiuyou::plan;
using namespace jiuyou::plan::valley_fixture;

namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

}  // namespace

TEST(RelocateMoney, AnOddButPossiblePriceIsWarnedNamingFileLineKeyAndValue) {
  // 15,000 万元 a site: three times the range's top (10–10,000 万元), no unit makes it plausible.
  auto p = parse_relocate_params("[relocate]\ngrid_cell_m = 200\nfixed_cost_per_site = 150000000\nroad_cny_per_km = 1000000\n", "project.toml");
  ASSERT_TRUE(p) << p.error().to_string();
  ASSERT_EQ(p->warnings_zh.size(), 1u);
  for (const char* w : {"project.toml", "line 3", "fixed_cost_per_site", "150000000 元", "15000 万元/each", "10–10000 万元/each", "偏高"})
    EXPECT_TRUE(has(p->warnings_zh[0], w)) << w << ": " << p->warnings_zh[0];
  // Too low but no unit slip: 4 万元/km of road (range 10–1,000).
  p = parse_relocate_params("[relocate]\nroad_cny_per_km = 40000\n", "project.toml");
  ASSERT_TRUE(p) << p.error().to_string();
  ASSERT_EQ(p->warnings_zh.size(), 1u);
  EXPECT_TRUE(has(p->warnings_zh[0], "偏低")) << p->warnings_zh[0];
  // The defaults and plausible figures are silent.
  p = parse_relocate_params("[relocate]\nroad_cny_per_km = 1500000\nfixed_cost_per_site = 3000000\n", "project.toml");
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_TRUE(p->warnings_zh.empty());
}

TEST(RelocateMoney, TheWarningIsThePlansFirstNoteOnThePage) {
  auto parsed = parse_relocate_params("[relocate]\nfixed_cost_per_site = 150000000\n", "project.toml");
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  RelocateParams p = valley_params();
  p.warnings_zh = parsed->warnings_zh;
  const Workspace ws = valley();
  auto plan = plan_relocation(ws, road_rules(), p);
  ASSERT_TRUE(plan) << plan.error().to_string();
  bool noted = false;
  for (const auto& n : plan->notes.entries()) noted |= n.code == "cost_implausible" && has(n.message, "fixed_cost_per_site") && !n.hint.empty();
  EXPECT_TRUE(noted);
  const std::string html = relocation_html(*plan, &ws);
  const size_t at = html.find("请注意（单价）：");
  ASSERT_NE(at, std::string::npos);
  EXPECT_LT(at, html.find("<h2>概要")) << "before the figures it prices";
  EXPECT_TRUE(has(html, "line 2: fixed_cost_per_site = 150000000 元"));
  EXPECT_FALSE(has(html, "请先看（数据问题）：项目文件")) << "a price to confirm, not a data problem";
}

TEST(RelocateMoney, APriceOfZeroOrLessIsRefusedNamingLineAndKey) {
  for (const char* v : {"0", "0.0", "-1", "-1000000"}) {
    auto p = parse_relocate_params(std::string("[relocate]\nwater_cny_per_km = ") + v + "\n", "project.toml");
    ASSERT_FALSE(p) << v;
    EXPECT_EQ(p.error().code, ErrorCode::project) << v;
    EXPECT_EQ(p.error().file, "project.toml");
    EXPECT_EQ(p.error().field, "water_cny_per_km");
    EXPECT_TRUE(has(p.error().message, "line 2: water_cny_per_km")) << p.error().message;
    EXPECT_TRUE(has(p.error().message, "more than 0")) << p.error().message;
    EXPECT_TRUE(has(p.error().hint, "water_cny_per_km = 5000 (0.5 万元/km)")) << p.error().hint;
  }
  // Keys without a plausible range keep their own rule (0 is a meaningful weight).
  EXPECT_TRUE(parse_relocate_params("[relocate]\nweight_road = 0\n", "project.toml"));
}

TEST(RelocateMoney, EveryBadMoneyKeyIsNamedInOneError) {
  auto p = parse_relocate_params("[relocate]\nroad_cny_per_km = 100\ngrid_cell_m = 200\nfixed_cost_per_site = 0\npower_cny_per_km = 20\n", "project.toml");
  ASSERT_FALSE(p);
  const Error& e = p.error();
  EXPECT_EQ(e.field, "road_cny_per_km") << "the first";
  for (const char* w : {"3 money keys are wrong", "(1) line 2: road_cny_per_km", "(2) line 4: fixed_cost_per_site = 0", "(3) line 5: power_cny_per_km"})
    EXPECT_TRUE(has(e.message, w)) << w << ": " << e.message;
  for (const char* w : {"(1) did you mean road_cny_per_km = 1000000", "(2) give the county's price", "(3) did you mean power_cny_per_km = 200000"})
    EXPECT_TRUE(has(e.hint, w)) << w << ": " << e.hint;
}
