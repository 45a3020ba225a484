#pragma once
// The steps of plan_relocation, each a small input and output (internal to gis/relocate):
//   find_movers        who moves and why                     (movers.cpp)
//   lay_out_candidates grid cells or the sites layer, sampled  (candidates.cpp)
//   screen_candidates  exclusions and capacity per candidate  (exclusions.cpp)
//   measure_travel     village -> site distances within reach (travel.cpp)
//   check_sites        四网 through the check, facilities, suitability (site_check.cpp)
//   build_instance     the facility-location instance        (allocation.cpp)
//   solve_allocation   heuristic or CBC, never worse than the heuristic (allocation.cpp)
//   apply_solution     the solution as flows, unplaced households and chosen sites (allocation.cpp)
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gis/index/spatial_index.hpp"
#include "gis/plan/facility_instance.hpp"
#include "gis/relocate/relocate.hpp"

namespace jiuyou::plan::detail {

using Mask = uint16_t;
constexpr Mask bit(Exclusion e) { return static_cast<Mask>(1U << static_cast<unsigned>(e)); }
// "slope; basic_farmland" (zh: "坡度超限；永久基本农田").
std::string mask_text(Mask m, bool zh);
std::string lower(std::string s);
void note(IssueLog& log, Severity s, std::string code, std::string message, std::string layer = {});

// --- movers
struct MoversOut {
  std::vector<Mover> movers;
  int64_t households = 0;
};
// `hazards`: the project's hazard zones as polygons (hazard_zones below), or null.
MoversOut find_movers(const Workspace& ws, const FeatureTable* hazards, const RelocateParams& p, IssueLog& notes);

// --- hazards: the layer's polygons; a layer of points (地质灾害隐患点, what a 自然资源局 delivers) as circles of
// hazard_point_radius_m around each point, said in a note (tour 15 P4: the points were taken for no layer at all).
// `circles` holds the circles when made; the result points at it or at the workspace's layer; null without one.
const FeatureTable* hazard_zones(const Workspace& ws, const RelocateParams& p, std::optional<FeatureTable>& circles, IssueLog& notes);

// --- terrain: the DEM and its slope (GDAL DEM processing)
struct Terrain {
  const Raster* dem = nullptr;
  std::optional<Raster> slope;
};
// An error without a DEM unless allow_no_dem (then `slope_used` false and a note).
Result<Terrain> load_terrain(const Workspace& ws, const RelocateParams& p, bool& slope_used, IssueLog& notes);

// --- candidates: each a lattice of samples; a sample stands for the cell around it
struct Candidate {
  std::string label;
  int64_t source_fid = -1;
  BBox extent;
  int nx = 0, ny = 0;              // lattice (grid and polygon sites); 1x1 for point sites
  std::vector<Vec2> samples;       // row-major nx*ny; NaN where outside the candidate polygon
  double cell_w = 0, cell_h = 0;   // the cell each sample stands for (its footprint)
  double sample_area_m2 = 0;
  double fixed_capacity = -1;      // point sites: households given, or -1
  [[nodiscard]] BBox cell(size_t i) const {
    return BBox{samples[i].x - cell_w / 2, samples[i].y - cell_h / 2, samples[i].x + cell_w / 2, samples[i].y + cell_h / 2};
  }
};
// Error (exit 6, naming sample_step_m or grid_cell_m) when the lattice would exceed the sample budget.
Result<std::vector<Candidate>> lay_out_candidates(const Workspace& ws, const std::vector<Mover>& movers, const RelocateParams& p);

// --- exclusions: one polygon, what being inside means, and the buffer around it
struct Zone {
  const FeatureTable* table = nullptr;
  uint32_t row = 0;
  Exclusion inside = Exclusion::hazard;
  double buffer_m = 0;
};
struct Zones {
  std::vector<Zone> zones;
  index::SpatialIndex index;
  // The exclusions that some part of `cell` breaks (its whole footprint, not its centre).
  [[nodiscard]] Mask test(const BBox& cell) const;
};
Zones build_zones(const Workspace& ws, const FeatureTable* hazards, const RelocateParams& p, IssueLog& notes);
Mask terrain_test(const Terrain& t, const RelocateParams& p, double x, double y);

struct Screened {
  std::vector<Site> sites;
  std::vector<ExcludedArea> excluded;
  std::array<int64_t, k_exclusion_kinds> samples_excluded{};
  Mask reasons = 0;  // union over every candidate
};
Screened screen_candidates(const std::vector<Candidate>& cands, const Zones& zones, const Terrain& terrain, const RelocateParams& p);

// --- travel
struct Reach {
  uint32_t site;
  double km;
  bool network;
};
using ReachTable = std::vector<std::vector<Reach>>;  // per mover, nearest first
ReachTable measure_travel(const Workspace& ws, const std::vector<Mover>& movers, const std::vector<Site>& sites, const RelocateParams& p,
                          IssueLog& notes);
// Keeps each village's sites among the union of every village's nearest sites_per_village; the
// sites left (ascending) are the ones the solver sees.
std::vector<uint32_t> keep_nearest_sites(ReachTable& reach, size_t num_sites, const RelocateParams& p);

// --- suitability: the weighted mean of the score parts (the township part only with seats)
struct Scoring {
  const RelocateParams* p = nullptr;
  double w_town = 0;
  void score(Site& s) const;
};
double part_score(double km, double zero_km);

// --- 四网 through the check, facilities, township seats, catchments, scores
Result<Scoring> check_sites(const Workspace& ws, const indicators::RuleSet& rules, const RelocateParams& p,
                            const std::vector<uint32_t>& considered, const ReachTable& reach, RelocationPlan& plan);

// --- allocation
struct AllocationProblem {
  FacilityInstance inst;
  std::vector<uint32_t> site_of_fac;   // facility -> site
  std::vector<uint32_t> client_mover;  // client -> mover
  bool with_dummy = false;             // the last facility holds the unplaced (K = 0)
};
// Movers with no site in reach go to plan.unplaced; nullopt when no mover has a site.
Result<std::optional<AllocationProblem>> build_instance(const ReachTable& reach, const RelocateParams& p, RelocationPlan& plan);
Result<FacilitySolution> solve_allocation(const AllocationProblem& a, const RelocateParams& p);
void apply_solution(const AllocationProblem& a, const FacilitySolution& sol, const ReachTable& reach, const RelocateParams& p,
                    const Scoring& scoring, RelocationPlan& plan);

}  // namespace jiuyou::plan::detail
