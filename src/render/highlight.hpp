#pragma once
// The viewer's highlights. Hover (a yellow outline) and the measuring tool are
// screen-space strokes rebuilt every frame (a few features). The selection (a
// wide white halo, a dark edge and a cyan core, so it shows on any fill and
// stays until cleared) may be a whole county: it is uploaded once per change
// and drawn from GPU buffers (highlight_layer.hpp).
#include <vector>

#include "src/render/camera.hpp"
#include "src/render/text.hpp"

namespace jiuyou::render {

struct HighlightSet {
  std::vector<Vec2> points;               // rings around point symbols
  std::vector<std::vector<Vec2>> paths;   // polygon rings (closed) and line parts, metric CRS
};

inline constexpr Rgba k_hover_color{255, 215, 0, 255};
inline constexpr Rgba k_selection_color{0, 190, 255, 255};
inline constexpr Rgba k_measure_color{255, 120, 0, 255};

// Appends the strokes of the hover highlight to `batch`.
void build_hover_strokes(UiBatch& batch, const Camera& camera, const HighlightSet& hover, float pixel_ratio);

// The measuring tool: an orange line with a dark edge, its points as small rings.
void build_measure_strokes(UiBatch& batch, const Camera& camera, const HighlightSet& measure, float pixel_ratio);

// The outline of feature f of a geometry column: every ring of a polygon
// (closed), every part of a line, the point of a point feature.
void feature_outline(const GeometryColumn& g, size_t f, HighlightSet& out);

}  // namespace jiuyou::render
