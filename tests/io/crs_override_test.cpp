// tour 17 R3: a project `crs` that says other than the file's own .prj. The
// project wins (as documented), but a zone written wrong in the project moved a
// whole layer 280 km without a word: now a warning naming both CRSs and how far
// apart they put the layer; an info when they are a datum apart (metres) or when
// the file's own CRS cannot be right for its numbers (metres in a GeoJSON, which
// GDAL takes as WGS 84 when it carries no crs member).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

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

// Three village squares around 111°E, 32°N in Gauss–Krüger zone 37 (EPSG:4546).
void write_villages_4546(const fs::path& shp) {
  write_fixture("ESRI Shapefile", shp.string(), "villages", 4546, wkbPolygon, {{"code", OFTString}, {"name", OFTString}},
                {{"POLYGON ((500000 3540000,501000 3540000,501000 3541000,500000 3540000))", {"420323100201", "柳林村"}},
                 {"POLYGON ((502000 3540000,503000 3540000,503000 3541000,502000 3540000))", {"420323100202", "石门村"}},
                 {"POLYGON ((504000 3540000,505000 3540000,505000 3541000,504000 3540000))", {"420323100203", "王家湾村"}}},
                {"ENCODING=UTF-8"});
}

struct Loaded {
  IssueLog log;
  bool ok = false;
};

Loaded load(const fs::path& dir, const std::string& layer_toml) {
  write_text_file(dir / "p.toml", layer_toml);
  Loaded out;
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return out;
  auto ws = io::load_workspace(*p);
  out.ok = ws.has_value();
  if (ws) out.log = ws->issues;
  return out;
}

const Issue* find(const IssueLog& log, const std::string& code) {
  for (const auto& i : log.entries())
    if (i.code == code) return &i;
  return nullptr;
}

}  // namespace

TEST(CrsOverride, AProjectCrsOfAnotherZoneThanTheFilesPrjIsAWarningNamingBothAndTheDistance) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_villages_4546(dir / "村界.shp");
  const Loaded l = load(dir, "[layers.villages]\npath = \"村界.shp\"\ncrs = \"EPSG:4545\"\n");
  ASSERT_TRUE(l.ok);
  const Issue* w = find(l.log, "crs_overrides_file");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->severity, Severity::warning);
  EXPECT_EQ(w->layer, "villages");
  EXPECT_NE(w->message.find("EPSG:4545"), std::string::npos) << w->message;
  EXPECT_NE(w->message.find("EPSG:4546"), std::string::npos) << w->message;
  EXPECT_NE(w->message.find("公里"), std::string::npos) << w->message;  // a zone apart: hundreds of km
  EXPECT_NE(w->hint.find("删掉"), std::string::npos) << w->hint;
}

TEST(CrsOverride, TheFilesOwnCrsRepeatedSaysNothingAndADatumApartIsAnInfo) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_villages_4546(dir / "村界.shp");
  const Loaded same = load(dir, "[layers.villages]\npath = \"村界.shp\"\ncrs = \"EPSG:4546\"\n");
  ASSERT_TRUE(same.ok);
  EXPECT_EQ(find(same.log, "crs_overrides_file"), nullptr);
  EXPECT_EQ(find(same.log, "crs_datum_overridden"), nullptr);

  const Loaded xian80 = load(dir, "[layers.villages]\npath = \"村界.shp\"\ncrs = \"EPSG:2382\"\n");  // Xian 1980, the same zone
  ASSERT_TRUE(xian80.ok);
  EXPECT_EQ(find(xian80.log, "crs_overrides_file"), nullptr);
  const Issue* i = find(xian80.log, "crs_datum_overridden");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::info);
}

TEST(CrsOverride, MetresInAGeoJsonWithoutItsCrsMemberTakeTheProjectsCrsWithOnlyAnInfo) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_text_file(dir / "村界.geojson",
                  R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"420323100201","name":"柳林村"},)"
                  R"("geometry":{"type":"Polygon","coordinates":[[[500000,3540000],[501000,3540000],[501000,3541000],[500000,3540000]]]}}]})");
  const Loaded l = load(dir, "[layers.villages]\npath = \"村界.geojson\"\ncrs = \"EPSG:4546\"\n");
  ASSERT_TRUE(l.ok);
  EXPECT_EQ(find(l.log, "crs_overrides_file"), nullptr);
  ASSERT_NE(find(l.log, "crs_datum_overridden"), nullptr);
}

// tour 17 R2: Gauss–Krüger X without the zone number under a .prj whose X carries it (EPSG:4525, false easting
// 37,500,000): no transformation answers; the hint says what is wrong and which CRS fits.
TEST(CrsOverride, XWithoutTheZoneNumberUnderAZonePrjNamesTheCrsWithoutIt) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("ESRI Shapefile", (dir / "村界.shp").string(), "villages", 4525, wkbPolygon, {{"code", OFTString}},
                {{"POLYGON ((391000 3540000,392000 3540000,392000 3541000,391000 3540000))", {"420323100201"}}}, {"ENCODING=UTF-8"});
  write_text_file(dir / "p.toml", "[project]\nmetric_crs = \"EPSG:4546\"\n[layers.villages]\npath = \"村界.shp\"\n");
  auto p = io::load_project((dir / "p.toml").string());
  ASSERT_TRUE(p);
  auto ws = io::load_workspace(*p);
  ASSERT_FALSE(ws);
  EXPECT_NE(ws.error().hint.find("没有带号"), std::string::npos) << ws.error().to_string();
  EXPECT_NE(ws.error().hint.find("EPSG:4546"), std::string::npos) << ws.error().to_string();
}

// tour 17 R19: GCJ-02 data a web map exported in Web Mercator. crs = "GCJ-02" on the EPSG:3857 file reads it in
// the file's CRS, unprojects it and un-shifts it: the villages land where the same GCJ-02 lon/lat file puts them.
TEST(CrsOverride, Gcj02StoredInWebMercatorIsUnprojectedThenUnshifted) {
  const fs::path dir = jiuyou::test::scratch_dir();
  const std::vector<std::pair<double, double>> lonlat = {{110.95, 32.01}, {111.02, 32.05}, {111.10, 32.11}};
  std::vector<std::pair<std::string, std::vector<std::string>>> degrees, mercator;
  for (size_t k = 0; k < lonlat.size(); ++k) {
    const auto [lon, lat] = lonlat[k];
    const double x = lon * 20037508.342789244 / 180.0;  // spherical Web Mercator, as EPSG:3857 defines it
    const double y = std::log(std::tan((90.0 + lat) * M_PI / 360.0)) * 6378137.0;
    char a[96], b[96];
    std::snprintf(a, sizeof a, "POINT (%.9f %.9f)", lon, lat);
    std::snprintf(b, sizeof b, "POINT (%.4f %.4f)", x, y);
    const std::vector<std::string> attrs = {"42032310020" + std::to_string(k + 1), "村" + std::to_string(k)};
    degrees.push_back({a, attrs});
    mercator.push_back({b, attrs});
  }
  write_fixture("GPKG", (dir / "deg.gpkg").string(), "villages", 4326, wkbPoint, {{"code", OFTString}, {"name", OFTString}}, degrees);
  write_fixture("GPKG", (dir / "merc.gpkg").string(), "villages", 3857, wkbPoint, {{"code", OFTString}, {"name", OFTString}}, mercator);
  const auto read = [&](const char* file) {
    write_text_file(dir / "p.toml", std::string("[project]\nmetric_crs = \"EPSG:4546\"\n[layers.villages]\npath = \"") + file + "\"\ncrs = \"GCJ-02\"\n");
    auto p = io::load_project((dir / "p.toml").string());
    EXPECT_TRUE(p) << p.error().to_string();
    auto ws = io::load_workspace(*p);
    EXPECT_TRUE(ws) << ws.error().to_string();
    return ws;
  };
  auto deg = read("deg.gpkg");
  auto merc = read("merc.gpkg");
  ASSERT_TRUE(deg && merc);
  const FeatureTable* a = deg->layer("villages");
  const FeatureTable* b = merc->layer("villages");
  ASSERT_EQ(a->size(), 3u);
  ASSERT_EQ(b->size(), 3u);
  EXPECT_EQ(a->crs, b->crs);
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_NEAR(a->geometry.first_vertex(k).x, b->geometry.first_vertex(k).x, 0.01) << k;
    EXPECT_NEAR(a->geometry.first_vertex(k).y, b->geometry.first_vertex(k).y, 0.01) << k;
  }
  const Issue* said = find(merc->issues, "offset_datum_unprojected");
  ASSERT_NE(said, nullptr);
  EXPECT_NE(said->message.find("Pseudo-Mercator"), std::string::npos) << said->message;
  EXPECT_EQ(find(merc->issues, "crs_overrides_file"), nullptr);
  EXPECT_EQ(merc->issues.count(Severity::error), 0u) << "read as degrees after unprojecting, not as degrees in a metric CRS";
}
