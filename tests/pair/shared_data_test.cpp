// The Quanzhou pairs against the real Fujian county polygons (GCJ-02) in
// ../shared/data: every code is a county there, and every seat lies inside
// its county once converted to GCJ-02.
#include <gtest/gtest.h>

#include <map>

#include "gis/crs/crs.hpp"
#include "gis/io/load.hpp"
#include "gis/pair/units.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::pair {
namespace {

constexpr const char* counties_file = "data/admin_hubei_fujian_gcj02.gpkg";

Result<FeatureTable> fujian_counties() {
  io::LayerSpec spec;
  spec.name = "counties";
  spec.path = (test::shared_dir() / counties_file).string();
  spec.layer = "counties";
  spec.crs = CrsRef::parse("GCJ-02");
  IssueLog log;
  return io::read_layer(spec, log);
}

TEST(QuanzhouPairsShared, CodesMatchFujianCountyPolygons) {
  JIUYOU_REQUIRE_SHARED(counties_file);
  auto counties = fujian_counties();
  ASSERT_TRUE(counties) << counties.error().to_string();
  const Column* adcode = counties->column("adcode");
  const Column* name = counties->column("name");
  ASSERT_NE(adcode, nullptr);
  ASSERT_NE(name, nullptr);
  std::map<std::string, size_t> row_of;
  for (size_t i = 0; i < counties->size(); ++i) row_of[adcode->as_text(i)] = i;

  const std::string csv = (test::source_dir() / "data/pairing/quanzhou_2018.csv").string();
  auto pairs = read_pairs(csv);
  ASSERT_TRUE(pairs) << pairs.error().to_string();
  ASSERT_EQ(pairs->units.size(), 18u);
  for (const Unit& u : pairs->units) {
    auto it = row_of.find(u.code);
    ASSERT_NE(it, row_of.end()) << u.name << " " << u.code << " is not a county in " << counties_file;
    EXPECT_EQ(name->as_text(it->second), u.name) << u.code;
    // The seat (WGS84) shifted into GCJ-02 falls inside the county polygon.
    const Vec2 gcj = crs::wgs84_to_gcj02(u.position);
    EXPECT_TRUE(point_in_feature(counties->geometry, it->second, gcj.x, gcj.y)) << u.name << " seat outside its county";
    // And the file's own seat, converted back to WGS84, is within 1.5 km of the table's (3-decimal) seat.
    const Column* clon = counties->column("center_lon");
    const Column* clat = counties->column("center_lat");
    ASSERT_NE(clon, nullptr);
    ASSERT_NE(clat, nullptr);
    const Vec2 seat = crs::gcj02_to_wgs84({*clon->number(it->second), *clat->number(it->second)});
    EXPECT_LT(crs::geodesic_distance_m(seat, u.position), 1500.0) << u.name;
  }
}

}  // namespace
}  // namespace jiuyou::pair
