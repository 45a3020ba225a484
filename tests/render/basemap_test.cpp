// The offline basemap: a small MBTiles made here through GDAL (a synthetic
// Web Mercator raster, west half red, east half blue, translated with the
// MBTiles driver) is drawn under the layers of `render`, warped into the
// project's metric CRS with north up; network sources, missing files and
// files that are not rasters are clear errors.
#include <gtest/gtest.h>

#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <fstream>
#include <vector>

#include "src/render/basemap.hpp"
#include "src/render/render_map.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::render {
namespace {

namespace fs = std::filesystem;

// EPSG:3857 box around (111E, 31N): x 12.33..12.39e6, y 3.62..3.66e6 (west half red, east half blue).
constexpr double k_mx0 = 12330000, k_mx1 = 12390000, k_my0 = 3620000, k_my1 = 3660000;
constexpr Rgba k_red{200, 30, 30, 255}, k_blue{30, 90, 200, 255};

fs::path make_mbtiles(const fs::path& dir) {
  GDALAllRegister();
  const int w = 600, h = 400;
  GDALDatasetH mem = GDALCreate(GDALGetDriverByName("MEM"), "", w, h, 3, GDT_Byte, nullptr);
  const double gt[6] = {k_mx0, (k_mx1 - k_mx0) / w, 0, k_my1, 0, -(k_my1 - k_my0) / h};
  GDALSetGeoTransform(mem, const_cast<double*>(gt));
  GDALSetProjection(mem, "EPSG:3857");
  const uint8_t rgb[2][3] = {{k_red.r, k_red.g, k_red.b}, {k_blue.r, k_blue.g, k_blue.b}};
  for (int b = 0; b < 3; ++b) {
    std::vector<uint8_t> px(static_cast<size_t>(w) * h);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) px[static_cast<size_t>(y) * w + x] = rgb[x < w / 2 ? 0 : 1][b];
    EXPECT_EQ(GDALRasterIO(GDALGetRasterBand(mem, b + 1), GF_Write, 0, 0, w, h, px.data(), w, h, GDT_Byte, 0, 0), CE_None);
  }
  const fs::path out = dir / "base.mbtiles";
  const char* argv[] = {"-of", "MBTILES", nullptr};
  GDALTranslateOptions* o = GDALTranslateOptionsNew(const_cast<char**>(argv), nullptr);
  GDALDatasetH t = GDALTranslate(out.string().c_str(), mem, o, nullptr);
  GDALTranslateOptionsFree(o);
  EXPECT_NE(t, nullptr) << CPLGetLastErrorMsg();
  if (t) GDALClose(t);
  GDALClose(mem);
  return out;
}

// The box's corners in EPSG:4545 (CGCS2000 / 3-degree GK CM 111E) from GDAL, for the workspace.
BBox metric_box() {
  OGRSpatialReferenceH a = OSRNewSpatialReference(nullptr), b = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(a, 3857);
  OSRImportFromEPSG(b, 4545);
  OSRSetAxisMappingStrategy(a, OAMS_TRADITIONAL_GIS_ORDER);
  OSRSetAxisMappingStrategy(b, OAMS_TRADITIONAL_GIS_ORDER);
  OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(a, b);
  double xs[2] = {k_mx0, k_mx1}, ys[2] = {k_my0, k_my1};
  OCTTransform(ct, 2, xs, ys, nullptr);
  OCTDestroyCoordinateTransformation(ct);
  OSRDestroySpatialReference(a);
  OSRDestroySpatialReference(b);
  return {xs[0], ys[0], xs[1], ys[1]};
}

bool near(Rgba a, Rgba b, int tol = 12) {
  return std::abs(a.r - b.r) <= tol && std::abs(a.g - b.g) <= tol && std::abs(a.b - b.b) <= tol;
}

TEST(Basemap, MbtilesIsDrawnUnderTheLayersNorthUpInTheMetricCrs) {
  const fs::path dir = test::scratch_dir();
  const fs::path mb = make_mbtiles(dir);
  ASSERT_TRUE(fs::exists(mb));
  const BBox box = metric_box();
  Workspace ws;
  ws.name = "底图 (测试)";
  ws.metric_crs = CrsRef::epsg(4545);
  FeatureTable line;
  line.name = "roads";
  line.crs = ws.metric_crs;
  line.geometry.kind = GeometryKind::line;
  const double cy = (box.min_y + box.max_y) / 2;
  const std::vector<Vec2> pts = {{box.min_x + 1000, cy}, {box.max_x - 1000, cy}};
  line.geometry.add_line_feature(pts);
  line.fid.push_back(0);
  ws.layers = {line};
  RenderOptions o;
  o.width = 600;
  o.height = 400;
  o.labels = o.legend = false;
  o.bbox = box;
  o.basemap = mb.string();
  auto r = render_map(ws, o);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_TRUE(write_png(r->image, (dir / "basemap.png").string()).has_value());
  const auto at = [&](double fx, double fy) {
    const Vec2 p = r->camera.world_to_screen({box.min_x + fx * (box.max_x - box.min_x), box.min_y + fy * (box.max_y - box.min_y)});
    return r->image.at(static_cast<int>(p.x), static_cast<int>(p.y));
  };
  EXPECT_TRUE(near(at(0.25, 0.75), k_red)) << "west, north of the road";
  EXPECT_TRUE(near(at(0.75, 0.25), k_blue)) << "east, south of the road";
  EXPECT_FALSE(near(at(0.5, 0.5), k_red, 40)) << "the road is drawn over the basemap";
  // Without the basemap the same place is the map's own background.
  o.basemap.clear();
  auto plain = render_map(ws, o);
  ASSERT_TRUE(plain.has_value());
  const Vec2 p = plain->camera.world_to_screen({box.min_x + 0.25 * (box.max_x - box.min_x), box.min_y + 0.75 * (box.max_y - box.min_y)});
  EXPECT_FALSE(near(plain->image.at(static_cast<int>(p.x), static_cast<int>(p.y)), k_red, 40));
}

TEST(Basemap, NetworkMissingAndNonRasterSourcesAreErrors) {
  const fs::path dir = test::scratch_dir();
  BasemapView v{metric_box(), CrsRef::epsg(4545), 100, 80, {240, 240, 240, 255}};
  for (const std::string bad : {"https://tile.example.org/{z}/{x}/{y}.png", "/vsicurl/http://example.org/a.mbtiles"}) {
    auto r = read_basemap(bad, v);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::io);
    EXPECT_NE(r.error().message.find("network"), std::string::npos) << r.error().message;
  }
  auto missing = read_basemap((dir / "none.mbtiles").string(), v);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::io);
  EXPECT_EQ(missing.error().file, (dir / "none.mbtiles").string());
  std::ofstream(dir / "notes.mbtiles") << "not a tile set";
  auto text = read_basemap((dir / "notes.mbtiles").string(), v);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().code, ErrorCode::io);
  fs::create_directories(dir / "empty_tiles");
  auto empty = read_basemap((dir / "empty_tiles").string(), v);
  ASSERT_FALSE(empty.has_value());
  EXPECT_NE(empty.error().message.find("no XYZ tiles"), std::string::npos);
  std::ofstream(dir / "wms.xml") << "<GDAL_WMS><Service name=\"TMS\"><ServerUrl>https://tile.example.org/${z}/${x}/${y}.png</ServerUrl></Service></GDAL_WMS>";
  auto wms = read_basemap((dir / "wms.xml").string(), v);
  ASSERT_FALSE(wms.has_value());
  EXPECT_NE(wms.error().message.find("network"), std::string::npos);
}

}  // namespace
}  // namespace jiuyou::render
