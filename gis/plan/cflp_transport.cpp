// Multi-source allocation of a fixed open set: a min-cost-flow transportation problem (LEMON).
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>
#include <vector>

#include "gis/plan/cflp_internal.hpp"
#include "gis/plan/tolerance.hpp"

namespace jiuyou::plan {

namespace detail {

namespace {

bool all_integral(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return !std::isfinite(x) || x == std::floor(x); });
}

using Graph = lemon::SmartDigraph;

// The flow network of one open set: client nodes (supply = demand units) ->
// open-facility nodes -> one sink, and per arc what it stands for.
struct FlowNetwork {
  Graph g;
  Graph::NodeMap<int64_t> supply{g, 0};
  std::vector<Graph::Node> facility_node;              // per open slot
  Graph::Node sink;
  std::vector<Graph::Arc> arcs;                        // client -> facility
  std::vector<std::pair<int32_t, int32_t>> arc_pair;   // (client, facility) per arc
  std::vector<Graph::Arc> sink_arcs;                   // facility -> sink, per open slot
  std::vector<double> arc_unit_cost;                   // arcs, then sink arcs
  std::vector<int64_t> arc_upper;                      // arcs, then sink arcs
  int64_t total = 0;                                   // demand units in all
  double zero_demand_cost = 0.0;                       // of clients that take no capacity
};

void add_facility_nodes(size_t open_count, int32_t clients, FlowNetwork& net) {
  net.g.reserveNode(clients + static_cast<int>(open_count) + 1);
  net.facility_node.reserve(open_count);
  for (size_t k = 0; k < open_count; ++k) net.facility_node.push_back(net.g.addNode());
  net.sink = net.g.addNode();
}

// One node per client with demand, an arc to each allowed open facility; a client
// without demand goes to its cheapest open facility. False when a client has none.
bool add_clients(const FacilityInstance& inst, const std::vector<int32_t>& slot, double scale, bool want_allocations,
                 FlowNetwork& net, Transport& out) {
  for (int32_t j = 0; j < inst.num_clients(); ++j) {
    const auto fac = inst.cost.facilities_of(j);
    const auto cost = inst.cost.costs_of(j);
    const auto dj = static_cast<int64_t>(std::llround(inst.demand[j] * scale));
    if (dj <= 0) {
      // Takes no capacity: the cheapest open facility serves it.
      size_t e = 0;
      while (e < fac.size() && slot[fac[e]] < 0) ++e;
      if (e == fac.size()) return false;
      net.zero_demand_cost += cost[e];
      if (want_allocations) out.allocations.push_back({j, fac[e], 1.0});
      continue;
    }
    const Graph::Node c = net.g.addNode();
    net.supply[c] = dj;
    net.total += dj;
    bool any = false;
    for (size_t e = 0; e < fac.size(); ++e) {
      if (slot[fac[e]] < 0) continue;
      net.arcs.push_back(net.g.addArc(c, net.facility_node[slot[fac[e]]]));
      net.arc_pair.emplace_back(j, fac[e]);
      net.arc_unit_cost.push_back(cost[e] / static_cast<double>(dj));
      net.arc_upper.push_back(dj);
      any = true;
    }
    if (!any) return false;
  }
  return true;
}

// The sink takes every unit; each open facility passes at most its capacity.
void add_capacities(const FacilityInstance& inst, const std::vector<int32_t>& open, double scale, FlowNetwork& net) {
  net.supply[net.sink] = -net.total;
  for (size_t k = 0; k < open.size(); ++k) {
    const double cap = inst.capacity[open[k]];
    const int64_t cap_units =
        std::isfinite(cap) ? std::min<int64_t>(net.total, static_cast<int64_t>(std::floor(cap * scale + k_feasibility_tol))) : net.total;
    net.sink_arcs.push_back(net.g.addArc(net.facility_node[k], net.sink));
    net.arc_unit_cost.push_back(0.0);
    net.arc_upper.push_back(cap_units);
  }
}

// The optimal flow per client arc, or nothing when no flow meets every demand.
// Integer costs: LEMON's NetworkSimplex requires integral input ("all input data must be
// integer"). With double costs, rounding leaves reduced costs of -1e-9 that never vanish, and
// the degenerate pivots cycle for ever (the relocation instances, whose per-unit costs span
// 1e2..1e6, hung this way). Per-unit costs are scaled so the largest is about 2^40 (relative
// rounding 1e-12) and no tree path's potential can overflow int64 next to LEMON's artificial
// cost of 2^62: |cost| x (nodes + 1) stays below 2^60. The returned cost is recomputed from the
// exact doubles.
std::optional<std::vector<int64_t>> solve_flow(FlowNetwork& net) {
  Graph::ArcMap<int64_t> unit(net.g);
  Graph::ArcMap<int64_t> upper(net.g);
  const auto& unit_cost = net.arc_unit_cost;
  const double max_unit = unit_cost.empty() ? 0.0 : *std::max_element(unit_cost.begin(), unit_cost.end());
  const double nodes = static_cast<double>(lemon::countNodes(net.g)) + 1.0;
  const double target = std::min(std::ldexp(1.0, 40), std::ldexp(1.0, 60) / nodes);
  const double cost_scale = max_unit > 0.0 ? target / max_unit : 1.0;
  for (size_t a = 0; a < net.arcs.size(); ++a) {
    unit[net.arcs[a]] = static_cast<int64_t>(std::llround(unit_cost[a] * cost_scale));
    upper[net.arcs[a]] = net.arc_upper[a];
  }
  for (size_t k = 0; k < net.sink_arcs.size(); ++k) {
    unit[net.sink_arcs[k]] = 0;
    upper[net.sink_arcs[k]] = net.arc_upper[net.arcs.size() + k];
  }
  using Simplex = lemon::NetworkSimplex<Graph, int64_t, int64_t>;
  Simplex ns(net.g);
  ns.upperMap(upper).costMap(unit).supplyMap(net.supply);
  if (ns.run() != Simplex::OPTIMAL) return std::nullopt;
  std::vector<int64_t> flow(net.arcs.size());
  for (size_t a = 0; a < net.arcs.size(); ++a) flow[a] = ns.flow(net.arcs[a]);
  return flow;
}

// Shares and cost from the flows, the cost from the exact (unscaled) doubles.
void read_flows(const FacilityInstance& inst, double scale, const FlowNetwork& net, const std::vector<int64_t>& flow,
                bool want_allocations, Transport& out) {
  out.feasible = true;
  double cost = net.zero_demand_cost;
  for (size_t a = 0; a < net.arcs.size(); ++a) {
    const int64_t f = flow[a];
    if (f <= 0) continue;
    const auto [j, i] = net.arc_pair[a];
    const double share = static_cast<double>(f) / static_cast<double>(std::llround(inst.demand[j] * scale));
    cost += share * inst.cost.cost(j, i);
    if (want_allocations) out.allocations.push_back({j, i, share});
  }
  out.cost = cost;
  if (want_allocations)
    std::sort(out.allocations.begin(), out.allocations.end(), [](const Allocation& a, const Allocation& b) {
      return a.client != b.client ? a.client < b.client : a.facility < b.facility;
    });
}

}  // namespace

Transport transport(const FacilityInstance& inst, const std::vector<int32_t>& open, double scale, bool want_allocations) {
  Transport out;
  std::vector<int32_t> slot(static_cast<size_t>(inst.num_facilities()), -1);
  for (size_t k = 0; k < open.size(); ++k) slot[open[k]] = static_cast<int32_t>(k);
  FlowNetwork net;
  add_facility_nodes(open.size(), inst.num_clients(), net);
  if (!add_clients(inst, slot, scale, want_allocations, net, out)) return out;  // not feasible
  add_capacities(inst, open, scale, net);
  const auto flow = solve_flow(net);
  if (!flow) return out;
  read_flows(inst, scale, net, *flow, want_allocations, out);
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
