#pragma once
// OGR geometries into the model's flat geometry column (gis/io internal), and
// the geometry kind of a layer: its declared type, or when that is generic
// (GeoJSON "Unknown", GeoPackage "GEOMETRY") the kind most of its features
// have; never the first feature's.
#include <cstddef>

#include <ogrsf_frmts.h>

#include "gis/model/geometry.hpp"

namespace jiuyou::io {

GeometryKind kind_of(OGRwkbGeometryType t);
// Appends the parts of `g` matching `kind` to `out` (the feature is not closed).
// Returns false if a coordinate was not finite.
bool append_parts(const OGRGeometry* g, GeometryKind kind, GeometryColumn& out, size_t* parts);

struct KindCount {
  size_t point = 0, line = 0, polygon = 0;
  [[nodiscard]] GeometryKind majority() const;
};
// Counts the geometry kinds of every feature (one pass; the reading is reset after).
KindCount count_kinds(OGRLayer* layer);

}  // namespace jiuyou::io
