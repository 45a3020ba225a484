#pragma once
// The pairing planner: checks the units and the existing pairs, then assigns
// helpers to helped units at least cost.
//
// Cost of a link helper h -> helped r, in integer cost units (1000 per km at
// distance_weight 1):
//
//   cost_distance = distance_weight × distance_m            (km × 1000)
//   cost_mismatch = mismatch_weight × |s_h − n_r| × 1000
//
// s_h, the helper's strength, is the mean of its figures per partner (funds
// per year / max_partners, jobs / max_partners), each divided by its mean over
// the helpers that give it; n_r, the helped unit's need, is the mean of
// poor_population, gap_cost_cny and income_shortfall_cny, each divided by its
// mean over the helped units that give it. A unit without any figure counts
// as average (1). When either side has no figures at all, the mismatch term is
// 0: there is nothing to match. So a strong helper (large funds per partner)
// goes to a needy unit, a modest one to a modest need, distance permitting.
//
// A helped unit left short of partners costs unmet_penalty × 1000 × n_r per
// missing partner (n_r as above: a needier unit is costlier to leave out). Existing pairs are kept (their helpers' capacity is used first)
// unless params.replan; then they are inputs the plan is compared with.
//
// Modes:
// - one_to_one: each helper takes at most one helped unit, each helped unit
//   gets one helper. Exact dense assignment (Jonker–Volgenant) over all
//   pairs; above 2000 units a side, min-cost flow over the k nearest.
// - capacitated: helpers take up to max_partners (default
//   params.default_max_partners), helped units want partners_per_helped.
//   Exact min-cost flow (LEMON NetworkSimplex) over each helped unit's
//   params.candidates nearest helpers (all when 0).
// - funds: the flow is money in whole params.funds_unit_cny: a helper sends
//   at most its funds_cny_per_year (required, rounded down to whole units), a
//   helped unit receives at most its need (funds_needs, rounded up to whole
//   units: a need of 10.73 万元 is met by 11 万元), each unit sent costs the link's cost above, each
//   unit of need left uncovered costs the unit's penalty. Fixed pairs' known
//   funds are taken off both sides first, and a fixed pair may carry more.
//   Partner counts do not bound this mode (a basic optimum has at most
//   helpers + helped - 1 links). Same solver, same candidates.
#include <cstdint>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/pair/pair_model.hpp"
#include "gis/pair/transport.hpp"

namespace jiuyou::pair {

// The checks plan_pairs runs first: codes present and unique, positions
// finite, figures not negative, helpers with capacity, existing pairs naming
// known codes of the right roles, no pair listed twice, and (unless
// params.replan) fixed pairs within each unit's capacity. Errors name the
// file and the row (Error::feature) and say what is short.
Result<void> validate_problem(const PairProblem& problem, const PairParams& params);

// The plan: links (existing, suggested, dropped), units left out with why,
// costs and a summary. Deterministic for the same input.
Result<PairPlan> plan_pairs(const PairProblem& problem, const PairParams& params);

// Distance between two units (geodesic on the ellipsoid or planar), metres.
double unit_distance_m(const PairProblem& problem, uint32_t a, uint32_t b);

// The capacity (helpers) or need (helped) index per unit as described above;
// all 1 for a side without figures. Index by unit.
std::vector<double> strength_indices(const PairProblem& problem, const PairParams& params);
// Whether the mismatch term applies (both sides have at least one figure).
bool has_mismatch_term(const PairProblem& problem);

// Funds mode: per unit, the funds a helped unit needs per year (NaN for helpers): need_cny_per_year when
// given, else income_shortfall_cny + gap_cost_cny when either is given, else the mean of the stated needs ×
// the unit's need index, or, when no helped unit states a need, the helpers' funds in whole units shared by
// need index (largest remainders first), so that these shares add up to what the helpers can give; no share below
// what a kept existing pair already states for the unit (the rest shared among the others).
std::vector<double> funds_needs(const PairProblem& problem, const PairParams& params);

// Partners a helper can take under these params (1 in one-to-one mode).
int helper_capacity(const Unit& unit, const PairParams& params);

// The flow model plan_pairs solves for the suggestions, with the map back to
// units (for tests and benchmarks: solve it with another solver and compare).
struct PairFlowModel {
  TransportProblem problem;
  std::vector<uint32_t> helper_units;  // source index -> unit index
  std::vector<uint32_t> helped_units;  // sink index -> unit index
  std::vector<int64_t> arc_cost_distance;  // per arc, the distance part of its cost
};
Result<PairFlowModel> build_flow_model(const PairProblem& problem, const PairParams& params);

// For each query point, the indices of its k nearest sites (planar distance,
// ascending, ties by index); k == 0 or k >= sites: all sites, by distance.
// A uniform grid: about O((n + m) k) for well-spread points.
std::vector<std::vector<uint32_t>> k_nearest(const std::vector<Vec2>& sites, const std::vector<Vec2>& queries, size_t k);

}  // namespace jiuyou::pair
