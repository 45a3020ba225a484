#pragma once
// Paired assistance (山海协作 / 对口帮扶 / 结对帮扶): units that help (developed
// coastal counties, townships) and units that are helped (poor mountain
// counties, key townships), the pairs already in place, the parameters of the
// planner, and the plan it returns.
//
// Positions are lon/lat degrees on CGCS2000/WGS84 (distances on the
// ellipsoid) or metric x/y (planar distances), as PairProblem::geographic says.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gis/model/crs_ref.hpp"
#include "gis/model/geometry.hpp"

namespace jiuyou::pair {

enum class Role : unsigned char { helper, helped };
const char* to_string(Role r);

struct Unit {
  std::string code;  // 行政区划代码 (6-digit county, 9-digit township, 12-digit village) or any unique key
  std::string name;
  Role role = Role::helper;
  Vec2 position;     // lon/lat degrees or metric x/y
  // Figures are NaN when not given (a given 0 is a real zero).
  // Capacity (helpers). max_partners < 0: not given (the params' default applies).
  double funds_cny_per_year = std::numeric_limits<double>::quiet_NaN();
  int max_partners = -1;
  double jobs = std::numeric_limits<double>::quiet_NaN();
  // Need (helped units).
  double poor_population = std::numeric_limits<double>::quiet_NaN();
  double gap_cost_cny = std::numeric_limits<double>::quiet_NaN();          // infrastructure gap cost from the village check
  double income_shortfall_cny = std::numeric_limits<double>::quiet_NaN();  // collective-income shortfall
  double need_cny_per_year = std::numeric_limits<double>::quiet_NaN();     // funds wanted per year (funds mode)
  // What the unit was chosen by, where the problem was derived from villages (key townships): residents, and the
  // income per head of a helper. NaN when not known.
  double population = std::numeric_limits<double>::quiet_NaN();
  double income_per_capita_cny = std::numeric_limits<double>::quiet_NaN();
  bool funds_estimated = false;     // funds_cny_per_year is an estimate (see PairProblem::basis_zh), not a stated figure
  int64_t row = -1;                 // source row (FID or 1-based data line), for messages
};

struct ExistingPair {
  std::string helper_code;
  std::string helped_code;
  std::string helper_name;  // as the table writes them (a names-only table is matched to codes by them)
  std::string helped_name;
  int year = 0;
  double funds_cny_per_year = std::numeric_limits<double>::quiet_NaN();  // NaN: not known
  std::string note;
  int64_t row = -1;  // 1-based data row of the pairs table (header not counted)
};

// one_to_one: assignment (a helper takes one helped unit, each helped unit one helper).
// capacitated: flow of partners (a helper takes up to max_partners, a helped unit wants partners_per_helped).
// funds: flow of money (a helper gives up to its funds_cny_per_year, a helped unit receives up to its need),
//        in whole funds_unit_cny; the partner counts do not bound this mode.
enum class PairMode : unsigned char { one_to_one, capacitated, funds };
const char* to_string(PairMode m);

// The [pair] section of a project file; every field has the default written here.
struct PairParams {
  PairMode mode = PairMode::capacitated;
  bool replan = false;                 // existing pairs are re-planned instead of kept fixed
  double distance_weight = 1.0;        // cost per km of distance between the two units
  double mismatch_weight = 100.0;      // cost per unit of need/capacity mismatch (see planner.hpp)
  double unmet_penalty = 5000.0;       // cost of one missing partner of an average-need helped unit (km-equivalent)
  int candidates = 50;                 // k nearest helpers per helped unit considered (0: all)
  double max_distance_km = 0;          // no link longer than this (0: no limit)
  int partners_per_helped = 1;         // helpers each helped unit should get (capacitated mode)
  int default_max_partners = 1;        // for helpers whose max_partners is not given
  double funds_unit_cny = 10000.0;     // funds mode: the unit of flow (¥10,000 = 1 万元); amounts are whole units
};

struct PairProblem {
  std::vector<Unit> units;
  std::vector<ExistingPair> existing;
  bool geographic = true;  // positions are lon/lat (geodesic distance) or metric x/y (planar)
  CrsRef crs = CrsRef::epsg(4490);  // the CRS of the positions (EPSG:4490 when geographic)
  std::string source;      // file the units came from, for messages
  std::string pairs_source;  // file the existing pairs came from
  std::string area_name;     // the county or province the units belong to, for titles ("" when not known)
  // How the units, their funds and their needs were derived, in plain Chinese, one sentence each (shown on the
  // page and in the workbook); empty when every figure was given.
  std::vector<std::string> basis_zh;
  std::vector<std::string> warnings_zh;  // of basis_zh, the sentences that may change the plan (a unit read against its header): the console prints them
};

enum class LinkStatus : unsigned char {
  existing,   // an existing pair, kept
  suggested,  // a new pair proposed by the optimiser
  dropped,    // an existing pair the re-plan (replan = true) does not keep
};
const char* to_string(LinkStatus s);

struct Link {
  uint32_t helper = 0;  // index into PairProblem::units
  uint32_t helped = 0;
  LinkStatus status = LinkStatus::suggested;
  double distance_m = 0;
  double funds_cny_per_year = std::numeric_limits<double>::quiet_NaN();  // partner modes: the pair's known figure, or the
                                                                        // helper's funds split among its partners (NaN:
                                                                        // unknown); funds mode: the amount the plan sends
  // Cost parts in cost units (1 unit = 1 m of distance at distance_weight 1 per km / 1000). Partner modes: the
  // link's cost; funds mode: the cost per funds unit times the units the link carries.
  int64_t cost_distance = 0;
  int64_t cost_mismatch = 0;
  [[nodiscard]] int64_t cost_total() const { return cost_distance + cost_mismatch; }
  int64_t existing_row = -1;  // the pairs-table row when the pair exists
};

// Why a helped unit is short, as data (the reports phrase it in Chinese).
enum class LeftOutCause : unsigned char {
  no_helper_in_reach,  // no helper with spare capacity within max_distance_km (or none left after the fixed pairs)
  helpers_full,        // every candidate helper is taken/spent; candidate_helper: the nearest
  too_costly,          // a free candidate costs more than the unmet penalty; candidate_helper: the cheapest
};

struct LeftOut {
  uint32_t helped = 0;  // index into PairProblem::units
  int partners_missing = 0;      // partner modes
  double funds_missing_cny = 0;  // funds mode: the part of the need no helper covers (per year)
  std::string reason;
  LeftOutCause cause = LeftOutCause::no_helper_in_reach;
  int64_t candidate_helper = -1;  // index into PairProblem::units, -1: none
  double candidate_km = std::numeric_limits<double>::quiet_NaN();
  int candidates = 0;             // candidate helpers within reach
};

struct PairPlan {
  std::vector<Link> links;        // existing first (input order), then suggested (helped, helper order), then dropped
  std::vector<LeftOut> left_out;  // helped units short of partners, with why
  int64_t total_cost = 0;         // links (existing and suggested) + penalties of left-out partners, cost units
  int64_t optimised_cost = 0;     // the part the solver minimised (suggested links + penalties)
  std::string solver;             // "Jonker-Volgenant assignment" / "LEMON NetworkSimplex"
  std::string summary;            // one paragraph: counts, capacity vs demand, what is short
  // Funds mode: per unit, the funds a helped unit needs per year as planned (given or derived, see planner.hpp);
  // empty in the partner modes.
  std::vector<double> funds_need_cny;
  // What the summary counts, as data: helpers' capacity and helped units' demand in partners
  // (funds mode: in funds_unit_cny), and the funds the plan moves (funds mode, same unit).
  int64_t capacity_total = 0, demand_total = 0, moved_total = 0;
  // Funds mode, in 元: what the helpers can send and the helped units need as planned — a kept pair's stated money
  // as stated, the rest in whole funds units — so that the headline adds up with the pairs (tour 12 L21).
  double capacity_cny = 0, demand_cny = 0;
};

// Cost units per km at weight 1 (costs are integers so that solvers are exact).
inline constexpr double cost_units_per_km = 1000.0;

}  // namespace jiuyou::pair
