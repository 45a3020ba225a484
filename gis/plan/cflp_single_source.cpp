// Single-source allocation of a fixed open set: each client wholly at one facility,
// regret-ordered greedy, then shift and swap improvements.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <vector>

#include "gis/plan/cflp_internal.hpp"
#include "gis/plan/tolerance.hpp"

namespace jiuyou::plan::detail {

Transport single_source(const FacilityInstance& inst, const std::vector<int32_t>& open, bool want_allocations) {
  Transport out;
  const int32_t n = inst.num_clients();
  std::vector<char> is_open(static_cast<size_t>(inst.num_facilities()), 0);
  for (int32_t i : open) is_open[i] = 1;
  std::vector<double> residual = inst.capacity;
  std::vector<double> regret(static_cast<size_t>(n), 0.0);
  for (int32_t j = 0; j < n; ++j) {
    const auto fac = inst.cost.facilities_of(j);
    const auto cost = inst.cost.costs_of(j);
    double first = -1.0;
    double second = -1.0;
    for (size_t e = 0; e < fac.size(); ++e) {
      if (!is_open[fac[e]]) continue;
      if (first < 0) {
        first = cost[e];
      } else {
        second = cost[e];
        break;
      }
    }
    if (first < 0) return out;
    regret[j] = second < 0 ? std::numeric_limits<double>::infinity() : second - first;
  }
  std::vector<int32_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    if (regret[a] != regret[b]) return regret[a] > regret[b];
    return inst.demand[a] > inst.demand[b];
  });
  std::vector<int32_t> assigned(static_cast<size_t>(n), -1);
  const double tol = k_feasibility_tol;
  for (int32_t j : order) {
    const auto fac = inst.cost.facilities_of(j);
    for (size_t e = 0; e < fac.size(); ++e) {
      if (is_open[fac[e]] && residual[fac[e]] + tol >= inst.demand[j]) {
        assigned[j] = fac[e];
        residual[fac[e]] -= inst.demand[j];
        break;
      }
    }
    if (assigned[j] < 0) return out;
  }
  // Improvement: shift a client to a cheaper facility with room; swap two clients.
  for (int pass = 0; pass < 50; ++pass) {
    bool improved = false;
    for (int32_t j = 0; j < n; ++j) {
      const double cur = inst.cost.cost(j, assigned[j]);
      const auto fac = inst.cost.facilities_of(j);
      const auto cost = inst.cost.costs_of(j);
      for (size_t e = 0; e < fac.size() && cost[e] < cur - 1e-12; ++e) {
        if (is_open[fac[e]] && residual[fac[e]] + tol >= inst.demand[j]) {
          residual[assigned[j]] += inst.demand[j];
          residual[fac[e]] -= inst.demand[j];
          assigned[j] = fac[e];
          improved = true;
          break;
        }
      }
    }
    if (n <= 3000) {
      for (int32_t j = 0; j < n; ++j) {
        for (int32_t k = j + 1; k < n; ++k) {
          const int32_t a = assigned[j];
          const int32_t b = assigned[k];
          if (a == b) continue;
          const double cjb = inst.cost.cost(j, b);
          const double cka = inst.cost.cost(k, a);
          if (!std::isfinite(cjb) || !std::isfinite(cka)) continue;
          const double delta = cjb + cka - inst.cost.cost(j, a) - inst.cost.cost(k, b);
          if (delta >= -1e-12) continue;
          const double dj = inst.demand[j];
          const double dk = inst.demand[k];
          if (residual[b] + dk + tol < dj || residual[a] + dj + tol < dk) continue;
          residual[a] += dj - dk;
          residual[b] += dk - dj;
          assigned[j] = b;
          assigned[k] = a;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  out.feasible = true;
  for (int32_t j = 0; j < n; ++j) {
    out.cost += inst.cost.cost(j, assigned[j]);
    if (want_allocations) out.allocations.push_back({j, assigned[j], 1.0});
  }
  return out;
}
}  // namespace jiuyou::plan::detail
