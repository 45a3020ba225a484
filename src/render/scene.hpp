#pragma once
// GPU-ready arrays built once from a Workspace (MapLibre's "buckets"):
// triangulated fills, line segments (also polygon outlines), point instances,
// all as float32 offsets from one local origin with per-vertex feature ids,
// plus label candidates and the DEM. Pure CPU work, testable without GL.
// Non-finite coordinates are dropped here (counted), so nothing downstream
// sees a NaN.
#include <optional>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "gis/geos/triangulate.hpp"
#include "gis/model/workspace.hpp"
#include "src/render/gpu_types.hpp"

namespace jiuyou::render {

// A run of consecutive primitives (segments, triangles or point instances)
// with its extent in local metres (relative to the scene origin). Buckets are
// sorted along a Morton curve and cut into chunks of at most k_chunk_size
// primitives, so a frame tests a few hundred boxes against the view and draws
// only the chunks in it: a zoomed-in view costs what it shows, not what the
// layer holds.
struct Chunk {
  float min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  uint32_t begin = 0, end = 0;  // primitives [begin, end); triangles count as one
};
inline constexpr uint32_t k_chunk_size = 2048;
inline constexpr size_t k_lod_min_segments = 1000;

// A coarser copy of a layer's segments for zoomed-out views: each chain
// simplified by Douglas-Peucker at tolerance_m from the level before (chain
// ends kept). Used when tolerance_m is at most a pixel (the levels' errors add
// up to under two). Layers of fewer than k_lod_min_segments segments draw at
// full detail always.
struct SegmentLod {
  double tolerance_m = 0;
  std::vector<LineSegment> segments;
  std::vector<Chunk> chunks;
};

// A zoomed-out level of a point layer (point_lod.hpp): its points grouped by
// square cells of cell_m metres; the viewer draws one point per cell.
struct PointCells {
  double cell_m = 0;
  std::vector<uint32_t> offsets;  // cell k holds members[offsets[k], offsets[k + 1]); cells in Morton order
  std::vector<uint32_t> members;  // indices into LayerBuckets::points
};

struct LayerBuckets {
  std::string name;
  GeometryKind kind = GeometryKind::none;
  size_t feature_count = 0;
  geos::TriangleMesh fill;               // polygons (triangles in chunk order)
  std::vector<LineSegment> segments;     // lines; polygon outlines (in chunk order)
  std::vector<SegmentLod> lods;          // coarser segments, increasing tolerance
  std::vector<PointInstance> points;     // points (in chunk order)
  std::vector<PointCells> point_cells;   // coarser levels of the points, increasing cell (none for a still picture)
  std::vector<Chunk> fill_chunks, segment_chunks, point_chunks;
  size_t dropped_vertices = 0;           // non-finite coordinates left out
  BBox bbox;                             // finite extent (metric CRS)
};

struct LabelCandidate {
  Vec2 world;          // metric CRS
  std::string text;
  uint32_t layer = 0;  // index into Scene::layers
  uint32_t feature = 0;
  float priority = 0;  // higher first
  double max_m_per_px = std::numeric_limits<double>::infinity();  // shown only at this scale or closer (gap lengths)
};

struct DemGrid {
  int width = 0, height = 0;
  std::vector<float> values;  // row 0 north; NaN = nodata
  BBox bbox;                  // metric CRS
  double cell_x = 1, cell_y = 1;
  float min_z = 0, max_z = 0;
};

struct Scene {
  Vec2 origin;  // local origin of every float position (centre of the data, whole metres)
  BBox bbox;    // finite extent of everything
  std::vector<LayerBuckets> layers;       // workspace layer order
  std::vector<LabelCandidate> labels;     // sorted by priority, highest first
  std::optional<DemGrid> dem;
};

struct SceneOptions {
  std::vector<std::string> layers;  // empty: all
  bool dem = true;
  bool labels = true;
  // A still picture (render_map) of `picture_bbox` (default: the scene's
  // extent) at picture_width x picture_height px: no view is finer than that,
  // so the levels of detail a renderer would never draw there are not kept
  // (picture_lod.hpp). 0: every level (the viewer zooms).
  int picture_width = 0, picture_height = 0;
  std::optional<BBox> picture_bbox;
};

// Builds the buckets. Layers are matched by name; unknown names in
// options.layers are ignored here (render_map reports them).
Scene build_scene(const Workspace& ws, const SceneOptions& options = {});

// Buckets for one table relative to `origin` (used by build_scene and by overlays added later).
// coarsest_m_per_px > 0: no view is finer than that many metres per pixel, so a
// level of detail the renderer would draw instead of the finer ones becomes the
// layer's segments and the finer ones are freed as it is built.
LayerBuckets build_buckets(const FeatureTable& table, Vec2 origin, double coarsest_m_per_px = 0);

// Pairing links as arcs: every two-vertex line becomes a quadratic Bézier
// from its start to its end, bent to the left of the direction of travel by
// `bend` times its length at the middle, tessellated into `segments` pieces
// (on the CPU, once). Longer lines and other kinds are kept; row order and
// attributes stay, so styles and picking still match.
// With `avoid` (the unit markers), each arc takes the first bend of ±bend,
// ±1.8 bend, ±2.6 bend that keeps it clear (5 % of its length) of every marker
// other than its own ends, so a link never seems to pass through an unrelated unit.
FeatureTable arcs_of(const FeatureTable& lines, double bend = 0.18, int segments = 32, std::span<const Vec2> avoid = {});
// The links of a workspace as drawn: arcs kept clear of its units' markers.
FeatureTable arcs_in(const Workspace& ws, const FeatureTable& lines);
// Gap lines' lengths as labels at their middles ("850 m", "2.95 km"), each shown
// once the line is at least 80 px long on screen (zoomed in).
void add_gap_length_labels(const FeatureTable& gaps, uint32_t layer_index, std::vector<LabelCandidate>& out);
// Layers drawn as arcs by build_scene.
bool drawn_as_arcs(const FeatureTable& table);

// The chunks (in order) whose box, grown by margin, meets `view` (local metres),
// merged into maximal runs of consecutive primitives.
std::vector<std::pair<uint32_t, uint32_t>> visible_runs(const std::vector<Chunk>& chunks, float min_x, float min_y, float max_x,
                                                        float max_y, float margin);

}  // namespace jiuyou::render
