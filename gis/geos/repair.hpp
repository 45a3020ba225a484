#pragma once
// Polygon validity and repair (GEOS MakeValid) on the flat model.
#include <string>

#include "gis/model/geometry.hpp"

namespace jiuyou::geos {

// Appends feature f of `in` to `out`. If it is an invalid polygon it is
// repaired with MakeValid first and `reason` says why it was invalid (GEOS's
// text, e.g. "Self-intersection[117.1 25.3]"). Returns true if it was repaired.
bool append_valid(const GeometryColumn& in, size_t f, GeometryColumn& out, std::string* reason);

// GEOS's validity verdict for feature f ("" when valid).
std::string invalid_reason(const GeometryColumn& g, size_t f);

}  // namespace jiuyou::geos
