#include "gis/plan/cflp.hpp"

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>
#include <unordered_map>

#include "gis/plan/cflp_internal.hpp"

namespace jiuyou::plan {

namespace {

using Clock = std::chrono::steady_clock;

bool all_integral(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return !std::isfinite(x) || x == std::floor(x); });
}

// Min-cost-flow transportation: clients (supply = demand) -> open facilities
// (capacity) -> one sink. Flows are integers of demand units times `scale`.
struct Transport {
  bool feasible = false;
  double cost = 0.0;  // allocation cost only
  std::vector<Allocation> allocations;
};

Transport transport(const FacilityInstance& inst, const std::vector<int32_t>& open, double scale, bool want_allocations) {
  Transport out;
  const int32_t n = inst.num_clients();
  std::vector<int32_t> slot(static_cast<size_t>(inst.num_facilities()), -1);
  for (size_t k = 0; k < open.size(); ++k) slot[open[k]] = static_cast<int32_t>(k);

  lemon::SmartDigraph g;
  using Arc = lemon::SmartDigraph::Arc;
  using Node = lemon::SmartDigraph::Node;
  g.reserveNode(n + static_cast<int>(open.size()) + 1);
  std::vector<Node> fac_node;
  fac_node.reserve(open.size());
  for (size_t k = 0; k < open.size(); ++k) fac_node.push_back(g.addNode());
  const Node sink = g.addNode();
  lemon::SmartDigraph::NodeMap<int64_t> supply(g, 0);
  std::vector<Arc> arcs;
  std::vector<std::pair<int32_t, int32_t>> arc_pair;  // (client, facility)
  std::vector<double> arc_unit_cost;
  std::vector<int64_t> arc_upper;
  int64_t total = 0;
  double zero_demand_cost = 0.0;
  for (int32_t j = 0; j < n; ++j) {
    const auto fac = inst.cost.facilities_of(j);
    const auto cost = inst.cost.costs_of(j);
    const auto dj = static_cast<int64_t>(std::llround(inst.demand[j] * scale));
    if (dj <= 0) {
      // Takes no capacity: the cheapest open facility serves it.
      size_t e = 0;
      while (e < fac.size() && slot[fac[e]] < 0) ++e;
      if (e == fac.size()) return out;
      zero_demand_cost += cost[e];
      if (want_allocations) out.allocations.push_back({j, fac[e], 1.0});
      continue;
    }
    const Node c = g.addNode();
    supply[c] = dj;
    total += dj;
    bool any = false;
    for (size_t e = 0; e < fac.size(); ++e) {
      if (slot[fac[e]] < 0) continue;
      arcs.push_back(g.addArc(c, fac_node[slot[fac[e]]]));
      arc_pair.emplace_back(j, fac[e]);
      arc_unit_cost.push_back(cost[e] / static_cast<double>(dj));
      arc_upper.push_back(dj);
      any = true;
    }
    if (!any) return out;
  }
  supply[sink] = -total;
  std::vector<Arc> sink_arcs;
  for (size_t k = 0; k < open.size(); ++k) {
    const double cap = inst.capacity[open[k]];
    const int64_t cap_units =
        std::isfinite(cap) ? std::min<int64_t>(total, static_cast<int64_t>(std::floor(cap * scale + 1e-9))) : total;
    sink_arcs.push_back(g.addArc(fac_node[k], sink));
    arc_unit_cost.push_back(0.0);
    arc_upper.push_back(cap_units);
  }
  lemon::SmartDigraph::ArcMap<double> unit(g);
  lemon::SmartDigraph::ArcMap<int64_t> upper(g);
  for (size_t a = 0; a < arcs.size(); ++a) {
    unit[arcs[a]] = arc_unit_cost[a];
    upper[arcs[a]] = arc_upper[a];
  }
  for (size_t k = 0; k < sink_arcs.size(); ++k) {
    unit[sink_arcs[k]] = 0.0;
    upper[sink_arcs[k]] = arc_upper[arcs.size() + k];
  }
  lemon::NetworkSimplex<lemon::SmartDigraph, int64_t, double> ns(g);
  ns.upperMap(upper).costMap(unit).supplyMap(supply);
  if (ns.run() != lemon::NetworkSimplex<lemon::SmartDigraph, int64_t, double>::OPTIMAL) return out;
  out.feasible = true;
  double cost = zero_demand_cost;
  for (size_t a = 0; a < arcs.size(); ++a) {
    const int64_t f = ns.flow(arcs[a]);
    if (f <= 0) continue;
    const auto [j, i] = arc_pair[a];
    const double share = static_cast<double>(f) / static_cast<double>(std::llround(inst.demand[j] * scale));
    cost += share * inst.cost.cost(j, i);
    if (want_allocations) out.allocations.push_back({j, i, share});
  }
  out.cost = cost;
  if (want_allocations)
    std::sort(out.allocations.begin(), out.allocations.end(), [](const Allocation& a, const Allocation& b) {
      return a.client != b.client ? a.client < b.client : a.facility < b.facility;
    });
  return out;
}

// Single source: regret-ordered greedy, then shift and swap improvements.
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
  const double tol = 1e-9;
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

double flow_scale(const FacilityInstance& inst) {
  return all_integral(inst.demand) && all_integral(inst.capacity) ? 1.0 : 1000.0;
}

// Total cost (fixed + allocation) of an open set, +inf when it cannot serve everyone.
class SetEvaluator {
 public:
  SetEvaluator(const FacilityInstance& inst, bool single) : m_inst(inst), m_single(single), m_scale(flow_scale(inst)) {}

  double operator()(std::vector<int32_t> open) {
    std::sort(open.begin(), open.end());
    std::string key(static_cast<size_t>(m_inst.num_facilities()), '0');
    for (int32_t i : open) key[i] = '1';
    if (auto it = m_cache.find(key); it != m_cache.end()) return it->second;
    double fixed = 0.0;
    double cap = 0.0;
    for (int32_t i : open) {
      fixed += m_inst.fixed_cost[i];
      cap += m_inst.capacity[i];
    }
    double value = std::numeric_limits<double>::infinity();
    if (cap + 1e-9 >= m_inst.total_demand()) {
      const Transport t = m_single ? single_source(m_inst, open, false) : transport(m_inst, open, m_scale, false);
      if (t.feasible) value = fixed + t.cost;
    }
    ++m_evaluations;
    m_cache.emplace(std::move(key), value);
    return value;
  }
  [[nodiscard]] int64_t evaluations() const { return m_evaluations; }

 private:
  const FacilityInstance& m_inst;
  bool m_single;
  double m_scale;
  std::unordered_map<std::string, double> m_cache;
  int64_t m_evaluations = 0;
};

// Facility-major copy of the cost matrix: for each facility, its (client, cost).
struct Columns {
  std::vector<int64_t> offset;
  std::vector<int32_t> client;
  std::vector<double> cost;
};

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

}  // namespace

namespace detail {

LagrangianRun cflp_lagrangian(const FacilityInstance& inst, const CflpParams& params, double upper_bound,
                              const std::function<double(const std::vector<int32_t>&)>& on_set) {
  const int32_t n = inst.num_clients();
  const int32_t m = inst.num_facilities();
  const double total_demand = inst.total_demand();
  const Columns col = columns_of(inst);
  LagrangianRun run;
  run.bound.value = -std::numeric_limits<double>::infinity();
  std::vector<double> lambda(static_cast<size_t>(n));
  for (int32_t j = 0; j < n; ++j) {
    // Start at the second-cheapest cost: above it clients strongly prefer to be served.
    const auto c = inst.cost.costs_of(j);
    lambda[j] = c.size() > 1 ? c[1] : c[0];
  }
  std::vector<double> rho(static_cast<size_t>(m));
  std::vector<double> y(static_cast<size_t>(m));
  std::vector<double> served(static_cast<size_t>(n));
  std::vector<std::vector<std::pair<int32_t, double>>> take(static_cast<size_t>(m));  // knapsack solution per facility
  std::vector<std::pair<double, int32_t>> items;
  std::vector<int32_t> order(static_cast<size_t>(m));
  double theta = 2.0;
  int32_t stall = 0;
  double ub = upper_bound;
  const int32_t k_max = params.max_open > 0 ? std::min(params.max_open, m) : m;
  for (int32_t it = 0; it < params.lagrangian_iterations; ++it) {
    run.bound.iterations = it + 1;
    // Per facility: continuous knapsack over clients with negative reduced cost.
    for (int32_t i = 0; i < m; ++i) {
      items.clear();
      for (int64_t e = col.offset[i]; e < col.offset[i + 1]; ++e) {
        const double r = col.cost[e] - lambda[col.client[e]];
        if (r < 0.0) items.emplace_back(r, col.client[e]);
      }
      const auto ratio = [&](const std::pair<double, int32_t>& a) {
        const double d = inst.demand[a.second];
        return d > 0.0 ? a.first / d : -std::numeric_limits<double>::infinity();
      };
      std::sort(items.begin(), items.end(), [&](const auto& a, const auto& b) {
        const double ra = ratio(a);
        const double rb = ratio(b);
        return ra != rb ? ra < rb : a.second < b.second;
      });
      double room = inst.capacity[i];
      double value = inst.fixed_cost[i];
      take[i].clear();
      for (const auto& [r, j] : items) {
        const double d = inst.demand[j];
        if (room <= 0.0 && d > 0.0) break;
        const double x = d <= room ? 1.0 : room / d;
        room -= x * d;
        value += x * r;
        take[i].emplace_back(j, x);
      }
      rho[i] = value;
    }
    // Which facilities: the most negative rho (at most K); without K, also
    // cover the total demand by capacity (fractional knapsack, an LP bound).
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return rho[a] != rho[b] ? rho[a] < rho[b] : a < b; });
    std::fill(y.begin(), y.end(), 0.0);
    double value = std::accumulate(lambda.begin(), lambda.end(), 0.0);
    double covered = 0.0;
    int32_t opened = 0;
    for (int32_t k = 0; k < m && opened < k_max && rho[order[k]] < 0.0; ++k) {
      y[order[k]] = 1.0;
      value += rho[order[k]];
      covered += std::min(inst.capacity[order[k]], total_demand);
      ++opened;
    }
    if (params.max_open == 0 && covered < total_demand) {
      std::vector<int32_t> rest;
      for (int32_t i = 0; i < m; ++i)
        if (y[i] == 0.0 && inst.capacity[i] > 0.0) rest.push_back(i);
      std::sort(rest.begin(), rest.end(), [&](int32_t a, int32_t b) {
        const double ra = rho[a] / std::min(inst.capacity[a], total_demand);
        const double rb = rho[b] / std::min(inst.capacity[b], total_demand);
        return ra != rb ? ra < rb : a < b;
      });
      for (int32_t i : rest) {
        if (covered >= total_demand) break;
        const double s = std::min(inst.capacity[i], total_demand);
        const double frac = std::min(1.0, (total_demand - covered) / s);
        y[i] = frac;
        value += frac * rho[i];
        covered += frac * s;
      }
    }
    if (value > run.bound.value + 1e-12 * std::max(1.0, std::abs(value))) {
      run.bound.value = value;
      run.bound.multipliers = lambda;
      stall = 0;
    } else if (++stall >= 20) {
      theta *= 0.5;
      stall = 0;
    }
    // A primal candidate: the facilities the relaxation opens (fractional ones too).
    if (on_set) {
      std::vector<int32_t> set;
      for (int32_t i = 0; i < m; ++i)
        if (y[i] > 0.0) set.push_back(i);
      if (!set.empty()) {
        const double c = on_set(set);
        if (c < ub) ub = c;
      }
    }
    if (run.bound.value >= ub - 1e-9 * std::max(1.0, std::abs(ub)) || theta < 1e-5) break;
    // Subgradient of the relaxed demand constraints.
    std::fill(served.begin(), served.end(), 0.0);
    for (int32_t i = 0; i < m; ++i)
      if (y[i] > 0.0)
        for (const auto& [j, x] : take[i]) served[j] += y[i] * x;
    double norm = 0.0;
    for (int32_t j = 0; j < n; ++j) norm += (1.0 - served[j]) * (1.0 - served[j]);
    if (norm < 1e-18) break;
    const double target = std::isfinite(ub) ? std::max(ub - value, 1e-6 * std::max(1.0, std::abs(ub)))
                                            : std::max(1.0, 0.1 * std::abs(value));
    const double step = theta * target / norm;
    for (int32_t j = 0; j < n; ++j) lambda[j] += step * (1.0 - served[j]);
  }
  run.rho.assign(rho.begin(), rho.end());
  return run;
}

}  // namespace detail

Result<FacilitySolution> allocate_to_open(const FacilityInstance& inst, std::vector<int32_t> open, bool single_source_mode) {
  if (auto ok = validate(inst); !ok) return tl::unexpected(ok.error());
  std::sort(open.begin(), open.end());
  open.erase(std::unique(open.begin(), open.end()), open.end());
  for (int32_t i : open)
    if (i < 0 || i >= inst.num_facilities())
      return error(ErrorCode::input, "open facility " + std::to_string(i) + " out of range");
  const Transport t = single_source_mode ? single_source(inst, open, true) : transport(inst, open, flow_scale(inst), true);
  if (!t.feasible)
    return error(ErrorCode::solver, "the " + std::to_string(open.size()) +
                                        " open facilities cannot serve every client within their capacities")
        .hint(single_source_mode ? "open more facilities, or allow splitting a client's demand"
                                 : "open more facilities or raise capacities");
  FacilitySolution sol;
  sol.open = std::move(open);
  sol.allocations = t.allocations;
  sol.method = single_source_mode ? "single-source-assignment" : "transportation";
  if (auto ok = evaluate(inst, sol); !ok) return tl::unexpected(ok.error());
  return sol;
}

CflpBound cflp_lagrangian_bound(const FacilityInstance& inst, const CflpParams& params, double upper_bound) {
  return detail::cflp_lagrangian(inst, params, upper_bound, {}).bound;
}

Result<FacilitySolution> solve_cflp_heuristic(const FacilityInstance& inst, const CflpParams& params,
                                              const ProgressFn& progress) {
  const auto t0 = Clock::now();
  if (auto ok = validate(inst); !ok) return tl::unexpected(ok.error());
  const int32_t m = inst.num_facilities();
  const double total_demand = inst.total_demand();
  if (params.max_open < 0) return error(ErrorCode::input, "cflp: max_open must be >= 0");
  {
    // Enough capacity at all (within the K largest when K is set)?
    std::vector<double> caps = inst.capacity;
    std::sort(caps.begin(), caps.end(), std::greater<>());
    const size_t k = params.max_open > 0 ? std::min<size_t>(caps.size(), static_cast<size_t>(params.max_open)) : caps.size();
    const double best_cap = std::accumulate(caps.begin(), caps.begin() + static_cast<std::ptrdiff_t>(k), 0.0);
    if (best_cap + 1e-9 < total_demand)
      return error(ErrorCode::solver, "cflp: total demand " + std::to_string(total_demand) + " exceeds the capacity " +
                                          std::to_string(best_cap) + " of the " + std::to_string(k) +
                                          " largest facilities")
          .hint(params.max_open > 0 ? "raise the number of facilities allowed (K) or the capacities"
                                    : "add candidate facilities or raise capacities");
  }
  const bool has_deadline = params.time_limit_s > 0.0;
  const auto deadline = t0 + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(has_deadline ? params.time_limit_s : 0.0));
  SetEvaluator eval(inst, params.single_source);
  std::mt19937_64 rng(params.seed);

  // Candidate sets seen in the relaxation, best first.
  std::vector<std::pair<double, std::vector<int32_t>>> pool;
  auto consider = [&](std::vector<int32_t> set) {
    if (params.max_open > 0 && static_cast<int32_t>(set.size()) > params.max_open) return std::numeric_limits<double>::infinity();
    const double c = eval(set);
    if (std::isfinite(c)) pool.emplace_back(c, std::move(set));
    return c;
  };
  // A first solution: open facilities by fixed cost per unit capacity plus
  // average allocation cost until the demand is covered.
  {
    std::vector<double> score(static_cast<size_t>(m), 0.0);
    const Columns col = columns_of(inst);
    for (int32_t i = 0; i < m; ++i) {
      double sum = 0.0;
      for (int64_t e = col.offset[i]; e < col.offset[i + 1]; ++e) sum += col.cost[e];
      const auto cnt = static_cast<double>(col.offset[i + 1] - col.offset[i]);
      const double cap = std::min(inst.capacity[i], total_demand);
      score[i] = cnt > 0 && cap > 0 ? inst.fixed_cost[i] / cap * total_demand / std::max(1.0, cnt) + sum / cnt
                                    : std::numeric_limits<double>::infinity();
    }
    std::vector<int32_t> order(static_cast<size_t>(m));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return score[a] != score[b] ? score[a] < score[b] : a < b; });
    std::vector<int32_t> set;
    double cap = 0.0;
    for (int32_t i : order) {
      if (cap >= total_demand) break;
      set.push_back(i);
      cap += inst.capacity[i];
    }
    double c = consider(set);
    // Grow until every client can be served (sparse candidate lists) or K is reached.
    for (int32_t i : order) {
      if (std::isfinite(c)) break;
      if (std::find(set.begin(), set.end(), i) != set.end()) continue;
      if (params.max_open > 0 && static_cast<int32_t>(set.size()) >= params.max_open) break;
      set.push_back(i);
      c = consider(set);
    }
  }
  double ub = pool.empty() ? std::numeric_limits<double>::infinity() : pool.front().first;
  if (!report_progress(progress, 0.05, "cflp lagrangian relaxation")) return error(ErrorCode::solver, "cancelled");
  const detail::LagrangianRun lag = detail::cflp_lagrangian(inst, params, ub, [&](const std::vector<int32_t>& set) {
    if (has_deadline && Clock::now() > deadline) return std::numeric_limits<double>::infinity();
    std::vector<int32_t> s = set;
    if (params.max_open > 0 && static_cast<int32_t>(s.size()) > params.max_open) s.resize(static_cast<size_t>(params.max_open));
    return consider(s);
  });
  if (pool.empty())
    return error(ErrorCode::solver, "cflp: no feasible set of facilities found")
        .hint("check that every client has a candidate facility with room (capacities, K, candidate lists)");
  std::sort(pool.begin(), pool.end());
  pool.erase(std::unique(pool.begin(), pool.end()), pool.end());

  // Facilities in order of attractiveness (the relaxation's last Lagrangian
  // costs): add and swap moves only bring in the first candidate_limit closed ones.
  std::vector<int32_t> attractive(static_cast<size_t>(m));
  std::iota(attractive.begin(), attractive.end(), 0);
  if (lag.rho.size() == static_cast<size_t>(m))
    std::stable_sort(attractive.begin(), attractive.end(), [&](int32_t a, int32_t b) { return lag.rho[a] < lag.rho[b]; });
  const int32_t limit = params.candidate_limit > 0 ? params.candidate_limit : m;
  auto closed_candidates = [&](const std::vector<char>& in) {
    std::vector<int32_t> out;
    for (int32_t i : attractive) {
      if (static_cast<int32_t>(out.size()) >= limit) break;
      if (!in[i]) out.push_back(i);
    }
    return out;
  };

  // Local search over open sets from the best few distinct relaxation sets.
  auto improve = [&](std::vector<int32_t> cur, double cur_cost) {
    std::vector<char> in(static_cast<size_t>(m), 0);
    for (int32_t i : cur) in[i] = 1;
    bool improved = true;
    while (improved) {
      improved = false;
      if (has_deadline && Clock::now() > deadline) break;
      auto try_set = [&](std::vector<int32_t> cand) {
        if (params.max_open > 0 && static_cast<int32_t>(cand.size()) > params.max_open) return false;
        const double c = eval(cand);
        if (c < cur_cost - 1e-9 * std::max(1.0, cur_cost)) {
          std::sort(cand.begin(), cand.end());
          cur = std::move(cand);
          cur_cost = c;
          std::fill(in.begin(), in.end(), 0);
          for (int32_t i : cur) in[i] = 1;
          return true;
        }
        return false;
      };
      // drop
      for (size_t k = 0; k < cur.size() && !improved && cur.size() > 1; ++k) {
        std::vector<int32_t> cand = cur;
        cand.erase(cand.begin() + static_cast<std::ptrdiff_t>(k));
        improved = try_set(std::move(cand));
      }
      const std::vector<int32_t> closed = closed_candidates(in);
      // add
      for (size_t c = 0; c < closed.size() && !improved; ++c) {
        std::vector<int32_t> cand = cur;
        cand.push_back(closed[c]);
        improved = try_set(std::move(cand));
      }
      // swap (random order of the pairs, reproducible from the seed)
      std::vector<std::pair<int32_t, int32_t>> swaps;
      for (size_t k = 0; k < cur.size() && !improved; ++k)
        for (int32_t i : closed) swaps.emplace_back(static_cast<int32_t>(k), i);
      std::shuffle(swaps.begin(), swaps.end(), rng);
      for (const auto& [k, i] : swaps) {
        if (improved) break;
        if (has_deadline && Clock::now() > deadline) break;
        std::vector<int32_t> cand = cur;
        cand[static_cast<size_t>(k)] = i;
        improved = try_set(std::move(cand));
      }
    }
    return std::make_pair(cur_cost, cur);
  };
  if (!report_progress(progress, 0.5, "cflp local search")) return error(ErrorCode::solver, "cancelled");
  std::pair<double, std::vector<int32_t>> best = pool.front();
  const auto starts = static_cast<size_t>(std::max(1, params.local_search_starts));
  for (size_t s = 0; s < std::min(starts, pool.size()); ++s) {
    auto res = improve(pool[s].second, pool[s].first);
    if (res.first < best.first) best = res;
  }
  auto sol = allocate_to_open(inst, best.second, params.single_source);
  if (!sol) return sol;
  sol->lower_bound = lag.bound.value;
  sol->method = params.single_source ? "lagrangian+local-search (single-source)" : "lagrangian+local-search";
  sol->iterations = eval.evaluations();
  sol->proven_optimal = sol->objective - sol->lower_bound <= 1e-9 * std::max(1.0, sol->objective);
  sol->seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  report_progress(progress, 1.0, "cflp done");
  return sol;
}

}  // namespace jiuyou::plan
