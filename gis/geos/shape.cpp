#include "gis/geos/shape.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
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
    s.cache_envelopes();
  }
  return s;
}

namespace {

// GEOS (3.11) caches each geometry's envelope on first use: a geometry, each
// part of a collection and each ring of a polygon. Asking for them once here
// means later reads from several threads never write.
void touch_envelopes(GEOSContextHandle_t h, const GEOSGeometry* g) {
  if (!g || GEOSisEmpty_r(h, g) == 1) return;
  double x = 0;
  GEOSGeom_getXMin_r(h, g, &x);
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    touch_envelopes(h, GEOSGetExteriorRing_r(h, g));
    const int holes = GEOSGetNumInteriorRings_r(h, g);
    for (int i = 0; i < holes; ++i) touch_envelopes(h, GEOSGetInteriorRingN_r(h, g, i));
  } else if (type == GEOS_MULTIPOINT || type == GEOS_MULTILINESTRING || type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) touch_envelopes(h, GEOSGetGeometryN_r(h, g, i));
  }
}

}  // namespace

void Shape::cache_envelopes() const {
  if (m_impl && m_impl->geom) touch_envelopes(context(), m_impl->geom.get());
}

BBox Shape::bbox() const {
  BBox b;
  if (empty()) return b;
  GEOSContextHandle_t h = context();
  GEOSGeom_getXMin_r(h, m_impl->geom.get(), &b.min_x);
  GEOSGeom_getYMin_r(h, m_impl->geom.get(), &b.min_y);
  GEOSGeom_getXMax_r(h, m_impl->geom.get(), &b.max_x);
  GEOSGeom_getYMax_r(h, m_impl->geom.get(), &b.max_y);
  return b;
}

size_t Shape::vertex_count() const {
  if (empty()) return 0;
  const int n = GEOSGetNumCoordinates_r(context(), m_impl->geom.get());
  return n > 0 ? static_cast<size_t>(n) : 0;
}

double Shape::intersection_area(const Shape& o) const {
  if (empty() || o.empty()) return 0;
  GEOSContextHandle_t h = context();
  GeomPtr inter(GEOSIntersection_r(h, m_impl->geom.get(), o.m_impl->geom.get()));
  if (!inter) return std::nan("");
  double a = 0;
  GEOSArea_r(h, inter.get(), &a);
  return a;
}

std::vector<Shape> Shape::union_pieces(std::span<const Shape* const> shapes, size_t max_vertices) {
  std::vector<Shape> out;
  GEOSContextHandle_t h = context();
  std::vector<GEOSGeometry*> parts;
  for (const Shape* c : shapes)
    if (c && !c->empty()) parts.push_back(GEOSGeom_clone_r(h, c->m_impl->geom.get()));
  if (parts.empty()) return out;
  GeomPtr collection(GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())));
  GeomPtr uni(GEOSUnaryUnion_r(h, collection.get()));
  if (!uni) return out;
  max_vertices = std::max<size_t>(max_vertices, 16);
  // Split the envelope in two along its longer side until each piece is small.
  std::function<void(GeomPtr, BBox, int)> split = [&](GeomPtr g, BBox box, int depth) {
    if (!g || GEOSisEmpty_r(h, g.get()) == 1) return;
    double area = 0;
    GEOSArea_r(h, g.get(), &area);
    if (!(area > 0)) return;  // only lines or points left along a cut
    const int n = GEOSGetNumCoordinates_r(h, g.get());
    if (n <= static_cast<int>(max_vertices) || depth >= 40) {
      out.push_back(adopt(g.release()));
      return;
    }
    BBox lo = box, hi = box;
    if (box.max_x - box.min_x >= box.max_y - box.min_y) lo.max_x = hi.min_x = 0.5 * (box.min_x + box.max_x);
    else lo.max_y = hi.min_y = 0.5 * (box.min_y + box.max_y);
    for (const BBox& b : {lo, hi}) {
      GeomPtr rect(GEOSGeom_createRectangle_r(h, b.min_x, b.min_y, b.max_x, b.max_y));
      GeomPtr piece(GEOSIntersection_r(h, g.get(), rect.get()));
      split(std::move(piece), b, depth + 1);
    }
  };
  Shape whole = adopt(uni.release());
  const BBox box = whole.bbox();
  split(std::move(whole.m_impl->geom), box, 0);
  return out;
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
  s.cache_envelopes();
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
