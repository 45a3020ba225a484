#pragma once
// A routable, undirected graph of a line layer: nodes at part endpoints,
// crossings and T-junctions (noding.hpp), edges along the lines between
// consecutive nodes, each edge keeping its polyline. Points are snapped onto
// the nearest edge; shortest paths run Dijkstra from snapped points.
//
// Costs: an edge's cost is its length times the cost per metre of its
// feature (1 when no weights are given, so costs are metres). Distances
// returned below are costs along the network only: the caller adds the
// off-network legs (GraphSnap::distance_m) if it wants them, and falls back
// to straight lines where it chooses.
//
// Built once; all queries are const and thread-safe. A GraphWorkspace holds
// the Dijkstra scratch arrays; give one per thread to many-query loops so a
// query touches only the nodes it reaches instead of clearing O(nodes).
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "gis/index/spatial_index.hpp"
#include "gis/model/geometry.hpp"
#include "gis/network/noding.hpp"

namespace jiuyou::network {

inline constexpr double unreachable = std::numeric_limits<double>::infinity();

struct GraphEdge {
  uint32_t from = 0;
  uint32_t to = 0;
  uint32_t feature = 0;  // row of the line layer this edge lies on
  double length_m = 0;
  double cost = 0;
};

// A point snapped onto an edge.
struct GraphSnap {
  uint32_t edge = 0;
  Vec2 point;               // the nearest point on the edge
  double distance_m = 0;    // from the query point to `point`
  double offset_m = 0;      // along the edge from its `from` node to `point`
  double cost_to_from = 0;  // cost along the edge from `point` to the `from` node
  double cost_to_to = 0;    // ... and to the `to` node
};

// A least-cost route between two snapped points.
struct GraphPath {
  double cost = std::numeric_limits<double>::infinity();  // unreachable when not connected
  std::vector<uint32_t> edges;  // the edges passed from node to node, in order (not the snapped edges' parts)
  std::vector<double> xy;       // the route's polyline from a.point to b.point, flat x,y
};

// Scratch for Dijkstra; reusable across queries, one per thread.
class GraphWorkspace {
 public:
  GraphWorkspace() = default;

 private:
  friend class RoadGraph;
  std::vector<double> m_cost;
  std::vector<uint32_t> m_stamp;  // m_cost[n] is valid when m_stamp[n] == m_epoch
  std::vector<uint32_t> m_settled;  // node n is settled when m_settled[n] == m_epoch
  struct Entry {
    double cost;
    uint32_t node;
  };
  std::vector<Entry> m_heap;
  std::vector<uint32_t> m_pred_edge;  // the edge a settled node was reached by (none for a source)
  uint32_t m_epoch = 0;
};

class RoadGraph {
 public:
  [[nodiscard]] size_t node_count() const { return m_node_xy.size(); }
  [[nodiscard]] size_t edge_count() const { return m_edges.size(); }
  [[nodiscard]] Vec2 node(uint32_t n) const { return m_node_xy[n]; }
  [[nodiscard]] const GraphEdge& edge(uint32_t e) const { return m_edges[e]; }
  // The edge's polyline as x,y pairs, from its `from` node to its `to` node.
  [[nodiscard]] std::span<const double> edge_xy(uint32_t e) const {
    return {m_xy.data() + 2 * size_t{m_edge_point[e]}, 2 * size_t{m_edge_point[e + 1] - m_edge_point[e]}};
  }
  // Edges at node n (each undirected edge appears at both its nodes).
  [[nodiscard]] std::span<const uint32_t> node_edges(uint32_t n) const {
    return {m_adj_edge.data() + m_adj_offset[n], m_adj_offset[n + 1] - m_adj_offset[n]};
  }

  // The nearest edge within max_distance_m; ties go to the smallest edge id.
  [[nodiscard]] std::optional<GraphSnap> snap(double x, double y, double max_distance_m) const;

  // Least cost from any of `sources` to every node (unreachable where none).
  // Nodes costlier than max_cost are left unreachable.
  [[nodiscard]] std::vector<double> distances_from(std::span<const GraphSnap> sources,
                                                   double max_cost = unreachable) const;
  // Least cost from snapped point a to snapped point b (unreachable when
  // they are not connected).
  [[nodiscard]] double network_distance(const GraphSnap& a, const GraphSnap& b) const;
  [[nodiscard]] double network_distance(const GraphSnap& a, const GraphSnap& b, GraphWorkspace& ws) const;
  // The least-cost route from a to b with its polyline (for drawing flows and gaps).
  [[nodiscard]] GraphPath shortest_path(const GraphSnap& a, const GraphSnap& b) const;
  [[nodiscard]] GraphPath shortest_path(const GraphSnap& a, const GraphSnap& b, GraphWorkspace& ws) const;
  // One-to-many: the cost from origin to each target (unreachable where not
  // connected or costlier than max_cost). Stops once every target is settled.
  [[nodiscard]] std::vector<double> distances(const GraphSnap& origin, std::span<const GraphSnap> targets,
                                              double max_cost = unreachable) const;
  [[nodiscard]] std::vector<double> distances(const GraphSnap& origin, std::span<const GraphSnap> targets,
                                              double max_cost, GraphWorkspace& ws) const;

 private:
  friend RoadGraph build_graph(const GeometryColumn&, const NodedLines&, std::span<const double>);
  // Runs Dijkstra from the sources until stop(node, cost) returns true for a
  // settled node or nothing below max_cost is left; returns with ws holding the costs.
  template <class Stop>
  void dijkstra(std::span<const GraphSnap> sources, double max_cost, GraphWorkspace& ws, Stop&& stop) const;
  [[nodiscard]] double cost_at(const GraphWorkspace& ws, uint32_t n) const;
  [[nodiscard]] double arrival(const GraphWorkspace& ws, const GraphSnap& origin, const GraphSnap& target) const;
  // Appends the part of edge e's polyline between offsets from_m and to_m (either direction).
  void append_edge_part(uint32_t e, double from_m, double to_m, std::vector<double>& xy) const;
  [[nodiscard]] Vec2 point_at(uint32_t e, double offset_m) const;

  std::vector<Vec2> m_node_xy;
  std::vector<GraphEdge> m_edges;
  std::vector<uint32_t> m_edge_point;  // edge e's polyline: points [m_edge_point[e], m_edge_point[e+1])
  std::vector<double> m_xy;            // polyline points, flat x,y
  std::vector<double> m_point_offset_m;  // distance along its edge of each point
  std::vector<uint32_t> m_point_edge;    // the edge of each point
  std::vector<uint32_t> m_adj_offset;    // CSR: node n's edges are m_adj_edge[m_adj_offset[n] .. m_adj_offset[n+1])
  std::vector<uint32_t> m_adj_edge;
  index::SpatialIndex m_segments;  // item p: the segment from point p to p + 1 of the same edge
};

// The graph of the features f of `lines` with include[f] != 0 (all when
// include is empty). cost_per_m: per feature of `lines` (empty: 1 for all),
// e.g. 1 / speed for travel time; must be >= 0.
RoadGraph build_graph(const GeometryColumn& lines, std::span<const uint8_t> include, const NodingParams& params,
                      std::span<const double> cost_per_m = {});
// The same, from an existing noding of `lines` (shared with build_topology).
RoadGraph build_graph(const GeometryColumn& lines, const NodedLines& noded, std::span<const double> cost_per_m = {});

}  // namespace jiuyou::network
