#pragma once
// Shared between the CFLP heuristic and exact mode; not part of the public API.
#include <functional>
#include <vector>

#include "gis/plan/cflp.hpp"

namespace jiuyou::plan::detail {

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
