#pragma once
// Internal to gis/indicators: the steps of the check (check.cpp) that the local
// re-check (recheck_local.cpp) runs again on part of the data, so that both go
// through one implementation: prepare an item, the targets' geometry, the order
// of evaluation (children first) and one cell.
#include <span>
#include <vector>

#include <tbb/task_arena.h>

#include "gis/indicators/kinds/kinds.hpp"

namespace jiuyou::indicators::engine {

// The targets as the queries need them.
struct Targets {
  std::vector<kinds::Target> geom;
  std::vector<geos::Shape> shapes;
};
Targets target_geometry(const FeatureTable& targets, tbb::task_arena& arena);

// One item: its kind's prepare_*, or unknown when its layer is missing.
Result<kinds::PreparedItem> prepare_item(const kinds::PrepareContext& ctx, const Item& item);

// Children before their parents.
std::vector<size_t> evaluation_order(const std::vector<kinds::PreparedItem>& prep);

// One cell: the kind's eval_*, then what the data could not settle. `row` is the target's row of cells.
void eval_cell(const kinds::PreparedItem& p, const RuleSet& rules, const FeatureTable& targets, const kinds::Target& g, std::span<ItemResult> row,
               ItemResult& out);

}  // namespace jiuyou::indicators::engine
