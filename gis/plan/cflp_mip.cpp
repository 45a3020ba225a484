// Exact CFLP through CBC (coinor-libcbc-dev): the only file that sees COIN types.
#include <CbcEventHandler.hpp>
#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <CbcTree.hpp>
#include <ClpSimplex.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gis/plan/cflp.hpp"
#include "gis/plan/cflp_internal.hpp"

namespace jiuyou::plan {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
double cpu_since(std::clock_t c0) { return static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC; }

// A lower bound known so far (`has` false: none) raised to b when b is higher.
void raise_bound(bool& has, double& bound, double b) {
  if (!has || b > bound) {
    has = true;
    bound = b;
  }
}

// Shared by the event handler and its clones (CBC copies the handler into the
// model it actually solves after preprocessing).
struct MipWatch {
  Clock::time_point t0;
  std::clock_t c0 = 0;
  bool has_deadline = false;
  Clock::time_point deadline;
  std::vector<CflpIncumbent> incumbents;
  void add(double objective) {
    if (incumbents.empty() || objective < incumbents.back().objective) incumbents.push_back({since(t0), cpu_since(c0), objective});
  }
  bool has_tree_bound = false;
  double tree_bound = 0;
  bool stopped_by_clock = false;
  [[nodiscard]] bool out_of_time() const { return has_deadline && Clock::now() >= deadline; }
};

// Records each improving solution and the tree's bound after each node, and
// stops CBC once the wall clock is past the deadline (CBC's own -sec is only
// checked at some points of the search).
class WatchHandler final : public CbcEventHandler {
 public:
  explicit WatchHandler(MipWatch* watch) : m_watch(watch) {}
  WatchHandler(const WatchHandler&) = default;
  WatchHandler& operator=(const WatchHandler&) = delete;
  ~WatchHandler() override = default;
  [[nodiscard]] CbcEventHandler* clone() const override { return new WatchHandler(*this); }

  CbcAction event(CbcEvent which) override {
    if (model_ != nullptr) {
      if (which == solution || which == heuristicSolution) {
        m_watch->add(model_->getMinimizationObjValue());
      }
      if (which == node && model_->tree() != nullptr && model_->getNodeCount() > 0) {
        // The open nodes' LP values bound every solution not yet found; with the incumbent,
        // every solution (a valid bound once the root is processed).
        double b = model_->tree()->getBestPossibleObjective();
        if (model_->bestSolution() != nullptr) b = std::min(b, model_->getMinimizationObjValue());
        if (b < 1e50) raise_bound(m_watch->has_tree_bound, m_watch->tree_bound, b);
      }
    }
    if (m_watch->out_of_time()) {
      m_watch->stopped_by_clock = true;
      return stop;
    }
    return noAction;
  }

 private:
  MipWatch* m_watch;
};

}  // namespace

Result<FacilitySolution> solve_cflp_exact(const FacilityInstance& inst, const CflpParams& params,
                                          const ProgressFn& progress, CflpMipReport* report) {
  const auto t0 = Clock::now();
  const std::clock_t c0 = std::clock();
  CflpMipReport local;
  CflpMipReport& rep = report != nullptr ? *report : local;
  rep = CflpMipReport{};
  if (auto ok = validate(inst); !ok) return tl::unexpected(ok.error());
  const int32_t n = inst.num_clients();
  const int32_t m = inst.num_facilities();
  const double total_demand = inst.total_demand();
  const bool has_deadline = params.time_limit_s > 0.0;
  const auto deadline = t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(has_deadline ? params.time_limit_s : 0.0));
  const auto seconds_left = [&] { return std::chrono::duration<double>(deadline - Clock::now()).count(); };
  const bool verbose = params.mip_log_level > 0;

  // The heuristic first: a warm start for CBC and a check that a solution exists.
  std::optional<FacilitySolution> warm;
  if (params.mip_warm_start) {
    if (!report_progress(progress, 0.0, "cflp heuristic warm start")) return error(ErrorCode::solver, "cancelled");
    CflpParams hparams = params;
    hparams.time_limit_s = has_deadline ? params.time_limit_s * 0.2 : 0.0;
    auto h = solve_cflp_heuristic(inst, hparams);
    if (!h) return h;
    warm = std::move(*h);
    rep.warm_seconds = since(t0);
  }

  // Columns: y_i (i < m), then x_e for each allowed pair e in client-major order.
  const int64_t pairs = inst.cost.num_entries();
  const int64_t cols64 = m + pairs;
  if (cols64 > 50'000'000) return error(ErrorCode::solver, "cflp exact: model too large for CBC (" + std::to_string(cols64) + " columns)")
      .hint("use the heuristic (drop --exact) or restrict candidate lists");
  const auto cols = static_cast<int>(cols64);
  std::vector<double> obj(static_cast<size_t>(cols));
  std::vector<double> col_lo(static_cast<size_t>(cols), 0.0);
  std::vector<double> col_up(static_cast<size_t>(cols), 1.0);
  std::vector<int32_t> pair_client(static_cast<size_t>(pairs));
  std::vector<int32_t> pair_facility(static_cast<size_t>(pairs));
  for (int32_t i = 0; i < m; ++i) obj[i] = inst.fixed_cost[i];
  {
    int64_t e = 0;
    for (int32_t j = 0; j < n; ++j) {
      const auto fac = inst.cost.facilities_of(j);
      const auto cost = inst.cost.costs_of(j);
      for (size_t k = 0; k < fac.size(); ++k, ++e) {
        obj[static_cast<size_t>(m + e)] = cost[k];
        pair_client[e] = j;
        pair_facility[e] = fac[k];
      }
    }
  }
  // Rows in CSR form, handed to CoinPackedMatrix in one piece (appending rows one by one
  // reallocates the whole matrix each time: quadratic, minutes at 250k rows).
  std::vector<CoinBigIndex> row_start{0};
  std::vector<int> row_index;
  std::vector<double> row_value;
  std::vector<double> row_lo;
  std::vector<double> row_up;
  row_index.reserve(static_cast<size_t>(4 * pairs + 2 * m));
  row_value.reserve(static_cast<size_t>(4 * pairs + 2 * m));
  auto end_row = [&](double lo, double up) {
    row_start.push_back(static_cast<CoinBigIndex>(row_index.size()));
    row_lo.push_back(lo);
    row_up.push_back(up);
  };
  const double inf = COIN_DBL_MAX;
  // Every client fully served.
  {
    int64_t e = 0;
    for (int32_t j = 0; j < n; ++j) {
      const auto len = static_cast<int64_t>(inst.cost.facilities_of(j).size());
      for (int64_t k = 0; k < len; ++k, ++e) {
        row_index.push_back(static_cast<int>(m + e));
        row_value.push_back(1.0);
      }
      end_row(1.0, 1.0);
    }
  }
  // Capacity: sum_j d_j x_ij <= s_i y_i (for finite capacities).
  {
    std::vector<std::vector<int64_t>> of(static_cast<size_t>(m));
    for (int64_t e = 0; e < pairs; ++e) of[pair_facility[e]].push_back(e);
    for (int32_t i = 0; i < m; ++i) {
      if (!std::isfinite(inst.capacity[i]) || inst.capacity[i] >= total_demand) continue;
      for (int64_t e : of[i]) {
        row_index.push_back(static_cast<int>(m + e));
        row_value.push_back(inst.demand[pair_client[e]]);
      }
      row_index.push_back(i);
      row_value.push_back(-inst.capacity[i]);
      end_row(-inf, 0.0);
    }
  }
  // Strong linking: x_ij <= y_i.
  for (int64_t e = 0; e < pairs; ++e) {
    row_index.push_back(static_cast<int>(m + e));
    row_value.push_back(1.0);
    row_index.push_back(pair_facility[e]);
    row_value.push_back(-1.0);
    end_row(-inf, 0.0);
  }
  // Aggregate capacity: sum_i min(s_i, D) y_i >= D (valid, tightens the relaxation).
  for (int32_t i = 0; i < m; ++i) {
    row_index.push_back(i);
    row_value.push_back(std::min(inst.capacity[i], total_demand));
  }
  end_row(total_demand, inf);
  if (params.max_open > 0) {
    for (int32_t i = 0; i < m; ++i) {
      row_index.push_back(i);
      row_value.push_back(1.0);
    }
    end_row(-inf, params.max_open);
  }
  const auto rows = static_cast<int>(row_lo.size());
  std::vector<int> row_len(static_cast<size_t>(rows));
  for (int r = 0; r < rows; ++r) row_len[r] = static_cast<int>(row_start[r + 1] - row_start[r]);
  const CoinPackedMatrix matrix(false, cols, rows, static_cast<CoinBigIndex>(row_index.size()), row_value.data(), row_index.data(),
                                row_start.data(), row_len.data());

  OsiClpSolverInterface solver;
  solver.loadProblem(matrix, col_lo.data(), col_up.data(), obj.data(), row_lo.data(), row_up.data());
  for (int32_t i = 0; i < m; ++i) solver.setInteger(i);
  if (params.single_source)
    for (int c = m; c < cols; ++c) solver.setInteger(c);
  solver.messageHandler()->setLogLevel(verbose ? 1 : 0);
  solver.setHintParam(OsiDoReducePrint, !verbose, OsiHintTry);
  rep.build_seconds = since(t0) - rep.warm_seconds;
  if (verbose) std::printf("cflp exact: %d rows, %d columns, %lld elements built in %.2f s\n", rows, cols, static_cast<long long>(row_index.size()), rep.build_seconds);

  // The root LP under Clp's own wall-clock limit: CBC checks its limit only between phases,
  // and an LP this size may take longer than the whole limit.
  if (!report_progress(progress, 0.1, "cflp LP relaxation (Clp)")) return error(ErrorCode::solver, "cancelled");
  bool lp_started = false;
  if (has_deadline && seconds_left() <= 0.0) {
    if (verbose) std::printf("cflp exact: no time left for the root LP\n");
  } else {
    lp_started = true;
    const auto tl0 = Clock::now();
    ClpSimplex* clp = solver.getModelPtr();
    if (has_deadline) clp->setMaximumWallSeconds(seconds_left());
    solver.initialSolve();
    rep.root_lp_seconds = since(tl0);
    clp->setMaximumWallSeconds(-1.0);
    if (solver.isProvenOptimal()) {
      rep.root_lp_solved = true;
      rep.root_lp_value = solver.getObjValue();
      rep.has_bound = true;
      rep.bound = rep.root_lp_value;
    } else if (solver.isProvenPrimalInfeasible()) {
      rep.status = "infeasible";
      rep.seconds = since(t0);
      return error(ErrorCode::solver, "cflp exact: the LP relaxation is infeasible")
          .hint("capacities, K or candidate lists leave some demand unserved");
    }
    if (verbose)
      std::printf("cflp exact: root LP %s in %.2f s%s\n", rep.root_lp_solved ? "solved" : "NOT solved", rep.root_lp_seconds,
                  rep.root_lp_solved ? (", value " + std::to_string(rep.root_lp_value)).c_str() : "");
  }

  MipWatch watch;
  watch.t0 = t0;
  watch.c0 = c0;
  watch.has_deadline = has_deadline;
  watch.deadline = deadline;
  CbcModel model(solver);
  model.setLogLevel(params.mip_log_level);
  model.messageHandler()->setLogLevel(params.mip_log_level);
  if (warm) {
    // The heuristic's solution as the incumbent.
    std::vector<double> start(static_cast<size_t>(cols), 0.0);
    for (int32_t i : warm->open) start[i] = 1.0;
    std::vector<int64_t> first(static_cast<size_t>(n) + 1, 0);
    for (int32_t j = 0; j < n; ++j) first[j + 1] = first[j] + static_cast<int64_t>(inst.cost.facilities_of(j).size());
    for (const auto& a : warm->allocations) {
      const auto fac = inst.cost.facilities_of(a.client);
      const auto it = std::find(fac.begin(), fac.end(), a.facility);
      start[static_cast<size_t>(m + first[a.client] + (it - fac.begin()))] = a.share;
    }
    // Not re-checked by CBC (a primal LP with the integers fixed: seconds at 250k rows);
    // evaluate() already checked it and the allocation is exact.
    model.setBestSolution(start.data(), cols, warm->objective, false);
    watch.add(warm->objective);
  }
  const bool lp_in_time = rep.root_lp_solved && !(has_deadline && seconds_left() <= 0.0);
  if (lp_in_time) {
    if (!report_progress(progress, 0.2, "cflp branch and bound (CBC)")) return error(ErrorCode::solver, "cancelled");
    const WatchHandler handler(&watch);
    model.passInEventHandler(&handler);
    CbcMain0(model);
    const std::string log = std::to_string(params.mip_log_level);
    std::vector<std::string> args = {"jiuyou", "-log", log, "-slog", log, "-ratio", std::to_string(params.mip_relative_gap), "-allowableGap", "1e-7"};
    if (has_deadline) {
      args.emplace_back("-timeMode");  // wall-clock seconds, as the caller's limit means (CBC's default is CPU time)
      args.emplace_back("elapsed");
      args.emplace_back("-sec");
      args.push_back(std::to_string(std::max(0.1, seconds_left())));
    }
    args.emplace_back("-solve");
    args.emplace_back("-quit");
    std::vector<const char*> argv;
    argv.reserve(args.size());
    for (const auto& a : args) argv.push_back(a.c_str());
    CbcMain1(static_cast<int>(argv.size()), argv.data(), model);
  }
  rep.nodes = model.getNodeCount();

  const double* best = lp_in_time ? model.bestSolution() : nullptr;
  FacilitySolution sol;
  bool from_cbc = false;
  if (best == nullptr) {
    if (lp_in_time && model.isProvenInfeasible()) {
      rep.status = "infeasible";
      rep.seconds = since(t0);
      return error(ErrorCode::solver, "cflp exact: the model is infeasible")
          .hint("capacities, K or candidate lists leave some demand unserved");
    }
  } else {
    std::vector<int32_t> open;
    for (int32_t i = 0; i < m; ++i)
      if (best[i] > 0.5) open.push_back(i);
    if (params.single_source) {
      sol.open = open;
      for (int64_t e = 0; e < pairs; ++e)
        if (best[m + e] > 0.5) sol.allocations.push_back({pair_client[e], pair_facility[e], 1.0});
      if (auto ok = evaluate(inst, sol); !ok) return tl::unexpected(ok.error());
    } else {
      // Re-solve the allocation exactly for CBC's open set (removes tolerance noise).
      auto alloc = allocate_to_open(inst, open, false);
      if (!alloc) return alloc;
      sol = std::move(*alloc);
    }
    from_cbc = true;
  }
  const bool proven = lp_in_time && model.isProvenOptimal();
  // CBC's best possible after its root (the cut loop's LP value, or the tree's): its getter
  // returns the incumbent while no bound was ever set, so only a value below the incumbent
  // (and not below the root LP, which it only tightens) counts.
  if (lp_in_time) {
    const double b = model.getBestPossibleObjValue();
    const double inc = model.bestSolution() != nullptr ? model.getMinimizationObjValue() : inf;
    if (verbose) std::printf("cflp exact: CBC best possible %.6f, incumbent %.6f\n", b, inc);
    if (b < 1e50 && b < inc - 1e-9 * std::max(1.0, std::abs(inc)) && b >= rep.root_lp_value - 1e-6 * std::max(1.0, std::abs(rep.root_lp_value)))
      raise_bound(watch.has_tree_bound, watch.tree_bound, b);
  }
  if (watch.has_tree_bound) raise_bound(rep.has_bound, rep.bound, watch.tree_bound);
  if (from_cbc) {
    rep.has_incumbent = true;
    rep.incumbent = warm ? std::min(sol.objective, warm->objective) : sol.objective;
    rep.incumbent_seconds = watch.incumbents.empty() ? since(t0) : watch.incumbents.back().seconds;
  } else if (warm) {
    rep.has_incumbent = true;
    rep.incumbent = warm->objective;
    rep.incumbent_seconds = rep.warm_seconds;
  }
  // CBC proved optimality within its gaps; its reported best-possible value is
  // not always updated when the root or a heuristic closes the search.
  if (proven && rep.has_incumbent) {
    raise_bound(rep.has_bound, rep.bound, rep.incumbent - std::max(1e-7, params.mip_relative_gap * std::abs(rep.incumbent)));
  }
  if (rep.has_bound && rep.has_incumbent) rep.bound = std::min(rep.bound, rep.incumbent);
  rep.incumbents = watch.incumbents;
  if (proven) rep.status = "optimal";
  else if (!lp_started) rep.status = "time limit before the root LP (no CBC search, no LP bound)";
  else if (!rep.root_lp_solved) rep.status = "time limit in the root LP (no CBC search, no LP bound)";
  else if (!lp_in_time) rep.status = "time limit right after the root LP";
  else if (watch.stopped_by_clock || model.isSecondsLimitReached()) rep.status = "time limit in the search";
  else rep.status = "stopped (CBC status " + std::to_string(model.status()) + ", secondary " + std::to_string(model.secondaryStatus()) + ")";
  rep.seconds = since(t0);
  rep.cpu_seconds = cpu_since(c0);

  if (!from_cbc) {
    if (!warm)
      return error(ErrorCode::solver, "cflp exact: no solution within the time limit (" + rep.status + ")")
          .hint("raise the time limit or use the heuristic");
    sol = *warm;  // time limit before CBC improved on the warm start
  } else if (warm && warm->objective < sol.objective) {
    sol = *warm;
  }
  sol.method = params.single_source ? "cbc (single-source)" : "cbc";
  sol.proven_optimal = proven;
  sol.lower_bound = -inf;
  if (warm) sol.lower_bound = warm->lower_bound;
  if (rep.has_bound) sol.lower_bound = std::max(sol.lower_bound, rep.bound);
  if (!std::isfinite(sol.lower_bound) || sol.lower_bound < -1e300) sol.lower_bound = 0.0;  // costs are >= 0
  sol.lower_bound = std::min(sol.lower_bound, sol.objective);
  sol.iterations = rep.nodes;
  sol.seconds = rep.seconds;
  report_progress(progress, 1.0, "cflp done");
  return sol;
}

}  // namespace jiuyou::plan
