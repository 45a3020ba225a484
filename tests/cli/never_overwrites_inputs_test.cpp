// Outputs never overwrite what a planner already has: a map or an atlas written
// over one of the files it was drawn from, or a synthetic county written into a
// folder holding a real county's project, is refused with the files unchanged.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;
using jiuyou::test::quoted;
using jiuyou::test::run_command;

namespace {

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A copy of the demo county under another layer file name, as a county office would
// name its own files, with a project file of its own (no synth mark).
fs::path county_copy(const std::string& name) {
  const fs::path dir = jiuyou::test::scratch_dir() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path demo = jiuyou::test::source_dir() / "data" / "demo";
  fs::copy_file(demo / "county.gpkg", dir / "county.gpkg");
  fs::copy_file(demo / "dem.tif", dir / "dem.tif");
  std::string toml = bytes_of(demo / "project.toml");
  toml = "# 本县 2025 年数据（县自然资源局整理）\n" + toml.substr(toml.find("[project]"));
  jiuyou::test::write_text_file(dir / "project.toml", toml);
  return dir;
}

std::string command(const std::string& args) { return jiuyou::test::jiuyou_bin() + " " + args; }

}  // namespace

TEST(NeverOverwritesInputs, RenderOverALayerFileIsRefused) {
  const fs::path dir = county_copy("render_over_input");
  const std::string before = bytes_of(dir / "county.gpkg");
  const auto r = run_command(command("render " + quoted(dir / "project.toml") + " --out " + quoted(dir / "county.gpkg") + " -q"));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("an input of this run"), std::string::npos) << r.output;
  EXPECT_EQ(bytes_of(dir / "county.gpkg"), before);
  // The project file itself, and the DEM, are inputs too.
  EXPECT_EQ(run_command(command("render " + quoted(dir / "project.toml") + " --out " + quoted(dir / "dem.tif") + " -q")).code, 2);
  EXPECT_EQ(run_command(command("render " + quoted(dir / "project.toml") + " --out " + quoted(dir / "project.toml") + " -q")).code, 2);
  EXPECT_TRUE(bytes_of(dir / "project.toml").rfind("# 本县", 0) == 0);
}

TEST(NeverOverwritesInputs, AtlasOverALayerFileIsRefused) {
  const fs::path dir = county_copy("atlas_over_input");
  const std::string before = bytes_of(dir / "dem.tif");
  const auto r = run_command(command("atlas " + quoted(dir / "project.toml") + " --by township --out " + quoted(dir / "dem.tif") + " -q"));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_EQ(bytes_of(dir / "dem.tif"), before);
}

TEST(NeverOverwritesInputs, SynthIntoACountysOwnProjectIsRefused) {
  const fs::path dir = county_copy("synth_over_county");
  const std::string gpkg = bytes_of(dir / "county.gpkg"), toml = bytes_of(dir / "project.toml");
  for (const char* raw : {"", " --raw"}) {
    const auto r = run_command(command("synth --out " + quoted(dir) + " --villages 20 --townships 2 --area-km2 200 -q" + raw));
    EXPECT_EQ(r.code, 3) << raw << r.output;
    EXPECT_NE(r.output.find("not a county that synth wrote"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("hint:"), std::string::npos);
    EXPECT_EQ(bytes_of(dir / "county.gpkg"), gpkg);
    EXPECT_EQ(bytes_of(dir / "project.toml"), toml);
    EXPECT_FALSE(fs::exists(dir / "村点.shp"));
  }
}

TEST(NeverOverwritesInputs, SynthReplacesItsOwnCounty) {
  const fs::path dir = jiuyou::test::scratch_dir() / "synth_twice";
  fs::remove_all(dir);
  const std::string args = "synth --out " + quoted(dir) + " --villages 20 --townships 2 --area-km2 200 -q";
  ASSERT_EQ(run_command(command(args)).code, 0);
  const auto again = run_command(command(args + " --seed 5"));
  EXPECT_EQ(again.code, 0) << again.output;
  // A folder that synth did not write but that holds none of its files is fine too (a README beside it).
  const fs::path other = jiuyou::test::scratch_dir() / "synth_beside_readme";
  fs::remove_all(other);
  fs::create_directories(other);
  jiuyou::test::write_text_file(other / "README.md", "notes\n");
  EXPECT_EQ(run_command(command("synth --out " + quoted(other) + " --villages 20 --townships 2 --area-km2 200 -q")).code, 0);
  EXPECT_EQ(bytes_of(other / "README.md"), "notes\n");
}

// A single file written into another run's output folder would replace one of that set's files (tour 16 Q4:
// `render RESULT --out RESULT/map.png` replaced the check's map, which its report.html then showed) or stand in
// the way of the folder's next run: render, atlas and export refuse it, naming the folder and the command, and
// write beside it.
TEST(NeverOverwritesInputs, ASingleFileIntoAnotherRunsOutputFolderIsRefused) {
  const fs::path dir = county_copy("into_output_set");
  const fs::path out = dir / "out";
  const auto checked = run_command(command("check " + quoted(dir / "project.toml") + " --out " + quoted(out) + " -q"));
  ASSERT_LE(checked.code, 1) << checked.output;
  ASSERT_TRUE(fs::exists(out / "map.png"));
  const std::string map = bytes_of(out / "map.png");
  const auto names = [&] {
    std::vector<std::string> v;
    for (const auto& e : fs::directory_iterator(out)) v.push_back(e.path().filename().string());
    std::sort(v.begin(), v.end());
    return v;
  };
  const std::vector<std::string> before = names();
  const std::vector<std::string> refused{
      "render " + quoted(out / "result.gpkg") + " --out " + quoted(out / "map.png") + " -q",
      "render " + quoted(out) + " --out " + quoted(out / "roads_only.png") + " --layers villages,roads -q",
      "atlas " + quoted(out) + " --by township --out " + quoted(out / "atlas.pdf") + " -q",
      "export " + quoted(out / "result.gpkg") + " --layer villages --to " + quoted(out / "villages.geojson")};
  for (const std::string& args : refused) {
    const auto r = run_command(command(args));
    EXPECT_EQ(r.code, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find("lies in the output folder of `jiuyou check`"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("write beside the folder"), std::string::npos) << r.output;
  }
  EXPECT_EQ(bytes_of(out / "map.png"), map);
  EXPECT_EQ(names(), before);
  // Beside the folder, as the hint says: written.
  const auto beside = run_command(command("render " + quoted(out) + " --out " + quoted(dir / "out_map.png") + " --size 400x300 -q"));
  EXPECT_EQ(beside.code, 0) << beside.output;
  EXPECT_TRUE(fs::exists(dir / "out_map.png"));
}
