#pragma once
// Capacitated facility location (CFLP) on a FacilityInstance: open facilities
// (paying their fixed costs) and serve every client's demand from open ones
// within their capacities, minimising fixed plus allocation cost.
//
//   multi-source (default): a client's demand may be split; a share x of
//                 client j served by i costs x * cost(j, i)   (OR-Library cap)
//   single-source: each client is served wholly by one facility (a village
//                 kept together)
//   max_open = K: at most K facilities open (0: no limit)
//
// Three entry points, all pure and deterministic for a seed:
//   solve_cflp_heuristic  Lagrangian relaxation (demand constraints relaxed,
//                         subgradient started from a dual ascent of the
//                         uncapacitated relaxation) whose subproblem sets seed
//                         (1) a nearest-allocation add / drop / swap search
//                         with exact gains (swap-ins near the dropped
//                         facility's clients), or, where capacities bind on
//                         large instances, the same moves ranked by those
//                         gains and costed exactly; (2) on small instances a
//                         set-by-set search. Sets are costed exactly: in one
//                         pass when every client fits at its cheapest open
//                         facility, else by a min-cost-flow transportation
//                         problem (LEMON, integer costs; multi-source) or a
//                         regret-greedy plus shift/swap assignment
//                         (single-source). Reports the Lagrangian lower bound
//                         and the gap.
//   solve_cflp_exact      the MIP (strong linking x_ij <= y_i, aggregate
//                         capacity cut) solved by CBC, warm-started with the
//                         heuristic; the bound is CBC's best possible.
//   cflp_lagrangian_bound the bound alone.
#include <cstdint>
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/progress.hpp"
#include "gis/plan/facility_instance.hpp"

namespace jiuyou::plan {

struct CflpParams {
  bool single_source = false;
  int32_t max_open = 0;                // at most K open facilities; 0: no limit
  uint64_t seed = 1;
  double time_limit_s = 0.0;           // 0: no limit (exact mode: CBC's limit; the best found is returned)
  int32_t lagrangian_iterations = 400; // subgradient iterations at most
  int32_t local_search_starts = 2;     // distinct good sets from the relaxation to improve
  int32_t candidate_limit = 24;        // local search adds/swaps in only this many closed facilities, the
                                       // most attractive by Lagrangian cost (0: all)
  double mip_relative_gap = 1e-9;      // exact mode: CBC stops within this relative gap
  int32_t mip_log_level = 0;           // exact mode: CBC's and Clp's log level (0: silent; 1: progress on stdout)
  bool mip_warm_start = true;          // exact mode: start CBC from the heuristic's solution (false: CBC alone, for benchmarks)
};

// Heuristic solution with a Lagrangian lower bound (FacilitySolution::lower_bound).
Result<FacilitySolution> solve_cflp_heuristic(const FacilityInstance& inst, const CflpParams& params,
                                              const ProgressFn& progress = {});

// One improving solution CBC found (or was handed): when, in wall-clock and
// process CPU seconds from the start of solve_cflp_exact, and its objective.
struct CflpIncumbent {
  double seconds = 0;
  double cpu_seconds = 0;
  double objective = 0;
};

// What the exact mode did, for benchmarks and logs. Times are wall-clock
// seconds from the start of solve_cflp_exact.
struct CflpMipReport {
  std::string status;               // "optimal", "time limit in the root LP", "time limit in the search", "infeasible", ...
  double warm_seconds = 0;          // the heuristic warm start (0 without one)
  double build_seconds = 0;         // the model handed to Clp/CBC
  double root_lp_seconds = 0;       // the LP relaxation, solved by Clp before CBC starts
  bool root_lp_solved = false;      // solved to optimality within the limit (then root_lp_value is a valid bound)
  double root_lp_value = 0;
  bool has_bound = false;           // bound is valid: the root LP's value, CBC's best possible during the
  double bound = 0;                 //   tree search, or the optimum once proven (never CBC's value before its root)
  bool has_incumbent = false;       // CBC's own best solution (the warm start counts when given)
  double incumbent = 0;
  double incumbent_seconds = 0;     // when CBC found (or was handed) it
  std::vector<CflpIncumbent> incumbents;  // each improving solution, in order
  int64_t nodes = 0;
  double seconds = 0;               // the whole call
  double cpu_seconds = 0;           // the whole call, process CPU time (all threads)
};

// Exact solution by CBC. proven_optimal is false when the time limit stopped
// it; the solution is then CBC's best (or the warm start) and lower_bound the
// best valid bound known (the warm start's Lagrangian bound at least). The
// time limit is wall clock and holds for every phase: the root LP runs under
// Clp's own limit, CBC under its limit plus an event handler that stops it at
// the next node or solution once the time is up. CBC's preprocessing and its
// first root pass cannot be interrupted, so a call may end a few seconds
// late (at 265k rows: 8.6 s for a 6 s limit, 61.4 s for 60 s). Without a
// warm start and without a CBC solution within the limit, an error (report
// still filled).
Result<FacilitySolution> solve_cflp_exact(const FacilityInstance& inst, const CflpParams& params,
                                          const ProgressFn& progress = {}, CflpMipReport* report = nullptr);

// The same from a known solution of `inst` (a heuristic run the caller already has) instead of
// a warm start of its own, with the whole time limit for CBC: the result is never worse than
// `warm`. When the limit stops CBC first, the solution is the best known (`warm` or CBC's),
// proven_optimal false and stopped_by_time_limit true.
Result<FacilitySolution> solve_cflp_exact_from(const FacilityInstance& inst, const FacilitySolution& warm, const CflpParams& params,
                                               const ProgressFn& progress = {}, CflpMipReport* report = nullptr);

struct CflpBound {
  double value = 0.0;               // valid lower bound (for both single- and multi-source)
  std::vector<double> multipliers;  // per client, at the best bound
  int32_t iterations = 0;
};

// Lagrangian bound alone (upper_bound steers the step size; +inf is allowed).
CflpBound cflp_lagrangian_bound(const FacilityInstance& inst, const CflpParams& params, double upper_bound);

// The best allocation for a fixed set of open facilities: an exact
// transportation problem (multi-source) or a heuristic one (single-source).
// Fails with ErrorCode::solver when the open set cannot serve everyone.
Result<FacilitySolution> allocate_to_open(const FacilityInstance& inst, std::vector<int32_t> open,
                                          bool single_source);

}  // namespace jiuyou::plan
