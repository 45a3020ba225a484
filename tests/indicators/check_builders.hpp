#pragma once
// Layers and rule sets for the check's tests (metric CRS EPSG:4546), built
// with the shared builders of support/table_builders.hpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gis/indicators/check.hpp"
#include "support/table_builders.hpp"

namespace jiuyou::test {

using namespace jiuyou::indicators;

// Roads: a county trunk along y = 0, a concrete village road branching at a
// T-junction (x = 2000), a gravel road (x = 6000) ending 100 m short of a
// concrete stretch that touches nothing (x = 6000, y 2700..3300).
inline FeatureTable roads() {
  FeatureTable t = make_table("roads", GeometryKind::line);
  col(t, "class", FieldType::text);
  col(t, "surface", FieldType::text);
  auto add = [&](const Line& l, const char* c, const char* s) {
    add_line(t, l);
    t.columns[0].push_text(c);
    t.columns[1].push_text(s);
  };
  add({{0, 0}, {10000, 0}}, "county", "asphalt");
  add({{2000, 0}, {2000, 3000}}, "village", "concrete");
  add({{6000, 0}, {6000, 2600}}, "village", "gravel");
  add({{6000, 2700}, {6000, 3300}}, "village", "concrete");
  return t;
}

inline FeatureTable point_villages(const std::vector<Vec2>& pts) {
  FeatureTable t = make_table("villages", GeometryKind::point);
  auto& code = col(t, "code", FieldType::text);
  for (size_t i = 0; i < pts.size(); ++i) {
    add_point(t, pts[i].x, pts[i].y);
    code.push_text("4203231002" + std::to_string(10 + i));
  }
  return t;
}

inline RuleSet rules_with(const std::string& items) {
  auto rs = parse_rule_set("[rule_set]\nid = \"t\"\n" + items, "t.toml");
  EXPECT_TRUE(rs) << rs.error().to_string();
  return *rs;
}

inline const char* k_road_rule =
    "[[items]]\nid = \"road\"\nname_zh = \"有硬化的通村公路\"\nkind = \"network_access\"\nlayer = \"roads\"\n"
    "filter = \"surface IN ('asphalt', 'concrete')\"\nmax_distance_m = 500\nrequire_connected = true\n"
    "trunk_filter = \"class IN ('national', 'provincial', 'county')\"\nnet4 = true\njiuyou = true\n";


}  // namespace jiuyou::test
