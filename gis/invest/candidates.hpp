#pragma once
// Candidate projects from the check's failures: for every failing buildable
// item of a village, the projects that make the item pass — a new line along
// the gap line to the nearest connected qualifying feature, or a point in the
// village; and, where the item has an upgrade build (roads), raising the
// existing features along the cheapest route on their graph to the connected
// qualifying network (upgrade_routes.hpp) — and every other (village, item)
// each also fixes (a new road within reach of a neighbour fixes the
// neighbour's road too; a stretch of road on several villages' routes is one
// project fixing all of them). An upgrade route is split into runs, one need
// each (all must be built), so shared stretches are paid once; the new line
// fixes all of them at once (the alternative). A new line of a build with
// [along] (10 kV) follows the roads where they lead to the network
// (along_roads.hpp); else, with a DEM, a build with [path] follows the
// least-cost path over it (terrain_path.hpp); Project::route_zh says which. A
// tower with [site] may also stand on high ground, paying for its access, and
// fix every village it covers and sees (candidates_sites.hpp); other builds of the same item
// (`item = "<id>"`: a village water works) are alternatives fixing all of its needs. Villages failing an item no
// construction fixes, or with a required item unknown, are not reachable and
// say why.
#include <cstdint>
#include <string>
#include <vector>

#include "gis/indicators/check.hpp"
#include "gis/invest/costs.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::invest {

struct Need {
  uint32_t village = 0;
  uint32_t item = 0;  // index into the rule set's items
};

struct Project {
  uint32_t build = 0;       // index into CostTable::builds
  uint32_t village = 0;     // the village it is built for (建设地点)
  std::vector<Vec2> geometry;  // two points (line), the existing road's vertices (upgrade) or one (point), metric CRS
  double size = 0;          // metres of line (new: with the detour factor), or 1
  double lift_m = 0;        // metres of height to pump (water beyond max_vertical_m)
  double cost_cny = 0;
  std::vector<uint32_t> needs;  // indices into Candidates::needs, its own first
  std::string route_zh;         // new lines: how it was laid, said in 建设内容 (沿现有道路架设 / 按地形选线 / 按直线距离估算)
};

enum class Reach : unsigned char { ready, buildable, blocked, unknown };

struct VillagePlan {
  Reach reach = Reach::blocked;
  std::vector<uint32_t> needs;  // indices into Candidates::needs
  std::string why_zh;           // blocked/unknown: what else it needs (还需产业/集体经济措施：...)
  bool implausible_data = false;  // unknown partly because the loader found a value in the file implausible (核实, not 补齐)
};

struct Candidates {
  std::vector<Need> needs;
  std::vector<std::vector<uint32_t>> fixers;  // per need: the projects that fix it
  std::vector<Project> projects;
  std::vector<VillagePlan> villages;          // per village of the check
  // Said once to the planner: e.g. that new roads are straight lines × the
  // detour factor because the project has no DEM.
  std::vector<std::string> notes;
};

// Errors (ErrorCode::rules, exit 7): a failing item of a kind construction can
// fix (network, coverage, water, facility) without a [build.<item>] in the cost
// table, or a build whose feature the item's layer cannot hold.
Result<Candidates> make_candidates(const Workspace& ws, const indicators::CheckResult& check, const CostTable& costs);

// Drops the claims that `rechecked` (the check with every candidate applied)
// does not confirm; a village left with a need nobody fixes becomes blocked.
void keep_confirmed(Candidates& c, const indicators::CheckResult& rechecked);

}  // namespace jiuyou::invest
