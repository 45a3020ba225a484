#pragma once
// 行政区划代码 checks: 12-digit village codes against their township and county
// prefixes, duplicates, and, when an official list is given (e.g. the NBS 2023
// 统计用区划代码), membership in it.
#include <map>
#include <string>
#include <vector>
#include <unordered_map>

#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

struct ReferenceCodes {
  std::string source;
  std::unordered_map<std::string, std::string> name_of;  // code -> official name
};

// A CSV with a header naming `code` and `name` columns (others ignored), UTF-8 or GBK.
Result<ReferenceCodes> read_reference_codes(const std::string& path);

// The counties of a project: every 6-digit `code` of a layer other than the
// villages (the county boundary layer), with its `name`: code -> name.
using CountyNames = std::map<std::string, std::string>;
CountyNames project_counties(const std::vector<FeatureTable>& layers);
CountyNames project_counties(const std::vector<const FeatureTable*>& layers);

// Appends issues for the table's `code` column (nothing if it has none). Villages
// of a county in `counties` are not another county's villages.
void check_codes(const FeatureTable& table, const ReferenceCodes* reference, IssueLog& log, const CountyNames* counties = nullptr);

}  // namespace jiuyou::io
