#pragma once
// One geometry for the measures the flat arrays do not do well (polygon to
// polygon distance, intersections, union areas), backed by GEOS behind a
// pimpl so callers never see GEOS types. Same algorithms as PostGIS
// (ST_Distance, ST_Intersects, ST_Area(ST_Intersection), ST_PointOnSurface).
// A Shape may be read from several threads at once: the envelopes GEOS caches
// lazily (the geometry's, each part's and each ring's) are computed when the
// Shape is made, so reads never write; each thread uses its own GEOS context.
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "gis/model/geometry.hpp"

namespace jiuyou::geos {

class Shape {
 public:
  Shape();
  ~Shape();
  Shape(Shape&&) noexcept;
  Shape& operator=(Shape&&) noexcept;
  Shape(const Shape&) = delete;
  Shape& operator=(const Shape&) = delete;

  static Shape from_feature(const GeometryColumn& g, size_t f);
  static Shape point(Vec2 p);
  // ST_Buffer(point, r, 'quad_segs=N')
  static Shape disc(Vec2 centre, double radius_m, int quad_segs = 32);

  [[nodiscard]] bool empty() const;
  [[nodiscard]] BBox bbox() const;
  [[nodiscard]] size_t vertex_count() const;
  [[nodiscard]] double distance(const Shape& other) const;
  [[nodiscard]] bool intersects(const Shape& other) const;
  [[nodiscard]] double area() const;
  // The closest pair of points: first on this shape, second on `other`.
  [[nodiscard]] std::pair<Vec2, Vec2> nearest_points(const Shape& other) const;
  [[nodiscard]] Vec2 point_on_surface() const;

  // ST_Area(ST_Intersection(this, other)).
  [[nodiscard]] double intersection_area(const Shape& other) const;

  // area(target ∩ union(covers)) / area(target); 0 for an empty target.
  static double covered_share(const Shape& target, std::span<const Shape* const> covers);

  // ST_Union(shapes) cut into pieces of at most max_vertices vertices each
  // (recursive halving of the envelope with ST_ClipByRect). The pieces do not
  // overlap (they meet along the cuts only), so the area of X ∩ union is the
  // sum of the areas of X ∩ piece over the pieces whose boxes meet X's: one
  // union for a whole county instead of one per village.
  static std::vector<Shape> union_pieces(std::span<const Shape* const> shapes, size_t max_vertices = 512);

 private:
  struct Impl;
  static Shape adopt(void* geos_geometry);  // takes ownership of a GEOSGeometry*
  void cache_envelopes() const;             // see the class comment
  std::unique_ptr<Impl> m_impl;
};

// ST_PointOnSurface of feature f (the point itself for point features).
Vec2 point_on_surface(const GeometryColumn& g, size_t f);

}  // namespace jiuyou::geos
