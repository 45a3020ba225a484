#pragma once
// A general facility-location instance: n clients with demands, m candidate
// facilities with fixed costs and capacities, and the cost of serving each
// client's WHOLE demand from each allowed facility (dense or sparse). The
// p-median, capacitated (CFLP) and relocation planners all take this type.
//
// Conventions:
//   * cost(j, i) is the cost of serving all of client j's demand from i; a
//     split (multi-source) allocation of a share x pays x * cost(j, i);
//   * a pair missing from a sparse matrix is forbidden;
//   * capacity = +infinity means uncapacitated;
//   * every number is finite and >= 0 (except capacity, which may be +inf).
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::plan {

inline constexpr double k_unlimited = std::numeric_limits<double>::infinity();

struct CostEntry {
  int32_t client = 0;
  int32_t facility = 0;
  double cost = 0.0;
};

// Client-major sparse (CSR) cost matrix; each client's row is sorted by cost
// ascending (ties by facility id), which the solvers rely on for early exits.
class CostMatrix {
 public:
  CostMatrix() = default;
  // costs is client-major: costs[j * facilities + i].
  static Result<CostMatrix> dense(int32_t clients, int32_t facilities, const std::vector<double>& costs);
  // Entries in any order; a duplicate (client, facility) pair is an error.
  static Result<CostMatrix> sparse(int32_t clients, int32_t facilities, std::vector<CostEntry> entries);

  [[nodiscard]] int32_t num_clients() const { return m_clients; }
  [[nodiscard]] int32_t num_facilities() const { return m_facilities; }
  [[nodiscard]] int64_t num_entries() const { return static_cast<int64_t>(m_facility.size()); }
  [[nodiscard]] bool is_dense() const { return num_entries() == int64_t{m_clients} * m_facilities; }

  // Facilities allowed for client j, nearest (cheapest) first, and their costs.
  [[nodiscard]] std::span<const int32_t> facilities_of(int32_t client) const {
    return {m_facility.data() + m_offset[client], static_cast<size_t>(m_offset[client + 1] - m_offset[client])};
  }
  [[nodiscard]] std::span<const double> costs_of(int32_t client) const {
    return {m_cost.data() + m_offset[client], static_cast<size_t>(m_offset[client + 1] - m_offset[client])};
  }
  // cost(j, i), or +infinity when the pair is not allowed. O(1) for dense
  // matrices, O(log row) otherwise.
  [[nodiscard]] double cost(int32_t client, int32_t facility) const;

 private:
  int32_t m_clients = 0;
  int32_t m_facilities = 0;
  std::vector<int64_t> m_offset{0};
  std::vector<int32_t> m_facility;
  std::vector<double> m_cost;
  // Per row, the facility ids ascending with their costs, for cost(j, i) lookups.
  std::vector<int32_t> m_lookup_facility;
  std::vector<double> m_lookup_cost;
};

struct FacilityInstance {
  std::string name;
  std::vector<double> demand;      // per client (weights for the p-median)
  std::vector<double> fixed_cost;  // per facility
  std::vector<double> capacity;    // per facility, k_unlimited when uncapacitated
  CostMatrix cost;

  [[nodiscard]] int32_t num_clients() const { return cost.num_clients(); }
  [[nodiscard]] int32_t num_facilities() const { return cost.num_facilities(); }
  [[nodiscard]] double total_demand() const;
  [[nodiscard]] bool costs_integral() const;  // all costs and fixed costs are integers
};

// Checks sizes and values; every client needs at least one allowed facility.
Result<void> validate(const FacilityInstance& inst);

// One share of a client's demand served by one facility.
struct Allocation {
  int32_t client = 0;
  int32_t facility = 0;
  double share = 1.0;  // fraction of the client's demand, (0, 1]
};

struct FacilitySolution {
  std::vector<int32_t> open;            // facility ids ascending
  std::vector<Allocation> allocations;  // by client, then facility
  double fixed_cost = 0.0;
  double assignment_cost = 0.0;
  double objective = 0.0;               // fixed_cost + assignment_cost
  double lower_bound = 0.0;             // valid lower bound on the optimum
  bool proven_optimal = false;
  bool stopped_by_time_limit = false;   // the time limit ended the search before it was done (not proven)
  double seconds = 0.0;
  int64_t iterations = 0;               // solver-specific work count (local-search moves, B&B nodes)
  std::string method;                   // "fast-interchange", "lagrangian+local-search", "cbc", ...

  // (objective - lower_bound) / objective, 0 when objective is 0.
  [[nodiscard]] double gap() const;
  // The facility serving the largest share of each client (-1 when unserved).
  [[nodiscard]] std::vector<int32_t> primary_facility(int32_t clients) const;
};

// Recomputes fixed, assignment and total cost of `sol` from the instance.
// Fails when an allocation uses a forbidden pair or a closed facility.
Result<void> evaluate(const FacilityInstance& inst, FacilitySolution& sol);

// Largest capacity violation (allocated demand minus capacity, >= 0) and
// largest deviation of a client's total share from 1; for tests and asserts.
struct Feasibility {
  double max_capacity_excess = 0.0;
  double max_share_error = 0.0;
};
Feasibility check_feasibility(const FacilityInstance& inst, const FacilitySolution& sol);

}  // namespace jiuyou::plan
