#include "gis/network/topology.hpp"

#include <cassert>
#include <limits>

#include "gis/index/line_index.hpp"

namespace jiuyou::network {

NetworkTopology build_topology(const GeometryColumn& lines, std::span<const uint8_t> include,
                               const NodingParams& params) {
  return build_topology(lines, node_lines(lines, include, params));
}

NetworkTopology build_topology(const GeometryColumn& lines, const NodedLines& noded) {
  const size_t n = lines.feature_count();
  NetworkTopology topo;
  topo.endpoint_joins = noded.endpoint_joins;
  topo.t_junctions = noded.t_junctions;
  topo.crossings = noded.crossings;

  // Union features through the nodes they touch: node_owner holds the first feature seen at a node.
  UnionFind sets(n);
  constexpr uint32_t none = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> node_owner(noded.node_count(), none);
  const auto touch = [&](uint32_t node, uint32_t feature) {
    if (node_owner[node] == none) node_owner[node] = feature;
    else sets.unite(node_owner[node], feature);
  };
  std::vector<uint8_t> present(n, 0);
  for (size_t q = 0; q < noded.part_v0.size(); ++q) {
    const uint32_t f = noded.part_feature[q];
    present[f] = 1;
    touch(noded.part_start_node[q], f);
    touch(noded.part_end_node[q], f);
  }
  for (const auto& s : noded.splits) touch(s.node, s.feature);

  // Number components by their smallest feature.
  topo.component.assign(n, -1);
  std::vector<int32_t> root_component(n, -1);
  for (size_t f = 0; f < n; ++f) {
    if (!present[f]) continue;
    const uint32_t root = sets.find(static_cast<uint32_t>(f));
    if (root_component[root] < 0) {
      root_component[root] = static_cast<int32_t>(topo.component_count++);
      topo.component_features.push_back(0);
      topo.component_length_m.push_back(0);
    }
    const int32_t c = root_component[root];
    topo.component[f] = c;
    topo.component_features[static_cast<size_t>(c)] += 1;
    topo.component_length_m[static_cast<size_t>(c)] += feature_length(lines, f);
  }
  return topo;
}

std::vector<uint8_t> reaches(const NetworkTopology& topology, std::span<const uint8_t> trunk_feature) {
  std::vector<uint8_t> flag(topology.component_count, 0);
  assert(trunk_feature.empty() || trunk_feature.size() == topology.component.size());
  for (size_t f = 0; f < trunk_feature.size(); ++f) {
    const int32_t c = topology.component[f];
    if (trunk_feature[f] != 0 && c >= 0) flag[static_cast<size_t>(c)] = 1;
  }
  return flag;
}

std::vector<uint8_t> reaches(const NetworkTopology& topology, const GeometryColumn& lines, const ReachParams& params) {
  assert(lines.feature_count() == topology.component.size());
  std::vector<uint8_t> flag = reaches(topology, params.trunk_feature);
  if (params.seats.empty()) return flag;
  std::vector<uint8_t> included(topology.component.size(), 0);
  for (size_t f = 0; f < included.size(); ++f) included[f] = topology.component[f] >= 0 ? 1 : 0;
  index::LineIndex segments;
  segments.build(lines, included);
  for (const Vec2& seat : params.seats) {
    for (const auto& hit : segments.within(seat.x, seat.y, params.seat_distance_m))
      flag[static_cast<size_t>(topology.component[hit.feature])] = 1;
  }
  return flag;
}

std::vector<uint8_t> features_in_flagged_components(const NetworkTopology& topology,
                                                     std::span<const uint8_t> component_flag) {
  assert(component_flag.size() == topology.component_count);
  std::vector<uint8_t> out(topology.component.size(), 0);
  for (size_t f = 0; f < out.size(); ++f) {
    const int32_t c = topology.component[f];
    out[f] = c >= 0 && component_flag[static_cast<size_t>(c)] != 0 ? 1 : 0;
  }
  return out;
}

}  // namespace jiuyou::network
