#pragma once
// A layer far from the county: after reprojection, a layer whose extent does not
// come near the villages' extent was most likely declared in the wrong CRS (the
// neighbouring 3° Gauss–Krüger zone lands ~240 km away, a wrong datum or swapped
// x/y farther). Its features would be "not found within reach" for every village:
// a firm 不达标 without a word. The loader warns (validate); the check also makes
// the items that read only such a layer unknown (indicators/sanity_extent.cpp).
#include <span>
#include <string>
#include <vector>

#include "gis/model/workspace.hpp"

namespace jiuyou::io {

// The least distance a layer may lie from the villages' extent before it is "far",
// whatever the rule set: 20 km (a check with larger search distances uses those).
inline constexpr double k_far_layer_m = 20000;

// The gap between two boxes (0 where they touch or overlap), in their units.
double box_gap(const BBox& a, const BBox& b);

struct FarLayer {
  const FeatureTable* table = nullptr;
  double distance_m = 0;  // from the villages' extent
};
// The non-empty layers (other than `villages`) farther than `threshold_m` from `reference`
// (the villages' extent; a check of a few candidate sites passes the county's villages too).
std::vector<FarLayer> far_layers(std::span<const FeatureTable* const> layers, const FeatureTable& villages, double threshold_m);
std::vector<FarLayer> far_layers(std::span<const FeatureTable* const> layers, const BBox& reference, const FeatureTable* villages, double threshold_m);

// "图层 power（文件 …）离村庄范围最近 245.2 km"
std::string far_layer_text(const FarLayer& f);
// What to look at: the neighbouring zone, the axis order, the declared CRS.
std::string far_layer_hint(const FeatureTable& t);

// The loader's warning (code layer_far_from_villages, at the layer's file), one per far layer.
void note_far_layers(Workspace& ws);

}  // namespace jiuyou::io
