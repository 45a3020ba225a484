// The CFLP's Lagrangian relaxation (demand constraints relaxed): the heuristic's lower bound
// and its source of good facility sets. Steps: a dual ascent start, then per iteration the
// facilities' knapsacks, the relaxation's open set, a primal candidate, a subgradient step.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

#include "gis/plan/cflp_internal.hpp"
#include "gis/plan/tolerance.hpp"

namespace jiuyou::plan {

namespace detail {

namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();

// Start from a dual ascent of the uncapacitated relaxation (Erlenkotter): raise each client's
// multiplier as far as no facility's fixed cost is over-paid, sum_j max(0, lambda_j - c_ij) <= f_i.
// Every facility's Lagrangian cost is then >= 0, so the Lagrangian value is at least
// sum_j lambda_j: a valid bound before the first subgradient step, and a far better start than
// the cheapest costs when fixed costs dominate (the relocation instances: the subgradient
// from the cheapest costs stalled at a few per cent of the optimum).
std::vector<double> dual_ascent(const FacilityInstance& inst) {
  const int32_t n = inst.num_clients();
  std::vector<double> lambda(static_cast<size_t>(n));
  std::vector<double> slack(inst.fixed_cost);
  // Clients with the fewest cheap alternatives first (their raise is the most constrained).
  std::vector<int32_t> order_c(static_cast<size_t>(n));
  std::iota(order_c.begin(), order_c.end(), 0);
  std::stable_sort(order_c.begin(), order_c.end(),
                   [&](int32_t a, int32_t b) { return inst.cost.costs_of(a).size() < inst.cost.costs_of(b).size(); });
  for (int32_t j : order_c) {
    const auto fac = inst.cost.facilities_of(j);
    const auto c = inst.cost.costs_of(j);
    double cap = k_inf;
    double lam = c[0];
    for (size_t e = 0; e < c.size(); ++e) {
      cap = std::min(cap, c[e] + std::max(0.0, slack[fac[e]]));
      const double next = e + 1 < c.size() ? c[e + 1] : k_inf;
      if (cap <= next) {
        lam = cap;
        break;
      }
      lam = next;
    }
    if (!std::isfinite(lam)) lam = c[0];
    lambda[j] = lam;
    for (size_t e = 0; e < c.size() && c[e] < lam; ++e) slack[fac[e]] -= lam - c[e];
  }
  return lambda;
}

// The relaxation's working arrays.
struct Relaxation {
  std::vector<double> rho, y, served;
  std::vector<std::vector<std::pair<int32_t, double>>> take;  // knapsack solution per facility
  std::vector<std::pair<double, int32_t>> items;
  std::vector<int32_t> order;
  Relaxation(int32_t n, int32_t m)
      : rho(static_cast<size_t>(m)), y(static_cast<size_t>(m)), served(static_cast<size_t>(n)), take(static_cast<size_t>(m)),
        order(static_cast<size_t>(m)) {}
};

// Per facility: continuous knapsack over clients with negative reduced cost; rho[i] its value.
void facility_knapsacks(const FacilityInstance& inst, const Columns& col, const std::vector<double>& lambda, Relaxation& r) {
  for (int32_t i = 0; i < inst.num_facilities(); ++i) {
    r.items.clear();
    for (int64_t e = col.offset[i]; e < col.offset[i + 1]; ++e) {
      const double red = col.cost[e] - lambda[col.client[e]];
      if (red < 0.0) r.items.emplace_back(red, col.client[e]);
    }
    const auto ratio = [&](const std::pair<double, int32_t>& a) {
      const double d = inst.demand[a.second];
      return d > 0.0 ? a.first / d : -k_inf;
    };
    std::sort(r.items.begin(), r.items.end(), [&](const auto& a, const auto& b) {
      const double ra = ratio(a);
      const double rb = ratio(b);
      return ra != rb ? ra < rb : a.second < b.second;
    });
    double room = inst.capacity[i];
    double value = inst.fixed_cost[i];
    r.take[i].clear();
    for (const auto& [red, j] : r.items) {
      const double d = inst.demand[j];
      if (room <= 0.0 && d > 0.0) break;
      const double x = d <= room ? 1.0 : room / d;
      room -= x * d;
      value += x * red;
      r.take[i].emplace_back(j, x);
    }
    r.rho[i] = value;
  }
}

// Which facilities: the most negative rho (at most K); without K, also cover the total demand
// by capacity (fractional knapsack, an LP bound). Returns the Lagrangian value.
double open_set(const FacilityInstance& inst, const CflpParams& params, const std::vector<double>& lambda, Relaxation& r) {
  const int32_t m = inst.num_facilities();
  const double total_demand = inst.total_demand();
  const int32_t k_max = params.max_open > 0 ? std::min(params.max_open, m) : m;
  std::iota(r.order.begin(), r.order.end(), 0);
  std::sort(r.order.begin(), r.order.end(), [&](int32_t a, int32_t b) { return r.rho[a] != r.rho[b] ? r.rho[a] < r.rho[b] : a < b; });
  std::fill(r.y.begin(), r.y.end(), 0.0);
  double value = std::accumulate(lambda.begin(), lambda.end(), 0.0);
  double covered = 0.0;
  int32_t opened = 0;
  for (int32_t k = 0; k < m && opened < k_max && r.rho[r.order[k]] < 0.0; ++k) {
    r.y[r.order[k]] = 1.0;
    value += r.rho[r.order[k]];
    covered += std::min(inst.capacity[r.order[k]], total_demand);
    ++opened;
  }
  if (params.max_open != 0 || covered >= total_demand) return value;
  std::vector<int32_t> rest;
  for (int32_t i = 0; i < m; ++i)
    if (r.y[i] == 0.0 && inst.capacity[i] > 0.0) rest.push_back(i);
  std::sort(rest.begin(), rest.end(), [&](int32_t a, int32_t b) {
    const double ra = r.rho[a] / std::min(inst.capacity[a], total_demand);
    const double rb = r.rho[b] / std::min(inst.capacity[b], total_demand);
    return ra != rb ? ra < rb : a < b;
  });
  for (int32_t i : rest) {
    if (covered >= total_demand) break;
    const double s = std::min(inst.capacity[i], total_demand);
    const double frac = std::min(1.0, (total_demand - covered) / s);
    r.y[i] = frac;
    value += frac * r.rho[i];
    covered += frac * s;
  }
  return value;
}

// Subgradient step on the relaxed demand constraints; false when every client is served exactly.
bool subgradient_step(Relaxation& r, double value, double ub, double theta, std::vector<double>& lambda) {
  std::fill(r.served.begin(), r.served.end(), 0.0);
  for (size_t i = 0; i < r.y.size(); ++i)
    if (r.y[i] > 0.0)
      for (const auto& [j, x] : r.take[i]) r.served[j] += r.y[i] * x;
  double norm = 0.0;
  for (const double s : r.served) norm += (1.0 - s) * (1.0 - s);
  if (norm < 1e-18) return false;
  const double target = std::isfinite(ub) ? std::max(ub - value, 1e-6 * std::max(1.0, std::abs(ub))) : std::max(1.0, 0.1 * std::abs(value));
  const double step = theta * target / norm;
  for (size_t j = 0; j < lambda.size(); ++j) lambda[j] += step * (1.0 - r.served[j]);
  return true;
}

}  // namespace

LagrangianRun cflp_lagrangian(const FacilityInstance& inst, const CflpParams& params, double upper_bound,
                              const std::function<double(const std::vector<int32_t>&)>& on_set) {
  const int32_t m = inst.num_facilities();
  const Columns col = columns_of(inst);
  LagrangianRun run;
  run.bound.value = -k_inf;
  std::vector<double> lambda = dual_ascent(inst);
  Relaxation r(inst.num_clients(), m);
  double theta = 2.0;
  int32_t stall = 0;
  double ub = upper_bound;
  const auto primal_stride = static_cast<int32_t>(std::clamp<int64_t>(inst.cost.num_entries() / 25000, 1, 20));
  for (int32_t it = 0; it < params.lagrangian_iterations; ++it) {
    run.bound.iterations = it + 1;
    facility_knapsacks(inst, col, lambda, r);
    const double value = open_set(inst, params, lambda, r);
    if (value > run.bound.value + 1e-12 * std::max(1.0, std::abs(value))) {
      run.bound.value = value;
      run.bound.multipliers = lambda;
      stall = 0;
    } else if (++stall >= 20) {
      theta *= 0.5;
      stall = 0;
    }
    // A primal candidate: the facilities the relaxation opens (fractional ones too). On large
    // instances only every few iterations (each costs a min-cost flow where capacities bind).
    if (on_set && (it % primal_stride == 0 || it + 1 == params.lagrangian_iterations)) {
      std::vector<int32_t> set;
      for (int32_t i = 0; i < m; ++i)
        if (r.y[i] > 0.0) set.push_back(i);
      if (!set.empty()) ub = std::min(ub, on_set(set));
    }
    if (run.bound.value >= ub - objective_tol(ub) || theta < 1e-5) break;
    if (!subgradient_step(r, value, ub, theta, lambda)) break;
  }
  run.rho.assign(r.rho.begin(), r.rho.end());
  return run;
}

}  // namespace detail

CflpBound cflp_lagrangian_bound(const FacilityInstance& inst, const CflpParams& params, double upper_bound) {
  return detail::cflp_lagrangian(inst, params, upper_bound, {}).bound;
}

}  // namespace jiuyou::plan
