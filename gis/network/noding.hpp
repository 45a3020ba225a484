#pragma once
// Noding of a line layer: where the lines of a network meet. Shared by the
// connectivity (topology.hpp) and the routable graph (road_graph.hpp).
//
// Lines meet (become one node) where
//   - two part endpoints lie within tolerance_m of each other (grid snapping
//     with cell = tolerance, neighbour cells checked; clusters are
//     transitive: a chain of endpoints each within tolerance of the next is
//     one node);
//   - with node_t_junctions, a part endpoint lies within tolerance_m of the
//     interior of a segment of another part (a T-junction; the segment is
//     split at the endpoint's projection);
//   - with node_crossings, segments of two different features intersect
//     (a crossing, or a shared interior vertex, or a collinear overlap).
// Redundant splits are not made: a crossing within tolerance of a part
// endpoint (with T-junctions on, that endpoint already joins the other line),
// or a T-junction onto a part whose own nearby end is already in the same
// endpoint node (roads digitised a little past each other at a junction).
// A T-junction joins the endpoint's node to the projection point on the
// other line; the gap (<= tolerance) costs nothing in the graph.
// Parts of one feature are not crossed with each other (a self-crossing road
// is taken as an overpass); they still meet at endpoints and T-junctions.
//
// Every ring of an included feature is one "part" here (for line layers a
// ring is a linestring).
#include <cstdint>
#include <span>
#include <vector>

#include "gis/model/geometry.hpp"

namespace jiuyou::network {

struct NodingParams {
  double tolerance_m = 1.0;
  bool node_crossings = true;
  bool node_t_junctions = true;
};

struct NodedLines {
  // One entry per noded part (ring of an included, non-empty feature), in column order.
  std::vector<uint32_t> part_v0;          // first vertex (global index into the column)
  std::vector<uint32_t> part_v1;          // one past the last vertex
  std::vector<uint32_t> part_feature;     // the feature the part belongs to
  std::vector<uint32_t> part_start_node;  // node at the first vertex
  std::vector<uint32_t> part_end_node;    // node at the last vertex

  // A node inside a part: on segment (vertex, vertex + 1) at parameter t in [0, 1].
  struct Split {
    uint32_t vertex = 0;
    double t = 0;
    uint32_t node = 0;
    uint32_t feature = 0;  // the feature that owns the segment
  };
  std::vector<Split> splits;  // sorted by (vertex, t, node)

  std::vector<Vec2> node_xy;  // node positions (endpoint clusters first, then crossings)

  // What was found, for reports and tests.
  size_t endpoint_clusters = 0;  // nodes made of endpoints
  size_t endpoint_joins = 0;     // endpoint pairs within tolerance that were merged
  size_t t_junctions = 0;        // splits caused by an endpoint near a segment
  size_t crossings = 0;          // crossing nodes (distinct points)

  [[nodiscard]] size_t node_count() const { return node_xy.size(); }
};

// Nodes the features f of `lines` with include[f] != 0 (all when include is
// empty). Deterministic; O(n log n) with a packed R-tree over the segments.
NodedLines node_lines(const GeometryColumn& lines, std::span<const uint8_t> include, const NodingParams& params);

// Union-find over dense ids with path halving and union by size; the
// representative of a set is not necessarily its smallest member.
class UnionFind {
 public:
  explicit UnionFind(size_t n) : m_parent(n), m_size(n, 1) {
    for (size_t i = 0; i < n; ++i) m_parent[i] = static_cast<uint32_t>(i);
  }
  uint32_t find(uint32_t a) {
    while (m_parent[a] != a) {
      m_parent[a] = m_parent[m_parent[a]];
      a = m_parent[a];
    }
    return a;
  }
  // Returns true when a and b were in different sets.
  bool unite(uint32_t a, uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return false;
    if (m_size[a] < m_size[b]) std::swap(a, b);
    m_parent[b] = a;
    m_size[a] += m_size[b];
    return true;
  }
  [[nodiscard]] size_t size() const { return m_parent.size(); }

 private:
  std::vector<uint32_t> m_parent;
  std::vector<uint32_t> m_size;
};

}  // namespace jiuyou::network
