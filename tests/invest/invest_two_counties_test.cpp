// Two counties' same-named townships in one plan (tour 11 K33): 各乡镇 keys a township by its code,
// not its name, so each county's 城关镇 is its own row, each county has its 小计 row, and 建设地点
// names the county.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gis/app/invest_job.hpp"
#include "gis/app/invest_rows.hpp"
#include "gis/io/schema.hpp"
#include "support/table_builders.hpp"

namespace jiuyou {
namespace {

// Villages: `codes` with their townships' codes (the codes' first 9 digits); townships: 城关镇 in both
// counties, 永铺镇 only in the second; counties 九有县 (420323) and 十堰县 (420324).
app::InvestRun two_county_run() {
  app::InvestRun run;
  FeatureTable villages = test::make_table(std::string(io::target_layer), GeometryKind::point);
  FeatureTable townships = test::make_table("townships", GeometryKind::point);
  FeatureTable county = test::make_table("county", GeometryKind::point);
  const std::vector<std::string> codes{"420323100200", "420323100201", "420324100200", "420324101200", "420324101201"};
  for (const std::string& c : codes) {
    test::add_point(villages, 0, 0);
    test::col(villages, "code", FieldType::text).push_text(c);
    test::col(villages, "name", FieldType::text).push_text("村" + c.substr(9));
    test::col(villages, "township", FieldType::text).push_text(c.substr(0, 9));
  }
  for (const auto& [code, name] : std::vector<std::pair<std::string, std::string>>{
           {"420323100", "城关镇"}, {"420324100", "城关镇"}, {"420324101", "永铺镇"}}) {
    test::add_point(townships, 0, 0);
    test::col(townships, "code", FieldType::text).push_text(code);
    test::col(townships, "name", FieldType::text).push_text(name);
  }
  for (const auto& [code, name] : std::vector<std::pair<std::string, std::string>>{{"420323", "九有县"}, {"420324", "十堰县"}}) {
    test::add_point(county, 0, 0);
    test::col(county, "code", FieldType::text).push_text(code);
    test::col(county, "name", FieldType::text).push_text(name);
  }
  run.ws.layers = {std::move(villages), std::move(townships), std::move(county)};
  run.check.village_count = codes.size();
  run.check.verdict = {indicators::Outcome::pass, indicators::Outcome::fail, indicators::Outcome::fail, indicators::Outcome::pass,
                       indicators::Outcome::fail};
  run.exit_year = {2025, 0, 2025, 2025, 0};
  run.village_county = app::invest_out::village_counties(run.ws);
  return run;
}

TEST(InvestTwoCounties, SameNamedTownshipsOfTwoCountiesAreTwoRowsWithCountySubtotals) {
  const app::InvestRun run = two_county_run();
  ASSERT_EQ(run.village_county, (std::vector<std::string>{"九有县", "九有县", "十堰县", "十堰县", "十堰县"}));
  const app::invest_out::Names names(run.ws, run.check);
  const app::invest_out::TownshipTable t = app::invest_out::township_table(run, names);
  std::vector<std::string> labels;
  std::vector<size_t> villages;
  for (const auto& r : t.rows) labels.push_back(r.label), villages.push_back(r.villages);
  EXPECT_EQ(labels, (std::vector<std::string>{"城关镇（九有县，420323100）", "九有县小计", "城关镇（十堰县，420324100）", "永铺镇", "十堰县小计"}));
  EXPECT_EQ(villages, (std::vector<size_t>{2, 2, 1, 2, 3}));
  EXPECT_TRUE(t.rows[1].subtotal);
  EXPECT_EQ(t.rows[4].now, 1u);
  EXPECT_EQ(t.rows[4].plan, 2u);
  EXPECT_EQ(t.total.villages, 5u);
  EXPECT_EQ(t.total.plan, 3u);
}

TEST(InvestTwoCounties, AOneCountyProjectNamesNoCountyAndHasNoSubtotal) {
  app::InvestRun run = two_county_run();
  run.ws.layers.pop_back();  // no county layer: the prefixes name no known county
  run.village_county = app::invest_out::village_counties(run.ws);
  EXPECT_EQ(run.village_county, std::vector<std::string>(5));
  const app::invest_out::Names names(run.ws, run.check);
  const app::invest_out::TownshipTable t = app::invest_out::township_table(run, names);
  ASSERT_EQ(t.rows.size(), 3u) << "still one row per township code";
  for (const auto& r : t.rows) EXPECT_FALSE(r.subtotal);
  EXPECT_EQ(t.rows[0].label, "城关镇（420323100）");
}

}  // namespace
}  // namespace jiuyou
