// Exact CFLP through CBC (coinor-libcbc-dev): the only file that sees COIN types.
#include <CbcEventHandler.hpp>
#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <CbcTree.hpp>
#include <ClpSimplex.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gis/plan/cflp.hpp"
#include "gis/plan/cflp_internal.hpp"
#include "gis/plan/time_limit.hpp"
#include "gis/plan/tolerance.hpp"

namespace jiuyou::plan {

namespace {

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
  const TimeLimit* limit = nullptr;
  std::clock_t c0 = 0;
  std::vector<CflpIncumbent> incumbents;
  void add(double objective) {
    if (incumbents.empty() || objective < incumbents.back().objective) incumbents.push_back({limit->elapsed(), cpu_since(c0), objective});
  }
  bool has_tree_bound = false;
  double tree_bound = 0;
  bool stopped_by_clock = false;
  [[nodiscard]] bool out_of_time() const { return limit->expired(); }
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

// The MIP in Clp/CBC's terms: columns y_i (i < m), then x_e for each allowed pair e in
// client-major order; rows in CSR form.
struct MipModel {
  int32_t n = 0, m = 0;
  int64_t pairs = 0;
  int cols = 0, rows = 0;
  std::vector<double> obj, col_lo, col_up;
  std::vector<int32_t> pair_client, pair_facility;
  std::vector<CoinBigIndex> row_start{0};
  std::vector<int> row_index;
  std::vector<double> row_value, row_lo, row_up;

  void end_row(double lo, double up) {
    row_start.push_back(static_cast<CoinBigIndex>(row_index.size()));
    row_lo.push_back(lo);
    row_up.push_back(up);
  }
};

Result<MipModel> mip_columns(const FacilityInstance& inst) {
  MipModel mm;
  mm.n = inst.num_clients();
  mm.m = inst.num_facilities();
  mm.pairs = inst.cost.num_entries();
  const int64_t cols64 = mm.m + mm.pairs;
  if (cols64 > 50'000'000) return error(ErrorCode::solver, "cflp exact: model too large for CBC (" + std::to_string(cols64) + " columns)")
      .hint("use the heuristic (drop --exact) or restrict candidate lists");
  mm.cols = static_cast<int>(cols64);
  mm.obj.assign(static_cast<size_t>(mm.cols), 0.0);
  mm.col_lo.assign(static_cast<size_t>(mm.cols), 0.0);
  mm.col_up.assign(static_cast<size_t>(mm.cols), 1.0);
  mm.pair_client.resize(static_cast<size_t>(mm.pairs));
  mm.pair_facility.resize(static_cast<size_t>(mm.pairs));
  for (int32_t i = 0; i < mm.m; ++i) mm.obj[i] = inst.fixed_cost[i];
  int64_t e = 0;
  for (int32_t j = 0; j < mm.n; ++j) {
    const auto fac = inst.cost.facilities_of(j);
    const auto cost = inst.cost.costs_of(j);
    for (size_t k = 0; k < fac.size(); ++k, ++e) {
      mm.obj[static_cast<size_t>(mm.m + e)] = cost[k];
      mm.pair_client[e] = j;
      mm.pair_facility[e] = fac[k];
    }
  }
  return mm;
}

// Rows handed to CoinPackedMatrix in one piece (appending rows one by one reallocates the whole
// matrix each time: quadratic, minutes at 250k rows): every client fully served; capacity
// sum_j d_j x_ij <= s_i y_i; strong linking x_ij <= y_i; aggregate capacity
// sum_i min(s_i, D) y_i >= D (valid, tightens the relaxation); at most K open.
void mip_rows(const FacilityInstance& inst, const CflpParams& params, MipModel& mm) {
  const double total_demand = inst.total_demand();
  const double inf = COIN_DBL_MAX;
  mm.row_index.reserve(static_cast<size_t>(4 * mm.pairs + 2 * mm.m));
  mm.row_value.reserve(static_cast<size_t>(4 * mm.pairs + 2 * mm.m));
  for (int64_t e = 0, j = 0; j < mm.n; ++j) {
    const auto len = static_cast<int64_t>(inst.cost.facilities_of(static_cast<int32_t>(j)).size());
    for (int64_t k = 0; k < len; ++k, ++e) {
      mm.row_index.push_back(static_cast<int>(mm.m + e));
      mm.row_value.push_back(1.0);
    }
    mm.end_row(1.0, 1.0);
  }
  std::vector<std::vector<int64_t>> of(static_cast<size_t>(mm.m));
  for (int64_t e = 0; e < mm.pairs; ++e) of[mm.pair_facility[e]].push_back(e);
  for (int32_t i = 0; i < mm.m; ++i) {
    if (!std::isfinite(inst.capacity[i]) || inst.capacity[i] >= total_demand) continue;
    for (int64_t e : of[i]) {
      mm.row_index.push_back(static_cast<int>(mm.m + e));
      mm.row_value.push_back(inst.demand[mm.pair_client[e]]);
    }
    mm.row_index.push_back(i);
    mm.row_value.push_back(-inst.capacity[i]);
    mm.end_row(-inf, 0.0);
  }
  for (int64_t e = 0; e < mm.pairs; ++e) {
    mm.row_index.push_back(static_cast<int>(mm.m + e));
    mm.row_value.push_back(1.0);
    mm.row_index.push_back(mm.pair_facility[e]);
    mm.row_value.push_back(-1.0);
    mm.end_row(-inf, 0.0);
  }
  for (int32_t i = 0; i < mm.m; ++i) {
    mm.row_index.push_back(i);
    mm.row_value.push_back(std::min(inst.capacity[i], total_demand));
  }
  mm.end_row(total_demand, inf);
  if (params.max_open > 0) {
    for (int32_t i = 0; i < mm.m; ++i) {
      mm.row_index.push_back(i);
      mm.row_value.push_back(1.0);
    }
    mm.end_row(-inf, params.max_open);
  }
  mm.rows = static_cast<int>(mm.row_lo.size());
}

void load_mip(const MipModel& mm, const CflpParams& params, OsiClpSolverInterface& solver) {
  const bool verbose = params.mip_log_level > 0;
  std::vector<int> row_len(static_cast<size_t>(mm.rows));
  for (int r = 0; r < mm.rows; ++r) row_len[r] = static_cast<int>(mm.row_start[r + 1] - mm.row_start[r]);
  const CoinPackedMatrix matrix(false, mm.cols, mm.rows, static_cast<CoinBigIndex>(mm.row_index.size()), mm.row_value.data(),
                                mm.row_index.data(), mm.row_start.data(), row_len.data());
  solver.loadProblem(matrix, mm.col_lo.data(), mm.col_up.data(), mm.obj.data(), mm.row_lo.data(), mm.row_up.data());
  for (int32_t i = 0; i < mm.m; ++i) solver.setInteger(i);
  if (params.single_source)
    for (int c = mm.m; c < mm.cols; ++c) solver.setInteger(c);
  solver.messageHandler()->setLogLevel(verbose ? 1 : 0);
  solver.setHintParam(OsiDoReducePrint, !verbose, OsiHintTry);
}

// The root LP under Clp's own wall-clock limit: CBC checks its limit only between phases, and
// an LP this size may take longer than the whole limit. False when it was not started (no time
// left); an error when it is infeasible.
Result<bool> root_lp(OsiClpSolverInterface& solver, const TimeLimit& limit, bool verbose, CflpMipReport& rep) {
  if (limit.limited() && limit.seconds_left() <= 0.0) {
    if (verbose) std::printf("cflp exact: no time left for the root LP\n");
    return false;
  }
  const TimeLimit lp_clock;
  ClpSimplex* clp = solver.getModelPtr();
  if (limit.limited()) clp->setMaximumWallSeconds(limit.seconds_left());
  solver.initialSolve();
  rep.root_lp_seconds = lp_clock.elapsed();
  clp->setMaximumWallSeconds(-1.0);
  if (solver.isProvenOptimal()) {
    rep.root_lp_solved = true;
    rep.root_lp_value = solver.getObjValue();
    rep.has_bound = true;
    rep.bound = rep.root_lp_value;
  } else if (solver.isProvenPrimalInfeasible()) {
    rep.status = "infeasible";
    rep.seconds = limit.elapsed();
    return error(ErrorCode::solver, "cflp exact: the LP relaxation is infeasible")
        .hint("capacities, K or candidate lists leave some demand unserved");
  }
  if (verbose)
    std::printf("cflp exact: root LP %s in %.2f s%s\n", rep.root_lp_solved ? "solved" : "NOT solved", rep.root_lp_seconds,
                rep.root_lp_solved ? (", value " + std::to_string(rep.root_lp_value)).c_str() : "");
  return true;
}

// The warm start as CBC's incumbent. Not re-checked by CBC (a primal LP with the integers
// fixed: seconds at 250k rows); evaluate() already checked it and the allocation is exact.
void pass_warm_start(const FacilityInstance& inst, const MipModel& mm, const FacilitySolution& warm, CbcModel& model) {
  std::vector<double> start(static_cast<size_t>(mm.cols), 0.0);
  for (int32_t i : warm.open) start[i] = 1.0;
  std::vector<int64_t> first(static_cast<size_t>(mm.n) + 1, 0);
  for (int32_t j = 0; j < mm.n; ++j) first[j + 1] = first[j] + static_cast<int64_t>(inst.cost.facilities_of(j).size());
  for (const auto& a : warm.allocations) {
    const auto fac = inst.cost.facilities_of(a.client);
    const auto it = std::find(fac.begin(), fac.end(), a.facility);
    start[static_cast<size_t>(mm.m + first[a.client] + (it - fac.begin()))] = a.share;
  }
  model.setBestSolution(start.data(), mm.cols, warm.objective, false);
}

// CBC's branch and bound, stopped by its -sec (wall clock) and the watch's event handler.
void run_cbc(CbcModel& model, MipWatch& watch, const CflpParams& params, const TimeLimit& limit) {
  const WatchHandler handler(&watch);
  model.passInEventHandler(&handler);
  CbcMain0(model);
  const std::string log = std::to_string(params.mip_log_level);
  std::vector<std::string> args = {"jiuyou", "-log", log, "-slog", log, "-ratio", std::to_string(params.mip_relative_gap), "-allowableGap", "1e-7"};
  if (limit.limited()) {
    args.emplace_back("-timeMode");  // wall-clock seconds, as the caller's limit means (CBC's default is CPU time)
    args.emplace_back("elapsed");
    args.emplace_back("-sec");
    args.push_back(std::to_string(std::max(0.1, limit.seconds_left())));
  }
  args.emplace_back("-solve");
  args.emplace_back("-quit");
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const auto& a : args) argv.push_back(a.c_str());
  CbcMain1(static_cast<int>(argv.size()), argv.data(), model);
}

// CBC's best solution as a FacilitySolution (the allocation re-solved exactly for its open set
// in multi-source mode: removes tolerance noise); nullopt when CBC has none.
Result<std::optional<FacilitySolution>> cbc_solution(const FacilityInstance& inst, const MipModel& mm, const CflpParams& params,
                                                      const double* best) {
  if (best == nullptr) return std::optional<FacilitySolution>{};
  std::vector<int32_t> open;
  for (int32_t i = 0; i < mm.m; ++i)
    if (best[i] > 0.5) open.push_back(i);
  if (!params.single_source) {
    auto alloc = allocate_to_open(inst, open, false);
    if (!alloc) return tl::unexpected(alloc.error());
    return std::optional<FacilitySolution>(std::move(*alloc));
  }
  FacilitySolution sol;
  sol.open = open;
  for (int64_t e = 0; e < mm.pairs; ++e)
    if (best[mm.m + e] > 0.5) sol.allocations.push_back({mm.pair_client[e], mm.pair_facility[e], 1.0});
  if (auto ok = evaluate(inst, sol); !ok) return tl::unexpected(ok.error());
  return std::optional<FacilitySolution>(std::move(sol));
}

// The report's bound, incumbent and status once CBC is done.
void settle_report(const CbcModel& model, const MipWatch& watch, const CflpParams& params, bool lp_started, bool lp_in_time, bool proven,
                   const std::optional<FacilitySolution>& found, const std::optional<FacilitySolution>& warm, CflpMipReport& rep) {
  const bool verbose = params.mip_log_level > 0;
  bool has_tree_bound = watch.has_tree_bound;
  double tree_bound = watch.tree_bound;
  // CBC's best possible after its root (the cut loop's LP value, or the tree's): its getter
  // returns the incumbent while no bound was ever set, so only a value below the incumbent
  // (and not below the root LP, which it only tightens) counts.
  if (lp_in_time) {
    const double b = model.getBestPossibleObjValue();
    const double inc = model.bestSolution() != nullptr ? model.getMinimizationObjValue() : COIN_DBL_MAX;
    if (verbose) std::printf("cflp exact: CBC best possible %.6f, incumbent %.6f\n", b, inc);
    if (b < 1e50 && b < inc - objective_tol(inc) && b >= rep.root_lp_value - 1e-6 * std::max(1.0, std::abs(rep.root_lp_value)))
      raise_bound(has_tree_bound, tree_bound, b);
  }
  if (has_tree_bound) raise_bound(rep.has_bound, rep.bound, tree_bound);
  if (found) {
    rep.has_incumbent = true;
    rep.incumbent = warm ? std::min(found->objective, warm->objective) : found->objective;
    rep.incumbent_seconds = watch.incumbents.empty() ? watch.limit->elapsed() : watch.incumbents.back().seconds;
  } else if (warm) {
    rep.has_incumbent = true;
    rep.incumbent = warm->objective;
    rep.incumbent_seconds = rep.warm_seconds;
  }
  // CBC proved optimality within its gaps; its reported best-possible value is
  // not always updated when the root or a heuristic closes the search.
  if (proven && rep.has_incumbent)
    raise_bound(rep.has_bound, rep.bound, rep.incumbent - std::max(1e-7, params.mip_relative_gap * std::abs(rep.incumbent)));
  if (rep.has_bound && rep.has_incumbent) rep.bound = std::min(rep.bound, rep.incumbent);
  rep.incumbents = watch.incumbents;
  if (proven) rep.status = "optimal";
  else if (!lp_started) rep.status = "time limit before the root LP (no CBC search, no LP bound)";
  else if (!rep.root_lp_solved) rep.status = "time limit in the root LP (no CBC search, no LP bound)";
  else if (!lp_in_time) rep.status = "time limit right after the root LP";
  else if (watch.stopped_by_clock || model.isSecondsLimitReached()) rep.status = "time limit in the search";
  else rep.status = "stopped (CBC status " + std::to_string(model.status()) + ", secondary " + std::to_string(model.secondaryStatus()) + ")";
}

// The MIP from a known solution (or none) within `limit`.
Result<FacilitySolution> exact_from(const FacilityInstance& inst, const CflpParams& params, const TimeLimit& limit, std::clock_t c0,
                                    std::optional<FacilitySolution> warm, const ProgressFn& progress, CflpMipReport& rep) {
  const bool verbose = params.mip_log_level > 0;
  auto built = mip_columns(inst);
  if (!built) return tl::unexpected(built.error());
  MipModel& mm = *built;
  mip_rows(inst, params, mm);
  OsiClpSolverInterface solver;
  load_mip(mm, params, solver);
  rep.build_seconds = limit.elapsed() - rep.warm_seconds;
  if (verbose) std::printf("cflp exact: %d rows, %d columns, %lld elements built in %.2f s\n", mm.rows, mm.cols, static_cast<long long>(mm.row_index.size()), rep.build_seconds);

  if (!report_progress(progress, 0.1, "cflp LP relaxation (Clp)")) return cancelled_error("cflp LP relaxation (Clp)");
  auto lp_started = root_lp(solver, limit, verbose, rep);
  if (!lp_started) return tl::unexpected(lp_started.error());

  MipWatch watch;
  watch.limit = &limit;
  watch.c0 = c0;
  CbcModel model(solver);
  model.setLogLevel(params.mip_log_level);
  model.messageHandler()->setLogLevel(params.mip_log_level);
  if (warm) {
    pass_warm_start(inst, mm, *warm, model);
    watch.add(warm->objective);
  }
  const bool lp_in_time = rep.root_lp_solved && !(limit.limited() && limit.seconds_left() <= 0.0);
  if (lp_in_time) {
    if (!report_progress(progress, 0.2, "cflp branch and bound (CBC)")) return cancelled_error("cflp branch and bound (CBC)");
    run_cbc(model, watch, params, limit);
  }
  rep.nodes = model.getNodeCount();
  if (lp_in_time && model.bestSolution() == nullptr && model.isProvenInfeasible()) {
    rep.status = "infeasible";
    rep.seconds = limit.elapsed();
    return error(ErrorCode::solver, "cflp exact: the model is infeasible").hint("capacities, K or candidate lists leave some demand unserved");
  }
  auto found = cbc_solution(inst, mm, params, lp_in_time ? model.bestSolution() : nullptr);
  if (!found) return tl::unexpected(found.error());
  const bool proven = lp_in_time && model.isProvenOptimal();
  settle_report(model, watch, params, *lp_started, lp_in_time, proven, *found, warm, rep);
  rep.seconds = limit.elapsed();
  rep.cpu_seconds = cpu_since(c0);

  if (!*found && !warm)
    return error(ErrorCode::solver, "cflp exact: no solution within the time limit (" + rep.status + ")").hint("raise the time limit or use the heuristic");
  // The best plan known: CBC's, or the warm start when CBC did not improve on it (time limit).
  FacilitySolution sol = !*found || (warm && warm->objective < (*found)->objective) ? *warm : std::move(**found);
  sol.method = params.single_source ? "cbc (single-source)" : "cbc";
  sol.proven_optimal = proven;
  sol.stopped_by_time_limit = !proven && limit.expired();
  sol.lower_bound = -COIN_DBL_MAX;
  if (warm) sol.lower_bound = warm->lower_bound;
  if (rep.has_bound) sol.lower_bound = std::max(sol.lower_bound, rep.bound);
  if (!std::isfinite(sol.lower_bound) || sol.lower_bound < -1e300) sol.lower_bound = 0.0;  // costs are >= 0
  sol.lower_bound = std::min(sol.lower_bound, sol.objective);
  sol.iterations = rep.nodes;
  sol.seconds = rep.seconds;
  report_progress(progress, 1.0, "cflp done");
  return sol;
}

}  // namespace

Result<FacilitySolution> solve_cflp_exact(const FacilityInstance& inst, const CflpParams& params,
                                          const ProgressFn& progress, CflpMipReport* report) {
  const TimeLimit limit(params.time_limit_s);
  const std::clock_t c0 = std::clock();
  CflpMipReport local;
  CflpMipReport& rep = report != nullptr ? *report : local;
  rep = CflpMipReport{};
  if (auto ok = validate(inst); !ok) return tl::unexpected(ok.error());
  // The heuristic first: a warm start for CBC and a check that a solution exists.
  std::optional<FacilitySolution> warm;
  if (params.mip_warm_start) {
    if (!report_progress(progress, 0.0, "cflp heuristic warm start")) return cancelled_error("cflp heuristic warm start");
    CflpParams hparams = params;
    hparams.time_limit_s = limit.limited() ? std::max(1e-9, limit.share(0.2).budget_seconds()) : 0.0;
    auto h = solve_cflp_heuristic(inst, hparams);
    if (!h) return h;
    warm = std::move(*h);
    rep.warm_seconds = limit.elapsed();
  }
  return exact_from(inst, params, limit, c0, std::move(warm), progress, rep);
}

Result<FacilitySolution> solve_cflp_exact_from(const FacilityInstance& inst, const FacilitySolution& warm, const CflpParams& params,
                                               const ProgressFn& progress, CflpMipReport* report) {
  const TimeLimit limit(params.time_limit_s);
  const std::clock_t c0 = std::clock();
  CflpMipReport local;
  CflpMipReport& rep = report != nullptr ? *report : local;
  rep = CflpMipReport{};
  if (auto ok = validate(inst); !ok) return tl::unexpected(ok.error());
  FacilitySolution w = warm;
  if (auto ok = evaluate(inst, w); !ok) return tl::unexpected(ok.error());
  return exact_from(inst, params, limit, c0, std::move(w), progress, rep);
}

}  // namespace jiuyou::plan
