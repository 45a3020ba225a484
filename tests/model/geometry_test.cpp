#include <gtest/gtest.h>

#include "gis/model/column.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/geometry.hpp"

using namespace jiuyou;

namespace {
// A 10 x 10 square with a 2 x 2 hole, as one polygon feature.
GeometryColumn square_with_hole() {
  GeometryColumn g;
  g.kind = GeometryKind::polygon;
  for (auto [x, y] : {std::pair{0., 0.}, {10., 0.}, {10., 10.}, {0., 10.}, {0., 0.}}) g.add_vertex(x, y);
  g.close_ring();
  for (auto [x, y] : {std::pair{4., 4.}, {4., 6.}, {6., 6.}, {6., 4.}, {4., 4.}}) g.add_vertex(x, y);
  g.close_ring();
  g.close_part();
  g.close_feature();
  return g;
}
}  // namespace

TEST(Geometry, PolygonAreaSubtractsHoles) {
  const auto g = square_with_hole();
  ASSERT_EQ(g.feature_count(), 1u);
  EXPECT_DOUBLE_EQ(feature_area(g, 0), 96.0);
}

TEST(Geometry, PointInPolygonRespectsHoles) {
  const auto g = square_with_hole();
  EXPECT_TRUE(point_in_feature(g, 0, 1, 1));
  EXPECT_FALSE(point_in_feature(g, 0, 5, 5));
  EXPECT_FALSE(point_in_feature(g, 0, 11, 5));
}

TEST(Geometry, DistanceToPolygonIsZeroInsideAndToBoundaryOutside) {
  const auto g = square_with_hole();
  EXPECT_DOUBLE_EQ(point_feature_distance(g, 0, 1, 1), 0.0);
  EXPECT_DOUBLE_EQ(point_feature_distance(g, 0, 13, 5), 3.0);
  EXPECT_DOUBLE_EQ(point_feature_distance(g, 0, 5, 5), 1.0);  // inside the hole: 1 to the hole's edge
}

TEST(Geometry, RepresentativePointOfUShapeIsInside) {
  GeometryColumn g;
  g.kind = GeometryKind::polygon;
  for (auto [x, y] : {std::pair{0., 0.}, {10., 0.}, {10., 10.}, {8., 10.}, {8., 2.}, {2., 2.}, {2., 10.}, {0., 10.}, {0., 0.}})
    g.add_vertex(x, y);
  g.close_ring();
  g.close_part();
  g.close_feature();
  const Vec2 p = representative_point(g, 0);
  EXPECT_TRUE(point_in_feature(g, 0, p.x, p.y)) << p.x << "," << p.y;
}

TEST(Geometry, LineLengthAndNullFeatures) {
  GeometryColumn g;
  g.kind = GeometryKind::line;
  g.add_vertex(0, 0);
  g.add_vertex(3, 4);
  g.add_vertex(3, 10);
  g.close_ring();
  g.close_part();
  g.close_feature();
  g.add_null_feature();
  ASSERT_EQ(g.feature_count(), 2u);
  EXPECT_DOUBLE_EQ(feature_length(g, 0), 11.0);
  EXPECT_TRUE(g.is_empty(1));
  EXPECT_TRUE(g.feature_bbox(1).empty());
  EXPECT_NEAR(point_feature_distance(g, 0, 0, 4), 2.4, 1e-12);  // to segment (0,0)-(3,4)
}

TEST(Column, NullsTypesAndLenientNumbers) {
  Column c("population", FieldType::text);
  c.push_text("1200");
  c.push_null();
  c.push_text("n/a");
  EXPECT_EQ(c.size(), 3u);
  EXPECT_EQ(c.number(0), 1200.0);
  EXPECT_FALSE(c.number(1).has_value());
  EXPECT_FALSE(c.number(2).has_value());
  EXPECT_EQ(c.get_text(2), "n/a");

  Column b("safe", FieldType::boolean);
  b.push_bool(true);
  b.push_null();
  EXPECT_EQ(b.number(0), 1.0);
  EXPECT_EQ(b.as_text(0), "true");
  EXPECT_EQ(b.as_text(1), "");
}

TEST(FeatureTable, AddColumnFillsNullsAndFindRows) {
  FeatureTable t;
  t.geometry.kind = GeometryKind::point;
  for (int i = 0; i < 3; ++i) {
    t.fid.push_back(i + 10);
    t.geometry.add_point_feature(i, i);
  }
  auto& code = t.add_column("code", FieldType::text);
  EXPECT_EQ(code.size(), 3u);
  EXPECT_TRUE(code.is_null(0));
  FeatureTable u;
  Column c("code", FieldType::text);
  c.push_text("420323100001");
  c.push_text("420323100002");
  u.columns.push_back(c);
  u.fid = {1, 2};
  EXPECT_EQ(u.find_rows("code", "420323100002"), std::vector<uint32_t>{1});
}
