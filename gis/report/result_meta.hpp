#pragma once
// What an output GeoPackage came from: the project file and the rule set of
// the run that wrote it, kept in a small attribute table `jiuyou_meta(key,
// value)` inside the file. The viewer and `jiuyou render` read it to open a
// result as one document: the verdicts and gaps over every layer of the
// project (see docs/viewer.md).
//
// Writer: add result_meta_table(...) to the tables given to io::write_layers
// (check_outputs.cpp, and the planners' outputs). Reader: read_result_meta.
#include <map>
#include <optional>
#include <string>

#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"

namespace jiuyou::report {

inline constexpr const char* k_result_meta_layer = "jiuyou_meta";
// Place names a check records in `extra`, so that a result read back without its
// project (moved, archived) still names the county and townships (jiuyou compare).
inline constexpr const char* k_meta_county_name = "county_name";
inline constexpr const char* k_meta_township_name = "township_name_";  // + township code

struct ResultMeta {
  std::string project_path;  // absolute path of the project file (or GeoPackage) the run loaded
  std::string rule_set;      // rule set id or path ("hubei-2017"); empty for planner outputs
  std::string kind;          // "check", "relocation", "pairing"
  std::map<std::string, std::string> extra;  // any other key (written and read back as is)
};

// The attribute table (no geometry) named k_result_meta_layer with one row per key.
// `output_dir`: where the GeoPackage goes; the project's path relative to it is
// recorded too (key project_relative), so a result moved together with its project still opens.
FeatureTable result_meta_table(const ResultMeta& meta, const std::string& output_dir = {});

// The metadata of a GeoPackage: nullopt when it has no such table (an older
// result, a user's own file). A table without key/value columns is an error
// (ErrorCode::input naming file, layer and field). project_path is resolved:
// the absolute path when that file exists, else the relative one against the
// GeoPackage's directory, else the recorded path as it was.
Result<std::optional<ResultMeta>> read_result_meta(const std::string& gpkg_path);

}  // namespace jiuyou::report
