#include "gis/io/schema.hpp"
#include "gis/invest/candidates_upgrade.hpp"

#include <algorithm>
#include <cmath>

namespace jiuyou::invest {

UpgradePlanner::UpgradePlanner(const Workspace& ws, const indicators::CheckResult& check, const CostTable& costs)
    : m_ws(ws), m_check(check), m_costs(costs) {}

Result<std::vector<RoutePiece>> UpgradePlanner::route(uint32_t village, uint32_t item_index) {
  const auto& item = m_check.rules.items[item_index];
  const Build* b = m_costs.find_upgrade(item.id);
  const FeatureTable* lines = b == nullptr ? nullptr : m_ws.layer(b->into);
  if (lines == nullptr || item.kind != indicators::ItemKind::network_access) return std::vector<RoutePiece>{};
  auto it = m_routers.find(item_index);
  if (it == m_routers.end()) {
    ASSIGN_OR_RETURN(UpgradeRouter r, UpgradeRouter::make(*lines, item, *b, m_ws.dem ? &*m_ws.dem : nullptr));
    it = m_routers.emplace(item_index, std::move(r)).first;
  }
  const FeatureTable& villages = *m_ws.layer(io::target_layer);
  if (villages.geometry.is_empty(village)) return std::vector<RoutePiece>{};
  auto pieces = it->second.route(representative_point(villages.geometry, village));
  if (!pieces || std::none_of(pieces->begin(), pieces->end(), [](const RoutePiece& p) { return p.cost_cny > 0; }))
    return std::vector<RoutePiece>{};
  return std::move(*pieces);
}

const std::vector<uint8_t>* UpgradePlanner::qualifying(uint32_t item, const FeatureTable& lines) {
  auto it = m_qualifying.find(item);
  if (it == m_qualifying.end()) it = m_qualifying.emplace(item, qualifying_features(lines, m_check.rules.items[item])).first;
  return it->second ? &*it->second : nullptr;
}

namespace {

// Per feature of `lines`: it passes within tolerance_m of p (at least a millimetre).
std::vector<uint8_t> features_at(const FeatureTable& lines, Vec2 p, double tolerance_m) {
  std::vector<uint8_t> out(lines.size(), 0);
  const double tol = std::max(tolerance_m, 1e-3);
  for (size_t f = 0; f < lines.size(); ++f)
    out[f] = !lines.geometry.is_empty(f) && lines.geometry.feature_bbox(f).inflated(tol).contains(p.x, p.y) &&
             point_feature_distance(lines.geometry, f, p.x, p.y) <= tol;
  return out;
}

}  // namespace

void UpgradePlanner::follow_terrain(Project& p, uint32_t item) {
  const Build& b = m_costs.builds[p.build];
  const auto& it = m_check.rules.items[item];
  const FeatureTable* lines = m_ws.layer(it.layer);
  if (b.shape != Shape::line || !b.path.enabled || !m_ws.dem || lines == nullptr || p.geometry.size() != 2 || p.lift_m > 0 ||
      it.kind != indicators::ItemKind::network_access)
    return;
  TerrainInputs in;
  in.dem = &*m_ws.dem;
  for (const auto& name : b.path.avoid)
    if (const FeatureTable* t = m_ws.layer(name); t != nullptr && t->geometry.kind == GeometryKind::polygon) in.avoid.push_back(t);
  for (const auto& name : b.path.bridge_over)
    if (const FeatureTable* t = m_ws.layer(name)) in.rivers.push_back(t);
  in.network = lines;
  in.qualifying = qualifying(item, *lines);
  // Connected through anchors only (power: a substation): the feature the gap line ends on is a qualifying one.
  const std::vector<uint8_t> ends_on = in.qualifying == nullptr ? features_at(*lines, p.geometry[1], it.tolerance_m) : std::vector<uint8_t>{};
  if (in.qualifying == nullptr) in.qualifying = &ends_on;
  const auto r = terrain_route(in, b, p.geometry[0], p.geometry[1]);
  if (!r) return;
  p.geometry = r->line;
  p.size = r->length_m;
  p.cost_cny = r->cost_cny;
  p.route_zh = "按地形选线";
}

void UpgradePlanner::follow_roads(Project& p, uint32_t item) {
  const Build& b = m_costs.builds[p.build];
  const FeatureTable* roads = b.along.enabled ? m_ws.layer(b.along.layer) : nullptr;
  if (b.shape != Shape::line || roads == nullptr || p.geometry.size() != 2 || p.lift_m > 0) return;
  auto it = m_followers.find(b.along.layer);
  if (it == m_followers.end()) it = m_followers.emplace(b.along.layer, RoadFollower(*roads, m_check.rules.items[item].tolerance_m)).first;
  const Vec2 from = p.geometry[0], to = p.geometry[1];
  const auto r = it->second.route(from, to, b.along.snap_m);
  if (!r || r->road_m + r->off_road_m > b.along.max_ratio * std::hypot(to.x - from.x, to.y - from.y)) return;
  p.geometry = r->line;
  p.size = r->road_m + r->off_road_m * m_costs.detour_factor;
  p.cost_cny = p.size / 1000 * b.cost_cny;
  p.route_zh = b.along.route_zh;
}

std::vector<std::vector<Run>> split_runs(const std::vector<const std::vector<RoutePiece>*>& routes) {
  std::map<uint64_t, std::vector<uint32_t>> users;  // piece -> the routes passing it, in order
  for (uint32_t r = 0; r < routes.size(); ++r)
    for (const auto& p : *routes[r])
      if (p.cost_cny > 0 && (users[p.key].empty() || users[p.key].back() != r)) users[p.key].push_back(r);
  std::vector<std::vector<Run>> out(routes.size());
  for (uint32_t r = 0; r < routes.size(); ++r) {
    const std::vector<uint32_t>* last = nullptr;
    for (const auto& p : *routes[r]) {
      if (p.cost_cny <= 0) {
        last = nullptr;
        continue;
      }
      const auto* u = &users.at(p.key);
      if (last == nullptr || *u != *last) out[r].emplace_back();
      last = u;
      Run& run = out[r].back();
      run.keys.push_back(p.key);
      for (const Vec2 q : p.line)
        if (run.line.empty() || run.line.back().x != q.x || run.line.back().y != q.y) run.line.push_back(q);
      run.length_m += p.length_m;
      run.cost_cny += p.cost_cny;
    }
    for (Run& run : out[r]) std::sort(run.keys.begin(), run.keys.end());
  }
  return out;
}

}  // namespace jiuyou::invest
