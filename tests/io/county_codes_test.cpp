// Villages of several counties (tour7 F26): those of a county of the project's
// county layer are no data error; villages of a county the project does not
// know are one warning per county, naming how many and which features.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "gis/io/codes.hpp"
#include "support/table_builders.hpp"

using namespace jiuyou;

namespace {

FeatureTable villages(size_t in_main, size_t in_other, const std::string& other) {
  FeatureTable t = jiuyou::test::make_table("villages", GeometryKind::point);
  t.columns = {Column("code", FieldType::text)};
  char buf[16];
  for (size_t i = 0; i < in_main + in_other; ++i) {
    jiuyou::test::add_point(t, 0, 0);
    std::snprintf(buf, sizeof buf, "%03zu", i % 1000);
    t.columns[0].push_text((i < in_main ? std::string("420323") : other) + "100" + buf);
  }
  return t;
}

FeatureTable county_layer(std::vector<std::pair<std::string, std::string>> counties) {
  FeatureTable t = jiuyou::test::make_table("county", GeometryKind::polygon);
  t.columns = {Column("code", FieldType::text), Column("name", FieldType::text)};
  for (const auto& [code, name] : counties) {
    jiuyou::test::add_square(t, 0, 0, 1, 1);
    t.columns[0].push_text(code);
    t.columns[1].push_text(name);
  }
  return t;
}

TEST(CountyCodes, TheCountyLayerNamesTheProjectsCounties) {
  const std::vector<FeatureTable> layers = {villages(3, 1, "420324"), county_layer({{"420323", "九有县"}, {"420324", "九有县（2）"}})};
  const io::CountyNames counties = io::project_counties(layers);
  ASSERT_EQ(counties.size(), 2u);
  EXPECT_EQ(counties.at("420324"), "九有县（2）");
  // The villages' own 12-digit codes are not counties.
  EXPECT_EQ(io::project_counties(std::vector<FeatureTable>{villages(3, 1, "420324")}).size(), 0u);
}

TEST(CountyCodes, VillagesOfAnotherCountyOfTheProjectAreNoIssue) {
  const FeatureTable v = villages(60, 40, "420324");
  const io::CountyNames counties = {{"420323", "九有县"}, {"420324", "九有县（2）"}};
  IssueLog log;
  io::check_codes(v, nullptr, log, &counties);
  EXPECT_EQ(log.count("code_county_mismatch"), 0u);
}

TEST(CountyCodes, ForeignVillagesAreOneWarningPerCounty) {
  const FeatureTable v = villages(60, 40, "420324");
  const io::CountyNames counties = {{"420323", "九有县"}};
  IssueLog log;
  io::check_codes(v, nullptr, log, &counties);
  ASSERT_EQ(log.count("code_county_mismatch"), 1u);
  const Issue& i = log.entries().front();
  EXPECT_EQ(i.severity, Severity::warning);
  EXPECT_EQ(i.layer, "villages");
  EXPECT_EQ(i.field, "code");
  EXPECT_EQ(i.feature, v.fid[60]);
  EXPECT_NE(i.message.find("40 个村的代码以 420324 开头，不属于本图层多数村所在的县（420323）：要素 " + std::to_string(v.fid[60]) + ", "),
            std::string::npos)
      << i.message;
  EXPECT_NE(i.message.find(" 等"), std::string::npos) << i.message;  // 40 villages, the first 10 listed
  EXPECT_NE(i.hint.find("县界图层"), std::string::npos) << i.hint;
}

}  // namespace
