#pragma once
// The numerical tolerances of the location solvers, named once.
#include <algorithm>
#include <cmath>

namespace jiuyou::plan {

// Absolute: a load within this much (in demand units) of a capacity fits, a total
// capacity within it of the demand covers it, two costs within it are tied.
inline constexpr double k_feasibility_tol = 1e-9;
// A Lagrangian bound of an instance with integral costs this close below an
// integer rounds up to it (the optimum is an integer).
inline constexpr double k_integral_bound_tol = 1e-6;
// Objective values within this share of each other are equal (with 1 as the
// scale for small values): a move improves only by more, a bound proves optimal
// when it is within it of the objective.
inline constexpr double k_relative_tol = 1e-9;

// The absolute tolerance for comparing objective values of the size of `value`.
inline double objective_tol(double value) { return k_relative_tol * std::max(1.0, std::abs(value)); }
// `candidate` is better than `current` by more than the tolerance.
inline bool improves(double candidate, double current) { return candidate < current - objective_tol(current); }
// `load` fits within `capacity`.
inline bool fits(double load, double capacity) { return load <= capacity + k_feasibility_tol; }

}  // namespace jiuyou::plan
