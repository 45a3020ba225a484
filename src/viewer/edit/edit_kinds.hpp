#pragma once
// The kinds of planned feature the 规划编辑 panel draws, as data
// (data/edit/kinds.toml): the layer each goes into, its geometry, its fixed
// values and the field the planner picks (a road's surface, a facility's kind)
// from the canonical values of a vocabulary table (data/vocab/zh.toml).
#include <string>
#include <utility>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/workspace.hpp"
#include "src/viewer/edit/planned_edits.hpp"

namespace jiuyou::viewer {

struct EditKind {
  std::string label;  // 规划道路
  std::string layer;  // roads
  bool point = false;  // one click (a tower, a facility); else a line of clicked points
  std::vector<std::pair<std::string, std::string>> values;   // fixed canonical field -> value
  std::string choice;                                        // the field the planner picks ("" none)
  std::vector<std::pair<std::string, std::string>> choices;  // canonical value -> label, in the vocabulary's order
};

// Parses the kinds file (text of data/edit/kinds.toml); choices from the vocabulary `vocabulary`.
Result<std::vector<EditKind>> parse_edit_kinds(std::string_view toml_text, const std::string& source, const std::string& vocabulary = "zh");

// The shipped kinds whose layer the workspace has (cached per process after the first load).
Result<std::vector<EditKind>> edit_kinds(const Workspace& ws);

// A planned feature of `kind` through `points` with the choice `choice` (an index into kind.choices).
PlannedFeature planned_feature(const EditKind& kind, std::vector<Vec2> points, int choice);

}  // namespace jiuyou::viewer
