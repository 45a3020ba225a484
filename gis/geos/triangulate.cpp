#include "gis/geos/triangulate.hpp"

#include <cmath>
#include <map>
#include <utility>

#include "gis/geos/geos_context.hpp"

namespace jiuyou::geos {

namespace {

// A ring cleaned for GEOS: finite, no repeated consecutive vertices, closed.
// Empty when fewer than three distinct vertices remain.
std::vector<double> clean_ring(std::span<const double> xy, bool& non_finite) {
  std::vector<double> out;
  out.reserve(xy.size() + 2);
  for (size_t i = 0; i + 1 < xy.size(); i += 2) {
    const double x = xy[i], y = xy[i + 1];
    if (!std::isfinite(x) || !std::isfinite(y)) {
      non_finite = true;
      return {};
    }
    const size_t n = out.size();
    if (n >= 2 && out[n - 2] == x && out[n - 1] == y) continue;
    out.push_back(x);
    out.push_back(y);
  }
  // Drop the closing vertex if present, then require three distinct vertices.
  if (out.size() >= 4 && out[0] == out[out.size() - 2] && out[1] == out[out.size() - 1]) out.resize(out.size() - 2);
  if (out.size() < 6) return {};
  out.push_back(out[0]);
  out.push_back(out[1]);
  return out;
}

GEOSGeometry* make_ring(GEOSContextHandle_t h, const std::vector<double>& xy) {
  const auto n = static_cast<unsigned>(xy.size() / 2);
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, n, 2);
  if (!seq) return nullptr;
  for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_setXY_r(h, seq, i, xy[2 * i], xy[2 * i + 1]);
  return GEOSGeom_createLinearRing_r(h, seq);  // takes ownership of seq (also on failure)
}

// Emits the triangles of a GEOS triangle collection into the mesh.
void emit_triangles(GEOSContextHandle_t h, const GEOSGeometry* tris, Vec2 origin, uint32_t id, TriangleMesh& mesh) {
  std::map<std::pair<double, double>, uint32_t> index_of;
  const int n = GEOSGetNumGeometries_r(h, tris);
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* tri = GEOSGetGeometryN_r(h, tris, i);
    if (GEOSGeomTypeId_r(h, tri) != GEOS_POLYGON) continue;
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, GEOSGetExteriorRing_r(h, tri));
    unsigned size = 0;
    if (!seq || GEOSCoordSeq_getSize_r(h, seq, &size) == 0 || size < 4) continue;
    uint32_t corner[3];
    double cx[3], cy[3];
    for (unsigned k = 0; k < 3; ++k) {
      GEOSCoordSeq_getXY_r(h, seq, k, &cx[k], &cy[k]);
      auto [it, inserted] = index_of.try_emplace({cx[k], cy[k]}, static_cast<uint32_t>(mesh.xy.size() / 2));
      if (inserted) {
        mesh.xy.push_back(static_cast<float>(cx[k] - origin.x));
        mesh.xy.push_back(static_cast<float>(cy[k] - origin.y));
        mesh.feature_ids.push_back(id);
      }
      corner[k] = it->second;
    }
    // Zero-area slivers add nothing to a fill.
    const double area2 = (cx[1] - cx[0]) * (cy[2] - cy[0]) - (cx[2] - cx[0]) * (cy[1] - cy[0]);
    if (area2 == 0.0) continue;
    mesh.indices.insert(mesh.indices.end(), {corner[0], corner[1], corner[2]});
  }
}

}  // namespace

void triangulate_feature(const GeometryColumn& g, size_t f, Vec2 origin, uint32_t id, TriangleMesh& mesh) {
  if (g.kind != GeometryKind::polygon || f >= g.feature_count()) return;
  GEOSContextHandle_t h = context();
  for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p) {
    const uint32_t r0 = g.ring_begin(p), r1 = g.ring_end(p);
    if (r0 == r1) {
      ++mesh.skipped_parts;
      continue;
    }
    bool non_finite = false;
    const std::vector<double> shell_xy = clean_ring(g.ring_xy(r0), non_finite);
    if (shell_xy.empty()) {
      ++mesh.skipped_parts;
      continue;
    }
    GEOSGeometry* shell = make_ring(h, shell_xy);
    if (!shell) {
      ++mesh.skipped_parts;
      continue;
    }
    std::vector<GEOSGeometry*> holes;
    for (uint32_t r = r0 + 1; r < r1; ++r) {
      bool hole_non_finite = false;
      const std::vector<double> hole_xy = clean_ring(g.ring_xy(r), hole_non_finite);
      if (hole_xy.empty()) continue;  // a degenerate hole removes nothing
      if (GEOSGeometry* hole = make_ring(h, hole_xy)) holes.push_back(hole);
    }
    GeomPtr poly(GEOSGeom_createPolygon_r(h, shell, holes.data(), static_cast<unsigned>(holes.size())));
    if (!poly) {
      ++mesh.skipped_parts;
      continue;
    }
    if (GEOSisValid_r(h, poly.get()) != 1) {
      GeomPtr valid(GEOSMakeValid_r(h, poly.get()));
      if (!valid) {
        ++mesh.skipped_parts;
        continue;
      }
      // MakeValid may return lower-dimensional leftovers; keep the polygonal part only.
      GeomPtr polygonal(GEOSGeomTypeId_r(h, valid.get()) == GEOS_GEOMETRYCOLLECTION
                            ? GEOSBuffer_r(h, valid.get(), 0.0, 8)
                            : valid.release());
      if (!polygonal || GEOSisEmpty_r(h, polygonal.get()) == 1) {
        ++mesh.skipped_parts;
        continue;
      }
      poly = std::move(polygonal);
      ++mesh.repaired_parts;
    }
    double area = 0;
    if (GEOSArea_r(h, poly.get(), &area) == 0 || !(area > 0.0)) {
      ++mesh.skipped_parts;
      continue;
    }
    GeomPtr tris(GEOSConstrainedDelaunayTriangulation_r(h, poly.get()));
    if (!tris) {
      ++mesh.skipped_parts;
      continue;
    }
    emit_triangles(h, tris.get(), origin, id, mesh);
  }
}

TriangleMesh triangulate_polygons(const GeometryColumn& g, Vec2 origin) {
  TriangleMesh mesh;
  if (g.kind != GeometryKind::polygon) return mesh;
  mesh.xy.reserve(g.xy.size());
  mesh.feature_ids.reserve(g.vertex_count());
  mesh.indices.reserve(3 * g.vertex_count());
  for (size_t f = 0; f < g.feature_count(); ++f) triangulate_feature(g, f, origin, static_cast<uint32_t>(f), mesh);
  return mesh;
}

}  // namespace jiuyou::geos
