#pragma once
// One year of a county as `jiuyou compare` sees it: the loaded layers (villages
// and the network layers the items read) and the check of that year with its
// own rule set. Built by the application layer (gis/app/compare_job) from a
// project checked in memory or from a check result read back; everything in
// gis/compare is a pure function over these.
#include <string>
#include <unordered_map>
#include <vector>

#include "gis/io/schema.hpp"
#include "gis/indicators/check.hpp"
#include "gis/io/codes.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::compare {

// A statistics table the year's project joins onto a layer ([layers.X] join_to): the loader leaves no layer of
// it, so a field it should have given is told by the table's name, file and column (h-units4).
struct JoinedTable {
  std::string name;     // village_stats
  std::string join_to;  // villages
  std::string file;     // the table's file (村级统计.xlsx, as the project resolved it)
  std::unordered_map<std::string, std::string> columns;  // field -> the table's column for it
};

struct YearData {
  std::string label;               // "2021" (from the project name or path), shown to users
  std::string source;              // the project file or result the year came from (for messages)
  std::string project_path;        // the year's project file ("" when only a check result was found)
  Workspace ws;                    // villages + every other layer, in the comparison's metric CRS
  indicators::CheckResult result;  // the year's check, villages in ws.layer(io::target_layer) order
  io::ReferenceCodes codes;        // the year's official code list (empty when the project names none)
  bool has_features = true;        // false: only the check result was available (no feature evidence)
  std::string scenario;            // non-empty: a what-if check (check --with a plan), not the year's present state; says which
  std::unordered_map<std::string, std::string> township_names;  // code -> name from the townships layer (index_townships)
  std::unordered_map<std::string, std::unordered_map<std::string, std::string>> source_columns;  // layer -> field -> the project's column for it
  std::vector<JoinedTable> joined;  // the project's tables joined onto a layer

  [[nodiscard]] const FeatureTable& villages() const { return *ws.layer(io::target_layer); }
};

// Fills township_names from the year's townships layer (code, name), when it has one.
inline void index_townships(YearData& y) {
  const FeatureTable* t = y.ws.layer("townships");
  const Column* code = t != nullptr ? t->column("code") : nullptr;
  const Column* name = t != nullptr ? t->column("name") : nullptr;
  for (size_t r = 0; code != nullptr && name != nullptr && r < t->size(); ++r)
    if (!code->is_null(r) && !name->is_null(r)) y.township_names.emplace(code->as_text(r), name->as_text(r));
}

}  // namespace jiuyou::compare
