// The writer: every format read back through GDAL itself (an independent
// reader), failures that leave nothing behind, and the atomic-file helpers.
#include <gtest/gtest.h>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include "gis/io/write.hpp"
#include "gis/util/atomic_file.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
namespace fs = std::filesystem;

namespace {

// Asserts success and prints the error otherwise.
#define ASSERT_OK(expr)                                          \
  do {                                                           \
    auto ok_ = (expr);                                           \
    ASSERT_TRUE(ok_) << ok_.error().to_string();                 \
  } while (0)

struct Closer {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using Dataset = std::unique_ptr<GDALDataset, Closer>;

Dataset open_vector(const fs::path& p) {
  GDALAllRegister();
  // CSV has no null: an empty cell is the writer's null.
  const char* csv_options[] = {"EMPTY_STRING_AS_NULL=YES", nullptr};
  return Dataset(GDALDataset::Open(p.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                   p.extension() == ".csv" ? csv_options : nullptr));
}

// Three villages in EPSG:4546 (CGCS2000 GK zone 37): two squares and one
// two-part polygon; Chinese names; a null income; a boolean; FIDs 10, 20, 30.
FeatureTable sample_villages() {
  FeatureTable t;
  t.name = "villages";
  t.crs = CrsRef::epsg(4546);
  t.geometry.kind = GeometryKind::polygon;
  auto square = [&](double x0, double y0, double side) {
    t.geometry.add_vertex(x0, y0);
    t.geometry.add_vertex(x0 + side, y0);
    t.geometry.add_vertex(x0 + side, y0 + side);
    t.geometry.add_vertex(x0, y0 + side);
    t.geometry.add_vertex(x0, y0);
    t.geometry.close_ring();
    t.geometry.close_part();
  };
  square(520000, 3565000, 1000);
  t.geometry.close_feature();
  square(522000, 3565000, 2000);
  t.geometry.close_feature();
  square(530000, 3570000, 500);
  square(531000, 3570000, 500);
  t.geometry.close_feature();
  // add_column may reallocate the column vector: take references only after adding all.
  t.add_column("code", FieldType::text);
  t.add_column("name", FieldType::text);
  t.add_column("population", FieldType::integer);
  t.add_column("collective_income", FieldType::real);
  t.add_column("has_leading_industry", FieldType::boolean);
  Column& code = *t.column("code");
  Column& name = *t.column("name");
  Column& pop = *t.column("population");
  Column& income = *t.column("collective_income");
  Column& lead = *t.column("has_leading_industry");
  const char* codes[] = {"420323100200", "420323100201", "420323101200"};
  const char* names[] = {"王家湾村", "李家沟村", "陈家坪村"};
  for (int i = 0; i < 3; ++i) {
    code.push_text(codes[i]);
    name.push_text(names[i]);
  }
  pop.push_int(1200);
  pop.push_int(845);
  pop.push_int(3010);
  income.push_real(52000.5);
  income.push_null();
  income.push_real(8000);
  lead.push_bool(true);
  lead.push_bool(false);
  lead.push_null();
  t.fid = {10, 20, 30};
  return t;
}

bool only_expected_files(const fs::path& dir, std::initializer_list<std::string> names) {
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    ++n;
    const auto fname = e.path().filename().string();
    if (std::find(names.begin(), names.end(), fname) == names.end()) {
      ADD_FAILURE() << "unexpected file left: " << fname;
      return false;
    }
  }
  return n == names.size();
}

int epsg_of(OGRLayer* layer) {
  const OGRSpatialReference* srs = layer->GetSpatialRef();
  if (!srs) return 0;
  OGRSpatialReference copy(*srs);
  copy.AutoIdentifyEPSG();
  const char* code = copy.GetAuthorityCode(nullptr);
  return code ? std::atoi(code) : 0;
}

// Reads the written layer back and compares every value with the table.
void expect_round_trip(const fs::path& file, bool fids_kept, bool typed) {
  Dataset ds = open_vector(file);
  ASSERT_TRUE(ds) << file;
  ASSERT_EQ(ds->GetLayerCount(), 1);
  OGRLayer* layer = ds->GetLayer(0);
  EXPECT_EQ(layer->GetFeatureCount(), 3);
  if (!fs::path(file).extension().string().ends_with("csv")) {
    EXPECT_EQ(epsg_of(layer), 4546) << file;
  }
  const FeatureTable t = sample_villages();
  int row = 0;
  for (auto& f : *layer) {
    ASSERT_LT(row, 3);
    if (fids_kept) {
      EXPECT_EQ(f->GetFID(), t.fid[static_cast<size_t>(row)]);
    }
    EXPECT_STREQ(f->GetFieldAsString("code"), std::string(t.column("code")->get_text(static_cast<size_t>(row))).c_str());
    EXPECT_STREQ(f->GetFieldAsString("name"), std::string(t.column("name")->get_text(static_cast<size_t>(row))).c_str());
    EXPECT_EQ(f->GetFieldAsInteger64("population"), t.column("population")->get_int(static_cast<size_t>(row)));
    const int income_idx = f->GetFieldIndex(fs::path(file).extension() == ".shp" ? "collective" : "collective_income");
    ASSERT_GE(income_idx, 0);
    if (row == 1) {
      EXPECT_FALSE(f->IsFieldSetAndNotNull(income_idx)) << "null income must stay null in " << file;
    } else {
      EXPECT_DOUBLE_EQ(f->GetFieldAsDouble(income_idx), t.column("collective_income")->get_real(static_cast<size_t>(row)));
    }
    if (typed) {
      EXPECT_EQ(f->GetFieldDefnRef(income_idx)->GetType(), OFTReal);
    }
    const OGRGeometry* g = f->GetGeometryRef();
    ASSERT_NE(g, nullptr);
    const double want_area = feature_area(t.geometry, static_cast<size_t>(row));
    double area = 0;
    if (wkbFlatten(g->getGeometryType()) == wkbPolygon) area = g->toPolygon()->get_Area();
    if (wkbFlatten(g->getGeometryType()) == wkbMultiPolygon) area = g->toMultiPolygon()->get_Area();
    EXPECT_NEAR(area, want_area, 1e-6) << file << " row " << row;
    ++row;
  }
  EXPECT_EQ(row, 3);
}

}  // namespace

TEST(WriteLayer, GeoPackageRoundTripKeepsFidsTypesNullsAndCrs) {
  const auto dir = test::scratch_dir();
  const auto file = dir / "villages.gpkg";
  const FeatureTable t = sample_villages();
  ASSERT_OK(io::write_layer(file.string(), t));
  expect_round_trip(file, true, true);
  Dataset ds = open_vector(file);
  OGRFieldDefn* lead = ds->GetLayer(0)->GetLayerDefn()->GetFieldDefn(ds->GetLayer(0)->GetLayerDefn()->GetFieldIndex("has_leading_industry"));
  EXPECT_EQ(lead->GetSubType(), OFSTBoolean);
  EXPECT_TRUE(only_expected_files(dir, {"villages.gpkg"}));
}

// A CRS given by a name PROJ knows (the loader takes crs = "CGCS2000" as EPSG:4490) is written as that CRS:
// GDAL's own parser knows few names and refused `export --crs CGCS2000` (tour 15 P9).
TEST(WriteLayer, ACrsGivenByNameIsWrittenAsTheCrsItNames) {
  const auto dir = test::scratch_dir();
  const auto file = dir / "villages.gpkg";
  FeatureTable t = sample_villages();
  t.crs = CrsRef::parse("CGCS2000");
  ASSERT_OK(io::write_layer(file.string(), t));
  Dataset ds = open_vector(file);
  const OGRSpatialReference* srs = ds->GetLayer(0)->GetSpatialRef();
  ASSERT_NE(srs, nullptr);
  EXPECT_TRUE(srs->IsGeographic());
  ASSERT_NE(srs->GetAuthorityCode(nullptr), nullptr);
  EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "4490") << "CGCS2000 by name is the lon/lat CRS, EPSG:4490";
  t.crs = CrsRef::parse("No Such Datum 1900");
  const auto bad = io::write_layer((dir / "bad.gpkg").string(), t);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::crs);
  EXPECT_NE(bad.error().to_string().find("No Such Datum 1900"), std::string::npos) << bad.error().to_string();
  EXPECT_FALSE(std::filesystem::exists(dir / "bad.gpkg"));
}

TEST(WriteLayer, ShapefileIsUtf8WithAllSidecarsAndNoTemporaries) {
  const auto dir = test::scratch_dir();
  const auto file = dir / "villages.shp";
  ASSERT_OK(io::write_layer(file.string(), sample_villages()));
  expect_round_trip(file, false, true);
  std::ifstream cpg(dir / "villages.cpg");
  std::string enc;
  cpg >> enc;
  EXPECT_EQ(enc, "UTF-8");
  EXPECT_TRUE(only_expected_files(dir, {"villages.shp", "villages.shx", "villages.dbf", "villages.prj", "villages.cpg"}));
}

TEST(WriteLayer, ShapefileRewriteReplacesOldSidecars) {
  const auto dir = test::scratch_dir();
  const auto file = dir / "villages.shp";
  ASSERT_OK(io::write_layer(file.string(), sample_villages()));
  std::ofstream(dir / "villages.qix") << "stale index";
  ASSERT_OK(io::write_layer(file.string(), sample_villages()));
  EXPECT_FALSE(fs::exists(dir / "villages.qix"));
  expect_round_trip(file, false, true);
}

TEST(WriteLayer, GeoJsonRoundTrip) {
  const auto dir = test::scratch_dir();
  const auto file = dir / "villages.geojson";
  ASSERT_OK(io::write_layer(file.string(), sample_villages()));
  expect_round_trip(file, true, true);
  EXPECT_TRUE(only_expected_files(dir, {"villages.geojson"}));
}

TEST(WriteLayer, FlatGeobufRoundTrip) {
  const auto dir = test::scratch_dir();
  const auto file = dir / "villages.fgb";
  ASSERT_OK(io::write_layer(file.string(), sample_villages()));
  expect_round_trip(file, false, true);
  EXPECT_TRUE(only_expected_files(dir, {"villages.fgb"}));
}

TEST(WriteLayer, CsvCarriesWktGeometry) {
  const auto dir = test::scratch_dir();
  const auto file = dir / "villages.csv";
  ASSERT_OK(io::write_layer(file.string(), sample_villages()));
  std::ifstream in(file);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header.rfind("WKT,", 0), 0u) << header;
  expect_round_trip(file, false, false);
  EXPECT_TRUE(only_expected_files(dir, {"villages.csv", "villages.csvt", "villages.prj"}));
}

TEST(WriteLayers, SeveralLayersInOneGeoPackage) {
  const auto dir = test::scratch_dir();
  FeatureTable villages = sample_villages();
  FeatureTable roads;
  roads.name = "roads";
  roads.crs = CrsRef::epsg(4546);
  roads.geometry.kind = GeometryKind::line;
  roads.geometry.add_vertex(520000, 3565000);
  roads.geometry.add_vertex(523000, 3568000);
  roads.geometry.close_ring();
  roads.geometry.close_part();
  roads.geometry.close_feature();
  roads.add_column("surface", FieldType::text).push_text("concrete");
  roads.fid = {1};
  const FeatureTable* both[] = {&villages, &roads};
  const auto file = dir / "county.gpkg";
  ASSERT_OK(io::write_layers(file.string(), both));
  Dataset ds = open_vector(file);
  ASSERT_TRUE(ds);
  ASSERT_EQ(ds->GetLayerCount(), 2);
  OGRLayer* r = ds->GetLayerByName("roads");
  ASSERT_NE(r, nullptr);
  std::unique_ptr<OGRFeature> f(r->GetNextFeature());
  ASSERT_TRUE(f);
  EXPECT_STREQ(f->GetFieldAsString("surface"), "concrete");
  EXPECT_NEAR(f->GetGeometryRef()->toLineString()->get_Length(), 3000 * std::sqrt(2.0), 1e-6);
}

TEST(WriteLayers, SeveralLayersIntoAShapefileIsAnInputError) {
  const auto dir = test::scratch_dir();
  FeatureTable a = sample_villages();
  FeatureTable b = sample_villages();
  const FeatureTable* both[] = {&a, &b};
  auto r = io::write_layers((dir / "x.shp").string(), both);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::input);
  EXPECT_FALSE(r.error().hint.empty());
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(WriteLayer, MissingFolderIsAnIoErrorNamingThePathAndLeavesNothing) {
  const auto dir = test::scratch_dir();
  const auto file = dir / "no_such_folder" / "villages.gpkg";
  auto r = io::write_layer(file.string(), sample_villages());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::io);
  EXPECT_NE(r.error().to_string().find(file.string()), std::string::npos) << r.error().to_string();
  EXPECT_FALSE(r.error().hint.empty());
  EXPECT_TRUE(fs::is_empty(dir));
  auto tif = io::write_geotiff((dir / "no_such_folder" / "dem.tif").string(), Raster{});
  ASSERT_FALSE(tif);
}

TEST(WriteLayer, UnknownCrsIsACrsErrorAndLeavesNothing) {
  const auto dir = test::scratch_dir();
  FeatureTable t = sample_villages();
  t.crs = CrsRef::parse("EPSG:999999");
  auto r = io::write_layer((dir / "v.gpkg").string(), t);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::crs);
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(WriteLayer, FailedRewriteKeepsThePreviousFile) {
  const auto dir = test::scratch_dir();
  const auto file = dir / "villages.gpkg";
  ASSERT_OK(io::write_layer(file.string(), sample_villages()));
  const auto size_before = fs::file_size(file);
  FeatureTable bad = sample_villages();
  bad.crs = CrsRef::parse("not a crs at all");
  ASSERT_FALSE(io::write_layer(file.string(), bad));
  EXPECT_EQ(fs::file_size(file), size_before);
  expect_round_trip(file, true, true);
  EXPECT_TRUE(only_expected_files(dir, {"villages.gpkg"}));
}

TEST(WriteLayer, Gcj02IsWrittenAs4326AndFlaggedInMetadata) {
  const auto dir = test::scratch_dir();
  FeatureTable t;
  t.name = "pois";
  t.crs = CrsRef::parse("GCJ-02");
  t.geometry.kind = GeometryKind::point;
  t.geometry.add_point_feature(110.2296, 32.22586);
  t.fid = {1};
  const auto file = dir / "pois.gpkg";
  ASSERT_OK(io::write_layer(file.string(), t));
  Dataset ds = open_vector(file);
  OGRLayer* layer = ds->GetLayer(0);
  EXPECT_EQ(epsg_of(layer), 4326);
  ASSERT_NE(layer->GetMetadataItem("JIUYOU_CRS"), nullptr);
  EXPECT_STREQ(layer->GetMetadataItem("JIUYOU_CRS"), "GCJ-02");
  std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
  // Traditional GIS order: x is longitude.
  EXPECT_DOUBLE_EQ(f->GetGeometryRef()->toPoint()->getX(), 110.2296);
}

TEST(WriteGeoTiff, Float32DeflateTiledWithNodata) {
  const auto dir = test::scratch_dir();
  Raster r;
  r.width = 300;
  r.height = 200;
  r.geotransform = {500000, 100, 0, 3580000, 0, -100};
  r.crs = CrsRef::epsg(4546);
  r.nodata = -9999;
  r.values.resize(static_cast<size_t>(r.width * r.height));
  for (int y = 0; y < r.height; ++y)
    for (int x = 0; x < r.width; ++x) r.values[static_cast<size_t>(y * r.width + x)] = static_cast<float>(200 + x * 3.5 + y * 0.25);
  r.values[0] = -9999;
  const auto file = dir / "dem.tif";
  ASSERT_OK(io::write_geotiff(file.string(), r));
  EXPECT_TRUE(only_expected_files(dir, {"dem.tif"}));

  GDALAllRegister();
  Dataset ds(GDALDataset::Open(file.string().c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->GetRasterXSize(), 300);
  EXPECT_EQ(ds->GetRasterYSize(), 200);
  double gt[6];
  ASSERT_EQ(ds->GetGeoTransform(gt), CE_None);
  for (int i = 0; i < 6; ++i) EXPECT_DOUBLE_EQ(gt[i], r.geotransform[static_cast<size_t>(i)]);
  EXPECT_STREQ(ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE"), "DEFLATE");
  GDALRasterBand* band = ds->GetRasterBand(1);
  EXPECT_EQ(band->GetRasterDataType(), GDT_Float32);
  int bx = 0, by = 0;
  band->GetBlockSize(&bx, &by);
  EXPECT_EQ(bx, 256);
  EXPECT_EQ(by, 256);
  int has_nodata = 0;
  EXPECT_DOUBLE_EQ(band->GetNoDataValue(&has_nodata), -9999);
  EXPECT_TRUE(has_nodata);
  std::vector<float> back(r.values.size());
  ASSERT_EQ(band->RasterIO(GF_Read, 0, 0, r.width, r.height, back.data(), r.width, r.height, GDT_Float32, 0, 0, nullptr), CE_None);
  EXPECT_EQ(back, r.values);
  OGRSpatialReference srs(*ds->GetSpatialRef());
  srs.AutoIdentifyEPSG();
  EXPECT_STREQ(srs.GetAuthorityCode(nullptr), "4546");
}

TEST(AtomicOutput, TemporariesOfADeadRunAreRemovedAndALiveOnesKept) {
  // An interrupted run (kill -9, Ctrl-C) leaves ".<stem>.tmp-<pid>-<n>*" beside the target;
  // the next write of the same target removes those of processes that are gone.
  const auto dir = jiuyou::test::scratch_dir();
  const std::string target = (dir / "county.gpkg").string();
  pid_t dead = 0;
  for (pid_t p = 4000000; p > 3000000; --p)
    if (::kill(p, 0) != 0 && errno == ESRCH) {
      dead = p;
      break;
    }
  ASSERT_GT(dead, 0);
  const auto stale = dir / (".county.tmp-" + std::to_string(dead) + "-0.gpkg");
  const auto stale_sidecar = dir / (".county.tmp-" + std::to_string(dead) + "-0.gpkg-journal");
  const auto live = dir / (".county.tmp-" + std::to_string(::getppid()) + "-0.gpkg");
  const auto other = dir / ".roads.tmp-1-0.gpkg";
  for (const auto& f : {stale, stale_sidecar, live, other}) std::ofstream(f) << "x";
  { jiuyou::util::AtomicOutput out(target); }
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_FALSE(std::filesystem::exists(stale_sidecar));
  EXPECT_TRUE(std::filesystem::exists(live)) << "a running process's temporary is not touched";
  EXPECT_TRUE(std::filesystem::exists(other)) << "another target's temporaries are not touched";
}

TEST(AtomicOutput, UncommittedOutputIsRemoved) {
  const auto dir = test::scratch_dir();
  std::string temp;
  {
    util::AtomicOutput out((dir / "a.txt").string());
    temp = out.temp_path();
    EXPECT_EQ(fs::path(temp).parent_path(), dir);
    std::ofstream(temp) << "half";
    EXPECT_TRUE(fs::exists(temp));
  }
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(AtomicOutput, CommitReplacesTheTarget) {
  const auto dir = test::scratch_dir();
  const auto target = dir / "a.txt";
  std::ofstream(target) << "old";
  util::AtomicOutput out(target.string());
  std::ofstream(out.temp_path()) << "new";
  ASSERT_TRUE(out.commit());
  std::ifstream in(target);
  std::string s;
  in >> s;
  EXPECT_EQ(s, "new");
  EXPECT_TRUE(only_expected_files(dir, {"a.txt"}));
}

TEST(AtomicOutput, CommitWithNothingWrittenIsAnIoError) {
  const auto dir = test::scratch_dir();
  util::AtomicOutput out((dir / "a.txt").string());
  auto r = out.commit();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::io);
}

TEST(AtomicDirectory, AllOrNothing) {
  const auto root = test::scratch_dir();
  const auto dir = root / "out";
  {
    util::AtomicDirectory set(dir.string());
    ASSERT_TRUE(set.prepare());
    std::ofstream(set.add("a.txt")) << "a";
    std::ofstream(set.add("b.txt")) << "b";
    // no commit: temporaries and the folder made here go away
  }
  EXPECT_FALSE(fs::exists(dir));
  {
    util::AtomicDirectory set(dir.string());
    ASSERT_TRUE(set.prepare());
    std::ofstream(set.add("a.txt")) << "a";
    std::ofstream(set.add("b.txt")) << "b";
    ASSERT_TRUE(set.commit());
  }
  EXPECT_TRUE(only_expected_files(dir, {"a.txt", "b.txt"}));
}

TEST(AtomicFile, WriteFileAtomicIntoMissingFolderFails) {
  const auto dir = test::scratch_dir();
  auto r = util::write_file_atomic((dir / "missing" / "p.toml").string(), "x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::io);
  EXPECT_TRUE(fs::is_empty(dir));
}

// The row loop refills one OGR point or line and one text buffer from row to
// row (issue #16, seventh round): every row must still get its own geometry and
// text, whether the rows before it were longer, shorter or empty.
TEST(WriteLayers, EachRowKeepsItsOwnPointLineAndTextWhenBuffersAreReused) {
  const auto dir = test::scratch_dir();
  FeatureTable points;
  points.name = "points";
  points.crs = CrsRef::epsg(4546);
  points.geometry.kind = GeometryKind::point;
  Column& pname = points.add_column("name", FieldType::text);
  const std::vector<std::pair<double, double>> xy = {{520000, 3565000}, {0, 0}, {521000.5, 3566000.25}};
  for (size_t i = 0; i < xy.size(); ++i) {
    if (i == 1) {
      points.geometry.add_null_feature();
    } else {
      points.geometry.add_vertex(xy[i].first, xy[i].second);
      points.geometry.close_ring();
      points.geometry.close_part();
      points.geometry.close_feature();
    }
    points.fid.push_back(static_cast<int64_t>(i) + 1);
  }
  pname.push_text("一个很长的村名，远远超过短字符串的长度：柳树湾村第三村民小组");
  pname.push_text("短");
  pname.push_text("");

  FeatureTable lines;
  lines.name = "lines";
  lines.crs = CrsRef::epsg(4546);
  lines.geometry.kind = GeometryKind::line;
  const std::vector<std::vector<double>> verts = {{0, 0, 10, 0, 10, 10}, {}, {5, 5, 6, 6}, {1, 1, 2, 2, 3, 3, 4, 4}};
  for (size_t i = 0; i < verts.size(); ++i) {
    if (verts[i].empty()) {
      lines.geometry.add_null_feature();
    } else {
      for (size_t k = 0; k + 1 < verts[i].size(); k += 2) lines.geometry.add_vertex(520000 + verts[i][k], 3565000 + verts[i][k + 1]);
      lines.geometry.close_ring();
      lines.geometry.close_part();
      lines.geometry.close_feature();
    }
    lines.fid.push_back(static_cast<int64_t>(i) + 1);
  }
  const FeatureTable* both[] = {&points, &lines};
  const auto file = dir / "rows.gpkg";
  ASSERT_OK(io::write_layers(file.string(), both));

  Dataset ds = open_vector(file);
  ASSERT_TRUE(ds);
  OGRLayer* p = ds->GetLayerByName("points");
  ASSERT_NE(p, nullptr);
  p->ResetReading();
  for (size_t i = 0; i < xy.size(); ++i) {
    std::unique_ptr<OGRFeature> f(p->GetNextFeature());
    ASSERT_TRUE(f);
    EXPECT_EQ(f->GetFID(), static_cast<GIntBig>(i) + 1);
    EXPECT_STREQ(f->GetFieldAsString("name"), pname.as_text(i).c_str());
    const OGRGeometry* g = f->GetGeometryRef();
    if (i == 1) {
      EXPECT_TRUE(g == nullptr || g->IsEmpty());
      continue;
    }
    ASSERT_NE(g, nullptr);
    EXPECT_DOUBLE_EQ(g->toPoint()->getX(), xy[i].first);
    EXPECT_DOUBLE_EQ(g->toPoint()->getY(), xy[i].second);
  }
  OGRLayer* l = ds->GetLayerByName("lines");
  ASSERT_NE(l, nullptr);
  l->ResetReading();
  for (size_t i = 0; i < verts.size(); ++i) {
    std::unique_ptr<OGRFeature> f(l->GetNextFeature());
    ASSERT_TRUE(f);
    const OGRGeometry* g = f->GetGeometryRef();
    if (verts[i].empty()) {
      EXPECT_TRUE(g == nullptr || g->IsEmpty());
      continue;
    }
    ASSERT_NE(g, nullptr);
    const OGRLineString* ls = g->toLineString();
    ASSERT_EQ(static_cast<size_t>(ls->getNumPoints()), verts[i].size() / 2) << "row " << i;
    for (int k = 0; k < ls->getNumPoints(); ++k) {
      EXPECT_DOUBLE_EQ(ls->getX(k), 520000 + verts[i][2 * static_cast<size_t>(k)]);
      EXPECT_DOUBLE_EQ(ls->getY(k), 3565000 + verts[i][2 * static_cast<size_t>(k) + 1]);
    }
  }
}
