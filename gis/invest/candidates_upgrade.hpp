#pragma once
// The upgrade candidates (pave existing gravel/earth roads) of make_candidates:
// one router per item with an upgrade build, and the split of every village's
// route into runs — consecutive pieces to raise that exactly the same villages'
// routes pass — so a run shared by several villages is one project.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gis/indicators/check.hpp"
#include "gis/invest/along_roads.hpp"
#include "gis/invest/candidates.hpp"
#include "gis/invest/costs.hpp"
#include "gis/invest/terrain_path.hpp"
#include "gis/invest/upgrade_routes.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::invest {

class UpgradePlanner {
 public:
  UpgradePlanner(const Workspace& ws, const indicators::CheckResult& check, const CostTable& costs);
  // The route that fixes (village, item) by upgrading, or empty when the item
  // has no upgrade build, nothing usable lies within reach, or nothing needs raising.
  Result<std::vector<RoutePiece>> route(uint32_t village, uint32_t item);
  // A new line of a build with [path], with a DEM: re-laid along the least-cost
  // path over the DEM from its start (the gap line's village end) to the
  // qualifying network, priced by it; left straight where no path is found.
  void follow_terrain(Project& p, uint32_t item);
  // A new line of a build with [along] (a 10 kV extension): re-laid along the
  // roads of its layer from the village to the nearest connected point, priced
  // by its length (the legs off the road × the detour factor), where the road graph joins them within the build's reach and
  // detour; left as it is otherwise (then follow_terrain may lay it).
  void follow_roads(Project& p, uint32_t item);

 private:
  const std::vector<uint8_t>* qualifying(uint32_t item, const FeatureTable& lines);

  const Workspace& m_ws;
  const indicators::CheckResult& m_check;
  const CostTable& m_costs;
  std::map<uint32_t, UpgradeRouter> m_routers;  // per item, made when first asked
  std::map<uint32_t, std::optional<std::vector<uint8_t>>> m_qualifying;  // per item
  std::map<std::string, RoadFollower> m_followers;                         // per road layer
};

struct Run {
  std::vector<uint64_t> keys;  // the pieces' keys, sorted: the run's identity
  std::vector<Vec2> line;      // the pieces' lines joined, village side first
  double length_m = 0;
  double cost_cny = 0;
};

// Per route: its runs. Pieces that cost nothing (already qualifying) separate runs.
std::vector<std::vector<Run>> split_runs(const std::vector<const std::vector<RoutePiece>*>& routes);

}  // namespace jiuyou::invest
