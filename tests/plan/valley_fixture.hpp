#pragma once
// The hand-built valley the relocation tests plan on (shared by the relocation test files).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gis/indicators/rule_set.hpp"
#include "gis/model/workspace.hpp"
#include "gis/relocate/relocate.hpp"
#include "support/table_builders.hpp"

namespace jiuyou::plan::valley_fixture {

// A hand-built valley, metres (EPSG:4546):
//   a county asphalt trunk along y = 0 from x = -3000 to 9000;
//   villages A (0, 1000) with 40 households to move, B (3000, 1000) inside a
//   landslide zone (30 households, nothing in relocate_households), C (6000, 1000) staying;
//   hazards: landslide square x 2500..3500, y 500..1500; flood square x -2000..-1000, y -2000..-1000;
//   protected: basic farmland x -2000..0, y 2000..3000; ecological red line x 4000..5000, y -1000..0;
//   DEM (100 m cells, x -3000..9000, y -2000..4000): 100 m flat, rising 1 m per m (45°) east of
//   x = 6000, and a 1200 m plateau north of y = 2500 (max altitude 1000 m in the tests).
using jiuyou::test::add_square;
using jiuyou::test::make_table;

inline double dem_z(double x, double y) { return y > 2500 ? 1200.0 : 100.0 + std::max(0.0, x - 6000.0); }

inline Workspace valley(bool with_dem = true) {
  Workspace ws;
  ws.name = "valley";
  ws.metric_crs = CrsRef::epsg(4546);
  FeatureTable v = make_table("villages", GeometryKind::point);
  v.add_column("code", FieldType::text);
  v.add_column("name", FieldType::text);
  v.add_column("households", FieldType::integer);
  v.add_column("relocate_households", FieldType::integer);
  const struct {
    double x, y;
    const char *code, *name;
    int hh, rel;
  } vs[] = {{0, 1000, "420323100201", "A", 200, 40}, {3000, 1000, "420323100202", "B", 30, 0}, {6000, 1000, "420323100203", "C", 50, 0}};
  for (const auto& r : vs) {
    v.geometry.add_point_feature(r.x, r.y);
    v.fid.push_back(static_cast<int64_t>(v.fid.size()) + 1);
    v.column("code")->push_text(r.code);
    v.column("name")->push_text(r.name);
    v.column("households")->push_int(r.hh);
    v.column("relocate_households")->push_int(r.rel);
  }
  FeatureTable roads = make_table("roads", GeometryKind::line);
  roads.add_column("class", FieldType::text);
  roads.add_column("surface", FieldType::text);
  jiuyou::test::add_line(roads, {{-3000, 0}, {9000, 0}});
  roads.column("class")->push_text("county");
  roads.column("surface")->push_text("asphalt");
  FeatureTable hz = make_table("hazards", GeometryKind::polygon);
  hz.add_column("kind", FieldType::text);
  add_square(hz, 2500, 500, 3500, 1500);
  hz.column("kind")->push_text("landslide");
  add_square(hz, -2000, -2000, -1000, -1000);
  hz.column("kind")->push_text("flood");
  FeatureTable pr = make_table("protected", GeometryKind::polygon);
  pr.add_column("kind", FieldType::text);
  add_square(pr, -2000, 2000, 0, 3000);
  pr.column("kind")->push_text("basic_farmland");
  add_square(pr, 4000, -1000, 5000, 0);
  pr.column("kind")->push_text("ecological_redline");
  ws.layers = {std::move(v), std::move(roads), std::move(hz), std::move(pr)};
  if (with_dem) {
    Raster d;
    d.name = "dem";
    d.width = 120;
    d.height = 60;
    d.geotransform = {-3000, 100, 0, 4000, 0, -100};
    d.crs = ws.metric_crs;
    d.values.resize(120 * 60);
    for (int r = 0; r < 60; ++r)
      for (int c = 0; c < 120; ++c) d.values[static_cast<size_t>(r * 120 + c)] = static_cast<float>(dem_z(-3000 + (c + 0.5) * 100, 4000 - (r + 0.5) * 100));
    ws.dem = std::move(d);
  }
  return ws;
}

inline indicators::RuleSet road_rules() {
  auto rs = indicators::parse_rule_set(
      "[rule_set]\nid = \"t\"\n[[items]]\nid = \"road\"\nname_zh = \"有硬化的通村公路\"\nkind = \"network_access\"\nlayer = \"roads\"\n"
      "filter = \"surface IN ('asphalt', 'concrete')\"\nmax_distance_m = 500\nrequire_connected = true\n"
      "trunk_filter = \"class IN ('national', 'provincial', 'county')\"\nnet4 = true\njiuyou = true\n",
      "t.toml");
  EXPECT_TRUE(rs) << rs.error().to_string();
  return *rs;
}

inline RelocateParams valley_params() {
  RelocateParams p;
  p.grid_cell_m = 500;
  p.sample_step_m = 100;
  p.max_altitude_m = 1000;
  p.max_travel_km = 20;
  p.time_limit_s = 10;
  return p;
}

}  // namespace jiuyou::plan::valley_fixture
