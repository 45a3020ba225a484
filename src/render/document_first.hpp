#pragma once
// The first frame before the rest of the document (issue #16 item 4): a check's
// result opens over every layer of its project, and reading them all (roads,
// water, power, the gap lines: ≈ 6 s of CPU for a province of 100 000 villages)
// came before anything was drawn. open_first_layers reads only what the viewer's
// first frame shows — the result's villages with the columns the map and the
// inspector's checklist read (first_village_columns: not the ~50 others, ≈ 3 s
// of CPU for 100 000 villages) and the project's county outline — so the window
// opens at once; the viewer reads the whole document (open_document) on a worker
// and puts it in place when ready.
#include <optional>
#include <string>
#include <vector>

#include "src/render/document.hpp"

namespace jiuyou::render {

struct FirstLayers {
  Document doc;                // the villages (first_village_columns of the result) and the light layers, in the project's metric CRS
  std::vector<std::string> later;  // the layers open_document adds (names, the project's order, then the output's)
};

// The project layers read with the villages when the project has them (light outlines).
const std::vector<std::string>& first_project_layers();

// The villages' columns the first frame reads of a check's result: code, name, township,
// county, population, the verdict columns and each item's outcome, distance and nearest
// feature — the items of `rule_set` and any column of `result_columns` (the result layer's)
// that has evidence columns beside it (<item>_note, _distance_m...). Not the items' notes nor
// the village's own attributes. nullopt (read every column) when the rule set cannot be loaded.
std::optional<std::vector<std::string>> first_village_columns(const std::string& rule_set, const std::vector<std::string>& result_columns);

// `path` (a result.gpkg or its folder) read for the first frame: its villages and the
// recorded project's first_project_layers(), with the rule set, notes and basemap
// open_document gives. nullopt when `path` is not a check result whose project can be
// read (open it whole); errors as open_document.
Result<std::optional<FirstLayers>> open_first_layers(const std::string& path, const io::LoadOptions& load = {});

}  // namespace jiuyou::render
