#pragma once
// Point symbols and short segments at a still picture's scale (render_map: the check's map.png,
// `jiuyou render`). A province's 600,000 point symbols on a 1600 x 1200 picture
// fall many to a pixel: where a layer has at least k_point_cells_min points,
// the picture keeps one symbol per pixel cell (a square of the picture's
// finest possible metres per pixel, picture_lod.hpp), and the symbol kept is
// the most severe one in the cell, so a failing village is never hidden
// under passing ones in its pixel. Ties keep the one drawn last (the one that
// was on top). The symbols kept stay where they were; smaller layers (a
// county's few hundred villages) are drawn in full. Segments shorter than a
// pixel are kept one per cell and look.
#include <span>
#include <vector>

#include "gis/model/feature_table.hpp"
#include "src/render/scene.hpp"
#include "src/render/style.hpp"

namespace jiuyou::render {

inline constexpr size_t k_point_cells_min = 20000;
inline constexpr size_t k_segment_cells_min = 50000;

// How severe each feature's symbol is, for the cell it shares: for the
// villages coloured by verdict, 失败 first (more failed items first), then
// 待核实, then 可出列; coloured by an item, fail, then unknown, then pass;
// every other layer or colouring 0. A hidden feature (alpha 0) is -1.
std::vector<float> point_severity(const FeatureTable& table, const ColorBy& color_by, const LayerStyle& style);

// Keeps one point per cell of cell_m metres (the most severe, ties the last
// in draw order), in the layer's draw order, and recomputes its chunks. Does
// nothing to a layer of fewer than min_points points or when cell_m <= 0.
// Returns how many points were left out.
size_t keep_one_point_per_cell(LayerBuckets& layer, double cell_m, std::span<const float> severity,
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
