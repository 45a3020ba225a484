#pragma once
// Budgeted maximum coverage with conjunctive demands: choose projects (each
// with a cost, shared projects paid once) so that the most villages have
// every need fixed by some chosen project, within the budget. A fast greedy
// (two rules, the better kept), a valid upper bound (the LP relaxation, solved
// by CLP), the exact optimum through CBC on request, the budget–villages
// frontier, and the years (unspent money carries over).
#include <cstdint>
#include <optional>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::invest {

struct Instance {
  std::vector<double> cost;  // per project, CNY
  // per village: its needs, each the list of projects any one of which fixes it
  std::vector<std::vector<std::vector<uint32_t>>> needs;
  std::vector<double> weight;  // per village (1: villages; or poor population, households)
};

struct Selection {
  std::vector<uint8_t> chosen;   // per project
  std::vector<uint8_t> covered;  // per village: every need fixed
  double value = 0;              // sum of the covered villages' weights
  double cost = 0;
};

// The villages a set of projects covers, its value and cost.
Selection evaluate(const Instance& inst, std::vector<uint8_t> chosen);
Selection greedy(const Instance& inst, double budget);

// An upper bound on the value of any selection within the budget (LP relaxation).
Result<double> lp_bound(const Instance& inst, double budget);
// The optimum through CBC (time limit in seconds; `proven` false when it ran out).
struct Exact {
  Selection best;
  double bound = 0;
  bool proven = false;
};
Result<Exact> solve_exact(const Instance& inst, double budget, double seconds);

struct FrontierPoint {
  double budget = 0;
  double value = 0;  // the best plan found for at most this budget (monotone)
  double bound = 0;  // an upper bound for this budget
};
// `steps` + 1 budgets from 0 to the cost of fixing everything reachable.
Result<std::vector<FrontierPoint>> frontier(const Instance& inst, size_t steps);

// Years for the chosen projects: villages in order of their own cost, each
// village's projects in the earliest year whose cumulative budget (carried
// over) pays for them. years: (year, budget) in increasing year order.
struct Schedule {
  std::vector<int> project_year;  // 0: not chosen
  std::vector<int> village_year;  // 0: not covered
};
Schedule schedule(const Instance& inst, const Selection& sel, const std::vector<std::pair<int, double>>& years);

}  // namespace jiuyou::invest
