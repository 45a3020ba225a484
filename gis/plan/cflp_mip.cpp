// Exact CFLP through CBC (coinor-libcbc-dev): the only file that sees COIN types.
#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "gis/plan/cflp.hpp"
#include "gis/plan/cflp_internal.hpp"

namespace jiuyou::plan {

namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

Result<FacilitySolution> solve_cflp_exact(const FacilityInstance& inst, const CflpParams& params,
                                          const ProgressFn& progress) {
  const auto t0 = Clock::now();
  if (auto ok = validate(inst); !ok) return tl::unexpected(ok.error());
  const int32_t n = inst.num_clients();
  const int32_t m = inst.num_facilities();
  const double total_demand = inst.total_demand();

  // The heuristic first: a warm start for CBC and a check that a solution exists.
  if (!report_progress(progress, 0.0, "cflp heuristic warm start")) return error(ErrorCode::solver, "cancelled");
  CflpParams hparams = params;
  hparams.time_limit_s = params.time_limit_s > 0.0 ? params.time_limit_s * 0.2 : 0.0;
  auto warm = solve_cflp_heuristic(inst, hparams);
  if (!warm) return warm;

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
  CoinPackedMatrix matrix(false, 0, 0);  // row-ordered
  matrix.setDimensions(0, cols);
  std::vector<double> row_lo;
  std::vector<double> row_up;
  auto add_row = [&](const std::vector<int>& idx, const std::vector<double>& val, double lo, double up) {
    matrix.appendRow(static_cast<int>(idx.size()), idx.data(), val.data());
    row_lo.push_back(lo);
    row_up.push_back(up);
  };
  const double inf = COIN_DBL_MAX;
  // Every client fully served.
  {
    int64_t e = 0;
    for (int32_t j = 0; j < n; ++j) {
      const auto len = static_cast<int64_t>(inst.cost.facilities_of(j).size());
      std::vector<int> idx;
      std::vector<double> val;
      for (int64_t k = 0; k < len; ++k, ++e) {
        idx.push_back(static_cast<int>(m + e));
        val.push_back(1.0);
      }
      add_row(idx, val, 1.0, 1.0);
    }
  }
  // Capacity: sum_j d_j x_ij <= s_i y_i (for finite capacities).
  {
    std::vector<std::vector<int>> idx(static_cast<size_t>(m));
    std::vector<std::vector<double>> val(static_cast<size_t>(m));
    for (int64_t e = 0; e < pairs; ++e) {
      const int32_t i = pair_facility[e];
      idx[i].push_back(static_cast<int>(m + e));
      val[i].push_back(inst.demand[pair_client[e]]);
    }
    for (int32_t i = 0; i < m; ++i) {
      if (!std::isfinite(inst.capacity[i]) || inst.capacity[i] >= total_demand) continue;
      idx[i].push_back(i);
      val[i].push_back(-inst.capacity[i]);
      add_row(idx[i], val[i], -inf, 0.0);
    }
  }
  // Strong linking: x_ij <= y_i.
  for (int64_t e = 0; e < pairs; ++e) add_row({static_cast<int>(m + e), pair_facility[e]}, {1.0, -1.0}, -inf, 0.0);
  // Aggregate capacity: sum_i min(s_i, D) y_i >= D (valid, tightens the relaxation).
  {
    std::vector<int> idx;
    std::vector<double> val;
    for (int32_t i = 0; i < m; ++i) {
      idx.push_back(i);
      val.push_back(std::min(inst.capacity[i], total_demand));
    }
    add_row(idx, val, total_demand, inf);
  }
  if (params.max_open > 0) {
    std::vector<int> idx(static_cast<size_t>(m));
    for (int32_t i = 0; i < m; ++i) idx[i] = i;
    add_row(idx, std::vector<double>(static_cast<size_t>(m), 1.0), -inf, params.max_open);
  }

  OsiClpSolverInterface solver;
  solver.loadProblem(matrix, col_lo.data(), col_up.data(), obj.data(), row_lo.data(), row_up.data());
  for (int32_t i = 0; i < m; ++i) solver.setInteger(i);
  if (params.single_source)
    for (int c = m; c < cols; ++c) solver.setInteger(c);
  solver.messageHandler()->setLogLevel(0);
  solver.setHintParam(OsiDoReducePrint, true, OsiHintTry);

  CbcModel model(solver);
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  {
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
    model.setBestSolution(start.data(), cols, warm->objective, true);
  }
  if (!report_progress(progress, 0.2, "cflp branch and bound (CBC)")) return error(ErrorCode::solver, "cancelled");
  CbcMain0(model);
  std::vector<std::string> args = {"jiuyou", "-log", "0", "-slog", "0", "-ratio",
                                   std::to_string(params.mip_relative_gap), "-allowableGap", "1e-7"};
  if (params.time_limit_s > 0.0) {
    const double left = params.time_limit_s - std::chrono::duration<double>(Clock::now() - t0).count();
    args.emplace_back("-timeMode");  // wall-clock seconds, as the caller's limit means (CBC's default is CPU time)
    args.emplace_back("elapsed");
    args.emplace_back("-sec");
    args.push_back(std::to_string(std::max(0.1, left)));
  }
  args.emplace_back("-solve");
  args.emplace_back("-quit");
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const auto& a : args) argv.push_back(a.c_str());
  CbcMain1(static_cast<int>(argv.size()), argv.data(), model);

  const double* best = model.bestSolution();
  FacilitySolution sol;
  if (best == nullptr) {
    if (model.isProvenInfeasible())
      return error(ErrorCode::solver, "cflp exact: the model is infeasible")
          .hint("capacities, K or candidate lists leave some demand unserved");
    sol = *warm;  // time limit before CBC improved on the warm start
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
    if (warm->objective < sol.objective) sol = *warm;
  }
  sol.method = params.single_source ? "cbc (single-source)" : "cbc";
  sol.proven_optimal = model.isProvenOptimal();
  const double cbc_bound = model.getBestPossibleObjValue();
  sol.lower_bound = std::max(warm->lower_bound, std::isfinite(cbc_bound) && cbc_bound < 1e50 ? cbc_bound : -inf);
  // CBC proved optimality within its gaps; its reported best-possible value is
  // not always updated when the root or a heuristic closes the search.
  if (sol.proven_optimal)
    sol.lower_bound = std::max(sol.lower_bound, sol.objective - std::max(1e-7, params.mip_relative_gap * std::abs(sol.objective)));
  sol.lower_bound = std::min(sol.lower_bound, sol.objective);
  sol.iterations = model.getNodeCount();
  sol.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  report_progress(progress, 1.0, "cflp done");
  return sol;
}

}  // namespace jiuyou::plan
