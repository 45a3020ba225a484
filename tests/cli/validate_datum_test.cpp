// tour 10 J2: `jiuyou validate` says what `check` says about the data's datum: a layer
// (or the village polygons) stored in GCJ-02/BD-09 without saying so (likely_gcj02 /
// likely_bd09, gis/indicators/sanity.hpp), naming the layer and the line to add.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;

namespace {

// data/demo-raw's project (or another of its project files), its paths made absolute; `keep_gcj02` false:
// the roads' crs = "GCJ-02" line left out.
fs::path raw_project(bool keep_gcj02, const std::string& name = "project.toml") {
  const fs::path raw = jiuyou::test::source_dir() / "data/demo-raw";
  std::ifstream in(raw / name);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string out;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    at = end + 1;
    if (!keep_gcj02 && line.rfind("crs = \"GCJ-02\"", 0) == 0) continue;
    if (line.rfind("path = \"", 0) == 0) line.insert(8, raw.string() + "/");
    out += line + "\n";
  }
  const fs::path p = jiuyou::test::scratch_dir() / ((keep_gcj02 ? "declared-" : "undeclared-") + name);
  jiuyou::test::write_text_file(p, out);
  return p;
}

}  // namespace

TEST(ValidateDatum, RoadsInGcj02UndeclaredAreNamedAsTheCheckNamesThem) {
  if (!fs::exists(jiuyou::test::source_dir() / "data/demo-raw/project.toml")) GTEST_SKIP() << "no demo-raw county";
  const auto off = jiuyou::test::run_command(jiuyou::test::jiuyou_bin() + " validate --quiet --max-issues 200 " + raw_project(false).string());
  EXPECT_NE(off.output.find("likely_gcj02"), std::string::npos) << off.output;
  EXPECT_NE(off.output.find("crs = \"GCJ-02\""), std::string::npos) << "the line to add: " << off.output;
  const auto declared = jiuyou::test::run_command(jiuyou::test::jiuyou_bin() + " validate --quiet --max-issues 200 " + raw_project(true).string());
  EXPECT_EQ(declared.output.find("likely_gcj02"), std::string::npos) << "declared: no alarm: " << declared.output;
  EXPECT_EQ(declared.output.find("likely_bd09"), std::string::npos) << declared.output;
  EXPECT_EQ(off.code, declared.code) << "a warning, not an error: the exit status is the data's";
}

// tour 11 K3: village points where the rules measure from village areas change verdicts; validate says so as check does.
TEST(ValidateDatum, VillagePointsAreWarnedAsTheCheckWarnsThem) {
  if (!fs::exists(jiuyou::test::source_dir() / "data/demo-raw/project_points.toml")) GTEST_SKIP() << "no demo-raw county";
  const auto points = jiuyou::test::run_command(jiuyou::test::jiuyou_bin() + " validate --quiet --max-issues 200 " + raw_project(true, "project_points.toml").string());
  EXPECT_NE(points.output.find("points_for_polygons"), std::string::npos) << points.output;
  EXPECT_NE(points.output.find("村域面"), std::string::npos) << "the hint: " << points.output;
  const auto polygons = jiuyou::test::run_command(jiuyou::test::jiuyou_bin() + " validate --quiet --max-issues 200 " + raw_project(true).string());
  EXPECT_EQ(polygons.output.find("points_for_polygons"), std::string::npos) << polygons.output;
}
