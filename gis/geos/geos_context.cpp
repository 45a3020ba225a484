#include "gis/geos/geos_context.hpp"

#include <cstdarg>
#include <cstdio>
#include <vector>

namespace jiuyou::geos {

namespace {
thread_local std::string t_message;

void on_message(const char* fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  t_message = buf;
}

struct ContextHolder {
  GEOSContextHandle_t h = nullptr;
  ContextHolder() {
    h = GEOS_init_r();
    GEOSContext_setNoticeHandler_r(h, on_message);
    GEOSContext_setErrorHandler_r(h, on_message);
  }
  ~ContextHolder() { GEOS_finish_r(h); }
  ContextHolder(const ContextHolder&) = delete;
  ContextHolder& operator=(const ContextHolder&) = delete;
};

GEOSCoordSequence* ring_seq(std::span<const double> xy, bool close) {
  GEOSContextHandle_t h = context();
  size_t n = xy.size() / 2;
  const bool needs_close = close && n > 0 && (xy[0] != xy[2 * n - 2] || xy[1] != xy[2 * n - 1]);
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(n + (needs_close ? 1 : 0)), 2);
  for (size_t i = 0; i < n; ++i) GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), xy[2 * i], xy[2 * i + 1]);
  if (needs_close) GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(n), xy[0], xy[1]);
  return seq;
}

void append_ring(GeometryColumn& out, const GEOSGeometry* ring) {
  GEOSContextHandle_t h = context();
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(h, seq, &n);
  for (unsigned i = 0; i < n; ++i) {
    double x = 0, y = 0;
    GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
    out.add_vertex(x, y);
  }
  out.close_ring();
}

// Appends the parts of `geom` that match out.kind; returns the number of parts added.
size_t append_parts(GeometryColumn& out, const GEOSGeometry* geom) {
  GEOSContextHandle_t h = context();
  const int type = GEOSGeomTypeId_r(h, geom);
  if (GEOSisEmpty_r(h, geom) == 1) return 0;
  switch (type) {
    case GEOS_POINT:
      if (out.kind != GeometryKind::point) return 0;
      append_ring(out, geom);
      out.close_part();
      return 1;
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
      if (out.kind != GeometryKind::line) return 0;
      append_ring(out, geom);
      out.close_part();
      return 1;
    case GEOS_POLYGON: {
      if (out.kind != GeometryKind::polygon) return 0;
      append_ring(out, GEOSGetExteriorRing_r(h, geom));
      const int holes = GEOSGetNumInteriorRings_r(h, geom);
      for (int i = 0; i < holes; ++i) append_ring(out, GEOSGetInteriorRingN_r(h, geom, i));
      out.close_part();
      return 1;
    }
    default: {
      size_t added = 0;
      const int n = GEOSGetNumGeometries_r(h, geom);
      for (int i = 0; i < n; ++i) added += append_parts(out, GEOSGetGeometryN_r(h, geom, i));
      return added;
    }
  }
}
}  // namespace

GEOSContextHandle_t context() {
  thread_local ContextHolder holder;
  return holder.h;
}

std::string last_message() { return t_message; }

void GeomDeleter::operator()(GEOSGeometry* g) const {
  if (g) GEOSGeom_destroy_r(context(), g);
}

GeomPtr to_geos(const GeometryColumn& g, size_t f) {
  GEOSContextHandle_t h = context();
  if (g.is_empty(f)) return nullptr;
  std::vector<GEOSGeometry*> parts;
  for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p) {
    const uint32_t r0 = g.ring_begin(p), r1 = g.ring_end(p);
    switch (g.kind) {
      case GeometryKind::point: {
        const auto xy = g.ring_xy(r0);
        parts.push_back(GEOSGeom_createPointFromXY_r(h, xy[0], xy[1]));
        break;
      }
      case GeometryKind::line:
        parts.push_back(GEOSGeom_createLineString_r(h, ring_seq(g.ring_xy(r0), false)));
        break;
      case GeometryKind::polygon: {
        GEOSGeometry* shell = GEOSGeom_createLinearRing_r(h, ring_seq(g.ring_xy(r0), true));
        std::vector<GEOSGeometry*> holes;
        for (uint32_t r = r0 + 1; r < r1; ++r) holes.push_back(GEOSGeom_createLinearRing_r(h, ring_seq(g.ring_xy(r), true)));
        parts.push_back(GEOSGeom_createPolygon_r(h, shell, holes.data(), static_cast<unsigned>(holes.size())));
        break;
      }
      case GeometryKind::none: break;
    }
  }
  if (parts.empty()) return nullptr;
  if (parts.size() == 1) return GeomPtr(parts[0]);
  const int type = g.kind == GeometryKind::point ? GEOS_MULTIPOINT : g.kind == GeometryKind::line ? GEOS_MULTILINESTRING : GEOS_MULTIPOLYGON;
  return GeomPtr(GEOSGeom_createCollection_r(h, type, parts.data(), static_cast<unsigned>(parts.size())));
}

bool append_from_geos(GeometryColumn& out, const GEOSGeometry* geom) {
  const size_t added = geom ? append_parts(out, geom) : 0;
  out.close_feature();
  return added > 0;
}

}  // namespace jiuyou::geos
