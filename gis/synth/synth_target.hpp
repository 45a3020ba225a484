#pragma once
// Where `jiuyou synth` may write: a synthetic county replaces only a county that
// synth wrote. A folder holding a county's own files under the same names
// (project.toml, county.gpkg, dem.tif, the raw shapefiles) is refused, so a
// mistyped --out never overwrites a planner's data.
#include <string>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::synth {

// OK when DIR is missing, holds none of `names` (a .shp name covers its
// sidecars), or its project.toml says it was written by jiuyou synth.
Result<void> refuse_replacing_foreign_county(const std::string& dir, const std::vector<std::string>& names);

}  // namespace jiuyou::synth
