// Travel from each mover to the sites within reach: along the road network where both ends
// snap within snap_max_m (one-to-many Dijkstra bounded by max_travel_km), or the straight line
// x detour_factor, whichever is shorter; pairs beyond max_travel_km are left out.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "gis/network/road_graph.hpp"
#include "gis/relocate/stages.hpp"
#include "gis/util/text.hpp"

namespace jiuyou::plan::detail {

namespace {

// Network metres from the mover to each site in `near` (unreachable where it does not snap or connect).
std::vector<double> network_metres(const network::RoadGraph& graph, const std::vector<std::optional<network::GraphSnap>>& site_snap,
                                   const std::vector<uint32_t>& near, Vec2 o, const RelocateParams& p, network::GraphWorkspace& gws) {
  std::vector<double> net_m(near.size(), network::unreachable);
  const auto os = graph.snap(o.x, o.y, p.snap_max_m);
  if (!os) return net_m;
  std::vector<network::GraphSnap> targets;
  std::vector<size_t> where;
  for (size_t k = 0; k < near.size(); ++k)
    if (site_snap[near[k]]) targets.push_back(*site_snap[near[k]]), where.push_back(k);
  const auto d = graph.distances(*os, targets, p.max_travel_km * 1000.0, gws);
  for (size_t t = 0; t < d.size(); ++t)
    if (std::isfinite(d[t])) net_m[where[t]] = os->distance_m + d[t] + targets[t].distance_m;
  return net_m;
}

}  // namespace

ReachTable measure_travel(const Workspace& ws, const std::vector<Mover>& movers, const std::vector<Site>& sites, const RelocateParams& p,
                          IssueLog& notes) {
  const double max_travel_m = p.max_travel_km * 1000.0;
  std::optional<network::RoadGraph> graph;
  if (const FeatureTable* roads = ws.layer("roads"); roads != nullptr && roads->geometry.kind == GeometryKind::line && roads->size() > 0)
    graph = network::build_graph(roads->geometry, {}, network::NodingParams{});
  else
    note(notes, Severity::warning, "no_roads", "项目中没有道路图层（roads）：搬迁距离按直线距离 × 绕行系数 " + util::fixed(p.detour_factor, 1) +
                                               " 估算，可能与实际路程相差较大；有道路数据时请加入 [layers.roads] 后重新计算");
  std::vector<std::optional<network::GraphSnap>> site_snap(sites.size());
  if (graph)
    for (size_t i = 0; i < sites.size(); ++i) site_snap[i] = graph->snap(sites[i].point.x, sites[i].point.y, p.snap_max_m);
  ReachTable reach(movers.size());
  tbb::enumerable_thread_specific<network::GraphWorkspace> gws;
  tbb::parallel_for(size_t{0}, movers.size(), [&](size_t j) {
    const Vec2 o = movers[j].point;
    std::vector<uint32_t> near;
    for (uint32_t i = 0; i < sites.size(); ++i)
      if (std::hypot(sites[i].point.x - o.x, sites[i].point.y - o.y) <= max_travel_m) near.push_back(i);
    const std::vector<double> net_m =
        graph ? network_metres(*graph, site_snap, near, o, p, gws.local()) : std::vector<double>(near.size(), network::unreachable);
    std::vector<Reach> row;
    for (size_t k = 0; k < near.size(); ++k) {
      const Site& s = sites[near[k]];
      // The road where it is shorter than going straight with the detour factor (a village 1 km
      // off the road does not drive 2 km round to a site 100 m away).
      const double straight = std::hypot(s.point.x - o.x, s.point.y - o.y) * p.detour_factor;
      const bool by_net = std::isfinite(net_m[k]) && net_m[k] <= straight;
      const double m = by_net ? net_m[k] : straight;
      if (m <= max_travel_m) row.push_back(Reach{near[k], m / 1000.0, by_net});
    }
    std::sort(row.begin(), row.end(), [](const Reach& a, const Reach& b) { return a.km < b.km || (a.km == b.km && a.site < b.site); });
    reach[j] = std::move(row);
  });
  return reach;
}

std::vector<uint32_t> keep_nearest_sites(ReachTable& reach, size_t num_sites, const RelocateParams& p) {
  // The union of every village's nearest sites_per_village sites, and every village may go to
  // any of them within reach (so two villages can share a site that is among the nearest of neither).
  if (p.sites_per_village > 0) {
    std::vector<uint8_t> in_set(num_sites, 0);
    for (const auto& row : reach)
      for (size_t k = 0; k < row.size() && k < static_cast<size_t>(p.sites_per_village); ++k) in_set[row[k].site] = 1;
    for (auto& row : reach) row.erase(std::remove_if(row.begin(), row.end(), [&](const Reach& r) { return in_set[r.site] == 0; }), row.end());
  }
  std::vector<uint8_t> seen(num_sites, 0);
  for (const auto& row : reach)
    for (const auto& r : row) seen[r.site] = 1;
  std::vector<uint32_t> considered;
  for (uint32_t i = 0; i < num_sites; ++i)
    if (seen[i] != 0) considered.push_back(i);
  return considered;
}

}  // namespace jiuyou::plan::detail
