// Single-source allocation of a fixed open set: each client wholly at one facility,
// regret-ordered greedy, then shift and swap improvements.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>
#include <vector>

#include "gis/plan/cflp_internal.hpp"
#include "gis/plan/tolerance.hpp"

namespace jiuyou::plan::detail {

namespace {

// Regret-ordered greedy and the improvement passes share this state.
struct SingleSourceState {
  const FacilityInstance& inst;
  std::vector<char> is_open;      // per facility
  std::vector<double> residual;   // capacity left per facility
  std::vector<int32_t> assigned;  // facility per client, -1 before assignment
};

// Difference between each client's second-cheapest and cheapest open facility
// (infinite with only one), or nothing when a client has no open facility.
std::optional<std::vector<double>> regrets(const SingleSourceState& st) {
  const int32_t n = st.inst.num_clients();
  std::vector<double> regret(static_cast<size_t>(n), 0.0);
  for (int32_t j = 0; j < n; ++j) {
    const auto fac = st.inst.cost.facilities_of(j);
    const auto cost = st.inst.cost.costs_of(j);
    double first = -1.0;
    double second = -1.0;
    for (size_t e = 0; e < fac.size(); ++e) {
      if (!st.is_open[fac[e]]) continue;
      if (first < 0) {
        first = cost[e];
      } else {
        second = cost[e];
        break;
      }
    }
    if (first < 0) return std::nullopt;
    regret[j] = second < 0 ? std::numeric_limits<double>::infinity() : second - first;
  }
  return regret;
}

// Largest regret first (then largest demand), each client to its cheapest open
// facility with room. False when some client fits nowhere.
bool assign_greedily(const std::vector<double>& regret, SingleSourceState& st) {
  const FacilityInstance& inst = st.inst;
  std::vector<int32_t> order(static_cast<size_t>(inst.num_clients()));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    if (regret[a] != regret[b]) return regret[a] > regret[b];
    return inst.demand[a] > inst.demand[b];
  });
  for (int32_t j : order) {
    const auto fac = inst.cost.facilities_of(j);
    for (size_t e = 0; e < fac.size(); ++e) {
      if (st.is_open[fac[e]] && st.residual[fac[e]] + k_feasibility_tol >= inst.demand[j]) {
        st.assigned[j] = fac[e];
        st.residual[fac[e]] -= inst.demand[j];
        break;
      }
    }
    if (st.assigned[j] < 0) return false;
  }
  return true;
}

// Each client to a cheaper open facility with room. True when one moved.
bool shift_clients(SingleSourceState& st) {
  const FacilityInstance& inst = st.inst;
  bool improved = false;
  for (int32_t j = 0; j < inst.num_clients(); ++j) {
    const double cur = inst.cost.cost(j, st.assigned[j]);
    const auto fac = inst.cost.facilities_of(j);
    const auto cost = inst.cost.costs_of(j);
    for (size_t e = 0; e < fac.size() && cost[e] < cur - 1e-12; ++e) {
      if (st.is_open[fac[e]] && st.residual[fac[e]] + k_feasibility_tol >= inst.demand[j]) {
        st.residual[st.assigned[j]] += inst.demand[j];
        st.residual[fac[e]] -= inst.demand[j];
        st.assigned[j] = fac[e];
        improved = true;
        break;
      }
    }
  }
  return improved;
}

// Two clients at different facilities trade places when it is cheaper and both fit. True when a pair swapped.
bool swap_clients(SingleSourceState& st) {
  const FacilityInstance& inst = st.inst;
  const double tol = k_feasibility_tol;
  const int32_t n = inst.num_clients();
  bool improved = false;
  for (int32_t j = 0; j < n; ++j) {
    for (int32_t k = j + 1; k < n; ++k) {
      const int32_t a = st.assigned[j];
      const int32_t b = st.assigned[k];
      if (a == b) continue;
      const double cjb = inst.cost.cost(j, b);
      const double cka = inst.cost.cost(k, a);
      if (!std::isfinite(cjb) || !std::isfinite(cka)) continue;
      const double delta = cjb + cka - inst.cost.cost(j, a) - inst.cost.cost(k, b);
      if (delta >= -1e-12) continue;
      const double dj = inst.demand[j];
      const double dk = inst.demand[k];
      if (st.residual[b] + dk + tol < dj || st.residual[a] + dj + tol < dk) continue;
      st.residual[a] += dj - dk;
      st.residual[b] += dk - dj;
      st.assigned[j] = b;
      st.assigned[k] = a;
      improved = true;
    }
  }
  return improved;
}

}  // namespace

Transport single_source(const FacilityInstance& inst, const std::vector<int32_t>& open, bool want_allocations) {
  Transport out;
  const int32_t n = inst.num_clients();
  SingleSourceState st{inst, std::vector<char>(static_cast<size_t>(inst.num_facilities()), 0), inst.capacity,
                       std::vector<int32_t>(static_cast<size_t>(n), -1)};
  for (int32_t i : open) st.is_open[i] = 1;
  const auto regret = regrets(st);
  if (!regret || !assign_greedily(*regret, st)) return out;
  // Improvement: shift a client to a cheaper facility with room; swap two clients (quadratic: small instances only).
  for (int pass = 0; pass < 50; ++pass) {
    bool improved = shift_clients(st);
    if (n <= 3000) improved = swap_clients(st) || improved;
    if (!improved) break;
  }
  out.feasible = true;
  for (int32_t j = 0; j < n; ++j) {
    out.cost += inst.cost.cost(j, st.assigned[j]);
    if (want_allocations) out.allocations.push_back({j, st.assigned[j], 1.0});
  }
  return out;
}

}  // namespace jiuyou::plan::detail
