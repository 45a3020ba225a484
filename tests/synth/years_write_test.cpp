// `synth --years` writes its year folders, events.csv and crosswalk_truth.csv
// as one set: a failure midway leaves nothing new (a missing DIR stays
// missing, an earlier set stays whole), a folder holding other files is
// refused, and a rerun with fewer years replaces the older set as a whole.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "gis/synth/years.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
namespace fs = std::filesystem;

namespace {

// Two small counties-over-years (made once: each takes a few seconds).
const synth::CountyYears& county_years(int years, uint64_t seed) {
  static std::map<std::pair<int, uint64_t>, synth::CountyYears> made;
  auto it = made.find({years, seed});
  if (it != made.end()) return it->second;
  synth::SynthParams p;
  p.seed = seed;
  p.villages = 60;
  p.townships = 4;
  p.area_km2 = 800;
  p.dem_cell_m = 200;
  synth::YearsParams yp;
  yp.years = years;
  auto y = synth::synth_years(p, yp);
  EXPECT_TRUE(y) << y.error().to_string();
  return made.emplace(std::pair{years, seed}, y ? std::move(*y) : synth::CountyYears{}).first->second;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every path under `dir` (relative) with its size: what a reader would find there.
std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    out.insert(fs::relative(e.path(), dir).string() + (e.is_regular_file() ? ":" + std::to_string(e.file_size()) : "/"));
  return out;
}

// The entries of `parent` other than `keep` (staging or old folders, or the lock file, a run left behind).
std::vector<std::string> leftovers(const fs::path& parent, const std::string& keep) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(parent)) {
    const std::string name = e.path().filename().string();
    if (name != keep) out.push_back(name);
  }
  return out;
}

struct FailAt {
  explicit FailAt(const char* step) { ::setenv("JIUYOU_TEST_FAIL_AT", step, 1); }
  ~FailAt() { ::unsetenv("JIUYOU_TEST_FAIL_AT"); }
};

}  // namespace

TEST(SynthYearsWrite, AllFoldersAndTablesAppearTogether) {
  const fs::path out = test::scratch_dir() / "years";
  const auto& y = county_years(2, 5);
  ASSERT_EQ(y.counties.size(), 2u);
  ASSERT_TRUE(synth::write_synth_years(out.string(), y));
  for (const char* f : {"2024/project.toml", "2024/county.gpkg", "2024/dem.tif", "2025/project.toml", "2025/county.gpkg", "events.csv", "crosswalk_truth.csv"})
    EXPECT_TRUE(fs::is_regular_file(out / f)) << f;
  EXPECT_EQ(slurp(out / "events.csv"), synth::events_csv(y.events));
  EXPECT_TRUE(leftovers(out.parent_path(), "years").empty());
}

TEST(SynthYearsWrite, FailureMidwayLeavesNoFolder) {
  const fs::path out = test::scratch_dir() / "years";
  FailAt fail("synth-year-written");  // after the first year's folder is written
  auto ok = synth::write_synth_years(out.string(), county_years(2, 5));
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, ErrorCode::io);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(leftovers(out.parent_path(), "years").empty());
}

TEST(SynthYearsWrite, FailureMidwayKeepsThePreviousSetWhole) {
  const fs::path out = test::scratch_dir() / "years";
  ASSERT_TRUE(synth::write_synth_years(out.string(), county_years(2, 5)));
  const auto before = listing(out);
  const std::string events = slurp(out / "events.csv");
  for (const char* step : {"synth-year-written", "written", "synced"}) {
    FailAt fail(step);
    auto ok = synth::write_synth_years(out.string(), county_years(3, 9));
    ASSERT_FALSE(ok) << step;
    EXPECT_EQ(listing(out), before) << step;
    EXPECT_EQ(slurp(out / "events.csv"), events) << step;
    EXPECT_TRUE(leftovers(out.parent_path(), "years").empty()) << step;
  }
}

TEST(SynthYearsWrite, RerunWithFewerYearsReplacesTheOlderSet) {
  const fs::path out = test::scratch_dir() / "years";
  ASSERT_TRUE(synth::write_synth_years(out.string(), county_years(3, 9)));
  ASSERT_TRUE(fs::is_directory(out / "2026"));
  ASSERT_TRUE(synth::write_synth_years(out.string(), county_years(2, 5)));
  EXPECT_FALSE(fs::exists(out / "2026"));  // no year of the older run is left to be mistaken for this one
  EXPECT_EQ(slurp(out / "events.csv"), synth::events_csv(county_years(2, 5).events));
}

TEST(SynthYearsWrite, FolderWithOtherFilesIsRefusedAndKept) {
  const fs::path out = test::scratch_dir() / "years";
  fs::create_directories(out);
  std::ofstream(out / "my_notes.txt") << "keep me";
  auto ok = synth::write_synth_years(out.string(), county_years(2, 5));
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, ErrorCode::io);
  EXPECT_NE(ok.error().to_string().find("my_notes.txt"), std::string::npos) << ok.error().to_string();
  EXPECT_EQ(slurp(out / "my_notes.txt"), "keep me");
  EXPECT_FALSE(fs::exists(out / "2024"));
  fs::remove(out / "my_notes.txt");
  fs::create_directories(out / "photos");  // a folder that is no year of ours
  auto folder = synth::write_synth_years(out.string(), county_years(2, 5));
  ASSERT_FALSE(folder);
  EXPECT_NE(folder.error().to_string().find("photos"), std::string::npos) << folder.error().to_string();
  EXPECT_TRUE(fs::is_directory(out / "photos"));
}
