#pragma once
// An output folder of jiuyou (check, compare, relocate, pair, invest) stands for
// the GeoPackage it holds: the viewer and `render` open any of them, `compare`
// takes a check's folder for its result.gpkg. One resolver for both.
#include <string>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::report {

// The GeoPackages the commands write, in the order a folder is searched:
// result.gpkg, compare.gpkg, relocation.gpkg, links.gpkg, invest.gpkg.
const std::vector<std::string>& output_gpkg_names();

// `path` itself when it is no folder; else the first of `names` the folder holds,
// or an ErrorCode::io error naming the folder and what was looked for, with `hint`.
Result<std::string> gpkg_in_folder(const std::string& path, const std::vector<std::string>& names, const std::string& hint);

}  // namespace jiuyou::report
