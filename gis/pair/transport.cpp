#include "gis/pair/transport.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include <glpk.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

namespace jiuyou::pair {
namespace {

Result<void> check(const TransportProblem& p) {
  if (p.demand.size() != p.shortage_cost.size())
    return error(ErrorCode::internal, "transport: " + std::to_string(p.demand.size()) + " demands but " +
                                          std::to_string(p.shortage_cost.size()) + " shortage costs");
  for (size_t h = 0; h < p.supply.size(); ++h)
    if (p.supply[h] < 0) return error(ErrorCode::input, "transport: source " + std::to_string(h) + " has negative supply");
  for (size_t r = 0; r < p.demand.size(); ++r)
    if (p.demand[r] < 0) return error(ErrorCode::input, "transport: sink " + std::to_string(r) + " has negative demand");
  for (size_t a = 0; a < p.arcs.size(); ++a) {
    const auto& arc = p.arcs[a];
    if (arc.from >= p.supply.size() || arc.to >= p.demand.size())
      return error(ErrorCode::internal, "transport: arc " + std::to_string(a) + " names a node out of range");
    if (arc.capacity < 0) return error(ErrorCode::input, "transport: arc " + std::to_string(a) + " has negative capacity");
  }
  return {};
}

}  // namespace

Result<TransportSolution> solve_transport(const TransportProblem& p) {
  if (auto ok = check(p); !ok) return tl::unexpected(ok.error());
  using Graph = lemon::SmartDigraph;
  Graph g;
  const size_t n_src = p.supply.size();
  const size_t n_dst = p.demand.size();
  g.reserveNode(static_cast<int>(n_src + n_dst + 1));
  g.reserveArc(static_cast<int>(p.arcs.size() + n_src + n_dst));
  const Graph::Node s = g.addNode();
  std::vector<Graph::Node> src(n_src), dst(n_dst);
  for (auto& n : src) n = g.addNode();
  for (auto& n : dst) n = g.addNode();
  Graph::ArcMap<int64_t> cap(g), cost(g);
  Graph::NodeMap<int64_t> supply(g, 0);
  std::vector<Graph::Arc> arc_of(p.arcs.size()), shortage_of(n_dst);
  int64_t total_demand = 0;
  for (size_t h = 0; h < n_src; ++h) {
    const Graph::Arc a = g.addArc(s, src[h]);
    cap[a] = p.supply[h];
    cost[a] = 0;
  }
  for (size_t i = 0; i < p.arcs.size(); ++i) {
    const auto& arc = p.arcs[i];
    const Graph::Arc a = g.addArc(src[arc.from], dst[arc.to]);
    cap[a] = arc.capacity;
    cost[a] = arc.cost;
    arc_of[i] = a;
  }
  for (size_t r = 0; r < n_dst; ++r) {
    const Graph::Arc a = g.addArc(s, dst[r]);
    cap[a] = p.demand[r];
    cost[a] = p.shortage_cost[r];
    shortage_of[r] = a;
    supply[dst[r]] = -p.demand[r];
    total_demand += p.demand[r];
  }
  supply[s] = total_demand;

  lemon::NetworkSimplex<Graph, int64_t, int64_t> ns(g);
  ns.upperMap(cap).costMap(cost).supplyMap(supply);
  const auto status = ns.run();
  if (status != lemon::NetworkSimplex<Graph, int64_t, int64_t>::OPTIMAL)
    return error(ErrorCode::solver, status == lemon::NetworkSimplex<Graph, int64_t, int64_t>::INFEASIBLE
                                        ? "network simplex: infeasible (a bug: the shortage arcs make every instance feasible)"
                                        : "network simplex: unbounded (a negative-cost cycle of infinite capacity)");
  TransportSolution sol;
  sol.flow.resize(p.arcs.size());
  sol.unmet.resize(n_dst);
  for (size_t i = 0; i < p.arcs.size(); ++i) sol.flow[i] = ns.flow(arc_of[i]);
  for (size_t r = 0; r < n_dst; ++r) sol.unmet[r] = ns.flow(shortage_of[r]);
  sol.cost = ns.totalCost<int64_t>();
  return sol;
}

namespace {

struct GlpDeleter {
  void operator()(glp_prob* p) const { glp_delete_prob(p); }
};

// Runs the simplex (with presolve) on an LP already built; objective or error.
Result<double> run_glpk(glp_prob* lp, double time_limit_s) {
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.presolve = GLP_ON;
  if (time_limit_s > 0) parm.tm_lim = static_cast<int>(time_limit_s * 1000.0);
  const int rc = glp_simplex(lp, &parm);
  if (rc == GLP_ETMLIM) return error(ErrorCode::solver, "GLPK: time limit reached");
  if (rc != 0) return error(ErrorCode::solver, "GLPK simplex failed (code " + std::to_string(rc) + ")");
  if (glp_get_status(lp) != GLP_OPT) return error(ErrorCode::solver, "GLPK: no optimal solution");
  return glp_get_obj_val(lp);
}

}  // namespace

Result<TransportSolution> solve_transport_glpk(const TransportProblem& p, double time_limit_s) {
  if (auto ok = check(p); !ok) return tl::unexpected(ok.error());
  glp_term_out(GLP_OFF);
  std::unique_ptr<glp_prob, GlpDeleter> lp(glp_create_prob());
  glp_set_obj_dir(lp.get(), GLP_MIN);
  const int n_src = static_cast<int>(p.supply.size());
  const int n_dst = static_cast<int>(p.demand.size());
  // Rows: 1..n_src  sum(out of h) <= supply[h];  n_src+1..n_src+n_dst  sum(into r) + unmet[r] = demand[r].
  if (n_src + n_dst > 0) glp_add_rows(lp.get(), n_src + n_dst);
  for (int h = 0; h < n_src; ++h) glp_set_row_bnds(lp.get(), h + 1, GLP_UP, 0.0, static_cast<double>(p.supply[h]));
  for (int r = 0; r < n_dst; ++r) {
    const auto d = static_cast<double>(p.demand[r]);
    glp_set_row_bnds(lp.get(), n_src + r + 1, GLP_FX, d, d);
  }
  const int n_arcs = static_cast<int>(p.arcs.size());
  const int n_cols = n_arcs + n_dst;
  if (n_cols > 0) glp_add_cols(lp.get(), n_cols);
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0.0};
  ia.reserve(2 * p.arcs.size() + p.demand.size() + 1);
  ja.reserve(ia.capacity());
  ar.reserve(ia.capacity());
  for (int a = 0; a < n_arcs; ++a) {
    const auto& arc = p.arcs[static_cast<size_t>(a)];
    glp_set_col_bnds(lp.get(), a + 1, GLP_DB, 0.0, static_cast<double>(arc.capacity));
    if (arc.capacity == 0) glp_set_col_bnds(lp.get(), a + 1, GLP_FX, 0.0, 0.0);
    glp_set_obj_coef(lp.get(), a + 1, static_cast<double>(arc.cost));
    ia.push_back(static_cast<int>(arc.from) + 1);
    ja.push_back(a + 1);
    ar.push_back(1.0);
    ia.push_back(n_src + static_cast<int>(arc.to) + 1);
    ja.push_back(a + 1);
    ar.push_back(1.0);
  }
  for (int r = 0; r < n_dst; ++r) {
    const int col = n_arcs + r + 1;
    const auto d = static_cast<double>(p.demand[static_cast<size_t>(r)]);
    if (d > 0) {
      glp_set_col_bnds(lp.get(), col, GLP_DB, 0.0, d);
    } else {
      glp_set_col_bnds(lp.get(), col, GLP_FX, 0.0, 0.0);
    }
    glp_set_obj_coef(lp.get(), col, static_cast<double>(p.shortage_cost[static_cast<size_t>(r)]));
    ia.push_back(n_src + r + 1);
    ja.push_back(col);
    ar.push_back(1.0);
  }
  glp_load_matrix(lp.get(), static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  TransportSolution sol;
  sol.flow.resize(p.arcs.size());
  sol.unmet.resize(p.demand.size());
  if (n_cols == 0) return sol;
  auto obj = run_glpk(lp.get(), time_limit_s);
  if (!obj) return tl::unexpected(obj.error());
  for (int a = 0; a < n_arcs; ++a) sol.flow[static_cast<size_t>(a)] = std::llround(glp_get_col_prim(lp.get(), a + 1));
  for (int r = 0; r < n_dst; ++r) sol.unmet[static_cast<size_t>(r)] = std::llround(glp_get_col_prim(lp.get(), n_arcs + r + 1));
  sol.cost = std::llround(*obj);
  return sol;
}

Result<int64_t> assignment_cost_glpk(const std::vector<int64_t>& cost, size_t n) {
  if (cost.size() != n * n) return error(ErrorCode::internal, "assignment LP: cost matrix size mismatch");
  TransportProblem p;
  p.supply.assign(n, 1);
  p.demand.assign(n, 1);
  // Shortage is never cheaper than any assignment: every row can take any column.
  int64_t max_cost = 0;
  for (const int64_t c : cost) max_cost = std::max(max_cost, std::abs(c));
  p.shortage_cost.assign(n, 2 * max_cost * static_cast<int64_t>(n + 1) + 1);
  p.arcs.reserve(n * n);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) p.arcs.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(j), cost[i * n + j], 1});
  auto sol = solve_transport_glpk(p);
  if (!sol) return tl::unexpected(sol.error());
  for (const int64_t u : sol->unmet)
    if (u != 0) return error(ErrorCode::solver, "assignment LP: a row was left unassigned");
  return sol->cost;
}

}  // namespace jiuyou::pair
