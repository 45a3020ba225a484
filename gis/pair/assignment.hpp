#pragma once
// Exact dense linear assignment: Jonker & Volgenant's shortest augmenting
// path algorithm (LAPJV: column reduction, reduction transfer, augmenting row
// reduction, then Dijkstra-like augmentation), O(n^3) worst case, integer
// costs so that the optimum is exact.
//
// The augmentation, where nearly all of the time goes on geometric costs,
// runs first on a sparse graph: each row's `candidates` columns of least
// reduced cost (Dijkstra with a heap over those arcs only). The result is then
// certified on the whole matrix: with u_i = c(i, x_i) - v_j(x_i), every
// c(i, j) - u_i - v_j must be >= 0 (LP duality: a feasible dual with equal
// objective proves the assignment optimal). Rows that break it get the
// offending columns, are freed and re-augmented, until the check passes. A
// free row that reaches no free column over its candidates gets all columns.
// Past 16 rounds the dense augmentation does it all (never seen in tests).
#include <cstdint>
#include <span>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::pair {

struct AssignmentResult {
  std::vector<int32_t> col_of_row;  // row i is assigned column col_of_row[i]
  int64_t cost = 0;
  // How it was found (for tests and benchmarks).
  int sparse_rounds = 0;        // sparse augment + whole-matrix check rounds (0: dense only)
  size_t rows_widened = 0;      // free rows that reached no free column over their candidates and got them all
  bool dense_fallback = false;  // the sparse rounds did not finish (round limit): dense augmentation
};

struct AssignmentOptions {
  size_t candidates = 16;  // columns per row in the sparse augmentation; 0 (or >= n): dense only
};

// `cost` is n×n row-major. Costs must lie in (-2^50, 2^50) so that sums of
// reduced costs cannot overflow; larger values give ErrorCode::input.
Result<AssignmentResult> solve_assignment(std::span<const int64_t> cost, size_t n, const AssignmentOptions& options = {});

}  // namespace jiuyou::pair
