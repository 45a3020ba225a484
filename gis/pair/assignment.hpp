#pragma once
// Exact dense linear assignment: Jonker & Volgenant's shortest augmenting
// path algorithm (LAPJV: column reduction, reduction transfer, augmenting row
// reduction, then Dijkstra-like augmentation), O(n^3) worst case, integer
// costs so that the optimum is exact.
#include <cstdint>
#include <span>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::pair {

struct AssignmentResult {
  std::vector<int32_t> col_of_row;  // row i is assigned column col_of_row[i]
  int64_t cost = 0;
};

// `cost` is n×n row-major. Costs must lie in (-2^50, 2^50) so that sums of
// reduced costs cannot overflow; larger values give ErrorCode::input.
Result<AssignmentResult> solve_assignment(std::span<const int64_t> cost, size_t n);

}  // namespace jiuyou::pair
