#include "gis/geos/dissolve.hpp"

#include <vector>

#include "gis/geos/geos_context.hpp"

namespace jiuyou::geos {

bool append_single_union(const GeometryColumn& ga, size_t a, const GeometryColumn& gb, size_t b, GeometryColumn& out) {
  GeomPtr pa = to_geos(ga, a), pb = to_geos(gb, b);
  if (!pa || !pb) return false;
  GEOSContextHandle_t ctx = context();
  GeomPtr joined(GEOSUnion_r(ctx, pa.get(), pb.get()));
  if (!joined || GEOSGeomTypeId_r(ctx, joined.get()) != GEOS_POLYGON) return false;
  return append_from_geos(out, joined.get());
}

size_t append_polygonized(const GeometryColumn& lines, std::span<const size_t> features, GeometryColumn& out) {
  std::vector<GeomPtr> owned;
  std::vector<const GEOSGeometry*> parts;
  for (size_t f : features)
    if (GeomPtr g = to_geos(lines, f)) {
      parts.push_back(g.get());
      owned.push_back(std::move(g));
    }
  if (parts.empty()) return 0;
  GEOSContextHandle_t ctx = context();
  GeomPtr faces(GEOSPolygonize_r(ctx, parts.data(), static_cast<unsigned int>(parts.size())));
  const int n = faces ? GEOSGetNumGeometries_r(ctx, faces.get()) : 0;
  if (n <= 0) return 0;
  return append_from_geos(out, faces.get()) ? static_cast<size_t>(n) : 0;
}

}  // namespace jiuyou::geos
