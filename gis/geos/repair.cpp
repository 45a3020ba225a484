#include "gis/geos/repair.hpp"

#include "gis/geos/geos_context.hpp"

namespace jiuyou::geos {

std::string invalid_reason(const GeometryColumn& g, size_t f) {
  if (g.kind != GeometryKind::polygon || g.is_empty(f)) return {};
  GEOSContextHandle_t h = context();
  GeomPtr geom = to_geos(g, f);
  if (!geom) return "could not be built";
  if (GEOSisValid_r(h, geom.get()) == 1) return {};
  char* why = GEOSisValidReason_r(h, geom.get());
  std::string out = why ? why : "invalid";
  if (why) GEOSFree_r(h, why);
  return out;
}

bool append_valid(const GeometryColumn& in, size_t f, GeometryColumn& out, std::string* reason) {
  if (in.kind != GeometryKind::polygon || in.is_empty(f)) {
    out.append_feature(in, f);
    return false;
  }
  GEOSContextHandle_t h = context();
  GeomPtr geom = to_geos(in, f);
  if (!geom || GEOSisValid_r(h, geom.get()) == 1) {
    out.append_feature(in, f);
    return false;
  }
  if (reason) {
    char* why = GEOSisValidReason_r(h, geom.get());
    *reason = why ? why : "invalid";
    if (why) GEOSFree_r(h, why);
  }
  GeomPtr fixed(GEOSMakeValid_r(h, geom.get()));
  if (!fixed) {
    out.append_feature(in, f);  // keep as is; caller logs the reason
    return false;
  }
  append_from_geos(out, fixed.get());
  return true;
}

}  // namespace jiuyou::geos
