#include "gis/plan/facility_instance.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace jiuyou::plan {

namespace {

bool finite_nonneg(double v) { return std::isfinite(v) && v >= 0.0; }

}  // namespace

Result<CostMatrix> CostMatrix::dense(int32_t clients, int32_t facilities, const std::vector<double>& costs) {
  if (clients < 0 || facilities < 0)
    return error(ErrorCode::input, "cost matrix: negative size");
  if (costs.size() != static_cast<size_t>(clients) * static_cast<size_t>(facilities))
    return error(ErrorCode::input, "cost matrix: expected " + std::to_string(int64_t{clients} * facilities) +
                                       " costs, got " + std::to_string(costs.size()));
  std::vector<CostEntry> entries;
  entries.reserve(costs.size());
  for (int32_t j = 0; j < clients; ++j)
    for (int32_t i = 0; i < facilities; ++i)
      entries.push_back({j, i, costs[static_cast<size_t>(j) * facilities + i]});
  return sparse(clients, facilities, std::move(entries));
}

Result<CostMatrix> CostMatrix::sparse(int32_t clients, int32_t facilities, std::vector<CostEntry> entries) {
  if (clients < 0 || facilities < 0)
    return error(ErrorCode::input, "cost matrix: negative size");
  for (const auto& e : entries) {
    if (e.client < 0 || e.client >= clients || e.facility < 0 || e.facility >= facilities)
      return error(ErrorCode::input, "cost matrix: entry (client " + std::to_string(e.client) + ", facility " +
                                         std::to_string(e.facility) + ") out of range");
    if (!finite_nonneg(e.cost))
      return error(ErrorCode::input, "cost matrix: cost of client " + std::to_string(e.client) + " at facility " +
                                         std::to_string(e.facility) + " is not a finite number >= 0");
  }
  CostMatrix m;
  m.m_clients = clients;
  m.m_facilities = facilities;
  // Lookup order first (client, facility), to find duplicates.
  std::sort(entries.begin(), entries.end(), [](const CostEntry& a, const CostEntry& b) {
    return a.client != b.client ? a.client < b.client : a.facility < b.facility;
  });
  for (size_t k = 1; k < entries.size(); ++k)
    if (entries[k].client == entries[k - 1].client && entries[k].facility == entries[k - 1].facility)
      return error(ErrorCode::input, "cost matrix: duplicate entry for client " + std::to_string(entries[k].client) +
                                         " and facility " + std::to_string(entries[k].facility));
  m.m_offset.assign(static_cast<size_t>(clients) + 1, 0);
  for (const auto& e : entries) ++m.m_offset[static_cast<size_t>(e.client) + 1];
  std::partial_sum(m.m_offset.begin(), m.m_offset.end(), m.m_offset.begin());
  m.m_lookup_facility.resize(entries.size());
  m.m_lookup_cost.resize(entries.size());
  for (size_t k = 0; k < entries.size(); ++k) {
    m.m_lookup_facility[k] = entries[k].facility;
    m.m_lookup_cost[k] = entries[k].cost;
  }
  // Search order: by cost within each row.
  for (int32_t j = 0; j < clients; ++j) {
    auto first = entries.begin() + m.m_offset[j];
    auto last = entries.begin() + m.m_offset[j + 1];
    std::stable_sort(first, last, [](const CostEntry& a, const CostEntry& b) { return a.cost < b.cost; });
  }
  m.m_facility.resize(entries.size());
  m.m_cost.resize(entries.size());
  for (size_t k = 0; k < entries.size(); ++k) {
    m.m_facility[k] = entries[k].facility;
    m.m_cost[k] = entries[k].cost;
  }
  return m;
}

double CostMatrix::cost(int32_t client, int32_t facility) const {
  const int64_t b = m_offset[client];
  const int64_t e = m_offset[client + 1];
  if (e - b == m_facilities) return m_lookup_cost[b + facility];
  const auto* first = m_lookup_facility.data() + b;
  const auto* last = m_lookup_facility.data() + e;
  const auto* it = std::lower_bound(first, last, facility);
  if (it == last || *it != facility) return std::numeric_limits<double>::infinity();
  return m_lookup_cost[static_cast<size_t>(it - m_lookup_facility.data())];
}

double FacilityInstance::total_demand() const { return std::accumulate(demand.begin(), demand.end(), 0.0); }

bool FacilityInstance::costs_integral() const {
  for (int32_t j = 0; j < num_clients(); ++j)
    for (double c : cost.costs_of(j))
      if (c != std::floor(c)) return false;
  for (double f : fixed_cost)
    if (f != std::floor(f)) return false;
  return true;
}

Result<void> validate(const FacilityInstance& inst) {
  const auto n = static_cast<size_t>(inst.num_clients());
  const auto m = static_cast<size_t>(inst.num_facilities());
  if (inst.demand.size() != n)
    return error(ErrorCode::input, "instance: " + std::to_string(inst.demand.size()) + " demands for " +
                                       std::to_string(n) + " clients");
  if (inst.fixed_cost.size() != m || inst.capacity.size() != m)
    return error(ErrorCode::input, "instance: fixed costs and capacities must have one value per facility (" +
                                       std::to_string(m) + ")");
  for (size_t j = 0; j < n; ++j) {
    if (!finite_nonneg(inst.demand[j]))
      return error(ErrorCode::input, "instance: demand of client " + std::to_string(j) + " is not a finite number >= 0");
    if (inst.cost.facilities_of(static_cast<int32_t>(j)).empty())
      return error(ErrorCode::input, "instance: client " + std::to_string(j) + " has no allowed facility")
          .hint("give every client at least one candidate facility (raise the distance limit)");
  }
  for (size_t i = 0; i < m; ++i) {
    if (!finite_nonneg(inst.fixed_cost[i]))
      return error(ErrorCode::input, "instance: fixed cost of facility " + std::to_string(i) +
                                         " is not a finite number >= 0");
    if (std::isnan(inst.capacity[i]) || inst.capacity[i] < 0.0)
      return error(ErrorCode::input, "instance: capacity of facility " + std::to_string(i) + " is not a number >= 0");
  }
  return {};
}

double FacilitySolution::gap() const {
  if (objective <= 0.0) return 0.0;
  return std::max(0.0, (objective - lower_bound) / objective);
}

std::vector<int32_t> FacilitySolution::primary_facility(int32_t clients) const {
  std::vector<int32_t> out(static_cast<size_t>(clients), -1);
  std::vector<double> best(static_cast<size_t>(clients), 0.0);
  for (const auto& a : allocations) {
    if (a.client < 0 || a.client >= clients) continue;
    if (a.share > best[a.client]) {
      best[a.client] = a.share;
      out[a.client] = a.facility;
    }
  }
  return out;
}

Result<void> evaluate(const FacilityInstance& inst, FacilitySolution& sol) {
  std::vector<char> is_open(static_cast<size_t>(inst.num_facilities()), 0);
  double fixed = 0.0;
  for (int32_t i : sol.open) {
    if (i < 0 || i >= inst.num_facilities())
      return error(ErrorCode::internal, "solution opens unknown facility " + std::to_string(i));
    is_open[i] = 1;
    fixed += inst.fixed_cost[i];
  }
  double assign = 0.0;
  for (const auto& a : sol.allocations) {
    if (a.client < 0 || a.client >= inst.num_clients() || a.facility < 0 || a.facility >= inst.num_facilities())
      return error(ErrorCode::internal, "solution allocation out of range");
    if (!is_open[a.facility])
      return error(ErrorCode::internal, "solution serves client " + std::to_string(a.client) +
                                            " from closed facility " + std::to_string(a.facility));
    const double c = inst.cost.cost(a.client, a.facility);
    if (!std::isfinite(c))
      return error(ErrorCode::internal, "solution uses forbidden pair (client " + std::to_string(a.client) +
                                            ", facility " + std::to_string(a.facility) + ")");
    assign += a.share * c;
  }
  sol.fixed_cost = fixed;
  sol.assignment_cost = assign;
  sol.objective = fixed + assign;
  return {};
}

Feasibility check_feasibility(const FacilityInstance& inst, const FacilitySolution& sol) {
  Feasibility f;
  std::vector<double> load(static_cast<size_t>(inst.num_facilities()), 0.0);
  std::vector<double> share(static_cast<size_t>(inst.num_clients()), 0.0);
  for (const auto& a : sol.allocations) {
    load[a.facility] += a.share * inst.demand[a.client];
    share[a.client] += a.share;
  }
  for (int32_t i = 0; i < inst.num_facilities(); ++i)
    f.max_capacity_excess = std::max(f.max_capacity_excess, load[i] - inst.capacity[i]);
  for (int32_t j = 0; j < inst.num_clients(); ++j)
    f.max_share_error = std::max(f.max_share_error, std::abs(share[j] - 1.0));
  return f;
}

}  // namespace jiuyou::plan
