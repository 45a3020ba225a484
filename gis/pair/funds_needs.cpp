// Funds mode: the helped units' needs, stated or estimated (funds_needs, planner.hpp), split from
// planner.cpp along the seam between estimating needs and planning pairs (tour 12: planner.cpp was 742 lines).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "gis/pair/planner.hpp"
#include "gis/pair/planner_detail.hpp"

namespace jiuyou::pair {

using detail::code_index;
using detail::given;

namespace {

// `total` whole units shared in proportion to `weights` (largest remainders get the units left; ties by order);
// all to nobody when the weights are all zero.
std::vector<int64_t> apportion(const std::vector<double>& weights, int64_t total) {
  std::vector<int64_t> out(weights.size(), 0);
  double sum = 0;
  for (const double w : weights) sum += std::max(0.0, w);
  if (sum <= 0 || total <= 0) return out;
  std::vector<std::pair<double, size_t>> remainder;
  int64_t given_out = 0;
  for (size_t k = 0; k < weights.size(); ++k) {
    const double exact = static_cast<double>(total) * std::max(0.0, weights[k]) / sum;
    out[k] = static_cast<int64_t>(std::floor(exact));
    given_out += out[k];
    remainder.emplace_back(exact - static_cast<double>(out[k]), k);
  }
  std::stable_sort(remainder.begin(), remainder.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; given_out < total && k < remainder.size(); ++k, ++given_out) ++out[remainder[k].second];
  return out;
}

// Funds the kept existing pairs state for each helped unit, in 元; none when re-planning.
std::vector<double> stated_pair_cny(const PairProblem& p, const PairParams& params) {
  std::vector<double> out(p.units.size(), 0.0);
  if (params.replan) return out;
  const auto idx = code_index(p);
  for (const auto& e : p.existing) {
    auto it = idx.find(e.helped_code);
    if (!given(e.funds_cny_per_year) || it == idx.end()) continue;
    out[it->second] += e.funds_cny_per_year;
  }
  return out;
}

// The same in whole units (rounded up).
std::vector<int64_t> stated_pair_units(const PairProblem& p, const PairParams& params) {
  std::vector<int64_t> out;
  for (const double cny : stated_pair_cny(p, params)) out.push_back(static_cast<int64_t>(std::ceil(cny / params.funds_unit_cny - 1e-9)));
  return out;
}

// `total` units shared by weight with no share below its floor: a share short of its floor becomes the floor and
// the rest is shared again among the others. A kept pair that already carries more than a unit's share would
// otherwise leave another unit short of money that exists (晋江市's stated 2000 万 to 长汀县 against a share of 1262).
std::vector<int64_t> apportion_with_floors(const std::vector<double>& weights, const std::vector<int64_t>& floors, int64_t total) {
  std::vector<bool> at_floor(weights.size(), false);
  std::vector<int64_t> out(weights.size(), 0);
  for (size_t round = 0; round <= weights.size(); ++round) {
    std::vector<double> w;
    std::vector<size_t> free_units;
    int64_t left = total;
    for (size_t k = 0; k < weights.size(); ++k) {
      if (at_floor[k]) {
        left -= floors[k];
      } else {
        w.push_back(weights[k]);
        free_units.push_back(k);
      }
    }
    const std::vector<int64_t> shares = apportion(w, std::max<int64_t>(left, 0));
    bool raised = false;
    for (size_t j = 0; j < free_units.size(); ++j) {
      if (shares[j] >= floors[free_units[j]]) continue;
      at_floor[free_units[j]] = true;
      raised = true;
    }
    if (raised) continue;
    for (size_t k = 0; k < weights.size(); ++k) out[k] = floors[k];
    for (size_t j = 0; j < free_units.size(); ++j) out[free_units[j]] = shares[j];
    break;
  }
  return out;
}

}  // namespace

std::vector<double> funds_needs(const PairProblem& problem, const PairParams& params) {
  const size_t n = problem.units.size();
  std::vector<double> need(n, std::numeric_limits<double>::quiet_NaN());
  double stated_total = 0;
  size_t stated = 0;
  for (size_t i = 0; i < n; ++i) {
    const Unit& u = problem.units[i];
    if (u.role != Role::helped) continue;
    if (given(u.need_cny_per_year)) {
      need[i] = u.need_cny_per_year;
    } else if (given(u.income_shortfall_cny) || given(u.gap_cost_cny)) {
      need[i] = (given(u.income_shortfall_cny) ? u.income_shortfall_cny : 0.0) + (given(u.gap_cost_cny) ? u.gap_cost_cny : 0.0);
    } else {
      continue;
    }
    stated_total += need[i];
    ++stated;
  }
  const std::vector<double> index = strength_indices(problem, params);
  std::vector<size_t> estimated;
  std::vector<double> weights;
  int64_t funds_units = 0;
  for (size_t i = 0; i < n; ++i) {
    const Unit& u = problem.units[i];
    if (u.role == Role::helped && !given(need[i])) {
      estimated.push_back(i);
      weights.push_back(index[i]);
    }
    if (u.role == Role::helper && given(u.funds_cny_per_year))
      funds_units += static_cast<int64_t>(std::floor(u.funds_cny_per_year / params.funds_unit_cny + 1e-9));
  }
  if (stated > 0) {
    for (const size_t i : estimated) need[i] = stated_total / static_cast<double>(stated) * index[i];
    return need;
  }
  // No stated need at all: the helpers' funds, in the whole units they can give, shared by need index, so that the
  // shares are whole units and add up to the funds (a share of 1262.22 units rounded up nine times would exceed them).
  // A kept pair's stated funds are a floor: the unit needs at least what it already gets.
  const std::vector<int64_t> stated_units = stated_pair_units(problem, params);
  std::vector<int64_t> floors;
  for (const size_t i : estimated) floors.push_back(stated_units[i]);
  const std::vector<int64_t> shares = apportion_with_floors(weights, floors, funds_units);
  const std::vector<double> stated_cny = stated_pair_cny(problem, params);
  for (size_t k = 0; k < estimated.size(); ++k) {
    need[estimated[k]] = static_cast<double>(shares[k]) * params.funds_unit_cny;
    // A unit held at its floor needs what its kept pairs state, not that rounded up to whole units: the rounding
    // crumb (2001 against a stated 2000 in 3 万元 units) would otherwise be "needed" from a new pair (tour 12 L9).
    if (floors[k] > 0 && shares[k] == floors[k]) need[estimated[k]] = stated_cny[estimated[k]];
  }
  return need;
}

}  // namespace jiuyou::pair
