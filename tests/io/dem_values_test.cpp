// A DEM that cannot give heights is said so (#17): every cell nodata is an
// error naming the file (validate printed "elevation 1e30..-1e30 m"), and a
// DEM that covers none of the villages is one warning with both extents, not
// "village outside the DEM" for every village.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <gdal_priv.h>

#include "gis/indicators/check.hpp"
#include "gis/indicators/rule_set.hpp"
#include "gis/io/load.hpp"
#include "support/test_paths.hpp"

namespace jiuyou {
namespace {

namespace fs = std::filesystem;

// A 20 x 20 GeoTIFF in EPSG:4546 at (x0, y0), `cell` m cells, every cell `value`, nodata -9999.
fs::path write_dem(const fs::path& path, double x0, double y0, float value, double cell = 100) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  GDALDataset* ds = drv->Create(path.string().c_str(), 20, 20, 1, GDT_Float32, nullptr);
  double gt[6] = {x0, cell, 0, y0, 0, -cell};
  ds->SetGeoTransform(gt);
  OGRSpatialReference srs;
  srs.importFromEPSG(4546);
  ds->SetSpatialRef(&srs);
  GDALRasterBand* band = ds->GetRasterBand(1);
  band->SetNoDataValue(-9999);
  std::vector<float> cells(400, value);
  EXPECT_EQ(band->RasterIO(GF_Write, 0, 0, 20, 20, cells.data(), 20, 20, GDT_Float32, 0, 0), CE_None);
  GDALClose(ds);
  return path;
}

// The demo project with its DEM replaced by `dem`.
Result<Workspace> load_demo_with_dem(const fs::path& dem) {
  const fs::path demo = test::source_dir() / "data" / "demo";
  std::ifstream in(demo / "project.toml");
  std::stringstream text;
  text << in.rdbuf();
  std::string toml = text.str();
  const std::string from = "path = \"dem.tif\"";
  const auto at = toml.find(from);
  EXPECT_NE(at, std::string::npos) << "the demo project's DEM line changed";
  if (at != std::string::npos) toml.replace(at, from.size(), "path = \"" + dem.string() + "\"");
  auto project = io::parse_project_toml(toml, (demo / "project.toml").string());
  if (!project) return tl::unexpected(project.error());
  return io::load_workspace(*project);
}

TEST(DemValues, ADemOfOnlyNodataIsAnErrorNamingTheFile) {
  const fs::path dem = write_dem(test::scratch_dir() / "empty.tif", 500000, 3600000, -9999);
  const auto ws = load_demo_with_dem(dem);
  ASSERT_FALSE(ws);
  EXPECT_EQ(ws.error().code, ErrorCode::format);
  EXPECT_EQ(ws.error().file, dem.string());
  EXPECT_NE(ws.error().message.find("所有格子都是无数据值"), std::string::npos) << ws.error().to_string();
}

TEST(DemValues, ADemOutsideTheVillagesIsOneWarning) {
  const fs::path dem = write_dem(test::scratch_dir() / "far.tif", 300000, 2500000, 812);
  const auto ws = load_demo_with_dem(dem);
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(ws->issues.count("dem_outside_villages"), 1u);
}

TEST(DemValues, TheDemosOwnDemRaisesNothing) {
  const auto ws = load_demo_with_dem(test::source_dir() / "data" / "demo" / "dem.tif");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(ws->issues.count("dem_outside_villages"), 0u);
}

// tour 19 T11: a DEM the load leaves out (heights that cannot be metres) is said as left out wherever a missing DEM
// is said, never "no DEM … add [layers.dem] path = \"dem.tif\"" to a project that has that very line.
TEST(DemValues, ADemLeftOutIsSaidAsLeftOutNotAsMissing) {
  // over the demo county (its DEM's extent), 31,000 everywhere: decimetres or worse
  const fs::path dem = write_dem(test::scratch_dir() / "dm.tif", 382122, 3612917, 31000, 4530);
  const auto ws = load_demo_with_dem(dem);
  ASSERT_TRUE(ws) << ws.error().to_string();
  ASSERT_EQ(ws->issues.count("dem_implausible_heights"), 1u);
  EXPECT_FALSE(ws->dem);
  EXPECT_NE(ws->dem_unused.find("dem_implausible_heights"), std::string::npos) << ws->dem_unused;
  auto rules = indicators::load_rule_set("hubei-2017");
  ASSERT_TRUE(rules) << rules.error().to_string();
  auto r = indicators::check_villages(*ws, *rules);
  ASSERT_TRUE(r) << r.error().to_string();
  bool said = false;
  for (const Issue& i : r->notes.entries()) {
    if (i.code != "dem_missing") continue;
    said = true;
    EXPECT_NE(i.message.find("未使用：高程不像是以米为单位"), std::string::npos) << i.message;
    EXPECT_EQ(i.hint.find("[layers.dem]"), std::string::npos) << i.hint;
  }
  EXPECT_TRUE(said);
}

}  // namespace
}  // namespace jiuyou
