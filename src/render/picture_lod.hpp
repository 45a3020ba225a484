#pragma once
// Levels of detail for a still picture (render_map: the check's map, `jiuyou
// render`): the picture's scale is known before the scene is built, so a
// layer keeps only the levels the renderer can draw at that scale or coarser.
//
// The renderer draws, per layer, the coarsest level whose tolerance is at most
// the view's metres per pixel (layer_pass.cpp). A picture of a box W x H px
// fitted inside margins has at least max(box width / W, box height / H)
// metres per pixel, so every level finer than the coarsest one within that
// bound is never drawn: it is freed as the scene is built (at 100,000
// villages the full-detail segments of every layer were most of the map's
// memory). The picture is the same, pixel for pixel.
#include "src/render/scene.hpp"

namespace jiuyou::render {

// The fewest metres per pixel a picture of these options can have; 0 when the
// options are no picture (width or height 0) or the box is empty or not finite.
double picture_m_per_px(const SceneOptions& options, const BBox& scene_bbox);

// The layer's newest (coarsest) level of detail becomes its segments; the
// full-detail segments and the finer levels are freed. Returns the segments.
std::vector<LineSegment>& keep_only_coarsest_level(LayerBuckets& b);

// Polygon layers of at least this many vertices are simplified to the
// picture's pixel before they are triangulated (a province's coverage discs,
// protected areas and hazard zones: most of a still picture's memory).
inline constexpr size_t k_picture_simplify_min_vertices = 200000;

// A copy of polygon geometry `g` with every ring simplified by Douglas-Peucker
// at tol_m (ring closure kept). A ring that would fall under 4 vertices (a
// polygon smaller than a pixel), or holds a non-finite coordinate, is kept as
// it is, so nothing disappears; features, parts and rings keep their order.
GeometryColumn simplified_rings(const GeometryColumn& g, double tol_m);

// Frees the geometry of every layer once it is on the GPU (names, kinds,
// counts, extents, labels and the DEM stay).
void release_geometry(Scene& scene);

}  // namespace jiuyou::render
