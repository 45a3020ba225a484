// tour 13 M5, M25, M26, M27, M31: the datum test for every kind of layer, in undeclared GCJ-02
// and BD-09 alike — towers (points with a radius), the coverage areas drawn around them, water
// service areas around the villages' facilities, landslide zones on steep ground, village
// polygons — and silent for every layer declared as it is stored. Each layer is shifted by the
// real GCJ-02/BD-09 formulas (crs::wgs84_to_gcj02, wgs84_to_bd09).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <tuple>
#include <string>

#include "gis/crs/crs.hpp"
#include "gis/indicators/sanity.hpp"
#include "tests/indicators/check_builders.hpp"

using namespace jiuyou;
using namespace jiuyou::indicators;
using namespace jiuyou::test;

namespace {

enum class Stored {
  right,     // WGS84/CGCS2000, undeclared
  gcj02,     // GCJ-02, undeclared
  bd09,      // BD-09, undeclared
  gcj02_ok,  // GCJ-02, declared crs = "GCJ-02" (read corrected)
  bd09_ok,   // BD-09, declared crs = "BD-09" (read corrected)
  gcj02_as_bd09,  // GCJ-02, declared crs = "BD-09" (read with the other correction)
  bd09_as_gcj02,  // BD-09, declared crs = "GCJ-02"
};

struct Layout {
  Stored villages = Stored::right, towers = Stored::right, coverage = Stored::right, service = Stored::right, hazards = Stored::right;
};

constexpr double k_sigma = 100, k_bump = 140;  // the hills the hazard zones lie on: ~40° on their flanks

// 30 villages, 2 km squares in a 6 × 5 block at 110.5° E 32.5° N, tiled by 3 townships; per
// village two facilities (village_code), a tower with a 1.2 km coverage disc around it, a
// 300 m water service area around the first facility, and a 150 m landslide zone on the
// flank of a steep hill of the DEM (flat ground elsewhere).
Workspace county(const Layout& l) {
  auto to_m = crs::Transformer::create(CrsRef::epsg(4326), CrsRef::epsg(4546));
  auto to_ll = crs::Transformer::create(CrsRef::epsg(4546), CrsRef::epsg(4326));
  EXPECT_TRUE(to_m && to_ll);
  const auto as_read = [&](Stored s, Vec2 p) {
    const Vec2 ll = *to_ll->transform_point(p);
    switch (s) {
      case Stored::right: return p;
      case Stored::gcj02: return *to_m->transform_point(crs::wgs84_to_gcj02(ll));
      case Stored::bd09: return *to_m->transform_point(crs::wgs84_to_bd09(ll));
      case Stored::gcj02_ok: return *to_m->transform_point(crs::gcj02_to_wgs84(crs::wgs84_to_gcj02(ll)));
      case Stored::bd09_ok: return *to_m->transform_point(crs::bd09_to_wgs84(crs::wgs84_to_bd09(ll)));
      case Stored::gcj02_as_bd09: return *to_m->transform_point(crs::bd09_to_wgs84(crs::wgs84_to_gcj02(ll)));
      case Stored::bd09_as_gcj02: return *to_m->transform_point(crs::gcj02_to_wgs84(crs::wgs84_to_bd09(ll)));
    }
    return p;
  };
  const auto declare = [](FeatureTable& t, Stored s) {
    if (s == Stored::gcj02_ok || s == Stored::bd09_as_gcj02) t.source_crs = CrsRef::parse("GCJ-02");
    if (s == Stored::bd09_ok || s == Stored::gcj02_as_bd09) t.source_crs = CrsRef::parse("BD-09");
  };
  // A closed ring through `n` points per side of a rectangle, or around a circle.
  const auto rect = [&](FeatureTable& t, Stored s, Vec2 a, Vec2 b) {
    Line ring;
    const Vec2 corners[] = {a, {b.x, a.y}, b, {a.x, b.y}, a};
    for (int side = 0; side < 4; ++side)
      for (int k = 0; k < 8; ++k) {
        const Vec2 p{corners[side].x + (corners[side + 1].x - corners[side].x) * k / 8, corners[side].y + (corners[side + 1].y - corners[side].y) * k / 8};
        ring.push_back(as_read(s, p));
      }
    ring.push_back(ring.front());
    add_line(t, ring);
  };
  const auto disc = [&](FeatureTable& t, Stored s, Vec2 c, double r) {
    Line ring;
    for (int k = 0; k < 24; ++k) ring.push_back(as_read(s, {c.x + r * std::cos(k * 2 * std::numbers::pi / 24), c.y + r * std::sin(k * 2 * std::numbers::pi / 24)}));
    ring.push_back(ring.front());
    add_line(t, ring);
  };
  const Vec2 origin = *to_m->transform_point({110.5, 32.5});
  FeatureTable villages = make_table("villages", GeometryKind::polygon);
  villages.source = "/county/村界.geojson";
  auto& code = col(villages, "code", FieldType::text);
  FeatureTable townships = make_table("townships", GeometryKind::polygon);
  FeatureTable facilities = make_table("facilities", GeometryKind::point);
  auto& link = col(facilities, "village_code", FieldType::text);
  FeatureTable towers = make_table("broadband_towers", GeometryKind::point);
  towers.source = "/county/基站.geojson";
  FeatureTable coverage = make_table("broadband", GeometryKind::polygon);
  coverage.source = "/county/信号覆盖.geojson";
  FeatureTable service = make_table("water_areas", GeometryKind::polygon);
  service.source = "/county/供水范围.geojson";
  FeatureTable hazards = make_table("hazards", GeometryKind::polygon);
  hazards.source = "/county/地灾隐患.geojson";
  declare(villages, l.villages);
  declare(towers, l.towers);
  declare(coverage, l.coverage);
  declare(service, l.service);
  declare(hazards, l.hazards);
  Raster dem;
  const double cell = 20, margin = 3000;
  dem.width = dem.height = static_cast<int>((12000 + 2 * margin) / cell);
  dem.geotransform = {origin.x - margin, cell, 0, origin.y + 10000 + margin + 2000, 0, -cell};
  dem.values.assign(static_cast<size_t>(dem.width) * static_cast<size_t>(dem.height), 0.0f);
  const auto hill = [&](Vec2 top) {
    for (int r = 0; r < dem.height; ++r)
      for (int c = 0; c < dem.width; ++c) {
        const double x = dem.geotransform[0] + (c + 0.5) * cell - top.x, y = dem.geotransform[3] - (r + 0.5) * cell - top.y;
        if (std::abs(x) < 5 * k_sigma && std::abs(y) < 5 * k_sigma)
          dem.values[static_cast<size_t>(r) * static_cast<size_t>(dem.width) + static_cast<size_t>(c)] += static_cast<float>(k_bump * std::exp(-(x * x + y * y) / (2 * k_sigma * k_sigma)));
      }
  };
  for (int t = 0; t < 3; ++t) rect(townships, Stored::right, {origin.x + t * 4000.0, origin.y}, {origin.x + t * 4000.0 + 4000, origin.y + 10000});
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 5; ++j) {
      const std::string c = "4203231002" + std::to_string(10 + i * 5 + j);
      const Vec2 p{origin.x + i * 2000.0, origin.y + j * 2000.0};
      rect(villages, l.villages, p, {p.x + 2000, p.y + 2000});
      code.push_text(c);
      // Irregular within the village, so that no lattice of the features matches a shift.
      const Vec2 f1{p.x + 300 + (i * 37 + j * 11) % 150, p.y + 300 + (i * 13 + j * 29) % 150}, f2{p.x + 600, p.y + 1300 + (i * 17) % 200};
      for (const Vec2 f : {f1, f2}) {
        add_point(facilities, f.x, f.y);
        link.push_text(c);
      }
      const Vec2 tower{p.x + 1000 + (i * 53 + j * 7) % 300, p.y + 1550 + (i * 19 + j * 41) % 300};
      const Vec2 tw = as_read(l.towers, tower);
      add_point(towers, tw.x, tw.y);
      disc(coverage, l.coverage, tower, 1200);
      disc(service, l.service, f1, 300);
      const Vec2 zone{p.x + 1600 + (j * 31) % 150, p.y + 500 + (i * 23) % 150};
      hill({zone.x - k_sigma, zone.y});  // the zone on the hill's steepest flank
      disc(hazards, l.hazards, zone, 150);
    }
  Workspace ws;
  ws.metric_crs = CrsRef::epsg(4546);
  ws.layers = {villages, townships, facilities, towers, coverage, service, hazards};
  ws.dem = std::move(dem);
  return ws;
}

std::vector<Issue> notes(const Workspace& ws) {
  const WorkspaceView view = WorkspaceView::of(ws);
  return datum_offset_notes(RuleSet{}, view, *view.layer("villages"));
}

std::string all(const std::vector<Issue>& n) {
  std::string s;
  for (const Issue& i : n) s += i.code + " " + i.layer + ": " + i.message + " (hint: " + i.hint + ")\n";
  return s;
}

struct Case {
  const char* layer;
  Stored Layout::*field;
  const char* file;
};
constexpr Case k_cases[] = {
    {"broadband_towers", &Layout::towers, "/county/基站.geojson"},    {"broadband", &Layout::coverage, "/county/信号覆盖.geojson"},
    {"water_areas", &Layout::service, "/county/供水范围.geojson"},   {"hazards", &Layout::hazards, "/county/地灾隐患.geojson"},
    {"villages", &Layout::villages, "/county/村界.geojson"},
};

}  // namespace

TEST(SanityOffsetKinds, EveryLayerInTheRightDatumRaisesNothing) {
  const auto n = notes(county({}));
  EXPECT_TRUE(n.empty()) << all(n);
}

// M5, M25, M26, M27, M31: the layer is named, with the datum it is in (never GCJ-02 for BD-09
// data nor BD-09 for GCJ-02 data), its file, and the line to write.
TEST(SanityOffsetKinds, EachKindInUndeclaredGcj02OrBd09IsNamedWithItsDatum) {
  for (const Case& c : k_cases)
    for (const auto& [stored, name, code] : {std::tuple{Stored::gcj02, "GCJ-02", "likely_gcj02"}, std::tuple{Stored::bd09, "BD-09", "likely_bd09"}}) {
      Layout l;
      l.*c.field = stored;
      const auto n = notes(county(l));
      ASSERT_EQ(n.size(), 1u) << c.layer << " " << name << "\n" << all(n);
      EXPECT_EQ(n[0].code, code) << c.layer << "\n" << all(n);
      EXPECT_EQ(n[0].layer, c.layer) << all(n);
      EXPECT_EQ(n[0].file, c.file) << "the data file to fix";
      EXPECT_NE(n[0].message.find("可能是 " + std::string(name) + " 坐标却未声明"), std::string::npos) << n[0].message;
      EXPECT_NE(n[0].hint.find("[layers." + std::string(c.layer) + "] 中写 crs = \"" + name + "\""), std::string::npos) << n[0].hint;
    }
}

// M27: a layer declared in the datum it is stored in is never told to change or drop it.
TEST(SanityOffsetKinds, ARightDeclarationIsNeverWarned) {
  for (const Case& c : k_cases)
    for (const Stored s : {Stored::gcj02_ok, Stored::bd09_ok}) {
      Layout l;
      l.*c.field = s;
      const auto n = notes(county(l));
      EXPECT_TRUE(n.empty()) << c.layer << (s == Stored::gcj02_ok ? " GCJ-02" : " BD-09") << "\n" << all(n);
    }
}

// tour 14 N9: a layer read as EPSG:4490 (its project line or its file's own CRS) whose data are
// GCJ-02/BD-09 is not "未声明": the message names the CRS it was read as, and the line to change.
TEST(SanityOffsetKinds, ALayerReadAsCgcs2000ButStoredInADatumNamesWhatItWasReadAs) {
  for (const Case& c : k_cases)
    for (const auto& [stored, name] : {std::pair{Stored::gcj02, "GCJ-02"}, std::pair{Stored::bd09, "BD-09"}}) {
      Layout l;
      l.*c.field = stored;
      Workspace ws = county(l);
      ws.layer(c.layer)->source_crs = CrsRef::epsg(4490);
      const auto n = notes(ws);
      ASSERT_EQ(n.size(), 1u) << c.layer << " " << name << "\n" << all(n);
      EXPECT_EQ(n[0].layer, c.layer) << all(n);
      EXPECT_NE(n[0].message.find("按 EPSG:4490 读入"), std::string::npos) << n[0].message;
      EXPECT_NE(n[0].message.find("但坐标看来是 " + std::string(name)), std::string::npos) << n[0].message;
      EXPECT_EQ(n[0].message.find("未声明"), std::string::npos) << n[0].message;
      EXPECT_NE(n[0].hint.find("crs = \"" + std::string(name) + "\"（已有 crs 一行时，把它改为这样）"), std::string::npos) << n[0].hint;
    }
  // Right as read: silent whatever it was read as.
  Workspace ws = county({});
  for (const Case& c : k_cases) ws.layer(c.layer)->source_crs = CrsRef::epsg(4490);
  EXPECT_TRUE(notes(ws).empty()) << all(notes(ws));
}

// h-datum2's leftover: coverage areas (polygons centred on the towers) stored in one datum and
// declared the other are named, with the datum to write; right declarations stay silent (above).
TEST(SanityOffsetKinds, CentredPolygonsDeclaredTheOtherDatumAreNamed) {
  for (const Case& c : k_cases) {
    if (std::string(c.layer) != "broadband" && std::string(c.layer) != "water_areas") continue;
    for (const auto& [stored, declared, name] : {std::tuple{Stored::gcj02_as_bd09, "BD-09", "GCJ-02"}, std::tuple{Stored::bd09_as_gcj02, "GCJ-02", "BD-09"}}) {
      Layout l;
      l.*c.field = stored;
      const auto n = notes(county(l));
      ASSERT_EQ(n.size(), 1u) << c.layer << " " << name << " declared " << declared << "\n" << all(n);
      EXPECT_EQ(n[0].layer, c.layer) << all(n);
      EXPECT_NE(n[0].message.find("声明为 " + std::string(declared) + "，但坐标看来是 " + name), std::string::npos) << n[0].message;
      EXPECT_NE(n[0].hint.find("crs 改为 \"" + std::string(name) + "\""), std::string::npos) << n[0].hint;
    }
  }
}
