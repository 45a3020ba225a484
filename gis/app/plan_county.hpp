#pragma once
// Which county a plan belongs to. invest.gpkg records, in its jiuyou_meta,
// the county it was made for (the 6-digit code most of its villages' codes
// start with, and the project's name) and a digest of its village codes.
// `check --with` and `render --plan` refuse a plan made for another county
// (exit 2, naming both), warn when the villages differ from the plan's, and
// warn when a planned in-village facility lies outside the village whose
// code it carries.
#include <optional>
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/workspace.hpp"
#include "gis/report/result_meta.hpp"

namespace jiuyou::app {

inline constexpr const char* k_invest_kind = "invest";
inline constexpr const char* k_meta_county_code = "county_code";
inline constexpr const char* k_meta_county_name = "county_name";
inline constexpr const char* k_meta_villages_digest = "villages_digest";

struct County {
  std::string code;    // the 6-digit prefix most village codes share; empty when the codes have none
  std::string name;    // the project's (county's) name
  std::string digest;  // of the sorted village codes: tells the same villages from another set
};

County county_of(const Workspace& ws);

// Refuses (ErrorCode::input, exit 2) a plan whose metadata names another
// county than the workspace's. A plan without metadata (an older one, a
// user's own file) passes. `warnings_zh` receives a line when the county is
// the same but its villages are not those the plan was made for.
Result<void> require_plan_of_county(const std::optional<report::ResultMeta>& meta, const std::string& plan_path, const Workspace& ws,
                                    std::vector<std::string>& warnings_zh);

// One line per planned feature with a `village_code` that lies outside the
// polygon of the village with that code (or names no village). `planned` is
// in the workspace's CRS; villages drawn as points are not tested.
std::vector<std::string> planned_outside_villages(const FeatureTable& planned, const Workspace& ws);

}  // namespace jiuyou::app
