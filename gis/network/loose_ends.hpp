#pragma once
// Line ends that nearly meet another piece of the network but are not joined
// (tour 18 S8): road segments digitised without snapping, 1–2 m apart, break a
// connected network into pieces that no longer reach the trunk roads, and every
// village near one fails "connected" with nothing said at county level. Found
// as part endpoints whose nearest line of *another* component lies beyond the
// noding tolerance but within a few metres.
#include <cstddef>
#include <optional>
#include <vector>

#include "gis/model/geometry.hpp"
#include "gis/network/topology.hpp"

namespace jiuyou::network {

struct LooseEnds {
  size_t endpoints = 0;    // part endpoints looked at (a large layer: an even sample)
  size_t near_misses = 0;  // of those, the ones within (tolerance, probe] of a line of another component
  double gap_p90_m = 0;    // the gap 90 % of the near misses are within
  std::optional<Vec2> example;  // one near miss (the layer's coordinates)
  // Whether the layer looks unsnapped: at least 10 near misses and 2 % of the ends.
  [[nodiscard]] bool many() const { return near_misses >= 10 && near_misses * 50 >= endpoints; }
};

// The near misses among the ends of the features in `topology` (component >= 0); at most `max_ends` ends are
// looked at, evenly spread.
LooseEnds loose_ends(const GeometryColumn& lines, const NetworkTopology& topology, double tolerance_m, double probe_m,
                     size_t max_ends = 20000);

}  // namespace jiuyou::network
