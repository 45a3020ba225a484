#pragma once
// Upgrade routes: for a village that fails a network item (a road) although an
// existing feature of the layer lies within reach (a gravel or earth road), the
// cheapest route along the layer's graph from the village's access point (the
// nearest point of the nearest feature within reach) to the connected network
// that qualifies (a paved road reaching the trunk), priced per metre of the
// features that must be raised: unit cost × the factor of the feature's value
// (surface: gravel, earth) × its slope class over the DEM. Features that
// already qualify cost nothing to pass; features whose value has no factor are
// not used. The route follows the existing geometry exactly: its pieces are
// the graph's edges (whole between nodes; the first one from the access point).
#include <cstdint>
#include <optional>
#include <vector>

#include "gis/indicators/rule_set.hpp"
#include "gis/invest/costs.hpp"
#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/raster.hpp"
#include "gis/network/road_graph.hpp"

namespace jiuyou::invest {

// One piece of a route: a graph edge (or the part of one from the access point).
struct RoutePiece {
  uint64_t key = 0;             // the edge id; the access part has its own key (never shared)
  std::vector<Vec2> line;       // from the village side to the network side
  double length_m = 0;
  double cost_cny = 0;          // 0: the feature qualifies already (nothing to build)
};

class UpgradeRouter {
 public:
  // Reads the item's filter and trunk_filter on `lines` (the build's `into`
  // layer). A layer that lacks a field they read, or an item that needs
  // connection without a trunk_filter (anchors only), gives a router that
  // finds nothing (the caller falls back to new lines).
  static Result<UpgradeRouter> make(const FeatureTable& lines, const indicators::Item& item, const Build& build, const Raster* dem);

  [[nodiscard]] bool usable() const { return m_usable; }
  // The route from `village`, or nullopt when no usable feature lies within
  // the item's reach or no qualifying network can be reached along them.
  [[nodiscard]] std::optional<std::vector<RoutePiece>> route(Vec2 village) const;
  // Per feature: CNY per metre to raise it (0: qualifies; negative: not usable).
  [[nodiscard]] const std::vector<double>& cost_per_m() const { return m_cost_per_m; }

 private:
  struct Reached {
    uint32_t node = 0;            // the qualifying node reached
    uint32_t source = 0;          // the end of the access edge the route starts from
    std::vector<uint32_t> edges;  // from the village side, in order
  };
  [[nodiscard]] std::optional<Reached> search(const network::GraphSnap& start) const;
  [[nodiscard]] RoutePiece access_piece(const network::GraphSnap& start, uint32_t first_node) const;
  [[nodiscard]] RoutePiece edge_piece(uint32_t e, uint32_t from_node) const;

  bool m_usable = false;
  double m_reach_m = 0;
  std::vector<double> m_cost_per_m;
  std::vector<uint8_t> m_target_node;  // per graph node: on a qualifying feature
  network::RoadGraph m_graph;
};

// Per feature of `lines`: it qualifies as the check sees it (the item's filter
// TRUE and, when the item requires connection, in a component of such features
// holding a trunk_filter feature). nullopt when a filter cannot be read on the
// layer or the item is connected by anchors only.
std::optional<std::vector<uint8_t>> qualifying_features(const FeatureTable& lines, const indicators::Item& item);

// Mean absolute slope (rise over run) along feature f, from the DEM's cells at
// its vertices; 0 without a DEM or where a vertex lies outside it.
double mean_slope(const GeometryColumn& g, size_t f, const Raster* dem);

}  // namespace jiuyou::invest
