#include "gis/crs/crs.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

namespace jiuyou::crs {
namespace {

// Lon/lat grids over the two regions of the seeds (whole degrees of margin).
std::vector<Vec2> grid(double lon0, double lon1, double lat0, double lat1, double step_deg) {
  std::vector<Vec2> out;
  for (double lon = lon0; lon <= lon1 + 1e-9; lon += step_deg)
    for (double lat = lat0; lat <= lat1 + 1e-9; lat += step_deg) out.push_back({lon, lat});
  return out;
}
std::vector<Vec2> hubei_and_fujian() {
  std::vector<Vec2> pts = grid(108.3, 116.1, 29.0, 33.3, 0.25);       // Hubei
  const std::vector<Vec2> fj = grid(115.8, 120.7, 23.5, 28.3, 0.25);  // Fujian
  pts.insert(pts.end(), fj.begin(), fj.end());
  return pts;
}

// --- GCJ-02 / BD-09 formulas -------------------------------------------------

TEST(GcjOffset, KnownVectorInZhushanWithinHalfAMetre) {
  // A GCJ-02 point in 竹山县 and its WGS84 position.
  const Vec2 gcj{110.2296, 32.22586};
  const Vec2 wgs_expected{110.2245446, 32.2280504};
  EXPECT_LT(geodesic_distance_m(gcj02_to_wgs84(gcj), wgs_expected), 0.5);
  EXPECT_LT(geodesic_distance_m(wgs84_to_gcj02(wgs_expected), gcj), 0.5);
  // The offset itself is about half a kilometre here.
  EXPECT_NEAR(geodesic_distance_m(gcj, wgs_expected), 530, 30);
}

TEST(GcjOffset, ForwardFormulaMatchesThePublishedTiananmenValues) {
  // coordtransform (wandergis) README: wgs84togcj02(116.404, 39.915) and gcj02tobd09(116.404, 39.915).
  const Vec2 gcj = wgs84_to_gcj02({116.404, 39.915});
  EXPECT_NEAR(gcj.x, 116.41024449916938, 1e-9);
  EXPECT_NEAR(gcj.y, 39.91640428150164, 1e-9);
  const Vec2 bd = gcj02_to_bd09({116.404, 39.915});
  EXPECT_NEAR(bd.x, 116.41036949371029, 1e-9);
  EXPECT_NEAR(bd.y, 39.92133699351022, 1e-9);
}

TEST(GcjOffset, RoundTripUnderOneCentimetreOverHubeiAndFujian) {
  const auto pts = hubei_and_fujian();
  ASSERT_GT(pts.size(), 900u);
  double worst_m = 0;
  double worst_deg = 0;
  for (const Vec2 p : pts) {
    const Vec2 gcj = wgs84_to_gcj02(p);
    const double offset_m = geodesic_distance_m(p, gcj);
    EXPECT_GT(offset_m, 100) << p.x << "," << p.y;  // the offset is really applied
    EXPECT_LT(offset_m, 1000) << p.x << "," << p.y;
    const Vec2 back = gcj02_to_wgs84(gcj);
    worst_deg = std::max({worst_deg, std::abs(back.x - p.x), std::abs(back.y - p.y)});
    worst_m = std::max(worst_m, geodesic_distance_m(back, p));
    worst_m = std::max(worst_m, geodesic_distance_m(wgs84_to_gcj02(gcj02_to_wgs84(p)), p));
  }
  EXPECT_LE(worst_m, 0.01);
  EXPECT_LT(worst_deg, 1e-9);  // the documented accuracy of the iterative inverse
}

TEST(Bd09Offset, RoundTripUnderOneCentimetreOverHubeiAndFujian) {
  double worst_m = 0;
  for (const Vec2 p : hubei_and_fujian()) {
    const Vec2 bd = gcj02_to_bd09(p);
    const double offset_m = geodesic_distance_m(p, bd);
    EXPECT_GT(offset_m, 500) << p.x << "," << p.y;  // ~0.0065°, 0.006° plus a wobble
    EXPECT_LT(offset_m, 1200) << p.x << "," << p.y;
    worst_m = std::max(worst_m, geodesic_distance_m(bd09_to_gcj02(bd), p));
    worst_m = std::max(worst_m, geodesic_distance_m(bd09_to_wgs84(wgs84_to_bd09(p)), p));
    worst_m = std::max(worst_m, geodesic_distance_m(gcj02_to_wgs84(bd09_to_gcj02(wgs84_to_bd09(p))), p));
  }
  EXPECT_LE(worst_m, 0.01);
}

TEST(GcjOffset, InversesAreWithin1e9DegreesAllOverChina) {
  // The iterations stop on a residual bound derived from the offsets' measured
  // Jacobians; check the promise on a 0.5° grid over the formula's whole box.
  double worst_gcj_deg = 0;
  double worst_bd_deg = 0;
  std::vector<Vec2> pts = grid(72.5, 137.5, 1.0, 55.5, 0.5);
  // Around 105 °E the formula's sqrt(|lon - 105|) term has an unbounded slope.
  for (double lon = 104.99; lon <= 105.01; lon += 0.0005)
    for (double lat = 20.0; lat <= 50.0; lat += 5.0) pts.push_back({lon, lat});
  for (const Vec2 p : pts) {
    const Vec2 g = gcj02_to_wgs84(wgs84_to_gcj02(p));
    worst_gcj_deg = std::max({worst_gcj_deg, std::abs(g.x - p.x), std::abs(g.y - p.y)});
    const Vec2 b = bd09_to_gcj02(gcj02_to_bd09(p));
    worst_bd_deg = std::max({worst_bd_deg, std::abs(b.x - p.x), std::abs(b.y - p.y)});
  }
  EXPECT_LT(worst_gcj_deg, 1e-9);
  EXPECT_LT(worst_bd_deg, 1e-9);
}

TEST(GcjOffset, PointsOutsideChinaAreUnchanged) {
  for (const Vec2 p : {Vec2{2.35, 48.85}, Vec2{-74.0, 40.7}, Vec2{139.7, 35.7}, Vec2{100.0, -5.0}, Vec2{70.0, 30.0}}) {
    EXPECT_TRUE(outside_china(p));
    for (auto f : {wgs84_to_gcj02, gcj02_to_wgs84, gcj02_to_bd09, bd09_to_gcj02, wgs84_to_bd09, bd09_to_wgs84}) {
      const Vec2 q = f(p);
      EXPECT_EQ(q.x, p.x);
      EXPECT_EQ(q.y, p.y);
    }
  }
  EXPECT_FALSE(outside_china({110.2, 32.2}));
  EXPECT_TRUE(outside_china({std::nan(""), 32.2}));
}

// --- Gauss–Krüger zones --------------------------------------------------------

TEST(GaussKruger, ZoneAndEpsgCodeForZhushanAndJinjiang) {
  EXPECT_EQ(gauss_kruger_zone(110.23), 37);
  EXPECT_EQ(gauss_kruger_crs(37), CrsRef::epsg(4546));
  EXPECT_EQ(gauss_kruger_crs(37, true), CrsRef::epsg(4525));
  EXPECT_EQ(gauss_kruger_zone(118.6), 40);
  EXPECT_EQ(gauss_kruger_crs(40), CrsRef::epsg(4549));
  // Zone boundaries sit half-way between central meridians: 109.5 °E starts zone 37.
  EXPECT_EQ(gauss_kruger_zone(109.49), 36);
  EXPECT_EQ(gauss_kruger_zone(109.51), 37);
  // Clamped to China's zones 25 (75 °E) .. 45 (135 °E).
  EXPECT_EQ(gauss_kruger_zone(60.0), 25);
  EXPECT_EQ(gauss_kruger_zone(150.0), 45);
  EXPECT_EQ(gauss_kruger_crs(25), CrsRef::epsg(4534));
  EXPECT_EQ(gauss_kruger_crs(45), CrsRef::epsg(4554));
  EXPECT_EQ(gauss_kruger_crs(25, true), CrsRef::epsg(4513));
  EXPECT_EQ(gauss_kruger_crs(45, true), CrsRef::epsg(4533));
}

TEST(GaussKruger, AutoMetricCrsUsesTheBboxCentralLongitude) {
  // 竹山县 spans about 109.5–110.3 °E: centre 109.9 -> zone 37.
  EXPECT_EQ(auto_metric_crs(BBox{109.5, 31.5, 110.3, 32.6}), CrsRef::epsg(4546));
  // 晋江市 about 118.4–118.7 °E -> zone 40.
  EXPECT_EQ(auto_metric_crs(BBox{118.4, 24.5, 118.7, 24.9}), CrsRef::epsg(4549));
  // A box straddling 109.5 °E: the centre decides (109.6 -> 37).
  EXPECT_EQ(auto_metric_crs(BBox{108.9, 30.0, 110.3, 31.0}), CrsRef::epsg(4546));
  EXPECT_TRUE(auto_metric_crs(BBox{}).empty());
}

TEST(GaussKruger, EveryZoneHasEasting500000OnItsCentralMeridian) {
  for (int zone = 25; zone <= 45; ++zone) {
    for (const bool prefixed : {false, true}) {
      auto t = Transformer::create(CrsRef::epsg(4490), gauss_kruger_crs(zone, prefixed));
      ASSERT_TRUE(t) << t.error().to_string();
      const auto p = t->transform_point({3.0 * zone, 30.0});
      ASSERT_TRUE(p);
      EXPECT_NEAR(p->x, (prefixed ? zone * 1e6 : 0.0) + 500000.0, 1e-6) << "zone " << zone;
      EXPECT_GT(p->y, 3.3e6);  // 30 °N is ~3 320 km from the equator
      EXPECT_LT(p->y, 3.33e6);
    }
  }
}

TEST(GaussKruger, AutoMetricCrsForABboxInAnyCrs) {
  // A 1 km box in zone 40 (晋江) stays in zone 40; a GCJ-02 box around 竹山 goes to zone 37.
  auto jinjiang = auto_metric_crs(BBox{560000, 2740000, 561000, 2741000}, CrsRef::epsg(4549));
  ASSERT_TRUE(jinjiang) << jinjiang.error().to_string();
  EXPECT_EQ(*jinjiang, CrsRef::epsg(4549));
  auto zhushan = auto_metric_crs(BBox{109.5, 31.5, 110.3, 32.6}, CrsRef::parse("GCJ-02"));
  ASSERT_TRUE(zhushan);
  EXPECT_EQ(*zhushan, CrsRef::epsg(4546));
  auto none = auto_metric_crs(BBox{}, CrsRef::epsg(4490));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::crs);
  EXPECT_FALSE(auto_metric_crs(BBox{109.5, 31.5, 110.3, 32.6}, CrsRef::parse("foo")));
}

TEST(IsMetric, ProjectedMetresOnly) {
  EXPECT_TRUE(is_metric(CrsRef::epsg(4546)));
  EXPECT_TRUE(is_metric(CrsRef::epsg(4525)));
  EXPECT_TRUE(is_metric(CrsRef::epsg(3857)));
  EXPECT_TRUE(is_metric(CrsRef::parse("+proj=utm +zone=49 +datum=WGS84")));
  EXPECT_FALSE(is_metric(CrsRef::epsg(4490)));
  EXPECT_FALSE(is_metric(CrsRef::parse("GCJ-02")));
  EXPECT_FALSE(is_metric(CrsRef::parse("+proj=tmerc +lon_0=111 +x_0=500000 +ellps=GRS80 +units=us-ft")));
  EXPECT_FALSE(is_metric(CrsRef::parse("foo")));
  EXPECT_FALSE(is_metric(CrsRef{}));
}

// --- PROJ transformations -------------------------------------------------------

TEST(TransformBbox, BoundsEveryTransformedCorner) {
  const BBox lonlat{110.0, 32.0, 111.0, 33.0};
  auto gk = transform_bbox(lonlat, CrsRef::epsg(4490), CrsRef::epsg(4546));
  ASSERT_TRUE(gk) << gk.error().to_string();
  auto t = Transformer::create(CrsRef::epsg(4490), CrsRef::epsg(4546));
  for (const Vec2 c : {Vec2{110, 32}, Vec2{110, 33}, Vec2{111, 32}, Vec2{111, 33}}) {
    const auto p = t->transform_point(c);
    EXPECT_TRUE(gk->contains(p->x, p->y)) << c.x << "," << c.y;
  }
  // 111 °E is the central meridian: the east edge is easting 500 000 exactly.
  EXPECT_NEAR(gk->max_x, 500000.0, 1e-6);
  // The west edge is nearest the meridian at 33 °N, farthest at 32 °N: min_x is the (110, 32) corner.
  EXPECT_NEAR(gk->min_x, t->transform_point({110, 32})->x, 1e-6);

  // GCJ-02 to WGS84: the same box moved by the offset (~0.005° west and south here).
  auto wgs = transform_bbox(BBox{110.2, 32.2, 110.3, 32.3}, CrsRef::parse("GCJ-02"), CrsRef::epsg(4326));
  ASSERT_TRUE(wgs);
  EXPECT_NEAR(wgs->min_x, 110.2 - 0.005, 0.002);
  EXPECT_NEAR(wgs->min_y, 32.2 + 0.002, 0.002);

  EXPECT_FALSE(transform_bbox(BBox{}, CrsRef::epsg(4490), CrsRef::epsg(4546)));
  auto off = transform_bbox(BBox{0, 95, 1, 96}, CrsRef::epsg(4490), CrsRef::epsg(4546));
  ASSERT_FALSE(off);
  EXPECT_EQ(off.error().code, ErrorCode::crs);
}

TEST(Transformer, Cgcs2000ToZone37AxisOrderAndKnownValue) {
  auto t = Transformer::create(CrsRef::epsg(4490), CrsRef::epsg(4546));
  ASSERT_TRUE(t) << t.error().to_string();
  EXPECT_FALSE(t->is_identity());
  // Zhushan (110.2 °E, 32.2 °N) in lon/lat order: 0.8° west of 111 °E, i.e.
  // ~75 km west of the central meridian; ~3 564 km north of the equator.
  const auto p = t->transform_point({110.2, 32.2});
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->x, 424568.972, 0.01);  // cs2cs EPSG:4490 EPSG:4546 <<< "32.2 110.2"
  EXPECT_NEAR(p->y, 3564310.775, 0.01);
  EXPECT_NEAR(t->transform_point({111.0, 32.2})->x, 500000.0, 1e-6);
}

TEST(Transformer, Cgcs2000ZoneRoundTripUnderOneMillimetre) {
  auto fwd = Transformer::create(CrsRef::parse("EPSG:4490"), CrsRef::parse("EPSG:4546"));
  auto back = Transformer::create(CrsRef::parse("EPSG:4546"), CrsRef::parse("EPSG:4490"));
  ASSERT_TRUE(fwd && back);
  const std::vector<Vec2> pts = grid(109.5, 112.5, 29.0, 33.3, 0.1);
  std::vector<double> xy;
  for (const Vec2 p : pts) {
    xy.push_back(p.x);
    xy.push_back(p.y);
  }
  EXPECT_EQ(fwd->transform(xy), 0u);
  for (size_t i = 0; i < pts.size(); ++i) {
    EXPECT_GT(xy[2 * i], 300000);  // eastings, not latitudes
    EXPECT_GT(xy[2 * i + 1], 3e6);
  }
  EXPECT_EQ(back->transform(xy), 0u);
  double worst_m = 0;
  for (size_t i = 0; i < pts.size(); ++i)
    worst_m = std::max(worst_m, geodesic_distance_m(pts[i], {xy[2 * i], xy[2 * i + 1]}));
  EXPECT_LT(worst_m, 0.001);
}

TEST(Transformer, GcjChainsThroughWgs84BothWays) {
  const Vec2 gcj{110.2296, 32.22586};
  auto to_gk = Transformer::create(CrsRef::parse("GCJ-02"), CrsRef::epsg(4546));
  auto wgs_to_gk = Transformer::create(CrsRef::epsg(4326), CrsRef::epsg(4546));
  auto from_gk = Transformer::create(CrsRef::epsg(4546), CrsRef::parse("gcj02"));
  ASSERT_TRUE(to_gk && wgs_to_gk && from_gk);
  const auto a = to_gk->transform_point(gcj);
  const auto b = wgs_to_gk->transform_point(gcj02_to_wgs84(gcj));
  ASSERT_TRUE(a && b);
  EXPECT_NEAR(a->x, b->x, 1e-6);
  EXPECT_NEAR(a->y, b->y, 1e-6);
  const auto back = from_gk->transform_point(*a);
  ASSERT_TRUE(back);
  EXPECT_LT(geodesic_distance_m(*back, gcj), 0.01);
  EXPECT_NE(to_gk->description().find("GCJ-02 -> WGS84"), std::string::npos) << to_gk->description();
  EXPECT_NE(from_gk->description().find("WGS84 -> GCJ-02"), std::string::npos) << from_gk->description();
}

TEST(Transformer, OffsetOnlyChainsNeedNoProj) {
  const Vec2 gcj{110.2296, 32.22586};
  auto to_wgs = Transformer::create(CrsRef::parse("GCJ-02"), CrsRef::epsg(4326));
  ASSERT_TRUE(to_wgs);
  EXPECT_FALSE(to_wgs->is_identity());
  EXPECT_EQ(to_wgs->description(), "GCJ-02 -> WGS84 (formula)");
  const auto w = to_wgs->transform_point(gcj);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->x, gcj02_to_wgs84(gcj).x);
  EXPECT_EQ(w->y, gcj02_to_wgs84(gcj).y);

  auto to_bd = Transformer::create(CrsRef::parse("GCJ-02"), CrsRef::parse("BD-09"));
  ASSERT_TRUE(to_bd);
  EXPECT_EQ(to_bd->transform_point(gcj)->x, gcj02_to_bd09(gcj).x);
  auto bd_to_gk = Transformer::create(CrsRef::parse("baidu"), CrsRef::epsg(4546));
  auto gcj_to_gk = Transformer::create(CrsRef::parse("GCJ-02"), CrsRef::epsg(4546));
  ASSERT_TRUE(bd_to_gk && gcj_to_gk);
  const auto via_bd = bd_to_gk->transform_point(gcj02_to_bd09(gcj));
  const auto direct = gcj_to_gk->transform_point(gcj);
  EXPECT_NEAR(via_bd->x, direct->x, 0.01);
  EXPECT_NEAR(via_bd->y, direct->y, 0.01);
}

TEST(Transformer, SameOrEquivalentCrsIsIdentity) {
  auto same = Transformer::create(CrsRef::epsg(4546), CrsRef::epsg(4546));
  ASSERT_TRUE(same);
  EXPECT_TRUE(same->is_identity());
  auto gcj = Transformer::create(CrsRef::parse("GCJ-02"), CrsRef::parse("mars"));
  ASSERT_TRUE(gcj);
  EXPECT_TRUE(gcj->is_identity());
  // EPSG:4326 is lat/lon in the database, the PROJ string lon/lat: in GIS order they are the same.
  auto equivalent = Transformer::create(CrsRef::epsg(4326), CrsRef::parse("+proj=longlat +datum=WGS84 +no_defs"));
  ASSERT_TRUE(equivalent) << equivalent.error().to_string();
  EXPECT_TRUE(equivalent->is_identity());
  std::vector<double> xy{110.2, 32.2};
  EXPECT_EQ(equivalent->transform(xy), 0u);
  EXPECT_EQ(xy[0], 110.2);
  EXPECT_EQ(xy[1], 32.2);
}

TEST(Transformer, Xian80AndBeijing54ToCgcs2000AreBallpark) {
  // PROJ's database has no published shift from Xian80/Beijing54 to CGCS2000:
  // it offers a "ballpark" step that keeps lon/lat as they are (real
  // differences are tens of metres to ~100 m), so the transformer says so.
  for (const int from : {4610, 4214}) {
    auto t = Transformer::create(CrsRef::epsg(from), CrsRef::epsg(4490));
    ASSERT_TRUE(t) << t.error().to_string();
    EXPECT_TRUE(t->is_ballpark()) << t->description();
    EXPECT_NE(t->description().find("allpark"), std::string::npos) << t->description();
    const auto p = t->transform_point({110.2, 32.2});
    ASSERT_TRUE(p);
    EXPECT_NEAR(p->x, 110.2, 1e-9);
    EXPECT_NEAR(p->y, 32.2, 1e-9);
  }
  // Xian80 3° GK CM 111°E (EPSG:2382, no zone prefix) to CGCS2000 zone 37: a ballpark datum
  // step between two Transverse Mercators on different ellipsoids (IAG 1975 vs GRS80):
  // metres apart, not kilometres (cs2cs: 424568.774, 3564309.333).
  auto gk = Transformer::create(CrsRef::epsg(2382), CrsRef::epsg(4546));
  ASSERT_TRUE(gk) << gk.error().to_string();
  const auto q = gk->transform_point({424568.972, 3564310.775});
  ASSERT_TRUE(q);
  EXPECT_NEAR(q->x, 424568.972, 50);
  EXPECT_NEAR(q->y, 3564310.775, 150);
  auto exact = Transformer::create(CrsRef::epsg(4490), CrsRef::epsg(4546));
  EXPECT_FALSE(exact->is_ballpark());
  // WGS84 <-> CGCS2000 is a no-shift ballpark in PROJ too, but the premise here: not flagged.
  for (const auto& [from, to] : {std::pair{"EPSG:4326", "EPSG:4490"},
                                 {"GCJ-02", "EPSG:4546"},
                                 {"EPSG:4546", "BD-09"},
                                 {"EPSG:4490", "EPSG:3857"}}) {
    auto w = Transformer::create(CrsRef::parse(from), CrsRef::parse(to));
    ASSERT_TRUE(w) << from << " -> " << to;
    EXPECT_FALSE(w->is_ballpark()) << w->description();
  }
}

// What Chinese shapefiles carry in their .prj (ESRI WKT1).
constexpr const char* esri_cgcs2000_prj =
    R"(GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",)"
    R"(SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]])";
constexpr const char* esri_gk37_prj =
    R"(PROJCS["CGCS2000_3_Degree_GK_CM_111E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",)"
    R"(DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],)"
    R"(UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],)"
    R"(PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",111.0],PARAMETER["Scale_Factor",1.0],)"
    R"(PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]])";
// Xian80 with a local 7-parameter shift to WGS84, as survey offices hand it out.
constexpr const char* xian80_towgs84_wkt =
    R"(GEOGCS["Xian 1980",DATUM["Xian_1980",SPHEROID["IAG 1975",6378140,298.257],)"
    R"(TOWGS84[24,-123,-94,0.02,-0.25,-0.13,1.1]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]])";

TEST(Transformer, EsriPrjAndProjjsonOfCgcs2000AgreeWithEpsg) {
  const std::string projjson =
      R"({"type":"GeographicCRS","name":"CGCS2000 lon/lat","datum":{"type":"GeodeticReferenceFrame","name":"China 2000",)"
      R"("ellipsoid":{"name":"CGCS2000","semi_major_axis":6378137,"inverse_flattening":298.257222101}},)"
      R"("coordinate_system":{"subtype":"ellipsoidal","axis":[{"name":"Longitude","abbreviation":"lon",)"
      R"("direction":"east","unit":"degree"},{"name":"Latitude","abbreviation":"lat","direction":"north","unit":"degree"}]}})";
  for (const std::string& def : {std::string(esri_cgcs2000_prj), projjson}) {
    const CrsRef c = CrsRef::parse(def);
    ASSERT_TRUE(check_known(c)) << def;
    EXPECT_TRUE(is_geographic(c));
    auto t = Transformer::create(c, CrsRef::epsg(4546));
    ASSERT_TRUE(t) << t.error().to_string();
    EXPECT_FALSE(t->is_ballpark()) << t->description();
    const auto p = t->transform_point({110.2, 32.2});
    ASSERT_TRUE(p);
    EXPECT_NEAR(p->x, 424568.972, 0.01);
    EXPECT_NEAR(p->y, 3564310.775, 0.01);
  }
  const CrsRef gk = CrsRef::parse(esri_gk37_prj);
  EXPECT_TRUE(is_metric(gk));
  auto t = Transformer::create(gk, CrsRef::epsg(4546));
  ASSERT_TRUE(t) << t.error().to_string();
  const auto q = t->transform_point({424568.972, 3564310.775});
  EXPECT_NEAR(q->x, 424568.972, 0.001);
  EXPECT_NEAR(q->y, 3564310.775, 0.001);
}

TEST(Transformer, Xian80WithTowgs84ReachesCgcs2000ThroughWgs84) {
  // PROJ alone would take Xian80 -> CGCS2000 as a ballpark (the TOWGS84 is to
  // WGS84, not CGCS2000); with CGCS2000 ≈ WGS84 the 7-parameter shift applies.
  // Expected, by hand with cs2cs: WKT -> EPSG:4326 gives 110.20021742, 32.19985801,
  // then tmerc lon_0=111 on GRS80 gives 424589.3552, 3564294.8760 (~25 m from the ballpark).
  const CrsRef xian80 = CrsRef::parse(xian80_towgs84_wkt);
  auto t = Transformer::create(xian80, CrsRef::epsg(4546));
  ASSERT_TRUE(t) << t.error().to_string();
  EXPECT_FALSE(t->is_ballpark()) << t->description();
  EXPECT_NE(t->description().find("CGCS2000 taken as WGS84"), std::string::npos) << t->description();
  const auto p = t->transform_point({110.2, 32.2});
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->x, 424589.3552, 0.01);
  EXPECT_NEAR(p->y, 3564294.8760, 0.01);

  auto back = Transformer::create(CrsRef::epsg(4546), xian80);
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->is_ballpark()) << back->description();
  const auto r = back->transform_point(*p);
  ASSERT_TRUE(r);
  EXPECT_LT(geodesic_distance_m(*r, {110.2, 32.2}), 0.001);
  auto c = back->clone();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->transform_point(*p)->x, r->x);
}

TEST(Transformer, SeveralCandidateOperationsAreChosenPerPoint) {
  // NAD27 -> WGS84: PROJ has dozens of regional shifts (no grids installed
  // here) and picks one per point by area; none is a ballpark.
  auto t = Transformer::create(CrsRef::epsg(4267), CrsRef::epsg(4326));
  ASSERT_TRUE(t) << t.error().to_string();
  EXPECT_FALSE(t->is_ballpark()) << t->description();
  EXPECT_NE(t->description().find("best of"), std::string::npos) << t->description();
  const Vec2 kansas{-98.0, 38.0};
  const auto p = t->transform_point(kansas);
  ASSERT_TRUE(p);
  EXPECT_GT(geodesic_distance_m(kansas, *p), 1.0);  // a real datum shift: metres to tens of metres
  EXPECT_LT(geodesic_distance_m(kansas, *p), 200.0);
}

TEST(Transformer, FailedPointsBecomeNanAndAreCounted) {
  auto t = Transformer::create(CrsRef::epsg(4490), CrsRef::epsg(4546));
  ASSERT_TRUE(t);
  std::vector<double> xy{110.2, 32.2, 110.2, 95.0, std::nan(""), 32.2, 111.0, 30.0};
  EXPECT_EQ(t->transform(xy), 2u);
  EXPECT_NEAR(xy[0], 424568.972, 0.01);
  EXPECT_TRUE(std::isnan(xy[2]) && std::isnan(xy[3]));
  EXPECT_TRUE(std::isnan(xy[4]) && std::isnan(xy[5]));
  EXPECT_NEAR(xy[6], 500000.0, 1e-6);
  EXPECT_FALSE(t->transform_point({110.2, 95.0}));
  std::vector<double> none;
  EXPECT_EQ(t->transform(none), 0u);
}

TEST(Transformer, ClonesRunOnSeveralThreads) {
  auto t = Transformer::create(CrsRef::parse("GCJ-02"), CrsRef::epsg(4546));
  ASSERT_TRUE(t);
  std::vector<double> expected;
  for (const Vec2 p : grid(109.5, 112.5, 29.0, 33.3, 0.05)) {
    expected.push_back(p.x);
    expected.push_back(p.y);
  }
  std::vector<double> input = expected;
  ASSERT_EQ(t->transform(expected), 0u);

  constexpr int threads = 4;
  std::vector<std::vector<double>> results(threads, input);
  std::vector<size_t> failed(threads, 99);
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) {
    auto c = t->clone();
    ASSERT_TRUE(c);
    pool.emplace_back([&, i, tc = std::move(*c)] {
      failed[i] = tc.transform(results[i]);
      // The free functions use a PROJ context per thread.
      EXPECT_TRUE(is_geographic(CrsRef::epsg(4490)));
    });
  }
  for (auto& th : pool) th.join();
  for (int i = 0; i < threads; ++i) {
    EXPECT_EQ(failed[i], 0u);
    EXPECT_EQ(results[i], expected);
  }
}

// --- checks ------------------------------------------------------------------

TEST(CheckKnown, AcceptsEpsgProjStringsAndTheWebOffsets) {
  for (const char* text : {"EPSG:4490", "urn:ogc:def:crs:EPSG::4490", "China Geodetic Coordinate System 2000", "WGS 84",
                           "EPSG:4546", "epsg:4326", "+proj=longlat +datum=WGS84 +no_defs",
                           "+proj=tmerc +lon_0=111 +x_0=500000 +ellps=GRS80 +units=m", "GCJ-02", "BD-09"}) {
    auto ok = check_known(CrsRef::parse(text));
    EXPECT_TRUE(ok) << text << ": " << ok.error().to_string();
  }
}

// A name several CRSs share means the 2D one a layer is written in (tour 14 N7): "CGCS2000" is EPSG:4490's lon/lat
// (PROJ lists the geocentric EPSG:4479 first: a lon/lat layer declared so was read as metres and lost every feature).
TEST(CheckKnown, ANameSharedByGeocentricAndGeographicCrssIsTheLonLatOne) {
  for (const char* text : {"CGCS2000", "China Geodetic Coordinate System 2000", "WGS 84"}) {
    EXPECT_TRUE(is_geographic(CrsRef::parse(text))) << text;
    auto t = Transformer::create(CrsRef::parse(text), CrsRef::epsg(4546));
    ASSERT_TRUE(t) << text << ": " << t.error().to_string();
    auto p = t->transform_point({111.0, 32.0});
    ASSERT_TRUE(p) << text;
    EXPECT_NEAR(p->x, 500000.0, 1.0) << text << ": 111°E is the zone's central meridian";
  }
}

TEST(CheckKnown, UnknownTextIsACrsErrorQuotingItWithAHint) {
  // "foo" must not become "Amersfoort" (PROJ's approximate name lookup would take it).
  for (const char* text : {"EPSG:999999", "foo", "WGS 8", "GEOGCRS[\"x\"]"}) {
    auto r = check_known(CrsRef::parse(text));
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().code, ErrorCode::crs);
    EXPECT_NE(r.error().message.find(text), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().hint.find("EPSG:4490"), std::string::npos) << r.error().hint;
    EXPECT_NE(r.error().hint.find("GCJ-02"), std::string::npos) << r.error().hint;
  }
  auto t = Transformer::create(CrsRef::parse("foo"), CrsRef::epsg(4490));
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::crs);
  EXPECT_NE(t.error().message.find("source"), std::string::npos);
  EXPECT_NE(t.error().message.find("foo"), std::string::npos);
  auto t2 = Transformer::create(CrsRef::epsg(4490), CrsRef::parse("EPSG:999999"));
  ASSERT_FALSE(t2);
  EXPECT_NE(t2.error().message.find("target"), std::string::npos);
}

TEST(CheckKnown, LongWktIsQuotedShort) {
  const std::string wkt = "GEOGCRS[\"not a real one\", DATUM[\"nothing\"" + std::string(500, ' ') + "]";
  auto r = check_known(CrsRef::parse(wkt));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("GEOGCRS[\"not a real one\""), std::string::npos);
  EXPECT_LT(r.error().message.size(), 400u) << r.error().message;
}

TEST(CheckKnown, EmptyCrsIsNoCrs) {
  auto r = check_known(CrsRef{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::crs);
  EXPECT_NE(r.error().message.find("no CRS"), std::string::npos);
  EXPECT_FALSE(r.error().hint.empty());
  auto t = Transformer::create(CrsRef{}, CrsRef::epsg(4490));
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("no CRS"), std::string::npos);
}

TEST(CheckKnown, AnOperationIsNotACrs) {
  auto r = check_known(CrsRef::parse("+proj=pipeline +step +proj=axisswap +order=2,1"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::crs);
}

TEST(IsGeographic, LonLatYesProjectedNo) {
  EXPECT_TRUE(is_geographic(CrsRef::epsg(4490)));
  EXPECT_TRUE(is_geographic(CrsRef::epsg(4326)));
  EXPECT_TRUE(is_geographic(CrsRef::epsg(4610)));
  EXPECT_TRUE(is_geographic(CrsRef::parse("GCJ-02")));
  EXPECT_TRUE(is_geographic(CrsRef::parse("BD-09")));
  EXPECT_TRUE(is_geographic(CrsRef::parse("+proj=longlat +datum=WGS84")));
  EXPECT_FALSE(is_geographic(CrsRef::epsg(4546)));
  EXPECT_FALSE(is_geographic(CrsRef::epsg(4525)));
  EXPECT_FALSE(is_geographic(CrsRef::parse("+proj=utm +zone=49 +datum=WGS84")));
  EXPECT_FALSE(is_geographic(CrsRef::parse("foo")));
  EXPECT_FALSE(is_geographic(CrsRef{}));
}

TEST(AreaOfUse, Zone37CoversItsSixDegreeBandOnly) {
  const auto area = area_of_use(CrsRef::epsg(4546));
  ASSERT_TRUE(area);
  EXPECT_TRUE(area->contains(110.5, 30.0));
  EXPECT_FALSE(area->contains(100.0, 30.0));
  EXPECT_NEAR(area->min_x, 109.5, 1e-6);
  EXPECT_NEAR(area->max_x, 112.5, 1e-6);

  const auto china = area_of_use(CrsRef::parse("GCJ-02"));
  ASSERT_TRUE(china);
  EXPECT_TRUE(china->contains(110.2, 32.2));
  EXPECT_TRUE(china->contains(118.6, 24.8));
  EXPECT_FALSE(china->contains(2.35, 48.85));
  EXPECT_FALSE(area_of_use(CrsRef::parse("foo")));
  EXPECT_FALSE(area_of_use(CrsRef{}));
}

// --- tables --------------------------------------------------------------------

// A 1 km × 1 km square with a 100 m × 100 m hole near 竹山县, in EPSG:4546, plus a point-free null row.
FeatureTable zhushan_square() {
  FeatureTable t;
  t.name = "villages";
  t.source = "test.gpkg";
  t.crs = CrsRef::epsg(4546);
  auto& g = t.geometry;
  g.kind = GeometryKind::polygon;
  const double x0 = 424000;
  const double y0 = 3564000;
  for (const auto& [x, y] : {std::pair{0.0, 0.0}, {1000.0, 0.0}, {1000.0, 1000.0}, {0.0, 1000.0}, {0.0, 0.0}})
    g.add_vertex(x0 + x, y0 + y);
  g.close_ring();
  for (const auto& [x, y] : {std::pair{450.0, 450.0}, {450.0, 550.0}, {550.0, 550.0}, {550.0, 450.0}, {450.0, 450.0}})
    g.add_vertex(x0 + x, y0 + y);
  g.close_ring();
  g.close_part();
  g.close_feature();
  t.fid.push_back(7);
  g.add_null_feature();
  t.fid.push_back(8);
  return t;
}

TEST(TransformTable, PolygonToGcjAndBackKeepsAreaAndVertices) {
  FeatureTable t = zhushan_square();
  const std::vector<double> original = t.geometry.xy;
  EXPECT_NEAR(feature_area(t.geometry, 0), 1e6 - 1e4, 1e-6);

  ASSERT_TRUE(transform_table(t, CrsRef::parse("GCJ-02")));
  EXPECT_EQ(t.crs.kind, CrsRef::Kind::gcj02);
  const Vec2 corner = t.geometry.vertex(0);
  EXPECT_NEAR(corner.x, 110.2, 0.05);  // lon/lat now, shifted east/north by the offset
  EXPECT_NEAR(corner.y, 32.2, 0.05);
  EXPECT_EQ(t.geometry.feature_count(), 2u);
  EXPECT_TRUE(t.geometry.is_empty(1));

  ASSERT_TRUE(transform_table(t, CrsRef::epsg(4546)));
  EXPECT_EQ(t.crs, CrsRef::epsg(4546));
  ASSERT_EQ(t.geometry.xy.size(), original.size());
  for (size_t i = 0; i < original.size(); ++i) EXPECT_NEAR(t.geometry.xy[i], original[i], 0.001);
  EXPECT_NEAR(feature_area(t.geometry, 0), 1e6 - 1e4, 1.0);

  // To the CRS it is already in: coordinates untouched.
  const std::vector<double> round_tripped = t.geometry.xy;
  ASSERT_TRUE(transform_table(t, CrsRef::epsg(4546)));
  EXPECT_EQ(t.geometry.xy, round_tripped);
}

TEST(TransformTable, FailureLeavesTheTableAsItWasAndNamesTheFeature) {
  FeatureTable t;
  t.name = "villages";
  t.source = "villages.gpkg";
  t.crs = CrsRef::epsg(4490);
  t.geometry.kind = GeometryKind::point;
  t.geometry.add_point_feature(110.2, 32.2);
  t.fid.push_back(100);
  t.geometry.add_point_feature(32.2, 110.2);  // lat/lon swapped: latitude 110
  t.fid.push_back(101);
  const std::vector<double> before = t.geometry.xy;

  auto r = transform_table(t, CrsRef::epsg(4546));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::crs);
  EXPECT_EQ(r.error().layer, "villages");
  EXPECT_EQ(r.error().file, "villages.gpkg");
  EXPECT_EQ(r.error().feature, 101);
  EXPECT_NE(r.error().message.find("1 of 2"), std::string::npos) << r.error().message;
  EXPECT_EQ(t.geometry.xy, before);
  EXPECT_EQ(t.crs, CrsRef::epsg(4490));

  FeatureTable no_crs = zhushan_square();
  no_crs.crs = {};
  auto r2 = transform_table(no_crs, CrsRef::epsg(4490));
  ASSERT_FALSE(r2);
  EXPECT_NE(r2.error().message.find("no CRS"), std::string::npos);
  EXPECT_EQ(r2.error().layer, "villages");
}

// --- measures -------------------------------------------------------------------

TEST(Geodesic, JinjiangToChangting) {
  // 晋江市 -> 长汀县, a 山海协作 pair.
  EXPECT_NEAR(geodesic_distance_m({118.573, 24.810}, {116.356, 25.845}), 251000, 1000);
  // One degree of latitude at the equator on WGS84: 110 574.4 m.
  EXPECT_NEAR(geodesic_distance_m({0, 0}, {0, 1}), 110574.4, 0.1);
  EXPECT_EQ(geodesic_distance_m({110.2, 32.2}, {110.2, 32.2}), 0.0);
}

}  // namespace
}  // namespace jiuyou::crs
