// tour 17 R4: a villages table whose coordinates are GPS readings in 度分秒 is read (each village at its place);
// one whose coordinate columns give no village a location is refused naming the file, the column and a value,
// never checked as villages nowhere (exit 0 with every distance item unknown).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
namespace fs = std::filesystem;

namespace {

Result<Workspace> load_villages(const std::string& csv, const std::string& layer_keys = "x = \"经度\"\ny = \"纬度\"\n") {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::ofstream(dir / "v.csv") << csv;
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.csv\"\ncrs = \"EPSG:4490\"\n" << layer_keys;
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  io::LoadOptions o;
  o.reproject = false;
  return io::load_workspace(*p, o);
}

}  // namespace

TEST(TableCoordinates, DegreesMinutesSecondsPlaceEachVillage) {
  auto ws = load_villages("code,name,经度,纬度\n420323100201,柳林村,\"110°04'02.36\"\"\",\"32°16'08.24\"\"\"\n420323100202,石门村,110度05分00秒,32度17分30秒\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable* v = ws->layer("villages");
  ASSERT_NE(v, nullptr);
  ASSERT_EQ(v->size(), 2u);
  const BBox b = v->bbox();
  EXPECT_NEAR(b.min_x, 110 + 4 / 60.0 + 2.36 / 3600, 1e-6);
  EXPECT_NEAR(b.max_x, 110 + 5 / 60.0, 1e-6);
  EXPECT_NEAR(b.min_y, 32 + 16 / 60.0 + 8.24 / 3600, 1e-6);
  EXPECT_NEAR(b.max_y, 32 + 17.5 / 60.0, 1e-6);
  for (const Issue& i : ws->issues.entries()) EXPECT_NE(i.code, "bad_coordinate") << i.message;
}

TEST(TableCoordinates, ColumnsThatPlaceNoVillageAreRefusedNamingAValue) {
  auto ws = load_villages("code,name,经度,纬度\n420323100201,柳林村,城关镇东,山脚\n420323100202,石门村,村委会旁,河边\n");
  ASSERT_FALSE(ws);
  EXPECT_NE(ws.error().message.find("none of the 2 features has a location"), std::string::npos) << ws.error().message;
  EXPECT_NE(ws.error().message.find("城关镇东"), std::string::npos) << ws.error().message;
  EXPECT_EQ(ws.error().field, "经度");
  EXPECT_NE(ws.error().file.find("v.csv"), std::string::npos);
  // One village without a readable place among located ones: loaded, that village warned.
  auto some = load_villages("code,name,经度,纬度\n420323100201,柳林村,110.06,32.27\n420323100202,石门村,村委会旁,河边\n");
  ASSERT_TRUE(some) << some.error().to_string();
  bool warned = false;
  for (const Issue& i : some->issues.entries()) warned |= i.code == "bad_coordinate" && i.feature == 3;
  EXPECT_TRUE(warned);
}

TEST(TableCoordinates, CoordinateColumnsUnderFieldsAreToldWhereTheyBelong) {
  auto ws = load_villages("code,name,经度,纬度\n420323100201,柳林村,110.06,32.27\n", "[layers.villages.fields]\nx = \"经度\"\ny = \"纬度\"\n");
  ASSERT_FALSE(ws);
  EXPECT_NE(ws.error().hint.find("x and y belong in [layers.villages] itself, not under its .fields"), std::string::npos) << ws.error().hint;
}
