#include "gis/plan/cflp.hpp"

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
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
  // Integer costs: LEMON's NetworkSimplex requires integral input ("all input data must be
  // integer"). With double costs, rounding leaves reduced costs of -1e-9 that never vanish, and
  // the degenerate pivots cycle for ever (the relocation instances, whose per-unit costs span
  // 1e2..1e6, hung this way). Per-unit costs are scaled so the largest is about 2^40 (relative
  // rounding 1e-12) and no tree path's potential can overflow int64 next to LEMON's artificial
  // cost of 2^62: |cost| x (nodes + 1) stays below 2^60. The returned cost is recomputed from the
  // exact doubles.
  lemon::SmartDigraph::ArcMap<int64_t> unit(g);
  lemon::SmartDigraph::ArcMap<int64_t> upper(g);
  const double max_unit = arc_unit_cost.empty() ? 0.0 : *std::max_element(arc_unit_cost.begin(), arc_unit_cost.end());
  const double nodes = static_cast<double>(lemon::countNodes(g)) + 1.0;
  const double target = std::min(std::ldexp(1.0, 40), std::ldexp(1.0, 60) / nodes);
  const double cost_scale = max_unit > 0.0 ? target / max_unit : 1.0;
  for (size_t a = 0; a < arcs.size(); ++a) {
    unit[arcs[a]] = static_cast<int64_t>(std::llround(arc_unit_cost[a] * cost_scale));
    upper[arcs[a]] = arc_upper[a];
  }
  for (size_t k = 0; k < sink_arcs.size(); ++k) {
    unit[sink_arcs[k]] = 0;
    upper[sink_arcs[k]] = arc_upper[arcs.size() + k];
  }
  using Simplex = lemon::NetworkSimplex<lemon::SmartDigraph, int64_t, int64_t>;
  Simplex ns(g);
  ns.upperMap(upper).costMap(unit).supplyMap(supply);
  if (ns.run() != Simplex::OPTIMAL) return out;
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
    if (load[i] > inst.capacity[i] + 1e-9) return std::numeric_limits<double>::quiet_NaN();
  return cost;
}

struct SetHash {
  size_t operator()(const std::vector<int32_t>& v) const {
    uint64_t h = 1469598103934665603ULL;
    for (int32_t x : v) h = (h ^ static_cast<uint32_t>(x)) * 1099511628211ULL;
    return static_cast<size_t>(h);
  }
};

// Total cost (fixed + allocation) of an open set, +inf when it cannot serve everyone.
class SetEvaluator {
 public:
  SetEvaluator(const FacilityInstance& inst, bool single)
      : m_inst(inst), m_single(single), m_scale(flow_scale(inst)),
        m_open(static_cast<size_t>(inst.num_facilities()), 0), m_load(static_cast<size_t>(inst.num_facilities()), 0.0) {}

  double operator()(std::vector<int32_t> open) {
    std::sort(open.begin(), open.end());
    if (auto it = m_cache.find(open); it != m_cache.end()) return it->second;
    double fixed = 0.0;
    double cap = 0.0;
    for (int32_t i : open) {
      fixed += m_inst.fixed_cost[i];
      cap += m_inst.capacity[i];
    }
    double value = std::numeric_limits<double>::infinity();
    if (cap + 1e-9 >= m_inst.total_demand()) {
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
  [[nodiscard]] int64_t evaluations() const { return m_evaluations; }

 private:
  const FacilityInstance& m_inst;
  bool m_single;
  double m_scale;
  std::vector<char> m_open;
  std::vector<double> m_load;
  std::unordered_map<std::vector<int32_t>, double, SetHash> m_cache;
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

// Local search over open sets where every client is served by its cheapest open facility
// (capacities only as a feasibility check): the moves of uncapacitated facility location —
// add, drop and swap — with their exact gains from each client's cheapest and second-cheapest
// open facility, so a move costs the clients it touches instead of a min-cost flow. A move is
// taken only when no capacity is exceeded afterwards, so the set's nearest allocation stays
// optimal for it. Swaps bring in closed facilities that some client of the dropped one could
// use (locality), not a global shortlist. Returns the final set and its cost, or an empty set
// when the start's nearest allocation already breaks a capacity.
class NearestSearch {
 public:
  NearestSearch(const FacilityInstance& inst, const Columns& col, int32_t max_open)
      : m_inst(inst), m_col(col), m_max_open(max_open), m_n(inst.num_clients()), m_m(inst.num_facilities()) {}

  std::pair<double, std::vector<int32_t>> run(const std::vector<int32_t>& start, const std::function<bool()>& out_of_time) {
    m_open.assign(static_cast<size_t>(m_m), 0);
    for (int32_t i : start) m_open[i] = 1;
    m_count = static_cast<int32_t>(start.size());
    if (!reassign_all() && !repair()) return {std::numeric_limits<double>::infinity(), {}};
    std::vector<double> delta(static_cast<size_t>(m_m), 0.0);
    std::vector<int32_t> touched;
    std::vector<char> is_cand(static_cast<size_t>(m_m), 0);
    std::vector<int32_t> cands;
    for (int64_t round = 0;; ++round) {
      if ((round & 7) == 0 && out_of_time && out_of_time()) break;
      // Best add.
      double best_gain = 1e-9 * std::max(1.0, std::abs(total()));
      int kind = 0;  // 1 add, 2 drop, 3 swap
      int32_t best_in = -1, best_out = -1;
      if (m_max_open <= 0 || m_count < m_max_open) {
        for (int32_t k = 0; k < m_m; ++k) {
          if (m_open[k]) continue;
          double g = -m_inst.fixed_cost[k], load = 0.0;
          for (int64_t e = m_col.offset[k]; e < m_col.offset[k + 1]; ++e) {
            const int32_t j = m_col.client[e];
            if (m_col.cost[e] < m_cbest[j]) g += m_cbest[j] - m_col.cost[e], load += m_inst.demand[j];
          }
          if (g > best_gain && load <= m_inst.capacity[k] + 1e-9) best_gain = g, kind = 1, best_in = k;
        }
      }
      // Best drop.
      bucket_clients();
      for (int32_t i = 0; i < m_m; ++i) {
        if (!m_open[i] || m_count <= 1) continue;
        double g = m_inst.fixed_cost[i];
        bool ok = true;
        touched.clear();
        for (int64_t q = m_of_off[i]; q < m_of_off[i + 1] && ok; ++q) {
          const int32_t j = m_of[q];
          if (m_second[j] < 0) ok = false;
          else {
            g -= m_csecond[j] - m_cbest[j];
            if (delta[m_second[j]] == 0.0) touched.push_back(m_second[j]);
            delta[m_second[j]] += m_inst.demand[j];
          }
        }
        for (int32_t t : touched) {
          if (m_load[t] + delta[t] > m_inst.capacity[t] + 1e-9) ok = false;
          delta[t] = 0.0;
        }
        if (ok && g > best_gain) best_gain = g, kind = 2, best_out = i;
      }
      if (kind == 0) {
        // First improving swap: drop i, open a closed facility in some client of i's row before its second.
        for (int32_t i = 0; i < m_m && kind == 0; ++i) {
          if (!m_open[i]) continue;
          if ((i & 63) == 0 && out_of_time && out_of_time()) break;
          cands.clear();
          for (int64_t q = m_of_off[i]; q < m_of_off[i + 1]; ++q) {
            const int32_t j = m_of[q];
            const auto fac = m_inst.cost.facilities_of(j);
            const auto cost = m_inst.cost.costs_of(j);
            for (size_t e = 0; e < fac.size() && (m_second[j] < 0 || cost[e] < m_csecond[j]); ++e)
              if (!m_open[fac[e]] && !is_cand[fac[e]]) is_cand[fac[e]] = 1, cands.push_back(fac[e]);
          }
          for (int32_t k : cands) is_cand[k] = 0;
          for (int32_t k : cands) {
            const double g = swap_gain(i, k, delta, touched);
            if (g > best_gain) {
              best_gain = g, kind = 3, best_in = k, best_out = i;
              break;
            }
          }
        }
      }
      if (kind == 0) break;
      if (best_out >= 0) m_open[best_out] = 0, --m_count;
      if (best_in >= 0) m_open[best_in] = 1, ++m_count;
      if (!reassign_all()) {  // cannot happen: every move was checked
        if (best_in >= 0) m_open[best_in] = 0, --m_count;
        if (best_out >= 0) m_open[best_out] = 1, ++m_count;
        reassign_all();
        break;
      }
    }
    std::vector<int32_t> set;
    for (int32_t i = 0; i < m_m; ++i)
      if (m_open[i]) set.push_back(i);
    return {total(), set};
  }

 private:
  // Cheapest and second-cheapest open facility per client, and loads; false when a client has
  // no open facility or a capacity is exceeded.
  bool reassign_all() {
    m_best.assign(static_cast<size_t>(m_n), -1);
    m_second.assign(static_cast<size_t>(m_n), -1);
    m_cbest.assign(static_cast<size_t>(m_n), std::numeric_limits<double>::infinity());
    m_csecond.assign(static_cast<size_t>(m_n), std::numeric_limits<double>::infinity());
    m_load.assign(static_cast<size_t>(m_m), 0.0);
    for (int32_t j = 0; j < m_n; ++j) {
      const auto fac = m_inst.cost.facilities_of(j);
      const auto cost = m_inst.cost.costs_of(j);
      for (size_t e = 0; e < fac.size(); ++e) {
        if (!m_open[fac[e]]) continue;
        if (m_best[j] < 0) {
          m_best[j] = fac[e], m_cbest[j] = cost[e];
        } else {
          m_second[j] = fac[e], m_csecond[j] = cost[e];
          break;
        }
      }
      if (m_best[j] < 0) return false;
      m_load[m_best[j]] += m_inst.demand[j];
    }
    for (int32_t i = 0; i < m_m; ++i)
      if (m_load[i] > m_inst.capacity[i] + 1e-9) return false;
    return true;
  }

  // Where capacities bind (the nearest allocation overloads some facility), the same moves are
  // ranked by their uncapacitated gains and only the best few are costed exactly (`exact`: a
  // min-cost flow per set); the first that truly improves is taken.
 public:
  std::pair<double, std::vector<int32_t>> run_verified(const std::vector<int32_t>& start,
                                                       const std::function<double(const std::vector<int32_t>&)>& exact,
                                                       const std::function<bool()>& out_of_time, int32_t verify = 6) {
    m_open.assign(static_cast<size_t>(m_m), 0);
    for (int32_t i : start) m_open[i] = 1;
    m_count = static_cast<int32_t>(start.size());
    reassign_all();
    for (int32_t j = 0; j < m_n; ++j)
      if (m_best[j] < 0) return {std::numeric_limits<double>::infinity(), {}};
    std::vector<int32_t> cur(start);
    std::sort(cur.begin(), cur.end());
    double cur_cost = exact(cur);
    if (!std::isfinite(cur_cost)) return {cur_cost, {}};
    struct Move {
      double gain;
      int32_t in, out;
    };
    std::vector<Move> moves;
    std::vector<double> delta(static_cast<size_t>(m_m), 0.0);
    std::vector<int32_t> touched, cands;
    std::vector<char> is_cand(static_cast<size_t>(m_m), 0);
    while (!(out_of_time && out_of_time())) {
      moves.clear();
      if (m_max_open <= 0 || m_count < m_max_open) {
        for (int32_t k = 0; k < m_m; ++k) {
          if (m_open[k]) continue;
          double g = -m_inst.fixed_cost[k];
          bool any = false;
          for (int64_t e = m_col.offset[k]; e < m_col.offset[k + 1]; ++e) {
            const int32_t j = m_col.client[e];
            if (m_col.cost[e] < m_cbest[j]) g += m_cbest[j] - m_col.cost[e], any = true;
          }
          if (any) moves.push_back(Move{g, k, -1});
        }
      }
      bucket_clients();
      for (int32_t i = 0; i < m_m; ++i) {
        if (!m_open[i] || m_count <= 1) continue;
        double g = m_inst.fixed_cost[i];
        for (int64_t q = m_of_off[i]; q < m_of_off[i + 1]; ++q) {
          const int32_t j = m_of[q];
          g -= m_second[j] < 0 ? std::numeric_limits<double>::infinity() : m_csecond[j] - m_cbest[j];
        }
        if (std::isfinite(g)) moves.push_back(Move{g, -1, i});
        cands.clear();
        for (int64_t q = m_of_off[i]; q < m_of_off[i + 1]; ++q) {
          const auto fac = m_inst.cost.facilities_of(m_of[q]);
          int taken = 0;
          for (size_t e = 0; e < fac.size() && taken < 4; ++e) {
            if (m_open[fac[e]]) continue;
            ++taken;
            if (!is_cand[fac[e]]) is_cand[fac[e]] = 1, cands.push_back(fac[e]);
          }
        }
        for (int32_t k : cands) is_cand[k] = 0;
        for (int32_t k : cands) {
          const double g2 = swap_gain(i, k, delta, touched, false);
          if (std::isfinite(g2)) moves.push_back(Move{g2, k, i});
        }
      }
      const size_t top = std::min(moves.size(), static_cast<size_t>(std::max(1, verify)));
      std::partial_sort(moves.begin(), moves.begin() + static_cast<std::ptrdiff_t>(top), moves.end(),
                        [](const Move& a, const Move& b) { return a.gain > b.gain; });
      bool improved = false;
      for (size_t t = 0; t < top && !improved; ++t) {
        std::vector<int32_t> cand;
        for (int32_t i : cur)
          if (i != moves[t].out) cand.push_back(i);
        if (moves[t].in >= 0) cand.push_back(moves[t].in);
        std::sort(cand.begin(), cand.end());
        const double c = exact(cand);
        if (c < cur_cost - 1e-9 * std::max(1.0, std::abs(cur_cost))) {
          if (moves[t].out >= 0) m_open[moves[t].out] = 0, --m_count;
          if (moves[t].in >= 0) m_open[moves[t].in] = 1, ++m_count;
          reassign_all();
          cur = std::move(cand);
          cur_cost = c;
          improved = true;
        }
      }
      if (!improved) break;
    }
    return {cur_cost, cur};
  }

 private:
  // The start's nearest allocation overloads some facility: open, one at a time, the closed
  // facility that takes the most excess off overloaded ones (ties: the larger add gain), among the
  // first closed facilities in their clients' rows, without overloading itself. False when no
  // such facility is left (or K is reached).
  bool repair() {
    std::vector<char> is_cand(static_cast<size_t>(m_m), 0);
    std::vector<int32_t> cands;
    for (int32_t guard = 0; guard < m_m; ++guard) {
      bool unserved = false;
      for (int32_t j = 0; j < m_n; ++j) unserved = unserved || m_best[j] < 0;
      if (unserved) return false;
      std::vector<double> excess(static_cast<size_t>(m_m), 0.0);
      bool over = false;
      for (int32_t i = 0; i < m_m; ++i)
        if (m_open[i] && m_load[i] > m_inst.capacity[i] + 1e-9) excess[i] = m_load[i] - m_inst.capacity[i], over = true;
      if (!over) return true;
      if (m_max_open > 0 && m_count >= m_max_open) return false;
      cands.clear();
      for (int32_t j = 0; j < m_n; ++j) {
        if (excess[m_best[j]] <= 0.0) continue;
        const auto fac = m_inst.cost.facilities_of(j);
        int taken = 0;
        for (size_t e = 0; e < fac.size() && taken < 8; ++e) {
          if (m_open[fac[e]]) continue;
          ++taken;
          if (!is_cand[fac[e]]) is_cand[fac[e]] = 1, cands.push_back(fac[e]);
        }
      }
      for (int32_t k : cands) is_cand[k] = 0;
      int32_t best_k = -1;
      double best_r = 0.0, best_g = -std::numeric_limits<double>::infinity();
      std::vector<double> moved(static_cast<size_t>(m_m), 0.0);
      std::vector<int32_t> from;
      for (int32_t k : cands) {
        double g = -m_inst.fixed_cost[k], load = 0.0;
        from.clear();
        for (int64_t e = m_col.offset[k]; e < m_col.offset[k + 1]; ++e) {
          const int32_t j = m_col.client[e];
          if (m_col.cost[e] >= m_cbest[j]) continue;
          g += m_cbest[j] - m_col.cost[e];
          load += m_inst.demand[j];
          if (moved[m_best[j]] == 0.0) from.push_back(m_best[j]);
          moved[m_best[j]] += m_inst.demand[j];
        }
        double r = 0.0;
        for (int32_t i : from) r += std::min(excess[i], moved[i]), moved[i] = 0.0;
        if (load > m_inst.capacity[k] + 1e-9) continue;
        if (r > best_r + 1e-9 || (r > 1e-9 && std::abs(r - best_r) <= 1e-9 && g > best_g)) best_r = r, best_g = g, best_k = k;
      }
      if (best_k < 0) return false;
      m_open[best_k] = 1;
      ++m_count;
      if (reassign_all()) return true;
    }
    return false;
  }

  void bucket_clients() {
    m_of_off.assign(static_cast<size_t>(m_m) + 1, 0);
    for (int32_t j = 0; j < m_n; ++j) ++m_of_off[static_cast<size_t>(m_best[j]) + 1];
    std::partial_sum(m_of_off.begin(), m_of_off.end(), m_of_off.begin());
    m_of.resize(static_cast<size_t>(m_n));
    std::vector<int64_t> pos(m_of_off.begin(), m_of_off.end() - 1);
    for (int32_t j = 0; j < m_n; ++j) m_of[static_cast<size_t>(pos[m_best[j]]++)] = j;
  }

  // Gain of closing i and opening k (clients of i move to k or their second; others to k when cheaper).
  double swap_gain(int32_t i, int32_t k, std::vector<double>& delta, std::vector<int32_t>& touched, bool check_capacity = true) {
    double g = m_inst.fixed_cost[i] - m_inst.fixed_cost[k];
    touched.clear();
    auto move = [&](int32_t from, int32_t to, double d) {
      if (delta[from] == 0.0 && std::find(touched.begin(), touched.end(), from) == touched.end()) touched.push_back(from);
      if (delta[to] == 0.0 && std::find(touched.begin(), touched.end(), to) == touched.end()) touched.push_back(to);
      delta[from] -= d;
      delta[to] += d;
    };
    bool ok = true;
    for (int64_t q = m_of_off[i]; q < m_of_off[i + 1]; ++q) {
      const int32_t j = m_of[q];
      const double ck = m_inst.cost.cost(j, k);
      if (ck <= m_csecond[j]) {
        g -= ck - m_cbest[j];
        move(i, k, m_inst.demand[j]);
      } else if (m_second[j] >= 0) {
        g -= m_csecond[j] - m_cbest[j];
        move(i, m_second[j], m_inst.demand[j]);
      } else {
        ok = false;
      }
    }
    for (int64_t e = m_col.offset[k]; e < m_col.offset[k + 1]; ++e) {
      const int32_t j = m_col.client[e];
      if (m_best[j] == i || m_col.cost[e] >= m_cbest[j]) continue;
      g += m_cbest[j] - m_col.cost[e];
      move(m_best[j], k, m_inst.demand[j]);
    }
    for (int32_t t : touched) {
      if (check_capacity && t != i && m_load[t] + delta[t] > m_inst.capacity[t] + 1e-9) ok = false;
      delta[t] = 0.0;
    }
    return ok ? g : -std::numeric_limits<double>::infinity();
  }

  [[nodiscard]] double total() const {
    double t = 0.0;
    for (int32_t i = 0; i < m_m; ++i)
      if (m_open[i]) t += m_inst.fixed_cost[i];
    for (int32_t j = 0; j < m_n; ++j) t += m_cbest[j];
    return t;
  }

  const FacilityInstance& m_inst;
  const Columns& m_col;
  int32_t m_max_open;
  int32_t m_n, m_m;
  int32_t m_count = 0;
  std::vector<char> m_open;
  std::vector<int32_t> m_best, m_second;
  std::vector<double> m_cbest, m_csecond, m_load;
  std::vector<int64_t> m_of_off;
  std::vector<int32_t> m_of;
};

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
  // Start from a dual ascent of the uncapacitated relaxation (Erlenkotter): raise each client's
  // multiplier as far as no facility's fixed cost is over-paid, sum_j max(0, lambda_j - c_ij) <= f_i.
  // Every facility's Lagrangian cost is then >= 0, so the Lagrangian value is at least
  // sum_j lambda_j: a valid bound before the first subgradient step, and a far better start than
  // the cheapest costs when fixed costs dominate (the relocation instances: the subgradient
  // from the cheapest costs stalled at a few per cent of the optimum).
  std::vector<double> lambda(static_cast<size_t>(n));
  {
    std::vector<double> slack(inst.fixed_cost);
    // Clients with the fewest cheap alternatives first (their raise is the most constrained).
    std::vector<int32_t> order_c(static_cast<size_t>(n));
    std::iota(order_c.begin(), order_c.end(), 0);
    std::stable_sort(order_c.begin(), order_c.end(), [&](int32_t a, int32_t b) {
      return inst.cost.costs_of(a).size() < inst.cost.costs_of(b).size();
    });
    for (int32_t j : order_c) {
      const auto fac = inst.cost.facilities_of(j);
      const auto c = inst.cost.costs_of(j);
      double cap = std::numeric_limits<double>::infinity();
      double lam = c[0];
      for (size_t e = 0; e < c.size(); ++e) {
        cap = std::min(cap, c[e] + std::max(0.0, slack[fac[e]]));
        const double next = e + 1 < c.size() ? c[e + 1] : std::numeric_limits<double>::infinity();
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
  const auto primal_stride = static_cast<int32_t>(std::clamp<int64_t>(inst.cost.num_entries() / 25000, 1, 20));
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
    // A primal candidate: the facilities the relaxation opens (fractional ones too). On large
    // instances only every few iterations (each costs a min-cost flow where capacities bind).
    if (on_set && (it % primal_stride == 0 || it + 1 == params.lagrangian_iterations)) {
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

  // Nearest-allocation local search (add/drop/swap with exact gains) from the best few sets; its
  // results join the pool, costed exactly.
  if (!report_progress(progress, 0.3, "cflp nearest-allocation search")) return error(ErrorCode::solver, "cancelled");
  bool nearest_found = false;
  {
    const Columns col = columns_of(inst);
    NearestSearch search(inst, col, params.max_open);
    const auto out_of_time = [&] { return has_deadline && Clock::now() > deadline; };
    const size_t starts = std::min(pool.size(), static_cast<size_t>(std::max(1, params.local_search_starts)) + 2);
    std::vector<std::vector<int32_t>> from;
    for (size_t s = 0; s < starts; ++s) from.push_back(pool[s].second);
    for (const auto& start : from) {
      auto res = search.run(start, out_of_time);
      if (!res.second.empty()) nearest_found = std::isfinite(consider(res.second)) || nearest_found;
    }
    if (!nearest_found && m > 400) {
      // Capacities bind: the same neighbourhoods, verified by exact costing.
      std::sort(pool.begin(), pool.end());
      auto res = search.run_verified(pool.front().second, [&](const std::vector<int32_t>& set) { return eval(set); }, out_of_time);
      if (!res.second.empty()) nearest_found = std::isfinite(consider(res.second));
    }
    std::sort(pool.begin(), pool.end());
    pool.erase(std::unique(pool.begin(), pool.end()), pool.end());
  }

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
  // The set-by-set search below re-solves an allocation per move: worth it where capacities bind
  // and instances are small (the OR-Library sets); on large instances whose capacities let the
  // nearest-allocation search run it adds nothing but time.
  const auto starts = static_cast<size_t>(nearest_found && m > 400 ? 0 : std::max(1, params.local_search_starts));
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
