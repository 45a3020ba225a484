#pragma once
// One geometry for the measures the flat arrays do not do well (polygon to
// polygon distance, intersections, union areas), backed by GEOS behind a
// pimpl so callers never see GEOS types. Same algorithms as PostGIS
// (ST_Distance, ST_Intersects, ST_Area(ST_Intersection), ST_PointOnSurface).
// A Shape may be read from several threads at once (its envelope is computed
// when it is made); each thread uses its own GEOS context.
#include <memory>
#include <span>
#include <utility>

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
  [[nodiscard]] double distance(const Shape& other) const;
  [[nodiscard]] bool intersects(const Shape& other) const;
  [[nodiscard]] double area() const;
  // The closest pair of points: first on this shape, second on `other`.
  [[nodiscard]] std::pair<Vec2, Vec2> nearest_points(const Shape& other) const;
  [[nodiscard]] Vec2 point_on_surface() const;

  // area(target ∩ union(covers)) / area(target); 0 for an empty target.
  static double covered_share(const Shape& target, std::span<const Shape* const> covers);

 private:
  struct Impl;
  static Shape adopt(void* geos_geometry);  // takes ownership of a GEOSGeometry*
  std::unique_ptr<Impl> m_impl;
};

// ST_PointOnSurface of feature f (the point itself for point features).
Vec2 point_on_surface(const GeometryColumn& g, size_t f);

}  // namespace jiuyou::geos
