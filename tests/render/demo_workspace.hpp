#pragma once
// A small county made in code for render and viewer tests (no GDAL): a DEM
// with a hill, villages with check results (verdict, failed_count, an item
// column), paved and unpaved roads, a 10 kV line, broadband coverage, a
// hazard zone, facilities and a gap line. Coordinates in CGCS2000 / 3-degree
// Gauss-Kruger CM 111E (EPSG:4545), around (500 000, 3 400 000).
#include <cmath>
#include <string>

#include "gis/model/workspace.hpp"

namespace jiuyou::demo {

inline constexpr double k_x0 = 500000, k_y0 = 3400000;  // south-west corner
inline constexpr double k_w = 10000, k_h = 7000;        // metres

struct DemoVillage {
  const char* code;
  const char* name;
  double x, y;  // offsets from the south-west corner
  const char* verdict;
  int failed;
  const char* road;  // item "road_hardened"
};

inline const DemoVillage k_villages[] = {
    {"420528100201", "白马村", 2000, 5600, "exit", 0, "pass"},
    {"420528100202", "青龙村", 6500, 5200, "fail", 1, "fail"},
    {"420528100203", "石门村", 8200, 1500, "fail", 3, "fail"},
    {"420528100204", "桃花坪村", 3800, 2500, "unknown", 0, "unknown"},
    {"420528100205", "龙潭村", 5000, 3600, "exit", 0, "pass"},
};

inline FeatureTable demo_villages() {
  FeatureTable t;
  t.name = "villages";
  t.crs = CrsRef::epsg(4545);
  t.geometry.kind = GeometryKind::point;
  Column code("code", FieldType::text), name("name", FieldType::text), verdict("verdict", FieldType::text);
  Column failed("failed_count", FieldType::integer), road("road_hardened", FieldType::text), pop("population", FieldType::integer);
  int64_t fid = 1;
  for (const DemoVillage& v : k_villages) {
    t.geometry.add_point_feature(k_x0 + v.x, k_y0 + v.y);
    t.fid.push_back(fid++);
    code.push_text(v.code);
    name.push_text(v.name);
    verdict.push_text(v.verdict);
    failed.push_int(v.failed);
    road.push_text(v.road);
    pop.push_int(1000 + 100 * fid);
  }
  t.columns = {code, name, verdict, failed, road, pop};
  return t;
}

inline void add_line(FeatureTable& t, std::initializer_list<std::pair<double, double>> pts) {
  for (const auto& [x, y] : pts) t.geometry.add_vertex(k_x0 + x, k_y0 + y);
  t.geometry.close_ring();
  t.geometry.close_part();
  t.geometry.close_feature();
  t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
}

inline FeatureTable demo_roads() {
  FeatureTable t;
  t.name = "roads";
  t.crs = CrsRef::epsg(4545);
  t.geometry.kind = GeometryKind::line;
  Column cls("class", FieldType::text), surface("surface", FieldType::text);
  // A paved county road across the county, south of the villages' labels.
  add_line(t, {{0, 4300}, {3000, 4400}, {6000, 4300}, {10000, 4600}});
  cls.push_text("county");
  surface.push_text("asphalt");
  // A paved village road up to 白马村.
  add_line(t, {{2000, 4370}, {2000, 5600}});
  cls.push_text("village");
  surface.push_text("concrete");
  // A gravel road to 青龙村 (it fails the hardened-road item).
  add_line(t, {{6200, 4300}, {6500, 5200}});
  cls.push_text("village");
  surface.push_text("gravel");
  // An earth track towards 石门村.
  add_line(t, {{8000, 4500}, {8100, 3000}, {8200, 1700}});
  cls.push_text("village");
  surface.push_text("earth");
  t.columns = {cls, surface};
  return t;
}

inline FeatureTable demo_power() {
  FeatureTable t;
  t.name = "power";
  t.crs = CrsRef::epsg(4545);
  t.geometry.kind = GeometryKind::line;
  Column kv("voltage_kv", FieldType::real);
  add_line(t, {{500, 6500}, {5000, 3300}, {9500, 800}});
  kv.push_real(10);
  t.columns = {kv};
  return t;
}

inline void add_polygon(FeatureTable& t, std::initializer_list<std::pair<double, double>> pts) {
  for (const auto& [x, y] : pts) t.geometry.add_vertex(k_x0 + x, k_y0 + y);
  t.geometry.close_ring();
  t.geometry.close_part();
  t.geometry.close_feature();
  t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
}

inline FeatureTable demo_broadband() {
  FeatureTable t;
  t.name = "broadband";
  t.crs = CrsRef::epsg(4545);
  t.geometry.kind = GeometryKind::polygon;
  Column kind("kind", FieldType::text), tech("tech", FieldType::text);
  add_polygon(t, {{500, 3000}, {4500, 3000}, {4500, 6800}, {500, 6800}, {500, 3000}});
  kind.push_text("coverage");
  tech.push_text("4g");
  t.columns = {kind, tech};
  return t;
}

inline FeatureTable demo_hazards() {
  FeatureTable t;
  t.name = "hazards";
  t.crs = CrsRef::epsg(4545);
  t.geometry.kind = GeometryKind::polygon;
  Column kind("kind", FieldType::text), level("level", FieldType::text);
  add_polygon(t, {{7000, 500}, {9500, 500}, {9800, 2400}, {8800, 3000}, {7200, 2200}, {7000, 500}});
  kind.push_text("landslide");
  level.push_text("high");
  t.columns = {kind, level};
  return t;
}

inline FeatureTable demo_facilities() {
  FeatureTable t;
  t.name = "facilities";
  t.crs = CrsRef::epsg(4545);
  t.geometry.kind = GeometryKind::point;
  Column kind("kind", FieldType::text);
  const std::pair<const char*, std::pair<double, double>> f[] = {
      {"clinic", {2300, 5800}}, {"school", {5300, 3900}}, {"service_center", {3600, 2200}}};
  for (const auto& [k, p] : f) {
    t.geometry.add_point_feature(k_x0 + p.first, k_y0 + p.second);
    t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
    kind.push_text(k);
  }
  t.columns = {kind};
  return t;
}

inline FeatureTable demo_gaps() {
  FeatureTable t;
  t.name = "gaps";
  t.crs = CrsRef::epsg(4545);
  t.geometry.kind = GeometryKind::line;
  Column code("village_code", FieldType::text), item("item", FieldType::text), len("length_m", FieldType::real);
  add_line(t, {{8200, 1500}, {8200, 1500 + 2950}});
  code.push_text("420528100203");
  item.push_text("road_hardened");
  len.push_real(2950);
  t.columns = {code, item, len};
  return t;
}

// A hill in the west, a ridge running north-east, a valley along the county road.
inline Raster demo_dem() {
  Raster r;
  r.name = "dem";
  r.crs = CrsRef::epsg(4545);
  r.width = 200;
  r.height = 140;
  const double cell = 50;
  r.geotransform = {k_x0, cell, 0, k_y0 + k_h, 0, -cell};
  r.values.resize(static_cast<size_t>(r.width) * static_cast<size_t>(r.height));
  for (int row = 0; row < r.height; ++row)
    for (int col = 0; col < r.width; ++col) {
      const double x = (col + 0.5) * cell, y = k_h - (row + 0.5) * cell;
      const double hill = 900 * std::exp(-((x - 2500) * (x - 2500) + (y - 2000) * (y - 2000)) / (2 * 1400.0 * 1400.0));
      const double ridge = 600 * std::exp(-std::pow((y - 0.5 * x - 2500) / 900.0, 2));
      const double ripple = 60 * std::sin(x / 400.0) * std::cos(y / 500.0);
      r.values[static_cast<size_t>(row) * static_cast<size_t>(r.width) + static_cast<size_t>(col)] =
          static_cast<float>(300 + hill + ridge + ripple);
    }
  return r;
}

inline Workspace demo_workspace() {
  Workspace ws;
  ws.name = "九有县 (测试)";
  ws.metric_crs = CrsRef::epsg(4545);
  ws.layers = {demo_broadband(), demo_hazards(), demo_roads(), demo_power(), demo_gaps(), demo_facilities(), demo_villages()};
  ws.dem = demo_dem();
  return ws;
}

}  // namespace jiuyou::demo
