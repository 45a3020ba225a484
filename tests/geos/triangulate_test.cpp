#include "gis/geos/triangulate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace jiuyou::geos {
namespace {

void add_ring(GeometryColumn& g, std::initializer_list<double> xy) {
  for (auto it = xy.begin(); it != xy.end(); it += 2) g.add_vertex(*it, *(it + 1));
  g.close_ring();
}

double mesh_area(const TriangleMesh& m) {
  double a = 0;
  for (size_t t = 0; t < m.triangle_count(); ++t) {
    const uint32_t i0 = m.indices[3 * t], i1 = m.indices[3 * t + 1], i2 = m.indices[3 * t + 2];
    const double x0 = m.xy[2 * i0], y0 = m.xy[2 * i0 + 1];
    const double x1 = m.xy[2 * i1], y1 = m.xy[2 * i1 + 1];
    const double x2 = m.xy[2 * i2], y2 = m.xy[2 * i2 + 1];
    a += std::abs((x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0)) / 2;
  }
  return a;
}

TEST(Triangulate, SquareWithHoleAreasSumToPolygonArea) {
  GeometryColumn g;
  g.kind = GeometryKind::polygon;
  add_ring(g, {0, 0, 10, 0, 10, 10, 0, 10, 0, 0});
  add_ring(g, {4, 4, 6, 4, 6, 6, 4, 6, 4, 4});
  g.close_part();
  g.close_feature();
  const TriangleMesh m = triangulate_polygons(g, {0, 0});
  EXPECT_NEAR(mesh_area(m), 100.0 - 4.0, 1e-9);
  EXPECT_EQ(m.vertex_count(), 8u);  // no Steiner points, corners shared
  EXPECT_EQ(m.triangle_count(), 8u);  // n + 2h - 2 for 8 vertices and one hole
  for (uint32_t id : m.feature_ids) EXPECT_EQ(id, 0u);
}

TEST(Triangulate, PositionsAreRelativeToOriginAndIdsFollowRows) {
  GeometryColumn g;
  g.kind = GeometryKind::polygon;
  g.add_null_feature();
  add_ring(g, {500000, 3400000, 500100, 3400000, 500100, 3400100, 500000, 3400000});
  g.close_part();
  g.close_feature();
  const TriangleMesh m = triangulate_polygons(g, {500000, 3400000});
  ASSERT_EQ(m.triangle_count(), 1u);
  for (float v : m.xy) EXPECT_TRUE(v >= 0.0f && v <= 100.0f);
  for (uint32_t id : m.feature_ids) EXPECT_EQ(id, 1u);
  EXPECT_NEAR(mesh_area(m), 5000.0, 1e-6);
}

TEST(Triangulate, DegenerateAndNonFinitePartsAreSkippedNotFatal) {
  GeometryColumn g;
  g.kind = GeometryKind::polygon;
  add_ring(g, {0, 0, 1, 1, 2, 2, 0, 0});  // collinear: zero area
  g.close_part();
  g.close_feature();
  add_ring(g, {0, 0, 1, 0, 0, 0});  // two distinct vertices
  g.close_part();
  g.close_feature();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  add_ring(g, {0, 0, nan, 0, 1, 1, 0, 0});
  g.close_part();
  g.close_feature();
  add_ring(g, {0, 0, 2, 0, 2, 2, 0, 2, 0, 0});  // a good one after the bad ones
  g.close_part();
  g.close_feature();
  const TriangleMesh m = triangulate_polygons(g, {0, 0});
  EXPECT_EQ(m.skipped_parts, 3u);
  EXPECT_NEAR(mesh_area(m), 4.0, 1e-9);
  for (uint32_t id : m.feature_ids) EXPECT_EQ(id, 3u);
}

TEST(Triangulate, SelfIntersectingBowtieIsRepairedToTwoTriangles) {
  GeometryColumn g;
  g.kind = GeometryKind::polygon;
  add_ring(g, {0, 0, 2, 2, 2, 0, 0, 2, 0, 0});
  g.close_part();
  g.close_feature();
  const TriangleMesh m = triangulate_polygons(g, {0, 0});
  EXPECT_EQ(m.repaired_parts, 1u);
  EXPECT_NEAR(mesh_area(m), 2.0, 1e-9);  // two triangles of area 1
}

TEST(Triangulate, NonPolygonColumnGivesEmptyMesh) {
  GeometryColumn g;
  g.kind = GeometryKind::line;
  add_ring(g, {0, 0, 1, 1});
  g.close_part();
  g.close_feature();
  const TriangleMesh m = triangulate_polygons(g, {0, 0});
  EXPECT_EQ(m.triangle_count(), 0u);
}

}  // namespace
}  // namespace jiuyou::geos
