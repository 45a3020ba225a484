// G19: polygon villages stored in GCJ-02 (DataV / 高德 boundaries) without crs = "GCJ-02"
// are found from the points that carry a village's code (facilities, village points).
#include <gtest/gtest.h>

#include <filesystem>

#include "gis/crs/crs.hpp"
#include "gis/indicators/sanity.hpp"
#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "tests/indicators/check_builders.hpp"

using namespace jiuyou;
using namespace jiuyou::indicators;
using namespace jiuyou::test;

namespace {

enum class Off { none, villages, facilities };

// 30 villages 2 km square in a 6×5 grid at 110.5° E 32.5° N, each with four facilities
// 150 m inside its corners (and linked by village_code), and its village point at the
// centre (code). `off`: which layer is moved into GCJ-02 (BD-09 when `bd09`).
Workspace county(Off off, bool bd09 = false) {
  auto to_m = crs::Transformer::create(CrsRef::epsg(4326), CrsRef::epsg(4546));
  auto to_ll = crs::Transformer::create(CrsRef::epsg(4546), CrsRef::epsg(4326));
  EXPECT_TRUE(to_m && to_ll);
  const auto shifted = [&](Vec2 p) {
    const Vec2 ll = *to_ll->transform_point(p);
    return *to_m->transform_point(bd09 ? crs::wgs84_to_bd09(ll) : crs::wgs84_to_gcj02(ll));
  };
  const Vec2 origin = *to_m->transform_point({110.5, 32.5});
  FeatureTable villages = make_table("villages", GeometryKind::polygon);
  villages.source = "/county/村界_datav.geojson";
  auto& code = col(villages, "code", FieldType::text);
  FeatureTable facilities = make_table("facilities", GeometryKind::point);
  facilities.source = "/county/设施点.shp";
  auto& link = col(facilities, "village_code", FieldType::text);
  FeatureTable points = make_table("village_points", GeometryKind::point);
  auto& point_code = col(points, "code", FieldType::text);
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 5; ++j) {
      const std::string c = "4203231002" + std::to_string(10 + i * 5 + j);
      const Vec2 p{origin.x + i * 2000.0, origin.y + j * 2000.0};
      Vec2 a{p.x, p.y}, b{p.x + 2000, p.y + 2000};
      if (off == Off::villages) a = shifted(a), b = shifted(b);
      add_square(villages, a.x, a.y, b.x, b.y);
      code.push_text(c);
      for (const Vec2 q : {Vec2{p.x + 150, p.y + 150}, Vec2{p.x + 1850, p.y + 150}, Vec2{p.x + 150, p.y + 1850}, Vec2{p.x + 1850, p.y + 1850}}) {
        const Vec2 f = off == Off::facilities ? shifted(q) : q;
        add_point(facilities, f.x, f.y);
        link.push_text(c);
      }
      add_point(points, p.x + 1000, p.y + 1000);
      point_code.push_text(c);
    }
  Workspace ws;
  ws.metric_crs = CrsRef::epsg(4546);
  ws.layers = {villages, facilities, points};
  return ws;
}

std::vector<Issue> notes(const Workspace& ws) {
  const WorkspaceView view = WorkspaceView::of(ws);
  return likely_offset_polygon_notes(view, *view.layer("villages"));
}

}  // namespace

TEST(SanityPolygonOffset, VillagePolygonsInGcj02AreNamedWithTheFix) {
  const auto n = notes(county(Off::villages));
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].code, "likely_gcj02");
  EXPECT_EQ(n[0].severity, Severity::warning);
  EXPECT_EQ(n[0].layer, "villages");
  EXPECT_EQ(n[0].file, "/county/村界_datav.geojson") << "the data file to fix";
  EXPECT_NE(n[0].message.find("facilities"), std::string::npos) << n[0].message;
  EXPECT_NE(n[0].message.find("100%"), std::string::npos) << "the share after the correction: " << n[0].message;
  EXPECT_NE(n[0].hint.find("[layers.villages] 中写 crs = \"GCJ-02\""), std::string::npos) << n[0].hint;
}

TEST(SanityPolygonOffset, VillagePolygonsInBd09AreNamedAsBd09) {
  const auto n = notes(county(Off::villages, true));
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].code, "likely_bd09");
  EXPECT_EQ(n[0].layer, "villages");
}

TEST(SanityPolygonOffset, RightDatumGivesNoAlarm) {
  EXPECT_TRUE(notes(county(Off::none)).empty());
}

// The facilities from a web map beside right villages: the facilities are named, not the
// villages (the village points still agree with the polygons).
TEST(SanityPolygonOffset, OffPointLayerIsNamedNotTheVillages) {
  const auto n = notes(county(Off::facilities));
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].layer, "facilities");
  EXPECT_EQ(n[0].file, "/county/设施点.shp");
}

// Too few linked points (under 10), no codes, point villages: no verdict.
TEST(SanityPolygonOffset, NoVerdictWithoutEnoughLinkedPoints) {
  Workspace ws = county(Off::villages);
  for (FeatureTable& t : ws.layers)
    if (t.name != "villages")
      if (Column* c = t.column(t.name == "facilities" ? "village_code" : "code"))
        for (size_t r = 0; r < t.size(); ++r) c->set_null(r);
  EXPECT_TRUE(notes(ws).empty());
  Workspace pts;
  pts.metric_crs = CrsRef::epsg(4546);
  pts.layers = {point_villages({{0, 0}, {100, 100}}), county(Off::none).layers[1]};
  EXPECT_TRUE(notes(pts).empty());
}

// The shipped county as its office holds it (data/demo-raw): no alarm; its village
// boundaries moved into GCJ-02 (as DataV.GeoAtlas hands them out): the villages are named.
TEST(SanityPolygonOffset, DemoRawVillagesFoundOnlyWhenInGcj02) {
  const std::filesystem::path project = std::filesystem::path(JIUYOU_SOURCE_DIR) / "data/demo-raw/project.toml";
  if (!std::filesystem::exists(project)) GTEST_SKIP() << "no demo-raw county at " << project;
  auto p = io::load_project(project.string());
  ASSERT_TRUE(p) << p.error().to_string();
  auto ws = io::load_workspace(*p);
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_TRUE(notes(*ws).empty()) << "no false alarm on the county as delivered";
  auto to_ll = crs::Transformer::create(ws->metric_crs, CrsRef::epsg(4326));
  auto to_m = crs::Transformer::create(CrsRef::epsg(4326), ws->metric_crs);
  ASSERT_TRUE(to_ll && to_m);
  GeometryColumn& g = ws->layer("villages")->geometry;
  for (size_t v = 0; v < g.vertex_count(); ++v) {
    const Vec2 q = *to_m->transform_point(crs::wgs84_to_gcj02(*to_ll->transform_point(g.vertex(v))));
    g.xy[2 * v] = q.x, g.xy[2 * v + 1] = q.y;
  }
  const auto n = notes(*ws);
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].code, "likely_gcj02");
  EXPECT_EQ(n[0].layer, "villages");
  EXPECT_NE(n[0].file.find("村界.shp"), std::string::npos) << n[0].file;
}

// tour 10 J2: the call `check` and `jiuyou validate` both make gives the polygon finding too.
TEST(SanityPolygonOffset, TheSharedDatumCheckIncludesThePolygonFinding) {
  const Workspace ws = county(Off::villages);
  const WorkspaceView view = WorkspaceView::of(ws);
  const auto n = datum_offset_notes(RuleSet{}, view, *view.layer("villages"));
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].code, "likely_gcj02");
  EXPECT_EQ(n[0].layer, "villages");
  const Workspace sound = county(Off::none);
  const WorkspaceView sound_view = WorkspaceView::of(sound);
  EXPECT_TRUE(datum_offset_notes(RuleSet{}, sound_view, *sound_view.layer("villages")).empty());
}
