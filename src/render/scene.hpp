#pragma once
// GPU-ready arrays built once from a Workspace (MapLibre's "buckets"):
// triangulated fills, line segments (also polygon outlines), point instances,
// all as float32 offsets from one local origin with per-vertex feature ids,
// plus label candidates and the DEM. Pure CPU work, testable without GL.
// Non-finite coordinates are dropped here (counted), so nothing downstream
// sees a NaN.
#include <optional>
#include <string>
#include <vector>

#include "gis/geos/triangulate.hpp"
#include "gis/model/workspace.hpp"
#include "src/render/gpu_types.hpp"

namespace jiuyou::render {

// A coarser copy of a layer's segments for zoomed-out views: vertices closer
// than tolerance_m to the last kept one are dropped (endpoints kept). Used
// when tolerance_m is under about 1.5 pixels.
struct SegmentLod {
  double tolerance_m = 0;
  std::vector<LineSegment> segments;
};

struct LayerBuckets {
  std::string name;
  GeometryKind kind = GeometryKind::none;
  size_t feature_count = 0;
  geos::TriangleMesh fill;               // polygons
  std::vector<LineSegment> segments;     // lines; polygon outlines
  std::vector<SegmentLod> lods;          // coarser segments, increasing tolerance
  std::vector<PointInstance> points;     // points
  size_t dropped_vertices = 0;           // non-finite coordinates left out
  BBox bbox;                             // finite extent (metric CRS)
};

struct LabelCandidate {
  Vec2 world;          // metric CRS
  std::string text;
  uint32_t layer = 0;  // index into Scene::layers
  uint32_t feature = 0;
  float priority = 0;  // higher first
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
};

// Builds the buckets. Layers are matched by name; unknown names in
// options.layers are ignored here (render_map reports them).
Scene build_scene(const Workspace& ws, const SceneOptions& options = {});

// Buckets for one table relative to `origin` (used by build_scene and by overlays added later).
LayerBuckets build_buckets(const FeatureTable& table, Vec2 origin);

}  // namespace jiuyou::render
