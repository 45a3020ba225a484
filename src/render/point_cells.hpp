#pragma once
// Point symbols and short segments at a still picture's scale (render_map: the check's map.png,
// `jiuyou render`). A province's 600,000 point symbols on a 1600 x 1200 picture
// fall many to a pixel: where a layer has at least k_point_cells_min points,
// the picture keeps one symbol per pixel cell (a square of the picture's
// finest possible metres per pixel, picture_lod.hpp), and the symbol kept is
// the highest ranked one in the cell (style.hpp cell_rank), so a failing
// village is never hidden under passing ones in its pixel. Ties keep the one drawn last (the one that
// was on top). The symbols kept stay where they were; smaller layers (a
// county's few hundred villages) are drawn in full. Segments shorter than a
// pixel are kept one per cell and look.
#include <vector>

#include "src/render/scene.hpp"
#include "src/render/style.hpp"

namespace jiuyou::render {

inline constexpr size_t k_point_cells_min = 20000;
inline constexpr size_t k_segment_cells_min = 50000;

// Keeps one point per cell of cell_m metres (the highest cell_rank of the
// style, style.hpp: the rule the viewer's levels use too; ties the last in draw
// order), in the layer's draw order, and recomputes its chunks. Does nothing to
// a layer of fewer than min_points points or when cell_m <= 0. Returns how many
// points were left out.
size_t keep_one_point_per_cell(LayerBuckets& layer, double cell_m, const LayerStyle& style,
                               size_t min_points = k_point_cells_min);

// Line segments (lines, polygon outlines) at the same scale: a segment
// shorter than a cell draws as one dot of its width there, so of the short
// segments of one look (colour and width, from `style`) in one cell only the
// last drawn is kept; longer segments are all kept. Applied to the layer's
// segments and to every level of detail it still holds, when it has at least
// min_segments segments. Returns how many segments were left out.
size_t keep_one_short_segment_per_cell(LayerBuckets& layer, double cell_m, const LayerStyle& style,
                                       size_t min_segments = k_segment_cells_min);

}  // namespace jiuyou::render
