#pragma once
// Reading part of a project (issue #16 item 4): the viewer's first frame needs
// only a result's villages with a few of their ~70 columns and the county
// outline; pair --key-townships needs only townships and villages. A smaller
// header than gis/io/project.hpp and load.hpp so that callers of these two
// rebuild alone.
#include <map>
#include <string>
#include <vector>

#include "gis/io/load.hpp"

namespace jiuyou::io {

// `project` with only the layers `names` says and the attribute tables joined
// onto them (join_to one of `names`); the order of the others kept.
void only_layers(Project& project, const std::vector<std::string>& names);

// The column names of the layer `spec` reads, as its source names them (before the
// field mapping), without reading a feature; errors as read_layer's opening.
Result<std::vector<std::string>> source_columns(const LayerSpec& spec);

// Layer name -> the columns to read of it (canonical names, after the layer's
// field mapping). A layer not named here is read whole.
using LayerColumns = std::map<std::string, std::vector<std::string>>;

// load_workspace, reading of each layer `columns` names only those of its
// columns (a column it names that the layer lacks is no error: the layer's
// table simply lacks it), and what the loader itself needs of it: the keys of
// its joins (both sides), the villages' code and name (their parts merged). GDAL skips the others (OGRLayer::SetIgnoredFields),
// so a 70-column layer read for 10 costs about what a 10-column one does.
// Tables (XLSX/CSV, attribute-only DBF) keep only those columns too, but GDAL
// still reads every cell of them: their rows are screened on all their cells
// (合计 rows, blank rows).
Result<Workspace> load_workspace_columns(const Project& project, const LoadOptions& options, const LayerColumns& columns);

}  // namespace jiuyou::io
