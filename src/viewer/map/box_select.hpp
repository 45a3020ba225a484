#pragma once
// Box select: the features of one layer that a dragged rectangle touches.
#include <cstdint>
#include <vector>

#include "gis/model/geometry.hpp"

namespace jiuyou::viewer {

// Rows of `g` that the box touches: a vertex inside it, a segment crossing it, or
// (polygons) the box inside the feature. Rows flagged in `hidden` (filtered out
// of the map) and empty geometries are skipped. In row order.
std::vector<uint32_t> features_in_box(const GeometryColumn& g, const BBox& box, const std::vector<uint8_t>* hidden = nullptr);

}  // namespace jiuyou::viewer
