// The CFLP heuristic as named steps: enough capacity at all, a first set, the
// Lagrangian relaxation's sets, the nearest-allocation search, the set-by-set
// search, and the exact allocation of the best set.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <utility>
#include <vector>

#include "gis/plan/cflp.hpp"
#include "gis/plan/cflp_internal.hpp"
#include "gis/plan/time_limit.hpp"
#include "gis/plan/tolerance.hpp"

namespace jiuyou::plan {

namespace {

using detail::Columns;
using detail::SetAndCost;
using detail::SetEvaluator;

constexpr double k_inf = std::numeric_limits<double>::infinity();

// Enough capacity at all (within the K largest when K is set)?
Result<void> check_total_capacity(const FacilityInstance& inst, const CflpParams& params) {
  const double total_demand = inst.total_demand();
  std::vector<double> caps = inst.capacity;
  std::sort(caps.begin(), caps.end(), std::greater<>());
  const size_t k = params.max_open > 0 ? std::min<size_t>(caps.size(), static_cast<size_t>(params.max_open)) : caps.size();
  const double best_cap = std::accumulate(caps.begin(), caps.begin() + static_cast<std::ptrdiff_t>(k), 0.0);
  if (fits(total_demand, best_cap)) return {};
  return error(ErrorCode::solver, "cflp: total demand " + std::to_string(total_demand) + " exceeds the capacity " +
                                      std::to_string(best_cap) + " of the " + std::to_string(k) + " largest facilities")
      .hint(params.max_open > 0 ? "raise the number of facilities allowed (K) or the capacities"
                                : "add candidate facilities or raise capacities");
}

// The sets found so far with their exact costs; `consider` costs a set and keeps it when feasible.
struct SetPool {
  const CflpParams& params;
  SetEvaluator& eval;
  std::vector<SetAndCost> sets;

  double consider(std::vector<int32_t> set) {
    if (params.max_open > 0 && static_cast<int32_t>(set.size()) > params.max_open) return k_inf;
    const double c = eval(set);
    if (std::isfinite(c)) sets.emplace_back(c, std::move(set));
    return c;
  }
  void sort_unique() {
    std::sort(sets.begin(), sets.end());
    sets.erase(std::unique(sets.begin(), sets.end()), sets.end());
  }
};

// A first solution: open facilities by fixed cost per unit capacity plus average allocation
// cost until the demand is covered, then grow until every client can be served (sparse
// candidate lists) or K is reached.
void first_set(const FacilityInstance& inst, const Columns& col, const CflpParams& params, SetPool& pool) {
  const int32_t m = inst.num_facilities();
  const double total_demand = inst.total_demand();
  std::vector<double> score(static_cast<size_t>(m), 0.0);
  for (int32_t i = 0; i < m; ++i) {
    double sum = 0.0;
    for (int64_t e = col.offset[i]; e < col.offset[i + 1]; ++e) sum += col.cost[e];
    const auto cnt = static_cast<double>(col.offset[i + 1] - col.offset[i]);
    const double cap = std::min(inst.capacity[i], total_demand);
    score[i] = cnt > 0 && cap > 0 ? inst.fixed_cost[i] / cap * total_demand / std::max(1.0, cnt) + sum / cnt : k_inf;
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
  double c = pool.consider(set);
  for (int32_t i : order) {
    if (std::isfinite(c)) break;
    if (std::find(set.begin(), set.end(), i) != set.end()) continue;
    if (params.max_open > 0 && static_cast<int32_t>(set.size()) >= params.max_open) break;
    set.push_back(i);
    c = pool.consider(set);
  }
}

// Nearest-allocation local search (add/drop/swap with exact gains) from the best few sets; its
// results join the pool, costed exactly. True when it found a set (capacities let it run).
bool nearest_phase(const FacilityInstance& inst, const Columns& col, const CflpParams& params, SetPool& pool,
                   const std::function<bool()>& out_of_time) {
  bool found = false;
  const size_t starts = std::min(pool.sets.size(), static_cast<size_t>(std::max(1, params.local_search_starts)) + 2);
  std::vector<std::vector<int32_t>> from;
  for (size_t s = 0; s < starts; ++s) from.push_back(pool.sets[s].second);
  for (const auto& start : from) {
    auto res = detail::nearest_search(inst, col, params.max_open, start, out_of_time);
    if (!res.second.empty()) found = std::isfinite(pool.consider(res.second)) || found;
  }
  if (!found && inst.num_facilities() > 400) {
    // Capacities bind: the same neighbourhoods, verified by exact costing.
    std::sort(pool.sets.begin(), pool.sets.end());
    auto res = detail::nearest_search_verified(inst, col, params.max_open, pool.sets.front().second,
                                               [&](const std::vector<int32_t>& set) { return pool.eval(set); }, out_of_time);
    if (!res.second.empty()) found = std::isfinite(pool.consider(res.second));
  }
  pool.sort_unique();
  return found;
}

// Set-by-set local search: drop, add (the most attractive closed facilities by the
// relaxation's Lagrangian costs, at most candidate_limit) and swap (random order of the pairs,
// reproducible from the seed), each costed exactly; the first improving move is taken.
class SetSearch {
 public:
  SetSearch(const FacilityInstance& inst, const CflpParams& params, SetEvaluator& eval, const std::vector<double>& rho)
      : m_params(params), m_eval(eval), m_m(inst.num_facilities()), m_attractive(static_cast<size_t>(m_m)), m_rng(params.seed) {
    std::iota(m_attractive.begin(), m_attractive.end(), 0);
    if (rho.size() == static_cast<size_t>(m_m))
      std::stable_sort(m_attractive.begin(), m_attractive.end(), [&](int32_t a, int32_t b) { return rho[a] < rho[b]; });
    m_limit = params.candidate_limit > 0 ? params.candidate_limit : m_m;
  }

  SetAndCost improve(std::vector<int32_t> cur, double cur_cost, const TimeLimit& limit) {
    m_cur = std::move(cur);
    m_cost = cur_cost;
    m_in.assign(static_cast<size_t>(m_m), 0);
    for (int32_t i : m_cur) m_in[i] = 1;
    bool improved = true;
    while (improved) {
      if (limit.expired()) break;
      improved = try_drops() || try_adds() || try_swaps(limit);
    }
    return {m_cost, m_cur};
  }

 private:
  bool try_set(std::vector<int32_t> cand) {
    if (m_params.max_open > 0 && static_cast<int32_t>(cand.size()) > m_params.max_open) return false;
    const double c = m_eval(cand);
    if (!improves(c, m_cost)) return false;
    std::sort(cand.begin(), cand.end());
    m_cur = std::move(cand);
    m_cost = c;
    std::fill(m_in.begin(), m_in.end(), 0);
    for (int32_t i : m_cur) m_in[i] = 1;
    return true;
  }
  [[nodiscard]] std::vector<int32_t> closed_candidates() const {
    std::vector<int32_t> out;
    for (int32_t i : m_attractive) {
      if (static_cast<int32_t>(out.size()) >= m_limit) break;
      if (!m_in[i]) out.push_back(i);
    }
    return out;
  }
  bool try_drops() {
    for (size_t k = 0; k < m_cur.size() && m_cur.size() > 1; ++k) {
      std::vector<int32_t> cand = m_cur;
      cand.erase(cand.begin() + static_cast<std::ptrdiff_t>(k));
      if (try_set(std::move(cand))) return true;
    }
    return false;
  }
  bool try_adds() {
    m_closed = closed_candidates();
    for (int32_t i : m_closed) {
      std::vector<int32_t> cand = m_cur;
      cand.push_back(i);
      if (try_set(std::move(cand))) return true;
    }
    return false;
  }
  bool try_swaps(const TimeLimit& limit) {
    std::vector<std::pair<int32_t, int32_t>> swaps;
    for (size_t k = 0; k < m_cur.size(); ++k)
      for (int32_t i : m_closed) swaps.emplace_back(static_cast<int32_t>(k), i);
    std::shuffle(swaps.begin(), swaps.end(), m_rng);
    for (const auto& [k, i] : swaps) {
      if (limit.expired()) break;
      std::vector<int32_t> cand = m_cur;
      cand[static_cast<size_t>(k)] = i;
      if (try_set(std::move(cand))) return true;
    }
    return false;
  }

  const CflpParams& m_params;
  SetEvaluator& m_eval;
  int32_t m_m;
  std::vector<int32_t> m_attractive;
  int32_t m_limit = 0;
  std::mt19937_64 m_rng;
  std::vector<int32_t> m_cur, m_closed;
  double m_cost = 0.0;
  std::vector<char> m_in;
};

}  // namespace

Result<FacilitySolution> solve_cflp_heuristic(const FacilityInstance& inst, const CflpParams& params,
                                              const ProgressFn& progress) {
  const TimeLimit limit(params.time_limit_s);
  if (auto ok = validate(inst); !ok) return tl::unexpected(ok.error());
  if (params.max_open < 0) return error(ErrorCode::input, "cflp: max_open must be >= 0");
  if (auto ok = check_total_capacity(inst, params); !ok) return tl::unexpected(ok.error());
  SetEvaluator eval(inst, params.single_source);
  SetPool pool{params, eval, {}};
  const Columns col = detail::columns_of(inst);
  first_set(inst, col, params, pool);

  if (!report_progress(progress, 0.05, "cflp lagrangian relaxation")) return cancelled_error("cflp lagrangian relaxation");
  const double ub = pool.sets.empty() ? k_inf : pool.sets.front().first;
  const detail::LagrangianRun lag = detail::cflp_lagrangian(inst, params, ub, [&](const std::vector<int32_t>& set) {
    if (limit.expired()) return k_inf;
    std::vector<int32_t> s = set;
    if (params.max_open > 0 && static_cast<int32_t>(s.size()) > params.max_open) s.resize(static_cast<size_t>(params.max_open));
    return pool.consider(s);
  });
  if (pool.sets.empty())
    return error(ErrorCode::solver, "cflp: no feasible set of facilities found")
        .hint("check that every client has a candidate facility with room (capacities, K, candidate lists)");
  pool.sort_unique();

  if (!report_progress(progress, 0.3, "cflp nearest-allocation search")) return cancelled_error("cflp nearest-allocation search");
  const bool nearest_found = nearest_phase(inst, col, params, pool, [&] { return limit.expired(); });

  if (!report_progress(progress, 0.5, "cflp local search")) return cancelled_error("cflp local search");
  SetAndCost best = pool.sets.front();
  // The set-by-set search re-solves an allocation per move: worth it where capacities bind and
  // instances are small (the OR-Library sets); on large instances whose capacities let the
  // nearest-allocation search run it adds nothing but time.
  SetSearch search(inst, params, eval, lag.rho);
  const auto starts = static_cast<size_t>(nearest_found && inst.num_facilities() > 400 ? 0 : std::max(1, params.local_search_starts));
  for (size_t s = 0; s < std::min(starts, pool.sets.size()); ++s) {
    auto res = search.improve(pool.sets[s].second, pool.sets[s].first, limit);
    if (res.first < best.first) best = res;
  }
  auto sol = allocate_to_open(inst, best.second, params.single_source);
  if (!sol) return sol;
  sol->lower_bound = lag.bound.value;
  sol->method = params.single_source ? "lagrangian+local-search (single-source)" : "lagrangian+local-search";
  sol->iterations = eval.evaluations();
  sol->proven_optimal = sol->objective - sol->lower_bound <= objective_tol(sol->objective);
  sol->stopped_by_time_limit = limit.expired() && !sol->proven_optimal;
  sol->seconds = limit.elapsed();
  report_progress(progress, 1.0, "cflp done");
  return sol;
}

}  // namespace jiuyou::plan
