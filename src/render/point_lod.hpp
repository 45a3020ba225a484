#pragma once
// Zoomed-out levels of a point layer (the viewer at province scale): at a
// county- or province-wide view 100,000 village dots of 11 px overlap many
// times over, and a software rasteriser pays for every one. A level groups the
// layer's points by square cells of cell_m metres; when a cell is at most
// k_point_cell_px wide on screen the renderer draws one point per cell instead
// of all of them, at that point's own position.
//
// Which point stands for its cell is chosen from the style (again at every
// restyle): a shown point before a hidden one (filtered out, transparent),
// then the highest rank (LayerStyle::rank: a failing village over an
// undecided one over one that exits), then the last in draw order. The
// winners are drawn lowest rank first, so a failing village's dot is never
// covered by a passing one's: wherever a failing village lies, a failing dot
// is drawn within a cell of it.
#include <span>
#include <vector>

#include "src/render/scene.hpp"
#include "src/render/style.hpp"

namespace jiuyou::render {

inline constexpr size_t k_point_lod_min_points = 2000;  // smaller layers draw every point always
inline constexpr double k_point_cell_px = 4.0;          // a level is drawn when its cell is at most this wide on screen

// The levels of `pts` (local metres), cells doubling from extent / 8192; a
// level is kept when it has at most nine tenths of the cells (or points) of
// the level before (even a small saving is kept: a level also puts the worst
// dot of a cell on top). None for fewer than k_point_lod_min_points points.
std::vector<PointCells> build_point_cells(std::span<const PointInstance> pts);

// One point per cell that holds a shown point (see above), lowest rank first,
// cells in Morton order within a rank. Features beyond the style's sizes are hidden.
std::vector<PointInstance> cell_winners(std::span<const PointInstance> pts, const PointCells& cells, const LayerStyle& style);

// Every shown point, lowest rank first (draw order kept within a rank): the
// full-detail level of a layer with levels, so that zoomed in too a failing
// village's dot is drawn over its neighbours'.
std::vector<PointInstance> ranked_points(std::span<const PointInstance> pts, const LayerStyle& style);

// Chunks of at most k_chunk_size consecutive points with their extents (for culling).
std::vector<Chunk> point_run_chunks(std::span<const PointInstance> pts);

}  // namespace jiuyou::render
