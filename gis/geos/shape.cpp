#include "gis/geos/shape.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "gis/geos/geos_context.hpp"

namespace jiuyou::geos {

struct Shape::Impl {
  GeomPtr geom;
};

Shape::Shape() = default;
Shape::~Shape() = default;
Shape::Shape(Shape&&) noexcept = default;
Shape& Shape::operator=(Shape&&) noexcept = default;


Shape Shape::from_feature(const GeometryColumn& g, size_t f) {
  GeomPtr p = to_geos(g, f);
  Shape s;
  if (p) {
    s.m_impl = std::make_unique<Impl>();
    s.m_impl->geom = std::move(p);
    double x = 0;
    GEOSGeom_getXMin_r(context(), s.m_impl->geom.get(), &x);  // computes and caches the envelope now
  }
  return s;
}

Shape Shape::point(Vec2 p) { return adopt(GEOSGeom_createPointFromXY_r(context(), p.x, p.y)); }

Shape Shape::disc(Vec2 c, double r, int quad_segs) {
  GEOSContextHandle_t h = context();
  GeomPtr pt(GEOSGeom_createPointFromXY_r(h, c.x, c.y));
  return adopt(GEOSBuffer_r(h, pt.get(), r, quad_segs));
}

Shape Shape::adopt(void* geos_geometry) {
  Shape s;
  if (!geos_geometry) return s;
  s.m_impl = std::make_unique<Impl>();
  s.m_impl->geom.reset(static_cast<GEOSGeometry*>(geos_geometry));
  double x = 0;
  GEOSGeom_getXMin_r(context(), s.m_impl->geom.get(), &x);
  return s;
}

bool Shape::empty() const { return !m_impl || !m_impl->geom || GEOSisEmpty_r(context(), m_impl->geom.get()) == 1; }

double Shape::distance(const Shape& o) const {
  if (empty() || o.empty()) return INFINITY;
  double d = INFINITY;
  GEOSDistance_r(context(), m_impl->geom.get(), o.m_impl->geom.get(), &d);
  return d;
}

bool Shape::intersects(const Shape& o) const {
  if (empty() || o.empty()) return false;
  return GEOSIntersects_r(context(), m_impl->geom.get(), o.m_impl->geom.get()) == 1;
}

double Shape::area() const {
  if (empty()) return 0;
  double a = 0;
  GEOSArea_r(context(), m_impl->geom.get(), &a);
  return a;
}

std::pair<Vec2, Vec2> Shape::nearest_points(const Shape& o) const {
  const double nan = std::nan("");
  if (empty() || o.empty()) return {{nan, nan}, {nan, nan}};
  GEOSContextHandle_t h = context();
  GEOSCoordSequence* seq = GEOSNearestPoints_r(h, m_impl->geom.get(), o.m_impl->geom.get());
  if (!seq) return {{nan, nan}, {nan, nan}};
  Vec2 a, b;
  GEOSCoordSeq_getXY_r(h, seq, 0, &a.x, &a.y);
  GEOSCoordSeq_getXY_r(h, seq, 1, &b.x, &b.y);
  GEOSCoordSeq_destroy_r(h, seq);
  return {a, b};
}

Vec2 Shape::point_on_surface() const {
  const double nan = std::nan("");
  if (empty()) return {nan, nan};
  GEOSContextHandle_t h = context();
  GeomPtr p(GEOSPointOnSurface_r(h, m_impl->geom.get()));
  Vec2 out{nan, nan};
  if (p) {
    GEOSGeomGetX_r(h, p.get(), &out.x);
    GEOSGeomGetY_r(h, p.get(), &out.y);
  }
  return out;
}

double Shape::covered_share(const Shape& target, std::span<const Shape* const> covers) {
  if (target.empty()) return 0;
  const double total = target.area();
  if (total <= 0) return 0;
  GEOSContextHandle_t h = context();
  std::vector<GEOSGeometry*> parts;
  for (const Shape* c : covers)
    if (c && !c->empty()) parts.push_back(GEOSGeom_clone_r(h, c->m_impl->geom.get()));
  if (parts.empty()) return 0;
  GeomPtr collection(GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())));
  GeomPtr uni(GEOSUnaryUnion_r(h, collection.get()));
  if (!uni) return 0;
  GeomPtr inter(GEOSIntersection_r(h, target.m_impl->geom.get(), uni.get()));
  if (!inter) return 0;
  double a = 0;
  GEOSArea_r(h, inter.get(), &a);
  return std::min(1.0, a / total);
}

Vec2 point_on_surface(const GeometryColumn& g, size_t f) {
  if (g.is_empty(f)) return {std::nan(""), std::nan("")};
  if (g.kind == GeometryKind::point) return g.first_vertex(f);
  return Shape::from_feature(g, f).point_on_surface();
}

}  // namespace jiuyou::geos
