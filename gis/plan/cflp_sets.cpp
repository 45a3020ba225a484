// Costing open sets (with a cache) and the facility-major copy of the costs.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <vector>

#include "gis/plan/cflp_internal.hpp"
#include "gis/plan/tolerance.hpp"

namespace jiuyou::plan::detail {

namespace {

// Each client served wholly by its cheapest open facility: when no open facility's capacity is
// exceeded this is the optimal allocation for the set (single- or multi-source: every client pays
// its own minimum), found in one pass over the rows instead of a min-cost flow. Returns the
// allocation cost, +inf when some client has no open facility, NaN when a capacity is exceeded.
double nearest_allocation_cost(const FacilityInstance& inst, const std::vector<char>& is_open, std::vector<double>& load,
                               const std::vector<int32_t>& open) {
  for (int32_t i : open) load[i] = 0.0;
  double cost = 0.0;
  for (int32_t j = 0; j < inst.num_clients(); ++j) {
    const auto fac = inst.cost.facilities_of(j);
    size_t e = 0;
    while (e < fac.size() && !is_open[fac[e]]) ++e;
    if (e == fac.size()) return std::numeric_limits<double>::infinity();
    cost += inst.cost.costs_of(j)[e];
    load[fac[e]] += inst.demand[j];
  }
  for (int32_t i : open)
    if (!fits(load[i], inst.capacity[i])) return std::numeric_limits<double>::quiet_NaN();
  return cost;
}

}  // namespace

SetEvaluator::SetEvaluator(const FacilityInstance& inst, bool single)
    : m_inst(inst), m_single(single), m_scale(flow_scale(inst)),
      m_open(static_cast<size_t>(inst.num_facilities()), 0), m_load(static_cast<size_t>(inst.num_facilities()), 0.0) {}

double SetEvaluator::operator()(std::vector<int32_t> open) {
  std::sort(open.begin(), open.end());
  if (auto it = m_cache.find(open); it != m_cache.end()) return it->second;
  double fixed = 0.0;
  double cap = 0.0;
  for (int32_t i : open) {
    fixed += m_inst.fixed_cost[i];
    cap += m_inst.capacity[i];
  }
  double value = std::numeric_limits<double>::infinity();
  if (fits(m_inst.total_demand(), cap)) {
    for (int32_t i : open) m_open[i] = 1;
    const double nearest = nearest_allocation_cost(m_inst, m_open, m_load, open);
    for (int32_t i : open) m_open[i] = 0;
    if (!std::isnan(nearest)) {
      value = fixed + nearest;
    } else {
      const Transport t = m_single ? single_source(m_inst, open, false) : transport(m_inst, open, m_scale, false);
      if (t.feasible) value = fixed + t.cost;
    }
  }
  ++m_evaluations;
  m_cache.emplace(std::move(open), value);
  return value;
}

Columns columns_of(const FacilityInstance& inst) {
  Columns c;
  const int32_t m = inst.num_facilities();
  c.offset.assign(static_cast<size_t>(m) + 1, 0);
  for (int32_t j = 0; j < inst.num_clients(); ++j)
    for (int32_t i : inst.cost.facilities_of(j)) ++c.offset[static_cast<size_t>(i) + 1];
  std::partial_sum(c.offset.begin(), c.offset.end(), c.offset.begin());
  c.client.resize(static_cast<size_t>(c.offset.back()));
  c.cost.resize(static_cast<size_t>(c.offset.back()));
  std::vector<int64_t> pos(c.offset.begin(), c.offset.end() - 1);
  for (int32_t j = 0; j < inst.num_clients(); ++j) {
    const auto fac = inst.cost.facilities_of(j);
    const auto cost = inst.cost.costs_of(j);
    for (size_t e = 0; e < fac.size(); ++e) {
      const int64_t p = pos[fac[e]]++;
      c.client[p] = j;
      c.cost[p] = cost[e];
    }
  }
  return c;
}
}  // namespace jiuyou::plan::detail
