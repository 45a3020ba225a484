#pragma once
// Identify: which feature of which layer lies under a screen pixel. Points
// and lines within a tolerance (≈ 8 screen pixels) win over polygons that
// merely contain the cursor, so a click on a facility inside a village
// polygon selects the facility; among points and lines the nearest wins,
// measured from the symbol's edge (a click on a village's dot is a hit even
// where a gap line starts under it), then the symbol drawn on top (draw_rank),
// then the layer drawn on top. Zoomed out, a dense village layer's hidden
// features are those not drawn (one dot per cell): a click picks the dot shown. A click scans the visible layers' features
// (through the layer's box index when it has one, else bounding box first).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gis/index/spatial_index.hpp"
#include "gis/model/feature_table.hpp"

namespace jiuyou::viewer {

struct FeatureRef {
  std::string layer;  // layer name in the workspace
  uint32_t row = 0;
  bool operator==(const FeatureRef&) const = default;
};

// One layer as the picker sees it: its geometry as drawn (links as arcs), which features are shown, how big they are.
struct PickLayer {
  std::string name;
  const GeometryColumn* geometry = nullptr;
  const std::vector<uint8_t>* hidden = nullptr;  // per feature, non-zero: filtered out (not pickable); null: none
  const std::vector<float>* size_px = nullptr;   // per feature: point radius / line width in pixels (the style's); null: 0
  double m_per_px = 0;                           // to turn size_px into metres
  // The features' boxes (index::SpatialIndex::build_for(*geometry)): a click looks at the features whose box
  // is within the tolerance, not every feature; null: every feature is looked at (same answer).
  const index::SpatialIndex* boxes = nullptr;
  // Per feature, its place in the layer's draw order (higher drawn over lower): of two symbols under the cursor
  // (the same distance) the one on top wins, as the eye sees it. Null: the lower feature wins.
  const std::vector<uint32_t>* draw_rank = nullptr;
};

struct PickHit {
  FeatureRef ref;
  double distance_m = 0;  // from the symbol's edge (0 on the symbol or inside a polygon)
  bool inside_polygon = false;
};

// `layers`: visible layers, top of the map first. `tolerance_m`: the pixel tolerance in metres.
std::optional<PickHit> pick_feature(const std::vector<PickLayer>& layers, Vec2 at, double tolerance_m);

// The vertex of a shown feature nearest to `at` within tolerance_m (snapping for the measuring tool), if any.
std::optional<Vec2> nearest_vertex(const std::vector<PickLayer>& layers, Vec2 at, double tolerance_m);

// Distance from p to feature f's points, lines or polygon boundary (metres); +inf for an empty feature.
double distance_to_feature(const GeometryColumn& g, size_t f, Vec2 p);

}  // namespace jiuyou::viewer
