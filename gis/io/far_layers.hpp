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

// Whether `far` of the `layers` non-empty layers besides the villages being far says the villages are the layer that is
// off (tour 17 R1: a zone number in X, a wrong zone declared, X/Y as surveyors write them): two or more, over half.
bool villages_look_off(size_t far, size_t layers);
// "村图层离其他 14 个图层中的 14 个都很远（最近 214.0 km）：多半是村图层的坐标写错了…" and what to look at in the
// villages' own coordinates (a zone number in X, X/Y swapped, the neighbouring zone).
std::string villages_off_text(const FeatureTable& villages, size_t far, size_t layers, double nearest_m);
std::string villages_off_hint(const FeatureTable& villages);

// The loader's warning (code layer_far_from_villages, at the layer's file), one per far layer; one at the villages'
// file where they look off.
void note_far_layers(Workspace& ws);

}  // namespace jiuyou::io
