// Codes of every size of synthetic county carry their own county's prefix and
// are unique (#17: 5,000 villages gave 40 townships the next county's prefix
// without such a county); every numeric option of `jiuyou synth` is
// range-checked with a clear message and exit 2.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>

#include "gis/synth/synth_county.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
namespace fs = std::filesystem;

namespace {

void expect_codes_nest(const synth::SynthCounty& c) {
  std::set<std::string> counties;
  for (size_t r = 0; r < c.county.size(); ++r) {
    const std::string code = c.county.column("code")->as_text(r);
    EXPECT_EQ(code.size(), 6u) << code;
    EXPECT_TRUE(counties.insert(code).second) << "duplicate county code " << code;
  }
  EXPECT_TRUE(counties.count(c.code)) << "the given county code " << c.code << " has no county";
  std::set<std::string> townships;
  for (size_t r = 0; r < c.townships.size(); ++r) {
    const std::string code = c.townships.column("code")->as_text(r);
    const std::string county = c.townships.column("county")->as_text(r);
    ASSERT_EQ(code.size(), 9u) << code;
    EXPECT_EQ(code.substr(0, 6), county) << code << " is not under its county " << county;
    EXPECT_TRUE(counties.count(county)) << "township " << code << " names county " << county << ", which the county layer lacks";
    EXPECT_TRUE(townships.insert(code).second) << "duplicate township code " << code;
  }
  std::set<std::string> villages;
  for (size_t r = 0; r < c.villages.size(); ++r) {
    const std::string code = c.villages.column("code")->as_text(r);
    const std::string township = c.villages.column("township")->as_text(r);
    ASSERT_EQ(code.size(), 12u) << code;
    EXPECT_EQ(code.substr(0, 9), township) << code;
    EXPECT_TRUE(townships.count(township)) << township;
    EXPECT_TRUE(villages.insert(code).second) << "duplicate village code " << code;
  }
}

using CliResult = test::CommandResult;  // exit code and stdout + stderr

CliResult run_jiuyou(const std::string& args) { return test::run_command(test::jiuyou_bin() + " " + args); }

}  // namespace

class CodesBySize : public ::testing::TestWithParam<int> {};

TEST_P(CodesBySize, EveryCodeCarriesItsOwnCountyAndIsUnique) {
  auto p = synth::scaled_params(GetParam());
  p.village_polygons = GetParam() <= 5000;
  p.dem_cell_m = 400;  // the DEM is not what this test is about
  auto c = synth::synth_county(p);
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->villages.size(), static_cast<size_t>(GetParam()));
  expect_codes_nest(*c);
  // Up to 900 townships fit one county's codes (镇 100–199, 乡 200–999): one county, every code under 420323.
  if (c->townships.size() <= 900) {
    EXPECT_EQ(c->county.size(), 1u);
    for (size_t r = 0; r < c->villages.size(); ++r) ASSERT_EQ(c->villages.column("code")->as_text(r).substr(0, 6), "420323");
  } else {
    EXPECT_GE(c->county.size(), 2u);
  }
}

// 5,000 villages made 340 townships, which overflowed the old 300-a-county codes; 14,000 make two counties.
INSTANTIATE_TEST_SUITE_P(Sizes, CodesBySize, ::testing::Values(40, 5000, 14000));

TEST(SynthOptions, NumericOptionsOutOfRangeAreExitTwoNamingTheOption) {
  const auto out = (test::scratch_dir() / "c").string();
  const std::pair<const char*, const char*> cases[] = {
      {"--area-km2 0", "--area-km2"},     {"--area-km2 nan", "--area-km2"},    {"--area-km2 -3", "--area-km2"},    {"--center-lon 200", "--center-lon"},
      {"--center-lon inf", "--center-lon"}, {"--center-lat 95", "--center-lat"}, {"--villages -5", "--villages"},    {"--villages 0", "--villages"},
      {"--townships 0", "--townships"},   {"--dem-cell 0", "--dem-cell"},      {"--dem-cell -150", "--dem-cell"},  {"--seed -1", "--seed"},
      {"--villages abc", "--villages"},   {"--spelling klingon", "--spelling"}, {"--spelling other", "--raw"}, {"--area-km2 400000 --dem-cell 10", "--dem-cell"},
  };
  for (const auto& [args, option] : cases) {
    const CliResult r = run_jiuyou("synth --quiet --out " + out + " " + args);
    EXPECT_EQ(r.code, 2) << args << ": " << r.output;
    EXPECT_NE(r.output.find(option), std::string::npos) << args << " does not name " << option << ": " << r.output;
    EXPECT_FALSE(fs::exists(out)) << args << " wrote output";
  }
}

TEST(SynthOptions, TooManyVillagesForTheTownshipsIsExitTwoWithAHint) {
  const auto out = (test::scratch_dir() / "c").string();
  const CliResult r = run_jiuyou("synth --quiet --out " + out + " --villages 1000 --townships 1");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("--townships"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(SynthOptions, RawWritesTheOfficesFilesAndTheirProjects) {
  const auto out = test::scratch_dir() / "raw";
  const CliResult r = run_jiuyou("synth --quiet --raw --spelling other --villages 120 --townships 8 --area-km2 1200 --dem-cell 200 --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.output;
  for (const char* f : {"村界.shp", "村界.dbf", "村点.shp", "村级统计.xlsx", "公路_高德.geojson", "设施点.shp", "县界.shp", "乡镇界.shp", "专题图层.gpkg", "dem.tif",
                        "project.toml", "project_points.toml"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  EXPECT_FALSE(fs::exists(out / "村界.cpg"));
  EXPECT_FALSE(fs::exists(out / "county.gpkg")) << "--raw writes the office's files only";
  std::ifstream in(out / "project.toml");
  const std::string toml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(toml.find("header_row = 2"), std::string::npos);
  EXPECT_NE(toml.find("class = \"路线编号\""), std::string::npos);
  EXPECT_NE(toml.find("\"水泥砼\" = \"concrete\""), std::string::npos);
  for (const auto& e : fs::directory_iterator(out)) EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
}
