// Pairing planner benchmark: the exact solvers next to GLPK's simplex on the
// same instances, in one run, printed as a table.
//
//   bench_pair                     1000×1000 one-to-one; 10,000 × 10,000 capacitated and funds (50 nearest each)
//   bench_pair --quick             300×300 and 2000×2000 (a smoke run)
//   bench_pair --glpk-limit 120    seconds GLPK may take per instance (default 600)
//
// The one-to-one instances are dense (every helper may take every helped unit):
// the planner's geometric costs (distance + mismatch, clamped at the unmet
// penalty) and, for comparison with published LAP figures, uniform random costs.
//
// Instances are seeded (reproducible): units spread over a 400 × 400 km square
// in metric coordinates (planar distances), helpers with 1-4 partners and
// funds, helped units with a poor population.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "gis/pair/assignment.hpp"
#include "gis/pair/planner.hpp"
#include "gis/pair/transport.hpp"

using namespace jiuyou;
using namespace jiuyou::pair;

namespace {

// CPU time of this thread: every solver here is single-threaded, and CPU time
// stays honest on a shared, oversubscribed machine where wall time does not.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Timing {
  double cpu_s = 0;
  double wall_s = 0;
};

// Median (by CPU time) of `runs` timings of f.
Timing time_median(int runs, const std::function<void()>& f) {
  std::vector<Timing> t;
  for (int i = 0; i < runs; ++i) {
    const auto w0 = std::chrono::steady_clock::now();
    const double c0 = cpu_seconds();
    f();
    t.push_back({cpu_seconds() - c0, std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count()});
  }
  std::sort(t.begin(), t.end(), [](const Timing& a, const Timing& b) { return a.cpu_s < b.cpu_s; });
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
  Timing time;
  std::string objective;
  std::string note;
};

void print(const std::vector<Row>& rows) {
  auto text = [](double s) {
    char t[32];
    if (s < 1) {
      std::snprintf(t, sizeof t, "%.1f ms", s * 1000);
    } else {
      std::snprintf(t, sizeof t, "%.2f s", s);
    }
    return std::string(t);
  };
  std::printf("\n%-34s %-40s %12s %12s %18s  %s\n", "instance", "solver", "CPU", "wall", "objective", "note");
  for (const auto& r : rows)
    std::printf("%-34s %-40s %12s %12s %18s  %s\n", r.instance.c_str(), r.solver.c_str(), text(r.time.cpu_s).c_str(),
                text(r.time.wall_s).c_str(), r.objective.c_str(), r.note.c_str());
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
  // As plan_pairs builds it: a link never costs more than leaving the unit out (its penalty).
  std::vector<int64_t> cost(n * n, 0);
  for (size_t r = 0; r < n; ++r)
    for (size_t h = 0; h < n; ++h) cost[r * n + h] = model->problem.shortage_cost[r];
  for (const auto& a : model->problem.arcs) cost[size_t{a.to} * n + a.from] = std::min(a.cost, model->problem.shortage_cost[a.to]);

  AssignmentResult jv;
  const Timing t_jv = time_median(5, [&] { jv = *solve_assignment(cost, n); });
  const int64_t jv_cost = jv.cost;
  rows.push_back({name, "Jonker-Volgenant (jiuyou)", t_jv, std::to_string(jv_cost),
                  std::string(t_jv.cpu_s < 0.05 ? "goal < 50 ms: met" : "goal < 50 ms: MISSED") + "; " + std::to_string(jv.sparse_rounds) +
                      " sparse rounds" + (jv.dense_fallback ? ", dense fallback" : "")});
  int64_t dense_cost = 0;
  const Timing t_dense = time_median(5, [&] { dense_cost = solve_assignment(cost, n, {0})->cost; });
  rows.push_back({name, "Jonker-Volgenant, dense augmentation", t_dense, std::to_string(dense_cost),
                  std::string(dense_cost == jv_cost ? "equal" : "DIFFERS") + " (the previous solver)"});

  int64_t ns_cost = 0;
  const Timing t_ns = time_median(1, [&] { ns_cost = solve_transport(model->problem)->cost; });
  rows.push_back({name, "LEMON NetworkSimplex (same as flow)", t_ns, std::to_string(ns_cost), ns_cost == jv_cost ? "equal" : "DIFFERS"});

  int64_t plan_cost = 0;
  const Timing t_plan = time_median(1, [&] { plan_cost = plan_pairs(p, params)->total_cost; });
  rows.push_back({name, "plan_pairs (costs + JV + report data)", t_plan, std::to_string(plan_cost), plan_cost == jv_cost ? "equal" : "DIFFERS"});

  TransportSolution lp_sol;
  Error lp_error;
  bool lp_ok = false;
  const Timing t_lp = time_median(1, [&] {
    auto lp = solve_transport_glpk(model->problem, glpk_limit_s);
    lp_ok = lp.has_value();
    if (lp_ok) lp_sol = *lp; else lp_error = lp.error();
  });
  if (lp_ok) {
    rows.push_back({name, "GLPK simplex (LP, presolve)", t_lp, std::to_string(lp_sol.cost),
                    std::string(lp_sol.cost == jv_cost ? "equal" : "DIFFERS") + ", JV " + std::to_string(static_cast<int>(t_lp.cpu_s / t_jv.cpu_s)) + "× less CPU"});
  } else {
    rows.push_back({name, "GLPK simplex (LP, presolve)", t_lp, "-", lp_error.message});
  }
}

// The classic benchmark class: uniform random integer costs (easier than geometric ones for JV).
void uniform_random(size_t n, double glpk_limit_s, std::vector<Row>& rows) {
  const std::string name = std::to_string(n) + "×" + std::to_string(n) + " uniform costs 0..10^5";
  std::mt19937 rng(3);
  std::uniform_int_distribution<int64_t> d(0, 100000);
  std::vector<int64_t> cost(n * n);
  for (auto& c : cost) c = d(rng);
  AssignmentResult jv;
  const Timing t_jv = time_median(5, [&] { jv = *solve_assignment(cost, n); });
  const int64_t jv_cost = jv.cost;
  rows.push_back({name, "Jonker-Volgenant (jiuyou)", t_jv, std::to_string(jv_cost),
                  std::string(t_jv.cpu_s < 0.05 ? "goal < 50 ms: met" : "goal < 50 ms: MISSED") + "; " + std::to_string(jv.sparse_rounds) +
                      " sparse rounds" + (jv.dense_fallback ? ", dense fallback" : "")});
  int64_t dense_cost = 0;
  const Timing t_dense = time_median(5, [&] { dense_cost = solve_assignment(cost, n, {0})->cost; });
  rows.push_back({name, "Jonker-Volgenant, dense augmentation", t_dense, std::to_string(dense_cost), dense_cost == jv_cost ? "equal" : "DIFFERS"});
  TransportProblem p;
  p.supply.assign(n, 1);
  p.demand.assign(n, 1);
  p.shortage_cost.assign(n, 100000LL * static_cast<int64_t>(n) + 1);
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t j = 0; j < n; ++j) p.arcs.push_back({i, j, cost[size_t{i} * n + j], 1});
  std::optional<Result<TransportSolution>> lp;
  const Timing t_lp = time_median(1, [&] { lp = solve_transport_glpk(p, glpk_limit_s); });
  if (lp && *lp) {
    rows.push_back({name, "GLPK simplex (LP, presolve)", t_lp, std::to_string((*lp)->cost),
                    std::string((*lp)->cost == jv_cost ? "equal" : "DIFFERS") + ", JV " + std::to_string(static_cast<int>(t_lp.cpu_s / t_jv.cpu_s)) + "× less CPU"});
  } else {
    rows.push_back({name, "GLPK simplex (LP, presolve)", t_lp, "-", (*lp).error().message + " (limit " + std::to_string(static_cast<int>(glpk_limit_s)) + " s)"});
  }
}

void capacitated(size_t n, int k, double glpk_limit_s, std::vector<Row>& rows, PairMode mode = PairMode::capacitated) {
  const std::string name = std::to_string(n) + "×" + std::to_string(n) + (mode == PairMode::funds ? " funds (¥10k units)" : " capacitated") +
                           ", k=" + std::to_string(k);
  PairParams params;
  params.mode = mode;
  params.candidates = k;
  const PairProblem p = instance(n, n, 11);
  PairFlowModel model;
  const Timing t_build = time_median(1, [&] { model = *build_flow_model(p, params); });
  rows.push_back({name, "candidates (grid k-nearest) + costs", t_build, "-", std::to_string(model.problem.arcs.size()) + " arcs"});

  TransportSolution ns;
  const Timing t_ns = time_median(3, [&] { ns = *solve_transport(model.problem); });
  int64_t unmet = 0;
  for (const int64_t u : ns.unmet) unmet += u;
  rows.push_back({name, "LEMON NetworkSimplex (jiuyou)", t_ns, std::to_string(ns.cost),
                  std::to_string(unmet) + (mode == PairMode::funds ? " funds units unmet" : " partners unmet")});

  int64_t plan_cost = 0;
  const Timing t_plan = time_median(1, [&] { plan_cost = plan_pairs(p, params)->total_cost; });
  rows.push_back({name, "plan_pairs (whole plan)", t_plan, std::to_string(plan_cost), plan_cost == ns.cost ? "equal" : "DIFFERS"});

  std::optional<Result<TransportSolution>> lp;
  const Timing t_lp = time_median(1, [&] { lp = solve_transport_glpk(model.problem, glpk_limit_s); });
  if (lp && *lp) {
    rows.push_back({name, "GLPK simplex (LP, presolve)", t_lp, std::to_string((*lp)->cost),
                    std::string((*lp)->cost == ns.cost ? "equal" : "DIFFERS") + ", NetworkSimplex " +
                        std::to_string(static_cast<int>(t_lp.cpu_s / t_ns.cpu_s)) + "× less CPU"});
  } else {
    rows.push_back({name, "GLPK simplex (LP, presolve)", t_lp, "-", (*lp).error().message + " (limit " + std::to_string(static_cast<int>(glpk_limit_s)) + " s)"});
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
  uniform_random(quick ? 300 : 1000, glpk_limit_s, rows);
  print(rows);
  capacitated(quick ? 2000 : 10000, 50, glpk_limit_s, rows);
  print(rows);
  capacitated(quick ? 2000 : 10000, 50, glpk_limit_s, rows, PairMode::funds);
  print(rows);
  return 0;
}
