// Pairing planner benchmark: the exact solvers next to GLPK's simplex on the
// same instances, in one run, printed as a table.
//
//   bench_pair                     1000×1000 one-to-one; 10,000 × 10,000 capacitated (50 nearest each)
//   bench_pair --quick             300×300 and 2000×2000 (a smoke run)
//   bench_pair --glpk-limit 120    seconds GLPK may take per instance (default 600)
//
// Instances are seeded (reproducible): units spread over a 400 × 400 km square
// in metric coordinates (planar distances), helpers with 1-4 partners and
// funds, helped units with a poor population.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "gis/pair/assignment.hpp"
#include "gis/pair/planner.hpp"
#include "gis/pair/transport.hpp"

using namespace jiuyou;
using namespace jiuyou::pair;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Median of `runs` timings of f (seconds).
double time_median(int runs, const std::function<void()>& f) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    t.push_back(seconds_since(t0));
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

PairProblem instance(size_t n_helpers, size_t n_helped, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> xy(0, 400000.0), funds(5e6, 4e7), poor(500, 30000);
  std::uniform_int_distribution<int> partners(1, 4);
  PairProblem p;
  p.geographic = false;
  p.crs = CrsRef::epsg(4547);
  p.source = "bench";
  p.units.reserve(n_helpers + n_helped);
  for (size_t i = 0; i < n_helpers + n_helped; ++i) {
    Unit u;
    u.code = std::to_string(100000000 + i);
    u.role = i < n_helpers ? Role::helper : Role::helped;
    u.position = {xy(rng), xy(rng)};
    if (u.role == Role::helper) {
      u.funds_cny_per_year = funds(rng);
      u.max_partners = partners(rng);
    } else {
      u.poor_population = poor(rng);
    }
    p.units.push_back(std::move(u));
  }
  return p;
}

struct Row {
  std::string instance;
  std::string solver;
  double seconds;
  std::string objective;
  std::string note;
};

void print(const std::vector<Row>& rows) {
  std::printf("\n%-34s %-40s %12s %18s  %s\n", "instance", "solver", "time", "objective", "note");
  for (const auto& r : rows) {
    char t[32];
    if (r.seconds < 0) {
      std::snprintf(t, sizeof t, "-");
    } else if (r.seconds < 1) {
      std::snprintf(t, sizeof t, "%.1f ms", r.seconds * 1000);
    } else {
      std::snprintf(t, sizeof t, "%.2f s", r.seconds);
    }
    std::printf("%-34s %-40s %12s %18s  %s\n", r.instance.c_str(), r.solver.c_str(), t, r.objective.c_str(), r.note.c_str());
  }
}

void one_to_one(size_t n, double glpk_limit_s, std::vector<Row>& rows) {
  const std::string name = std::to_string(n) + "×" + std::to_string(n) + " one-to-one (dense)";
  // The dense cost matrix the planner builds: distance + need/capacity mismatch, cost units.
  PairParams params;
  params.mode = PairMode::one_to_one;
  const PairProblem p = instance(n, n, 7);
  auto model = build_flow_model(p, params);
  if (!model) {
    std::fprintf(stderr, "model: %s\n", model.error().to_string().c_str());
    std::exit(1);
  }
  std::vector<int64_t> cost(n * n, 0);
  for (const auto& a : model->problem.arcs) cost[size_t{a.to} * n + a.from] = a.cost;

  int64_t jv_cost = 0;
  const double t_jv = time_median(5, [&] { jv_cost = solve_assignment(cost, n)->cost; });
  rows.push_back({name, "Jonker-Volgenant (jiuyou)", t_jv, std::to_string(jv_cost), t_jv < 0.05 ? "goal < 50 ms: met" : "goal < 50 ms: MISSED"});

  int64_t ns_cost = 0;
  const double t_ns = time_median(1, [&] { ns_cost = solve_transport(model->problem)->cost; });
  rows.push_back({name, "LEMON NetworkSimplex (same as flow)", t_ns, std::to_string(ns_cost), ns_cost == jv_cost ? "equal" : "DIFFERS"});

  int64_t plan_cost = 0;
  const double t_plan = time_median(1, [&] { plan_cost = plan_pairs(p, params)->total_cost; });
  rows.push_back({name, "plan_pairs (costs + JV + report data)", t_plan, std::to_string(plan_cost), plan_cost == jv_cost ? "equal" : "DIFFERS"});

  const auto t0 = std::chrono::steady_clock::now();
  auto lp = solve_transport_glpk(model->problem, glpk_limit_s);
  const double t_lp = seconds_since(t0);
  if (lp) {
    rows.push_back({name, "GLPK simplex (LP, presolve)", t_lp, std::to_string(lp->cost),
                    std::string(lp->cost == jv_cost ? "equal" : "DIFFERS") + ", JV " + std::to_string(static_cast<int>(t_lp / t_jv)) + "× faster"});
  } else {
    rows.push_back({name, "GLPK simplex (LP, presolve)", t_lp, "-", lp.error().message});
  }
}

void capacitated(size_t n, int k, double glpk_limit_s, std::vector<Row>& rows) {
  const std::string name = std::to_string(n) + "×" + std::to_string(n) + " capacitated, k=" + std::to_string(k);
  PairParams params;
  params.mode = PairMode::capacitated;
  params.candidates = k;
  const PairProblem p = instance(n, n, 11);
  PairFlowModel model;
  const double t_build = time_median(1, [&] { model = *build_flow_model(p, params); });
  rows.push_back({name, "candidates (grid k-nearest) + costs", t_build, "-", std::to_string(model.problem.arcs.size()) + " arcs"});

  TransportSolution ns;
  const double t_ns = time_median(3, [&] { ns = *solve_transport(model.problem); });
  int64_t unmet = 0;
  for (const int64_t u : ns.unmet) unmet += u;
  rows.push_back({name, "LEMON NetworkSimplex (jiuyou)", t_ns, std::to_string(ns.cost), std::to_string(unmet) + " partners unmet"});

  int64_t plan_cost = 0;
  const double t_plan = time_median(1, [&] { plan_cost = plan_pairs(p, params)->total_cost; });
  rows.push_back({name, "plan_pairs (whole plan)", t_plan, std::to_string(plan_cost), plan_cost == ns.cost ? "equal" : "DIFFERS"});

  const auto t0 = std::chrono::steady_clock::now();
  auto lp = solve_transport_glpk(model.problem, glpk_limit_s);
  const double t_lp = seconds_since(t0);
  if (lp) {
    rows.push_back({name, "GLPK simplex (LP, presolve)", t_lp, std::to_string(lp->cost),
                    std::string(lp->cost == ns.cost ? "equal" : "DIFFERS") + ", NetworkSimplex " +
                        std::to_string(static_cast<int>(t_lp / t_ns)) + "× faster"});
  } else {
    rows.push_back({name, "GLPK simplex (LP, presolve)", t_lp, "-", lp.error().message + " (limit " + std::to_string(static_cast<int>(glpk_limit_s)) + " s)"});
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  double glpk_limit_s = 600;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strcmp(argv[i], "--glpk-limit") == 0 && i + 1 < argc) {
      glpk_limit_s = std::atof(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: bench_pair [--quick] [--glpk-limit SECONDS]\n");
      return 2;
    }
  }
  std::vector<Row> rows;
  one_to_one(quick ? 300 : 1000, glpk_limit_s, rows);
  print(rows);
  capacitated(quick ? 2000 : 10000, 50, glpk_limit_s, rows);
  print(rows);
  return 0;
}
