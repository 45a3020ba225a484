#pragma once
// Villages coloured by their transition between two years (a `jiuyou
// compare` result, layer villages_<pair> of compare.gpkg): 返贫风险 reds (the
// exit lost; an item newly failing), 改善 greens, 仍达标 pale blue, 仍未达标
// sand, 新增/撤并 blue/purple, 无法比较 grey. The class comes from the row's
// `overall` (the exit verdict's transition), `match_how` (appeared /
// disappeared) and the items' transitions.
#include <string>
#include <string_view>
#include <vector>

#include "gis/model/feature_table.hpp"
#include "src/render/style.hpp"

namespace jiuyou::render {

struct TransitionClass {
  Rgba color;
  std::string label;  // Chinese, for the legend and the viewer
  uint8_t rank = 0;   // which village a shared cell shows (style.hpp cell_rank): 返贫风险 highest, 仍达标 0
};

// `overall`: "regressed", "improved", "still_pass", "still_fail", "still_fail_worse",
// "still_fail_better", "unknown"; `match_how`: "appeared", "disappeared" or another match.
TransitionClass transition_class(std::string_view overall, std::string_view match_how);

// The class of a village (row of a villages_<pair> table): its exit verdict's
// transition when that changed, else 返贫风险/改善 when any item regressed/improved
// (the items are the columns with a `<id>_cause` beside them; a regression wins).
TransitionClass village_transition(const FeatureTable& t, size_t row);

// The classes in legend order (also the strings the viewer's font needs).
const std::vector<std::string>& transition_labels();

// "2024_2025" -> "2024→2025".
std::string pair_title(std::string_view pair);

}  // namespace jiuyou::render
