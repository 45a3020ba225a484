// GeoPackage spatial indexes packed by write_layers (gpkg_rtree.cpp) against
// GDAL's own (SPATIAL_INDEX=YES): the same entries, triggers and extension
// row; a valid SQLite R-tree (rtreecheck) of several levels that answers
// spatial filters and follows later edits; failures that name the file.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "gis/io/gpkg_rtree.hpp"
#include "gis/io/write.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
namespace fs = std::filesystem;

namespace gpkg_rtree_test {

struct DsCloser {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using Ds = std::unique_ptr<GDALDataset, DsCloser>;

Ds open_gpkg(const fs::path& p, bool update = false) {
  GDALAllRegister();
  return Ds(GDALDataset::Open(p.string().c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY), nullptr, nullptr, nullptr));
}

// Every row of a native SQL query, one line per row.
std::vector<std::string> rows(GDALDataset& ds, const std::string& sql) {
  std::vector<std::string> out;
  OGRLayer* r = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (r == nullptr) {
    ADD_FAILURE() << "query failed: " << sql;
    return out;
  }
  for (auto& f : *r) {
    std::string line;
    for (int i = 0; i < f->GetFieldCount(); ++i) line += std::string(f->GetFieldAsString(i)) + "|";
    out.push_back(line);
  }
  ds.ReleaseResultSet(r);
  return out;
}

// n points spread over a county (some null, one NaN, duplicates), FIDs 1..n.
FeatureTable points(size_t n) {
  FeatureTable t;
  t.name = "villages";
  t.crs = CrsRef::epsg(4490);
  t.geometry.kind = GeometryKind::point;
  t.add_column("code", FieldType::text);  // before the rows: add_column fills the rows there are with nulls
  std::mt19937 rng(16);
  std::uniform_real_distribution<double> u(0, 1);
  for (size_t i = 0; i < n; ++i) {
    if (i % 97 == 5) {
      t.geometry.add_null_feature();
    } else if (i == 7) {
      t.geometry.add_point_feature(std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN());
    } else if (i % 50 == 1) {
      t.geometry.add_point_feature(110.5, 30.25);  // the same place again
    } else {
      t.geometry.add_point_feature(110 + u(rng), 30 + 0.7 * u(rng));
    }
    t.fid.push_back(static_cast<int64_t>(i) + 1);
  }
  for (size_t i = 0; i < n; ++i) t.column("code")->push_text(std::to_string(1000 + i));
  return t;
}

// Lines, multi-part lines and negative coordinates; no FIDs kept (GDAL numbers them).
FeatureTable lines(size_t n) {
  FeatureTable t;
  t.name = "gaps";
  t.crs = CrsRef::epsg(4490);
  t.geometry.kind = GeometryKind::line;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-1, 1);
  for (size_t i = 0; i < n; ++i) {
    const double x = -70 + 3 * u(rng), y = -20 + 3 * u(rng);
    t.geometry.add_vertex(x, y);
    t.geometry.add_vertex(x + 0.01 * u(rng), y + 0.01 * u(rng));
    t.geometry.close_ring();
    t.geometry.close_part();
    if (i % 10 == 0) {
      t.geometry.add_vertex(x + 1, y);
      t.geometry.add_vertex(x + 1.5, y - 0.3);
      t.geometry.close_ring();
      t.geometry.close_part();
    }
    t.geometry.close_feature();
    t.fid.push_back(-1);
  }
  return t;
}

// No geometry at all: no index.
FeatureTable summary() {
  FeatureTable t;
  t.name = "county_summary";
  t.geometry.kind = GeometryKind::none;
  t.add_column("villages", FieldType::integer);
  t.geometry.add_null_feature();
  t.fid.push_back(1);
  t.column("villages")->push_int(3);
  return t;
}

void write(const fs::path& p, const std::vector<std::string>& layer_options = {}) {
  const FeatureTable v = points(5000), g = lines(3000), s = summary();
  const FeatureTable* tables[] = {&v, &g, &s};
  io::WriteOptions o;
  o.layer_options = layer_options;
  auto ok = io::write_layers(p.string(), tables, o);
  ASSERT_TRUE(ok) << ok.error().to_string();
}

}  // namespace gpkg_rtree_test

using namespace gpkg_rtree_test;

TEST(GpkgRtree, TheSameIndexEntriesTriggersAndExtensionAsGdalsOwn) {
  const auto dir = test::scratch_dir();
  write(dir / "packed.gpkg");
  write(dir / "gdal.gpkg", {"SPATIAL_INDEX=YES"});
  auto packed = open_gpkg(dir / "packed.gpkg");
  auto gdal = open_gpkg(dir / "gdal.gpkg");
  ASSERT_TRUE(packed && gdal);
  for (const char* q : {"SELECT * FROM rtree_villages_geom ORDER BY id", "SELECT * FROM rtree_gaps_geom ORDER BY id",
                        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
                        "SELECT * FROM gpkg_extensions ORDER BY table_name, column_name, extension_name",
                        "SELECT name FROM sqlite_master WHERE name LIKE 'rtree%' ORDER BY name"}) {
    const auto a = rows(*packed, q), b = rows(*gdal, q);
    EXPECT_EQ(a, b) << q;
    EXPECT_FALSE(a.empty()) << q;
  }
  // 5000 villages less the 52 null ones (and the NaN point where GDAL finds it empty); 3000 lines.
  EXPECT_EQ(rows(*packed, "SELECT count(*) BETWEEN 4947 AND 4948 FROM rtree_villages_geom"), std::vector<std::string>{"1|"});
  EXPECT_EQ(rows(*packed, "SELECT count(*) FROM rtree_gaps_geom"), std::vector<std::string>{"3000|"});
}

TEST(GpkgRtree, APackedIndexIsAValidRtreeOfSeveralLevelsThatAnswersSpatialFilters) {
  const auto dir = test::scratch_dir();
  write(dir / "packed.gpkg");
  auto ds = open_gpkg(dir / "packed.gpkg");
  ASSERT_TRUE(ds);
  for (const char* t : {"rtree_villages_geom", "rtree_gaps_geom"})
    EXPECT_EQ(rows(*ds, std::string("SELECT rtreecheck('") + t + "')"), std::vector<std::string>{"ok|"}) << t;
  // 4947 boxes, at most 51 a node: a root above a level of inner nodes above the leaves.
  EXPECT_EQ(rows(*ds, "SELECT count(*) > 97 FROM rtree_villages_geom_node"), std::vector<std::string>{"1|"});
  OGRLayer* v = ds->GetLayerByName("villages");
  ASSERT_NE(v, nullptr);
  v->SetSpatialFilterRect(110.2, 30.1, 110.6, 30.4);  // through the index
  const GIntBig filtered = v->GetFeatureCount(TRUE);
  v->SetSpatialFilter(nullptr);
  const auto brute = rows(*ds, "SELECT count(*) FROM villages WHERE ST_MinX(geom) >= 110.2 AND ST_MaxX(geom) <= 110.6 AND "
                               "ST_MinY(geom) >= 30.1 AND ST_MaxY(geom) <= 30.4");
  EXPECT_GT(filtered, 100);
  EXPECT_EQ(std::to_string(filtered) + "|", brute.at(0));
}

TEST(GpkgRtree, APackedIndexFollowsLaterEditsThroughItsTriggers) {
  const auto dir = test::scratch_dir();
  write(dir / "packed.gpkg");
  {
    auto ds = open_gpkg(dir / "packed.gpkg", true);
    ASSERT_TRUE(ds);
    OGRLayer* v = ds->GetLayerByName("villages");
    std::unique_ptr<OGRFeature> f(v->GetFeature(10));
    ASSERT_TRUE(f);
    f->SetGeometryDirectly(new OGRPoint(120.0, 40.0));
    ASSERT_EQ(v->SetFeature(f.get()), OGRERR_NONE);
    ASSERT_EQ(v->DeleteFeature(11), OGRERR_NONE);
  }
  auto ds = open_gpkg(dir / "packed.gpkg");
  EXPECT_EQ(rows(*ds, "SELECT minx, maxy FROM rtree_villages_geom WHERE id = 10"), std::vector<std::string>{"120|40|"});
  EXPECT_TRUE(rows(*ds, "SELECT id FROM rtree_villages_geom WHERE id = 11").empty());
  EXPECT_EQ(rows(*ds, "SELECT rtreecheck('rtree_villages_geom')"), std::vector<std::string>{"ok|"});
}

TEST(GpkgRtree, TheCallersSpatialIndexOptionIsKept) {
  const auto dir = test::scratch_dir();
  write(dir / "none.gpkg", {"SPATIAL_INDEX=NO"});
  auto ds = open_gpkg(dir / "none.gpkg");
  ASSERT_TRUE(ds);
  EXPECT_TRUE(rows(*ds, "SELECT name FROM sqlite_master WHERE name LIKE 'rtree%'").empty());
}

TEST(GpkgRtree, AFileThatIsNoGeoPackageIsAnErrorNamingIt) {
  const auto dir = test::scratch_dir();
  const auto p = dir / "not.gpkg";
  {
    std::ofstream f(p);
    f << "not a database, just text long enough to be read as one and rejected ....................";
  }
  io::RtreeLayer l{"villages", "geom", "fid", {{1, 0, 1, 0, 1}}};
  const io::RtreeLayer layers[] = {l};
  auto ok = io::write_gpkg_rtrees(p.string(), layers);
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().file, p.string());
  auto missing = io::write_gpkg_rtrees((dir / "missing.gpkg").string(), layers);
  ASSERT_FALSE(missing);
  EXPECT_FALSE(fs::exists(dir / "missing.gpkg"));
}
