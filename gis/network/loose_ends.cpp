#include "gis/network/loose_ends.hpp"

#include <algorithm>
#include <cstdint>

#include "gis/index/line_index.hpp"

namespace jiuyou::network {

namespace {

// Every part end (first and last vertex of each ring) of the included features, as (feature, vertex).
std::vector<std::pair<uint32_t, uint32_t>> part_ends(const GeometryColumn& lines, const NetworkTopology& topology) {
  std::vector<std::pair<uint32_t, uint32_t>> ends;
  for (size_t f = 0; f < lines.feature_count() && f < topology.component.size(); ++f) {
    if (topology.component[f] < 0) continue;
    for (uint32_t p = lines.part_begin(f); p < lines.part_end(f); ++p)
      for (uint32_t r = lines.ring_begin(p); r < lines.ring_end(p); ++r) {
        const uint32_t v0 = lines.vertex_begin(r), v1 = lines.vertex_end(r);
        if (v1 - v0 < 2) continue;
        ends.emplace_back(static_cast<uint32_t>(f), v0);
        ends.emplace_back(static_cast<uint32_t>(f), v1 - 1);
      }
  }
  return ends;
}

}  // namespace

LooseEnds loose_ends(const GeometryColumn& lines, const NetworkTopology& topology, double tolerance_m, double probe_m, size_t max_ends) {
  LooseEnds out;
  const auto ends = part_ends(lines, topology);
  if (ends.empty() || topology.component_count < 2) return out;
  std::vector<uint8_t> include(lines.feature_count(), 0);
  for (size_t f = 0; f < include.size() && f < topology.component.size(); ++f) include[f] = topology.component[f] >= 0;
  index::LineIndex idx;
  idx.build(lines, include);
  const size_t step = std::max<size_t>(1, ends.size() / std::max<size_t>(1, max_ends));
  std::vector<double> gaps;
  for (size_t i = 0; i < ends.size(); i += step) {
    const auto [f, v] = ends[i];
    ++out.endpoints;
    const double x = lines.xy[2 * size_t{v}], y = lines.xy[2 * size_t{v} + 1];
    const int32_t own = topology.component[f];
    const auto hit = idx.nearest_if(x, y, probe_m, [&](uint32_t g) { return topology.component[g] != own; });
    if (!hit || hit->distance_m <= tolerance_m) continue;
    gaps.push_back(hit->distance_m);
    if (!out.example) out.example = Vec2{x, y};
  }
  out.near_misses = gaps.size();
  if (!gaps.empty()) {
    const auto at = gaps.begin() + static_cast<std::ptrdiff_t>((gaps.size() - 1) * 9 / 10);
    std::nth_element(gaps.begin(), at, gaps.end());
    out.gap_p90_m = *at;
  }
  return out;
}

}  // namespace jiuyou::network
