#pragma once
// The only place that sees GEOS (its reentrant C API). A per-thread context,
// RAII handles, and conversions between GEOS geometries and the flat
// GeometryColumn. Callers outside gis/geos use the functions in repair.hpp,
// triangulate.hpp etc., never GEOS types.
#include <geos_c.h>

#include <memory>
#include <string>

#include "gis/model/geometry.hpp"

namespace jiuyou::geos {

// One GEOS context per thread, created on first use, with its message handlers set.
GEOSContextHandle_t context();
// The last GEOS error/notice text on this thread ("" if none).
std::string last_message();

struct GeomDeleter {
  void operator()(GEOSGeometry* g) const;
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

// Feature f of g as a GEOS geometry (Multi* when the feature has several parts).
// Null for an empty feature.
GeomPtr to_geos(const GeometryColumn& g, size_t f);
// Appends a GEOS geometry as one feature of `out` (kind must match, mixed
// collections keep the parts of out's kind). Returns false if nothing of that kind was in it.
bool append_from_geos(GeometryColumn& out, const GEOSGeometry* geom);

}  // namespace jiuyou::geos
