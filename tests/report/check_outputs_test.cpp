// write_check_outputs end to end: result.gpkg read back with GDAL (layers,
// fields, verdicts, gaps, layer_styles), result.xlsx is a zip, report.html
// names the failing villages with their evidence, escaped; failures leave nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include "gis/report/check_report.hpp"
#include "gis/report/verdict_classes.hpp"
#include "report/check_fixture.hpp"
#include "support/zip_part.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;

namespace jiuyou::report {
namespace {

using namespace jiuyou::test;

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

using test::zip_part;

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

DatasetPtr open_gpkg(const fs::path& p) {
  GDALAllRegister();
  return DatasetPtr(GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
}

class CheckOutputs : public ::testing::Test {
 protected:
  Workspace ws = fixture_workspace();
  CheckResult res = fixture_result(ws);
};

TEST_F(CheckOutputs, GeoPackageHoldsVillagesGapsSummariesAndADefaultStyle) {
  const fs::path dir = scratch_dir() / "out";
  auto ok = write_check_outputs(dir.string(), ws, res, {});
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(listing(dir), (std::set<std::string>{"report.html", "result.gpkg", "result.xlsx"}));  // no temporary files left

  auto ds = open_gpkg(dir / "result.gpkg");
  ASSERT_TRUE(ds);
  OGRLayer* villages = ds->GetLayerByName("villages");
  ASSERT_NE(villages, nullptr);
  EXPECT_EQ(villages->GetFeatureCount(), 4);
  EXPECT_EQ(wkbFlatten(villages->GetGeomType()), wkbPoint);
  ASSERT_NE(villages->GetSpatialRef(), nullptr);
  EXPECT_STREQ(villages->GetSpatialRef()->GetAuthorityCode(nullptr), "4547");
  OGRFeatureDefn* defn = villages->GetLayerDefn();
  for (const char* f : {"code", "name", "population", "road", "road_distance_m", "road_nearest_fid", "road_note", "broadband_share",
                        "collective_income_value", "net4_count", "jiuyou_count", "failed_count", "unknown_count", "verdict",
                        "verdict_zh", "missing_items"})
    EXPECT_GE(defn->GetFieldIndex(f), 0) << f;
  EXPECT_EQ(defn->GetFieldDefn(defn->GetFieldIndex("road_distance_m"))->GetType(), OFTReal);
  EXPECT_EQ(defn->GetFieldDefn(defn->GetFieldIndex("road_nearest_fid"))->GetType(), OFTInteger);
  EXPECT_EQ(defn->GetFieldDefn(defn->GetFieldIndex("jiuyou_count"))->GetType(), OFTInteger);
  EXPECT_LT(defn->GetFieldIndex("leading_industry"), 0);  // hidden helper item

  // Source FIDs are kept: 101..104.
  const char* verdicts[] = {"exit", "fail", "fail", "unknown"};
  for (int i = 0; i < 4; ++i) {
    std::unique_ptr<OGRFeature> f(villages->GetFeature(101 + i));
    ASSERT_TRUE(f) << "fid " << 101 + i;
    EXPECT_STREQ(f->GetFieldAsString("verdict"), verdicts[i]);
    const OGRPoint* p = f->GetGeometryRef()->toPoint();
    EXPECT_DOUBLE_EQ(p->getX(), 500000.0 + 1000.0 * i);
  }
  {
    std::unique_ptr<OGRFeature> f(villages->GetFeature(102));
    EXPECT_STREQ(f->GetFieldAsString("name"), "石门村<&>");
    EXPECT_STREQ(f->GetFieldAsString("road"), "fail");
    EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("road_distance_m"), 2300.0);
    EXPECT_EQ(f->GetFieldAsInteger("road_nearest_fid"), 11);
    EXPECT_EQ(f->GetFieldAsInteger("net4_count"), 1);
    EXPECT_STREQ(f->GetFieldAsString("verdict_zh"), "不可出列");
    // In report.html's words (tour 8 G23): the item, the distance and how far it is short.
    EXPECT_EQ(std::string(f->GetFieldAsString("missing_items")), "有硬化的通村公路（最近的连通硬化路 2.3 km，差 1.8 km（标准 ≤ 500 m）；300 m 处有硬化路，但未连通）");
  }
  {
    std::unique_ptr<OGRFeature> f(villages->GetFeature(104));
    EXPECT_TRUE(f->IsFieldNull(f->GetFieldIndex("collective_income_value")));
    EXPECT_STREQ(f->GetFieldAsString("broadband"), "unknown");
  }

  OGRLayer* gaps = ds->GetLayerByName("gaps");
  ASSERT_NE(gaps, nullptr);
  EXPECT_EQ(wkbFlatten(gaps->GetGeomType()), wkbLineString);
  ASSERT_EQ(gaps->GetFeatureCount(), 3);
  gaps->ResetReading();
  const double lengths[] = {2300, 3100, 1200};
  int i = 0;
  while (auto* raw = gaps->GetNextFeature()) {
    std::unique_ptr<OGRFeature> f(raw);
    ASSERT_LT(i, 3);
    EXPECT_NEAR(f->GetFieldAsDouble("length_m"), lengths[i], 1e-6);
    EXPECT_NEAR(f->GetGeometryRef()->toLineString()->get_Length(), lengths[i], 1e-6);
    ++i;
  }

  OGRLayer* towns = ds->GetLayerByName("township_summary");
  ASSERT_NE(towns, nullptr);
  EXPECT_EQ(towns->GetGeomType(), wkbNone);
  EXPECT_EQ(towns->GetFeatureCount(), 2);
  OGRLayer* county = ds->GetLayerByName("county_summary");
  ASSERT_NE(county, nullptr);
  ASSERT_EQ(county->GetFeatureCount(), 1);
  county->ResetReading();
  std::unique_ptr<OGRFeature> cf(county->GetNextFeature());
  EXPECT_EQ(cf->GetFieldAsInteger("exit"), 1);
  EXPECT_EQ(cf->GetFieldAsInteger("fail"), 2);
  EXPECT_DOUBLE_EQ(cf->GetFieldAsDouble("exit_rate"), 0.25);

  // The QGIS style table, read with plain SQL as QGIS does.
  OGRLayer* styles = ds->ExecuteSQL(
      "SELECT f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, update_time FROM layer_styles ORDER BY f_table_name",
      nullptr, nullptr);
  ASSERT_NE(styles, nullptr);
  std::vector<std::string> tables;
  while (auto* raw = styles->GetNextFeature()) {
    std::unique_ptr<OGRFeature> f(raw);
    tables.emplace_back(f->GetFieldAsString("f_table_name"));
    EXPECT_EQ(f->GetFieldAsInteger("useAsDefault"), 1);
    EXPECT_STREQ(f->GetFieldAsString("f_geometry_column"), "geom");
    EXPECT_FALSE(f->IsFieldNull(f->GetFieldIndex("update_time")));
    const std::string qml = f->GetFieldAsString("styleQML");
    EXPECT_EQ(qml.rfind("<!DOCTYPE qgis", 0), 0u);
    if (tables.back() == "villages") {
      EXPECT_NE(qml.find("type=\"categorizedSymbol\" attr=\"verdict\""), std::string::npos);
      EXPECT_NE(qml.find("value=\"exit\""), std::string::npos);
      EXPECT_NE(qml.find("26,150,65,255"), std::string::npos);    // green
      EXPECT_NE(qml.find("215,25,28,255"), std::string::npos);    // red
      EXPECT_NE(qml.find("160,160,160,255"), std::string::npos);  // grey
      EXPECT_NE(std::string(f->GetFieldAsString("styleSLD")).find("<ogc:Literal>fail</ogc:Literal>"), std::string::npos);
    }
  }
  ds->ReleaseResultSet(styles);
  EXPECT_EQ(tables, (std::vector<std::string>{"gaps", "villages"}));
  // Registered as an attribute table, so QGIS and GDAL list it.
  OGRLayer* contents = ds->ExecuteSQL("SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'", nullptr, nullptr);
  ASSERT_NE(contents, nullptr);
  std::unique_ptr<OGRFeature> row(contents->GetNextFeature());
  ASSERT_TRUE(row);
  EXPECT_STREQ(row->GetFieldAsString(0), "attributes");
  row.reset();
  ds->ReleaseResultSet(contents);
}

TEST_F(CheckOutputs, PolygonVillagesGetAFillStyle) {
  // Square villages of 200 m around the fixture's points.
  FeatureTable& v = *ws.layer("villages");
  GeometryColumn squares;
  squares.kind = GeometryKind::polygon;
  for (size_t f = 0; f < v.size(); ++f) {
    const Vec2 c = v.geometry.first_vertex(f);
    for (const auto& [dx, dy] : {std::pair{-100.0, -100.0}, {100.0, -100.0}, {100.0, 100.0}, {-100.0, 100.0}, {-100.0, -100.0}})
      squares.add_vertex(c.x + dx, c.y + dy);
    squares.close_ring();
    squares.close_part();
    squares.close_feature();
  }
  v.geometry = std::move(squares);
  const fs::path dir = scratch_dir();
  auto ok = write_check_outputs(dir.string(), ws, res, {.map_png = {}, .write_gpkg = true, .write_xlsx = false, .write_html = false});
  ASSERT_TRUE(ok) << ok.error().to_string();
  auto ds = open_gpkg(dir / "result.gpkg");
  ASSERT_TRUE(ds);
  OGRLayer* villages = ds->GetLayerByName("villages");
  ASSERT_NE(villages, nullptr);
  EXPECT_EQ(wkbFlatten(villages->GetGeomType()), wkbPolygon);
  std::unique_ptr<OGRFeature> f(villages->GetFeature(101));
  ASSERT_TRUE(f);
  EXPECT_NEAR(f->GetGeometryRef()->toPolygon()->get_Area(), 40000.0, 1e-6);
  OGRLayer* styles = ds->ExecuteSQL("SELECT styleQML FROM layer_styles WHERE f_table_name = 'villages'", nullptr, nullptr);
  ASSERT_NE(styles, nullptr);
  std::unique_ptr<OGRFeature> row(styles->GetNextFeature());
  ASSERT_TRUE(row);
  const std::string qml = row->GetFieldAsString(0);
  EXPECT_NE(qml.find("class=\"SimpleFill\""), std::string::npos);
  EXPECT_EQ(qml.find("SimpleMarker"), std::string::npos);
  row.reset();
  ds->ReleaseResultSet(styles);
}

TEST_F(CheckOutputs, WorkbookIsAZipWithTheFourSheets) {
  const fs::path dir = scratch_dir();
  auto ok = write_check_outputs(dir.string(), ws, res, {.map_png = {}, .write_gpkg = false, .write_xlsx = true, .write_html = false});
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(listing(dir), (std::set<std::string>{"result.xlsx"}));
  const std::string bytes = slurp(dir / "result.xlsx");
  ASSERT_GT(bytes.size(), 1000u);
  EXPECT_EQ(bytes.substr(0, 2), "PK");
  // The workbook's parts, read through GDAL's /vsizip/.
  const std::string book = zip_part(dir / "result.xlsx", "xl/workbook.xml");
  for (const char* sheet : {"村级结果", "乡镇汇总", "全县汇总", "规则说明"})
    EXPECT_NE(book.find(std::string("name=\"") + sheet + "\""), std::string::npos) << sheet;
  EXPECT_TRUE(zip_part(dir / "result.xlsx", "xl/worksheets/sheet5.xml").empty());
  const std::string strings = zip_part(dir / "result.xlsx", "xl/sharedStrings.xml");
  for (const char* s : {"代码", "名称", "乡镇", "有硬化的通村公路", "有硬化的通村公路 依据", "四网", "九有", "结论", "缺项", "不达标", "未知",
                        "可出列", "数据不全", "2/2", "4/4", "石门村&lt;&amp;&gt;", "本村没有；最近的是党员群众服务中心，1.2 km", "达标率",
                        "全县合计", "测试文件 &lt;第1号&gt; &amp; 附件"})
    EXPECT_NE(strings.find(s), std::string::npos) << s;
  const std::string villages = zip_part(dir / "result.xlsx", "xl/worksheets/sheet1.xml");
  EXPECT_NE(villages.find("state=\"frozen\""), std::string::npos);
  EXPECT_NE(villages.find("<conditionalFormatting"), std::string::npos);
  EXPECT_NE(villages.find("operator=\"equal\"><formula>\"不达标\"</formula>"), std::string::npos);
  EXPECT_NE(villages.find("<autoFilter"), std::string::npos);
  EXPECT_NE(zip_part(dir / "result.xlsx", "xl/worksheets/sheet2.xml").find("<mergeCell "), std::string::npos);
  EXPECT_NE(zip_part(dir / "result.xlsx", "xl/styles.xml").find("formatCode=\"0.0%\""), std::string::npos);

  // Read back as a spreadsheet (GDAL's XLSX driver): one row per village, in order.
  const char* drivers[] = {"XLSX", nullptr};
  CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");  // GDAL 3.6 has no open option for it
  DatasetPtr ds(GDALDataset::Open((dir / "result.xlsx").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
  ASSERT_TRUE(ds);
  OGRLayer* sheet = ds->GetLayerByName("村级结果");
  ASSERT_NE(sheet, nullptr);
  ASSERT_EQ(sheet->GetFeatureCount(), 4);
  sheet->ResetReading();
  const char* names[] = {"青山村", "石门村<&>", "河口村", "茶园村"};
  const char* verdicts[] = {"可出列", "不可出列", "不可出列", "数据不全"};
  const char* net4[] = {"2/2", "1/2", "2/2", "1/2"};
  for (int i = 0; i < 4; ++i) {
    std::unique_ptr<OGRFeature> f(sheet->GetNextFeature());
    ASSERT_TRUE(f);
    EXPECT_STREQ(f->GetFieldAsString("名称"), names[i]);
    EXPECT_STREQ(f->GetFieldAsString("结论"), verdicts[i]);
    EXPECT_STREQ(f->GetFieldAsString("四网"), net4[i]);
    if (i == 1) {
      EXPECT_STREQ(f->GetFieldAsString("有硬化的通村公路"), "不达标");
      EXPECT_EQ(std::string(f->GetFieldAsString("有硬化的通村公路 依据")), "最近的连通硬化路 2.3 km，差 1.8 km（标准 ≤ 500 m）；300 m 处有硬化路，但未连通");
      EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("有硬化的通村公路 距离（米）"), 2300);
      EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("有硬化的通村公路 差距（米）"), 1800);
      EXPECT_EQ(std::string(f->GetFieldAsString("缺项")), "有硬化的通村公路");
    }
  }
  CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", nullptr);
}

TEST_F(CheckOutputs, HtmlNamesFailingVillagesWithEvidenceEscaped) {
  const fs::path dir = scratch_dir();
  // A tiny "PNG": the signature and a few bytes are enough to be embedded.
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "abc";
  { std::ofstream(dir / "map.png", std::ios::binary) << png; }
  ReportOptions opts;
  opts.map_png = (dir / "map.png").string();
  opts.write_gpkg = opts.write_xlsx = false;
  auto ok = write_check_outputs(dir.string(), ws, res, opts);
  ASSERT_TRUE(ok) << ok.error().to_string();
  const std::string html = slurp(dir / "report.html");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  // The failing villages with what they lack and by how much.
  EXPECT_NE(html.find("石门村&lt;&amp;&gt;"), std::string::npos);
  EXPECT_EQ(html.find("石门村<&>"), std::string::npos);
  EXPECT_NE(html.find("有硬化的通村公路：最近的连通硬化路 2.3 km，差 1.8 km（标准 ≤ 500 m）；300 m 处有硬化路，但未连通"), std::string::npos);
  EXPECT_NE(html.find("河口村"), std::string::npos);
  EXPECT_NE(html.find("有党员群众服务中心：本村没有；最近的是党员群众服务中心，1.2 km"), std::string::npos);
  EXPECT_NE(html.find("集体经济收入达到5万元以上：未达到“村集体经济收入 ≥ 5 万元”"), std::string::npos);
  EXPECT_NE(html.find("有主导产业：有带贫合作社（未达到“带贫企业或合作社数 ≥ 1 个”）"), std::string::npos);
  EXPECT_NE(html.find("（参考项，不影响出列）有标准化村卫生室：本村没有；最近的是卫生室，3.1 km"), std::string::npos);
  // The village with missing data, and the data that is missing.
  EXPECT_NE(html.find("茶园村"), std::string::npos);
  EXPECT_NE(html.find("有入户的广电宽带通讯网络：缺少通信网络图层，无法判断"), std::string::npos);
  EXPECT_NE(html.find("宽带覆盖数据只到 &lt;溢水镇&gt; 边界"), std::string::npos);
  // The rule set's source, escaped; the townships; the standard in words; the map as a data URI ("\x89PNG\r\n\x1a\n" is "iVBORw0KGgo").
  EXPECT_NE(html.find("测试文件 &lt;第1号&gt; &amp; 附件"), std::string::npos);
  EXPECT_NE(html.find("宝丰镇"), std::string::npos);
  EXPECT_NE(html.find("硬化路距村 ≤ 500 m，且须与国道、省道、县道连通"), std::string::npos);
  EXPECT_NE(html.find("src=\"data:image/png;base64,iVBORw0KGgphYmM=\""), std::string::npos);
  // The village that may exit is not listed among the failing ones.
  const size_t failing = html.find("不可出列的村");
  ASSERT_NE(failing, std::string::npos);
  EXPECT_EQ(html.find("青山村", failing), std::string::npos);
}

TEST_F(CheckOutputs, AFolderThatCannotBeCreatedFailsWithIoAndLeavesNothing) {
  const fs::path base = scratch_dir();
  { std::ofstream(base / "plain-file") << "x"; }
  const fs::path dir = base / "plain-file" / "out";
  auto ok = write_check_outputs(dir.string(), ws, res, {});
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, ErrorCode::io);
  EXPECT_EQ(listing(base), (std::set<std::string>{"plain-file"}));
}

TEST_F(CheckOutputs, AnOutputNameTakenByAFolderFailsBeforeWritingAnything) {
  const fs::path dir = scratch_dir();
  fs::create_directory(dir / "report.html");
  auto ok = write_check_outputs(dir.string(), ws, res, {});
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, ErrorCode::io);
  EXPECT_NE(ok.error().file.find("report.html"), std::string::npos);
  EXPECT_EQ(listing(dir), (std::set<std::string>{"report.html"}));
}

TEST_F(CheckOutputs, AFailedRerunLeavesThePreviousOutputsAsTheyWere) {
  const fs::path base = scratch_dir();
  const fs::path dir = base / "new" / "out";
  // A missing map: fails before anything is written, and the folders created are not left behind.
  ReportOptions bad;
  bad.map_png = (base / "missing.png").string();
  auto failed = write_check_outputs(dir.string(), ws, res, bad);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::io);
  EXPECT_FALSE(fs::exists(dir));

  ASSERT_TRUE(write_check_outputs(dir.string(), ws, res, {}));
  const std::string gpkg = slurp(dir / "result.gpkg");
  const std::string html = slurp(dir / "report.html");
  // A rerun whose HTML cannot be placed (the name is now a folder) fails and keeps the old files.
  fs::remove(dir / "report.html");
  fs::create_directory(dir / "report.html");
  auto again = write_check_outputs(dir.string(), ws, res, {});
  ASSERT_FALSE(again);
  EXPECT_EQ(slurp(dir / "result.gpkg"), gpkg);
  EXPECT_EQ(listing(dir), (std::set<std::string>{"report.html", "result.gpkg", "result.xlsx"}));
  EXPECT_FALSE(html.empty());
}

TEST_F(CheckOutputs, AGeoPackageThatFailsBesideTheWorkbookLeavesThePreviousOutputs) {
  // result.xlsx is written on a thread of its own while result.gpkg is written:
  // when the GeoPackage fails, the workbook's thread is waited for and its file
  // is not placed either; the previous outputs stay and no temporary file is left.
  const fs::path dir = scratch_dir() / "out";
  ASSERT_TRUE(write_check_outputs(dir.string(), ws, res, {}));
  const std::string gpkg = slurp(dir / "result.gpkg"), xlsx = slurp(dir / "result.xlsx");
  // A second table named like the villages layer: the GeoPackage cannot take it.
  FeatureTable twin;
  twin.name = "villages";
  ReportOptions bad;
  bad.meta = &twin;
  auto failed = write_check_outputs(dir.string(), ws, res, bad);
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().file.find("result.gpkg"), std::string::npos) << failed.error().to_string();
  EXPECT_EQ(slurp(dir / "result.gpkg"), gpkg);
  EXPECT_EQ(slurp(dir / "result.xlsx"), xlsx);
  EXPECT_EQ(listing(dir), (std::set<std::string>{"report.html", "result.gpkg", "result.xlsx"}));
}

TEST_F(CheckOutputs, AnUnwritableFolderFailsWithIoAndLeavesNothing) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes into read-only folders; run as a user to test this";
  const fs::path dir = scratch_dir();
  fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
  auto ok = write_check_outputs(dir.string(), ws, res, {});
  fs::permissions(dir, fs::perms::owner_all);
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, ErrorCode::io);
  EXPECT_TRUE(listing(dir).empty());
}

TEST_F(CheckOutputs, AResultThatDoesNotMatchTheVillagesIsRefused) {
  res.village_count = 3;
  const fs::path dir = scratch_dir();
  auto ok = write_check_outputs(dir.string(), ws, res, {});
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, ErrorCode::internal);
  EXPECT_TRUE(listing(dir).empty());
}

}  // namespace
}  // namespace jiuyou::report

namespace jiuyou::report {
namespace {

TEST(CheckReportHtml, AVerdictDecidedByAHiddenItemStillNamesTheVillage) {
  const Workspace ws = test::fixture_workspace();
  test::CheckResult res = test::fixture_result(ws);
  // The hidden helper 村有主导产业 becomes required and fails for 青山村.
  res.rules.items[test::k_leading].required = true;
  res.cells[0 * test::k_items + test::k_leading].outcome = test::Outcome::fail;
  res.verdict[0] = test::Outcome::fail;
  auto html = check_report_html(ws, res, {});
  ASSERT_TRUE(html) << html.error().to_string();
  const size_t failing = html->find("不可出列的村");
  const size_t unknown = html->find("数据不全的村");
  const size_t village = html->find("青山村", failing);
  ASSERT_NE(village, std::string::npos);
  EXPECT_LT(village, unknown);
  EXPECT_NE(html->find("村有主导产业：否", village), std::string::npos);  // the hidden item is named
}

// A village that cannot exit and also lacks data on an item is listed with the
// failing villages and again, for the missing data, in a section of its own after
// 数据不全的村: under 数据不全 it would contradict the summary's count.
TEST(CheckReportHtml, AFailingVillageWithMissingDataIsListedApartFromDataMissing) {
  const Workspace ws = test::fixture_workspace();
  test::CheckResult res = test::fixture_result(ws);
  res.cells[2 * test::k_items + test::k_broadband].outcome = test::Outcome::unknown;
  res.cells[2 * test::k_items + test::k_broadband].note = "覆盖数据缺失";
  auto html = check_report_html(ws, res, {});
  ASSERT_TRUE(html) << html.error().to_string();
  const size_t failing = html->find("不可出列的村");
  const size_t unknown = html->find("数据不全的村");
  const size_t apart = html->find("不可出列的村中另缺数据的项目");
  ASSERT_LT(failing, unknown);
  ASSERT_LT(unknown, apart);
  ASSERT_NE(apart, std::string::npos);
  const size_t first = html->find("河口村", failing);
  EXPECT_LT(first, unknown);
  EXPECT_EQ(html->substr(unknown, apart - unknown).find("河口村"), std::string::npos);
  const size_t second = html->find("河口村", apart);
  ASSERT_NE(second, std::string::npos);
  const std::string missing = "有入户的广电宽带通讯网络：缺少通信网络图层，无法判断";
  EXPECT_NE(html->find(missing, second), std::string::npos);
}

// What loading found reaches the reviewer: warnings and errors with file, layer, field and the fix;
// notes stay in `jiuyou validate`; no section when loading found nothing worth saying.
TEST(CheckReportHtml, LoadWarningsAreListedForTheReviewerWithWhereAndWhatToDo) {
  const Workspace ws = test::fixture_workspace();
  const test::CheckResult res = test::fixture_result(ws);
  IssueLog log;
  log.add({Severity::warning, "join_unmatched", "/data/county/村级统计.xlsx", "village_stats", -1, "code",
           "villages 的 250 个要素中有 36 个在 village_stats 中没有对应的行", "核对两个文件里的代码"});
  log.add({Severity::info, "text_decoded", "/data/county/村界.shp", "villages", -1, "", "按 GBK 解码", ""});
  ReportOptions opts;
  opts.load_issues = &log;
  auto html = check_report_html(ws, res, opts);
  ASSERT_TRUE(html) << html.error().to_string();
  const size_t at = html->find("附：读入数据时发现的问题（1 条");
  ASSERT_NE(at, std::string::npos);
  EXPECT_NE(html->find("村级统计.xlsx · village_stats，字段 code", at), std::string::npos);
  EXPECT_NE(html->find("36 个在 village_stats 中没有对应的行", at), std::string::npos);
  EXPECT_NE(html->find("处理：核对两个文件里的代码", at), std::string::npos);
  EXPECT_EQ(html->find("按 GBK 解码"), std::string::npos);  // a note, not a problem
  EXPECT_EQ(html->find("/data/county/"), std::string::npos);  // the file's name, not the machine's path
  IssueLog quiet;
  quiet.add(log.entries()[1]);
  opts.load_issues = &quiet;
  auto none = check_report_html(ws, res, opts);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->find("读入数据时发现的问题"), std::string::npos);
}

// The map rendered beside the outputs (issue #16): the page is composed before
// the map is awaited, so the caller can free the cells meanwhile; the page written
// is byte for byte the one composed with the map at hand, and without a map
// (the renderer failed) the one composed without.
TEST_F(CheckOutputs, APageComposedBeforeTheMapIsTheSamePage) {
  const fs::path dir = scratch_dir();
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "abc";
  { std::ofstream(dir / "map.png", std::ios::binary) << png; }
  ReportOptions at_hand;
  at_hand.map_png = (dir / "map.png").string();
  const auto expected = check_report_html(ws, res, at_hand);
  ASSERT_TRUE(expected) << expected.error().to_string();
  const auto without = check_report_html(ws, res, {});
  ASSERT_TRUE(without) << without.error().to_string();
  ASSERT_NE(*expected, *without);
  for (const bool rendered : {true, false}) {
    const fs::path out = dir / (rendered ? "with" : "without");
    std::vector<std::string> calls;
    ReportOptions opts;
    opts.write_gpkg = opts.write_xlsx = false;
    opts.composed = [&] { calls.emplace_back("composed"); };
    opts.await_map = [&] {
      calls.emplace_back("await");
      return rendered ? (dir / "map.png").string() : std::string();
    };
    auto ok = write_check_outputs(out.string(), ws, res, opts);
    ASSERT_TRUE(ok) << ok.error().to_string();
    EXPECT_EQ(calls, (std::vector<std::string>{"composed", "await"}));
    EXPECT_EQ(slurp(out / "report.html"), rendered ? *expected : *without);
  }
}

// The legend under the map (tour 16 Q5: the picture's own legend is unreadable at the page's width, and the page's
// three swatches did not match the map's five classes): each class of village the map colours, in the map's colour
// and with its count, the counts adding up to the villages; the picture at full size one click away.
TEST_F(CheckOutputs, TheLegendUnderTheMapNamesTheMapsClassesWithTheirCounts) {
  const fs::path dir = scratch_dir();
  { std::ofstream(dir / "map.png", std::ios::binary) << std::string("\x89PNG\r\n\x1a\n", 8) + "abc"; }
  ReportOptions opts;
  opts.map_png = (dir / "map.png").string();
  const auto page = check_report_html(ws, res, opts);
  ASSERT_TRUE(page) << page.error().to_string();
  const size_t from = page->find("<h2>地图</h2>");
  ASSERT_NE(from, std::string::npos);
  const std::string map = page->substr(from, page->find("<h2>", from + 1) - from);
  EXPECT_NE(map.find("<a href=\"map.png\"><img"), std::string::npos) << map.substr(0, 200);
  EXPECT_NE(map.find("打开原图 map.png"), std::string::npos);
  std::array<size_t, k_verdict_classes.size()> expected{};
  for (size_t v = 0; v < res.village_count; ++v)
    ++expected[verdict_class(res.verdict[v] == test::Outcome::pass ? "exit" : res.verdict[v] == test::Outcome::fail ? "fail" : "unknown", res.failed_count[v])];
  size_t shown = 0, classes = 0;
  for (size_t c = 0; c < expected.size(); ++c) {
    const VerdictClass& k = k_verdict_classes[c];
    const std::string swatch = "rgba(" + std::to_string(k.r) + "," + std::to_string(k.g) + "," + std::to_string(k.b) + ",";
    const std::string entry = std::string(k.label_zh) + " " + std::to_string(expected[c]) + "</span>";
    if (expected[c] == 0) {
      EXPECT_EQ(map.find(k.label_zh), std::string::npos) << k.label_zh;  // only what the map shows
      continue;
    }
    ++classes;
    shown += expected[c];
    EXPECT_NE(map.find(swatch), std::string::npos) << k.label_zh;
    EXPECT_NE(map.find(entry), std::string::npos) << entry << "\n" << map;
  }
  EXPECT_EQ(shown, res.village_count);
  EXPECT_GE(classes, 2u);  // the fixture has villages that may exit and villages that may not
}

// Every field of every row of a GeoPackage layer, as text (the file's bytes
// differ by gpkg_contents' timestamps).
std::vector<std::string> layer_rows(const fs::path& gpkg, const char* layer) {
  std::vector<std::string> rows;
  auto ds = open_gpkg(gpkg);
  OGRLayer* l = ds ? ds->GetLayerByName(layer) : nullptr;
  if (l == nullptr) return {"no layer " + std::string(layer)};
  for (auto& f : *l) {
    std::string row = std::to_string(f->GetFID());
    for (int i = 0; i < f->GetFieldCount(); ++i) row += std::string("|") + (f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "NULL");
    if (const OGRGeometry* g = f->GetGeometryRef(); g != nullptr) row += "|" + std::string(g->exportToWkt());
    rows.push_back(row);
  }
  return rows;
}

// The cells freed once they are read (issue #16, ninth round): `composed` comes
// after the workbook and the page and before the GeoPackage, which is then
// written from the villages and gaps tables built beforehand; every output is
// the same as with the cells kept.
TEST_F(CheckOutputs, TheCellsFreedBeforeTheGeoPackageGiveTheSameOutputs) {
  const fs::path dir = scratch_dir();
  const FeatureTable villages = villages_result_table(ws, res, Evidence::lean);
  const FeatureTable gaps = gaps_table(ws, res);
  ReportOptions kept;
  kept.evidence = Evidence::lean;
  kept.villages_result = &villages;
  kept.gaps = &gaps;
  ASSERT_TRUE(write_check_outputs((dir / "kept").string(), ws, res, kept));

  CheckResult freed_res = res;
  std::vector<std::string> calls;
  ReportOptions freed = kept;
  freed.progress = [&](double, std::string_view stage) {
    calls.emplace_back(stage);
    return true;
  };
  freed.composed = [&] {
    calls.emplace_back("composed");
    std::vector<indicators::ItemResult>().swap(freed_res.cells);
  };
  auto ok = write_check_outputs((dir / "freed").string(), ws, freed_res, freed);
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_TRUE(freed_res.cells.empty());
  const auto at = [&](const std::string& what) { return std::find(calls.begin(), calls.end(), what) - calls.begin(); };
  EXPECT_LT(at("composing report.html"), at("composed"));
  EXPECT_LT(at("finishing result.xlsx"), at("composed"));
  EXPECT_LT(at("composed"), at("writing result.gpkg"));
  EXPECT_LT(at("writing result.gpkg"), static_cast<std::ptrdiff_t>(calls.size()));
  EXPECT_EQ(slurp(dir / "freed" / "report.html"), slurp(dir / "kept" / "report.html"));
  EXPECT_EQ(zip_part(dir / "freed" / "result.xlsx", "xl/worksheets/sheet1.xml"), zip_part(dir / "kept" / "result.xlsx", "xl/worksheets/sheet1.xml"));
  for (const char* layer : {"villages", "gaps", "township_summary", "county_summary"}) {
    const auto rows = layer_rows(dir / "freed" / "result.gpkg", layer);
    EXPECT_FALSE(rows.empty()) << layer;
    EXPECT_EQ(rows, layer_rows(dir / "kept" / "result.gpkg", layer)) << layer;
  }
}

TEST(CheckReportHtml, AMapThatIsNotAPictureIsRefused) {
  const fs::path dir = test::scratch_dir();
  { std::ofstream(dir / "map.png") << "not a picture"; }
  const Workspace ws = test::fixture_workspace();
  ReportOptions opts;
  opts.map_png = (dir / "map.png").string();
  auto html = check_report_html(ws, test::fixture_result(ws), opts);
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().code, ErrorCode::format);
}

TEST_F(CheckOutputs, HtmlListsAtMostTheLimitAndSaysWhereTheRestAre) {
  const fs::path dir = scratch_dir();
  ReportOptions opts;
  opts.write_gpkg = opts.write_xlsx = false;
  opts.html_village_limit = 1;
  auto ok = write_check_outputs(dir.string(), ws, res, opts);
  ASSERT_TRUE(ok) << ok.error().to_string();
  const std::string html = slurp(dir / "report.html");
  size_t failing_total = 0;
  for (size_t v = 0; v < res.village_count; ++v) failing_total += res.verdict[v] == Outcome::fail;
  ASSERT_GE(failing_total, 2u) << "the fixture needs two failing villages";
  // The first failing village is listed, the second is not; the page says how many more and where.
  EXPECT_NE(html.find("石门村&lt;&amp;&gt;"), std::string::npos);
  EXPECT_EQ(html.find("河口村"), std::string::npos);
  EXPECT_NE(html.find("以上列出 1 个村，另有 " + std::to_string(failing_total - 1) + " 个村未列出；完整清单见 result.xlsx"), std::string::npos);
  // Past the limit no township heading stands over an empty table: each heading's
  // table has a village row, and the township cut short or left out says so.
  for (size_t h = html.find("<h3>"); h != std::string::npos; h = html.find("<h3>", h + 1)) {
    const size_t end = html.find("</table>", h);
    ASSERT_NE(end, std::string::npos);
    EXPECT_NE(html.substr(h, end - h).find("<tr><td style="), std::string::npos) << html.substr(h, 80);
  }
  EXPECT_TRUE(html.find("此处列出 1 个") != std::string::npos || html.find("未列出的乡镇：") != std::string::npos);
}

// 数据不全的村 lists the villages whose verdict is 数据不全, as many as the summary
// counts; a village that fails anyway and also lacks data on an item is listed in
// a section of its own, never under 数据不全.
TEST_F(CheckOutputs, DataMissingSectionAgreesWithTheSummaryCount) {
  const auto html = check_report_html(ws, res, {});
  ASSERT_TRUE(html) << html.error().to_string();
  size_t unknown = 0, failing_with_unknown = 0;
  for (size_t v = 0; v < res.village_count; ++v) {
    bool lacks_data = false;
    for (size_t i = 0; i < res.item_count(); ++i) lacks_data |= res.rules.items[i].required && res.cell(v, i).outcome == Outcome::unknown;
    unknown += res.verdict[v] == Outcome::unknown;
    failing_with_unknown += res.verdict[v] == Outcome::fail && lacks_data;
  }
  const size_t section = html->find("<h2>数据不全的村");
  ASSERT_NE(section, std::string::npos);
  const size_t next = html->find("<h2", section + 1);
  const std::string body = html->substr(section, next - section);
  size_t rows = 0;
  for (size_t at = body.find("<tr><td style="); at != std::string::npos; at = body.find("<tr><td style=", at + 1)) ++rows;
  EXPECT_EQ(rows, unknown);
  EXPECT_EQ(body.find("本村已因缺项不可出列"), std::string::npos);
  EXPECT_EQ(html->find("不可出列的村中另缺数据的项目") != std::string::npos, failing_with_unknown > 0);
}

}  // namespace
}  // namespace jiuyou::report
