#pragma once
// Polygon triangulation for rendering: GEOS constrained Delaunay per polygon
// part, output as plain arrays a GPU can take (positions relative to a local
// origin as float32, uint32 indices, one feature id per vertex).
//
// Triangulation introduces no new vertices, so each output vertex is one of
// the ring vertices of its part (duplicates shared within the part). Parts
// that cannot be triangulated (fewer than 3 distinct vertices, non-finite
// coordinates, zero area) are skipped and counted; invalid parts are
// repaired with MakeValid first.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "gis/model/geometry.hpp"

namespace jiuyou::geos {

struct TriangleMesh {
  std::vector<float> xy;             // x0,y0,x1,y1,... relative to the origin
  std::vector<uint32_t> indices;     // three per triangle, into xy/2
  std::vector<uint32_t> feature_ids; // per vertex: the row in the source table
  size_t skipped_parts = 0;          // degenerate or non-finite parts left out
  size_t repaired_parts = 0;         // invalid parts triangulated after MakeValid

  [[nodiscard]] size_t vertex_count() const { return xy.size() / 2; }
  [[nodiscard]] size_t triangle_count() const { return indices.size() / 3; }
};

// Triangulates every polygon feature of `g` (kind polygon; other kinds give an
// empty mesh). Coordinates are stored as float(x - origin.x), float(y - origin.y).
TriangleMesh triangulate_polygons(const GeometryColumn& g, Vec2 origin);

// Appends the triangles of feature f (all its parts) to `mesh` with feature id `id`.
void triangulate_feature(const GeometryColumn& g, size_t f, Vec2 origin, uint32_t id, TriangleMesh& mesh);

}  // namespace jiuyou::geos
