// Never a quiet truncation, never typed by the first feature, never a project
// file read from a device (#17).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <cstdio>

#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "io/gdal_fixture.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
using jiuyou::test::write_fixture;
namespace fs = std::filesystem;

namespace {

const char* k_demo_layers[] = {"county", "townships", "villages", "village_points", "roads", "water", "water_plants", "water_areas",
                               "power", "power_points", "broadband", "broadband_towers", "broadband_fiber", "facilities", "hazards", "protected"};

io::LayerSpec demo_spec(const fs::path& gpkg, const std::string& layer) {
  io::LayerSpec s;
  s.name = layer;
  s.layer = layer;
  s.path = gpkg.string();
  return s;
}

}  // namespace

TEST(DamagedGeoPackage, EveryLoadIsCompleteOrFailsNamingTheLayer) {
  const fs::path demo = jiuyou::test::source_dir() / "data/demo/county.gpkg";
  ASSERT_TRUE(fs::exists(demo));
  std::map<std::string, size_t> intact;
  for (const char* layer : k_demo_layers) {
    IssueLog log;
    auto t = io::read_layer(demo_spec(demo, layer), log);
    ASSERT_TRUE(t) << t.error().to_string();
    intact[layer] = t->size();
  }
  const fs::path dir = jiuyou::test::scratch_dir();
  const auto size = fs::file_size(demo);
  size_t failed_loads = 0, complete_loads = 0;
  for (unsigned seed = 1; seed <= 24; ++seed) {
    const fs::path copy = dir / ("damaged_" + std::to_string(seed) + ".gpkg");
    fs::copy_file(demo, copy, fs::copy_options::overwrite_existing);
    {
      std::fstream f(copy, std::ios::in | std::ios::out | std::ios::binary);
      std::mt19937_64 rng(seed);
      // Flip bytes past SQLite's 100-byte header: a few scattered, or a burst in one page.
      std::uniform_int_distribution<uint64_t> where(4096, size - 1);
      const int flips = seed % 3 == 0 ? 64 : 6;
      const uint64_t burst = where(rng);
      for (int i = 0; i < flips; ++i) {
        const uint64_t off = seed % 3 == 0 ? std::min<uint64_t>(burst + static_cast<uint64_t>(i) * 7, size - 1) : where(rng);
        f.seekg(static_cast<std::streamoff>(off));
        char c = 0;
        f.read(&c, 1);
        c = static_cast<char>(c ^ static_cast<char>(1 + rng() % 255));
        f.seekp(static_cast<std::streamoff>(off));
        f.write(&c, 1);
      }
    }
    for (const char* layer : k_demo_layers) {
      IssueLog log;
      auto t = io::read_layer(demo_spec(copy, layer), log);
      if (!t) {
        ++failed_loads;
        EXPECT_EQ(t.error().layer, layer) << "seed " << seed << ": " << t.error().to_string();
        EXPECT_EQ(t.error().file, copy.string());
        continue;
      }
      ++complete_loads;
      EXPECT_EQ(t->size(), intact[layer]) << "seed " << seed << " layer " << layer << ": fewer features and no error";
    }
  }
  std::printf("damaged copies: %zu layer loads failed naming their layer, %zu complete\n", failed_loads, complete_loads);
  EXPECT_GT(failed_loads, 0u);  // the damage was noticed somewhere
  EXPECT_GT(complete_loads, 0u);
}

TEST(DamagedGeoPackage, TruncatedFileFailsWithTheCountRead) {
  const fs::path demo = jiuyou::test::source_dir() / "data/demo/county.gpkg";
  const fs::path dir = jiuyou::test::scratch_dir();
  const fs::path copy = dir / "cut.gpkg";
  fs::copy_file(demo, copy);
  fs::resize_file(copy, fs::file_size(demo) * 3 / 4);
  size_t failed = 0;
  for (const char* layer : k_demo_layers) {
    IssueLog log;
    auto t = io::read_layer(demo_spec(copy, layer), log);
    if (!t) {
      ++failed;
      EXPECT_EQ(t.error().layer, layer);
      EXPECT_EQ(exit_code_for(t.error().code), 4);
    }
  }
  EXPECT_GT(failed, 0u);
}

TEST(GeometryTyping, APointAmongPolygonsDoesNotTypeTheLayer) {
  const fs::path dir = jiuyou::test::scratch_dir();
  // GeoJSON declares no geometry type for mixed collections; the first feature is a point.
  test::write_text_file(dir / "v.geojson",
             R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"420323100201"},"geometry":{"type":"Point","coordinates":[110.2,32.2]}},
{"type":"Feature","properties":{"code":"420323100202"},"geometry":{"type":"Polygon","coordinates":[[[110.3,32.3],[110.31,32.3],[110.31,32.31],[110.3,32.3]]]}},
{"type":"Feature","properties":{"code":"420323100203"},"geometry":{"type":"Polygon","coordinates":[[[110.4,32.3],[110.41,32.3],[110.41,32.31],[110.4,32.3]]]}},
{"type":"Feature","properties":{"code":"420323100204"},"geometry":{"type":"MultiPolygon","coordinates":[[[[110.5,32.3],[110.51,32.3],[110.51,32.31],[110.5,32.3]]]]}}]})");
  io::LayerSpec s;
  s.name = "villages";
  s.path = (dir / "v.geojson").string();
  IssueLog log;
  auto t = io::read_layer(s, log);
  ASSERT_TRUE(t) << t.error().to_string();
  EXPECT_EQ(t->geometry.kind, GeometryKind::polygon);
  ASSERT_EQ(t->size(), 4u);  // every village kept
  EXPECT_TRUE(t->geometry.is_empty(0));  // the point's geometry dropped
  for (size_t i = 1; i < 4; ++i) EXPECT_FALSE(t->geometry.is_empty(i)) << i;
  ASSERT_EQ(log.count("geometry_kind_mismatch"), 1u);  // one warning naming the FIDs
  for (const auto& i : log.entries())
    if (i.code == "geometry_kind_mismatch") {
      EXPECT_EQ(i.severity, Severity::warning);
      EXPECT_NE(i.message.find("1 个要素"), std::string::npos) << i.message;
      EXPECT_NE(i.hint.find("villages_points"), std::string::npos);
    }
  EXPECT_EQ(log.count("empty_geometry"), 0u);
}

TEST(GeometryTyping, ATableWithoutGeometryForASpatialLayerIsAClearError) {
  const fs::path dir = jiuyou::test::scratch_dir();
  test::write_text_file(dir / "roads.csv", "class,surface\ncounty,asphalt\n");
  io::LayerSpec s;
  s.name = "roads";
  s.path = (dir / "roads.csv").string();
  IssueLog log;
  auto t = io::read_layer(s, log);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::format);
  EXPECT_EQ(t.error().layer, "roads");
  EXPECT_NE(t.error().hint.find("wkt"), std::string::npos);
  // The same table joined onto a layer needs none.
  s.join_to = "villages";
  s.name = "stats";
  EXPECT_TRUE(io::read_layer(s, log)) << "a joined table has no geometry";
}

TEST(ProjectFile, DevicesFoldersAndHugeFilesAreRefusedAsProjectErrors) {
  const fs::path dir = jiuyou::test::scratch_dir();
  auto dev = io::load_project("/dev/zero");
  ASSERT_FALSE(dev);
  EXPECT_EQ(dev.error().code, ErrorCode::project);
  EXPECT_EQ(exit_code_for(dev.error().code), 6);
  EXPECT_EQ(dev.error().file, "/dev/zero");
  fs::create_directories(dir / "p.toml");
  auto folder = io::load_project((dir / "p.toml").string());
  ASSERT_FALSE(folder);
  EXPECT_EQ(folder.error().code, ErrorCode::project);
  const fs::path huge = dir / "huge.toml";
  {
    std::ofstream out(huge, std::ios::binary);
    const std::string line = "# padding padding padding padding padding padding padding padding\n";
    for (int i = 0; i < (5 << 20) / static_cast<int>(line.size()); ++i) out << line;
  }
  auto big = io::load_project(huge.string());
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::project);
  EXPECT_NE(big.error().message.find("4 MiB"), std::string::npos);
}
