#pragma once
// 易地扶贫搬迁: who moves, where they may go, and which sites to open.
//
//   movers      villages with relocate_households > 0, plus villages whose
//               point lies inside a landslide or debris-flow zone, plus the
//               optional [relocate.rules] (Guizhou 2016: natural villages of
//               <= 50 households with poverty incidence >= 50 %); a village
//               that qualifies by a rule alone moves whole (its households),
//               one with relocate_households moves that many; the reason
//               lists every rule that applied
//   candidates  the project's `sites` layer (points or polygons), or a grid
//               of cells (grid_cell_m) over the county layer's extent (or
//               the villages' extent plus 2 km), kept only where the cell
//               centre is within max_travel_km (straight) of some mover
//   exclusions  "四避开": hazards (landslide/debris_flow/collapse) plus
//               hazard_buffer_m, flood zones, ecological_redline, reserve,
//               basic_farmland (the protected layer's kind), slope above
//               max_slope_deg (GDAL DEM processing), altitude above
//               max_altitude_m. Tested on a lattice of cells (sample_step_m)
//               inside each candidate: a cell is buildable when no part of it
//               overlaps a hazard, flood or protected polygon, it keeps
//               hazard_buffer_m from every geological hazard, and the slope
//               and altitude at its centre (the DEM's resolution) are within
//               the limits; the candidate keeps the largest 4-connected group
//               of buildable cells (its footprint, contiguous area), and its
//               site point is the centre of the group's cell nearest the
//               group's centroid — so no part of a site's footprint lies in
//               an exclusion. A point site's footprint is the square of its
//               area (area_m2, else point_site_area_m2).
//   capacity    households = contiguous area / area_per_household_m2
//               (point sites: their capacity_households or area_m2 field,
//               else point_site_area_m2)
//   四网        the rule set's 四网 items (road, safe water, power, broadband)
//               run through the village check on the site points: a failing
//               item's distance to the nearest qualifying feature is the
//               length to extend, costed per km per network
//   allocation  the capacitated facility-location solvers (gis/plan/cflp):
//               at most K sites, single-source optional; cost = households x
//               travel km x cny_per_household_km + per site (fixed cost +
//               extension cost). Travel is along the road network (all
//               roads, snap legs included, both ends snapped within
//               snap_max_m; one-to-many Dijkstra per village bounded by
//               max_travel_km) or the straight line x detour_factor,
//               whichever is shorter (the straight line alone where an end
//               does not snap or the network does not connect them); pairs
//               beyond max_travel_km are forbidden.
//   suitability reported per considered site, 0..100: the weighted mean of
//               score parts in 0..1 (weights weight_*, documented below);
//               a distance part is 1 - km / zero_km, 0 beyond zero_km:
//               road, water, power, broadband (1 when the item passes,
//               else by the length to extend), school, clinic, township seat
//               (straight lines, score_zero_km = 5), and fields: fields_km,
//               the household-weighted mean travel distance (the
//               allocation's: along the roads or straight x detour_factor)
//               from the site to the origin villages of the households it
//               would hold, whose fields they keep farming. A chosen site:
//               the households the plan assigns to it; a site not chosen:
//               its catchment, the villages that may move to it taken
//               nearest first until their households fill its capacity (the
//               last in part). The part is 0 at fields_zero_km = 5 km and
//               beyond (the standard's guidance is 3-5 km to the fields);
//               weight_fields = 3, as much as road or water. The
//               suitability is reported, not optimised: the allocation's
//               travel cost already prices the distance.
//
// Pure: const workspace, rules and params in, a plan out; deterministic.
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gis/indicators/rule_set.hpp"
#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"
#include "gis/model/progress.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::plan {

// Read from the project's [relocate] section (same names); defaults documented here.
struct RelocateParams {
  // candidates
  double grid_cell_m = 250;           // grid cell when the project has no `sites` layer
  double sample_step_m = 50;          // lattice of exclusion tests inside a candidate
  double point_site_area_m2 = 30000;  // buildable area of a point site without capacity/area fields
  // exclusions (四避开 + terrain)
  double hazard_buffer_m = 200;       // around landslide, debris_flow and collapse zones (not flood)
  double hazard_point_radius_m = 200;  // a hazards layer of points (隐患点): each point taken as a zone of this radius
  double max_slope_deg = 25;
  double max_altitude_m = 2500;
  bool allow_no_dem = false;          // no DEM: proceed without slope/altitude rules (else an error)
  // capacity: 25 m²/person x 4 persons, plus 50 % for roads, squares, services
  double m2_per_person = 25;
  double persons_per_household = 4;
  double public_space_share = 0.5;
  // allocation
  int32_t max_sites = 0;              // K: at most K sites open; 0: as many as pay off
  bool single_source = false;         // keep each village together at one site
  bool exact = false;                 // CBC instead of the Lagrangian heuristic
  double time_limit_s = 60;
  double max_travel_km = 30;          // no household moves farther (network distance)
  double detour_factor = 1.4;         // straight line x this where the network does not reach
  double snap_max_m = 2000;           // a village or site joins the road network within this
  int32_t sites_per_village = 25;     // the solver sees the union of each village's nearest N sites (0: all)
  // costs (CNY)
  double cny_per_household_km = 20000;   // the household's lasting cost of living 1 km farther from its fields
  double fixed_cost_per_site = 2000000;  // opening a site (land, levelling, services)
  double road_cny_per_km = 1000000;      // extending a hardened road
  double water_cny_per_km = 300000;      // a safe water main
  double power_cny_per_km = 200000;      // a 10 kV line
  double broadband_cny_per_km = 50000;   // fibre / coverage
  double unknown_network_km = 5;         // extension length when a failing item has no measured distance
  // suitability (reported, 0..100): weights and the distance (km) that scores 0
  double weight_road = 3, weight_water = 3, weight_power = 2, weight_broadband = 1, weight_school = 1, weight_clinic = 1;
  double score_zero_km = 5;
  double weight_township = 1;          // nearness of the township seat (townships layer, seat_village -> village point)
  double weight_fields = 3;            // nearness of the origin villages' fields (fields_km, see above)
  double fields_zero_km = 5;           // fields_km that scores 0 (the standard's guidance: 3-5 km)
  // penalty per household left unplaced (K = 0 only: the plan then places whom it can)
  double unplaced_cny_per_household = 1e6;
  // [relocate.rules]: who moves besides relocate_households > 0
  //   small_village_max_households = 50, small_village_min_incidence = 0.5: a (natural) village of
  //     at most this many households whose poverty incidence (poor_households / households) is at
  //     least this moves whole (Guizhou 2016); 0 households: rule off (the default)
  //   hazard_kinds = ["landslide", "debris_flow"]: a village whose point lies in a hazards polygon
  //     of one of these kinds moves whole (the default list; [] turns the rule off)
  int32_t small_village_max_households = 0;
  double small_village_min_incidence = 0.5;
  std::vector<std::string> mover_hazard_kinds{"landslide", "debris_flow"};
  // Money outside its plausible range (data/costs/plausible.toml "relocate.<key>") that no unit slip
  // explains, naming file, line, key and value (tour 15 H1): the plan's first notes (console, relocation.html).
  std::vector<std::string> warnings_zh;

  [[nodiscard]] double area_per_household_m2() const { return m2_per_person * persons_per_household * (1 + public_space_share); }
};

// The [relocate] section of a project file (absent: defaults); unknown keys are an error, and
// so is any value out of its range (the ranges are in gis/relocate/params.cpp).
Result<RelocateParams> parse_relocate_params(const std::string& toml_text, const std::string& file);
// The parameters' warnings (RelocateParams::warnings_zh) as the plan's notes: one `cost_implausible` warning each,
// which `jiuyou relocate` prints first and `jiuyou validate` prints with the layers' issues.
std::vector<Issue> relocate_param_warnings(const RelocateParams& p);
// The ranges alone, for parameters changed after parsing (CLI options); `file` names the project
// (may be empty). Also: sample_step_m <= grid_cell_m, at most 40,000 samples per grid cell.
Result<void> validate_relocate_params(const RelocateParams& params, const std::string& file);

struct Mover {
  uint32_t village = 0;     // row of the villages layer
  std::string code, name;
  Vec2 point;
  int64_t households = 0;
  std::string reason;       // "relocate_households", "in landslide zone (hazards fid 3)", ...
  // The reason as data, for the Chinese report: households the table lists (0: none), the
  // hazard zone kind the village lies in ("" none), the small-village rule's incidence (NaN: not applied).
  int64_t listed_households = 0;
  std::string hazard_kind;
  double small_village_incidence = std::numeric_limits<double>::quiet_NaN();
  // With hazard_kind: the share of the village's polygon inside the listed hazard zones
  // (NaN for a point village: judged on its one point, to be verified in the field).
  double hazard_share = std::numeric_limits<double>::quiet_NaN();
};

enum class Exclusion : unsigned char { hazard, hazard_buffer, flood, ecological_redline, reserve, basic_farmland, slope, altitude, outside_dem };
const char* to_string(Exclusion e);     // "hazard", ...
const char* to_string_zh(Exclusion e);  // "地质灾害区", ...
inline constexpr int k_exclusion_kinds = 9;

struct ExcludedArea {
  uint32_t candidate = 0;   // grid cell or sites row
  std::string label;
  BBox cell;                // the candidate's extent (grid: the cell)
  int64_t source_fid = -1;  // sites layer fid, -1 for grid cells
  std::string reasons;      // "slope; basic_farmland", the reasons found on its samples
  std::string reasons_zh;
};

struct NetworkStatus {
  std::string item;         // rule item id: road, safe_water, power, broadband
  bool ok = false;
  double distance_m = -1;   // to the nearest qualifying feature (-1: not measured)
  double extend_km = 0;     // 0 when ok
  double extend_cny = 0;
};

struct Site {
  uint32_t candidate = 0;
  std::string label;        // "G123-45" for grid cells, the sites layer's name/fid otherwise
  int64_t source_fid = -1;
  Vec2 point;               // a buildable sample (never inside an exclusion)
  BBox extent;
  double buildable_m2 = 0;  // contiguous buildable area
  int64_t capacity = 0;     // households
  std::string partly_excluded;  // reasons found on some of its samples
  std::vector<BBox> footprint;  // the buildable cells it keeps (contiguous; their area is buildable_m2)
  std::vector<NetworkStatus> networks;  // 四网, rule order
  int net4_ok = 0;
  double extension_cny = 0;
  double school_km = -1, clinic_km = -1;  // straight line to the nearest; -1: no such facility
  double township_km = -1;  // straight line to the nearest township seat; -1: no townships layer
  double score = 0;         // suitability 0..100
  double fields_km = -1;    // household-weighted travel to the origin villages (assigned, or the catchment); -1: none
  double score_road = 0, score_water = 0, score_power = 0, score_broadband = 0, score_school = 0, score_clinic = 0, score_township = 0,
         score_fields = 0;
  double fixed_cny = 0;     // fixed + extension
  bool considered = false;  // among the sites the solver saw (the only ones with 四网 and scores)
  bool chosen = false;
  int64_t assigned = 0;     // households assigned
};

struct Flow {
  uint32_t mover = 0;       // index into movers
  uint32_t site = 0;        // index into sites
  int64_t households = 0;
  double distance_km = 0;
  bool by_network = false;  // false: straight line x detour factor
};

struct Unplaced {
  uint32_t mover = 0;
  int64_t households = 0;
  std::string reason;
};

struct RelocationPlan {
  CrsRef crs;
  RelocateParams params;
  std::vector<Mover> movers;
  std::vector<Site> sites;          // every candidate that kept buildable area (considered: seen by the solver)
  std::vector<ExcludedArea> excluded;  // candidates with no buildable area at all
  std::vector<Flow> flows;
  std::vector<Unplaced> unplaced;
  int64_t households = 0, placed = 0;
  int64_t candidates = 0;           // before exclusions
  std::array<int64_t, k_exclusion_kinds> samples_excluded{};  // by reason (a sample counts once per reason)
  // objective_cny = site_cny + travel_cny + unplaced_cny: the quantity the solver minimised, on the basis
  // of its lower bound (tour 11 K32: a bound with the penalty above a 比选总代价 without it)
  double objective_cny = 0, lower_bound_cny = 0, gap = 0;
  double travel_cny = 0, site_cny = 0;
  double unplaced_cny = 0;  // the penalty of the households the solver left unplaced (unplaced_cny_per_household each); 0 when all are placed
  std::string method;
  bool proven_optimal = false;
  bool stopped_by_time_limit = false;  // the solver's time limit ended the search: the best plan found, not proven
  double solve_seconds = 0;
  bool slope_used = true;
  IssueLog notes;                   // said once: "no DEM: slope and altitude not checked", ...
};

// Errors: a parameter out of range (ErrorCode::project, naming the key, before any
// work; also the candidates' samples over 20 million); no villages layer; no DEM
// without allow_no_dem; K larger than the candidates; with K, too little capacity
// for everyone (the message says how many households and from which villages); a
// solver failure. Findings (ErrorCode::finding, exit 1): nobody to move; no
// candidate left after the exclusions (the message says how many there were and why).
// Exact mode: the heuristic's plan first, then CBC from it within time_limit_s; when
// the limit stops CBC the plan is the best known (never worse than the heuristic's),
// stopped_by_time_limit is set and a note says it is not proven.
Result<RelocationPlan> plan_relocation(const Workspace& workspace, const indicators::RuleSet& rules, const RelocateParams& params,
                                       const ProgressFn& progress = {});

// Output tables in the plan's CRS: sites (points; the considered ones), excluded (cell polygons),
// flows (lines origin -> site), movers (points, with reasons), footprints (each considered
// site's buildable cells as one multipolygon).
struct RelocationLayers {
  FeatureTable sites, excluded, flows, movers, footprints;
};
RelocationLayers relocation_layers(const RelocationPlan& plan);

}  // namespace jiuyou::plan
