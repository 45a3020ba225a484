#pragma once
// The p-median problem on a FacilityInstance: open exactly p facilities and
// serve every client from its cheapest open one, minimising the sum of
// assignment costs plus the open facilities' fixed costs. Demands and
// capacities are ignored (cost(j, i) already is the cost of ALL of j's demand;
// the OR-Library pmed instances have demand 1 and no fixed costs).
//
// Heuristic: greedy construction, then the fast vertex-substitution (swap)
// local search of Whitaker (1983) as implemented by Resende & Werneck (2003)
// with incrementally updated gain/loss/extra tables, multi-start (randomised
// greedy) and iterated perturbation. Every solution comes with a Lagrangian
// lower bound (assignment constraints relaxed, subgradient optimisation).
#include <cstdint>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/progress.hpp"
#include "gis/plan/facility_instance.hpp"

namespace jiuyou::plan {

struct PMedianParams {
  int32_t p = 1;
  int32_t starts = 4;              // randomised-greedy starts (the first is plain greedy)
  int32_t perturbations = 60;      // iterated local search rounds after each start
  uint64_t seed = 1;
  double time_limit_s = 0.0;       // 0: no limit (the counts above bound the work)
  bool compute_bound = true;
  int32_t bound_iterations = 3000; // subgradient iterations at most
};

// Solves; the returned solution has open.size() == p, one allocation per
// client (share 1), objective evaluated exactly, and lower_bound set (0 when
// compute_bound is false). proven_optimal is true when the bound meets the
// objective (for integral costs: when ceil(bound) == objective).
Result<FacilitySolution> solve_pmedian(const FacilityInstance& inst, const PMedianParams& params,
                                       const ProgressFn& progress = {});

struct PMedianBound {
  double value = 0.0;               // valid lower bound
  std::vector<int32_t> open;        // the Lagrangian subproblem's facilities at the best multipliers
  int32_t iterations = 0;
};

// Lagrangian lower bound for the p-median with exactly p open facilities.
// upper_bound (a known solution's cost) steers the step size and lets the
// search stop early when the bound proves it optimal.
PMedianBound pmedian_lagrangian_bound(const FacilityInstance& inst, int32_t p, double upper_bound,
                                      int32_t max_iterations = 3000);

// Cost of opening exactly `open` (every client to its cheapest open facility;
// +infinity if some client has no allowed open facility).
double pmedian_cost(const FacilityInstance& inst, const std::vector<int32_t>& open);

}  // namespace jiuyou::plan
