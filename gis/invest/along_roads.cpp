#include "gis/invest/along_roads.hpp"

#include <algorithm>
#include <cmath>

namespace jiuyou::invest {

double polyline_length(const std::vector<Vec2>& line) {
  double d = 0;
  for (size_t k = 0; k + 1 < line.size(); ++k) d += std::hypot(line[k + 1].x - line[k].x, line[k + 1].y - line[k].y);
  return d;
}

RoadFollower::RoadFollower(const FeatureTable& roads, double tolerance_m) {
  if (roads.geometry.kind != GeometryKind::line) return;
  network::NodingParams np;
  np.tolerance_m = tolerance_m;
  m_graph = network::build_graph(roads.geometry, {}, np);
}

std::optional<AlongRoute> RoadFollower::route(Vec2 from, Vec2 to, double snap_m) const {
  if (m_graph.edge_count() == 0) return std::nullopt;
  const auto a = m_graph.snap(from.x, from.y, snap_m), b = m_graph.snap(to.x, to.y, snap_m);
  if (!a || !b) return std::nullopt;
  const network::GraphPath path = m_graph.shortest_path(*a, *b);
  if (!std::isfinite(path.cost)) return std::nullopt;
  AlongRoute r;
  const auto push = [&](Vec2 p) {
    if (r.line.empty() || std::hypot(r.line.back().x - p.x, r.line.back().y - p.y) > 1e-6) r.line.push_back(p);
  };
  push(from);
  for (size_t k = 0; k + 1 < path.xy.size(); k += 2) push({path.xy[k], path.xy[k + 1]});
  push(to);
  if (r.line.size() < 2) return std::nullopt;
  r.off_road_m = a->distance_m + b->distance_m;
  r.road_m = std::max(0.0, polyline_length(r.line) - r.off_road_m);
  return r;
}

}  // namespace jiuyou::invest
