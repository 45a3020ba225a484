// tour 18: files as county offices hold them. A shapefile's records flagged
// deleted (dBase '*', never packed) are said (S22); a shapefile without its .shx
// is read without writing one beside it (S3); a KMZ's Chinese attribute names are
// kept (S2); UTF-8 field names a .dbf cut at 10 bytes are read as the names they
// were (S16); a Xian 1980 layer, which PROJ shifts only by a ballpark, is said (S19).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "io/gdal_fixture.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
using jiuyou::test::write_fixture;
using jiuyou::test::write_text_file;
namespace fs = std::filesystem;

namespace {

const std::vector<std::pair<std::string, std::vector<std::string>>> k_rows = {
    {"POLYGON ((110.20 32.20,110.21 32.20,110.21 32.21,110.20 32.20))", {"420323100201", "柳林村", "1200"}},
    {"POLYGON ((110.22 32.20,110.23 32.20,110.23 32.21,110.22 32.20))", {"420323100202", "石门村", "800"}},
    {"POLYGON ((110.24 32.20,110.25 32.20,110.25 32.21,110.24 32.20))", {"420323100203", "王家湾村", "650"}}};

void write_villages(const fs::path& shp, const std::string& population_name = "population", int epsg = 4490) {
  write_fixture("ESRI Shapefile", shp.string(), "villages", epsg, wkbPolygon, {{"code", OFTString}, {"name", OFTString}, {population_name, OFTInteger}},
                k_rows, {"ENCODING=UTF-8"});
}

Result<Workspace> load(const fs::path& dir, const std::string& toml) {
  write_text_file(dir / "p.toml", toml);
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

const Issue* find(const IssueLog& log, const std::string& code) {
  for (const auto& i : log.entries())
    if (i.code == code) return &i;
  return nullptr;
}

}  // namespace

TEST(OfficeFiles, RecordsFlaggedDeletedInTheDbfAreSaid) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_villages(dir / "村界.shp");
  {  // flag the second record deleted, as dBase does before a PACK
    std::fstream dbf(dir / "村界.dbf", std::ios::in | std::ios::out | std::ios::binary);
    unsigned char head[12];
    dbf.read(reinterpret_cast<char*>(head), sizeof head);
    const size_t header = head[8] | head[9] << 8, record = head[10] | head[11] << 8;
    dbf.seekp(static_cast<std::streamoff>(header + record));
    dbf.put('*');
  }
  auto ws = load(dir, "[layers.villages]\npath = \"村界.shp\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(ws->layer("villages")->size(), 2u);
  const Issue* i = find(ws->issues, "dbf_deleted_records");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("1 条记录带删除标记（要素 1"), std::string::npos) << i->message;
}

TEST(OfficeFiles, AShapefileWithoutItsShxIsReadAndNothingIsWrittenBesideIt) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_villages(dir / "村界.shp");
  fs::remove(dir / "村界.shx");
  auto ws = load(dir, "[layers.villages]\npath = \"村界.shp\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(ws->layer("villages")->size(), 3u);
  EXPECT_EQ(ws->layer("villages")->column("name")->as_text(2), "王家湾村");
  EXPECT_FALSE(fs::exists(dir / "村界.shx")) << "the input folder is never written";
  EXPECT_NE(find(ws->issues, "shx_rebuilt"), nullptr);
}

TEST(OfficeFiles, AKmzKeepsItsChineseAttributeNames) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("LIBKML", (dir / "sheshi.kmz").string(), "sheshi", 4326, wkbPoint, {{"名称", OFTString}, {"类型", OFTString}, {"村代码", OFTString}},
                {{"POINT (110.205 32.205)", {"柳林村卫生室", "村卫生室", "420323100201"}}});
  write_villages(dir / "村界.shp");
  auto ws = load(dir, "[layers.villages]\npath = \"村界.shp\"\n[layers.facilities]\npath = \"sheshi.kmz\"\n[layers.facilities.fields]\n"
                      "kind = \"类型\"\nvillage_code = \"村代码\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable* f = ws->layer("facilities");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->column("kind")->as_text(0), "clinic");  // 村卫生室 through the vocabulary: the values came through too
  EXPECT_EQ(f->column("village_code")->as_text(0), "420323100201");
}

TEST(OfficeFiles, Utf8FieldNamesCutAtTenBytesAreTheNamesTheyWere) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_villages(dir / "村界.shp", "户籍人口");  // 12 bytes in UTF-8: the .dbf keeps 10, a third of 口
  auto ws = load(dir, "[layers.villages]\npath = \"村界.shp\"\n[layers.villages.fields]\npopulation = \"户籍人口\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*ws->layer("villages")->column("population")->number(0), 1200);
}

TEST(OfficeFiles, AXian80LayerShiftedOnlyByABallparkIsSaid) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("ESRI Shapefile", (dir / "村界.shp").string(), "villages", 2382, wkbPolygon, {{"code", OFTString}},
                {{"POLYGON ((500000 3540000,501000 3540000,501000 3541000,500000 3540000))", {"420323100201"}}}, {"ENCODING=UTF-8"});
  auto ws = load(dir, "[project]\nmetric_crs = \"EPSG:4546\"\n[layers.villages]\npath = \"村界.shp\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  const Issue* i = find(ws->issues, "crs_ballpark");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("EPSG:2382"), std::string::npos) << i->message;
}
