#include "gis/plan/pmedian.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "gis/plan/time_limit.hpp"
#include "gis/plan/tolerance.hpp"

namespace jiuyou::plan {

namespace {

// Cost of leaving a client without any allowed open facility: more than any
// complete solution costs, so the search never prefers it.
double unserved_penalty(const FacilityInstance& inst) {
  double total = 1.0;
  for (int32_t j = 0; j < inst.num_clients(); ++j) {
    const auto c = inst.cost.costs_of(j);
    if (!c.empty()) total += c.back();
  }
  for (double f : inst.fixed_cost) total += f;
  return total;
}

// Resende & Werneck's fast swap-based local search. For each client u: the
// nearest open facility phi1 (cost d1) and the second nearest (d2). With
//   gain[i]     = sum_u max(0, d1(u) - c(u,i))            (opening i)
//   loss[r]     = sum_{u: phi1(u)=r} (d2(u) - d1(u))     (closing r)
//   extra[i][r] = sum_{u: phi1(u)=r, c(u,i)<d2(u)} (d2(u) - max(c(u,i), d1(u)))
// swapping r out and i in saves gain[i] - loss[r] + extra[i][r] (fixed costs
// aside). A swap only changes the tables for clients whose phi1/phi2 change,
// so only their contributions are withdrawn and re-added.
class FastInterchange {
 public:
  FastInterchange(const FacilityInstance& inst, int32_t p, double penalty)
      : m_inst(inst),
        m_n(inst.num_clients()),
        m_m(inst.num_facilities()),
        m_p(p),
        m_penalty(penalty),
        m_slot_of(static_cast<size_t>(m_m), -1),
        m_phi1(static_cast<size_t>(m_n), -1),
        m_phi2(static_cast<size_t>(m_n), -1),
        m_d1(static_cast<size_t>(m_n), 0.0),
        m_d2(static_cast<size_t>(m_n), 0.0),
        m_gain(static_cast<size_t>(m_m), 0.0),
        m_loss(static_cast<size_t>(m_m), 0.0),
        m_extra(static_cast<size_t>(m_m) * static_cast<size_t>(p), 0.0) {}

  void reset(const std::vector<int32_t>& open) {
    m_sol = open;
    std::fill(m_slot_of.begin(), m_slot_of.end(), -1);
    for (int32_t s = 0; s < m_p; ++s) m_slot_of[m_sol[s]] = s;
    std::fill(m_gain.begin(), m_gain.end(), 0.0);
    std::fill(m_loss.begin(), m_loss.end(), 0.0);
    std::fill(m_extra.begin(), m_extra.end(), 0.0);
    for (int32_t u = 0; u < m_n; ++u) {
      find_nearest(u);
      contribute(u, 1.0);
    }
  }

  // Best-improvement swaps until none saves more than eps; returns the number of swaps.
  int64_t local_search(const TimeLimit& limit) {
    int64_t moves = 0;
    std::vector<double> slot_loss(static_cast<size_t>(m_p));
    while (true) {
      for (int32_t s = 0; s < m_p; ++s) slot_loss[s] = m_loss[m_sol[s]] - m_inst.fixed_cost[m_sol[s]];
      const double eps = objective_tol(objective_estimate());
      double best = eps;
      int32_t best_in = -1;
      int32_t best_slot = -1;
      for (int32_t i = 0; i < m_m; ++i) {
        if (m_slot_of[i] >= 0) continue;
        const double gi = m_gain[i] - m_inst.fixed_cost[i];
        const double* row = m_extra.data() + static_cast<size_t>(i) * m_p;
        for (int32_t s = 0; s < m_p; ++s) {
          const double profit = gi - slot_loss[s] + row[s];
          if (profit > best) {
            best = profit;
            best_in = i;
            best_slot = s;
          }
        }
      }
      if (best_in < 0) break;
      swap(best_in, best_slot);
      ++moves;
      if ((moves & 15) == 0 && limit.expired()) break;
    }
    return moves;
  }

  void swap(int32_t in, int32_t slot) {
    const int32_t out = m_sol[slot];
    m_affected.clear();
    for (int32_t u = 0; u < m_n; ++u) {
      if (m_phi1[u] == out || m_phi2[u] == out || m_inst.cost.cost(u, in) < m_d2[u]) m_affected.push_back(u);
    }
    for (int32_t u : m_affected) contribute(u, -1.0);
    m_slot_of[out] = -1;
    m_slot_of[in] = slot;
    m_sol[slot] = in;
    for (int32_t u : m_affected) {
      find_nearest(u);
      contribute(u, 1.0);
    }
  }

  [[nodiscard]] double objective() const {
    double total = 0.0;
    for (int32_t u = 0; u < m_n; ++u) total += m_d1[u];
    for (int32_t i : m_sol) total += m_inst.fixed_cost[i];
    return total;
  }
  [[nodiscard]] bool all_served() const {
    return std::all_of(m_phi1.begin(), m_phi1.end(), [](int32_t f) { return f >= 0; });
  }
  [[nodiscard]] const std::vector<int32_t>& open() const { return m_sol; }
  [[nodiscard]] int32_t nearest(int32_t u) const { return m_phi1[u]; }
  [[nodiscard]] bool is_open(int32_t i) const { return m_slot_of[i] >= 0; }

 private:
  [[nodiscard]] double objective_estimate() const {
    double total = 0.0;
    for (int32_t u = 0; u < m_n; u += std::max(1, m_n / 64)) total += m_d1[u];
    return total * std::max(1, m_n / 64);
  }

  void find_nearest(int32_t u) {
    const auto fac = m_inst.cost.facilities_of(u);
    const auto cost = m_inst.cost.costs_of(u);
    m_phi1[u] = m_phi2[u] = -1;
    m_d1[u] = m_d2[u] = m_penalty;
    for (size_t k = 0; k < fac.size(); ++k) {
      if (m_slot_of[fac[k]] < 0) continue;
      if (m_phi1[u] < 0) {
        m_phi1[u] = fac[k];
        m_d1[u] = cost[k];
      } else {
        m_phi2[u] = fac[k];
        m_d2[u] = cost[k];
        break;
      }
    }
  }

  void contribute(int32_t u, double sign) {
    const double d1 = m_d1[u];
    const double d2 = m_d2[u];
    const int32_t r = m_phi1[u];
    const int32_t slot = r >= 0 ? m_slot_of[r] : -1;
    if (r >= 0) m_loss[r] += sign * (d2 - d1);
    const auto fac = m_inst.cost.facilities_of(u);
    const auto cost = m_inst.cost.costs_of(u);
    for (size_t k = 0; k < fac.size(); ++k) {
      const double c = cost[k];
      if (c >= d2) break;
      const int32_t i = fac[k];
      if (c < d1) m_gain[i] += sign * (d1 - c);
      if (slot >= 0) m_extra[static_cast<size_t>(i) * m_p + slot] += sign * (d2 - std::max(c, d1));
    }
  }

  const FacilityInstance& m_inst;
  int32_t m_n;
  int32_t m_m;
  int32_t m_p;
  double m_penalty;
  std::vector<int32_t> m_sol;
  std::vector<int32_t> m_slot_of;
  std::vector<int32_t> m_phi1, m_phi2;
  std::vector<double> m_d1, m_d2;
  std::vector<double> m_gain, m_loss, m_extra;
  std::vector<int32_t> m_affected;
};

// Greedy construction: repeatedly open the facility that saves the most.
// With rcl > 1, picks uniformly among the rcl best candidates (randomised starts).
std::vector<int32_t> greedy_open(const FacilityInstance& inst, int32_t p, double penalty, int32_t rcl,
                                 std::mt19937_64& rng) {
  const int32_t n = inst.num_clients();
  const int32_t m = inst.num_facilities();
  std::vector<double> d1(static_cast<size_t>(n), penalty);
  std::vector<double> gain(static_cast<size_t>(m));
  std::vector<char> open(static_cast<size_t>(m), 0);
  std::vector<int32_t> out;
  std::vector<int32_t> order;
  for (int32_t k = 0; k < p; ++k) {
    for (int32_t i = 0; i < m; ++i) gain[i] = -inst.fixed_cost[i];
    for (int32_t u = 0; u < n; ++u) {
      const auto fac = inst.cost.facilities_of(u);
      const auto cost = inst.cost.costs_of(u);
      for (size_t e = 0; e < fac.size() && cost[e] < d1[u]; ++e) gain[fac[e]] += d1[u] - cost[e];
    }
    order.clear();
    for (int32_t i = 0; i < m; ++i)
      if (!open[i]) order.push_back(i);
    const auto take = static_cast<size_t>(std::clamp<int32_t>(rcl, 1, static_cast<int32_t>(order.size())));
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(take), order.end(),
                      [&](int32_t a, int32_t b) { return gain[a] != gain[b] ? gain[a] > gain[b] : a < b; });
    const int32_t pick = order[take == 1 ? 0 : static_cast<size_t>(rng() % take)];
    open[pick] = 1;
    out.push_back(pick);
    for (int32_t u = 0; u < n; ++u) d1[u] = std::min(d1[u], inst.cost.cost(u, pick));
  }
  return out;
}

PMedianBound lagrangian_bound(const FacilityInstance& inst, int32_t p, double upper_bound, int32_t max_iterations,
                              std::vector<double> lambda) {
  const int32_t n = inst.num_clients();
  const int32_t m = inst.num_facilities();
  const bool integral = inst.costs_integral();
  std::vector<double> min_cost(static_cast<size_t>(n));
  for (int32_t j = 0; j < n; ++j) min_cost[j] = inst.cost.costs_of(j).empty() ? 0.0 : inst.cost.costs_of(j)[0];
  if (lambda.size() != static_cast<size_t>(n)) lambda = min_cost;
  std::vector<double> rho(static_cast<size_t>(m));
  std::vector<int32_t> order(static_cast<size_t>(m));
  std::vector<char> chosen(static_cast<size_t>(m));
  std::vector<double> g(static_cast<size_t>(n));
  PMedianBound best;
  best.value = -std::numeric_limits<double>::infinity();
  double theta = 2.0;
  int32_t stall = 0;
  const int32_t patience = 25;
  auto proves = [&](double bound) {
    if (integral) return std::ceil(bound - k_integral_bound_tol) >= upper_bound - k_feasibility_tol;
    return bound >= upper_bound - objective_tol(upper_bound);
  };
  for (int32_t it = 0; it < max_iterations; ++it) {
    best.iterations = it + 1;
    for (int32_t i = 0; i < m; ++i) rho[i] = inst.fixed_cost[i];
    double sum_lambda = 0.0;
    for (int32_t j = 0; j < n; ++j) {
      sum_lambda += lambda[j];
      const auto fac = inst.cost.facilities_of(j);
      const auto cost = inst.cost.costs_of(j);
      for (size_t e = 0; e < fac.size() && cost[e] < lambda[j]; ++e) rho[fac[e]] += cost[e] - lambda[j];
    }
    std::iota(order.begin(), order.end(), 0);
    std::nth_element(order.begin(), order.begin() + (p - 1), order.end(),
                     [&](int32_t a, int32_t b) { return rho[a] != rho[b] ? rho[a] < rho[b] : a < b; });
    std::fill(chosen.begin(), chosen.end(), 0);
    double value = sum_lambda;
    for (int32_t k = 0; k < p; ++k) {
      chosen[order[k]] = 1;
      value += rho[order[k]];
    }
    if (value > best.value + 1e-12 * std::max(1.0, std::abs(value))) {
      best.value = value;
      best.open.assign(order.begin(), order.begin() + p);
      stall = 0;
    } else if (++stall >= patience) {
      theta *= 0.5;
      stall = 0;
    }
    if (proves(best.value) || theta < 1e-6) break;
    double norm = 0.0;
    for (int32_t j = 0; j < n; ++j) {
      int32_t covered = 0;
      const auto fac = inst.cost.facilities_of(j);
      const auto cost = inst.cost.costs_of(j);
      for (size_t e = 0; e < fac.size() && cost[e] < lambda[j]; ++e) covered += chosen[fac[e]];
      g[j] = 1.0 - covered;
      norm += g[j] * g[j];
    }
    if (norm == 0.0) break;  // the subproblem's solution is feasible: the relaxation is solved
    const double target = std::max(upper_bound - value, 1e-4 * std::max(1.0, std::abs(value)));
    const double step = theta * target / norm;
    for (int32_t j = 0; j < n; ++j) lambda[j] = std::max(min_cost[j], lambda[j] + step * g[j]);
  }
  if (integral) best.value = std::ceil(best.value - k_integral_bound_tol);
  std::sort(best.open.begin(), best.open.end());
  return best;
}

}  // namespace

double pmedian_cost(const FacilityInstance& inst, const std::vector<int32_t>& open) {
  std::vector<char> is_open(static_cast<size_t>(inst.num_facilities()), 0);
  double total = 0.0;
  for (int32_t i : open) {
    is_open[i] = 1;
    total += inst.fixed_cost[i];
  }
  for (int32_t u = 0; u < inst.num_clients(); ++u) {
    const auto fac = inst.cost.facilities_of(u);
    const auto cost = inst.cost.costs_of(u);
    size_t k = 0;
    while (k < fac.size() && !is_open[fac[k]]) ++k;
    if (k == fac.size()) return std::numeric_limits<double>::infinity();
    total += cost[k];
  }
  return total;
}

PMedianBound pmedian_lagrangian_bound(const FacilityInstance& inst, int32_t p, double upper_bound,
                                      int32_t max_iterations) {
  return lagrangian_bound(inst, p, upper_bound, max_iterations, {});
}

Result<FacilitySolution> solve_pmedian(const FacilityInstance& inst, const PMedianParams& params,
                                       const ProgressFn& progress) {
  const TimeLimit limit(params.time_limit_s);
  if (auto ok = validate(inst); !ok) return tl::unexpected(ok.error());
  const int32_t n = inst.num_clients();
  const int32_t m = inst.num_facilities();
  const int32_t p = params.p;
  if (p < 1 || p > m)
    return error(ErrorCode::input, "p-median: p = " + std::to_string(p) + " must be between 1 and the number of "
                                       "candidate facilities (" + std::to_string(m) + ")");
  const double penalty = unserved_penalty(inst);
  std::mt19937_64 rng(params.seed);
  FastInterchange ls(inst, p, penalty);

  std::vector<int32_t> best_open;
  double best_cost = std::numeric_limits<double>::infinity();
  int64_t moves = 0;
  const int32_t starts = std::max(1, params.starts);
  const int32_t rounds = std::max(0, params.perturbations);
  const int32_t closed = m - p;
  for (int32_t s = 0; s < starts; ++s) {
    if (!report_progress(progress, 0.9 * s / starts, "p-median local search")) return cancelled_error("p-median local search");
    if (s > 0 && limit.expired()) break;
    std::vector<int32_t> start = greedy_open(inst, p, penalty, s == 0 ? 1 : 3, rng);
    ls.reset(start);
    moves += ls.local_search(limit);
    std::vector<int32_t> cur = ls.open();
    double cur_cost = ls.objective();
    // Iterated local search: perturb by a few random swaps, re-optimise, keep if not worse.
    for (int32_t r = 0; r < rounds && closed > 0; ++r) {
      if (limit.expired()) break;
      const int32_t kicks = 1 + static_cast<int32_t>(rng() % static_cast<uint64_t>(std::min(3, p)));
      for (int32_t k = 0; k < kicks; ++k) {
        int32_t in = static_cast<int32_t>(rng() % static_cast<uint64_t>(m));
        while (ls.is_open(in)) in = (in + 1) % m;
        ls.swap(in, static_cast<int32_t>(rng() % static_cast<uint64_t>(p)));
      }
      moves += ls.local_search(limit);
      const double c = ls.objective();
      if (c <= cur_cost + objective_tol(cur_cost)) {
        if (c < cur_cost) r = -1;  // improvement: grant a fresh budget of rounds
        cur = ls.open();
        cur_cost = c;
      } else {
        ls.reset(cur);
      }
    }
    if (cur_cost < best_cost) {
      best_cost = cur_cost;
      best_open = cur;
    }
  }

  FacilitySolution sol;
  sol.method = "greedy+fast-interchange";
  if (params.compute_bound) {
    if (!report_progress(progress, 0.9, "p-median lower bound")) return cancelled_error("p-median lower bound");
    ls.reset(best_open);
    std::vector<double> lambda(static_cast<size_t>(n));
    for (int32_t u = 0; u < n; ++u) {
      const int32_t f = ls.nearest(u);
      lambda[u] = f >= 0 ? inst.cost.cost(u, f) : 0.0;
    }
    PMedianBound bound = lagrangian_bound(inst, p, best_cost, params.bound_iterations, std::move(lambda));
    sol.lower_bound = bound.value;
    // Lagrangian heuristic: the relaxation's facility set is often a good start.
    if (bound.value < best_cost && static_cast<int32_t>(bound.open.size()) == p) {
      ls.reset(bound.open);
      moves += ls.local_search(limit);
      if (ls.objective() < best_cost) {
        best_cost = ls.objective();
        best_open = ls.open();
      }
    }
  }
  ls.reset(best_open);
  if (!ls.all_served())
    return error(ErrorCode::solver, "p-median: no choice of " + std::to_string(p) +
                                        " facilities found that serves every client")
        .hint("some clients allow only a few facilities; raise p or widen their candidate lists");
  sol.open = best_open;
  std::sort(sol.open.begin(), sol.open.end());
  sol.allocations.reserve(static_cast<size_t>(n));
  for (int32_t u = 0; u < n; ++u) sol.allocations.push_back({u, ls.nearest(u), 1.0});
  if (auto ok = evaluate(inst, sol); !ok) return tl::unexpected(ok.error());
  sol.proven_optimal = params.compute_bound && sol.objective - sol.lower_bound <= objective_tol(sol.objective);
  sol.iterations = moves;
  sol.seconds = limit.elapsed();
  report_progress(progress, 1.0, "p-median done");
  return sol;
}

}  // namespace jiuyou::plan
