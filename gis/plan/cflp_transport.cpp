// Multi-source allocation of a fixed open set: a min-cost-flow transportation problem (LEMON).
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <vector>

#include "gis/plan/cflp_internal.hpp"
#include "gis/plan/tolerance.hpp"

namespace jiuyou::plan {

namespace detail {

namespace {

bool all_integral(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return !std::isfinite(x) || x == std::floor(x); });
}

}  // namespace

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
        std::isfinite(cap) ? std::min<int64_t>(total, static_cast<int64_t>(std::floor(cap * scale + k_feasibility_tol))) : total;
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

double flow_scale(const FacilityInstance& inst) {
  return all_integral(inst.demand) && all_integral(inst.capacity) ? 1.0 : 1000.0;
}

}  // namespace detail

Result<FacilitySolution> allocate_to_open(const FacilityInstance& inst, std::vector<int32_t> open, bool single_source_mode) {
  if (auto ok = validate(inst); !ok) return tl::unexpected(ok.error());
  std::sort(open.begin(), open.end());
  open.erase(std::unique(open.begin(), open.end()), open.end());
  for (int32_t i : open)
    if (i < 0 || i >= inst.num_facilities())
      return error(ErrorCode::input, "open facility " + std::to_string(i) + " out of range");
  const detail::Transport t = single_source_mode ? detail::single_source(inst, open, true) : detail::transport(inst, open, detail::flow_scale(inst), true);
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

}  // namespace jiuyou::plan
