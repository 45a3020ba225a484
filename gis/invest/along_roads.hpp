#pragma once
// A new line along the road graph (a 10 kV extension on poles beside the
// road): from the village's nearest road point to the road point nearest the
// connected network, along the shortest route on the roads' graph
// (network::RoadGraph::shortest_path, the routing the upgrade routes build on),
// with the straight legs at both ends (cross-country: the caller prices them
// with the detour factor). Used where the build has [along].
#include <optional>
#include <vector>

#include "gis/model/feature_table.hpp"
#include "gis/network/road_graph.hpp"

namespace jiuyou::invest {

struct AlongRoute {
  std::vector<Vec2> line;  // `from`, the road points, `to`
  double road_m = 0;       // along the roads
  double off_road_m = 0;   // the straight legs from `from` to the road and from the road to `to`
};

class RoadFollower {
 public:
  RoadFollower(const FeatureTable& roads, double tolerance_m);
  // The route from `from` to `to` along the roads, or nullopt when either lies
  // farther than snap_m from a road or the two roads are not connected.
  [[nodiscard]] std::optional<AlongRoute> route(Vec2 from, Vec2 to, double snap_m) const;

 private:
  network::RoadGraph m_graph;
};

double polyline_length(const std::vector<Vec2>& line);

}  // namespace jiuyou::invest
