#pragma once
// The union of two polygon features (ST_Union), for merging neighbouring
// polygons such as two villages that become one.
#include <cstddef>
#include <span>

#include "gis/model/geometry.hpp"

namespace jiuyou::geos {

// Appends ST_Union of feature a of `ga` and feature b of `gb` to `out` (a
// polygon column) when it is one polygon; false (out unchanged) when the two
// do not join into one polygon (apart, touching at a corner) or GEOS fails.
bool append_single_union(const GeometryColumn& ga, size_t a, const GeometryColumn& gb, size_t b, GeometryColumn& out);

// The polygons the line features `features` of `lines` enclose together (ST_Polygonize: boundary pieces that meet
// end to end, as 面转线 in pieces leaves them), appended to `out` (a polygon column) as one feature; returns how
// many polygons, and appends nothing when they enclose none or GEOS fails.
size_t append_polygonized(const GeometryColumn& lines, std::span<const size_t> features, GeometryColumn& out);

}  // namespace jiuyou::geos
