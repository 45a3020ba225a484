// tour 12 L5, L31, L19, L29: the datum test runs for every line and polygon layer of the
// project, whatever its role (water pipes, hazard zones, protected land, ...), and never
// tells to add a crs to a layer that declares one: a declaration that looks wrong is named
// as such, with the datum the data look like.
#include <gtest/gtest.h>

#include <string>

#include "gis/crs/crs.hpp"
#include "gis/indicators/sanity.hpp"
#include "tests/indicators/check_builders.hpp"

using namespace jiuyou;
using namespace jiuyou::indicators;
using namespace jiuyou::test;

namespace {

// How a layer's coordinates were stored, read as WGS84 (or as its declaration says).
enum class Stored {
  right,         // in the datum it is read in
  gcj02,         // in GCJ-02, read as WGS84 (undeclared)
  wgs84_as_gcj,  // in WGS84, declared GCJ-02 (corrected once too often)
  bd09_as_gcj,   // in BD-09, declared GCJ-02
};

struct Layout {
  Stored roads = Stored::right, water = Stored::right, hazards = Stored::right, protected_land = Stored::right, facilities = Stored::right;
};

// 30 villages 2 km square, scattered, at 110.5° E 32.5° N, each with four facilities 150 m inside its
// corners (linked by village_code); per village two road stretches 40 m from the lower
// facilities, a water pipe 30 m from the lower-left one, a 60 m hazard square 100 m right of the lower-left
// facility and a protected plot 100 m above the upper-right one. The roads are declared
// GCJ-02 (as a county's Amap roads are).
Workspace county(const Layout& l) {
  auto to_m = crs::Transformer::create(CrsRef::epsg(4326), CrsRef::epsg(4546));
  auto to_ll = crs::Transformer::create(CrsRef::epsg(4546), CrsRef::epsg(4326));
  EXPECT_TRUE(to_m && to_ll);
  const auto as_read = [&](Stored s, Vec2 p) {
    const Vec2 ll = *to_ll->transform_point(p);
    switch (s) {
      case Stored::right: return p;
      case Stored::gcj02: return *to_m->transform_point(crs::wgs84_to_gcj02(ll));
      case Stored::wgs84_as_gcj: return *to_m->transform_point(crs::gcj02_to_wgs84(ll));
      case Stored::bd09_as_gcj: return *to_m->transform_point(crs::gcj02_to_wgs84(crs::wgs84_to_bd09(ll)));
    }
    return p;
  };
  const CrsRef gcj = CrsRef::parse("GCJ-02");
  const auto declared = [&](FeatureTable& t, Stored s) {
    if (s == Stored::wgs84_as_gcj || s == Stored::bd09_as_gcj) t.source_crs = gcj;
  };
  const Vec2 origin = *to_m->transform_point({110.5, 32.5});
  FeatureTable villages = make_table("villages", GeometryKind::polygon);
  auto& code = col(villages, "code", FieldType::text);
  FeatureTable facilities = make_table("facilities", GeometryKind::point);
  facilities.source = "/county/设施点.shp";
  auto& link = col(facilities, "village_code", FieldType::text);
  FeatureTable roads = make_table("roads", GeometryKind::line);
  roads.source = "/county/公路_高德.geojson";
  roads.source_crs = gcj;  // declared: read right when Stored::right
  FeatureTable water = make_table("water", GeometryKind::line);
  water.source = "/county/供水管网.geojson";
  FeatureTable hazards = make_table("hazards", GeometryKind::polygon);
  hazards.source = "/county/地灾隐患.geojson";
  FeatureTable land = make_table("protected", GeometryKind::polygon);
  land.source = "/county/基本农田.geojson";
  declared(facilities, l.facilities);
  declared(water, l.water);
  declared(hazards, l.hazards);
  declared(land, l.protected_land);
  const auto line = [&](FeatureTable& t, Stored s, Vec2 a, Vec2 b) {
    Line pts;
    for (int k = 0; k <= 10; ++k) pts.push_back(as_read(s, {a.x + (b.x - a.x) * k / 10, a.y + (b.y - a.y) * k / 10}));
    add_line(t, pts);
  };
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 5; ++j) {
      const std::string c = "4203231002" + std::to_string(10 + i * 5 + j);
      const Vec2 p{origin.x + i * 3100.0 + (j % 2) * 900.0, origin.y + j * 3300.0 + (i % 3) * 700.0};  // no lattice a shift could match
      add_square(villages, p.x, p.y, p.x + 2000, p.y + 2000);
      code.push_text(c);
      for (const Vec2 q : {Vec2{p.x + 150, p.y + 150}, Vec2{p.x + 1850, p.y + 150}, Vec2{p.x + 150, p.y + 1850}, Vec2{p.x + 1850, p.y + 1850}}) {
        const Vec2 f = as_read(l.facilities, q);
        add_point(facilities, f.x, f.y);
        link.push_text(c);
      }
      line(roads, l.roads, {p.x + 50, p.y + 190}, {p.x + 400, p.y + 190});
      line(roads, l.roads, {p.x + 1600, p.y + 190}, {p.x + 1950, p.y + 190});
      line(water, l.water, {p.x + 180, p.y + 100}, {p.x + 180, p.y + 250});
      const Vec2 h0 = as_read(l.hazards, {p.x + 250, p.y + 120}), h1 = as_read(l.hazards, {p.x + 310, p.y + 180});
      add_square(hazards, h0.x, h0.y, h1.x, h1.y);
      const Vec2 g0 = as_read(l.protected_land, {p.x + 1800, p.y + 1950}), g1 = as_read(l.protected_land, {p.x + 1900, p.y + 1990});
      add_square(land, g0.x, g0.y, g1.x, g1.y);
    }
  Workspace ws;
  ws.metric_crs = CrsRef::epsg(4546);
  ws.layers = {villages, facilities, roads, water, hazards, land};
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

}  // namespace

TEST(SanityLayerOffset, EveryLayerInTheRightDatumRaisesNothing) {
  EXPECT_TRUE(notes(county({})).empty()) << all(notes(county({})));
}

// L5 (water pipes), L31 (hazards, protected land): found whatever the layer is for.
TEST(SanityLayerOffset, AnyLineOrPolygonLayerInUndeclaredGcj02IsNamedWithTheFix) {
  struct Case {
    const char* layer;
    Layout layout;
    const char* file;
  };
  Layout water, hazards, land;
  water.water = Stored::gcj02;
  hazards.hazards = Stored::gcj02;
  land.protected_land = Stored::gcj02;
  for (const Case& c : {Case{"water", water, "/county/供水管网.geojson"}, Case{"hazards", hazards, "/county/地灾隐患.geojson"},
                        Case{"protected", land, "/county/基本农田.geojson"}}) {
    const auto n = notes(county(c.layout));
    ASSERT_EQ(n.size(), 1u) << c.layer << "\n" << all(n);
    EXPECT_EQ(n[0].code, "likely_gcj02");
    EXPECT_EQ(n[0].severity, Severity::warning);
    EXPECT_EQ(n[0].layer, c.layer) << all(n);
    EXPECT_EQ(n[0].file, c.file) << "the data file to fix";
    EXPECT_NE(n[0].hint.find("[layers." + std::string(c.layer) + "] 中写 crs = \"GCJ-02\""), std::string::npos) << n[0].hint;
  }
}

// L19: the facilities wrongly declared GCJ-02 (the roads' line copied to the wrong layer):
// the facilities' declaration is named; roads (declared) and water (right) are not blamed.
TEST(SanityLayerOffset, AWrongDeclarationIsNamedNeverTheDeclaredOrRightLayers) {
  Layout l;
  l.facilities = Stored::wgs84_as_gcj;
  const auto n = notes(county(l));
  ASSERT_FALSE(n.empty());
  for (const Issue& i : n) {
    EXPECT_EQ(i.layer, "facilities") << all(n);
    EXPECT_EQ(i.hint.find("加上"), std::string::npos) << "never add a crs to a layer that has one: " << i.hint;
    EXPECT_NE(i.hint.find("[layers.facilities] 的 crs"), std::string::npos) << i.hint;
    EXPECT_NE(i.message.find("声明为 GCJ-02"), std::string::npos) << i.message;
  }
  // The other slip: the roads already corrected but still declared GCJ-02 (shifted twice):
  // the roads' declaration is named, not the right facilities.
  Layout twice;
  twice.roads = Stored::wgs84_as_gcj;
  const auto m = notes(county(twice));
  ASSERT_FALSE(m.empty());
  for (const Issue& i : m) {
    EXPECT_EQ(i.layer, "roads") << all(m);
    EXPECT_EQ(i.hint.find("加上"), std::string::npos) << i.hint;
  }
}

// L29: BD-09 roads declared GCJ-02 are not "undeclared": the declaration is named, and the datum they look like.
TEST(SanityLayerOffset, Bd09DeclaredAsGcj02IsToldToBeChangedToBd09) {
  Layout l;
  l.roads = Stored::bd09_as_gcj;
  const auto n = notes(county(l));
  ASSERT_EQ(n.size(), 1u) << all(n);
  EXPECT_EQ(n[0].layer, "roads");
  EXPECT_EQ(n[0].message.find("未声明"), std::string::npos) << n[0].message;
  EXPECT_NE(n[0].message.find("声明为 GCJ-02"), std::string::npos) << n[0].message;
  EXPECT_NE(n[0].hint.find("改为 \"BD-09\""), std::string::npos) << n[0].hint;
}
