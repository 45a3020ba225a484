#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "gis/io/text_encoding.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"
#include "io/gdal_fixture.hpp"

using namespace jiuyou;
using jiuyou::test::FixtureField;
using jiuyou::test::write_fixture;
using jiuyou::test::spec_for;
using jiuyou::test::write_text_file;
namespace fs = std::filesystem;

namespace {

const std::vector<FixtureField> k_village_fields = {{"code", OFTString}, {"name", OFTString}, {"population", OFTInteger}, {"poor_population", OFTInteger}};
const std::vector<std::pair<std::string, std::vector<std::string>>> k_village_rows = {
    {"POINT (110.23 32.23)", {"420323100201", "柳林村", "1200", "20"}},
    {"POINT (110.25 32.20)", {"420323100202", "王家湾村", "800", "40"}},
};

}  // namespace

// --- formats ---------------------------------------------------------------

class LoadFormat : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(LoadFormat, ReadsVillagesWithCanonicalTypes) {
  const auto [driver, ext] = GetParam();
  const fs::path dir = jiuyou::test::scratch_dir();
  const fs::path file = dir / ("villages" + ext);
  write_fixture(driver, file.string(), "villages", 4490, wkbPoint, k_village_fields, k_village_rows,
                driver == "ESRI Shapefile" ? std::vector<std::string>{"ENCODING=UTF-8"}
                : driver == "FlatGeobuf"   ? std::vector<std::string>{"SPATIAL_INDEX=NO"}  // a spatial index reorders features
                                           : std::vector<std::string>{});
  IssueLog log;
  auto t = io::read_layer(spec_for("villages", file), log);
  ASSERT_TRUE(t) << t.error().to_string();
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ(t->geometry.kind, GeometryKind::point);
  EXPECT_EQ(t->crs, CrsRef::epsg(4490));
  EXPECT_NEAR(t->geometry.first_vertex(0).x, 110.23, 1e-9);
  EXPECT_NEAR(t->geometry.first_vertex(0).y, 32.23, 1e-9);
  ASSERT_NE(t->column("name"), nullptr);
  EXPECT_EQ(t->column("name")->get_text(1), "王家湾村");
  EXPECT_EQ(t->column("code")->as_text(0), "420323100201");
  EXPECT_EQ(t->column("population")->number(1), 800.0);
  EXPECT_EQ(log.count(Severity::error), 0u);
}

INSTANTIATE_TEST_SUITE_P(Formats, LoadFormat,
                         ::testing::Values(std::pair<std::string, std::string>{"GPKG", ".gpkg"}, std::pair<std::string, std::string>{"ESRI Shapefile", ".shp"},
                                           std::pair<std::string, std::string>{"GeoJSON", ".geojson"}, std::pair<std::string, std::string>{"FlatGeobuf", ".fgb"}),
                         [](const auto& param_info) { return param_info.param.second.substr(1); });

TEST(LoadCsv, LonLatColumnsBecomePoints) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_text_file(dir / "v.csv", "code,name,lon,lat,population\n420323100201,柳林村,110.23,32.23,1200\n420323100202,王家湾村,110.25,32.20,\n");
  io::LayerSpec s = spec_for("villages", dir / "v.csv");
  s.x_field = "lon";
  s.y_field = "lat";
  s.crs = CrsRef::epsg(4490);
  IssueLog log;
  auto t = io::read_layer(s, log);
  ASSERT_TRUE(t) << t.error().to_string();
  ASSERT_EQ(t->size(), 2u);
  EXPECT_NEAR(t->geometry.first_vertex(1).x, 110.25, 1e-12);
  EXPECT_EQ(t->column("population")->number(0), 1200.0);  // CSV text converted to the canonical number
  EXPECT_FALSE(t->column("population")->number(1).has_value());
}

TEST(LoadCsv, WktColumnBecomesGeometry) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_text_file(dir / "r.csv", "class,surface,WKT\ncounty,asphalt,\"LINESTRING (0 0, 100 0)\"\nvillage,gravel,\"LINESTRING (100 0, 100 50)\"\n");
  io::LayerSpec s = spec_for("roads", dir / "r.csv");
  s.wkt_field = "WKT";
  s.crs = CrsRef::epsg(4546);
  IssueLog log;
  auto t = io::read_layer(s, log);
  ASSERT_TRUE(t) << t.error().to_string();
  EXPECT_EQ(t->geometry.kind, GeometryKind::line);
  EXPECT_DOUBLE_EQ(feature_length(t->geometry, 0), 100.0);
  EXPECT_EQ(t->column("surface")->get_text(1), "gravel");
}

TEST(LoadXlsx, AttributeTableJoinsOntoVillagesByCode) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "c.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {"name", OFTString}},
                {{"POINT (110.23 32.23)", {"420323100201", "柳林村"}}, {"POINT (110.25 32.20)", {"420323100202", "王家湾村"}}});
  write_fixture("XLSX", (dir / "stats.xlsx").string(), "stats", 4490, wkbNone, {{"村代码", OFTString}, {"贫困人口", OFTInteger}, {"集体收入", OFTReal}},
                {{"", {"420323100202", "35", "61000.5"}}, {"", {"420323199999", "1", "1"}}});
  const std::string toml =
      "[layers.villages]\npath = \"c.gpkg\"\n"
      "[layers.stats]\npath = \"stats.xlsx\"\njoin_to = \"villages\"\n"
      "[layers.stats.fields]\ncode = \"村代码\"\npoor_population = \"贫困人口\"\ncollective_income = \"集体收入\"\n";
  write_text_file(dir / "p.toml", toml);
  auto project = io::load_project((dir / "p.toml").string());
  ASSERT_TRUE(project) << project.error().to_string();
  auto ws = io::load_workspace(*project);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable* v = ws->layer("villages");
  ASSERT_NE(v, nullptr);
  ASSERT_NE(v->column("poor_population"), nullptr);
  EXPECT_FALSE(v->column("poor_population")->number(0).has_value());
  EXPECT_EQ(v->column("poor_population")->number(1), 35.0);
  EXPECT_DOUBLE_EQ(*v->column("collective_income")->number(1), 61000.5);
  EXPECT_EQ(ws->issues.count("join_unmatched"), 1u);
  EXPECT_EQ(ws->issues.count("join_orphans"), 1u);
}

// --- Chinese text ----------------------------------------------------------

TEST(LoadEncoding, GbkShapefileWithoutCpgIsDecodedAndSaidSo) {
  const fs::path dir = jiuyou::test::scratch_dir();
  const fs::path shp = dir / "gbk.shp";
  // ENCODING="" writes the bytes as given: GBK for 宝丰镇柳林村, and no .cpg.
  write_fixture("ESRI Shapefile", shp.string(), "gbk", 4490, wkbPoint, {{"name", OFTString}},
                {{"POINT (110.2 32.2)", {"\xB1\xA6\xB7\xE1\xD5\xF2\xC1\xF8\xC1\xD6\xB4\xE5"}}}, {"ENCODING="});
  fs::remove(dir / "gbk.cpg");
  ASSERT_FALSE(fs::exists(dir / "gbk.cpg"));
  IssueLog log;
  auto t = io::read_layer(spec_for("villages", shp), log);
  ASSERT_TRUE(t) << t.error().to_string();
  EXPECT_EQ(t->column("name")->get_text(0), "宝丰镇柳林村");
  EXPECT_EQ(log.count("text_decoded"), 1u);
}

TEST(LoadEncoding, ExplicitEncodingIsHonoured) {
  const fs::path dir = jiuyou::test::scratch_dir();
  const fs::path shp = dir / "gbk.shp";
  write_fixture("ESRI Shapefile", shp.string(), "gbk", 4490, wkbPoint, {{"name", OFTString}},
                {{"POINT (110.2 32.2)", {"\xB1\xA6\xB7\xE1\xD5\xF2"}}}, {"ENCODING="});
  auto s = spec_for("villages", shp);
  s.encoding = "CP936";
  IssueLog log;
  auto t = io::read_layer(s, log);
  ASSERT_TRUE(t) << t.error().to_string();
  EXPECT_EQ(t->column("name")->get_text(0), "宝丰镇");
}

TEST(TextEncoding, DetectsInvalidUtf8) {
  EXPECT_TRUE(io::is_valid_utf8("柳林村 abc"));
  EXPECT_FALSE(io::is_valid_utf8("\xC1\xF8\xC1\xD6"));
  EXPECT_FALSE(io::is_valid_utf8("\xE6\x9F"));  // truncated
  EXPECT_EQ(io::decode_to_utf8("\xC1\xF8\xC1\xD6", "CP936"), "柳林");
}

// --- dirty data --------------------------------------------------------------

TEST(LoadDirty, EmptyGeometryDuplicateCodesAndBadValuesAreLoggedNotFatal) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {"population", OFTString}},
                {{"POINT (110.23 32.23)", {"420323100201", "1200"}},
                 {"", {"420323100201", "lots"}},
                 {"POINT (110.25 32.20)", {"42032310020", "900"}}});
  write_text_file(dir / "p.toml", "[layers.villages]\npath = \"v.gpkg\"\n");
  auto project = io::load_project((dir / "p.toml").string());
  ASSERT_TRUE(project);
  auto ws = io::load_workspace(*project);
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(ws->layer("villages")->size(), 3u);
  EXPECT_EQ(ws->issues.count("empty_geometry"), 1u);
  for (const auto& i : ws->issues.entries())
    if (i.code == "empty_geometry") {
      EXPECT_NE(i.message.find("没有几何"), std::string::npos) << i.message;
    }
  EXPECT_EQ(ws->issues.count("duplicate_code"), 1u);
  EXPECT_EQ(ws->issues.count("bad_code"), 1u);
  EXPECT_EQ(ws->issues.count("text_in_numeric_field"), 1u);
  for (const auto& i : ws->issues.entries())
    if (i.code == "text_in_numeric_field") {
      EXPECT_EQ(i.field, "population");
      EXPECT_NE(i.message.find("lots"), std::string::npos);
      EXPECT_NE(i.message.find("要素 2"), std::string::npos);  // the FID
    }
}

TEST(LoadDirty, ProjectedMetresDeclaredAsDegreesAreReportedWithHint) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}},
                {{"POINT (523000 3567000)", {"420323100201"}}, {"POINT (32.2 110.2)", {"420323100202"}}, {"POINT (110.2 32.2)", {"420323100203"}}});
  IssueLog log;
  auto t = io::read_layer(spec_for("villages", dir / "v.gpkg"), log);
  ASSERT_TRUE(t);
  ASSERT_EQ(log.count("coordinates_out_of_range"), 2u);
  EXPECT_NE(log.entries()[0].hint.find("投影坐标"), std::string::npos) << log.entries()[0].hint;
  EXPECT_NE(log.entries()[1].hint.find("经度和纬度写反了"), std::string::npos) << log.entries()[1].hint;
  EXPECT_NE(log.entries()[0].message.find("超出"), std::string::npos) << log.entries()[0].message;
  EXPECT_TRUE(t->geometry.is_empty(0));
  EXPECT_FALSE(t->geometry.is_empty(2)) << "the one feature in degrees keeps its place";
}

// Tour 12 L19: crs = "GCJ-02" written for a layer stored in projected metres
// read every feature out of range, dropped every geometry and went on (a
// network failing everywhere, ~1000 error lines). A layer none of whose
// coordinates are degrees is refused as a whole, naming the file's own CRS.
TEST(LoadDirty, GeographicDeclarationOverProjectedFileIsRefused) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "p.gpkg").string(), "power", 4546, wkbPoint, {{"name", OFTString}},
                {{"POINT (523000 3567000)", {"a"}}, {"POINT (523100 3567100)", {"b"}}});
  io::LayerSpec spec = spec_for("power", dir / "p.gpkg");
  spec.crs = CrsRef::parse("GCJ-02");
  IssueLog log;
  auto t = io::read_layer(spec, log);
  ASSERT_FALSE(t) << "metres cannot be read as GCJ-02 degrees";
  EXPECT_EQ(t.error().code, ErrorCode::crs);
  EXPECT_EQ(t.error().layer, "power");
  EXPECT_NE(t.error().message.find("crs = \"GCJ-02\""), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().message.find("全部 2 个要素"), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().hint.find("Gauss-Kruger"), std::string::npos) << "names the file's own CRS: " << t.error().hint;
  EXPECT_NE(t.error().hint.find("删去"), std::string::npos) << t.error().hint;
  EXPECT_EQ(log.count("coordinates_out_of_range"), 0u) << "one error, not one line per feature";
}

TEST(LoadDirty, LayerWithEveryPointSwappedIsRefusedWithTheSwapHint) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}},
                {{"POINT (32.2 110.2)", {"420323100201"}}, {"POINT (32.3 110.3)", {"420323100202"}}});
  IssueLog log;
  auto t = io::read_layer(spec_for("villages", dir / "v.gpkg"), log);
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("写反了"), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().hint.find("交换 x 和 y"), std::string::npos) << t.error().hint;
}

TEST(LoadDirty, DegreesInProjectedLayerAreReported) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4546, wkbPoint, {{"code", OFTString}}, {{"POINT (110.2 32.2)", {"420323100201"}}});
  IssueLog log;
  auto t = io::read_layer(spec_for("villages", dir / "v.gpkg"), log);
  ASSERT_TRUE(t);
  EXPECT_EQ(log.count("degrees_in_projected_crs"), 1u);
  EXPECT_NE(log.entries().back().message.find("经纬度"), std::string::npos) << log.entries().back().message;
}

TEST(LoadDirty, TownshipPrefixMismatchIsReported) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {"township", OFTString}},
                {{"POINT (110.23 32.23)", {"420323100201", "420323100"}}, {"POINT (110.24 32.23)", {"420323101202", "420323100"}}});
  write_text_file(dir / "p.toml", "[layers.villages]\npath = \"v.gpkg\"\n");
  auto ws = io::load_workspace(*io::load_project((dir / "p.toml").string()));
  ASSERT_TRUE(ws);
  EXPECT_EQ(ws->issues.count("code_prefix_mismatch"), 1u);
}

// --- bad input ----------------------------------------------------------------

TEST(LoadErrors, MissingFileNamesFileAndLayer) {
  io::LayerSpec s = spec_for("roads", "/nonexistent/roads.gpkg");
  IssueLog log;
  auto t = io::read_layer(s, log);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::io);
  EXPECT_EQ(t.error().file, "/nonexistent/roads.gpkg");
  EXPECT_EQ(t.error().layer, "roads");
  EXPECT_FALSE(t.error().hint.empty());
}

TEST(LoadErrors, UnreadableFileIsAFormatError) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_text_file(dir / "roads.gpkg", "this is not a geopackage");
  IssueLog log;
  auto t = io::read_layer(spec_for("roads", dir / "roads.gpkg"), log);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::format);
}

TEST(LoadErrors, UnknownLayerListsTheLayersThatExist) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "c.gpkg").string(), "villages", 4490, wkbPoint, k_village_fields, k_village_rows);
  auto s = spec_for("roads", dir / "c.gpkg");
  s.layer = "roadz";
  IssueLog log;
  auto t = io::read_layer(s, log);
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().hint.find("villages"), std::string::npos);
}

TEST(LoadErrors, WrongFieldTypeNamesTheField) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "c.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {"人口", OFTString}},
                {{"POINT (110.23 32.23)", {"420323100201", "很多"}}, {"POINT (110.24 32.23)", {"420323100202", "不少"}}});
  auto s = spec_for("villages", dir / "c.gpkg");
  s.fields["population"] = "人口";
  IssueLog log;
  auto t = io::read_layer(s, log);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::format);
  EXPECT_EQ(t.error().field, "人口");
  EXPECT_NE(t.error().message.find("wrong field type"), std::string::npos);
}

TEST(LoadErrors, MappingToAMissingColumnNamesIt) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "c.gpkg").string(), "villages", 4490, wkbPoint, k_village_fields, k_village_rows);
  auto s = spec_for("villages", dir / "c.gpkg");
  s.fields["population"] = "户籍人口";
  IssueLog log;
  auto t = io::read_layer(s, log);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().field, "户籍人口");
  EXPECT_NE(t.error().hint.find("poor_population"), std::string::npos);  // lists the columns that exist
}

// tour 18 S1: a design institute's DXF holds a road's class and surface in one CAD layer name ("县道-沥青"): one
// column mapped to two fields feeds both, each through its own value mapping (the first mapping was dropped unsaid).
TEST(LoadMapping, OneColumnFeedsTwoFieldsEachWithItsOwnValues) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "roads.gpkg").string(), "roads", 4490, wkbLineString, {{"Layer", OFTString}, {"备注", OFTString}},
                {{"LINESTRING (110.20 32.20,110.21 32.21)", {"县道-沥青", "a"}}, {"LINESTRING (110.21 32.21,110.22 32.22)", {"村道-水泥", "b"}}});
  auto s = spec_for("roads", dir / "roads.gpkg");
  s.fields["class"] = "Layer";
  s.fields["surface"] = "Layer";
  s.values["class"] = {{"县道-沥青", "county"}, {"村道-水泥", "village"}};
  s.values["surface"] = {{"县道-沥青", "asphalt"}, {"村道-水泥", "concrete"}};
  IssueLog log;
  auto t = io::read_layer(s, log);
  ASSERT_TRUE(t) << t.error().to_string();
  const Column* cls = t->column("class");
  const Column* surface = t->column("surface");
  ASSERT_TRUE(cls && surface);
  EXPECT_EQ(cls->as_text(0), "county");
  EXPECT_EQ(cls->as_text(1), "village");
  EXPECT_EQ(surface->as_text(0), "asphalt");
  EXPECT_EQ(surface->as_text(1), "concrete");
  EXPECT_EQ(t->column("备注")->as_text(1), "b");  // the other columns as they were
}

TEST(LoadErrors, MissingCrsAsksForOne) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GeoJSON", (dir / "v.geojson").string(), "villages", 4490, wkbPoint, k_village_fields, k_village_rows);
  // A CSV with coordinates and no crs = "..." has no CRS at all.
  write_text_file(dir / "v.csv", "code,lon,lat\n420323100201,110.2,32.2\n");
  auto s = spec_for("villages", dir / "v.csv");
  s.x_field = "lon";
  s.y_field = "lat";
  IssueLog log;
  auto t = io::read_layer(s, log);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::crs);
  EXPECT_NE(t.error().hint.find("crs = \"EPSG:4490\""), std::string::npos) << t.error().hint;
  // Said in Chinese to the planner, naming the file and the layer.
  EXPECT_NE(t.error().message.find("图层没有声明坐标系"), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().hint.find("在项目文件里"), std::string::npos) << t.error().hint;
  EXPECT_EQ(t.error().file, s.path);
  EXPECT_EQ(t.error().layer, "villages");
}

TEST(LoadErrors, UnknownCrsStringIsRejected) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "c.gpkg").string(), "villages", 4490, wkbPoint, k_village_fields, k_village_rows);
  auto s = spec_for("villages", dir / "c.gpkg");
  s.crs = CrsRef::parse("EPSG:999999");
  IssueLog log;
  auto t = io::read_layer(s, log);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::crs);
  EXPECT_EQ(t.error().layer, "villages");
  EXPECT_NE(t.error().message.find("999999"), std::string::npos);
}

TEST(LoadErrors, EmptyLayerIsReported) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "c.gpkg").string(), "roads", 4490, wkbLineString, {{"class", OFTString}}, {});
  IssueLog log;
  auto t = io::read_layer(spec_for("roads", dir / "c.gpkg"), log);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->size(), 0u);
  EXPECT_EQ(log.count("empty_layer"), 1u);
  for (const auto& i : log.entries())  // in the planner's words, not the program's
    if (i.code == "empty_layer") {
      EXPECT_EQ(i.message, "图层中没有任何要素");
    }
}

TEST(LoadErrors, InputsAreNeverModified) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "c.gpkg").string(), "villages", 4490, wkbPoint, k_village_fields, k_village_rows);
  const auto before = fs::last_write_time(dir / "c.gpkg");
  const auto size = fs::file_size(dir / "c.gpkg");
  IssueLog log;
  ASSERT_TRUE(io::read_layer(spec_for("villages", dir / "c.gpkg"), log));
  EXPECT_EQ(fs::last_write_time(dir / "c.gpkg"), before);
  EXPECT_EQ(fs::file_size(dir / "c.gpkg"), size);
}

// --- the real county polygons (../shared) -----------------------------------------

namespace {
io::Project admin_project() {
  io::Project p;
  p.path = (jiuyou::test::shared_dir() / "data/admin_hubei_fujian_gcj02.gpkg").string();
  io::LayerSpec s;
  s.name = "counties";
  s.path = p.path;
  s.crs = CrsRef::parse("GCJ-02");
  s.fields["code"] = "adcode";
  p.layers.push_back(s);
  return p;
}
}  // namespace

TEST(RealCounties, AllLoadAndTheInvalidOnesAreRepairedAndLogged) {
  JIUYOU_REQUIRE_SHARED("data/admin_hubei_fujian_gcj02.gpkg");
  auto ws = io::load_workspace(admin_project());
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable* c = ws->layer("counties");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->size(), 188u);
  EXPECT_EQ(ws->issues.count("invalid_geometry_repaired"), 32u);
  EXPECT_EQ(ws->issues.count("invalid_geometry"), 0u);
  for (size_t f = 0; f < c->size(); ++f) EXPECT_FALSE(c->geometry.is_empty(f)) << c->fid[f];
}

TEST(RealCounties, ZhushanAreaAfterRepairAndGcjToGaussKruger) {
  JIUYOU_REQUIRE_SHARED("data/admin_hubei_fujian_gcj02.gpkg");
  io::LoadOptions opts;
  opts.metric_crs = CrsRef::epsg(4546);  // CGCS2000 GK zone 37 (CM 111E), the zone of 竹山县
  auto ws = io::load_workspace(admin_project(), opts);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable* c = ws->layer("counties");
  const auto rows = c->find_rows("code", "420323");
  ASSERT_EQ(rows.size(), 1u);
  const double km2 = feature_area(c->geometry, rows[0]) / 1e6;
  EXPECT_NEAR(km2, 3613.0, 10.0);  // the official figure is 3,586 km²
}

TEST(RealCounties, AutoZoneOfHubeiAndFujianIsReported) {
  JIUYOU_REQUIRE_SHARED("data/admin_hubei_fujian_gcj02.gpkg");
  auto ws = io::load_workspace(admin_project());
  ASSERT_TRUE(ws);
  // The bbox of both provinces (108.4–120.7 E) is centred near 114.6 E: zone 38, EPSG:4547.
  EXPECT_EQ(ws->metric_crs, CrsRef::epsg(4547));
}

TEST(RealCounties, CodeChangesSince2020AreReportedAgainstThe2023List) {
  JIUYOU_REQUIRE_SHARED("data/china-division-2023/areas.csv");
  auto p = admin_project();
  p.reference_codes = (jiuyou::test::shared_dir() / "data/china-division-2023/areas.csv").string();
  auto ws = io::load_workspace(p);
  ASSERT_TRUE(ws) << ws.error().to_string();
  std::set<std::string> reported;
  for (const auto& i : ws->issues.entries())
    if (i.code == "code_not_in_reference") reported.insert(i.message.substr(i.message.find_first_of("0123456789"), 6));
  for (const char* code : {"350402", "350427", "350625", "350681"}) EXPECT_TRUE(reported.count(code)) << code;  // 梅列区 沙县 长泰县 龙海市
  EXPECT_FALSE(reported.count("420323"));
}
