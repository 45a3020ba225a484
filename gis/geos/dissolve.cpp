#include "gis/geos/dissolve.hpp"

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

}  // namespace jiuyou::geos
