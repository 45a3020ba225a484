#pragma once
// A budget–result frontier as an inline SVG chart (no JavaScript): the plan's
// value and its upper bound against money, axes with round ticks (万元 along
// x, the value's unit up y), the knee marked, and the chosen budget marked.
// Used by invest.html; generic over what the value counts.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace jiuyou::report {

struct FrontierSample {
  double budget = 0;  // CNY
  double value = 0;   // e.g. villages exit-ready
  double bound = 0;   // an upper bound of the value at this budget
};

struct FrontierChart {
  std::vector<FrontierSample> points;  // budgets increasing
  double chosen_budget = -1;           // the plan's budget, marked when >= 0
  double chosen_value = 0;
  std::string value_label = "可出列村数（个）";
};

// The knee: the sample farthest above the straight line from the first to the
// last sample, both axes scaled to 0..1 (where more money stops buying much);
// points.size() when there are fewer than 3 samples or none lies above the line.
size_t frontier_knee(std::span<const FrontierSample> points);

// Round tick values (1, 2 or 5 × 10^k apart) from 0 up to at least `max`,
// about `count` intervals; {0, 1} when max <= 0 or not finite.
std::vector<double> nice_ticks(double max, int count);

// The value the frontier guarantees at `budget`: the best sample at or below it
// (a plan for less money is a plan for more). 0 below the first sample.
double frontier_value_at(std::span<const FrontierSample> points, double budget);

std::string frontier_svg(const FrontierChart& chart);

}  // namespace jiuyou::report
