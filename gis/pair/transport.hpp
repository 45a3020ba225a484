#pragma once
// Capacitated transportation with unmet demand, solved exactly as a min-cost
// flow with LEMON's NetworkSimplex:
//
//   S --(supply[h], 0)--> helper h --(arc capacity, arc cost)--> helped r
//   S --(demand[r], shortage_cost[r])--> helped r          (unmet demand)
//   S supplies sum(demand); helped r demands demand[r].
//
// Always feasible: whatever the helpers cannot cover goes through the
// penalised shortage arcs, and the solution says how much each sink missed.
#include <cstdint>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::pair {

struct TransportArc {
  uint32_t from = 0;  // source (helper) index
  uint32_t to = 0;    // sink (helped) index
  int64_t cost = 0;
  int64_t capacity = 1;
};

struct TransportProblem {
  std::vector<int64_t> supply;         // per source: the most it can send (>= 0)
  std::vector<int64_t> demand;         // per sink: what it wants (>= 0)
  std::vector<int64_t> shortage_cost;  // per sink: cost per unit of unmet demand
  std::vector<TransportArc> arcs;
};

struct TransportSolution {
  std::vector<int64_t> flow;   // per arc
  std::vector<int64_t> unmet;  // per sink
  int64_t cost = 0;            // arcs + shortages
};

// Checks sizes and signs (ErrorCode::internal / input), then solves.
Result<TransportSolution> solve_transport(const TransportProblem& problem);

// The same problem as a linear program solved by GLPK's simplex (a peer for
// tests and benchmarks; transportation LPs have integral optima, so the
// objective must equal solve_transport's). time_limit_s <= 0: no limit;
// a run that hits the limit returns ErrorCode::solver.
Result<TransportSolution> solve_transport_glpk(const TransportProblem& problem, double time_limit_s = 0);

// Dense n×n assignment (row-major costs) as a GLPK LP; returns the optimum.
Result<int64_t> assignment_cost_glpk(const std::vector<int64_t>& cost, size_t n);

}  // namespace jiuyou::pair
