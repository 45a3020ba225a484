#pragma once
// Connected components of a line layer (roads, water pipes, power lines):
// which features are joined to which through shared endpoints, crossings and
// T-junctions (see noding.hpp), and which components reach the trunk network.
//
// A feature is one unit: all parts of a multi-part feature are in the same
// component (network_access gives each line of a multi-line feature its own
// feature first, gis/indicators/kinds/network_access.cpp, so that parts join
// only where they meet).
#include <cstdint>
#include <span>
#include <vector>

#include "gis/model/geometry.hpp"
#include "gis/network/noding.hpp"

namespace jiuyou::network {

struct NetworkTopology {
  // Per feature of the input column: its component, or -1 when the feature
  // was excluded (include[f] == 0) or has no geometry.
  std::vector<int32_t> component;
  // Components are numbered 0..count-1 in order of their smallest feature id.
  uint32_t component_count = 0;
  std::vector<uint32_t> component_features;  // features per component
  std::vector<double> component_length_m;    // summed feature length per component
  // Noding figures (evidence for reports).
  size_t endpoint_joins = 0;
  size_t t_junctions = 0;
  size_t crossings = 0;

  [[nodiscard]] int32_t component_of(size_t feature) const { return component[feature]; }
};

// Components of the features f of `lines` with include[f] != 0 (all when
// include is empty).
NetworkTopology build_topology(const GeometryColumn& lines, std::span<const uint8_t> include,
                               const NodingParams& params);

// The same, from an existing noding of `lines` (to share it with build_graph).
NetworkTopology build_topology(const GeometryColumn& lines, const NodedLines& noded);

// What "reaching the outside network" means for a component.
struct ReachParams {
  // Per feature: 1 for a trunk feature (national/provincial/county road, a
  // substation's feeder...). Empty: no trunk features. A trunk feature only
  // counts when it was included in the topology.
  std::span<const uint8_t> trunk_feature;
  // Points (e.g. the county seat, substations): a component reaches when one
  // of its features passes within seat_distance_m of one of them.
  std::span<const Vec2> seats;
  double seat_distance_m = 0;
};

// Per component: 1 when it contains a trunk feature or passes within
// seat_distance_m of a seat, else 0.
std::vector<uint8_t> reaches(const NetworkTopology& topology, const GeometryColumn& lines, const ReachParams& params);
// Per component: 1 when it contains a feature with trunk_feature[f] != 0.
std::vector<uint8_t> reaches(const NetworkTopology& topology, std::span<const uint8_t> trunk_feature);

// Per feature: 1 when the feature is in a component flagged in
// component_flag (e.g. the result of reaches()), 0 otherwise or when excluded.
// Handy as the `include` of a LineIndex: "the nearest connected paved road".
std::vector<uint8_t> features_in_flagged_components(const NetworkTopology& topology,
                                                     std::span<const uint8_t> component_flag);

}  // namespace jiuyou::network
