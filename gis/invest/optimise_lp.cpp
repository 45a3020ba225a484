// The LP bound (CLP) and the exact optimum (CBC) of the budgeted coverage
// problem: the only file of gis/invest that sees COIN types.
//   max  sum_v w_v y_v
//   s.t. y_v <= sum_{j fixes need k of v} x_j   for every need k of every village v
//        sum_j c_j x_j <= budget
//        0 <= x, y <= 1   (integer for the exact optimum)
#include <CbcModel.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>

#include <algorithm>
#include <cmath>

#include "gis/invest/optimise.hpp"

namespace jiuyou::invest {
namespace {

void load(const Instance& inst, double budget, OsiClpSolverInterface& solver) {
  const int n = static_cast<int>(inst.cost.size()), m = static_cast<int>(inst.needs.size()), cols = n + m;
  CoinPackedMatrix matrix(false, 0, 0);
  matrix.setDimensions(0, cols);
  std::vector<double> row_lo, row_up;
  for (int v = 0; v < m; ++v)
    for (const auto& alts : inst.needs[static_cast<size_t>(v)]) {
      std::vector<int> idx{n + v};
      std::vector<double> val{1.0};
      std::vector<uint32_t> unique(alts.begin(), alts.end());  // a matrix row names each column once
      std::sort(unique.begin(), unique.end());
      unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
      for (const uint32_t j : unique) {
        idx.push_back(static_cast<int>(j));
        val.push_back(-1.0);
      }
      matrix.appendRow(static_cast<int>(idx.size()), idx.data(), val.data());
      row_lo.push_back(-COIN_DBL_MAX);
      row_up.push_back(0.0);
    }
  std::vector<int> idx(static_cast<size_t>(n));
  for (int j = 0; j < n; ++j) idx[static_cast<size_t>(j)] = j;
  matrix.appendRow(n, idx.data(), inst.cost.data());
  row_lo.push_back(-COIN_DBL_MAX);
  row_up.push_back(budget);
  std::vector<double> lo(static_cast<size_t>(cols), 0.0), up(static_cast<size_t>(cols), 1.0), obj(static_cast<size_t>(cols), 0.0);
  for (int v = 0; v < m; ++v) obj[static_cast<size_t>(n + v)] = -inst.weight[static_cast<size_t>(v)];  // CLP minimises
  solver.loadProblem(matrix, lo.data(), up.data(), obj.data(), row_lo.data(), row_up.data());
  solver.messageHandler()->setLogLevel(0);
  solver.setHintParam(OsiDoReducePrint, true, OsiHintTry);
}

}  // namespace

Result<double> lp_bound(const Instance& inst, double budget) {
  if (inst.needs.empty()) return 0.0;
  OsiClpSolverInterface solver;
  load(inst, budget, solver);
  solver.initialSolve();
  if (!solver.isProvenOptimal()) return error(ErrorCode::solver, "the LP relaxation of the investment plan did not solve").hint("report this with the project");
  return -solver.getObjValue() + 1e-7;
}

Result<Exact> solve_exact(const Instance& inst, double budget, double seconds) {
  Exact e;
  if (inst.needs.empty()) {
    e.best = evaluate(inst, std::vector<uint8_t>(inst.cost.size(), 0));
    e.proven = true;
    return e;
  }
  OsiClpSolverInterface solver;
  load(inst, budget, solver);
  const int n = static_cast<int>(inst.cost.size()), cols = n + static_cast<int>(inst.needs.size());
  for (int c = 0; c < cols; ++c) solver.setInteger(c);
  CbcModel model(solver);
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  model.setMaximumSeconds(seconds);
  model.setAllowableGap(1e-7);
  model.branchAndBound();
  const double* x = model.bestSolution();
  if (x == nullptr) return error(ErrorCode::solver, "CBC found no plan within the time limit").hint("raise --time-limit, or drop --exact for the heuristic with its bound");
  std::vector<uint8_t> chosen(static_cast<size_t>(n), 0);
  for (int j = 0; j < n; ++j) chosen[static_cast<size_t>(j)] = x[j] > 0.5 ? 1 : 0;
  e.best = evaluate(inst, std::move(chosen));
  e.proven = model.isProvenOptimal();
  e.bound = e.proven ? e.best.value : std::max(e.best.value, -model.getBestPossibleObjValue());
  return e;
}

}  // namespace jiuyou::invest
