#pragma once
// The CFLP solvers' shared parts; not part of the public API. Each lives in its own file:
//   cflp_transport.cpp       multi-source allocation of an open set (min-cost flow)
//   cflp_single_source.cpp   single-source allocation of an open set (greedy + shifts and swaps)
//   cflp_sets.cpp            the cost of an open set (cached), the facility-major cost columns
//   cflp_nearest_search.cpp  add / drop / swap search with nearest allocation
//   cflp_lagrangian.cpp      the Lagrangian relaxation and bound
//   cflp_heuristic.cpp       solve_cflp_heuristic over the parts above
//   cflp_mip.cpp             solve_cflp_exact (CBC)
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gis/plan/cflp.hpp"

namespace jiuyou::plan::detail {

// An allocation of all clients to a fixed open set.
struct Transport {
  bool feasible = false;
  double cost = 0.0;  // allocation cost only
  std::vector<Allocation> allocations;
};

// Min-cost-flow transportation: clients (supply = demand) -> open facilities
// (capacity) -> one sink. Flows are integers of demand units times `scale`.
Transport transport(const FacilityInstance& inst, const std::vector<int32_t>& open, double scale, bool want_allocations);
// Single source: regret-ordered greedy, then shift and swap improvements.
Transport single_source(const FacilityInstance& inst, const std::vector<int32_t>& open, bool want_allocations);
// Demand units per flow unit: 1 when demands and capacities are integers, else 1000.
double flow_scale(const FacilityInstance& inst);

struct SetHash {
  size_t operator()(const std::vector<int32_t>& v) const {
    uint64_t h = 1469598103934665603ULL;
    for (int32_t x : v) h = (h ^ static_cast<uint32_t>(x)) * 1099511628211ULL;
    return static_cast<size_t>(h);
  }
};

// Total cost (fixed + allocation) of an open set, +inf when it cannot serve everyone.
class SetEvaluator {
 public:
  SetEvaluator(const FacilityInstance& inst, bool single);
  double operator()(std::vector<int32_t> open);
  [[nodiscard]] int64_t evaluations() const { return m_evaluations; }

 private:
  const FacilityInstance& m_inst;
  bool m_single;
  double m_scale;
  std::vector<char> m_open;
  std::vector<double> m_load;
  std::unordered_map<std::vector<int32_t>, double, SetHash> m_cache;
  int64_t m_evaluations = 0;
};

// Facility-major copy of the cost matrix: for each facility, its (client, cost).
struct Columns {
  std::vector<int64_t> offset;
  std::vector<int32_t> client;
  std::vector<double> cost;
};
Columns columns_of(const FacilityInstance& inst);

// A facility set and its cost (+inf with an empty set: no feasible result).
using SetAndCost = std::pair<double, std::vector<int32_t>>;

// Local search over open sets where every client is served by its cheapest open facility
// (capacities only as a feasibility check): add, drop and swap with exact gains. An empty set
// when the start's nearest allocation breaks a capacity and cannot be repaired.
SetAndCost nearest_search(const FacilityInstance& inst, const Columns& col, int32_t max_open, const std::vector<int32_t>& start,
                          const std::function<bool()>& out_of_time);
// Where capacities bind: the same moves ranked by their uncapacitated gains, the best few
// costed by `exact` (a min-cost flow per set); the first that truly improves is taken.
SetAndCost nearest_search_verified(const FacilityInstance& inst, const Columns& col, int32_t max_open, const std::vector<int32_t>& start,
                                   const std::function<double(const std::vector<int32_t>&)>& exact,
                                   const std::function<bool()>& out_of_time);

struct LagrangianRun {
  CflpBound bound;
  std::vector<double> rho;  // per-facility Lagrangian costs at the last iteration
};

// Subgradient optimisation of the CFLP Lagrangian (demand constraints
// relaxed). on_set, when given, is called with each iteration's facility set
// and returns its cost (+inf when infeasible), which tightens the step size.
LagrangianRun cflp_lagrangian(const FacilityInstance& inst, const CflpParams& params, double upper_bound,
                              const std::function<double(const std::vector<int32_t>&)>& on_set);

}  // namespace jiuyou::plan::detail
