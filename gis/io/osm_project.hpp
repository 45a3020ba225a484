#pragma once
// The project file import-osm writes beside its GeoPackage (gis/io internal):
// every written layer, the rule set, the code list; ready for `jiuyou check`.
// A project file import-osm did not write is never replaced.
#include <string>

#include "gis/io/osm_import.hpp"
#include "gis/io/osm_read.hpp"

namespace jiuyou::io {

// Error (io) when `path` exists and its first line is not import-osm's.
Result<void> check_project_replaceable(const std::string& path);
std::string project_text(const OsmImportJob& job, const Boundary& boundary, const OsmImportSummary& sum);

}  // namespace jiuyou::io
