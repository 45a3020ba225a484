#pragma once
// Builders of small hand-made layers for any suite's tests: a table in a metric
// CRS (EPSG:4546 unless given), line, square and point features numbered from
// FID 1, a column found or added by name, and a bare line geometry column.
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "gis/model/feature_table.hpp"

namespace jiuyou::test {

using Line = std::vector<Vec2>;

inline FeatureTable make_table(const std::string& name, GeometryKind kind, CrsRef crs = CrsRef::epsg(4546)) {
  FeatureTable t;
  t.name = name;
  t.crs = std::move(crs);
  t.geometry.kind = kind;
  return t;
}

// One feature through `l` (a line, or a polygon's single ring when closed), FID = its number.
inline void add_line(FeatureTable& t, const Line& l) {
  t.geometry.add_line_feature(l);
  t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
}

// The closed ring of the rectangle x0..x1, y0..y1, counter-clockwise from (x0, y0).
inline void add_square(FeatureTable& t, double x0, double y0, double x1, double y1) {
  add_line(t, {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}});
}

inline void add_point(FeatureTable& t, double x, double y) {
  t.geometry.add_point_feature(x, y);
  t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
}

// The column `name`, added with `type` when the table lacks it.
inline Column& col(FeatureTable& t, const std::string& name, FieldType type) {
  if (Column* c = t.column(name)) return *c;
  t.columns.emplace_back(name, type);
  return t.columns.back();
}

using Points = std::initializer_list<std::pair<double, double>>;

// One line feature through `pts`, for tests below the table level.
inline void add_line(GeometryColumn& g, Points pts) {
  Line l;
  for (const auto& [x, y] : pts) l.push_back({x, y});
  g.add_line_feature(l);
}

// A line geometry column of one feature per point list.
inline GeometryColumn line_column(std::initializer_list<Points> features) {
  GeometryColumn g;
  g.kind = GeometryKind::line;
  for (const auto& f : features) add_line(g, f);
  return g;
}

}  // namespace jiuyou::test
