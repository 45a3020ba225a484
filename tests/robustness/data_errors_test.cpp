// Data errors are the data's (#17): an empty villages layer or a shapefile
// without its .dbf exit 4 naming the layer and its file — not 7 blaming the
// rule file — and write nothing. A table lacking only some columns is checked
// on what there is (#18).
#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "robustness/harness.hpp"

namespace jiuyou::robust {
namespace {

// The county's project with its villages layer read from `villages_block` instead.
fs::path project_with_villages(const fs::path& dir, const std::string& villages_block) {
  copy_county(dir);
  std::string toml = read_file(dir / "project.toml");
  const std::regex block("\\[layers\\.villages\\]\\npath = \"county\\.gpkg\"\\nlayer = \"villages\"\\n");
  EXPECT_TRUE(std::regex_search(toml, block)) << "the synthetic project's villages block changed";
  toml = std::regex_replace(toml, block, villages_block);
  write_file(dir / "project.toml", toml);
  return dir / "project.toml";
}

void expect_data_error(const RunResult& r, const fs::path& out, const std::string& file) {
  EXPECT_EQ(r.code, 4) << r.output;
  EXPECT_TRUE(contains(r.output, "villages")) << r.output;
  EXPECT_TRUE(contains(r.output, file)) << r.output;
  EXPECT_FALSE(contains(r.output, "error: " + (test::source_dir() / "data" / "rules").string())) << "not blamed on the rule file: " << r.output;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(temporaries(out.parent_path(), out.filename().string()).empty());
}

TEST(DataErrors, AnEmptyVillagesLayerIsADataError) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = project_with_villages(dir / "in", "[layers.villages]\npath = \"villages.csv\"\nx = \"lon\"\ny = \"lat\"\ncrs = \"EPSG:4490\"\n");
  write_file(dir / "in" / "villages.csv", "code,name,township,population,lon,lat\n");
  const RunResult r = run({"check", project.string(), "--out", (dir / "out").string(), "-q", "--no-map"});
  expect_data_error(r, dir / "out", "villages.csv");
}

TEST(DataErrors, AShapefileWithoutItsDbfIsADataError) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = project_with_villages(dir / "in", "[layers.villages]\npath = \"v.shp\"\n");
  const RunResult exported = run({"export", (dir / "in" / "county.gpkg").string(), "--layer", "villages", "--to", (dir / "in" / "v.shp").string(), "--crs", "EPSG:4490"});
  ASSERT_EQ(exported.code, 0) << exported.output;
  fs::remove(dir / "in" / "v.dbf");
  const RunResult r = run({"check", project.string(), "--out", (dir / "out").string(), "-q", "--no-map"});
  expect_data_error(r, dir / "out", "v.shp");
}

// A table that has the villages but not every column the standard reads is checked
// on what there is (#18): the items it cannot judge are unknown for every village,
// each missing field named once, and the check exits 1 (findings) with its outputs.
TEST(DataErrors, ACsvWithoutSomeColumnsIsCheckedOnWhatThereIsAndExitsOne) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = project_with_villages(dir / "in", "[layers.villages]\npath = \"villages.csv\"\nx = \"lon\"\ny = \"lat\"\ncrs = \"EPSG:4490\"\n");
  write_file(dir / "in" / "villages.csv", "code,lon,lat\n420300001001,110.1,32.1\n420300001002,110.2,32.2\n");
  const RunResult r = run({"check", project.string(), "--out", (dir / "out").string(), "-q", "--no-map"});
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "collective_income")) << r.output;
  EXPECT_TRUE(contains(r.output, "could not be judged")) << r.output;
  EXPECT_TRUE(fs::exists(dir / "out" / "result.gpkg"));
  EXPECT_TRUE(temporaries(dir, "out").empty());
}

// A table declared UTF-8 whose bytes are GBK (张家村 = D5C5 BCD2 B4E5): the
// loader decodes what is not UTF-8 as GB18030, so the name reaches the outputs
// readable and valid, never as raw bytes Excel would refuse.
TEST(DataErrors, AGbkValueDeclaredUtf8NeverReachesTheWorkbook) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = project_with_villages(dir / "in", "[layers.villages]\npath = \"villages.csv\"\nx = \"lon\"\ny = \"lat\"\ncrs = \"EPSG:4490\"\nencoding = \"UTF-8\"\n");
  write_file(dir / "in" / "villages.csv", "code,name,lon,lat\n420300001001,\xD5\xC5\xBC\xD2\xB4\xE5,110.1,32.1\n");
  const RunResult r = run({"check", project.string(), "--out", (dir / "out").string(), "-q", "--no-map"});
  EXPECT_EQ(r.code, 1) << "checked on what there is (the CSV lacks the statistics): " << r.output;
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open((dir / "out" / "result.gpkg").string().c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds) << r.output;
  OGRLayer* villages = ds->GetLayerByName("villages");
  ASSERT_NE(villages, nullptr);
  std::unique_ptr<OGRFeature> f(villages->GetNextFeature());
  ASSERT_TRUE(f);
  EXPECT_STREQ(f->GetFieldAsString("name"), "张家村");
}

TEST(DataErrors, RelocateWithNobodyToMoveIsAFindingNotABadArgument) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = project_with_villages(dir / "in", "[layers.villages]\npath = \"villages.csv\"\nx = \"lon\"\ny = \"lat\"\ncrs = \"EPSG:4490\"\n");
  write_file(dir / "in" / "villages.csv", "code,name,population,relocate_households,lon,lat\n420300001001,甲村,300,0,110.1,32.1\n");
  const RunResult r = run({"relocate", project.string(), "--out", (dir / "out").string(), "-q", "--no-slope"});
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "nobody to relocate")) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out")) << "no plan, nothing written";
  EXPECT_TRUE(temporaries(dir, "out").empty());
}

}  // namespace
}  // namespace jiuyou::robust
