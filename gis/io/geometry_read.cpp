#include "gis/io/geometry_read.hpp"

#include <cmath>
#include <memory>

namespace jiuyou::io {

GeometryKind kind_of(OGRwkbGeometryType t) {
  switch (wkbFlatten(t)) {
    case wkbPoint:
    case wkbMultiPoint: return GeometryKind::point;
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve: return GeometryKind::line;
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
    case wkbTriangle:
    case wkbTIN:
    case wkbPolyhedralSurface: return GeometryKind::polygon;
    default: return GeometryKind::none;
  }
}

// Appends the parts of `g` matching `kind` to `out` (not closing the feature). Returns false if a
// coordinate was not finite.
bool append_parts(const OGRGeometry* g, GeometryKind kind, GeometryColumn& out, size_t* parts) {
  if (!g || g->IsEmpty()) return true;
  const auto t = wkbFlatten(g->getGeometryType());
  bool finite = true;
  auto ring = [&](const OGRSimpleCurve* c) {
    const int n = c->getNumPoints();
    for (int i = 0; i < n; ++i) {
      const double x = c->getX(i), y = c->getY(i);
      if (!std::isfinite(x) || !std::isfinite(y)) finite = false;
      out.add_vertex(x, y);
    }
    out.close_ring();
  };
  switch (t) {
    case wkbPoint: {
      if (kind != GeometryKind::point) return true;
      const auto* p = g->toPoint();
      if (!std::isfinite(p->getX()) || !std::isfinite(p->getY())) finite = false;
      out.add_vertex(p->getX(), p->getY());
      out.close_ring();
      out.close_part();
      ++*parts;
      return finite;
    }
    case wkbLineString: {
      if (kind != GeometryKind::line) return true;
      const auto* ls = g->toLineString();
      if (ls->getNumPoints() < 2) return true;
      ring(ls);
      out.close_part();
      ++*parts;
      return finite;
    }
    case wkbPolygon: {
      if (kind != GeometryKind::polygon) return true;
      const auto* poly = g->toPolygon();
      if (!poly->getExteriorRing() || poly->getExteriorRing()->getNumPoints() < 4) return true;
      ring(poly->getExteriorRing());
      for (int i = 0; i < poly->getNumInteriorRings(); ++i)
        if (poly->getInteriorRing(i)->getNumPoints() >= 4) ring(poly->getInteriorRing(i));
      out.close_part();
      ++*parts;
      return finite;
    }
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection: {
      const auto* gc = g->toGeometryCollection();
      for (int i = 0; i < gc->getNumGeometries(); ++i) finite = append_parts(gc->getGeometryRef(i), kind, out, parts) && finite;
      return finite;
    }
    default: {
      // Curves and surfaces: linearise.
      std::unique_ptr<OGRGeometry> lin(g->getLinearGeometry());
      if (lin && wkbFlatten(lin->getGeometryType()) != t) return append_parts(lin.get(), kind, out, parts);
      return true;
    }
  }
}

GeometryKind KindCount::majority() const {
  if (point == 0 && line == 0 && polygon == 0) return GeometryKind::none;
  if (polygon >= line && polygon >= point) return GeometryKind::polygon;
  return line >= point ? GeometryKind::line : GeometryKind::point;
}

KindCount count_kinds(OGRLayer* layer) {
  KindCount k;
  layer->ResetReading();
  for (auto& f : *layer) {
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g || g->IsEmpty()) continue;
    switch (kind_of(g->getGeometryType())) {
      case GeometryKind::point: ++k.point; break;
      case GeometryKind::line: ++k.line; break;
      case GeometryKind::polygon: ++k.polygon; break;
      default: break;
    }
  }
  layer->ResetReading();
  return k;
}

}  // namespace jiuyou::io
